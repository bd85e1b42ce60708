"""Grouped-query attention's bookkeeping: which query heads read the same key/value head.

With n_kv_head < n_head, consecutive query heads share one key/value head (GPTConfig.kv_head_of); the recorded
attn.hook_k and attn.hook_v are [B, nh, T, hs] with each shared head repeated, once per query head that reads it.
"""
from __future__ import annotations

import numpy as np

from ..config import GPTConfig


def kv_group(cfg: GPTConfig, head: int) -> list[int]:
    """The query heads that read the same key/value head as query head `head` (itself included).

    >>> kv_group(GPTConfig(n_head=4, n_kv_head=2, n_embd=16), 3)
    [2, 3]
    """
    kv = cfg.kv_head_of(head)
    return [h for h in range(cfg.n_head) if cfg.kv_head_of(h) == kv]


def kv_groups(cfg: GPTConfig) -> list[list[int]]:
    """kv_group of every key/value head, in order: [[0, 1], [2, 3]] for 4 query heads over 2 key/value heads."""
    return [[h for h in range(cfg.n_head) if cfg.kv_head_of(h) == kv] for kv in range(cfg.kv_heads)]


def shared_copies_differ(k_or_v, cfg: GPTConfig) -> float:
    """Largest difference between the copies of one key/value head inside hook_k or hook_v [nh, T, hs] of one
    layer: 0 exactly when every query head of a group holds the same (repeated) keys or values."""
    a = np.asarray(k_or_v, dtype=np.float64)
    return max((float(np.abs(a[group] - a[group[0]]).max()) for group in kv_groups(cfg)), default=0.0)
