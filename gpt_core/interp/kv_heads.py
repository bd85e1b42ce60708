"""Grouped-query attention's bookkeeping: which query heads read the same key/value head.

With n_kv_head < n_head, consecutive query heads share one key/value head (GPTConfig.kv_head_of); the recorded
attn.hook_k and attn.hook_v are [B, nh, T, hs] with each shared head repeated, once per query head that reads it.
"""
from __future__ import annotations

from ..config import GPTConfig


def kv_group(cfg: GPTConfig, head: int) -> list[int]:
    """The query heads that read the same key/value head as query head `head` (itself included).

    >>> kv_group(GPTConfig(n_head=4, n_kv_head=2, n_embd=16), 3)
    [2, 3]
    """
    kv = cfg.kv_head_of(head)
    return [h for h in range(cfg.n_head) if cfg.kv_head_of(h) == kv]

