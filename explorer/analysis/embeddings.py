"""The Embeddings page's data beyond gpt_core.interp.geometry: the vocabulary's token kinds, trajectory picks."""
from __future__ import annotations

import numpy as np

from gpt_core.tokenizers import Tokenizer, token_kind


def vocab_kinds(tokenizer: Tokenizer) -> list[str]:
    """gpt_core.tokenizers.token_kind of every vocabulary entry (the one classifier every page uses)."""
    return [token_kind(tokenizer.token_str(i)) for i in range(tokenizer.vocab_size)]


def default_trajectory_positions(T: int, n: int = 16) -> list[int]:
    """Up to n evenly spaced positions, always including the first and the last."""
    if T <= n:
        return list(range(T))
    return sorted({int(round(x)) for x in np.linspace(0, T - 1, n)})
