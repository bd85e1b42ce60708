"""What if… a head is ablated: its output z set to zero, and what changes downstream."""
from __future__ import annotations

import streamlit as st

from explorer import figures
from explorer.figures import labs as figures_labs
from explorer.analysis import formatting
from explorer.ui import state
from explorer.ui.selection import clamp_index
from explorer.i18n import t
from explorer.ui.widgets import chart
from gpt_core.capture import Interventions
from gpt_core.interp import attention_math

from .common import caption, compare_view, md


def render(ctx) -> None:
    cfg, ids = ctx.config, list(ctx.prepared.ids)
    T, L, nh = len(ids), cfg.n_layer, cfg.n_head
    base = ctx.analysis()
    gqa = t("what_if.heads.gqa", nkv=cfg.kv_heads, g=nh // cfg.kv_heads) if cfg.kv_heads != nh else ""
    md(t("what_if.heads.intro", L=L, nh=nh, hs=cfg.head_size, C=cfg.n_embd, gqa=gqa))
    options = [f"L{l}H{h}" for l in range(L) for h in range(nh)]
    default = f"L{clamp_index(state.get('layer'), L)}H{clamp_index(state.get('head'), nh)}"
    chosen = st.multiselect(t("what_if.heads.pick"), options, default=[default], key="what_if_heads")
    if not chosen:
        st.info(t("what_if.heads.none"))
    else:
        heads = formatting.parse_head_labels(chosen)
        after = ctx.analysis(Interventions(ablate_heads=heads))
        compare_view(ctx, after.logits, "what_if_heads", t("what_if.heads.after", heads=", ".join(chosen)))
        change = attention_math.z_change_by_head(base.acts, after.acts, L)  # [L, nh]
        fig = figures_labs.retitle(
            figures.head_score_heatmap(change, zmax=max(float(change.max()), 1e-9)),
            t("what_if.heads.z_title", L=L, nh=nh), t("what_if.head_axis"), t("what_if.layer_axis"))
        chart(fig, "what_if_heads_z", {"heads": chosen, "max |dz| [L, nh]": change}, "ablation_z_change")
        first = min(layer for layer, _ in heads)
        caption(t("what_if.heads.z_caption", L=L, nh=nh, T=T, hs=cfg.head_size, first=first))
