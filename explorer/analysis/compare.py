"""The Compare page's data (pure: gpt_core + numpy): two runs, A and B, and what each section draws of them.

A run is one model reading one text. The page pairs either two models on the sidebar text, or the active model
on two texts. The maths is gpt_core.interp.compare (differences, alignment by token string) and
gpt_core.interp.attribution (direct logit attribution).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gpt_core.interp.attribution import Attribution, logit_attribution
from gpt_core.interp.compare import pattern_difference

MODES = ("models", "prompts")  # two models on one text | one model on two texts
# The app's default text (explorer.ui.state.DEFAULT_TEXT) has a one-word contrast, so prompts mode starts with
# something to see: "light" -> "sound" changes the tokens from that word on, and keeps the length.
CONTRASTS = (("light", "sound"), ("window", "mirror"))  # same length: the char model's positions still line up


def contrast_prompt(text: str) -> str:
    """Prompt B's first value: text with one word swapped (CONTRASTS), else text itself.

    >>> contrast_prompt("what light through yonder window breaks")
    'what sound through yonder window breaks'
    >>> contrast_prompt("abc")
    'abc'
    """
    for word, other in CONTRASTS:
        if word in text:
            return text.replace(word, other, 1)
    return text


@dataclass(frozen=True)
class Run:
    """One side of the comparison."""

    name: str  # how the charts name it ("A · shakespeare char · 0.8M", "B: your prompt")
    model_key: str
    model: object  # gpt_core GPT (eval mode; shared: never changed)
    tokenizer: object
    ids: tuple[int, ...]
    labels: list[str]  # one visible label per token
    patterns: np.ndarray  # [L, nh, T, T] attn.hook_pattern of every block
    next_probs: np.ndarray  # [V] softmax at the last position
    vocab: tuple[str, ...]  # token_str of every id (what aligns two vocabularies)

    @property
    def shape(self) -> tuple[int, int, int]:
        L, nh, T, _ = self.patterns.shape
        return L, nh, T


def shared_heads(a: Run, b: Run) -> tuple[int, int]:
    """How many layers and heads a head choice may range over: the ones both models have."""
    return min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])


@dataclass(frozen=True)
class HeadPair:
    pattern_a: np.ndarray  # [T_A, T_A]
    pattern_b: np.ndarray  # [T_B, T_B]
    difference: np.ndarray | None  # [T, T] B − A (NaN above the diagonal), when the positions line up
    differing: list[int]  # positions whose tokens differ (when the difference is drawn)
    why_no_difference: str  # "" | "lengths" | "tokenizers": why no B − A


def head_pair(a: Run, b: Run, layer: int, head: int, same_model: bool) -> HeadPair:
    """One head of both runs; B − A when position i means the same place in both: same length, and either one
    model (two prompts: the positions where the tokens differ are listed) or the same tokens."""
    pa, pb = a.patterns[layer, head], b.patterns[layer, head]
    if pa.shape != pb.shape:
        return HeadPair(pa, pb, None, [], "lengths")
    if not same_model and a.labels != b.labels:
        return HeadPair(pa, pb, None, [], "tokenizers")
    differing = [i for i, (x, y) in enumerate(zip(a.labels, b.labels)) if x != y]
    return HeadPair(pa, pb, pattern_difference(pa, pb), differing, "")


def attribution_of(run: Run, token: str) -> Attribution | None:
    """Direct logit attribution of `token` (a token string) at the last position; None when the run's vocabulary
    has no such token."""
    if token not in run.vocab:
        return None
    return logit_attribution(run.model, list(run.ids), run.vocab.index(token), position=-1)
