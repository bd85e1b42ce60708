"""The logit lens: what the residual stream predicts after each block, read through ln_f and lm_head."""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch.nn import functional as F

from ..capture import ActivationCache


@dataclass
class LensRow:
    """What the model would predict if the residual stream stopped here: top-k ids and probabilities."""

    name: str  # "embedding" or "after block i"
    ids: list[int]
    probs: list[float]
    tracked: dict[int, float] = field(default_factory=dict)  # id -> probability for ids asked to track


def residual_stack(cache: ActivationCache, n_layer: int, batch_index: int = 0) -> tuple[list[str], torch.Tensor]:
    """Names and residual stream states [L+1, T, C]: the embeddings (resid_pre of block 0), then each block's output."""
    try:
        states = [cache["transformer.h.0.hook_resid_pre"][batch_index]]  # [T, C]
        states += [cache[f"transformer.h.{i}.hook_resid_post"][batch_index] for i in range(n_layer)]
    except KeyError as missing:
        raise KeyError(f"the cache lacks {missing}; run run_with_cache without a names_filter that drops residuals") from None
    names = ["embedding"] + [f"after block {i}" for i in range(n_layer)]
    return names, torch.stack(states)  # [L+1, T, C]


@torch.no_grad()
def logit_lens(model, cache: ActivationCache, position: int = -1, top_k: int = 5, batch_index: int = 0,
               track_ids: list[int] | None = None) -> list[LensRow]:
    """Decode the residual stream after every layer with the model's own ln_f and lm_head.

    One LensRow per stage: the embeddings, then after block 0 .. L-1. The last row is exactly the
    model's next-token distribution (its forward pass applies the same ln_f then lm_head), so the rows
    show where in depth the final prediction forms.
    """
    names, states = residual_stack(cache, model.config.n_layer, batch_index)  # states [L+1, T, C]
    resid = states[:, position]  # [L+1, C]
    logits = model.lm_head(model.transformer.ln_f(resid))  # [L+1, V]
    probs = F.softmax(logits.float(), dim=-1)  # [L+1, V]
    k = min(top_k, probs.shape[-1])
    top = probs.topk(k, dim=-1)  # values, indices [L+1, k]
    rows = []
    for i, name in enumerate(names):
        tracked = {int(t): float(probs[i, int(t)]) for t in (track_ids or [])}
        rows.append(LensRow(name, top.indices[i].tolist(), top.values[i].tolist(), tracked))
    return rows
