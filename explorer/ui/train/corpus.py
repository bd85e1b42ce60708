"""1 · The training text: a synthetic task, Tiny Shakespeare (found or downloaded), an upload or pasted text."""
from __future__ import annotations

import streamlit as st

from explorer.i18n import current_language, error_text, t
from gpt_core.data import (TASKS, CorpusError, corpus_from_bytes, corpus_from_text, download_shakespeare,
                           find_shakespeare, load_shakespeare, make_task_corpus)

from .persist import setting

SOURCES = ("task", "shakespeare", "upload", "paste")
UPLOAD_LIMIT_MB = 5
TASK_EXAMPLES = 2000


@st.cache_resource(show_spinner=False, max_entries=4)
def _task_corpus(name: str):
    return make_task_corpus(name, n_examples=TASK_EXAMPLES, seed=0)


@st.cache_resource(show_spinner=False, max_entries=2)
def _shakespeare(path: str, mtime: float):
    return load_shakespeare(path)


@st.cache_data(show_spinner=False, max_entries=2)
def _upload_corpus(data: bytes, name: str):
    return corpus_from_bytes(data, name=name, max_bytes=UPLOAD_LIMIT_MB * 2**20)


@st.cache_data(show_spinner=False, max_entries=8)
def distinct_chars(text: str) -> int:
    return len(set(text))


def _load_shakespeare(path):
    with st.spinner(t("train.shakespeare_reading")):
        return _shakespeare(str(path), path.stat().st_mtime)


def _task(disabled: bool):
    name = st.selectbox(t("train.task"), list(TASKS), **setting("train_task"), disabled=disabled)
    st.caption(t(f"train.task_desc.{name}"))
    return _task_corpus(name)


def _download_shakespeare():
    """The download button's run: a progress bar, then the corpus (or None and the reason)."""
    bar = st.progress(0.0, text=t("train.downloading", done=0))

    def progress(done, total):
        text = t("train.downloading_of", done=done, total=total) if total else t("train.downloading", done=done)
        bar.progress(min(1.0, done / total) if total else 0.0, text=text)

    try:
        saved = download_shakespeare(progress=progress)
    except CorpusError as exc:
        bar.empty()
        st.error(error_text(exc))
        return None
    st.success(t("train.downloaded", path=saved))
    return _load_shakespeare(saved)


def _shakespeare_corpus():
    path = find_shakespeare()
    if path is not None:
        st.caption(t("train.shakespeare_found", path=path))
        try:
            return _load_shakespeare(path)
        except CorpusError as exc:
            st.error(error_text(exc))
            return None
    st.info(t("train.shakespeare_missing"))
    if st.button(t("train.download"), key="train_download"):
        return _download_shakespeare()
    return None


def _uploaded():
    upload = st.file_uploader(t("train.upload", mb=UPLOAD_LIMIT_MB), type=["txt"], key="train_upload")
    if upload is None:
        st.caption(t("train.upload_prompt"))
        return None
    try:
        return _upload_corpus(upload.getvalue(), upload.name)
    except CorpusError as exc:
        st.error(error_text(exc))
        return None


def _pasted():
    pasted = st.text_area(t("train.paste"), **setting("train_paste"), height=160)
    if not pasted:
        st.caption(t("train.paste_prompt"))
        return None
    try:
        return corpus_from_text(pasted, name="pasted", max_bytes=UPLOAD_LIMIT_MB * 2**20)
    except CorpusError as exc:
        st.error(error_text(exc))
        return None


def choose_corpus(disabled: bool):
    """Draw the source picker and the chosen source's widgets; returns the Corpus, or None (with the reason shown)."""
    lang = current_language()  # bound now: Streamlit may call a format_func after the run
    source = st.radio(t("train.data"), list(SOURCES), **setting("train_source"), horizontal=True,
                      format_func=lambda name: t(f"train.source.{name}", lang), disabled=disabled)
    if source == "task":
        return _task(disabled)
    if source == "shakespeare":
        return _shakespeare_corpus()
    if source == "upload":
        return _uploaded()
    return _pasted()
