"""The sidebar shared by every page: model picker, uploads, model card, and the shared input text."""
from __future__ import annotations

import streamlit as st

from gpt_core.checkpoint import CheckpointError, load_checkpoint_bytes
from gpt_core.config import GPTConfig
from gpt_core.nanogpt import import_nanogpt_bytes

from explorer.i18n import LANGUAGES, error_text, t
from explorer.models import FAMILY_NAMES
from explorer.ui import state
from explorer.ui.export import render_export
from explorer.ui.hub_panel import render_hub_panel
from explorer.ui.model_picker import render_model_picker, select_model
from explorer.ui.resources import active_model, add_user_model

__all__ = ["render_sidebar", "select_model", "model_card"]  # select_model: the pages' and Train's way to switch

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


_switch_model = select_model  # older name, kept for callers


def family_of(record: dict) -> str:
    """How the card names a checkpoint's family: the HF model_type's name, nanoGPT, or our own format."""
    if record.get("source") == "huggingface":
        return FAMILY_NAMES.get(str(record.get("model_type")), str(record.get("model_type")))
    return FAMILY_NAMES["nanoGPT"] if record.get("source") == "nanoGPT" else t("sidebar.card.family_ours")


def architecture_rows(cfg) -> list[tuple[str, str]]:
    """The config switches where they differ from our own models' defaults (norm, activation, kv heads, ...)."""
    default = GPTConfig()
    rows = []
    if cfg.norm != default.norm:
        rows.append((t("sidebar.card.norm"), t(f"sidebar.card.norm.{cfg.norm}")))
    if cfg.activation != default.activation:
        rows.append((t("sidebar.card.activation"), t(f"sidebar.card.activation.{cfg.activation}")))
    if cfg.kv_heads != cfg.n_head:
        rows.append((t("sidebar.card.kv_heads"),
                     t("sidebar.card.kv_heads_value", kv=cfg.kv_heads, per=cfg.n_head // cfg.kv_heads)))
    if cfg.pos_encoding == "rope" and cfg.rope_theta != default.rope_theta:
        rows.append((t("sidebar.card.rope_theta"), f"{cfg.rope_theta:,.0f}"))
    if cfg.tie_weights != default.tie_weights:
        rows.append((t("sidebar.card.tied"), t("sidebar.card.untied")))
    if cfg.mlp_hidden is not None:
        rows.append((t("sidebar.card.mlp_hidden"), str(cfg.mlp_hidden)))
    biases = (cfg.has_attn_bias, cfg.has_mlp_bias)
    if biases != (default.bias, default.bias):
        rows.append((t("sidebar.card.biases"), t("sidebar.card.biases_value",
                                                  attn=t(f"sidebar.card.{'yes' if biases[0] else 'no'}"),
                                                  mlp=t(f"sidebar.card.{'yes' if biases[1] else 'no'}"))))
    return rows


def model_card(ckpt) -> None:
    cfg, record = ckpt.config, ckpt.record or {}
    rows = [
        (t("sidebar.card.family"), family_of(record)),
        (t("sidebar.card.layers_heads"), f"{cfg.n_layer} × {cfg.n_head}"),
        (t("sidebar.card.n_embd"), t("sidebar.card.n_embd_value", n_embd=cfg.n_embd, head_size=cfg.head_size)),
        (t("sidebar.card.context"), str(cfg.block_size)),
        (t("sidebar.card.vocab"), f"{cfg.vocab_size} ({ckpt.tokenizer.kind})"),
        (t("sidebar.card.positions"), cfg.pos_encoding),
        (t("sidebar.card.parameters"), f"{ckpt.model.num_parameters():,}"),
        *architecture_rows(cfg),
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
        render_model_picker()
        with st.expander(t("sidebar.load_expander")):
            files = st.file_uploader(t("sidebar.upload_label"),
                                     type=["safetensors", "pt", "pkl"], accept_multiple_files=True, key="_uploads")
            _handle_uploads(files)
            message = st.session_state.pop("_upload_message", None)
            if message:
                (st.success if message[0] == "success" else st.error)(message[1])
        render_hub_panel()
        current = active_model()
        if current:
            with st.expander(t("sidebar.model_card"), expanded=False):
                model_card(current[1])
        with st.expander(t("export.header")):
            render_export(current[1] if current else None)
        st.header(t("sidebar.input_header"))
        st.text_area(t("sidebar.text_label"), key="text", height=140, max_chars=MAX_TEXT_CHARS)
        st.radio(t("sidebar.unknown_label"), ["skip", "replace"], key="unknown_mode", horizontal=True,
                 format_func={mode: t(f"sidebar.unknown.{mode}") for mode in ("skip", "replace")}.get)
