"""The sidebar's model section: the picker, a typed model path, ?model= in the URL, and what could not load.

Choosing a model loads it before it becomes active: a load error (a CheckpointError, the "too big for memory"
refusal included) is shown and the previous model stays. A typed path, or one in ?model=, must lie inside the
allowed folders (explorer.model_paths); a listed model is named by its key, never by a path from the URL.
"""
from __future__ import annotations

import streamlit as st

from gpt_core.checkpoint import CheckpointError

from explorer.i18n import error_text, t
from explorer.model_paths import PathRefused, allow_any, allowed_roots, resolve_model_path
from explorer.models import typed_entry
from explorer.ui import state
from explorer.ui.resources import active_model, available_models, entry_for, load_entry, unloadable_models

PICKER_KEY, PENDING_KEY, MESSAGE_KEY, PATH_KEY = "_model_picker", "_model_pending", "_model_message", "_model_path"


def suggestion(ckpt) -> str:
    """The model's suggested text, fitted to its context in its own tokens."""
    return state.suggested_text(ckpt.record, ckpt.tokenizer, ckpt.config.block_size)


_suggestion = suggestion


def select_model(key: str) -> bool:
    """Activate a model, loading it first; on a load error say why and keep the active one. If the text is still
    the old model's suggestion, swap in the new model's. True when `key` is now active."""
    entry = entry_for(key)
    if entry is not None:
        try:
            load_entry(entry)
        except CheckpointError as exc:
            st.session_state[MESSAGE_KEY] = ("error", t("models.load_failed", name=entry.label, error=error_text(exc)))
            return False
    before = active_model()
    state.put("model_key", key)
    after = active_model()
    if before and after and state.get("text") == _suggestion(before[1]):
        state.put("text", _suggestion(after[1]))
    return after is not None and after[0] == key


def open_path(text: str) -> bool:
    """Load a model from a path a visitor gave (typed, or ?model=): refused outside the allowed folders."""
    try:
        path = resolve_model_path(text)
    except PathRefused as exc:
        roots = ", ".join(str(p) for p in allowed_roots())
        st.session_state[MESSAGE_KEY] = ("error", t(f"models.path.{exc.reason}", path=exc.path or text, roots=roots))
        return False
    entry = typed_entry(path)
    if entry.problem:
        st.session_state[MESSAGE_KEY] = ("error", t("models.load_failed", name=entry.label, error=entry.problem))
        return False
    state.get("typed_models")[entry.key] = entry
    if not select_model(entry.key):
        state.get("typed_models").pop(entry.key, None)
        return False
    return True


def open_from_url(value: str) -> bool:
    """A model named by a link (?model=<key or path>): a listed key is picked, anything else goes through open_path
    (so a path must lie inside the allowed folders). Marks the value as read; True when it is now active."""
    st.session_state["_query_model_seen"] = value
    if any(e.key == value for e in available_models()):
        return select_model(value)
    return open_path(value.removeprefix("path:"))  # a typed model's key names its path


def _query_model() -> None:
    """?model=<key or path>, read once per value (explorer.ui.share reads a link's model on a session's first run)."""
    value = st.query_params.get("model")
    if not value or st.session_state.get("_query_model_seen") == value:
        return
    open_from_url(value)


def _show_message() -> None:
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])


def render_model_picker() -> None:
    """Inside `with st.sidebar`: the picker (with the pending choice loaded first), the path box, the problems."""
    _query_model()
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is not None:
        select_model(pending)
    typed = st.session_state.pop("_model_path_pending", None)
    if typed:
        open_path(typed)
    entries = available_models()
    if entries:
        keys = [e.key for e in entries]
        labels = {e.key: e.label for e in entries}
        current = active_model()
        current_key = current[0] if current and current[0] in keys else keys[0]
        if st.session_state.get(PICKER_KEY) != current_key:
            # follow changes made elsewhere (an upload, "Explore this model", a failed load); allowed before it draws
            st.session_state[PICKER_KEY] = current_key
        st.selectbox(t("sidebar.active_model"), keys, format_func=labels.get, key=PICKER_KEY,
                     on_change=lambda: st.session_state.__setitem__(PENDING_KEY, st.session_state[PICKER_KEY]))
    _show_message()
    st.text_input(t("models.path.label"), key=PATH_KEY, placeholder=t("models.path.placeholder"),
                  help=t("models.path.help_any") if allow_any() else t("models.path.help"),
                  on_change=lambda: st.session_state.__setitem__("_model_path_pending", st.session_state[PATH_KEY]))
    problems = unloadable_models()
    if problems:
        with st.expander(t("models.unloadable", n=len(problems))):
            st.markdown("\n".join(f"- **{e.label}**: {e.problem}" for e in problems))
