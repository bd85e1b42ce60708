"""The layer × head grid of patterns (click a head to open it), and the pointer to the induction model."""
from __future__ import annotations

import numpy as np
import streamlit as st

from explorer.figures.canvas import grid_spec
from explorer.i18n import t
from explorer.models import shipped_models
from explorer.ui import state
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.selection import clamp_index
from explorer.ui.sidebar import select_model

from .view import AttentionView

INDUCTION_MODEL_FILE = "induction_2layer.safetensors"  # shipped; its heads are cleanly previous-token / induction


def _on_grid_select(picked: dict, L: int, nh: int) -> None:
    block = picked.get("block")
    if isinstance(block, list) and len(block) == 2:
        state.put("layer", clamp_index(block[0], L))
        state.put("head", clamp_index(block[1], nh))


def render(view: AttentionView) -> None:
    ctx, patterns, labels = view.ctx, view.patterns, view.labels
    L, nh, T = view.shape
    entropy = view.table["entropy"].to_numpy().reshape(L, nh)
    hover_notes = [[t("attention.hover_note", entropy=entropy[l, h],
                      role=t("attention.role_sep", role=view.role_labels[l][h]) if view.role_labels else "")
                    for h in range(nh)] for l in range(L)]
    st.subheader(t("attention.grid_header"))
    block_titles = [[(f"L{l} H{h}", view.role_labels[l][h] if view.role_labels else "") for h in range(nh)]
                    for l in range(L)]
    spec = grid_spec(patterns, title=t("attention.grid_title", L=L, nh=nh, T=T), labels=labels,
                     block_titles=block_titles, block_notes=hover_notes, selected_block=(view.layer, view.head),
                     file_stem="attention_patterns", colorbar=t("figure_terms.weight"))
    canvas_chart(spec, key="attention_grid", data={"tokens": labels, "pattern [L, nh, T, T]": np.round(patterns, 6)},
                 file_stem="attention_patterns", on_select=lambda picked: _on_grid_select(picked, L, nh))
    st.caption(t("attention.grid_caption", L=L, nh=nh, T=T))
    induction = next((e for e in shipped_models() if e.path.name == INDUCTION_MODEL_FILE), None)
    n_mixed = sum(row.count("mixed") for row in view.scores.labels()) if view.scores is not None else 0
    if induction is not None and ctx.model_key != induction.key and 2 * n_mixed > L * nh:
        st.markdown(t("attention.induction_tip", mixed=n_mixed, n=L * nh, label=induction.label))
        st.button(t("attention.induction_switch", label=induction.label), key="attention_induction_switch",
                  on_click=select_model, args=(induction.key,), icon="🔁")
