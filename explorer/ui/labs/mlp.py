"""Lab: the MLP — hidden activations (SwiGLU: gate, up and their product), the busiest neurons; the activation
function itself is explorer/ui/labs/mlp_activation.py."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.analysis.family import activation_name
from explorer.figures import canvas
from explorer.i18n import current_language, t
from explorer.ui.canvas_chart import canvas_chart
from gpt_core.interp import mlp

from . import mlp_activation
from .common import caption, layer_head, md

MAX_NEURONS = 1024  # MLP hidden units drawn in the heatmap
ROW_PX = 5  # a token's row height in css px: H columns share the chart's width, so cells are taller than wide
HOOKS = {"post": "mlp.hook_post", "pre": "mlp.hook_pre", "up": "mlp.hook_pre_linear"}  # up: SwiGLU only


def render(ctx) -> None:
    LANG = current_language()  # bound now: Streamlit may call a format_func after the run
    cfg, labels, ids = ctx.config, ctx.labels, list(ctx.prepared.ids)
    T, C, H = len(ids), cfg.n_embd, cfg.mlp_hidden_size
    gated = cfg.activation == "swiglu"
    family = "swiglu_" if gated else ""  # catalogue prefix of the SwiGLU variants
    analysis = ctx.analysis()
    act = activation_name(cfg.activation)
    ratio = f"{H / C:.3g}"
    md(t(f"labs.mlp.intro{'_swiglu' if gated else ''}", C=C, H=H, r=ratio, act=act, T=T))
    layer, _ = layer_head(ctx, "labs_mlp", st, with_head=False)
    shown_hooks = ["post", "pre", "up"] if gated else ["post", "pre"]
    if st.session_state.get("labs_mlp_which") not in shown_hooks:  # a choice left over from the other family
        st.session_state.pop("labs_mlp_which", None)
    which = st.radio(t("labs.mlp.show"), shown_hooks, format_func=lambda w: t(f"labs.mlp.show_{family}{w}", LANG, act=act),
                     horizontal=True, key="labs_mlp_which")
    values_of = {name: analysis.block(layer, hook) for name, hook in HOOKS.items() if name in shown_hooks}  # [T, H]
    bias = t("labs.mlp.plus_bias") if cfg.has_mlp_bias else ""
    st.code(t(f"labs.mlp.shapes{'_swiglu' if gated else ''}", T=T, C=C, H=H, act=act, layer=layer, b=bias),
            language=None)
    values = values_of[which]  # [T, H]
    n_show = min(H, MAX_NEURONS)
    spec = canvas.matrix_map(values[:, :n_show], x_labels=[str(n) for n in range(n_show)], y_labels=labels,
                             title=t(f"labs.mlp.heat_title_{family}{which}", layer=layer, T=T, H=H),
                             x_title=t("labs.mlp.axis_neuron"), y_title=t("labs.mlp.axis_token"), max_cell_px=14,
                             aspect=max(1.0, min(12.0, ROW_PX * n_show / canvas.MAX_WIDTH)))
    canvas_chart(spec, "labs_mlp_heatmap", {"tokens": labels, f"{HOOKS[which]} [T, H]": values}, f"mlp_{which}_L{layer}")
    caption(t(f"labs.mlp.heat_caption_{family}{which}", layer=layer, T=T, H=H, shown=n_show))
    if gated:
        parts = mlp.swiglu_parts(values_of["pre"], values_of["up"], values_of["post"])
        md(t("labs.mlp.swiglu_check", layer=layer, diff=parts["max_diff"], closed=parts["closed"],
             flipped=parts["flipped"]))

    md(t(f"labs.mlp.top_header{'_swiglu' if gated else ''}"))
    top_ids, top_values = mlp.top_neurons(values_of["post"], k=3)
    top_table = pd.DataFrame({
        t("labs.mlp.col_position"): range(T), t("labs.mlp.col_token"): labels,
        **{t("labs.mlp.col_rank", rank=r + 1): [f"#{int(n)} ({v:.2f})" for n, v in zip(top_ids[:, r], top_values[:, r])]
           for r in range(top_ids.shape[1])}})
    st.dataframe(top_table, hide_index=True, height=min(400, 38 + 35 * T))
    counts = pd.Series(top_ids[:, 0]).value_counts()
    caption(t("labs.mlp.top_caption", layer=layer, distinct=len(counts), T=T, busiest=int(counts.index[0]),
              times=int(counts.iloc[0])))
    mlp_activation.render(ctx, analysis, layer)
