"""The Embeddings page's data beyond gpt_core.interp.geometry: which vocabulary ids to draw, trajectory picks."""
from __future__ import annotations

import numpy as np


def vocab_sample(V: int, used_ids, limit: int) -> np.ndarray:
    """The token ids to draw of a V-entry vocabulary: all of them up to limit; beyond, every id the text uses plus
    evenly spaced ids over 0..V-1 (so bytes, early and late merges all appear), limit in all, sorted.

    >>> vocab_sample(10, [7], 4).tolist()
    [0, 6, 7, 9]
    """
    if V <= limit:
        return np.arange(V)
    used = np.unique(np.asarray(list(used_ids), dtype=np.int64))[:limit]
    spread = np.unique(np.linspace(0, V - 1, limit).round().astype(np.int64))
    spread = spread[~np.isin(spread, used)]
    keep = max(limit - used.size, 0)
    spread = spread[np.unique(np.linspace(0, spread.size - 1, keep).round().astype(np.int64))] if keep else spread[:0]
    return np.sort(np.concatenate([used, spread]))


def default_trajectory_positions(T: int, n: int = 16) -> list[int]:
    """Up to n evenly spaced positions, always including the first and the last."""
    if T <= n:
        return list(range(T))
    return sorted({int(round(x)) for x in np.linspace(0, T - 1, n)})
