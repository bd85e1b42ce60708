"""The block itself: encoder, decoder and decoder-only side by side with this model's highlighted (question 5);
residual connections and norms taken out one at a time (question 21)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.analysis.family import activation_name, norm_name
from explorer.figures import labs as figures_labs
from explorer.figures.learn import block_layouts
from explorer.i18n import t
from explorer.ui.labs.common import md
from explorer.ui.widgets import chart
from gpt_core.interp.ablation import ABLATIONS, ablate


def render_architecture(ctx) -> None:
    cfg = ctx.config
    norm, act = norm_name(cfg), activation_name(cfg.activation)
    pos = t(f"learn.arch.pos.{cfg.pos_encoding}")
    columns = [
        (t("learn.arch.encoder"), [t("learn.arch.embed"), t("learn.arch.self"), t("learn.arch.ffn")]),
        (t("learn.arch.decoder"), [t("learn.arch.embed"), t("learn.arch.masked"), t("learn.arch.cross"),
                                   t("learn.arch.ffn")]),
        (t("learn.arch.this"), [t("learn.arch.embed_this", pos=pos), t("learn.arch.masked_this", norm=norm),
                                t("learn.arch.ffn_this", norm=norm, act=act), t("learn.arch.head")]),
    ]
    repeat = [t("learn.arch.times", n="N"), t("learn.arch.times", n="N"), t("learn.arch.times", n=cfg.n_layer)]
    st.plotly_chart(block_layouts(columns, 2, t("learn.arch.title"), repeat), key="learn_arch", theme=None)
    md(t("learn.arch.explain", L=cfg.n_layer, nh=cfg.n_head, C=cfg.n_embd))


def render_ablation(ctx) -> None:
    md(t("learn.ablate.intro"))
    ids = list(ctx.prepared.ids)
    if len(ids) < 2:
        st.info(t("learn.need_tokens", n=2))
        return
    left, right = st.columns(2)
    kind = left.selectbox(t("learn.ablate.what"), list(ABLATIONS[1:]), format_func=lambda k: t(f"learn.ablate.{k}"),
                          key="learn_ablate_kind")
    layer = right.selectbox(t("labs.layer"), list(range(ctx.config.n_layer)), format_func=lambda v: f"L{v}",
                            key="learn_ablate_layer", disabled=kind == "ln_f")
    model = ctx.ckpt.model
    base, cut = ablate(model, ids, "none"), ablate(model, ids, kind, layer)
    cols = st.columns(2)
    cols[0].metric(t("learn.ablate.loss_before"), f"{base['loss']:.3f}")
    cols[1].metric(t("learn.ablate.loss_after"), f"{cut['loss']:.3f}", delta=f"{cut['loss'] - base['loss']:+.3f}",
                   delta_color="inverse")
    stages = list(range(ctx.config.n_layer))
    fig = figures_labs.line_chart(stages, {t("learn.ablate.series_before"): base["resid_norm"],
                                           t("learn.ablate.series_after"): cut["resid_norm"]},
                                  t("learn.ablate.norm_title"), t("labs.layer"), t("learn.ablate.norm_y"), log_y=True)
    chart(fig, "learn_ablate_norms", pd.DataFrame({"layer": stages, "before": base["resid_norm"],
                                                   "after": cut["resid_norm"]}))
    st.markdown(t(f"learn.ablate.why.{'residual' if 'residual' in kind else 'norm'}"))
