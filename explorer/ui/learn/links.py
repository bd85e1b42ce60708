"""Open a view on another page: the page and the session values that pick the view there (a lab, an experiment,
a tool, a question), set by the button before the switch."""
from __future__ import annotations

import streamlit as st

from explorer.i18n import t

# view -> (page script, session values to set first)
VIEWS: dict[str, tuple[str, dict]] = {
    "overview": ("pages/overview.py", {}),
    "tokenization": ("pages/tokenization.py", {}),
    "embeddings": ("pages/embeddings.py", {}),
    "embeddings.pos": ("pages/embeddings.py", {"embeddings_sum": "pos"}),
    "attention": ("pages/attention.py", {}),
    "softmax": ("pages/softmax_mask.py", {}),
    "next_token": ("pages/next_token.py", {}),
    "attribution.dla": ("pages/attribution.py", {"attribution_topic": "dla"}),
    "attribution.neurons": ("pages/attribution.py", {"attribution_topic": "neurons"}),
    "labs.positions": ("pages/labs.py", {"labs_topic": "positions"}),
    "labs.scaling": ("pages/labs.py", {"labs_topic": "scaling"}),
    "labs.mlp": ("pages/labs.py", {"labs_topic": "mlp"}),
    "labs.params": ("pages/labs.py", {"labs_topic": "params"}),
    "labs.matmul": ("pages/labs.py", {"labs_topic": "matmul"}),
    "what_if.mask": ("pages/what_if.py", {"what_if_topic": "mask"}),
    "what_if.heads": ("pages/what_if.py", {"what_if_topic": "heads"}),
    "show_math": ("pages/show_math.py", {}),
}
QUESTION_VIEW = "questions.{n}"  # a question's own live view on the Questions page


def view_target(view: str) -> tuple[str, dict]:
    """The page and the session values of a view ("questions.17" opens question 17 on the Questions page)."""
    if view.startswith("questions."):
        return "pages/questions.py", {"questions_pick": int(view.split(".", 1)[1])}
    return VIEWS[view]


def _set(values: dict) -> None:
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state["_learn_switch"] = True


def open_view_button(view: str, key: str, label: str | None = None, where=st) -> None:
    """A button that opens the view in its page (the click sets the page's picker, then switches)."""
    script, values = view_target(view)
    if where.button(label or t("learn.open_view"), key=key, icon="↗️", on_click=_set, args=(values,)):
        st.session_state.pop("_learn_switch", None)
        st.switch_page(script)
