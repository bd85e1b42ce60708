"""What each attention head does: entropy and first/previous/self shares, induction scores, the text roles
(word starts, spaces, line starts), and the role labels built from them."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..arrays import float_tensor


def attention_head_stats(pattern) -> dict[str, np.ndarray]:
    """Summaries of each head's attention pattern [nh, T, T] (or one head [T, T]); each value is [nh].

    entropy: mean over query rows of -sum p log p (nats); 0 = all weight on one key, ln(t+1) = uniform.
    first: mean weight on key 0 (an "attention sink" puts most of it there).
    previous: mean weight on key t-1.
    self: mean weight on key t (the diagonal).
    Row 0 is skipped when T > 1: under the causal mask it can only attend to itself, which would
    count the same forced 1.0 as first-token, self and zero entropy for every head.

    >>> prev = torch.zeros(3, 3); prev[0, 0] = prev[1, 0] = prev[2, 1] = 1
    >>> attention_head_stats(prev)["previous"]
    array([1.], dtype=float32)
    """
    p = float_tensor(pattern)  # a copy: cached arrays are read-only
    if p.dim() == 2:
        p = p[None]  # [1, T, T]
    if p.dim() != 3 or p.shape[-1] != p.shape[-2]:
        raise ValueError(f"pattern must be [nh, T, T], got shape {tuple(p.shape)}")
    nh, T, _ = p.shape
    rows = slice(1, None) if T > 1 else slice(0, None)
    t = torch.arange(T)
    entropy = -(p * torch.log(p.clamp_min(1e-30))).sum(-1)  # [nh, T]; 0 log 0 -> 0
    first = p[:, :, 0]  # [nh, T]
    self_share = p[:, t, t]  # [nh, T]
    previous = torch.zeros(nh, T)
    previous[:, 1:] = p[:, t[1:], t[1:] - 1]  # [nh, T-1]
    return {
        "entropy": entropy[:, rows].mean(-1).numpy(),
        "first": first[:, rows].mean(-1).numpy(),
        "previous": previous[:, rows].mean(-1).numpy() if T > 1 else np.zeros(nh, dtype=np.float32),
        "self": self_share[:, rows].mean(-1).numpy(),
    }


def induction_scores(pattern, repeat_len: int) -> np.ndarray:
    """Mean weight [...] from each position t of the second copy to t - repeat_len + 1, for patterns [..., T, T].

    On a sequence seq + seq (T = 2S), or seq + seq[:-1] (T = 2S - 1, the Train page's probe), the key
    t - repeat_len + 1 is the token that came *after* the previous occurrence of the current token: the one an
    induction head copies forward. A single [T, T] pattern gets a leading axis: [nh, T, T] -> [nh].
    """
    p = float_tensor(pattern)  # a copy: cached arrays are read-only
    if p.dim() == 2:
        p = p[None]
    S = int(repeat_len)
    if S < 2 or p.shape[-1] < 2 * S - 1:
        raise ValueError(f"need a pattern over seq + seq with repeat_len >= 2, got T={p.shape[-1]}, repeat_len={S}")
    t = torch.arange(S, p.shape[-1])  # query positions in the second copy
    return p[..., t, t - S + 1].mean(-1).numpy()  # [...]


def _last_position(mask: torch.Tensor) -> torch.Tensor:
    """For each i, the latest j <= i where mask[j] is True, else -1: [T] bool -> [T] long."""
    positions = torch.where(mask, torch.arange(len(mask)), torch.full_like(mask, -1, dtype=torch.long))  # [T]
    return torch.cummax(positions, dim=0).values if len(mask) else positions  # [T]


def text_position_scores(pattern, tokens) -> dict[str, np.ndarray]:
    """How much each head [nh, T, T] (or one head [T, T]) reads the text's word and line boundaries; each value [nh].

    tokens: the T token strings. A token made only of spaces/newlines is whitespace.
    last-space: mean weight on the latest whitespace token at or before the query.
    word-start: mean weight on the first token of the current word (the one just after that whitespace).
    last-newline: mean weight on the latest newline at or before the query.
    Each mean runs over the queries at least two tokens past the key it scores, so the key is never the
    query itself (self) or the token before it (previous-token), and over queries that have such a key
    (a text without whitespace scores 0).

    >>> p = torch.eye(6); p[5] = 0; p[5, 3] = 1  # "ab cde": the query "e" reads "c", its word's first letter
    >>> text_position_scores(p, list("ab cde"))["word-start"]
    array([1.], dtype=float32)
    """
    p = float_tensor(pattern)  # a copy: cached arrays are read-only
    if p.dim() == 2:
        p = p[None]  # [1, T, T]
    nh, T, _ = p.shape
    if len(tokens) != T:
        raise ValueError(f"{len(tokens)} token strings for a pattern over T={T}")
    space = torch.tensor([bool(s) and s.isspace() for s in tokens], dtype=torch.bool)  # [T]
    newline = torch.tensor([bool(s) and s.isspace() and "\n" in s for s in tokens], dtype=torch.bool)  # [T]
    last_space = _last_position(space)  # [T]
    word_start = torch.where(last_space >= 0, last_space + 1, torch.full_like(last_space, -1))  # [T]
    keys = {"last-space": last_space, "word-start": word_start, "last-newline": _last_position(newline)}  # [T] each
    query = torch.arange(T)
    out = {}
    for role, key in keys.items():
        rows = (key >= 0) & (key <= query - 2)  # [T]
        weights = p[:, query[rows], key[rows]]  # [nh, rows]
        out[role] = weights.mean(-1).numpy() if rows.any() else np.zeros(nh, dtype=np.float32)
    return out


TEXT_ROLES = ("last-newline", "word-start", "last-space")
HEAD_ROLES = ("previous-token", "first-token", "self", "induction") + TEXT_ROLES


@dataclass
class HeadScores:
    """Per (layer, head) scores in [0, 1]; each array is [L, nh].

    previous / first / self come from the probe text, induction from a repeated random sequence; the text
    roles (text_position_scores: last-space, word-start, last-newline) from the probe text when its token
    strings were given, else they are None and no head gets those labels.
    """

    previous: np.ndarray
    first: np.ndarray
    self_token: np.ndarray
    induction: np.ndarray
    entropy: np.ndarray
    threshold: float = 0.4
    last_space: np.ndarray | None = None
    word_start: np.ndarray | None = None
    last_newline: np.ndarray | None = None

    def as_dict(self) -> dict[str, np.ndarray]:
        roles = {"previous-token": self.previous, "first-token": self.first, "self": self.self_token,
                 "induction": self.induction, "last-newline": self.last_newline, "word-start": self.word_start,
                 "last-space": self.last_space}  # a tie goes to the first: a newline is also a space
        return {role: values for role, values in roles.items() if values is not None}

    def label(self, layer: int, head: int, threshold: float | None = None) -> str:
        """The role with the highest score if it reaches the threshold, else "mixed"."""
        threshold = self.threshold if threshold is None else threshold
        scores = {role: float(values[layer, head]) for role, values in self.as_dict().items()}
        role = max(scores, key=scores.get)
        return role if scores[role] >= threshold else "mixed"

    def labels(self, threshold: float | None = None) -> list[list[str]]:
        """label() for every head: [L][nh]."""
        L, nh = self.previous.shape
        return [[self.label(layer, head, threshold) for head in range(nh)] for layer in range(L)]


def head_scores_from_patterns(probe_patterns, repeat_patterns, repeat_len: int, threshold: float = 0.4,
                              tokens=None) -> HeadScores:
    """HeadScores from attention patterns: probe [L, nh, T, T] and repeated-sequence [L, nh, 2S, 2S].

    tokens: the probe's T token strings; with them the text roles (text_position_scores) are scored too.
    """
    stats = [attention_head_stats(p) for p in probe_patterns]
    text = {}
    if tokens is not None:
        per_layer = [text_position_scores(p, tokens) for p in probe_patterns]
        text = {role.replace("-", "_"): np.stack([s[role] for s in per_layer]) for role in TEXT_ROLES}  # each [L, nh]
    return HeadScores(
        previous=np.stack([s["previous"] for s in stats]),
        first=np.stack([s["first"] for s in stats]),
        self_token=np.stack([s["self"] for s in stats]),
        induction=np.stack([induction_scores(p, repeat_len) for p in repeat_patterns]),
        entropy=np.stack([s["entropy"] for s in stats]),
        threshold=threshold,
        **text,
    )


def content_token_ids(tokenizer) -> list[int]:
    """Ids of tokens made of letters/digits only: an induction probe built from them never contains a
    newline or separator that would end the "sequence" the model learned to copy."""
    ids = [i for i in range(tokenizer.vocab_size) if tokenizer.token_str(i).strip().isalnum()]
    return ids if len(ids) >= 2 else list(range(tokenizer.vocab_size))


def repeated_random_sequence(vocab_size: int, repeat_len: int, seed: int = 0, allowed_ids=None) -> torch.Tensor:
    """seq + seq [2S] of random ids (from allowed_ids if given), distinct within seq when possible."""
    gen = torch.Generator().manual_seed(int(seed))
    pool = torch.arange(vocab_size) if allowed_ids is None else torch.as_tensor(list(allowed_ids)).long()
    if len(pool) >= repeat_len:
        seq = pool[torch.randperm(len(pool), generator=gen)[:repeat_len]]
    else:
        seq = pool[torch.randint(len(pool), (repeat_len,), generator=gen)]
    return torch.cat([seq, seq])  # [2S]


DEFAULT_REPEAT_LEN = 16


@torch.no_grad()
def head_scores(model, probe_ids=None, repeat_len: int | None = None, seed: int = 0,
                threshold: float = 0.4, allowed_ids=None, tokenizer=None) -> HeadScores:
    """Score every head's role: previous-token, first-token (sink), self, induction, and the text roles.

    probe_ids [T] (e.g. the user's text) feed the first three; without it they use the repeated
    sequence too. Induction is measured on seq + seq of random tokens (repeat_len each, at most
    block_size // 2, default min(16, block_size // 2)); pass allowed_ids=content_token_ids(tokenizer)
    so the probe looks like text (no newlines), which is what the model learned to copy. With a
    tokenizer and probe_ids, the text roles (last-space, word-start, last-newline) are scored on the probe.
    """
    cfg = model.config
    limit = cfg.block_size // 2
    S = min(DEFAULT_REPEAT_LEN, limit) if repeat_len is None else min(int(repeat_len), limit)
    if S < 2:
        raise ValueError(f"block_size {cfg.block_size} is too short for an induction probe")
    repeated = repeated_random_sequence(cfg.vocab_size, S, seed, allowed_ids)  # [2S]
    names = lambda name: name.endswith("attn.hook_pattern")  # noqa: E731
    _, cache = model.run_with_cache(repeated[None], names_filter=names)
    repeat_patterns = cache.stack("attn.hook_pattern")[:, 0]  # [L, nh, 2S, 2S]
    tokens = None
    if probe_ids is None:
        probe_patterns = repeat_patterns
    else:
        probe = torch.as_tensor(probe_ids).long().reshape(-1)[-cfg.block_size:]  # [T]
        _, cache = model.run_with_cache(probe[None], names_filter=names)
        probe_patterns = cache.stack("attn.hook_pattern")[:, 0]  # [L, nh, T, T]
        if tokenizer is not None:
            tokens = [tokenizer.token_str(int(i)) for i in probe]
    return head_scores_from_patterns(probe_patterns, repeat_patterns, S, threshold, tokens)
