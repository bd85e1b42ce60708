"""Concept labs: position encodings, the 1/sqrt(d_k) scale, the MLP, parameter counts and two views of matmul,
each on the loaded model and the input text. One lab at a time: only the one the learner picked computes.
Sections: explorer/ui/labs/; prose: explorer/locales/<lang>/labs.py."""
from __future__ import annotations

import streamlit as st

from explorer.ui.context import page_context
from explorer.i18n import current_language, t
from explorer.ui.labs import LABS
from explorer.ui.labs.common import md
from explorer.ui.widgets import copy_to_state, mirror_state

ctx = page_context()
LANG = current_language()  # bound now: Streamlit may call a format_func after the run

st.title(t("labs.title"))
md(t("labs.intro"))
if st.session_state.get("labs_topic") not in LABS:
    st.session_state["labs_topic"] = next(iter(LABS))
mirror_state("labs_topic_picker", "labs_topic")
topic = st.segmented_control(t("labs.pick"), list(LABS), format_func=lambda name: t(f"labs.tab.{name}", LANG),
                             key="labs_topic_picker", required=True, on_change=copy_to_state,
                             args=("labs_topic_picker", "labs_topic"), label_visibility="collapsed")
LABS[topic or st.session_state["labs_topic"]](ctx)
