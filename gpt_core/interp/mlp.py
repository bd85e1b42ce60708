"""The MLP's non-linearity, on the model's own modules: which neurons fire, what the activation does to negative
inputs, and SwiGLU's gate times up."""
from __future__ import annotations

import numpy as np
import torch

from ..model import activation_module


def activation(name: str, x) -> np.ndarray:
    """The activation the model's MLP applies for config.activation == name, on any array (float64).
    For "swiglu" it is SiLU, what the gate goes through.

    >>> activation("relu", [-1.0, 2.0])
    array([0., 2.])
    """
    return activation_module(name)(torch.as_tensor(np.asarray(x, dtype=np.float64))).numpy()


def top_neurons(post, k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """The k hidden neurons with the largest activation per token: ids [T, k] and values [T, k] from post [T, H]."""
    a = np.asarray(post, dtype=np.float64)
    k = min(int(k), a.shape[-1])
    ids = np.argsort(-a, axis=-1)[:, :k]
    return ids, np.take_along_axis(a, ids, axis=-1)


def negative_share(pre, name: str = "gelu") -> dict[str, float]:
    """How much of a layer's pre-activations [T, H] ReLU would zero, and what the activation `name` makes of them.

    negative: share of entries < 0 (ReLU outputs exactly 0 there); below_minus_3: share < -3; at_minus_3:
    the activation's value at -3 (GELU -0.0040, SiLU -0.142: "deep negative" is near 0 only for GELU);
    act_neg_mean, act_neg_min: mean and lowest activation output over the negative entries (GELU maps every
    negative input into [-0.17, 0), SiLU into [-0.28, 0), ReLU to 0).

    >>> round(negative_share([-3.5, -1.0, 2.0], "swiglu")["at_minus_3"], 3)
    -0.142
    """
    x = np.asarray(pre, dtype=np.float64).reshape(-1)
    neg = x[x < 0]
    g = activation(name, neg) if neg.size else np.zeros(0)
    return {
        "negative": float((x < 0).mean()) if x.size else 0.0,
        "below_minus_3": float((x < -3).mean()) if x.size else 0.0,
        "at_minus_3": float(activation(name, [-3.0])[0]),
        "act_neg_mean": float(g.mean()) if g.size else 0.0,
        "act_neg_min": float(g.min()) if g.size else 0.0,
    }


def swiglu_parts(gate, up, post=None) -> dict:
    """SwiGLU's hidden layer taken apart: from the gate [T, H] (mlp.hook_pre) and the up-projection [T, H]
    (mlp.hook_pre_linear), silu_gate = SiLU(gate) and product = silu_gate * up [T, H], what c_proj reads.

    With post (the model's mlp.hook_post [T, H]): max_diff = largest |product - post|. Shares over all T·H
    units: closed (|SiLU(gate)| < 0.05: the gate lets almost nothing of up through), flipped (product and up
    of opposite signs: a negative SiLU(gate) reverses up).

    >>> parts = swiglu_parts([[0.0, 2.0]], [[5.0, -1.0]])
    >>> parts["product"].round(3).tolist(), parts["closed"]
    ([[0.0, -1.762]], 0.5)
    """
    g = np.asarray(gate, dtype=np.float64)
    u = np.asarray(up, dtype=np.float64)
    silu_gate = activation("swiglu", g)  # [T, H]
    product = silu_gate * u  # [T, H]
    out = {"silu_gate": silu_gate, "product": product,
           "closed": float((np.abs(silu_gate) < 0.05).mean()) if g.size else 0.0,
           "flipped": float((product * u < 0).mean()) if g.size else 0.0}
    if post is not None:
        out["max_diff"] = float(np.abs(product - np.asarray(post, dtype=np.float64)).max()) if g.size else 0.0
    return out
