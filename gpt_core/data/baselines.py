"""Reference losses (nats/token) that put a model's loss curve in context.

A trained GPT should beat the bigram loss; if it does not, it has learned no more than
"which character tends to follow which".
"""

from __future__ import annotations

import math

import numpy as np


def _as_ids(ids, vocab_size: int, label: str) -> np.ndarray:
    arr = np.asarray(ids).reshape(-1).astype(np.int64)
    if arr.size and (arr.min() < 0 or arr.max() >= vocab_size):
        raise ValueError(f"{label} ids must be in [0, {vocab_size}), found {arr.min()}..{arr.max()}.")
    return arr


def _check(vocab_size: int, smoothing: float) -> None:
    if vocab_size < 1:
        raise ValueError(f"vocab_size must be positive, got {vocab_size}.")
    if smoothing <= 0:
        raise ValueError(f"smoothing must be > 0 (unseen tokens would get probability 0), got {smoothing}.")


def uniform_loss(vocab_size: int) -> float:
    """Loss of guessing uniformly: ln(V). For the 65-char Shakespeare vocab, ln 65 = 4.17."""
    if vocab_size < 1:
        raise ValueError(f"vocab_size must be positive, got {vocab_size}.")
    return math.log(vocab_size)


def unigram_loss(train_ids, val_ids, vocab_size: int, smoothing: float = 1.0) -> float:
    """Cross-entropy on val of add-`smoothing` token frequencies counted on train (no context at all)."""
    _check(vocab_size, smoothing)
    train = _as_ids(train_ids, vocab_size, "train")
    val = _as_ids(val_ids, vocab_size, "val")
    if val.size == 0:
        raise ValueError("val_ids is empty.")
    counts = np.bincount(train, minlength=vocab_size) + smoothing
    log_probs = np.log(counts) - np.log(counts.sum())
    return float(-log_probs[val].mean())


def bigram_loss(train_ids, val_ids, vocab_size: int, smoothing: float = 1.0) -> float:
    """Cross-entropy on val of an add-`smoothing` bigram model counted on train.

    p(b | a) = (count(a, b) + s) / (count(a, .) + s * V), averaged over the len(val) - 1 val pairs.
    Worked example: train "abab" (a=0, b=1), V=2, s=1: count(a,b)=2, count(b,a)=1, count(a,.)=2,
    count(b,.)=1, so on val "ab" the loss is -ln((2+1)/(2+2)) = ln(4/3) = 0.2877.

    Only the pairs that occur are counted (np.unique over a*V+b codes), so memory is O(tokens), not
    O(V^2): a 50k-token BPE vocab would need a 2.5e9-cell table.
    """
    _check(vocab_size, smoothing)
    train = _as_ids(train_ids, vocab_size, "train")
    val = _as_ids(val_ids, vocab_size, "val")
    if val.size < 2:
        raise ValueError("val_ids needs at least 2 tokens to form a bigram.")
    train_codes = train[:-1] * vocab_size + train[1:]  # (N-1,) one integer per (prev, next) pair
    pair_codes, pair_counts = np.unique(train_codes, return_counts=True)  # sorted
    context_counts = np.bincount(train[:-1], minlength=vocab_size)  # count(a, .)

    val_codes = val[:-1] * vocab_size + val[1:]
    # Look each val pair up in the sorted train pairs. A -1 sentinel (never a real code) at the end
    # makes the "past the last pair" index valid, so unseen pairs simply count 0.
    where = np.searchsorted(pair_codes, val_codes)
    padded_codes = np.append(pair_codes, -1)
    padded_counts = np.append(pair_counts, 0)
    val_pair_counts = np.where(padded_codes[where] == val_codes, padded_counts[where], 0)

    log_probs = np.log(val_pair_counts + smoothing) - np.log(context_counts[val[:-1]] + smoothing * vocab_size)
    return float(-log_probs.mean())
