"""Attention: every head's pattern on the input, one head in detail (pattern, Q/K/V), and what each head does.

Sections: explorer/ui/attention/; prose: explorer/locales/<lang>/attention.py.
"""
from __future__ import annotations

import streamlit as st

from explorer.ui.context import page_context
from explorer.i18n import t
from explorer.ui.attention import grid, head, summary
from explorer.ui.attention.view import build_view

ctx = page_context()
view = build_view(ctx)
L, nh, T = view.shape

st.title(t("attention.title"))
st.markdown(t("attention.what", T=T, L=L, nh=nh, n=L * nh, hs=ctx.config.head_size))
# one link per line: in half-width columns the long labels were cut off
st.page_link("pages/softmax_mask.py", label=t("attention.concept_link"), icon="🎭")
st.page_link("pages/labs.py", label=t("attention.labs_link"), icon="🧪")
grid.render(view)
head.render(view)
summary.render(view)
