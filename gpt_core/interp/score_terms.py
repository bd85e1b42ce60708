"""Where one head's attention scores come from: content and position terms, one matrix W = W_q W_kᵀ, and the
symmetric W Wᵀ a single matrix would force (questions 16, 17 and 20 of the Questions page).

Layer 0 reads x = X + P (token embedding plus position embedding). With LayerNorm's scale frozen at the run
(head_weights.frozen_norm_parts) the normalised input is X' + P' + β, so q·k splits into

    X'W_q·W_kᵀX'ᵀ (content-content) + X'W_q·W_kᵀP'ᵀ (content-position) + P'W_q·W_kᵀX'ᵀ (position-content)
    + P'W_q·W_kᵀP'ᵀ (position-position) + every term with a bias (β, b_q, b_k)

and the five add up to the model's scores. Rotary models add no P: positions rotate q and k inside attention, so
there the split is "scores with the rotation removed" (content only) plus what the rotation changes.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from ..capture import act_name
from .head_weights import frozen_norm_parts, head_projections, rope_matrix

TERMS = ("content_content", "content_position", "position_content", "position_position", "bias")


def _run(model, ids, names: list[str]) -> dict[str, torch.Tensor]:
    idx = torch.as_tensor(list(ids), dtype=torch.long)[None]  # [1, T]
    _, cache = model.run_with_cache(idx, names_filter=lambda n: n in names)
    return {n: cache[n][0].float() for n in names}


def score_terms(model, ids, head: int) -> dict:
    """Layer 0, one head: kind "additive" (learned or sinusoidal positions) with the five TERMS [T, T] that sum to
    the model's scores; kind "rope" with content [T, T] (q·k without the rotation) and rotation (the rest); kind
    "none" (no position encoding) with content only. Each kind also gives scores [T, T] (the model's
    attn.hook_scores) and max_abs_diff between the parts' sum and them."""
    cfg = model.config
    names = [act_name("tok_emb"), act_name("pos_emb"), act_name("ln1", 0), act_name("scores", 0)]
    acts = _run(model, ids, names)
    scores = acts[names[3]][head]  # [T, T]
    proj = head_projections(model, 0, head)
    s = 1.0 / math.sqrt(cfg.head_size)
    if cfg.pos_encoding in ("learned", "sinusoidal"):
        parts = frozen_norm_parts(model.transformer.h[0].ln_1, {"X": acts[names[0]], "P": acts[names[1]]})
        q = {n: parts[n] @ proj.W_q for n in ("X", "P")}  # [T, hs] each
        k = {n: parts[n] @ proj.W_k for n in ("X", "P")}
        q_b = parts["bias"] @ proj.W_q + proj.b_q  # [T, hs]: what the query gets from β and b_q
        k_b = parts["bias"] @ proj.W_k + proj.b_k
        terms = {
            "content_content": q["X"] @ k["X"].T * s, "content_position": q["X"] @ k["P"].T * s,
            "position_content": q["P"] @ k["X"].T * s, "position_position": q["P"] @ k["P"].T * s,
            "bias": (q_b @ (k["X"] + k["P"] + k_b).T + (q["X"] + q["P"]) @ k_b.T) * s,
        }
        kind = "additive"
    else:
        q = acts[names[2]] @ proj.W_q + proj.b_q  # [T, hs] before any rotation
        k = acts[names[2]] @ proj.W_k + proj.b_k
        content = q @ k.T * s  # [T, T]
        terms = {"content": content}
        kind = "none"
        if cfg.pos_encoding == "rope":
            terms["rotation"] = scores - content
            kind = "rope"
    total = sum(terms.values())
    return {"kind": kind, "scores": scores.numpy(), **{n: v.numpy() for n, v in terms.items()},
            "max_abs_diff": float((total - scores).abs().max())}


def _causal_softmax(scores: torch.Tensor) -> torch.Tensor:
    T = scores.shape[-1]
    future = torch.ones(T, T, dtype=torch.bool).triu(1)
    return torch.softmax(scores.masked_fill(future, float("-inf")), dim=-1)  # [T, T]


def _shares(pattern: torch.Tensor) -> dict[str, float]:
    """Mean weight on the token itself and on the previous one (rows 1.., row 0 can only see itself)."""
    T = pattern.shape[-1]
    if T < 2:
        return {"self": 1.0, "previous": 0.0}
    t = torch.arange(1, T)
    return {"self": float(pattern[t, t].mean()), "previous": float(pattern[t, t - 1].mean())}


