"""Pure analyses over a GPT and its activation cache: parameter counts, PCA, logit lens, attention statistics.

Nothing here draws or imports a UI library; every function takes tensors (or a model and a cache from
`GPT.run_with_cache`) and returns tensors, numpy arrays or plain Python values, so a notebook, the CLI
and the Streamlit pages all read the same numbers.

Shapes use the model's vocabulary: B batch, T tokens, C n_embd, nh heads, hs head size, V vocab,
L n_layer, N points, D features, k components.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch
from torch.nn import functional as F

from .capture import NO_INTERVENTIONS, ActivationCache, Interventions
from .config import GPTConfig
from .sampling import filtered_probs

# ------------------------------------------------------------------------------------------------
# Parameter counting
# ------------------------------------------------------------------------------------------------

PARAMETER_GROUPS = ("wte", "wpe", "attention", "mlp", "layernorm", "lm_head")


def _parameter_group(name: str) -> str:
    """The PARAMETER_GROUPS entry a GPT-2 style parameter name belongs to."""
    if name.startswith("transformer.wte."):
        return "wte"
    if name.startswith("transformer.wpe."):
        return "wpe"
    if ".attn." in name:
        return "attention"
    if ".mlp." in name:
        return "mlp"
    if ".ln_1." in name or ".ln_2." in name or name.startswith("transformer.ln_f."):
        return "layernorm"
    if name.startswith("lm_head."):
        return "lm_head"
    raise ValueError(f"parameter {name!r} belongs to no known group")


def parameter_breakdown(model: torch.nn.Module) -> dict[str, int]:
    """Parameters per group of a built model, plus "total" (== model.num_parameters()).

    Groups: wte (token embedding), wpe (learned position embedding; 0 for sinusoidal/rope/none,
    whose tables are fixed buffers), attention (c_attn + c_proj of every layer), mlp (c_fc + c_proj),
    layernorm (ln_1, ln_2 of every layer and ln_f), lm_head (0 when tied: it *is* wte).

    >>> from gpt_core import GPT
    >>> parameter_breakdown(GPT(GPTConfig(n_layer=1, n_head=1, n_embd=4, vocab_size=3, block_size=2)))["wte"]
    12
    """
    counts = {group: 0 for group in PARAMETER_GROUPS}
    for name, param in model.named_parameters():  # named_parameters() yields a tied weight once
        counts[_parameter_group(name)] += param.numel()
    counts["total"] = sum(counts[group] for group in PARAMETER_GROUPS)
    return counts


def parameter_count_for_config(cfg: GPTConfig) -> dict[str, int]:
    """The same breakdown as parameter_breakdown, computed from the config alone (no model is built).

    Per layer: attention 4C^2 (+4C bias), MLP 2*r*C^2 (+ r*C + C bias), two LayerNorms 2C (+2C bias).
    GPT-3 (L 96, C 12288, V 50257, T 2048, tied) gives about 175 billion:

    >>> round(parameter_count_for_config(GPTConfig(n_layer=96, n_head=96, n_embd=12288,
    ...     vocab_size=50257, block_size=2048))["total"] / 1e9)
    175
    """
    C, L, V = cfg.n_embd, cfg.n_layer, cfg.vocab_size
    hidden = cfg.mlp_ratio * C
    b = 1 if cfg.bias else 0
    attention = C * 3 * C + b * 3 * C + C * C + b * C  # c_attn [3C, C] + c_proj [C, C]
    mlp = C * hidden + b * hidden + hidden * C + b * C  # c_fc [4C, C] + c_proj [C, 4C]
    layernorm = C + b * C  # weight (+ bias) of one LayerNorm
    counts = {
        "wte": V * C,
        "wpe": cfg.block_size * C if cfg.pos_encoding == "learned" else 0,
        "attention": L * attention,
        "mlp": L * mlp,
        "layernorm": (2 * L + 1) * layernorm,
        "lm_head": 0 if cfg.tie_weights else V * C,
    }
    counts["total"] = sum(counts.values())
    return counts


# ------------------------------------------------------------------------------------------------
# Projections and similarity
# ------------------------------------------------------------------------------------------------


@dataclass
class PCA:
    """A fitted principal-component basis: project any [N, D] points into the same k axes.

    mean [D], components [k, D] (orthonormal rows), explained [k] (variance ratio of the fit data).
    """

    mean: torch.Tensor
    components: torch.Tensor
    explained: torch.Tensor

    def transform(self, y) -> torch.Tensor:
        """Coordinates [N, k] of points y [N, D] (or [..., D]) in this basis."""
        y = torch.as_tensor(y, dtype=self.mean.dtype)
        return (y - self.mean) @ self.components.T  # [..., k]


def fit_pca(x, k: int = 2) -> PCA:
    """Fit PCA on x [N, D] via SVD of the centred data; signs are fixed so results are deterministic.

    Each component's largest-|value| entry is made positive (SVD may return either sign). When k
    exceeds the rank that N or D allows, the extra components are zero with zero explained variance.

    >>> p = fit_pca(torch.tensor([[0., 0.], [2., 0.], [4., 0.]]), k=1)
    >>> p.components, p.explained
    (tensor([[1., 0.]]), tensor([1.]))
    """
    x = torch.as_tensor(x).float()
    if x.dim() != 2:
        raise ValueError(f"fit_pca expects [N, D] points, got shape {tuple(x.shape)}")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    N, D = x.shape
    mean = x.mean(0) if N else torch.zeros(D)  # [D]
    centred = x - mean  # [N, D]
    _, S, Vh = torch.linalg.svd(centred, full_matrices=False)  # S [r], Vh [r, D], r = min(N, D)
    r = min(k, Vh.shape[0])
    components = torch.zeros(k, D)  # [k, D]
    components[:r] = Vh[:r]
    biggest = components.abs().argmax(dim=1)  # [k]
    signs = torch.sign(components[torch.arange(k), biggest])  # [k]
    signs[signs == 0] = 1.0
    components = components * signs[:, None]
    variance = S**2  # [r]
    total = variance.sum()
    explained = torch.zeros(k)  # [k]
    if total > 0:
        explained[:r] = variance[:r] / total
    return PCA(mean=mean, components=components, explained=explained)


def pca_project(x, k: int = 2) -> tuple[torch.Tensor, torch.Tensor]:
    """Coordinates [N, k] of x [N, D] on its own top-k principal axes, and their explained variance ratio [k]."""
    pca = fit_pca(x, k)
    return pca.transform(x), pca.explained


def project_with(pca: PCA, y) -> torch.Tensor:
    """Project y [N, D] into an already fitted basis (e.g. fit on all residual states, show one layer)."""
    return pca.transform(y)


def cosine_similarity_matrix(x) -> torch.Tensor:
    """Pairwise cosine similarity [N, N] of the rows of x [N, D]; a zero row is similar to nothing (0).

    >>> cosine_similarity_matrix(torch.tensor([[1., 0.], [0., 2.], [3., 0.]]))
    tensor([[1., 0., 1.],
            [0., 1., 0.],
            [1., 0., 1.]])
    """
    x = torch.as_tensor(x).float()
    unit = F.normalize(x, dim=-1, eps=1e-12)  # [N, D]
    return unit @ unit.T  # [N, N]


# ------------------------------------------------------------------------------------------------
# Logit lens
# ------------------------------------------------------------------------------------------------


@dataclass
class LensRow:
    """What the model would predict if the residual stream stopped here: top-k ids and probabilities."""

    name: str  # "embedding" or "after block i"
    ids: list[int]
    probs: list[float]
    tracked: dict[int, float] = field(default_factory=dict)  # id -> probability for ids asked to track


def residual_stack(cache: ActivationCache, n_layer: int, batch_index: int = 0) -> tuple[list[str], torch.Tensor]:
    """Names and residual stream states [L+1, T, C]: the embeddings (resid_pre of block 0), then each block's output."""
    try:
        states = [cache["transformer.h.0.hook_resid_pre"][batch_index]]  # [T, C]
        states += [cache[f"transformer.h.{i}.hook_resid_post"][batch_index] for i in range(n_layer)]
    except KeyError as missing:
        raise KeyError(f"the cache lacks {missing}; run run_with_cache without a names_filter that drops residuals") from None
    names = ["embedding"] + [f"after block {i}" for i in range(n_layer)]
    return names, torch.stack(states)  # [L+1, T, C]


