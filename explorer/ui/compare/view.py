"""Side B of the Compare page: a second model on the sidebar text, or a second text on the active model; and
each side's run (the cached model pass of explorer.ui.resources)."""
from __future__ import annotations

import streamlit as st

from gpt_core.checkpoint import CheckpointError

from explorer.analysis.compare import MODES, Run, contrast_prompt
from explorer.analysis.share import MAX_TEXT_CHARS
from explorer.analysis.text_prep import prepare_input
from explorer.i18n import current_language, error_text, t
from explorer.ui import state
from explorer.ui.resources import analyse, available_models, entry_for, load_entry, vocabulary
from explorer.ui.widgets import copy_to_state, mirror_state


def _run(name: str, key: str, ckpt, prepared) -> Run:
    analysis = analyse(ckpt, key, tuple(prepared.ids))
    return Run(name=name, model_key=key, model=ckpt.model, tokenizer=ckpt.tokenizer, ids=tuple(prepared.ids),
               labels=prepared.labels, patterns=analysis.stack("attn.hook_pattern"), next_probs=analysis.probs[-1],
               vocab=vocabulary(ckpt.tokenizer, key, ckpt.config.vocab_size).strings)


def _load(key: str):
    """The checkpoint of a listed model (a session model, or one on disk through the shared cache)."""
    user_models = state.get("user_models")
    if key in user_models:
        return user_models[key]
    entry = entry_for(key)
    if entry is None:
        return None
    return load_entry(entry)


def _mode() -> str:
    lang = current_language()
    if state.get("compare_mode") not in MODES:
        state.put("compare_mode", MODES[0])
    mirror_state("_compare_mode", "compare_mode")
    st.segmented_control(t("compare.mode"), MODES, format_func=lambda m: t(f"compare.mode.{m}", lang),
                         key="_compare_mode", required=True, on_change=copy_to_state,
                         args=("_compare_mode", "compare_mode"))
    return state.get("compare_mode")


def _model_b(ctx) -> tuple[str, object] | None:
    """The second model: any listed model but the active one."""
    entries = [e for e in available_models() if e.key != ctx.model_key]
    if not entries:
        st.info(t("compare.no_other_model"))
        return None
    keys = [e.key for e in entries]
    labels = {e.key: e.label for e in entries}
    if state.get("compare_model_b") not in keys:
        state.put("compare_model_b", keys[0])
    mirror_state("_compare_model_b", "compare_model_b")
    key = st.selectbox(t("compare.model_b"), keys, format_func=labels.get, key="_compare_model_b",
                       on_change=copy_to_state, args=("_compare_model_b", "compare_model_b"))
    try:
        ckpt = _load(key)
    except CheckpointError as exc:
        st.error(t("models.load_failed", name=labels[key], error=error_text(exc)))
        return None
    return (key, ckpt) if ckpt is not None else None


def _prepared_or_none(prepared, side: str):
    for notice in prepared.notices:
        (st.warning if notice.level == "warning" else st.info)(t("compare.side_notice", side=side,
                                                                   message=notice.message))
    return None if prepared.empty else prepared


def build_runs(ctx) -> tuple[str, Run, Run] | None:
    """Draws side B's controls; returns (mode, run A, run B), or None when B has nothing to show."""
    mode = _mode()
    active_label = next((e.label for e in available_models() if e.key == ctx.model_key), ctx.ckpt.name or "")
    if mode == "models":
        chosen = _model_b(ctx)
        if chosen is None:
            return None
        key_b, ckpt_b = chosen
        label_b = next(e.label for e in available_models() if e.key == key_b)
        prepared_b = prepare_input(ckpt_b.tokenizer, ctx.prepared.text, ckpt_b.config.block_size,
                                   state.get("unknown_mode"))
        prepared_b = _prepared_or_none(prepared_b, "B")
        if prepared_b is None:
            return None
        a = _run(t("compare.side_model", side="A", label=active_label), ctx.model_key, ctx.ckpt, ctx.prepared)
        b = _run(t("compare.side_model", side="B", label=label_b), key_b, ckpt_b, prepared_b)
        return mode, a, b
    if state.get("compare_text_b") is None:
        state.put("compare_text_b", contrast_prompt(ctx.prepared.text))
    mirror_state("_compare_text_b", "compare_text_b")
    text_b = st.text_area(t("compare.text_b"), key="_compare_text_b", height=90, max_chars=MAX_TEXT_CHARS,
                          on_change=copy_to_state, args=("_compare_text_b", "compare_text_b"),
                          help=t("compare.text_b_help"))
    prepared_b = prepare_input(ctx.tokenizer, text_b or "", ctx.config.block_size, state.get("unknown_mode"))
    prepared_b = _prepared_or_none(prepared_b, "B")
    if prepared_b is None:
        return None
    a = _run(t("compare.side_prompt", side="A", which=t("compare.prompt_sidebar")), ctx.model_key, ctx.ckpt,
             ctx.prepared)
    b = _run(t("compare.side_prompt", side="B", which=t("compare.prompt_b")), ctx.model_key, ctx.ckpt, prepared_b)
    return mode, a, b
