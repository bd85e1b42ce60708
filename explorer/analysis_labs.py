"""Pure computations behind the Concept labs, What if… and Show the math pages (no streamlit).

The pages read the model's own activations from the cached analysis (numpy arrays without the batch
dimension); what is computed here is what the model does not record itself: losses on the input text,
before/after comparisons of two runs, position-encoding and rotary demos, q·k statistics, MLP neuron
summaries, memory estimates, the two readings of a matrix product, and a tiny model trained with and
without the causal mask. Unit-tested in tests/test_labs.py.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np
import torch
from torch.nn import functional as F

from gpt_core.capture import NO_INTERVENTIONS, ActivationCache, Interventions
from gpt_core.config import GPTConfig
from gpt_core.inspect import attention_head_stats, matmul_two_views, show_the_math
from gpt_core.model import GPT, apply_rope, rope_tables, sinusoidal_table

# ------------------------------------------------------------------------------------------------
# Losses and before/after comparisons
# ------------------------------------------------------------------------------------------------


def log_softmax(logits) -> np.ndarray:
    """ln softmax along the last axis, in float64 (stable: the row max is subtracted first)."""
    x = np.asarray(logits, dtype=np.float64)
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def next_token_losses(logits, ids: Sequence[int]) -> np.ndarray:
    """Cross-entropy [T-1] of predicting ids[t+1] from position t (what training minimises), in nats.

    >>> next_token_losses(np.zeros((3, 4)), [0, 1, 2]).round(4)    # uniform over 4: ln 4 each
    array([1.3863, 1.3863])
    """
    ids = np.asarray(ids, dtype=np.int64).reshape(-1)
    if len(ids) < 2:
        return np.zeros(0)
    logp = log_softmax(np.asarray(logits)[: len(ids) - 1])  # [T-1, V]
    return -logp[np.arange(len(ids) - 1), ids[1:]]


def mean_loss(logits, ids: Sequence[int]) -> float | None:
    """Mean next-token cross-entropy on the input; None when the input has a single token (nothing to predict)."""
    losses = next_token_losses(logits, ids)
    return float(losses.mean()) if losses.size else None


def compare_predictions(logits_before, logits_after, ids: Sequence[int], k: int = 8) -> dict:
    """Everything a what-if shows: next-token probabilities after the last token, before vs after, and the loss.

    tokens: the union of both runs' top-k ids at the last position, ordered by the larger of the two
    probabilities; before / after: their probabilities [n]; loss_before / loss_after: mean next-token
    cross-entropy on the input (None for one token); per_position_before / _after [T-1]; top1_changed:
    the share of positions whose most likely next token differs; kl_last: KL(before || after) in nats
    at the last position.
    """
    lb, la = log_softmax(logits_before), log_softmax(logits_after)  # [T, V]
    pb, pa = np.exp(lb[-1]), np.exp(la[-1])  # [V]
    k = min(int(k), pb.size)
    union = list(dict.fromkeys(list(np.argsort(-pb)[:k]) + list(np.argsort(-pa)[:k])))
    union.sort(key=lambda i: -max(pb[i], pa[i]))
    per_before, per_after = next_token_losses(logits_before, ids), next_token_losses(logits_after, ids)
    return {
        "tokens": [int(i) for i in union],
        "before": pb[union],
        "after": pa[union],
        "loss_before": float(per_before.mean()) if per_before.size else None,
        "loss_after": float(per_after.mean()) if per_after.size else None,
        "per_position_before": per_before,
        "per_position_after": per_after,
        "top1_changed": float((lb.argmax(-1) != la.argmax(-1)).mean()),
        "kl_last": float((pb * (lb[-1] - la[-1])).sum()),
        "top1_before": int(pb.argmax()),
        "top1_after": int(pa.argmax()),
    }


def loss_vs_temperature(logits, ids: Sequence[int], temperatures: Sequence[float]) -> np.ndarray:
    """Mean next-token loss on the input with the logits divided by each temperature [len(temperatures)]."""
    logits = np.asarray(logits, dtype=np.float64)
    return np.asarray([mean_loss(logits / float(tau), ids) for tau in temperatures], dtype=np.float64)


def z_change_by_head(acts_before: Mapping[str, np.ndarray], acts_after: Mapping[str, np.ndarray],
                     n_layer: int) -> np.ndarray:
    """Largest |z_after - z_before| per head [L, nh] (attn.hook_z is [nh, T, hs] per layer).

    Ablating head (l, h) zeroes its own z; heads in layers <= l keep exactly the same z (their input is
    unchanged), while every later layer sees a different residual stream.
    """
    out = []
    for layer in range(n_layer):
        name = f"transformer.h.{layer}.attn.hook_z"
        diff = np.abs(np.asarray(acts_after[name], dtype=np.float64) - np.asarray(acts_before[name], dtype=np.float64))
        out.append(diff.reshape(diff.shape[0], -1).max(-1))  # [nh]
    return np.stack(out)


def parse_head_labels(labels: Sequence[str]) -> frozenset[tuple[int, int]]:
    """{"L0H1", "L2H3"} -> {(0, 1), (2, 3)}."""
    heads = set()
    for label in labels:
        layer, head = label.removeprefix("L").split("H")
        heads.add((int(layer), int(head)))
    return frozenset(heads)


def mean_row_entropy(pattern) -> float:
    """Mean entropy (nats) of a pattern's query rows [T, T], row 0 skipped (gpt_core's attention_head_stats)."""
    return float(attention_head_stats(np.asarray(pattern, dtype=np.float32))["entropy"][0])


# ------------------------------------------------------------------------------------------------
# Position encodings
# ------------------------------------------------------------------------------------------------


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


def rope_relative_demo(head_size: int, n_positions: int, seed: int = 0) -> dict:
    """Rotary encoding on one fixed pair of random vectors q, k [hs]: the score depends only on the offset.

    RoPE rotates each (x_c, x_{c+hs/2}) pair of q at position m by angle m*theta_c and of k at position
    n by n*theta_c, so rot(q, m) . rot(k, n) = sum_c |.||.| cos(phi_c + (m - n) theta_c): a function
    of m - n alone. Returns scores [P, P] (query m, key n), offsets [2P-1] (n - m from -(P-1) to P-1),
    by_offset [2P-1] (the score at each offset), spread (largest difference between two entries with the
    same offset: float rounding only), plain_dot (q . k without rotation, the same at every position pair).
    """
    if head_size % 2:
        raise ValueError(f"rotary encoding needs an even head size, got {head_size}")
    gen = torch.Generator().manual_seed(int(seed))
    q = torch.randn(head_size, generator=gen)  # [hs]
    k = torch.randn(head_size, generator=gen)  # [hs]
    P = int(n_positions)
    cos, sin = rope_tables(P, head_size)  # [P, hs]
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


# ------------------------------------------------------------------------------------------------
# Scaling by 1/sqrt(d_k) on the model's own q and k
# ------------------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------------
# MLP
# ------------------------------------------------------------------------------------------------


def gelu(x) -> np.ndarray:
    """The exact GELU nn.GELU() computes: x * Phi(x) (Phi the standard normal CDF)."""
    return F.gelu(torch.as_tensor(np.asarray(x, dtype=np.float64))).numpy()


def relu(x) -> np.ndarray:
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


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
    g = gelu(neg) if neg.size else np.zeros(0)
    return {
        "negative": float((x < 0).mean()) if x.size else 0.0,
        "below_minus_3": float((x < -3).mean()) if x.size else 0.0,
        "gelu_neg_mean": float(g.mean()) if g.size else 0.0,
        "gelu_neg_min": float(g.min()) if g.size else 0.0,
    }


# ------------------------------------------------------------------------------------------------
# Parameter calculator
# ------------------------------------------------------------------------------------------------

CONFIG_PRESETS = {
    # Radford et al. 2019 (GPT-2 small) and Brown et al. 2020 (GPT-3 175B); both tie lm_head to wte.
    "gpt2-small": dict(n_layer=12, n_embd=768, n_head=12, vocab_size=50257, block_size=1024, tie_weights=True),
    "gpt3": dict(n_layer=96, n_embd=12288, n_head=96, vocab_size=50257, block_size=2048, tie_weights=True),
}

BYTES_PER_PARAM = {  # weights only, except the training row
    "fp32": 4,
    "fp16": 2,
    "bf16": 2,
    "adamw_fp32": 16,  # fp32 weights 4 + gradients 4 + AdamW first moment 4 + second moment 4
}


def memory_estimate(n_params: int) -> dict[str, int]:
    """Bytes for n_params parameters per storage format (BYTES_PER_PARAM); activations are not included."""
    return {name: int(n_params) * size for name, size in BYTES_PER_PARAM.items()}


def human_bytes(n: float) -> str:
    """1536 -> '1.50 KiB' (binary units, as memory is sized)."""
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if abs(n) >= size:
            return f"{n / size:.2f} {unit}"
    return f"{int(n)} B"


def human_count(n: float) -> str:
    """124439808 -> '124.4M'."""
    for unit, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.1f}{unit}"
    return str(int(n))


def parameter_formulas(cfg: GPTConfig) -> dict[str, str]:
    """The arithmetic behind each group of gpt_core.inspect.parameter_count_for_config, with this config's numbers."""
    C, L, V, r = cfg.n_embd, cfg.n_layer, cfg.vocab_size, cfg.mlp_ratio
    b = "" if cfg.bias else "0·"
    return {
        "wte": f"V·C = {V:,}·{C:,}",
        "wpe": f"T·C = {cfg.block_size:,}·{C:,}" if cfg.pos_encoding == "learned" else f"0 ({cfg.pos_encoding})",
        "attention": f"L·(4C² + {b}4C) = {L}·(4·{C:,}² + {b}4·{C:,})",
        "mlp": f"L·(2·{r}C² + {b}({r}C + C)) = {L}·(2·{r}·{C:,}² + {b}{r + 1}·{C:,})",
        "layernorm": f"(2L + 1)·(C + {b}C) = {2 * L + 1}·{'2' if cfg.bias else '1'}·{C:,}",
        "lm_head": "0 (= wteᵀ)" if cfg.tie_weights else f"V·C = {V:,}·{C:,}",
    }


