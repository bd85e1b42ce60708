"""Questions learners ask: all 24, each with a short answer and the live view of the loaded model that shows it
(drawn here, or opened on its page). Views: explorer/ui/learn/; prose: explorer/locales/<lang>/questions.py."""
from __future__ import annotations

import streamlit as st

from explorer.i18n import current_language, t
from explorer.ui.context import page_context
from explorer.ui.learn.links import open_view_button
from explorer.ui.learn.questions import QUESTIONS

ctx = page_context()
lang = current_language()  # bound now: Streamlit may call a format_func after the run
st.title(t("questions.title"))
st.markdown(t("questions.intro"))
numbers = list(QUESTIONS)
if st.session_state.get("questions_pick") not in numbers:
    st.session_state["questions_pick"] = numbers[0]
index, answer = st.columns([2, 5])
with index:
    n = st.radio(t("questions.pick"), numbers, key="questions_pick",
                 format_func=lambda k: f"{k}. {t(f'questions.q{k}', lang)}")
with answer:
    st.subheader(f"{n}. {t(f'questions.q{n}')}")
    st.markdown(t(f"questions.a{n}"), unsafe_allow_html=True)
    view = QUESTIONS[n]
    if isinstance(view, str):
        st.caption(t("questions.elsewhere", page=t(f"questions.view.{view}")))
        open_view_button(view, f"questions_open_{n}")
    else:
        with st.container(border=True):
            view(ctx)
