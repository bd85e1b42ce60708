"""One head's projections read out of c_attn, written as row-vector maps (q = h @ W_q + b_q), and the model's
norm with its scale frozen at a run, so that a sum of inputs splits into a sum of normalised parts."""
from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class HeadProjections:
    """W_q, W_k, W_v [C, hs] and b_q, b_k, b_v [hs] (zeros without biases) of one query head; under grouped-query
    attention k and v are those of the key/value head the query head reads."""

    W_q: torch.Tensor
    b_q: torch.Tensor
    W_k: torch.Tensor
    b_k: torch.Tensor
    W_v: torch.Tensor
    b_v: torch.Tensor

    def augmented(self, which: str) -> torch.Tensor:
        """[C + 1, hs]: W with its bias as an extra row, so [h, 1] @ W_aug = h @ W + b."""
        W, b = getattr(self, f"W_{which}"), getattr(self, f"b_{which}")
        return torch.cat([W, b[None]], dim=0)


def head_projections(model, layer: int, head: int) -> HeadProjections:
    cfg = model.config
    nh, nkv, hs = cfg.n_head, cfg.kv_heads, cfg.head_size
    if not 0 <= layer < cfg.n_layer or not 0 <= head < nh:
        raise IndexError(f"no head L{layer} H{head} in a model of {cfg.n_layer} layers x {nh} heads")
    attn = model.transformer.h[layer].attn
    weight = attn.c_attn.weight.detach().float()  # [(nh + 2 nkv)·hs, C]
    bias = attn.c_attn.bias.detach().float() if attn.c_attn.bias is not None else torch.zeros(weight.shape[0])
    kv = cfg.kv_head_of(head)
    rows = {"q": head * hs, "k": (nh + kv) * hs, "v": (nh + nkv + kv) * hs}  # first row of each block
    out = {}
    for name, start in rows.items():
        out[f"W_{name}"] = weight[start:start + hs].T.contiguous()  # [C, hs]
        out[f"b_{name}"] = bias[start:start + hs].clone()  # [hs]
    return HeadProjections(**out)


def frozen_norm_parts(norm: torch.nn.Module, parts: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Split norm(sum of parts) [T, C] into one normalised piece per part plus "bias" (LayerNorm's β, else zeros).

    The scale (LayerNorm's standard deviation, RMSNorm's root mean square) is computed once from the whole sum and
    then held fixed, which makes the norm affine: each part is centred (LayerNorm only), divided by that scale and
    multiplied by γ. The pieces add up to norm(x) exactly.
    """
    x = sum(parts.values())  # [T, C]
    gamma = norm.weight.detach().float() if norm.weight is not None else torch.ones(x.shape[-1])
    eps = norm.eps if norm.eps is not None else torch.finfo(torch.float32).eps
    if isinstance(norm, torch.nn.LayerNorm):
        scale = torch.sqrt(x.var(-1, unbiased=False, keepdim=True) + eps)  # [T, 1]
        out = {name: (p - p.mean(-1, keepdim=True)) / scale * gamma for name, p in parts.items()}
        beta = norm.bias.detach().float() if norm.bias is not None else torch.zeros_like(gamma)
    else:  # RMSNorm: no centring, no bias
        scale = torch.sqrt((x * x).mean(-1, keepdim=True) + eps)  # [T, 1]
        out = {name: p / scale * gamma for name, p in parts.items()}
        beta = torch.zeros_like(gamma)
    out["bias"] = beta.expand_as(x)  # [T, C]
    return out


def rope_matrix(model, layer: int, position: int) -> torch.Tensor:
    """[hs, hs] M_t with apply_rope(x) = x @ M_t for a row x at position t (the model's own rotation tables)."""
    from ..model import apply_rope

    attn = model.transformer.h[layer].attn
    eye = torch.eye(model.config.head_size)  # [hs, hs]: each row a basis vector
    return apply_rope(eye, attn.rope_cos[position].float(), attn.rope_sin[position].float())
