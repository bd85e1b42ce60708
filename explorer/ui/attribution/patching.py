"""Activation patching: a clean and a corrupted prompt, an answer and a wrong token, and three heatmaps of how
much of the clean logit difference each patched activation brings back. Computed only on a button press."""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import streamlit as st

from explorer.analysis.attribution import (PATCH_MAX_TOKENS, contrast_tokens, cut_to_last, differing_positions, parse_token,
                                           patching_problem, position_labels)
from explorer.analysis.text_prep import prepare_input
from explorer.figures.attribution import patching_heatmap
from explorer.i18n import t
from explorer.ui import state
from explorer.ui.widgets import chart

from . import compute

# problem code -> how it is shown: a mistake in the input is an error, a choice that has nothing to show a notice
PROBLEM_LEVEL = {"empty": "error", "unequal": "error", "bad_token": "error", "same_answer": "error",
                 "same_tokens": "info", "no_gap": "info"}


def _digest(*parts) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]


def _prompt(ctx, label_key: str, default: str, widget_key: str):
    """A prompt's text area and its encoding, cut to its last PATCH_MAX_TOKENS tokens (with a notice)."""
    text = st.text_area(t(label_key), value=default, key=widget_key, height=90)
    prepared = prepare_input(ctx.tokenizer, text, ctx.config.block_size, state.get("unknown_mode"))
    for notice in prepared.notices:
        st.caption(t("attribution.patch.prompt_notice", which=t(label_key), message=notice.message))
    if len(prepared.ids) > PATCH_MAX_TOKENS:
        st.info(t("attribution.patch.cut", which=t(label_key), n=len(prepared.ids), cap=PATCH_MAX_TOKENS))
        text = cut_to_last(text, prepared.pieces)
        prepared = prepare_input(ctx.tokenizer, text, ctx.config.block_size, state.get("unknown_mode"))
    return text, prepared


def _token_box(column, label_key: str, default_id: int | None, vocab: list[str], widget_key: str, ctx) -> int | None:
    typed = column.text_input(t(label_key), value="" if default_id is None else vocab[default_id], key=widget_key,
                              help=t("attribution.patch.token_help"))
    return parse_token(ctx.tokenizer, typed, vocab)


def _hover(labels: list[str], L: int, value_key: str, recovered: np.ndarray, raw: np.ndarray) -> np.ndarray:
    return np.array([[t(value_key, layer=layer, x=x, label=labels[x], value=recovered[layer, x], raw=raw[layer, x])
                      for x in range(len(labels))] for layer in range(L)], dtype=object)


