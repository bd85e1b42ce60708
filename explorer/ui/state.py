"""Every session-state key the app uses, with its default, in one place."""
from __future__ import annotations

import streamlit as st

# 60 characters, short enough for the Attention page's cells to read; two lines so that the
# shipped model's word- and line-start heads show, and no final newline: the Next token page guesses a space.
DEFAULT_TEXT = "But soft, what light through yonder window breaks?\nIt is the"

# key -> default (a callable makes a fresh mutable default per session)
DEFAULTS = {
    "text": DEFAULT_TEXT,  # the shared input text (sidebar)
    "model_key": None,  # registry key of the active model; None -> the default shipped model
    "unknown_mode": "skip",  # what to do with characters outside the vocabulary: skip | replace
    "user_models": dict,  # key -> Checkpoint uploaded or trained in this session
    "typed_models": dict,  # key -> ModelEntry of a model path typed in this session (inside the allowed folders)
    "layer": 0,  # selected layer (attention / softmax pages)
    "head": 0,  # selected head
    "query_row": None,  # selected query position on the softmax page (None -> last)
    "lang": "en",
    "chart_format": "png",
    "compare_mode": "models",  # Compare page: two models on one text | one model on two texts
    "compare_model_b": None,  # Compare page's model B (None -> the first listed model other than the active one)
    "compare_text_b": None,  # Compare page's prompt B (None -> the sidebar text with one word swapped)  # what a chart's toolbar camera button downloads: png | svg (sidebar, Export)
}


def init_state() -> None:
    for key, default in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = default() if callable(default) else default


def get(key: str):
    init_state()
    return st.session_state[key]


def put(key: str, value) -> None:
    st.session_state[key] = value


def suggested_text(record: dict, tokenizer=None, block_size: int | None = None) -> str:
    """A prompt that suits a model: examples of its own synthetic task ending where it predicts the answer, else
    the Shakespeare default; within block_size tokens of `tokenizer` when given (see suggested_prompt)."""
    from explorer.analysis.train import suggested_prompt

    corpus = str((record or {}).get("corpus", ""))
    return suggested_prompt(corpus, tokenizer, block_size, DEFAULT_TEXT)