# ------------------------------------------------------------------------------------------------
# Two views of a matrix product, on q K^T
# ------------------------------------------------------------------------------------------------


def matmul_check(q, k, scores_row, i: int) -> dict:
    """Row i of one head's scores computed both ways from q [T, hs] and k [T, hs], against the model's.

    row_view / column_view [T] are q_i K^T read as dot products and as a weighted sum of K's columns
    (gpt_core.inspect.matmul_two_views); scaled_* multiply by 1/sqrt(hs), which is what the model's
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


# ------------------------------------------------------------------------------------------------
# Show the math
# ------------------------------------------------------------------------------------------------


def show_math_cell(acts: Mapping[str, np.ndarray], layer: int, head: int, i: int, j: int,
                   interventions: Interventions = NO_INTERVENTIONS) -> dict:
    """gpt_core.inspect.show_the_math on the cached numpy activations (which lack the batch dimension).

    Adds products [hs] (q_i * k_j elementwise; their sum is dot) and abs_diff (|recomputed - model|).
    """
    names = ("attn.hook_q", "attn.hook_k", "attn.hook_pattern")
    cache = ActivationCache({f"transformer.h.{layer}.{n}": torch.from_numpy(
        np.array(acts[f"transformer.h.{layer}.{n}"], dtype=np.float32))[None] for n in names})
    out = show_the_math(None, cache, layer, head, i, j, interventions=interventions)
    out = {key: value.numpy() if isinstance(value, torch.Tensor) else value for key, value in out.items()}
    out["products"] = out["q_i"] * out["k_j"]
    out["abs_diff"] = abs(out["weight"] - out["pattern_value"])
    return out


# ------------------------------------------------------------------------------------------------
# Training data, batch losses, and a tiny model that learns to cheat
# ------------------------------------------------------------------------------------------------


def training_text(record: Mapping | None, input_text: str) -> tuple[str, str]:
    """Text from the model's training distribution and where it came from: "shakespeare" (the training
    split of Tiny Shakespeare, when the model was trained on it and the file is on disk), "task" (a fresh
    sample of its synthetic task), or "input" (the user's text, the fallback)."""
    corpus = str((record or {}).get("corpus", ""))
    if corpus == "tinyshakespeare":
        from gpt_core.data import CorpusError, load_shakespeare

        try:
            text = load_shakespeare().text
            return text[: int(len(text) * 0.9)], "shakespeare"  # the trainer's contiguous training split
        except CorpusError:
            pass
    if corpus.startswith("task:"):
        from gpt_core.data import CorpusError, make_task_corpus

        try:
            return make_task_corpus(corpus.removeprefix("task:"), n_examples=2000, seed=0).text, "task"
        except CorpusError:
            pass
    return input_text, "input"


def encode_for_batches(tokenizer, text: str, max_chars: int = 300_000) -> np.ndarray:
    """Token ids of (the start of) text; characters outside the vocabulary are skipped."""
    return np.asarray(tokenizer.encode(text[:max_chars], unknown="skip"), dtype=np.int64)


def fixed_batch(ids, block_size: int, batch_size: int = 8, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor] | None:
    """One fixed (x, y) batch [B, T] of windows from ids, y = x shifted by one; a single shorter window
    when ids are too short for block_size; None under 2 tokens."""
    ids = np.asarray(ids, dtype=np.int64)
    if len(ids) > block_size:
        gen = np.random.default_rng(seed)
        starts = gen.integers(0, len(ids) - block_size, size=batch_size)
        offsets = starts[:, None] + np.arange(block_size)  # [B, T]
        return torch.from_numpy(ids[offsets]), torch.from_numpy(ids[offsets + 1])
    if len(ids) >= 2:
        return torch.from_numpy(ids[None, :-1]), torch.from_numpy(ids[None, 1:])
    return None


@torch.no_grad()
def batch_loss(model, x: torch.Tensor, y: torch.Tensor, interventions: Interventions = NO_INTERVENTIONS) -> float:
    """Mean next-token cross-entropy of model on the batch (x, y) [B, T] under the given interventions."""
    _, loss = model(x, y, interventions=interventions)
    return float(loss)


def tiny_config(vocab_size: int, block_size: int = 32) -> GPTConfig:
    """One layer, two heads, rotary positions: rotary makes "read the token at offset +1" easy to learn, so
    a model trained without the mask finds the cheat within ~100 steps (a learned table takes several times longer)."""
    return GPTConfig(vocab_size=int(vocab_size), block_size=block_size, n_layer=1, n_head=2, n_embd=32,
                     pos_encoding="rope")


def train_tiny(ids, vocab_size: int, causal_mask: bool, steps: int = 150, seed: int = 0, batch_size: int = 16,
               block_size: int = 32, lr: float = 1e-2) -> dict:
    """Train a tiny GPT (tiny_config) on windows of ids with or without the causal mask.

    Returns losses [steps] (training loss per step), eval_masked / eval_unmasked (loss on one fixed
    held batch with the mask on and off), pattern [nh, T, T] (the trained model's attention on the first
    window, under the mask setting it was trained with) and window ids [T].
    """
    ids = np.asarray(ids, dtype=np.int64)
    if len(ids) <= block_size + 1:
        raise ValueError(f"need more than {block_size + 1} tokens to train, got {len(ids)}")
    threads = torch.get_num_threads()
    # A 32-wide model gains nothing from intra-op threads, and on a busy 2-core machine a second thread made
    # 150 steps take 4-10x longer (measured); the setting is process-wide, so it is restored right after.
    torch.set_num_threads(1)
    try:
        return _train_tiny(ids, vocab_size, causal_mask, steps, seed, batch_size, block_size, lr)
    finally:
        torch.set_num_threads(threads)


def _train_tiny(ids: np.ndarray, vocab_size: int, causal_mask: bool, steps: int, seed: int, batch_size: int,
                block_size: int, lr: float) -> dict:
    with torch.random.fork_rng(devices=[]):  # seed the init without touching the process's global RNG
        torch.manual_seed(seed)
        model = GPT(tiny_config(vocab_size, block_size))
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    interventions = Interventions(causal_mask=bool(causal_mask))
    gen = np.random.default_rng(seed)
    losses = []
    for _ in range(int(steps)):
        starts = gen.integers(0, len(ids) - block_size - 1, size=batch_size)
        offsets = starts[:, None] + np.arange(block_size)  # [B, T]
        x, y = torch.from_numpy(ids[offsets]), torch.from_numpy(ids[offsets + 1])
        _, loss = model(x, y, interventions=interventions)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
    model.eval()
    held = fixed_batch(ids, block_size, batch_size=16, seed=seed + 1)
    window = held[0][0]  # [T]
    _, cache = model.run_with_cache(window[None], interventions, names_filter=lambda n: n.endswith("hook_pattern"))
    return {
        "losses": np.asarray(losses),
        "eval_masked": batch_loss(model, *held, NO_INTERVENTIONS),
        "eval_unmasked": batch_loss(model, *held, Interventions(causal_mask=False)),
        "pattern": cache.block(0, "attn.hook_pattern")[0].numpy(),  # [nh, T, T]
        "window": window.numpy(),
    }


def next_offset_share(pattern) -> np.ndarray:
    """Mean weight [nh] each query row i < T-1 puts on key i+1 (the very token it should predict)."""
    p = np.asarray(pattern, dtype=np.float64)
    T = p.shape[-1]
    if T < 2:
        return np.zeros(p.shape[0])
    i = np.arange(T - 1)
    return p[:, i, i + 1].mean(-1)
