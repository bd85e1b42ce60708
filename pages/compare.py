"""Compare: two models on one text, or one model on two texts; one head's attention, the next-token distribution
and the direct logit attribution of a next token, A next to B with the difference.

Sections: explorer/ui/compare/; maths: gpt_core/interp/compare.py; prose: explorer/locales/<lang>/compare.py.
"""
from __future__ import annotations

import streamlit as st

from explorer.i18n import t
from explorer.ui import share
from explorer.ui.compare import sections
from explorer.ui.compare.view import build_runs
from explorer.ui.context import page_context

ctx = page_context()
st.title(t("compare.title"))
st.markdown(t("compare.what", T=len(ctx.prepared.ids)))
st.page_link("pages/attention.py", label=t("compare.attention_link"), icon="👀")
runs = build_runs(ctx)
if runs is None:
    share.finish()  # the frame's own call never comes after st.stop()
    st.stop()
mode, a, b = runs
sections.attention(a, b, same_model=mode == "prompts")
tokens = sections.next_token(a, b)
sections.attribution(a, b, tokens)
