"""What if…: change one thing inside the real model (ablate heads, drop the mask or the scale, change the
temperature, scramble positions) and compare next-token predictions and loss before and after.
One experiment at a time: only the one the learner picked computes. Sections: explorer/ui/what_if/;
prose: explorer/locales/<lang>/what_if.py."""
from __future__ import annotations

import streamlit as st

from explorer.ui.context import page_context
from explorer.i18n import current_language, t
from explorer.ui.what_if import EXPERIMENTS
from explorer.ui.what_if.common import md
from explorer.ui.widgets import copy_to_state, mirror_state

ctx = page_context()
LANG = current_language()  # bound now: Streamlit may call a format_func after the run

st.title(t("what_if.title"))
md(t("what_if.intro"))
if st.session_state.get("what_if_topic") not in EXPERIMENTS:
    st.session_state["what_if_topic"] = next(iter(EXPERIMENTS))
mirror_state("what_if_topic_picker", "what_if_topic")
topic = st.segmented_control(t("what_if.pick"), list(EXPERIMENTS),
                             format_func=lambda name: t(f"what_if.tab.{name}", LANG), key="what_if_topic_picker",
                             required=True, on_change=copy_to_state, args=("what_if_topic_picker", "what_if_topic"),
                             label_visibility="collapsed")
EXPERIMENTS[topic or st.session_state["what_if_topic"]](ctx)
