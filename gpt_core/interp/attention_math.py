"""Attention by hand: one weight from q and k, the q·k variance behind 1/sqrt(hs), two views of q Kᵀ,
and summaries of patterns (row entropy, weight on the next token, what an ablation changes per head)."""
from __future__ import annotations

import math
from typing import Mapping

import numpy as np
import torch

from ..capture import NO_INTERVENTIONS, ActivationCache, Interventions, act_name
from ..inspect import attention_head_stats, matmul_two_views, show_the_math


def attention_cell(acts: Mapping[str, np.ndarray], layer: int, head: int, i: int, j: int,
                   interventions: Interventions = NO_INTERVENTIONS) -> dict:
    """One attention weight recomputed from q and k (gpt_core.inspect.show_the_math) on activations
    without the batch dimension (a cache after remove_batch_dim(), as tensors or numpy arrays).

    Adds products [hs] (q_i * k_j elementwise; their sum is dot) and abs_diff (|recomputed - model|).
    """
    names = [act_name(n, layer) for n in ("q", "k", "pattern")]
    cache = ActivationCache({name: torch.from_numpy(np.array(acts[name], dtype=np.float32))[None] for name in names})
    out = show_the_math(None, cache, layer, head, i, j, interventions=interventions)
    out = {key: value.numpy() if isinstance(value, torch.Tensor) else value for key, value in out.items()}
    out["products"] = out["q_i"] * out["k_j"]
    out["abs_diff"] = abs(out["weight"] - out["pattern_value"])
    return out


def qk_variance_by_layer(q_stack, k_stack) -> dict[str, np.ndarray]:
    """Variance of the raw dot products q_i . k_j (j <= i, every head pooled) per layer, from [L, nh, T, hs].

    var_dot [L], var_scaled [L] (= var_dot / hs, the variance after the 1/sqrt(hs) factor), and the mean
    per-component variance of q and k [L]; for independent zero-mean components,
    var(q.k) = hs * var(q_c) * var(k_c), so unit-variance components give exactly hs.
    """
    q = np.asarray(q_stack, dtype=np.float64)
    k = np.asarray(k_stack, dtype=np.float64)
    L, nh, T, hs = q.shape
    lower = np.tril(np.ones((T, T), dtype=bool))
    var_dot, var_q, var_k = np.zeros(L), np.zeros(L), np.zeros(L)
    for layer in range(L):
        dots = q[layer] @ k[layer].transpose(0, 2, 1)  # [nh, T, T]
        visible = dots[:, lower]  # [nh, T(T+1)/2]
        var_dot[layer] = visible.var() if visible.size > 1 else 0.0
        var_q[layer] = q[layer].var(axis=1).mean()  # variance over positions, averaged over heads and components
        var_k[layer] = k[layer].var(axis=1).mean()
    return {"var_dot": var_dot, "var_scaled": var_dot / hs, "var_q": var_q, "var_k": var_k, "hs": hs}


def matmul_check(q, k, scores_row, i: int) -> dict:
    """Row i of one head's scores computed both ways from q [T, hs] and k [T, hs], against the model's.

    row_view / column_view [T] are q_i K^T read as dot products and as a weighted sum of K's columns
    (gpt_core.inspect.matmul_two_views); scaled_* multiply by 1/sqrt(hs), which is what the model's
    attn.hook_scores row i [T] holds. partial_sums [hs, T]: the column view after adding the first
    c+1 weighted columns (its last row is the result). max_diff_*: largest |scaled view - model|.
    """
    q = np.asarray(q, dtype=np.float32)
    k = np.asarray(k, dtype=np.float32)
    hs = q.shape[-1]
    views = {name: value.numpy() for name, value in matmul_two_views(q[i], k).items()}
    scale = 1.0 / math.sqrt(hs)
    model = np.asarray(scores_row, dtype=np.float64)
    row_scaled, col_scaled = views["row_view"] * scale, views["column_view"] * scale
    return {
        **views, "q_i": q[i], "scale": scale, "scaled_row": row_scaled, "scaled_column": col_scaled,
        "model": model, "partial_sums": np.cumsum(views["column_terms"], axis=0),
        "max_diff_row": float(np.abs(row_scaled - model).max()) if model.size else 0.0,
        "max_diff_column": float(np.abs(col_scaled - model).max()) if model.size else 0.0,
    }


def mean_row_entropy(pattern) -> float:
    """Mean entropy (nats) of a pattern's query rows [T, T], row 0 skipped (gpt_core's attention_head_stats)."""
    return float(attention_head_stats(np.asarray(pattern, dtype=np.float32))["entropy"][0])


def next_offset_share(pattern) -> np.ndarray:
    """Mean weight [nh] each query row i < T-1 puts on key i+1 (the very token it should predict)."""
    p = np.asarray(pattern, dtype=np.float64)
    T = p.shape[-1]
    if T < 2:
        return np.zeros(p.shape[0])
    i = np.arange(T - 1)
    return p[:, i, i + 1].mean(-1)


def z_change_by_head(acts_before: Mapping[str, np.ndarray], acts_after: Mapping[str, np.ndarray],
                     n_layer: int) -> np.ndarray:
    """Largest |z_after - z_before| per head [L, nh] (attn.hook_z is [nh, T, hs] per layer).

    Ablating head (l, h) zeroes its own z; heads in layers <= l keep exactly the same z (their input is
    unchanged), while every later layer sees a different residual stream.
    """
    out = []
    for layer in range(n_layer):
        name = act_name("z", layer)
        diff = np.abs(np.asarray(acts_after[name], dtype=np.float64) - np.asarray(acts_before[name], dtype=np.float64))
        out.append(diff.reshape(diff.shape[0], -1).max(-1))  # [nh]
    return np.stack(out)
