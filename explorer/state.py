"""Every session-state key the app uses, with its default, in one place."""
from __future__ import annotations

import streamlit as st

DEFAULT_TEXT = "ROMEO:\nBut soft, what light through yonder window breaks?\nIt is the east, and Juliet is the sun."

# key -> default (a callable makes a fresh mutable default per session)
DEFAULTS = {
    "text": DEFAULT_TEXT,  # the shared input text (sidebar)
    "model_key": None,  # registry key of the active model; None -> the default shipped model
    "unknown_mode": "skip",  # what to do with characters outside the vocabulary: skip | replace
    "user_models": dict,  # key -> Checkpoint uploaded or trained in this session
    "layer": 0,  # selected layer (attention / softmax pages)
    "head": 0,  # selected head
    "query_row": None,  # selected query position on the softmax page (None -> last)
    "lang": "en",
}


def init_state() -> None:
    for key, default in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = default() if callable(default) else default


def get(key: str):
    init_state()
    return st.session_state[key]


def set(key: str, value) -> None:  # noqa: A001 - mirrors st.session_state's verb
    st.session_state[key] = value


def suggested_text(record: dict) -> str:
    """A prompt that suits a model: a few lines of its own synthetic task, else the Shakespeare default."""
    corpus = str((record or {}).get("corpus", ""))
    if corpus.startswith("task:"):
        from gpt_core.data import CorpusError, make_task_corpus

        try:
            return make_task_corpus(corpus.removeprefix("task:"), n_examples=3, seed=7).text
        except CorpusError:
            return DEFAULT_TEXT
    return DEFAULT_TEXT