@torch.no_grad()
def logit_lens(model, cache: ActivationCache, position: int = -1, top_k: int = 5, batch_index: int = 0,
               track_ids: list[int] | None = None) -> list[LensRow]:
    """Decode the residual stream after every layer with the model's own ln_f and lm_head.

    One LensRow per stage: the embeddings, then after block 0 .. L-1. The last row is exactly the
    model's next-token distribution (its forward pass applies the same ln_f then lm_head), so the rows
    show where in depth the final prediction forms.
    """
    names, states = residual_stack(cache, model.config.n_layer, batch_index)  # states [L+1, T, C]
    resid = states[:, position]  # [L+1, C]
    logits = model.lm_head(model.transformer.ln_f(resid))  # [L+1, V]
    probs = F.softmax(logits.float(), dim=-1)  # [L+1, V]
    k = min(top_k, probs.shape[-1])
    top = probs.topk(k, dim=-1)  # values, indices [L+1, k]
    rows = []
    for i, name in enumerate(names):
        tracked = {int(t): float(probs[i, int(t)]) for t in (track_ids or [])}
        rows.append(LensRow(name, top.indices[i].tolist(), top.values[i].tolist(), tracked))
    return rows


# ------------------------------------------------------------------------------------------------
# Attention statistics and head roles
# ------------------------------------------------------------------------------------------------


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
    p = torch.tensor(np.asarray(pattern), dtype=torch.float32)  # a copy: cached arrays are read-only
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
    """Mean weight [nh] from each position t of the second copy to t - repeat_len + 1.

    On a sequence seq + seq, the key t - repeat_len + 1 is the token that came *after* the previous
    occurrence of the current token: the one an induction head copies forward. pattern [nh, 2S, 2S].
    """
    p = torch.tensor(np.asarray(pattern), dtype=torch.float32)  # a copy: cached arrays are read-only
    if p.dim() == 2:
        p = p[None]
    S = int(repeat_len)
    if S < 2 or p.shape[-1] < 2 * S:
        raise ValueError(f"need a pattern over seq + seq with repeat_len >= 2, got T={p.shape[-1]}, repeat_len={S}")
    t = torch.arange(S, 2 * S)  # query positions in the second copy
    return p[:, t, t - S + 1].mean(-1).numpy()  # [nh]


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
    p = torch.tensor(np.asarray(pattern), dtype=torch.float32)  # a copy: cached arrays are read-only
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


