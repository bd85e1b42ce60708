"""What every section of the Attention page reads: the patterns, the chosen head and the heads' roles."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from explorer.ui import state
from explorer.ui.selection import clamp_index
from explorer.analysis.attention import head_summary, repeat_probe_patterns
from explorer.i18n import t
from gpt_core.interp.heads import HeadScores


@dataclass
class AttentionView:
    ctx: object  # explorer.ui.context.PageContext
    patterns: np.ndarray  # [L, nh, T, T]
    layer: int
    head: int
    scores: HeadScores | None
    table: pd.DataFrame  # one row per head: statistics and role
    role_labels: list[list[str]] | None  # [L][nh] translated role names
    probe: tuple[np.ndarray, int] | None  # induction probe patterns [L, nh, 2S, 2S] and S

    @property
    def shape(self) -> tuple[int, int, int]:
        L, nh, T, _ = self.patterns.shape
        return L, nh, T

    @property
    def labels(self) -> list[str]:
        return self.ctx.labels


_PROBED: set[str] = set()  # model keys whose probe induction_probe has computed in this process


@st.cache_data(show_spinner=False, max_entries=16)
def induction_probe(_model, _tokenizer, model_key: str) -> tuple[np.ndarray, int]:
    """The repeated-random-sequence patterns depend on the model only: one probe per model."""
    return repeat_probe_patterns(_model, _tokenizer)


@st.cache_resource(show_spinner=False, max_entries=16)
def _head_summary(model_key: str, ids: tuple[int, ...], _patterns: np.ndarray, _probe, tokens: tuple[str, ...]):
    """The heads' statistics and roles once per (model, text): choosing a head or a cell reruns the page, and for
    GPT-2's 144 heads at T = 128 they take a few hundred ms. Shared read-only: the table is never modified."""
    return head_summary(_patterns, *(_probe or (None, None)), tokens=list(tokens))


def role_name(role: str) -> str:
    return t("attention.role.mixed") if role == "mixed" else t(f"attention.metric.{role}")


def build_view(ctx) -> AttentionView:
    """The chosen head (kept in range for this model), and the roles: previous/first/self and the text roles from
    this text, induction from the per-model probe."""
    patterns = ctx.analysis().stack("attn.hook_pattern")  # [L, nh, T, T]
    L, nh = patterns.shape[:2]
    layer, head = clamp_index(state.get("layer"), L), clamp_index(state.get("head"), nh)
    state.put("layer", layer)
    state.put("head", head)
    probe = None
    if ctx.config.block_size >= 4 and ctx.model_key in _PROBED:  # a cache hit: no spinner thread
        probe = induction_probe(ctx.ckpt.model, ctx.tokenizer, ctx.model_key)
    elif ctx.config.block_size >= 4:
        with st.spinner(t("attention.probe_spinner")):
            probe = induction_probe(ctx.ckpt.model, ctx.tokenizer, ctx.model_key)
        _PROBED.add(ctx.model_key)
    tokens = [ctx.tokenizer.token_str(i) for i in ctx.prepared.ids]  # the raw strings: whitespace marks word starts
    scores, table = _head_summary(ctx.model_key, tuple(ctx.prepared.ids), patterns, probe, tuple(tokens))
    role_labels = [[role_name(r) for r in row] for row in scores.labels()] if scores is not None else None
    return AttentionView(ctx, patterns, layer, head, scores, table, role_labels, probe)
