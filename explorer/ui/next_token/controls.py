"""The position the page reads and the sampling settings."""
from __future__ import annotations

import streamlit as st

from explorer.i18n import t
from gpt_core.interp.next_token import Sampling

from .view import NextTokenView


# The page follows the last position (where generation acts) unless the learner moved the slider: their choice is
# kept here, not in the widget. The slider's labels show tokens, so an edit changes them even when T stays (a long
# text's window slides); a browser then drops its selection unless the run sends a value, so every run does.
def remember_position(last: int) -> None:
    """on_change: `last` is T-1 of the run that drew the slider; choosing it means "follow the last position"."""
    chosen = st.session_state["nt_position"]
    st.session_state["nt_position_choice"] = None if chosen == last else chosen


def render(view: NextTokenView) -> tuple[int, Sampling, int]:
    """Draws the controls; returns the position, the sampling settings and how many bars to show."""
    ctx, T, V = view.ctx, len(view.ids), view.ctx.config.vocab_size
    choice = st.session_state.get("nt_position_choice")
    if choice is not None and choice >= T - 1:  # the chosen position is gone (or is the last one): follow the last
        choice = st.session_state["nt_position_choice"] = None
    position = T - 1 if choice is None else choice
    if T > 1:
        st.session_state["nt_position"] = position
        options = [t("next_token.position_option", i=i, label=ctx.labels[i]) for i in range(T)]  # "127: e"
        st.select_slider(t("next_token.position"), options=list(range(T)), key="nt_position",
                         format_func=options.__getitem__, on_change=remember_position, args=(T - 1,),
                         help=t("next_token.position_help"))
    c1, c2, c3, c4 = st.columns(4)
    temperature = c1.slider(t("next_token.temperature"), 0.0, 2.0, 1.0, 0.05, key="nt_temperature",
                            help=t("next_token.temperature_help"))
    top_k = c2.slider(t("next_token.top_k"), 0, V, 0, key="nt_top_k", help=t("next_token.top_k_help"))
    top_p = c3.slider(t("next_token.top_p"), 0.05, 1.0, 1.0, 0.05, key="nt_top_p", help=t("next_token.top_p_help"))
    k_show = c4.slider(t("next_token.k_show"), 3, min(V, 40), min(V, 10), key="nt_k_show") if V > 3 else V
    sampling = Sampling.from_controls(temperature, top_k, top_p)
    return position, sampling, k_show
