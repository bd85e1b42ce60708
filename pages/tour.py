"""The guided tour: 14 steps from your text to the next token, each the live view for the sidebar text with two or
three sentences, Back / Next, a progress bar and a button to the page that shows it in full.
Steps: explorer/ui/learn/tour_steps.py; prose: explorer/locales/<lang>/tour.py."""
from __future__ import annotations

import streamlit as st

from explorer.i18n import t
from explorer.ui.context import page_context
from explorer.ui.learn.links import open_view_button
from explorer.ui.learn.tour_steps import STEPS, facts

ctx = page_context()
N = len(STEPS)
step = st.session_state.get("tour_step", 0)
step = step if isinstance(step, int) and 0 <= step < N else 0


def _go(to: int) -> None:
    st.session_state["tour_step"] = max(0, min(N - 1, to))


st.title(t("tour.title"))
st.progress((step + 1) / N, text=t("tour.progress", k=step + 1, n=N))
name, render, view = STEPS[step]
st.subheader(t(f"tour.{name}.title"))
st.markdown(t(f"tour.{name}.text", **facts(ctx)))
render(ctx)
back, forward, open_ = st.columns([1, 1, 2])
back.button(t("tour.back"), key="tour_btn_back", disabled=step == 0, on_click=_go, args=(step - 1,),
            use_container_width=True)
forward.button(t("tour.next"), key="tour_btn_next", disabled=step == N - 1, on_click=_go, args=(step + 1,),
               type="primary", use_container_width=True)
with open_:
    open_view_button(view, f"tour_open_{name}")
