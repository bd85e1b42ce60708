"""Direct logit attribution: how much each part of the model writes into one token's logit at one position.

The final residual at position p is a sum: token embedding + position embedding + every head's output + every
attention output bias + every MLP's output. The logit of token t is ln_f(residual) · W_U[t]. With the final
norm's scale frozen at its value on this run (TransformerLens's convention) the norm is linear in its input,
so each part's share is its own (centred, for LayerNorm) vector through the same scale and unembedding row,
plus the norm's bias as one more part; the shares add up to the logit exactly.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Component:
    name: str  # "embed", "pos_embed", "L0H1", "L0 attn bias", "L0 MLP", "ln_f bias"
    layer: int | None
    head: int | None
    value: float  # this part's contribution to the target logit


@dataclass(frozen=True)
class Attribution:
    target_id: int
    position: int  # 0-based, in the ids given
    logit: float  # the model's own logit for target_id at position
    components: tuple[Component, ...]
    norm_scale: float  # the frozen σ (LayerNorm) or rms (RMSNorm) of the final residual

    @property
    def total(self) -> float:
        return sum(c.value for c in self.components)


@torch.no_grad()
def logit_attribution(model, ids, target_id: int, position: int = -1) -> Attribution:
    """Each component's contribution to logit[position, target_id] for token ids [T] (one sequence).

    >>> from gpt_core import GPT, GPTConfig
    >>> model = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=8, vocab_size=5, block_size=4)).eval()
    >>> a = logit_attribution(model, [0, 1, 2], target_id=3)
    >>> [c.name for c in a.components]
    ['embed', 'pos_embed', 'L0H0', 'L0H1', 'L0 attn bias', 'L0 MLP', 'ln_f bias']
    >>> abs(a.total - a.logit) < 1e-5
    True
    """
    cfg = model.config
    ids = torch.as_tensor(ids, dtype=torch.long).reshape(-1)  # [T]
    T = ids.numel()
    if not 0 <= int(target_id) < cfg.vocab_size:
        raise ValueError(f"target id {target_id} is outside the vocabulary [0, {cfg.vocab_size})")
    p = int(position) % T if -T <= int(position) < T else None
    if p is None:
        raise ValueError(f"position {position} is outside the text's {T} tokens")
    logits, cache = model.run_with_cache(ids[None])
    cache = cache.remove_batch_dim()
    norm = model.transformer.ln_f
    final = cache.act("resid_post", cfg.n_layer - 1)[p].double()  # [C] what ln_f reads
    layernorm = cfg.norm == "layernorm"
    if layernorm:
        scale = torch.sqrt(final.var(unbiased=False) + norm.eps)
    else:
        scale = torch.sqrt(final.pow(2).mean() + norm.eps)
    weight = norm.weight.double() if norm.weight is not None else torch.ones_like(final)
    unembed = model.lm_head.weight[int(target_id)].double()  # [C]
    direction = weight * unembed / scale  # [C]

    def share(vector: torch.Tensor) -> float:
        vector = vector.double()
        if layernorm:
            vector = vector - vector.mean()  # LayerNorm's centring is linear: each part is centred on its own
        return float(vector @ direction)

    parts = [Component("embed", None, None, share(cache.act("tok_emb")[p]))]
    if cfg.pos_encoding in ("learned", "sinusoidal"):
        parts.append(Component("pos_embed", None, None, share(cache.act("pos_emb")[p])))
    hs = cfg.head_size
    for layer, block in enumerate(model.transformer.h):
        z = cache.act("z", layer)[:, p]  # [nh, hs]
        w_o = block.attn.c_proj.weight  # [C, nh·hs]
        for head in range(cfg.n_head):
            out = w_o[:, head * hs:(head + 1) * hs] @ z[head]  # [C] this head's write into the residual
            parts.append(Component(f"L{layer}H{head}", layer, head, share(out)))
        if block.attn.c_proj.bias is not None:
            parts.append(Component(f"L{layer} attn bias", layer, None, share(block.attn.c_proj.bias)))
        parts.append(Component(f"L{layer} MLP", layer, None, share(cache.act("mlp_out", layer)[p])))
    if getattr(norm, "bias", None) is not None:
        parts.append(Component("ln_f bias", None, None, float(norm.bias.double() @ unembed)))
    return Attribution(int(target_id), p, float(logits[0, p, int(target_id)]), tuple(parts), float(scale))
