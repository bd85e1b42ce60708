"""Attention by hand: one weight from q and k, the q·k variance behind 1/sqrt(hs), two views of q Kᵀ,
and summaries of patterns (row entropy, weight on the next token, what an ablation changes per head)."""
from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np
import torch
from torch.nn import functional as F

from ..arrays import float_tensor
from ..capture import NO_INTERVENTIONS, ActivationCache, Interventions, act_name
from .heads import attention_head_stats


def attention_cell(acts: Mapping[str, np.ndarray], layer: int, head: int, i: int, j: int,
                   interventions: Interventions = NO_INTERVENTIONS) -> dict:
    """One attention weight recomputed from q and k (gpt_core.interp.attention_math.show_the_math) on activations
    without the batch dimension (a cache after remove_batch_dim(), as tensors or numpy arrays).

    Adds products [hs] (q_i * k_j elementwise; their sum is dot) and abs_diff (|recomputed - model|).
    """
    names = [act_name(n, layer) for n in ("q", "k", "pattern")]
    cache = ActivationCache.from_unbatched(acts, names)
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
    (gpt_core.interp.attention_math.matmul_two_views); scaled_* multiply by 1/sqrt(hs), which is what the model's
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


def softmax_orders(scores, temperature: float = 1.0) -> dict:
    """The causal mask applied before vs after softmax, on already scaled scores [T, T].

    Why -inf *before* softmax: exp(-inf) = 0, so a future key gets exactly zero weight and the
    remaining weights are renormalised among the allowed keys — every row is still a probability
    distribution. Zeroing the future *after* softmax removes weight that softmax had already spread
    there, so rows sum to less than 1 (only the last row, which has no future, keeps 1), and the
    normalisation is wrong: the past keys' weights were divided by a sum that included the future.

    Returns masked_scores, masked_softmax, unmasked_softmax, softmax_then_zero (each [T, T]) and
    row_sums: {name: [T]} for the three softmaxes.

    >>> out = softmax_orders(torch.zeros(2, 2))
    >>> out["row_sums"]["softmax_then_zero"]
    tensor([0.5000, 1.0000])
    """
    s = torch.as_tensor(scores).float() / float(temperature)  # [T, T]
    T = s.shape[-1]
    future = torch.ones(T, T, dtype=torch.bool).triu(1)  # [T, T], True above the diagonal
    masked_scores = s.masked_fill(future, float("-inf"))  # [T, T]
    masked = F.softmax(masked_scores, dim=-1)  # [T, T], each row sums to 1
    unmasked = F.softmax(s, dim=-1)  # [T, T], leaks the future
    then_zero = unmasked.masked_fill(future, 0.0)  # [T, T], rows sum to < 1
    return {
        "masked_scores": masked_scores,
        "masked_softmax": masked,
        "unmasked_softmax": unmasked,
        "softmax_then_zero": then_zero,
        "row_sums": {
            "masked_softmax": masked.sum(-1),
            "unmasked_softmax": unmasked.sum(-1),
            "softmax_then_zero": then_zero.sum(-1),
        },
    }


def scaling_demo(d_values=(4, 16, 64, 256, 1024), n_samples: int = 4000, seed: int = 0, T: int = 16,
                 n_matrices: int = 64) -> dict[str, list[float]]:
    """Why scores are divided by sqrt(d): the dot product of two unit-variance d-vectors has variance d.

    For each d: var(q.k) (about d) and var(q.k / sqrt(d)) (about 1) over n_samples random pairs; and
    the mean over rows of the largest softmax weight of random [T, T] score matrices, unscaled
    (saturates towards 1: one key takes everything, gradients vanish) vs scaled (stays spread).
    Deterministic for a seed.
    """
    gen = torch.Generator().manual_seed(int(seed))
    out: dict[str, list[float]] = {"d": [], "var_dot": [], "var_scaled": [], "max_prob_unscaled": [],
                                   "max_prob_scaled": []}
    for d in d_values:
        d = int(d)
        q = torch.randn(n_samples, d, generator=gen)  # [n, d]
        k = torch.randn(n_samples, d, generator=gen)  # [n, d]
        dot = (q * k).sum(-1)  # [n]
        Q = torch.randn(n_matrices, T, d, generator=gen)  # [m, T, d]
        K = torch.randn(n_matrices, T, d, generator=gen)  # [m, T, d]
        scores = Q @ K.transpose(-2, -1)  # [m, T, T]
        out["d"].append(d)
        out["var_dot"].append(float(dot.var()))
        out["var_scaled"].append(float((dot / math.sqrt(d)).var()))
        out["max_prob_unscaled"].append(float(F.softmax(scores, -1).amax(-1).mean()))
        out["max_prob_scaled"].append(float(F.softmax(scores / math.sqrt(d), -1).amax(-1).mean()))
    return out


def matmul_two_views(q_row, K) -> dict[str, torch.Tensor]:
    """q @ K^T read two ways, for q_row [hs] and K [T, hs].

    Row view: entry t is the dot product of q with row t of K (how well key t matches the query).
    Column view: the whole result is a weighted sum of K's columns, column c ([T]) weighted by q[c].

    Returns products [T, hs] (q[c] * K[t, c]), row_view [T] (products summed over c),
    column_terms [hs, T] (q[c] * K[:, c]) and column_view [T] (column_terms summed over c).
    """
    # torch.tensor copies: the app passes read-only numpy views of its cached analysis
    q = float_tensor(q_row).reshape(-1)  # [hs]
    K = float_tensor(K)  # [T, hs]
    products = K * q  # [T, hs]
    row_view = torch.stack([torch.dot(q, K[t]) for t in range(K.shape[0])]) if K.shape[0] else torch.zeros(0)  # [T]
    column_terms = q[:, None] * K.T  # [hs, T]
    column_view = column_terms.sum(0)  # [T]
    return {"products": products, "row_view": row_view, "column_terms": column_terms, "column_view": column_view}


