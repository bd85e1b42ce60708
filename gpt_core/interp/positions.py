"""Position encodings: the model's tables, why not the integer index, and rotary's relative scores."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from ..model import apply_rope, rope_tables, sinusoidal_table


def position_tables(model, max_positions: int | None = None) -> dict[str, np.ndarray | None]:
    """The model's learned table wpe [P, C] (None if it has none) and the sinusoidal table [P, C] of its shape.

    P = block_size, or max_positions when smaller (a 1024-row table is too big to draw usefully).
    """
    cfg = model.config
    P = cfg.block_size if max_positions is None else min(cfg.block_size, int(max_positions))
    learned = None
    if "wpe" in model.transformer:
        learned = model.transformer.wpe.weight[:P].detach().float().numpy().copy()
    return {"learned": learned, "sinusoidal": sinusoidal_table(P, cfg.n_embd).numpy()}


def integer_vs_embedding(table, offsets: Sequence[int] = ()) -> dict:
    """Why not feed the integer index: raw positions compared by dot product vs position vectors [P, C].

    int_dots [P, P] = i * j grows without bound, and for every i > 0 the most "similar" position is the
    last one (P-1), never i itself; self_match_int is the share of rows peaking on the diagonal (row 0 is
    all zeros and never counts). cosine [P, P] compares the position vectors; neighbour_match is the
    share of positions whose most similar *other* position is an adjacent one (|i - j| = 1), and
    cos_at {d: mean cosine between positions d apart} for each requested offset d < P.
    """
    t = np.asarray(table, dtype=np.float64)
    P = t.shape[0]
    index = np.arange(P, dtype=np.float64)
    int_best = np.where(index > 0, P - 1, -1)  # argmax of i*j over j; row 0 is a tie of zeros
    unit = t / np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
    cosine = unit @ unit.T  # [P, P]
    others = cosine.copy()
    np.fill_diagonal(others, -np.inf)
    nearest = others.argmax(-1) if P > 1 else np.zeros(P, dtype=int)
    return {
        "int_dots": np.outer(index, index),
        "cosine": cosine,
        "self_match_int": float(np.mean(int_best == np.arange(P))),
        "neighbour_match": float(np.mean(np.abs(nearest - np.arange(P)) == 1)) if P > 1 else 0.0,
        "cos_at": {int(d): float(np.diagonal(cosine, offset=int(d)).mean()) for d in offsets if 0 < d < P},
        "int_max": float(index.max()) if P else 0.0,
        "emb_std": float(t.std()) if t.size else 0.0,
    }


def positions_received(pos_emb, table) -> list[int]:
    """For each position t, which row of the position table it was given ([T, C] vs [P, C]).

    Normal: t itself; under Interventions(positions="shuffle"): a permutation; "zero": -1 (no row).
    """
    pos = np.asarray(pos_emb, dtype=np.float64)
    tab = np.asarray(table, dtype=np.float64)[: len(pos)]
    out = []
    for row in pos:
        if not np.any(row):
            out.append(-1)
            continue
        out.append(int(np.abs(tab - row).sum(-1).argmin()))
    return out


def rope_rotation(head_size: int, n_positions: int, theta: float = 10000.0) -> dict:
    """The rotation rotary encoding applies at each position, read from the model's own tables (gpt_core.model).

    Pair c = (x_c, x_{c+hs/2}) of every query and key at position t is turned by the angle t·θ_c, with
    θ_c = theta^(-2c/hs). Returns freqs [hs/2] (θ_c, radians per position), angles [P, hs/2] (t·θ_c), cos and
    sin [P, hs/2] (the halves of rope_tables that apply_rope multiplies by), wavelengths [hs/2] (2π/θ_c:
    positions per full turn) and theta.

    >>> rot = rope_rotation(4, 3, theta=100.0)
    >>> rot["freqs"].round(3).tolist(), rot["angles"][2].round(3).tolist()
    ([1.0, 0.1], [2.0, 0.2])
    """
    if head_size % 2:
        raise ValueError(f"rotary encoding needs an even head size, got {head_size}")
    half, P = head_size // 2, int(n_positions)
    cos, sin = rope_tables(P, head_size, theta)  # [P, hs]: both halves hold the same hs/2 angles
    freqs = 1.0 / (theta ** (torch.arange(0, head_size, 2, dtype=torch.float64) / head_size))  # [hs/2]
    angles = torch.arange(P, dtype=torch.float64)[:, None] * freqs  # [P, hs/2]
    return {"freqs": freqs.numpy(), "angles": angles.numpy(), "cos": cos[:, :half].double().numpy(),
            "sin": sin[:, :half].double().numpy(), "wavelengths": (2 * np.pi / freqs).numpy(), "theta": float(theta)}


def rope_relative_demo(head_size: int, n_positions: int, seed: int = 0, theta: float = 10000.0) -> dict:
    """Rotary encoding on one fixed pair of random vectors q, k [hs]: the score depends only on the offset.

    RoPE rotates each (x_c, x_{c+hs/2}) pair of q at position m by angle m*theta_c and of k at position
    n by n*theta_c, so rot(q, m) . rot(k, n) = sum_c |.||.| cos(phi_c + (m - n) theta_c): a function
    of m - n alone. theta: the frequencies' base (the model's rope_theta). Returns
    scores [P, P] (query m, key n), offsets [2P-1] (n - m from -(P-1) to P-1),
    by_offset [2P-1] (the score at each offset), spread (largest difference between two entries with the
    same offset: float rounding only), plain_dot (q . k without rotation, the same at every position pair).
    """
    if head_size % 2:
        raise ValueError(f"rotary encoding needs an even head size, got {head_size}")
    gen = torch.Generator().manual_seed(int(seed))
    q = torch.randn(head_size, generator=gen)  # [hs]
    k = torch.randn(head_size, generator=gen)  # [hs]
    P = int(n_positions)
    cos, sin = rope_tables(P, head_size, theta)  # [P, hs]
    q_rot = apply_rope(q.expand(P, head_size), cos, sin)  # [P, hs]: q placed at positions 0..P-1
    k_rot = apply_rope(k.expand(P, head_size), cos, sin)  # [P, hs]
    scores = (q_rot @ k_rot.T).double().numpy()  # [P, P]
    offsets = np.arange(-(P - 1), P)
    by_offset, spread = np.zeros(len(offsets)), 0.0
    for n, d in enumerate(offsets):
        diagonal = np.diagonal(scores, offset=int(d))  # entries with key - query = d
        by_offset[n] = diagonal.mean()
        spread = max(spread, float(diagonal.max() - diagonal.min()))
    return {"q": q.numpy(), "k": k.numpy(), "scores": scores, "offsets": offsets, "by_offset": by_offset,
            "spread": spread, "plain_dot": float(q @ k)}


def model_rope_rotation(model, n_positions: int | None = None) -> dict:
    """rope_rotation for a rotary model's head size and rope_theta over its first n_positions (block_size when
    None), plus buffer_diff: the largest |cos - the cos buffer layer 0's attention really multiplies by|."""
    cfg = model.config
    if cfg.pos_encoding != "rope":
        raise ValueError(f"the model's positions are {cfg.pos_encoding!r}, not rotary")
    P = cfg.block_size if n_positions is None else min(cfg.block_size, int(n_positions))
    out = rope_rotation(cfg.head_size, P, cfg.rope_theta)
    buffer = model.transformer.h[0].attn.rope_cos[:P, : cfg.head_size // 2].double().numpy() if cfg.n_layer else out["cos"]
    out["buffer_diff"] = float(np.abs(out["cos"] - buffer).max()) if buffer.size else 0.0
    return out
