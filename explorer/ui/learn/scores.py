"""Live answers about the attention scores: the content/position terms (question 20), one matrix vs two and the
symmetric version (17), why not learn the scores directly (16), why q and k are smaller (11)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures import canvas
from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.labs.common import caption, layer_head, md
from explorer.ui.widgets import chart
from gpt_core.interp.score_terms import (
    TERMS,
    content_dependence,
    one_matrix_scores,
    qk_rank,
    score_terms,
)


def render_terms(ctx) -> None:
    """Question 20: (X+P) W_q W_kᵀ (X+P)ᵀ on the text, layer 0, as heatmaps that add up to the scores."""
    ids, labels = list(ctx.prepared.ids), ctx.labels
    _, head = layer_head(ctx, "learn_terms", st)
    out = score_terms(ctx.ckpt.model, ids, head)
    if out["kind"] == "additive":
        md(t("learn.terms.additive"))
        parts = list(TERMS)
    elif out["kind"] == "rope":
        st.info(t("learn.terms.rope"))
        parts = ["content", "rotation"]
    else:
        st.info(t("learn.terms.none"))
        parts = ["content"]
    cols = st.columns(3)
    shown = [*parts, "scores"]
    for n, name in enumerate(shown):
        with cols[n % 3]:
            shown_part = _causal(out[name])  # [T, T]
            canvas_chart(canvas.score_map(shown_part, labels, title=t(f"learn.terms.{name}", head=head)),
                         f"learn_terms_{name}", data={"tokens": labels, f"{name} [T, T]": shown_part})
    share = {name: float(np.abs(np.tril(out[name])).sum()) for name in parts}
    total = sum(share.values()) or 1.0
    st.dataframe(pd.DataFrame({t("learn.terms.col_term"): [t(f"learn.terms.{n}", head=head) for n in parts],
                               t("learn.terms.col_share"): [f"{share[n] / total:.0%}" for n in parts]}),
                 hide_index=True)
    (st.success if out["max_abs_diff"] < 1e-3 else st.warning)(t("learn.terms.check", diff=out["max_abs_diff"]))


def _causal(m: np.ndarray) -> np.ndarray:
    """A [T, T] map with the future (j > i) NaN: those cells draw grey, as the mask leaves them."""
    return np.where(np.tril(np.ones_like(m)) > 0, m, np.nan)


def _pattern_row(out: dict, labels, key: str) -> None:
    cols = st.columns(3)
    for col, name in zip(cols, ("scores", "one_matrix", "symmetric")):
        with col:
            pattern = out["patterns"][name]  # [T, T]
            canvas_chart(canvas.attention_map(pattern, labels, title=t(f"learn.one.{name}")), f"{key}_{name}",
                         data={"tokens": labels, f"{name} pattern [T, T]": pattern})
            s = out["shares"][name]
            caption(t("learn.one.shares", self=s["self"], prev=s["previous"]))


def render_one_matrix(ctx) -> None:
    """Question 17: the head's real pattern, the same from one matrix W = W_q W_kᵀ, and from a symmetric W Wᵀ."""
    layer, head = layer_head(ctx, "learn_one", st)
    out = one_matrix_scores(ctx.ckpt.model, list(ctx.prepared.ids), layer, head)
    md(t("learn.one.intro", C=ctx.config.n_embd, hs=ctx.config.head_size, two=out["params_two"],
         one=out["params_one"]))
    if ctx.config.pos_encoding == "rope":
        st.info(t("learn.one.rope"))
    _pattern_row(out, ctx.labels, "learn_one")
    st.markdown(t("learn.one.result", diff=out["max_abs_diff"], asym=out["asymmetry"]))


def render_content(ctx) -> None:
    """Question 16: a learned score matrix would be the same for every text; the model's q·k follows the content."""
    layer, head = layer_head(ctx, "learn_content", st)
    seed = int(st.number_input(t("learn.content.seed"), 0, 1000, 0, key="learn_content_seed"))
    ids = list(ctx.prepared.ids)
    if len(ids) < 3:
        st.info(t("learn.need_tokens", n=3))
        return
    out = content_dependence(ctx.ckpt.model, ids, layer, head, seed)
    md(t("learn.content.intro"))
    tok = ctx.tokenizer
    shuffled_labels = [tok.decode([i]) for i in out["shuffled_ids"]]
    left, right = st.columns(2)
    yours, shuffled = _causal(out["scores"]), _causal(out["shuffled_scores"])  # [T, T] each
    with left:
        canvas_chart(canvas.score_map(yours, ctx.labels, title=t("learn.content.yours")), "learn_content_a",
                     data={"tokens": ctx.labels, "scores [T, T]": yours})
    with right:
        canvas_chart(canvas.score_map(shuffled, shuffled_labels, title=t("learn.content.shuffled")),
                     "learn_content_b", data={"tokens": shuffled_labels, "shuffled scores [T, T]": shuffled})
    st.markdown(t("learn.content.result", change=out["relative_change"]))


def render_rank(ctx) -> None:
    """Question 11: W_q W_kᵀ is a C x C matrix of rank at most hs."""
    layer, head = layer_head(ctx, "learn_rank", st)
    out = qk_rank(ctx.ckpt.model, layer, head)
    md(t("learn.rank.intro", C=out["C"], hs=out["hs"], rank=out["rank"], full=out["C"] ** 2,
         thin=2 * out["C"] * out["hs"]))
    sv = out["singular_values"]
    fig = figures_labs.line_chart(list(range(1, len(sv) + 1)), {t("learn.rank.series"): sv},
                                  t("learn.rank.title", layer=layer, head=head, C=out["C"]), t("learn.rank.x"),
                                  t("learn.rank.y"), log_y=True)
    chart(fig, "learn_rank", pd.DataFrame({"index": np.arange(1, len(sv) + 1), "singular value": sv}))
