"""The MLP's non-linearity, on the model's own modules: which neurons fire, what ReLU and GELU do to negatives."""
from __future__ import annotations

import numpy as np
import torch

from ..model import activation_module


def activation(name: str, x) -> np.ndarray:
    """The activation the model's MLP applies for config.activation == name, on any array (float64).

    >>> activation("relu", [-1.0, 2.0])
    array([0., 2.])
    """
    return activation_module(name)(torch.as_tensor(np.asarray(x, dtype=np.float64))).numpy()


def top_neurons(post, k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """The k hidden neurons with the largest activation per token: ids [T, k] and values [T, k] from post [T, 4C]."""
    a = np.asarray(post, dtype=np.float64)
    k = min(int(k), a.shape[-1])
    ids = np.argsort(-a, axis=-1)[:, :k]
    return ids, np.take_along_axis(a, ids, axis=-1)


def negative_share(pre) -> dict[str, float]:
    """How much of a layer's pre-activations [T, 4C] ReLU would zero, and what GELU makes of them.

    negative: share of entries < 0 (ReLU outputs exactly 0 there); below_minus_3: share < -3 (GELU's
    output is within 0.0041 of 0 there); gelu_neg_mean: mean GELU output over the negative entries
    (GELU maps every negative input into [-0.17, 0)); gelu_neg_min: its most negative output.
    """
    x = np.asarray(pre, dtype=np.float64).reshape(-1)
    neg = x[x < 0]
    g = activation("gelu", neg) if neg.size else np.zeros(0)
    return {
        "negative": float((x < 0).mean()) if x.size else 0.0,
        "below_minus_3": float((x < -3).mean()) if x.size else 0.0,
        "gelu_neg_mean": float(g.mean()) if g.size else 0.0,
        "gelu_neg_min": float(g.min()) if g.size else 0.0,
    }
