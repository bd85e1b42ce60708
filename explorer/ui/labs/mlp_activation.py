"""The MLP lab's second half: the model's own activation function over a layer's real pre-activations (SwiGLU:
the SiLU its gate goes through), what it does to negative inputs in every layer, and why the MLP is this wide."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.analysis.family import activation_formula, activation_name
from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.widgets import chart
from gpt_core.interp import mlp

from .common import md


def compared(activation: str) -> str:
    """The curve drawn next to ReLU: the model's own activation, or GELU for a ReLU model."""
    return "gelu" if activation == "relu" else activation


def render(ctx, analysis, layer: int) -> None:
    cfg, T = ctx.config, len(ctx.prepared.ids)
    L, C, H = cfg.n_layer, cfg.n_embd, cfg.mlp_hidden_size
    own, other = cfg.activation, compared(cfg.activation)
    gated = own == "swiglu"
    pre = analysis.block(layer, "mlp.hook_pre")  # [T, H]: what the non-linearity reads (SwiGLU: the gate)
    st.subheader(t("labs.mlp.act_header_swiglu" if gated else "labs.mlp.act_header"))
    x = np.linspace(-4, 4, 161)
    relu, curve = mlp.activation("relu", x), mlp.activation(other, x)
    fig = figures_labs.activation_figure(x, relu, curve, pre, {
        "title": t("labs.mlp.act_title", layer=layer, T=T, H=H), "x": t("labs.mlp.act_x"),
        "y": t("labs.mlp.act_y"), "hist_y": t("labs.mlp.act_hist_y"), "relu": activation_formula("relu"),
        "gelu": activation_formula(other),
        "hist": t("labs.mlp.act_hist_gate" if gated else "labs.mlp.act_hist", layer=layer)})
    chart(fig, "labs_activation", {"x": x, "relu": relu, other: curve}, f"relu_{other}")
    shares = [mlp.negative_share(analysis.block(l, "mlp.hook_pre"), other) for l in range(L)]
    share = shares[layer]
    short = t("family.act.silu") if gated else t("family.act.gelu")  # the curve the statistics are of
    md(t(f"labs.mlp.act_text_{own}", act=activation_name(own), layer=layer, neg=share["negative"],
         deep=share["below_minus_3"], mean=share["act_neg_mean"], lo=share["act_neg_min"], at3=share["at_minus_3"]))
    st.dataframe(pd.DataFrame({
        t("labs.mlp.col_layer"): [f"L{l}" for l in range(L)],
        t("labs.mlp.col_negative"): [f"{s['negative']:.1%}" for s in shares],
        t("labs.mlp.col_deep", act=short, at3=share["at_minus_3"]): [f"{s['below_minus_3']:.1%}" for s in shares],
        t("labs.mlp.col_act_mean", act=short): [f"{s['act_neg_mean']:.3f}" for s in shares]}), hide_index=True)
    if gated:
        md(t("labs.mlp.why_swiglu", r=f"{H / C:.3g}", H=H, C=C, weights=3 * C * H, four=8 * C * C))
    elif H == 4 * C:
        md(t("labs.mlp.why"))
    else:
        md(t("labs.mlp.why_other", r=f"{H / C:.3g}", H=H, C=C))
