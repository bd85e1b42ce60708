"""The next token: the distribution at one position (before and after the sampling filters), one sampling
step, the per-position predictions of a single forward pass, and the logit lens on cached activations.

Built on gpt_core's own functions (sampling.filtered_probs, next_token.next_token_table, lens.logit_lens), so
what a view draws is exactly what generation samples from. Tested in tests/test_interp_next_token.py.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from ..arrays import float_tensor
from ..capture import ActivationCache, act_name
from ..sampling import filtered_probs
from .lens import LensRow, logit_lens


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


@dataclass(frozen=True)
class Sampling:
    """The generation settings, in the form gpt_core takes them (None = filter off)."""

    temperature: float = 1.0
    top_k: int | None = None
    top_p: float | None = None

    @classmethod
    def from_controls(cls, temperature: float, top_k: int, top_p: float) -> "Sampling":
        """UI controls use 0 for "top-k off" and 1.0 for "top-p off"."""
        return cls(float(temperature), int(top_k) if top_k and top_k > 0 else None,
                   float(top_p) if top_p < 1.0 else None)



def entropy(p: np.ndarray) -> float:
    """Shannon entropy in nats, -sum p ln p over p > 0 (0 ln 0 = 0).

    >>> round(entropy(np.array([0.5, 0.5, 0.0])), 4)   # ln 2
    0.6931
    """
    p = np.asarray(p, dtype=np.float64)
    nz = p[p > 0]
    # a one-hot row gives -(1 * 0) = -0.0 and a p rounded just above 1 a tiny negative: both would read "-0.000"
    return max(0.0, float(-(nz * np.log(nz)).sum()))


@dataclass
class Distribution:
    """The next-token distribution at one position, before and after the sampling filters."""

    logits: np.ndarray  # [V]
    raw: np.ndarray  # [V] softmax(logits)
    filtered: np.ndarray  # [V] what generate() samples from
    table: list[tuple[int, float, float]]  # next_token_table rows: (id, raw, filtered), by raw prob
    survivors: int  # tokens with nonzero filtered probability
    entropy_raw: float  # nats
    entropy_filtered: float  # nats

    def rank(self, token_id: int) -> int:
        """1-based rank of token_id under the raw distribution (1 = most likely)."""
        return int((self.raw > self.raw[token_id]).sum()) + 1

    def rows(self, extra_ids: tuple[int, ...] = ()) -> list[tuple[int, float, float]]:
        """The table rows, plus rows for extra_ids (e.g. the actual or sampled token) not already in it."""
        shown = {i for i, _, _ in self.table}
        extra = [(int(i), float(self.raw[i]), float(self.filtered[i])) for i in extra_ids if int(i) not in shown]
        return self.table + extra


def distribution(logits_row, sampling: Sampling, k_show: int = 10) -> Distribution:
    """Raw and filtered distributions of one position's logits [V], with the survivors and the entropies.

    >>> d = distribution([2.0, 1.0, 0.0], Sampling(top_k=2))
    >>> d.survivors, [round(f, 4) for _, _, f in d.table]
    (2, [0.7311, 0.2689, 0.0])
    """
    logits = float_tensor(logits_row).reshape(-1)  # [V] (a copy: inputs may be read-only)
    raw = F.softmax(logits, dim=-1).numpy().astype(np.float64)  # [V]
    filtered = filtered_probs(logits[None], sampling.temperature, sampling.top_k, sampling.top_p)[0]  # [V]
    filtered = filtered.numpy().astype(np.float64)
    table = next_token_table(logits, sampling.temperature, sampling.top_k, sampling.top_p, k_show=k_show)
    return Distribution(logits.numpy().astype(np.float64), raw, filtered, table, int((filtered > 0).sum()),
                        entropy(raw), entropy(filtered))


def context_ids(prompt_ids, continuation, block_size: int) -> list[int]:
    """What the model reads for the next step: prompt + continuation, cropped to the last block_size ids,
    exactly as GPT.generate crops."""
    ids = list(prompt_ids) + list(continuation)
    return ids[-block_size:]


@dataclass
class Step:
    """One sampled token and the last-position logits it was sampled from."""

    token_id: int
    logits: np.ndarray  # [V]
    sampling: Sampling


@torch.no_grad()
def sample_step(model, ids, sampling: Sampling, generator: torch.Generator) -> Step:
    """Sample ONE next token after ids [T], advancing generator.

    The same operations, in the same order, as one iteration of GPT.generate, so n calls with a
    generator seeded s give the n tokens of model.generate(ids, n, seed=s) (pinned by a test).
    """
    context = torch.tensor([context_ids(ids, [], model.config.block_size)], dtype=torch.long)  # [1, T]
    logits, _ = model(context)  # [1, T, V]
    last = logits[:, -1, :]  # [1, V]: generation keeps only the last position's prediction
    probs = filtered_probs(last, sampling.temperature, sampling.top_k, sampling.top_p)  # [1, V]
    next_id = torch.multinomial(probs, 1, generator=generator)  # [1, 1]
    return Step(int(next_id), last[0].float().numpy().copy(), sampling)


@torch.no_grad()
def generate_continuation(model, prompt_ids, n: int, sampling: Sampling, seed: int) -> list[int]:
    """n new ids after prompt_ids via model.generate (deterministic for a seed); the prompt is not returned."""
    idx = torch.tensor([list(prompt_ids)], dtype=torch.long)  # [1, T]
    out = model.generate(idx, int(n), sampling.temperature, sampling.top_k, sampling.top_p, seed=int(seed))
    return out[0, idx.shape[1]:].tolist()


@dataclass
class PerPosition:
    """What one forward pass predicts at every position (T predictions, T-1 of them checkable in the text)."""

    top_ids: np.ndarray  # [T] argmax prediction at each position
    top_probs: np.ndarray  # [T]
    target_ids: np.ndarray  # [T-1] the token that actually follows position t
    target_probs: np.ndarray  # [T-1] probability the model gave it
    losses: np.ndarray  # [T-1] -ln target_probs: the per-position cross-entropy training averages

    @property
    def mean_loss(self) -> float:
        return float(self.losses.mean()) if self.losses.size else float("nan")

    @property
    def hits(self) -> int:
        """Positions whose top prediction is the actual next token."""
        return int((self.top_ids[:-1] == self.target_ids).sum())


def per_position(probs, ids) -> PerPosition:
    """From probs [T, V] of one forward pass and the ids [T] it read.

    >>> p = per_position(np.array([[0.9, 0.1], [0.2, 0.8]]), [0, 0])
    >>> p.target_probs.tolist(), p.hits
    ([0.9], 1)
    """
    probs = np.asarray(probs, dtype=np.float64)  # [T, V]
    ids = np.asarray(ids, dtype=np.int64)  # [T]
    targets = ids[1:]  # [T-1]
    target_probs = probs[np.arange(len(targets)), targets]  # [T-1]
    with np.errstate(divide="ignore"):
        losses = -np.log(target_probs)
    return PerPosition(probs.argmax(-1), probs.max(-1), targets, target_probs, losses)


def unembedding_is_tied(model) -> bool:
    """lm_head.weight *is* transformer.wte.weight: the logit lens then reads the embedding row back through the
    matrix that wrote it, so that row's top token is (usually) the current token itself."""
    return model.lm_head.weight is model.transformer.wte.weight


def lens_rows(model, acts: dict, position: int, top_k: int = 5) -> list[LensRow]:
    """gpt_core.interp.lens.logit_lens at one position, read from cached activations (no new forward pass)."""
    n_layer = model.config.n_layer
    names = [act_name("resid_pre", 0)] + [act_name("resid_post", i) for i in range(n_layer)]
    return logit_lens(model, ActivationCache.from_unbatched(acts, names), position=position, top_k=top_k)


def generator_for(seed: int, saved_state=None) -> torch.Generator:
    """The step sampler: restored from saved_state (a torch.Generator.get_state()) or freshly seeded."""
    generator = torch.Generator()
    if saved_state is None:
        generator.manual_seed(int(seed))
    else:
        generator.set_state(saved_state)
    return generator
