"""The Embeddings page's data beyond gpt_core.interp.geometry: the vocabulary's token kinds, trajectory picks."""
from __future__ import annotations

import numpy as np

from gpt_core.tokenizers import Tokenizer, token_kind, token_label


def labels_and_kinds(tokenizer: Tokenizer, ids, memo: dict[int, tuple[str, str]]) -> tuple[list[str], list[str]]:
    """token_label and token_kind of each id, through memo (id -> both), which it fills: labelling a 4,096-token
    sample of a large vocabulary costs ~80 ms per rerun otherwise, though the sample hardly changes."""
    for i in ids:
        i = int(i)
        if i not in memo:
            text = tokenizer.token_str(i)
            memo[i] = (token_label(text), token_kind(text))
    pairs = [memo[int(i)] for i in ids]
    return [label for label, _ in pairs], [kind for _, kind in pairs]


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