def one_matrix_scores(model, ids, layer: int, head: int) -> dict:
    """The head's scores from one matrix, next to the symmetric version a single shared matrix would give.

    h [T, C] is what the head reads (ln_1's output), h⁺ = [h, 1]. one_matrix: h⁺ W h⁺ᵀ / √hs with
    W = W_q⁺ W_k⁺ᵀ [C+1, C+1] (⁺: the bias as an extra row); it equals q·k / √hs. Under rotary positions the
    rotation sits between the two: W(i−j) = W_q⁺ M_(i−j) W_k⁺ᵀ, one matrix per distance. symmetric: the same with
    W_k replaced by W_q (W = W_q⁺ W_q⁺ᵀ), so scores[i, j] = scores[j, i] whatever the text.

    Returns scores / one_matrix / symmetric [T, T], their causal patterns, the self and previous-token shares of
    each pattern, W's shape, max_abs_diff (one_matrix vs scores), asymmetry (‖S − Sᵀ‖ / ‖S‖ of the real scores,
    lower triangle and its mirror) and params_two / params_one (2·C·hs for W_q and W_k vs C² for one W).
    """
    cfg = model.config
    names = [act_name("ln1", layer), act_name("scores", layer)]
    acts = _run(model, ids, names)
    h, scores = acts[names[0]], acts[names[1]][head]  # [T, C], [T, T]
    T, C = h.shape
    h_aug = torch.cat([h, torch.ones(T, 1)], dim=1)  # [T, C + 1]
    proj = head_projections(model, layer, head)
    Wq, Wk = proj.augmented("q"), proj.augmented("k")  # [C + 1, hs]
    s = 1.0 / math.sqrt(cfg.head_size)
    if cfg.pos_encoding == "rope":
        one, sym = torch.zeros(T, T), torch.zeros(T, T)
        for d in range(T):  # the diagonal i − j = d, with W(d) built from the rotation by d positions
            M = rope_matrix(model, layer, d)  # [hs, hs]
            i = torch.arange(d, T)
            W, W_sym = Wq @ M @ Wk.T, Wq @ M @ Wq.T  # [C + 1, C + 1]
            one[i, i - d] = ((h_aug[i] @ W) * h_aug[i - d]).sum(-1) * s
            sym[i, i - d] = ((h_aug[i] @ W_sym) * h_aug[i - d]).sum(-1) * s
            sym[i - d, i] = sym[i, i - d]  # M(−d) = M(d)ᵀ: the mirror cell has the same value
            if d:
                one[i - d, i] = ((h_aug[i - d] @ (Wq @ M.T @ Wk.T)) * h_aug[i]).sum(-1) * s  # M(−d) = M(d)ᵀ
    else:
        one = h_aug @ (Wq @ Wk.T) @ h_aug.T * s  # [T, T]
        sym = h_aug @ (Wq @ Wq.T) @ h_aug.T * s
    lower = torch.ones(T, T, dtype=torch.bool).tril(-1)
    real_lower, mirrored = scores[lower], scores.T[lower]
    norm = float(real_lower.norm()) or 1.0
    patterns = {n: _causal_softmax(v) for n, v in (("scores", scores), ("one_matrix", one), ("symmetric", sym))}
    return {
        "scores": scores.numpy(), "one_matrix": one.numpy(), "symmetric": sym.numpy(),
        "patterns": {n: p.numpy() for n, p in patterns.items()},
        "shares": {n: _shares(p) for n, p in patterns.items()},
        "w_shape": (C + 1, C + 1), "max_abs_diff": float((one - scores).abs().max()),
        "asymmetry": float((real_lower - mirrored).norm()) / norm,
        "params_two": 2 * C * cfg.head_size, "params_one": C * C,
    }


def qk_rank(model, layer: int, head: int) -> dict:
    """Why q and k live in hs < C dimensions: the head's W_q W_kᵀ [C, C] has rank at most hs.

    singular_values [C] (descending), hs, C and rank (values above 1e-5 times the largest)."""
    proj = head_projections(model, layer, head)
    product = proj.W_q.double() @ proj.W_k.double().T  # [C, C], in float64 so the zero singular values stay tiny
    sv = torch.linalg.svdvals(product)
    rank = int((sv > 1e-5 * sv[0]).sum()) if sv[0] > 0 else 0
    return {"singular_values": sv.numpy().astype(np.float64), "hs": model.config.head_size,
            "C": model.config.n_embd, "rank": rank}


def content_dependence(model, ids, layer: int, head: int, seed: int = 0) -> dict:
    """The head's scores on the text and on the same tokens shuffled (same positions, same length): a learned
    score matrix A [T, T] would be the same for both; the model's q·k changes with the content.

    scores / shuffled_scores [T, T], shuffled_ids, and relative_change (‖S_shuffled − S‖ / ‖S‖, lower triangle)."""
    ids = list(ids)
    order = torch.randperm(len(ids), generator=torch.Generator().manual_seed(int(seed))).tolist()
    shuffled = [ids[i] for i in order]
    name = act_name("scores", layer)
    idx = torch.tensor([ids, shuffled])  # [2, T]
    _, cache = model.run_with_cache(idx, names_filter=lambda n: n == name)
    a, b = cache[name][0, head].float(), cache[name][1, head].float()  # [T, T]
    lower = torch.ones_like(a, dtype=torch.bool).tril()
    change = float((b[lower] - a[lower]).norm()) / (float(a[lower].norm()) or 1.0)
    return {"scores": a.numpy(), "shuffled_scores": b.numpy(), "shuffled_ids": shuffled, "relative_change": change}