def render(ctx) -> None:
    config, model = ctx.config, ctx.ckpt.model
    L, nh = config.n_layer, config.n_head
    vocab = compute.vocab_labels(ctx.tokenizer, ctx.model_key, config.vocab_size)
    st.subheader(t("attribution.patch.header"))
    st.markdown(t("attribution.patch.intro", L=L, nh=nh))
    default_clean = cut_to_last(ctx.prepared.text, ctx.prepared.pieces)
    left, right = st.columns(2)
    with left:
        clean_text, clean = _prompt(ctx, "attribution.patch.clean", default_clean,
                                    f"patch_clean_{_digest(ctx.model_key, default_clean)}")
    if len(ctx.prepared.ids) > PATCH_MAX_TOKENS and clean_text == default_clean:
        st.info(t("attribution.patch.cut_default", n=len(ctx.prepared.ids), cap=PATCH_MAX_TOKENS))
    suggestion = None
    if clean.ids:
        suggestion = compute.corruption(model, ctx.tokenizer, ctx.model_key, clean_text, tuple(clean.pieces),
                                        tuple(clean.ids), state.get("unknown_mode"))
    with right:
        corrupt_text, corrupt = _prompt(ctx, "attribution.patch.corrupt", suggestion.text if suggestion else clean_text,
                                        f"patch_corrupt_{_digest(ctx.model_key, clean_text)}")
    clean_ids, corrupt_ids = tuple(clean.ids), tuple(corrupt.ids)
    if suggestion is not None and corrupt_text == suggestion.text:
        st.caption(t("attribution.patch.suggested", pos=suggestion.position, old=vocab[suggestion.clean_id],
                     new=vocab[suggestion.corrupt_id]))
    same_length = clean_ids and len(clean_ids) == len(corrupt_ids)
    differ = differing_positions(clean_ids, corrupt_ids) if same_length else []
    if same_length and differ:
        st.caption(t("attribution.patch.differ", T=len(clean_ids), n=len(differ),
                     where=", ".join(f"{p} ({vocab[clean_ids[p]]}→{vocab[corrupt_ids[p]]})" for p in differ[:8])))
    answer = wrong = None
    clean_last = corrupt_last = None
    if clean_ids and corrupt_ids:
        clean_last = compute.last_logits(model, ctx.model_key, clean_ids)
        corrupt_last = compute.last_logits(model, ctx.model_key, corrupt_ids)
        default_answer, default_wrong = contrast_tokens(clean_last, corrupt_last)
        c1, c2 = st.columns(2)
        boxes = _digest(ctx.model_key, clean_ids, corrupt_ids)
        answer = _token_box(c1, "attribution.patch.answer", default_answer, vocab, f"patch_answer_{boxes}", ctx)
        wrong = _token_box(c2, "attribution.patch.wrong", default_wrong, vocab, f"patch_wrong_{boxes}", ctx)
    diffs = None
    if answer is not None and wrong is not None and answer != wrong:
        diffs = (float(clean_last[answer] - clean_last[wrong]), float(corrupt_last[answer] - corrupt_last[wrong]))
        st.markdown(t("attribution.patch.diffs", answer=vocab[answer], wrong=vocab[wrong], clean=diffs[0],
                      corrupt=diffs[1]))
    problem = patching_problem(clean_ids, corrupt_ids, answer, wrong, *(diffs or (None, None)))
    if problem is not None:
        show = st.error if PROBLEM_LEVEL[problem] == "error" else st.info
        show(t(f"attribution.patch.problem.{problem}", clean=len(clean_ids), corrupt=len(corrupt_ids)))
        return
    T = len(clean_ids)
    request = (ctx.model_key, clean_ids, corrupt_ids, answer, wrong)
    if st.button(t("attribution.patch.run", runs=L * (2 * T + nh)), key="patch_run", type="primary", icon="🩹"):
        st.session_state["patch_request"] = request
    if st.session_state.get("patch_request") != request:
        st.info(t("attribution.patch.press"))
        return
    try:
        with st.spinner(t("attribution.patch.spinner", runs=L * (2 * T + nh))):
            result = compute.patching(model, ctx.model_key, clean_ids, corrupt_ids, answer, wrong)
    except ValueError as exc:  # the checks above mirror gpt_core's; this is the one it may still find
        st.error(t("attribution.patch.failed", error=str(exc)))
        return
    draw(ctx, result, clean_ids, corrupt_ids, differ, vocab)


def draw(ctx, result, clean_ids, corrupt_ids, differ: list[int], vocab: list[str]) -> None:
    L, nh, T = ctx.config.n_layer, ctx.config.n_head, len(clean_ids)
    labels = position_labels([vocab[i] for i in clean_ids], [vocab[i] for i in corrupt_ids])
    heads = [f"H{h}" for h in range(nh)]
    st.markdown(t("attribution.patch.result"))
    first = differ[0] if differ else 0
    start = first - 2 if first > 4 else 0  # nothing before the first edit can recover anything: zoom past it
    if start:
        st.caption(t("attribution.patch.zoomed", start=start, first=first, T=T))
    for name, kind in (("resid_pre", "resid"), ("mlp_out", "mlp")):
        values = getattr(result, name)
        fig = patching_heatmap(values, labels, t(f"attribution.patch.{kind}_title", L=L, T=T),
                               t("attribution.patch.axis_position"), marked=differ, x_start=start,
                               hover=_hover(labels, L, "attribution.patch.hover_position", values, result.raw[name]))
        chart(fig, key=f"patch_{kind}", data=_frame(values, labels, "position"), file_stem=f"patching_{name}")
        st.caption(t(f"attribution.patch.{kind}_caption"))
    left, right = st.columns(2)
    with left:
        head_fig = patching_heatmap(result.head_out, heads, t("attribution.patch.head_title", L=L, nh=nh),
                                    t("attribution.patch.axis_head"), show_values=nh <= 16, axis_px=400,
                                    hover=_hover(heads, L, "attribution.patch.hover_head", result.head_out,
                                                 result.raw["head_out"]))
        chart(head_fig, key="patch_heads", data=_frame(result.head_out, heads, "head"), file_stem="patching_head_out")
    right.caption(t("attribution.patch.head_caption"))


def _frame(values: np.ndarray, columns: list[str], what: str) -> pd.DataFrame:
    L, X = values.shape
    return pd.DataFrame([{"layer": layer, what: x, "label": columns[x], "recovered": float(values[layer, x])}
                         for layer in range(L) for x in range(X)])
