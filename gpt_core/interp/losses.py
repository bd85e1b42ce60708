"""Next-token losses on a text, and the comparison of two runs of the model on it (before / after a change)."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import torch

from ..capture import NO_INTERVENTIONS, Interventions


def log_softmax(logits) -> np.ndarray:
    """ln softmax along the last axis, in float64 (torch.log_softmax, so it is the model's own formula).

    >>> log_softmax([0.0, 0.0]).round(4)
    array([-0.6931, -0.6931])
    """
    return torch.log_softmax(torch.as_tensor(np.asarray(logits, dtype=np.float64)), dim=-1).numpy()


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


# ---- batches of the model's own training text ------------------------------------------------------------
def training_text(record: Mapping | None, input_text: str) -> tuple[str, str]:
    """Text from the model's training distribution and where it came from: "shakespeare" (the training
    split of Tiny Shakespeare, when the model was trained on it and the file is on disk), "task" (a fresh
    sample of its synthetic task), or "input" (the user's text, the fallback)."""
    from ..data import CorpusError, load_shakespeare, make_task_corpus

    corpus = str((record or {}).get("corpus", ""))
    if corpus == "tinyshakespeare":
        try:
            text = load_shakespeare().text
            return text[: int(len(text) * 0.9)], "shakespeare"  # the trainer's contiguous training split
        except CorpusError:
            pass
    if corpus.startswith("task:"):
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
