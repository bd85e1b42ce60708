"""Turning last-position logits into a next-token distribution: temperature, top-k, top-p.

The UI draws exactly these numbers, so generation and the probability bars never disagree.

Example:
    >>> logits = torch.tensor([[2.0, 1.0, 0.0]])
    >>> filtered_probs(logits, temperature=1.0, top_k=2)      # third token removed, rest renormalised
    tensor([[0.7311, 0.2689, 0.0000]])
"""
from __future__ import annotations

import torch
from torch.nn import functional as F


def validate_sampling(temperature: float, top_k: int | None, top_p: float | None) -> None:
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be >= 1, got {top_k}")
    if top_p is not None and not 0.0 < top_p <= 1.0:
        raise ValueError(f"top_p must be in (0, 1], got {top_p}")


def filtered_probs(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
                   top_p: float | None = None) -> torch.Tensor:
    """Probabilities [..., V] after temperature, then top-k, then top-p (nucleus) filtering.

    temperature 0 means greedy: all mass on the argmax.
    """
    validate_sampling(temperature, top_k, top_p)
    logits = logits.float()
    if temperature == 0:
        return F.one_hot(logits.argmax(-1), logits.shape[-1]).to(logits.dtype)  # [..., V]
    logits = logits / temperature  # [..., V]
    if top_k is not None and top_k < logits.shape[-1]:
        kth = torch.topk(logits, top_k, dim=-1).values[..., -1:]  # [..., 1]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = F.softmax(logits, dim=-1)  # [..., V]
    if top_p is not None and top_p < 1.0:
        sorted_probs, order = probs.sort(dim=-1, descending=True)  # [..., V]
        # keep a token while the mass before it is below top_p, so the top token always survives
        mass_before = sorted_probs.cumsum(-1) - sorted_probs
        keep_sorted = mass_before < top_p
        keep = torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted)
        probs = probs * keep
        probs = probs / probs.sum(-1, keepdim=True)
    return probs


def sample_next(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
                top_p: float | None = None, generator: torch.Generator | None = None) -> int:
    """Sample one token id from a single position's logits [V]."""
    probs = filtered_probs(logits[None], temperature, top_k, top_p)[0]  # [V]
    return int(torch.multinomial(probs, 1, generator=generator))
