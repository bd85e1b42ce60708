"""The sidebar shared by every page: model picker, uploads, model card, and the shared input text."""
from __future__ import annotations

import streamlit as st

from gpt_core.checkpoint import CheckpointError, load_checkpoint_bytes
from gpt_core.nanogpt import import_nanogpt_bytes

from explorer.ui import state
from explorer.i18n import LANGUAGES, error_text, t
from explorer.ui.resources import active_model, add_user_model, available_models

MAX_TEXT_CHARS = 20_000


def _handle_uploads(files) -> None:
    """Turn uploaded files into a session model; each upload set is processed once, errors are shown, nothing crashes."""
    if not files:
        return
    signature = tuple(sorted((f.name, f.size) for f in files))
    if st.session_state.get("_last_upload") == signature:
        return
    st.session_state["_last_upload"] = signature
    by_ext = {f.name.rsplit(".", 1)[-1].lower(): f for f in files}
    try:
        if "safetensors" in by_ext:
            f = by_ext["safetensors"]
            ckpt = load_checkpoint_bytes(f.getvalue(), name=f.name)
            add_user_model(ckpt, f"upload: {f.name}")
        elif "pt" in by_ext:
            meta = by_ext.get("pkl")
            ckpt = import_nanogpt_bytes(by_ext["pt"].getvalue(), meta.getvalue() if meta else None)
            add_user_model(ckpt, f"nanoGPT: {by_ext['pt'].name}")
        else:
            raise CheckpointError(t("sidebar.upload_wrong_files"))
        st.session_state["_upload_message"] = ("success", t("sidebar.upload_loaded", name=ckpt.name))
    except CheckpointError as exc:
        st.session_state["_upload_message"] = ("error", t("sidebar.upload_failed", error=error_text(exc)))


def select_model(key: str) -> None:
    """Activate a model; if the text is still the old model's suggestion, swap in the new model's."""
    before = active_model()
    state.put("model_key", key)
    after = active_model()
    if before and after and state.get("text") == _suggestion(before[1]):
        state.put("text", _suggestion(after[1]))


def _suggestion(ckpt) -> str:
    """The model's suggested text, fitted to its context in its own tokens."""
    return state.suggested_text(ckpt.record, ckpt.tokenizer, ckpt.config.block_size)


_switch_model = select_model  # older name, kept for callers


def model_card(ckpt) -> None:
    cfg, record = ckpt.config, ckpt.record or {}
    rows = [
        (t("sidebar.card.layers_heads"), f"{cfg.n_layer} × {cfg.n_head}"),
        (t("sidebar.card.n_embd"), t("sidebar.card.n_embd_value", n_embd=cfg.n_embd, head_size=cfg.head_size)),
        (t("sidebar.card.context"), str(cfg.block_size)),
        (t("sidebar.card.vocab"), f"{cfg.vocab_size} ({ckpt.tokenizer.kind})"),
        (t("sidebar.card.positions"), cfg.pos_encoding),
        (t("sidebar.card.parameters"), f"{ckpt.model.num_parameters():,}"),
    ]
    if record.get("corpus"):
        rows.append((t("sidebar.card.trained_on"), str(record["corpus"])))
    if record.get("steps"):
        rows.append((t("sidebar.card.steps"), f"{int(record['steps']):,}"))
    for name in ("train_loss", "val_loss"):
        value = record.get(f"final_{name}", record.get(name))
        if isinstance(value, (int, float)):
            rows.append((t(f"sidebar.card.{name}"), f"{value:.3f}"))
    st.markdown("\n".join(f"- **{k}**: {v}" for k, v in rows))


def render_sidebar() -> None:
    state.init_state()
    with st.sidebar:
        st.radio(t("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
        st.header(t("sidebar.model_header"))
        entries = available_models()
        if entries:
            keys = [e.key for e in entries]
            labels = {e.key: e.label for e in entries}
            current = active_model()
            current_key = current[0] if current and current[0] in keys else keys[0]
            if st.session_state.get("_model_picker") != current_key:
                # follow changes made elsewhere (an upload, "Explore this model"); allowed before the widget draws
                st.session_state["_model_picker"] = current_key
            st.selectbox(t("sidebar.active_model"), keys, format_func=labels.get, key="_model_picker",
                         on_change=lambda: select_model(st.session_state["_model_picker"]))
        with st.expander(t("sidebar.load_expander")):
            files = st.file_uploader(t("sidebar.upload_label"),
                                     type=["safetensors", "pt", "pkl"], accept_multiple_files=True, key="_uploads")
            _handle_uploads(files)
            message = st.session_state.pop("_upload_message", None)
            if message:
                (st.success if message[0] == "success" else st.error)(message[1])
        current = active_model()
        if current:
            with st.expander(t("sidebar.model_card"), expanded=False):
                model_card(current[1])
        st.header(t("sidebar.input_header"))
        st.text_area(t("sidebar.text_label"), key="text", height=140, max_chars=MAX_TEXT_CHARS)
        st.radio(t("sidebar.unknown_label"), ["skip", "replace"], key="unknown_mode", horizontal=True,
                 format_func={mode: t(f"sidebar.unknown.{mode}") for mode in ("skip", "replace")}.get)
