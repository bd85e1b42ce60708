"""One head of the Softmax & mask page: its q, k and scores from the model's run, and every softmax variant."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gpt_core.capture import Interventions
from gpt_core.interp.attention_math import softmax_lab


@dataclass
class SoftmaxHead:
    labels: list[str]
    layer: int
    head: int
    scaled: bool  # the run divided the scores by sqrt(hs)
    q: np.ndarray  # [T, hs]
    k: np.ndarray  # [T, hs]
    scores: np.ndarray  # [T, T] attn.hook_scores
    pattern: np.ndarray  # [T, T] attn.hook_pattern
    lab: dict  # softmax_lab at τ = 1: the model itself (steps 1-2 and the wrong orders)

    @property
    def T(self) -> int:
        return len(self.labels)

    @property
    def hs(self) -> int:
        return self.lab["hs"]

    @property
    def where(self) -> str:
        return f"L{self.layer} H{self.head}"


def softmax_head(ctx, layer: int, head: int, scaled: bool) -> SoftmaxHead:
    analysis = ctx.analysis(Interventions(scale_scores=scaled))  # the model's own numbers, with or without the scale
    q = analysis.block(layer, "attn.hook_q")[head]  # [T, hs]
    k = analysis.block(layer, "attn.hook_k")[head]  # [T, hs]
    scores = analysis.block(layer, "attn.hook_scores")[head]  # [T, T]
    pattern = analysis.block(layer, "attn.hook_pattern")[head]  # [T, T]
    return SoftmaxHead(ctx.labels, layer, head, scaled, q, k, scores, pattern, softmax_lab(q, k, scores, 1.0, scaled))
