"""Two texts of the same length get the same position vectors: how alike are they, really (question 4)?"""
from __future__ import annotations

import numpy as np
import torch


def _cos(a: torch.Tensor, b: torch.Tensor) -> np.ndarray:
    """Cosine similarity of matching rows [T] (0 where a row is all zeros)."""
    num = (a * b).sum(-1)
    den = a.norm(dim=-1) * b.norm(dim=-1)
    return torch.where(den > 0, num / den.clamp_min(1e-30), torch.zeros_like(num)).numpy()


@torch.no_grad()
def same_length_pair(model, ids_a, ids_b) -> dict:
    """Both texts cut to the shorter length T; per position [T]: cosine of the position vectors (1 for learned and
    sinusoidal tables: the same rows; zeros for rotary / none, which add none), of the token embeddings and of the
    summed input; per stage [n_layer + 1]: mean cosine of the residual stream (input, after each block)."""
    T = min(len(ids_a), len(ids_b))
    if T == 0:
        raise ValueError("both texts need at least one token")
    idx = torch.tensor([list(ids_a)[:T], list(ids_b)[:T]])  # [2, T]
    names = {"transformer.hook_tok_emb", "transformer.hook_pos_emb"}
    names |= {f"transformer.h.{i}.hook_resid_post" for i in range(model.config.n_layer)}
    _, cache = model.run_with_cache(idx, names_filter=lambda n: n in names)
    tok, pos = cache["transformer.hook_tok_emb"].float(), cache["transformer.hook_pos_emb"].float()  # [2, T, C]
    x = tok + pos
    stages = [x] + [cache[f"transformer.h.{i}.hook_resid_post"].float() for i in range(model.config.n_layer)]
    return {"T": T, "pos_cos": _cos(pos[0], pos[1]), "tok_cos": _cos(tok[0], tok[1]), "input_cos": _cos(x[0], x[1]),
            "stage_cos": np.array([float(_cos(s[0], s[1]).mean()) for s in stages]),
            "additive_positions": model.config.pos_encoding in ("learned", "sinusoidal")}