# ------------------------------------------------------------------------------------------------
# Next-token distribution
# ------------------------------------------------------------------------------------------------


def next_token_table(logits_row, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None,
                     k_show: int = 10) -> list[tuple[int, float, float]]:
    """The k_show most likely next tokens as (id, raw softmax prob, prob after temperature/top-k/top-p).

    Sorted by raw probability; the filtered column is exactly what generate() samples from.
    """
    logits = torch.as_tensor(logits_row).float().reshape(-1)  # [V]
    raw = F.softmax(logits, dim=-1)  # [V]
    filtered = filtered_probs(logits[None], temperature, top_k, top_p)[0]  # [V]
    k = min(int(k_show), logits.numel())
    order = raw.topk(k).indices  # [k]
    return [(int(i), float(raw[i]), float(filtered[i])) for i in order]


# ------------------------------------------------------------------------------------------------
# Attention arithmetic labs
# ------------------------------------------------------------------------------------------------


def softmax_orders(scores, temperature: float = 1.0) -> dict:
    """The causal mask applied before vs after softmax, on already scaled scores [T, T].

    Why -inf *before* softmax: exp(-inf) = 0, so a future key gets exactly zero weight and the
    remaining weights are renormalised among the allowed keys — every row is still a probability
    distribution. Zeroing the future *after* softmax removes weight that softmax had already spread
    there, so rows sum to less than 1 (only the last row, which has no future, keeps 1), and the
    normalisation is wrong: the past keys' weights were divided by a sum that included the future.

    Returns masked_scores, masked_softmax, unmasked_softmax, softmax_then_zero (each [T, T]) and
    row_sums: {name: [T]} for the three softmaxes.

    >>> out = softmax_orders(torch.zeros(2, 2))
    >>> out["row_sums"]["softmax_then_zero"]
    tensor([0.5000, 1.0000])
    """
    s = torch.as_tensor(scores).float() / float(temperature)  # [T, T]
    T = s.shape[-1]
    future = torch.ones(T, T, dtype=torch.bool).triu(1)  # [T, T], True above the diagonal
    masked_scores = s.masked_fill(future, float("-inf"))  # [T, T]
    masked = F.softmax(masked_scores, dim=-1)  # [T, T], each row sums to 1
    unmasked = F.softmax(s, dim=-1)  # [T, T], leaks the future
    then_zero = unmasked.masked_fill(future, 0.0)  # [T, T], rows sum to < 1
    return {
        "masked_scores": masked_scores,
        "masked_softmax": masked,
        "unmasked_softmax": unmasked,
        "softmax_then_zero": then_zero,
        "row_sums": {
            "masked_softmax": masked.sum(-1),
            "unmasked_softmax": unmasked.sum(-1),
            "softmax_then_zero": then_zero.sum(-1),
        },
    }


