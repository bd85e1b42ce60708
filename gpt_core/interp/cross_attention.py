"""Cross-attention with the model's own attention weights: queries from one text, keys and values from another
(an encoder-decoder's decoder reads the encoder's output this way). Same text and the causal mask: exactly the
model's self-attention."""
from __future__ import annotations

import math

import torch

from ..capture import act_name
from ..model import apply_rope
from .head_weights import head_projections


def _layer_input(model, ids, layer: int) -> torch.Tensor:
    idx = torch.as_tensor(list(ids), dtype=torch.long)[None]  # [1, T]
    name = act_name("ln1", layer)
    _, cache = model.run_with_cache(idx, names_filter=lambda n: n == name)
    return cache[name][0].float()  # [T, C]: what layer's attention reads, each text run on its own


@torch.no_grad()
def cross_attention(model, query_ids, kv_ids, layer: int, head: int, causal: bool = False) -> dict:
    """pattern [Tq, Tkv] and z [Tq, hs] of one head with q from query_ids' run and k, v from kv_ids' run.

    causal=False: every query sees every key (cross-attention); causal=True keeps key j <= query i (only
    meaningful when both texts are the same). Rotary models rotate q and k by their own positions in their text.
    """
    cfg = model.config
    h_q, h_kv = _layer_input(model, query_ids, layer), _layer_input(model, kv_ids, layer)  # [Tq, C], [Tkv, C]
    proj = head_projections(model, layer, head)
    q = h_q @ proj.W_q + proj.b_q  # [Tq, hs]
    k = h_kv @ proj.W_k + proj.b_k  # [Tkv, hs]
    v = h_kv @ proj.W_v + proj.b_v  # [Tkv, hs]
    if cfg.pos_encoding == "rope":
        attn = model.transformer.h[layer].attn
        Tq, Tk = q.shape[0], k.shape[0]
        q = apply_rope(q, attn.rope_cos[:Tq].float(), attn.rope_sin[:Tq].float())
        k = apply_rope(k, attn.rope_cos[:Tk].float(), attn.rope_sin[:Tk].float())
    scores = q @ k.T / math.sqrt(cfg.head_size)  # [Tq, Tkv]
    if causal:
        future = torch.ones_like(scores, dtype=torch.bool).triu(1)
        scores = scores.masked_fill(future, float("-inf"))
    pattern = torch.softmax(scores, dim=-1)  # [Tq, Tkv], rows sum to 1
    return {"pattern": pattern.numpy(), "z": (pattern @ v).numpy()}