def show_the_math(model, cache: ActivationCache, layer: int, head: int, i: int, j: int, batch_index: int = 0,
                  interventions: Interventions | None = None) -> dict:
    """Every number behind one attention weight pattern[i, j] of (layer, head), recomputed from q and k.

    Returns q_i [hs], k_j [hs], dot, scale (1/sqrt(hs), or 1 when scaling was switched off),
    scaled_score, masked (j > i under the causal mask: the score became -inf), masked_score,
    row_scores [T] (scaled scores of row i after the mask), row_softmax [T], weight (row_softmax[j]),
    allowed_keys (how many keys the softmax spreads over: i + 1 under the mask, else T), hs, and
    pattern_value (the cached weight, equal to weight).
    """
    interventions = interventions or NO_INTERVENTIONS
    q = cache.block(layer, "attn.hook_q")[batch_index, head]  # [T, hs]
    k = cache.block(layer, "attn.hook_k")[batch_index, head]  # [T, hs]
    T, hs = q.shape
    if not (0 <= i < T and 0 <= j < T):
        raise IndexError(f"query {i} / key {j} outside 0..{T - 1}")
    scale = 1.0 / math.sqrt(hs) if interventions.scale_scores else 1.0
    q_i, k_j = q[i], k[j]  # [hs], [hs]
    dot = float(q_i @ k_j)
    row_scores = (k @ q_i) * scale  # [T]
    masked = bool(interventions.causal_mask and j > i)
    if interventions.causal_mask:
        row_scores = row_scores.masked_fill(torch.arange(T) > i, float("-inf"))  # [T]
    row_softmax = F.softmax(row_scores, dim=-1)  # [T]
    return {
        "q_i": q_i, "k_j": k_j, "dot": dot, "scale": scale, "scaled_score": dot * scale,
        "masked": masked, "masked_score": float("-inf") if masked else dot * scale,
        "row_scores": row_scores, "row_softmax": row_softmax, "weight": float(row_softmax[j]),
        "pattern_value": float(cache.block(layer, "attn.hook_pattern")[batch_index, head, i, j]),
        "allowed_keys": i + 1 if interventions.causal_mask else T, "hs": hs,
    }


# ---- the Softmax & mask page: one head's scores, every softmax order, and the spread of q·k -------------
def softmax_lab(q, k, scores, temperature: float = 1.0, scaled: bool = True) -> dict[str, Any]:
    """Everything the Softmax & mask page draws for one head, as float64 numpy arrays [T, T].

    q, k [T, hs] and scores [T, T] (the model's attn.hook_scores: q k^T times 1/sqrt(hs), or times 1
    when the run dropped the scaling). raw = q k^T recomputed, so raw * scale == scores. The softmax
    variants come from softmax_orders on scores / temperature.
    """
    q = np.asarray(q, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    hs = q.shape[-1]
    orders = softmax_orders(torch.as_tensor(np.asarray(scores, dtype=np.float64)), temperature)
    as_np = lambda t: t.double().numpy()  # noqa: E731
    return {
        "hs": hs,
        "scale": 1.0 / math.sqrt(hs) if scaled else 1.0,
        "raw": q @ k.T,  # [T, T]
        "scores": np.asarray(scores, dtype=np.float64),  # [T, T]
        "tempered": np.asarray(scores, dtype=np.float64) / float(temperature),  # [T, T]
        "masked_scores": as_np(orders["masked_scores"]),
        "masked_softmax": as_np(orders["masked_softmax"]),
        "unmasked_softmax": as_np(orders["unmasked_softmax"]),
        "softmax_then_zero": as_np(orders["softmax_then_zero"]),
        "row_sums": {name: as_np(values) for name, values in orders["row_sums"].items()},
    }


def _causal_softmax(scores: np.ndarray) -> np.ndarray:
    T = scores.shape[-1]
    s = np.where(np.triu(np.ones((T, T), dtype=bool), 1), -np.inf, scores)
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def score_spread(raw, hs: int) -> dict[str, float]:
    """How spread this head's q.k are, with and without the 1/sqrt(hs) factor (the d_k of the formula), over the visible pairs j <= i.

    std_raw / std_scaled: standard deviation of q.k and of q.k/sqrt(hs); max_weight_*: mean over
    rows 1..T-1 of the largest causal-softmax weight (1.0 = one key takes everything: saturated).
    """
    raw = np.asarray(raw, dtype=np.float64)
    T = raw.shape[-1]
    visible = raw[np.tril_indices(T)]
    rows = slice(1, None) if T > 1 else slice(0, None)  # row 0 sees one key: always weight 1
    scaled = raw / math.sqrt(hs)
    return {
        "std_raw": float(visible.std()),
        "std_scaled": float((visible / math.sqrt(hs)).std()),
        "max_weight_unscaled": float(_causal_softmax(raw).max(-1)[rows].mean()),
        "max_weight_scaled": float(_causal_softmax(scaled).max(-1)[rows].mean()),
    }