def scaling_demo(d_values=(4, 16, 64, 256, 1024), n_samples: int = 4000, seed: int = 0, T: int = 16,
                 n_matrices: int = 64) -> dict[str, list[float]]:
    """Why scores are divided by sqrt(d): the dot product of two unit-variance d-vectors has variance d.

    For each d: var(q.k) (about d) and var(q.k / sqrt(d)) (about 1) over n_samples random pairs; and
    the mean over rows of the largest softmax weight of random [T, T] score matrices, unscaled
    (saturates towards 1: one key takes everything, gradients vanish) vs scaled (stays spread).
    Deterministic for a seed.
    """
    gen = torch.Generator().manual_seed(int(seed))
    out: dict[str, list[float]] = {"d": [], "var_dot": [], "var_scaled": [], "max_prob_unscaled": [],
                                   "max_prob_scaled": []}
    for d in d_values:
        d = int(d)
        q = torch.randn(n_samples, d, generator=gen)  # [n, d]
        k = torch.randn(n_samples, d, generator=gen)  # [n, d]
        dot = (q * k).sum(-1)  # [n]
        Q = torch.randn(n_matrices, T, d, generator=gen)  # [m, T, d]
        K = torch.randn(n_matrices, T, d, generator=gen)  # [m, T, d]
        scores = Q @ K.transpose(-2, -1)  # [m, T, T]
        out["d"].append(d)
        out["var_dot"].append(float(dot.var()))
        out["var_scaled"].append(float((dot / math.sqrt(d)).var()))
        out["max_prob_unscaled"].append(float(F.softmax(scores, -1).amax(-1).mean()))
        out["max_prob_scaled"].append(float(F.softmax(scores / math.sqrt(d), -1).amax(-1).mean()))
    return out


def matmul_two_views(q_row, K) -> dict[str, torch.Tensor]:
    """q @ K^T read two ways, for q_row [hs] and K [T, hs].

    Row view: entry t is the dot product of q with row t of K (how well key t matches the query).
    Column view: the whole result is a weighted sum of K's columns, column c ([T]) weighted by q[c].

    Returns products [T, hs] (q[c] * K[t, c]), row_view [T] (products summed over c),
    column_terms [hs, T] (q[c] * K[:, c]) and column_view [T] (column_terms summed over c).
    """
    # torch.tensor copies: the app passes read-only numpy views of its cached analysis
    q = torch.tensor(np.asarray(q_row), dtype=torch.float32).reshape(-1)  # [hs]
    K = torch.tensor(np.asarray(K), dtype=torch.float32)  # [T, hs]
    products = K * q  # [T, hs]
    row_view = torch.stack([torch.dot(q, K[t]) for t in range(K.shape[0])]) if K.shape[0] else torch.zeros(0)  # [T]
    column_terms = q[:, None] * K.T  # [hs, T]
    column_view = column_terms.sum(0)  # [T]
    return {"products": products, "row_view": row_view, "column_terms": column_terms, "column_view": column_view}


def show_the_math(model, cache: ActivationCache, layer: int, head: int, i: int, j: int, batch_index: int = 0,
                  interventions: Interventions | None = None) -> dict:
    """Every number behind one attention weight pattern[i, j] of (layer, head), recomputed from q and k.

    Returns q_i [hs], k_j [hs], dot, scale (1/sqrt(hs), or 1 when scaling was switched off),
    scaled_score, masked (j > i under the causal mask: the score became -inf), masked_score,
    row_scores [T] (scaled scores of row i after the mask), row_softmax [T], weight (row_softmax[j]),
    allowed_keys (how many keys the softmax spreads over: i + 1 under the mask, else T), hs, and
    pattern_value (the cached weight, equal to weight).
    """
    interventions = interventions or NO_INTERVENTIONS
    q = cache.block(layer, "attn.hook_q")[batch_index, head]  # [T, hs]
    k = cache.block(layer, "attn.hook_k")[batch_index, head]  # [T, hs]
    T, hs = q.shape
    if not (0 <= i < T and 0 <= j < T):
        raise IndexError(f"query {i} / key {j} outside 0..{T - 1}")
    scale = 1.0 / math.sqrt(hs) if interventions.scale_scores else 1.0
    q_i, k_j = q[i], k[j]  # [hs], [hs]
    dot = float(q_i @ k_j)
    row_scores = (k @ q_i) * scale  # [T]
    masked = bool(interventions.causal_mask and j > i)
    if interventions.causal_mask:
        row_scores = row_scores.masked_fill(torch.arange(T) > i, float("-inf"))  # [T]
    row_softmax = F.softmax(row_scores, dim=-1)  # [T]
    return {
        "q_i": q_i, "k_j": k_j, "dot": dot, "scale": scale, "scaled_score": dot * scale,
        "masked": masked, "masked_score": float("-inf") if masked else dot * scale,
        "row_scores": row_scores, "row_softmax": row_softmax, "weight": float(row_softmax[j]),
        "pattern_value": float(cache.block(layer, "attn.hook_pattern")[batch_index, head, i, j]),
        "allowed_keys": i + 1 if interventions.causal_mask else T, "hs": hs,
    }
