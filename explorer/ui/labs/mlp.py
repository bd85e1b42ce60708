"""Lab: the MLP — hidden activations, the busiest neurons, what ReLU and GELU do to negative inputs."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer import figures
from explorer.figures import labs as figures_labs
from explorer.i18n import current_language, t
from explorer.ui.widgets import chart
from gpt_core.interp import mlp

from .common import caption, layer_head, md

MAX_NEURONS = 1024  # MLP hidden units drawn in the heatmap


def render(ctx) -> None:
    LANG = current_language()  # bound now: Streamlit may call a format_func after the run
    cfg, labels, ids = ctx.config, ctx.labels, list(ctx.prepared.ids)
    T, L, C = len(ids), cfg.n_layer, cfg.n_embd
    analysis = ctx.analysis()
    hidden = cfg.mlp_ratio * C
    act = cfg.activation.upper()
    md(t("labs.mlp.intro", C=C, H=hidden, r=cfg.mlp_ratio, act=act, T=T))
    layer, _ = layer_head(ctx, "labs_mlp", st, with_head=False)
    which = st.radio(t("labs.mlp.show"), ["post", "pre"], format_func=lambda w: t(f"labs.mlp.show_{w}", LANG, act=act),
                     horizontal=True, key="labs_mlp_which")
    pre = analysis.block(layer, "mlp.hook_pre")  # [T, 4C]
    post = analysis.block(layer, "mlp.hook_post")  # [T, 4C]
    st.code(t("labs.mlp.shapes", T=T, C=C, H=hidden, act=act, layer=layer), language=None)
    values = post if which == "post" else pre
    n_show = min(hidden, MAX_NEURONS)
    fig = figures.matrix_heatmap(values[:, :n_show], [str(n) for n in range(n_show)], labels, zmid=0.0,
                                 title=t(f"labs.mlp.heat_title_{which}", layer=layer, T=T, H=hidden),
                                 x_title=t("labs.mlp.axis_neuron"), y_title=t("labs.mlp.axis_token"))
    fig = figures_labs.compact_heatmap(fig, "t=%{y}, #%{x}: %{z:.3f}<extra></extra>")
    chart(fig, "labs_mlp_heatmap", {"tokens": labels, f"mlp.hook_{which} [T, 4C]": values},
          f"mlp_{which}_L{layer}")
    caption(t(f"labs.mlp.heat_caption_{which}", layer=layer, T=T, H=hidden, shown=n_show))

    md(t("labs.mlp.top_header"))
    top_ids, top_values = mlp.top_neurons(post, k=3)
    top_table = pd.DataFrame({
        t("labs.mlp.col_position"): range(T), t("labs.mlp.col_token"): labels,
        **{t("labs.mlp.col_rank", rank=r + 1): [f"#{int(n)} ({v:.2f})" for n, v in zip(top_ids[:, r], top_values[:, r])]
           for r in range(top_ids.shape[1])}})
    st.dataframe(top_table, hide_index=True, height=min(400, 38 + 35 * T))
    counts = pd.Series(top_ids[:, 0]).value_counts()
    caption(t("labs.mlp.top_caption", layer=layer, distinct=len(counts), T=T, busiest=int(counts.index[0]),
                 times=int(counts.iloc[0])))

    st.subheader(t("labs.mlp.act_header"))
    x = np.linspace(-4, 4, 161)
    fig = figures_labs.activation_figure(x, mlp.activation("relu", x), mlp.activation("gelu", x), pre, {
        "title": t("labs.mlp.act_title", layer=layer, T=T, H=hidden), "x": t("labs.mlp.act_x"),
        "y": t("labs.mlp.act_y"), "hist_y": t("labs.mlp.act_hist_y"), "relu": "ReLU(x) = max(0, x)",
        "gelu": "GELU(x) = x·Φ(x)", "hist": t("labs.mlp.act_hist", layer=layer)})
    chart(fig, "labs_activation", {"x": x, "relu": mlp.activation("relu", x), "gelu": mlp.activation("gelu", x)}, "relu_gelu")
    shares = [mlp.negative_share(analysis.block(l, "mlp.hook_pre")) for l in range(L)]
    share = shares[layer]
    md(t("labs.mlp.act_text", act=act, layer=layer, neg=share["negative"], deep=share["below_minus_3"],
                  mean=share["gelu_neg_mean"], lo=share["gelu_neg_min"]))
    st.dataframe(pd.DataFrame({
        t("labs.mlp.col_layer"): [f"L{l}" for l in range(L)],
        t("labs.mlp.col_negative"): [f"{s['negative']:.1%}" for s in shares],
        t("labs.mlp.col_deep"): [f"{s['below_minus_3']:.1%}" for s in shares],
        t("labs.mlp.col_gelu_mean"): [f"{s['gelu_neg_mean']:.3f}" for s in shares]}), hide_index=True)
    md(t("labs.mlp.why"))
