"""Live answers about the input and the output: same-length texts share position vectors (question 4); the
unembedding, its shape and its tie to the embedding (question 12)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.analysis.text_prep import prepare_input
from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.labs.common import md
from explorer.ui.widgets import chart
from gpt_core.interp.same_length import same_length_pair
from gpt_core.interp.unembedding import unembedding_view

OTHER_TEXT = "Now is the winter of our discontent, made glorious summer by this sun of York; and all the clouds"


def render_same_length(ctx) -> None:
    md(t("learn.same.intro"))
    other = st.text_input(t("learn.same.other"), OTHER_TEXT, key="learn_same_text", max_chars=400)
    prepared = prepare_input(ctx.tokenizer, other, ctx.config.block_size, "skip")
    if prepared.empty:
        st.warning(t("learn.cross.empty"))
        return
    out = same_length_pair(ctx.ckpt.model, list(ctx.prepared.ids), list(prepared.ids))
    if not out["additive_positions"]:
        st.info(t("learn.same.rope"))
    T = out["T"]
    series = {t("learn.same.pos"): out["pos_cos"], t("learn.same.tok"): out["tok_cos"],
              t("learn.same.input"): out["input_cos"]}
    fig = figures_labs.line_chart(list(range(T)), series, t("learn.same.title", T=T), t("learn.same.x"),
                                  t("learn.same.y"))
    chart(fig, "learn_same", pd.DataFrame({"position": range(T), "pos": out["pos_cos"], "tok": out["tok_cos"],
                                           "input": out["input_cos"]}))
    stages = [t("learn.same.stage_input")] + [f"L{i}" for i in range(ctx.config.n_layer)]
    fig = figures_labs.line_chart(list(range(len(stages))), {t("learn.same.series_stage"): out["stage_cos"]},
                                  t("learn.same.stage_title"), t("learn.same.stage_x"), t("learn.same.y"),
                                  x_labels=stages)
    chart(fig, "learn_same_stages")
    st.markdown(t("learn.same.result", T=T, tok=float(out["tok_cos"].mean()), last=float(out["stage_cos"][-1])))


def render_unembedding(ctx) -> None:
    out = unembedding_view(ctx.ckpt.model, list(ctx.prepared.ids))
    md(t("learn.unembed.intro", V=out["V"], C=out["C"], T=len(ctx.prepared.ids), total=out["prob_sum"]))
    tokens = [ctx.tokenizer.decode([i]) for i in out["top_ids"]]
    fig = figures_labs.vector_bars(out["top_probs"], t("learn.unembed.title"), t("learn.unembed.x"),
                                   t("learn.unembed.y"), tick_labels=[repr(s)[1:-1] for s in tokens], signed=False)
    chart(fig, "learn_unembed", pd.DataFrame({"token": tokens, "probability": out["top_probs"]}))
    if out["tied"]:
        st.success(t("learn.unembed.tied", saved=out["saved_params"], diff=out["dot_check"]))
    else:
        st.info(t("learn.unembed.untied", V=out["V"], C=out["C"]))
