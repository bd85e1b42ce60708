"""The layer × head grid of patterns (click a head to open it), and the pointer to the induction model."""
from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from explorer.ui import state
from explorer.ui.selection import selected_head
from explorer.figures.attention import clickable_attention_grid
from explorer.i18n import t
from explorer.models import shipped_models
from explorer.ui.sidebar import select_model
from explorer.ui.widgets import chart

from .view import AttentionView

INDUCTION_MODEL_FILE = "induction_2layer.safetensors"  # shipped; its heads are cleanly previous-token / induction


def _on_grid_select(chart_key: str, L: int, nh: int) -> None:
    choice = selected_head(st.session_state.get(chart_key), L, nh)
    if choice is not None:
        state.put("layer", choice[0])
        state.put("head", choice[1])


def render(view: AttentionView) -> None:
    ctx, patterns, labels = view.ctx, view.patterns, view.labels
    L, nh, T = view.shape
    entropy = view.table["entropy"].to_numpy().reshape(L, nh)
    hover_notes = [[t("attention.hover_note", entropy=entropy[l, h],
                      role=t("attention.role_sep", role=view.role_labels[l][h]) if view.role_labels else "")
                    for h in range(nh)] for l in range(L)]
    st.subheader(t("attention.grid_header"))
    grid_key = f"attention_grid_{view.layer}_{view.head}"  # a fresh key per chosen head: a re-click registers
    # 4 decimals are plenty for small maps and halve the chart JSON (exact values: the large view)
    grid = clickable_attention_grid(np.round(patterns, 4), labels=view.role_labels, hover_notes=hover_notes,
                                    selected=(view.layer, view.head))
    grid.update_layout(title_text=t("attention.grid_title", L=L, nh=nh, T=T))
    chart(grid, key=grid_key, data={"tokens": labels, "pattern [L, nh, T, T]": np.round(patterns, 6)},
          file_stem="attention_patterns", on_select=partial(_on_grid_select, grid_key, L, nh),
          selection_mode="points")
    st.caption(t("attention.grid_caption", L=L, nh=nh, T=T))
    induction = next((e for e in shipped_models() if e.path.name == INDUCTION_MODEL_FILE), None)
    n_mixed = sum(row.count("mixed") for row in view.scores.labels()) if view.scores is not None else 0
    if induction is not None and ctx.model_key != induction.key and 2 * n_mixed > L * nh:
        st.markdown(t("attention.induction_tip", mixed=n_mixed, n=L * nh, label=induction.label))
        st.button(t("attention.induction_switch", label=induction.label), key="attention_induction_switch",
                  on_click=select_model, args=(induction.key,), icon="🔁")
