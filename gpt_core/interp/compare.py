"""Two runs side by side: two models on one text, or one model on two texts. What changed from A to B.

- pattern_difference: B − A of one head's attention pattern, when both runs read the same number of tokens
  (the masked future stays NaN); None when they do not line up.
- next_token_change: the two next-token distributions aligned by token *string*, so two tokenizers (a char
  model and GPT-2) still meet on the tokens they share; plus the total variation distance and the KL divergence
  when both have one vocabulary.
- attribution_change: two direct logit attributions (gpt_core.interp.attribution) aligned by component name
  (L0H1, L1 MLP, ...); a component one model lacks counts 0 there.

    >>> import numpy as np
    >>> rows, stats = next_token_change(np.array([0.7, 0.2, 0.1]), ["a", "b", "c"],
    ...                                  np.array([0.1, 0.8, 0.1]), ["a", "b", "c"], k=2)
    >>> [(r.token, r.prob_a, r.prob_b, round(r.change, 2)) for r in rows]
    [('b', 0.2, 0.8, 0.6), ('a', 0.7, 0.1, -0.6)]
    >>> round(stats["total_variation"], 2), stats["same_top"]
    (0.6, False)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


def pattern_difference(pattern_a, pattern_b) -> np.ndarray | None:
    """B − A [T, T] of two attention patterns of equal size, NaN above the diagonal (the masked future)."""
    a, b = np.asarray(pattern_a, dtype=np.float64), np.asarray(pattern_b, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 2:
        return None
    diff = b - a  # [T, T]
    diff[np.triu(np.ones_like(diff, dtype=bool), k=1)] = np.nan
    return diff


@dataclass(frozen=True)
class TokenChange:
    token: str  # the token's text (token_str), the key that aligns two vocabularies
    id_a: int | None  # its id in A's vocabulary (None: A has no such token)
    id_b: int | None
    prob_a: float  # 0 where the side has no such token
    prob_b: float

    @property
    def change(self) -> float:
        return self.prob_b - self.prob_a


def _index(vocab: Sequence[str]) -> dict[str, int]:
    """token string -> the first id with that string (a BPE vocabulary may spell one string twice)."""
    out: dict[str, int] = {}
    for i, s in enumerate(vocab):
        out.setdefault(s, i)
    return out


def next_token_change(probs_a, vocab_a: Sequence[str], probs_b, vocab_b: Sequence[str],
                      k: int = 10) -> tuple[list[TokenChange], dict]:
    """The union of each side's k most likely next tokens, aligned by string, most likely (either side) first.

    Returns (rows, stats); stats: top_a, top_b (the two most likely tokens), same_top, total_variation
    (½ Σ|p_b − p_a| over all tokens, 0..1) and kl_a_b (KL(A‖B) in nats), these two only for one shared
    vocabulary (else None).
    """
    pa, pb = np.asarray(probs_a, dtype=np.float64), np.asarray(probs_b, dtype=np.float64)
    index_a, index_b = _index(vocab_a), _index(vocab_b)
    top_a = [vocab_a[i] for i in np.argsort(-pa, kind="stable")[:k]]
    top_b = [vocab_b[i] for i in np.argsort(-pb, kind="stable")[:k]]
    rows = []
    for token in dict.fromkeys([*top_a, *top_b]):
        ia, ib = index_a.get(token), index_b.get(token)
        rows.append(TokenChange(token, ia, ib, float(pa[ia]) if ia is not None else 0.0,
                                float(pb[ib]) if ib is not None else 0.0))
    rows.sort(key=lambda r: -max(r.prob_a, r.prob_b))
    same_vocab = list(vocab_a) == list(vocab_b)
    stats = {"top_a": top_a[0], "top_b": top_b[0], "same_top": top_a[0] == top_b[0], "same_vocab": same_vocab,
             "total_variation": float(0.5 * np.abs(pb - pa).sum()) if same_vocab else None,
             "kl_a_b": _kl(pa, pb) if same_vocab else None}
    return rows, stats


def _kl(p: np.ndarray, q: np.ndarray) -> float:
    """KL(p‖q) in nats over p > 0 (q floored at 1e-30: a softmax is never exactly 0 but may underflow)."""
    keep = p > 0
    return float(np.sum(p[keep] * (np.log(p[keep]) - np.log(np.maximum(q[keep], 1e-30)))))


@dataclass(frozen=True)
class ComponentChange:
    name: str  # "embed", "L0H1", "L1 MLP", ...
    layer: int | None
    head: int | None
    value_a: float | None  # None: side A's model has no such component
    value_b: float | None

    @property
    def change(self) -> float:
        return (self.value_b or 0.0) - (self.value_a or 0.0)


def attribution_change(attribution_a, attribution_b, top: int | None = None) -> list[ComponentChange]:
    """Both attributions' components by name, in model order (A's, then any only B has); with `top`, only the
    `top` largest by max(|a|, |b|), still in model order. None where a side lacks the component."""
    a = {c.name: c for c in attribution_a.components} if attribution_a is not None else {}
    b = {c.name: c for c in attribution_b.components} if attribution_b is not None else {}
    rows = []
    for name in dict.fromkeys([*a, *b]):
        ref = a.get(name) or b.get(name)
        rows.append(ComponentChange(name, ref.layer, ref.head, a[name].value if name in a else None,
                                    b[name].value if name in b else None))
    if top is not None and len(rows) > top:
        size = {r.name: max(abs(r.value_a or 0.0), abs(r.value_b or 0.0)) for r in rows}
        keep = set(sorted(size, key=lambda n: -size[n])[:top])
        rows = [r for r in rows if r.name in keep]
    return rows
