"""From the last hidden state to probabilities: the unembedding, its shape, and what tying it to the embedding
means (question 12)."""
from __future__ import annotations

import torch

from .next_token import unembedding_is_tied


@torch.no_grad()
def unembedding_view(model, ids, k: int = 8) -> dict:
    """At the last position: logits [V] (ln_f(h) @ W_Uᵀ), the softmax's sum, its top-k ids and probabilities; tied:
    whether W_U is the embedding matrix itself, the parameters tying saves (V·C, 0 when untied), and for a tied
    model the top-k tokens' logits recomputed as ln_f(h) · (embedding row of the token) with the largest
    difference from the model's logits (dot_check)."""
    idx = torch.tensor([list(ids)])  # [1, T]
    logits, cache = model.run_with_cache(idx, names_filter=lambda n: n == "transformer.ln_f.hook_normalized")
    h = cache["transformer.ln_f.hook_normalized"][0, -1].float()  # [C]
    last = logits[0, -1].float()  # [V]
    probs = torch.softmax(last, dim=-1)
    top = torch.topk(probs, min(k, probs.numel()))
    tied = unembedding_is_tied(model)
    V, C = model.lm_head.weight.shape
    out = {"logits": last.numpy(), "prob_sum": float(probs.sum()), "top_ids": top.indices.tolist(),
           "top_probs": top.values.numpy(), "tied": tied, "saved_params": V * C if tied else 0, "V": V, "C": C,
           "dot_check": None}
    if tied:
        rows = model.transformer.wte.weight[top.indices].float()  # [k, C]: the tokens' own embedding rows
        out["dot_check"] = float((rows @ h - last[top.indices]).abs().max())
    return out
