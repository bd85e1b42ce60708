"""What every concept lab shares: prose with HTML indices, and the layer/head pickers."""
from __future__ import annotations

import streamlit as st

from explorer.ui import state
from explorer.ui.selection import clamp_index
from explorer.i18n import t


def md(text: str) -> None:
    st.markdown(text, unsafe_allow_html=True)  # the catalogue's prose uses <sub>/<sup> for indices


def caption(text: str) -> None:
    st.caption(text, unsafe_allow_html=True)


def layer_head(ctx, prefix: str, where, with_head: bool = True) -> tuple[int, int]:
    """Layer (and head) pickers for one lab; they start at the layer/head chosen on the other pages."""
    L, nh = ctx.config.n_layer, ctx.config.n_head
    left, right = where.columns(2)
    layer = left.selectbox(t("labs.layer"), list(range(L)), index=clamp_index(state.get("layer"), L),
                           format_func=lambda v: f"L{v}", key=f"{prefix}_layer")
    head = 0
    if with_head:
        head = right.selectbox(t("labs.head"), list(range(nh)), index=clamp_index(state.get("head"), nh),
                               format_func=lambda v: f"H{v}", key=f"{prefix}_head")
    return layer, head
