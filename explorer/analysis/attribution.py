"""Data behind the "Why this prediction?" page: attribution parts as a table, the patching defaults, the checks
that say in the user's language why patching cannot run, and the neuron table. Pure: gpt_core + numpy/pandas.

The maths is gpt_core.interp (attribution, patching, neurons); what is here only arranges it for a view and
picks sensible defaults (a one-token corruption, the answer/wrong pair) from the model's own logits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
import torch

from gpt_core.interp.attribution import Attribution, Component
from gpt_core.tokenizers import token_kind, token_label

PATCH_MAX_TOKENS = 64  # patching costs L x (2T + nh) forward passes: the prompts are cut to their last 64 tokens
MANY_PARTS = 60  # above this many attribution parts the chart shows the largest SHOWN_PARTS unless asked for all
SHOWN_PARTS = 40
CONTENT_KINDS = ("uppercase", "lowercase", "letter", "vowel", "digit")  # tokens a one-token edit may replace


# ------------------------------------------------------------------------------------------------
# Direct logit attribution
# ------------------------------------------------------------------------------------------------


def component_kind(c: Component) -> str:
    """embed | pos_embed | head | attn_bias | mlp | norm_bias (what colours a bar and names it in any language).

    >>> component_kind(Component("L0 attn bias", 0, None, 0.1)), component_kind(Component("L1H2", 1, 2, 0.3))
    ('attn_bias', 'head')
    """
    if c.head is not None:
        return "head"
    if c.name in ("embed", "pos_embed"):
        return c.name
    if c.name == "ln_f bias":
        return "norm_bias"
    if c.name.endswith("attn bias"):
        return "attn_bias"
    if c.name.endswith("MLP"):
        return "mlp"
    raise ValueError(f"unknown attribution component {c.name!r}")


def attribution_table(attribution: Attribution) -> pd.DataFrame:
    """One row per part in the model's order (embeddings, then per layer its heads, bias, MLP; ln_f bias last):
    name, kind, layer, head (-1 where none), value, order (that position)."""
    rows = [{"name": c.name, "kind": component_kind(c), "layer": -1 if c.layer is None else c.layer,
             "head": -1 if c.head is None else c.head, "value": c.value, "order": n}
            for n, c in enumerate(attribution.components)]
    return pd.DataFrame(rows, columns=["name", "kind", "layer", "head", "value", "order"])


def arrange_parts(table: pd.DataFrame, by: str = "value", limit: int | None = None) -> pd.DataFrame:
    """The parts to draw, top bar first: by "value" (largest first) or by "layer" (the model's order); with limit,
    only the `limit` largest in absolute value (kept in the chosen order).

    >>> t = pd.DataFrame({"name": ["a", "b", "c"], "value": [0.5, -2.0, 1.0], "order": [0, 1, 2]})
    >>> list(arrange_parts(t, "value").name), list(arrange_parts(t, "layer", limit=2).name)
    (['c', 'a', 'b'], ['b', 'c'])
    """
    if by not in ("value", "layer"):
        raise ValueError(f"by must be 'value' or 'layer', got {by!r}")
    if limit is not None and len(table) > limit:
        table = table.loc[table["value"].abs().sort_values(ascending=False, kind="stable").index[:limit]]
    key = "value" if by == "value" else "order"
    return table.sort_values(key, ascending=by == "layer", kind="stable").reset_index(drop=True)


def top_predictions(logits_row, k: int = 10) -> list[tuple[int, float]]:
    """The k most likely next tokens at one position: [(id, probability)], most likely first."""
    row = np.asarray(logits_row, dtype=np.float64)
    probs = np.exp(row - row.max())
    probs /= probs.sum()
    top = np.argsort(-row, kind="stable")[: min(int(k), row.size)]
    return [(int(i), float(probs[i])) for i in top]


_TYPED_WHITESPACE = {"␣": " ", "⏎": "\n", "⇥": "\t", "␍": "\r", "\\n": "\n", "\\t": "\t"}


def parse_token(tokenizer, typed: str, vocab_labels: Sequence[str] | None = None) -> int | None:
    """The id of the one token a user typed, or None: a token's own text (" " is a space), its visible label as the
    page shows it ("␣", "⏎", "␣the"; \\n and \\t typed as two characters work too), or any label of vocab_labels.

    >>> from gpt_core.tokenizers import CharTokenizer
    >>> tok = CharTokenizer("ab \\n")  # ids in sorted order: "\\n" 0, " " 1, "a" 2, "b" 3
    >>> [parse_token(tok, s) for s in ["a", "␣", "⏎", "\\\\n", "ab", "z", ""]]
    [2, 1, 0, 0, None, None, None]
    """
    if not typed:
        return None
    candidates = [typed]
    spelled = typed
    for symbol, char in _TYPED_WHITESPACE.items():
        spelled = spelled.replace(symbol, char)
    if spelled != typed:
        candidates.append(spelled)
    for text in candidates:
        try:
            ids = tokenizer.encode(text, unknown="error")
        except (ValueError, KeyError):
            continue
        if len(ids) == 1:
            return int(ids[0])
    if vocab_labels is not None:
        for i, label in enumerate(vocab_labels):
            if label == typed:
                return i
    return None


# ------------------------------------------------------------------------------------------------
# Activation patching
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corruption:
    text: str  # the clean text with one token replaced
    position: int  # which token
    clean_id: int
    corrupt_id: int


def cut_to_last(text: str, pieces, n: int = PATCH_MAX_TOKENS) -> str:
    """The text from its n-th last token on (all of it when it has n tokens or fewer); pieces: its encoding."""
    return text if len(pieces) <= n else text[pieces[-n].start:]


@torch.no_grad()
def suggest_corruption(model, tokenizer, text: str, pieces, ids: Sequence[int], unknown: str = "skip",
                       window: int = 8, alternatives: int = 20) -> Corruption | None:
    """A one-token edit of the clean prompt that moves the model's last prediction most, for patching to explain.

    Candidates: each of the last `window` word-like tokens before the final one (an edit there must travel to the
    last position through attention, which is what the heatmaps then show; the final token itself only when the
    text has no other), replaced by the model's own most likely word-like alternative at that position, kept only
    when the edited text encodes to the same number of tokens differing at that one place. Winner: the candidate
    whose last-position logits change the most (the largest spread of clean - corrupt logit changes).
    None when no token can be edited so.
    """
    ids = [int(i) for i in ids]
    T = len(ids)
    if T == 0:
        return None
    logits, _ = model(torch.tensor([ids]))  # [1, T, V]
    logits = logits[0].double()
    content = [p for p in range(T) if token_kind(tokenizer.token_str(ids[p])) in CONTENT_KINDS]
    positions = [p for p in content if p < T - 1][-window:] or content[-1:]
    candidates: list[Corruption] = []
    for p in positions:
        if p == 0:
            order = torch.argsort(-logits[0]).tolist()  # no prediction of position 0: the tokens the first one makes likely
        else:
            order = torch.argsort(-logits[p - 1]).tolist()
        for alt in order[:alternatives]:
            if alt == ids[p] or token_kind(tokenizer.token_str(alt)) not in CONTENT_KINDS:
                continue
            piece = pieces[p]
            edited = text[:piece.start] + tokenizer.token_str(alt) + text[piece.end:]
            try:
                new_ids = tokenizer.encode(edited, unknown=unknown)
            except (ValueError, KeyError):
                continue
            if len(new_ids) == T and [q for q in range(T) if new_ids[q] != ids[q]] == [p]:
                candidates.append(Corruption(edited, p, ids[p], int(alt)))
                break
    if not candidates:
        return None
    batch = torch.tensor([tokenizer.encode(c.text, unknown=unknown) for c in candidates])  # [n, T]
    corrupt_last, _ = model(batch)
    change = logits[-1][None] - corrupt_last[:, -1].double()  # [n, V]
    spread = change.max(dim=-1).values - change.min(dim=-1).values  # [n]
    return candidates[int(torch.argmax(spread))]


def contrast_tokens(clean_last, corrupt_last, k: int = 10) -> tuple[int, int]:
    """(answer, wrong): among the k most likely tokens of either run, the pair whose logit difference the
    corruption moves most: answer loses the most logit (clean - corrupt largest), wrong gains the most.

    >>> contrast_tokens([3.0, 1.0, 0.0], [1.0, 2.0, 0.0], k=2)
    (0, 1)
    """
    clean = np.asarray(clean_last, dtype=np.float64)
    corrupt = np.asarray(corrupt_last, dtype=np.float64)
    k = min(int(k), clean.size)
    pool = np.union1d(np.argsort(-clean, kind="stable")[:k], np.argsort(-corrupt, kind="stable")[:k])
    change = clean[pool] - corrupt[pool]
    answer = int(pool[int(np.argmax(change))])
    rest = pool[pool != answer]
    wrong = int(rest[int(np.argmin(clean[rest] - corrupt[rest]))]) if rest.size else (answer + 1) % clean.size
    return answer, wrong


def differing_positions(clean_ids: Sequence[int], corrupt_ids: Sequence[int]) -> list[int]:
    """Where two prompts of equal length have different tokens."""
    return [p for p, (a, b) in enumerate(zip(clean_ids, corrupt_ids)) if int(a) != int(b)]


def patching_problem(clean_ids: Sequence[int], corrupt_ids: Sequence[int], answer: int | None, wrong: int | None,
                     clean_diff: float | None = None, corrupt_diff: float | None = None) -> str | None:
    """Why activation_patching cannot run on these inputs, as a catalogue code (None when it can): the same checks
    gpt_core makes, so the page can say each in the user's language before calling it.

    >>> patching_problem([1, 2], [1, 2, 3], 0, 1), patching_problem([1, 2], [1, 2], 0, 1)
    ('unequal', 'same_tokens')
    """
    if not clean_ids or not corrupt_ids:
        return "empty"
    if len(clean_ids) != len(corrupt_ids):
        return "unequal"
    if not differing_positions(clean_ids, corrupt_ids):
        return "same_tokens"
    if answer is None or wrong is None:
        return "bad_token"
    if int(answer) == int(wrong):
        return "same_answer"
    if clean_diff is not None and corrupt_diff is not None and abs(clean_diff - corrupt_diff) < 1e-6:
        return "no_gap"
    return None


def position_labels(clean_labels: Sequence[str], corrupt_labels: Sequence[str]) -> list[str]:
    """One axis label per position: the token, or "clean→corrupt" where the prompts differ.

    >>> position_labels(["a", "b"], ["a", "c"])
    ['a', 'b→c']
    """
    return [a if a == b else f"{a}→{b}" for a, b in zip(clean_labels, corrupt_labels)]


# ------------------------------------------------------------------------------------------------
# Neurons
# ------------------------------------------------------------------------------------------------


def neuron_table(most_active, labels: Sequence[str]) -> pd.DataFrame:
    """gpt_core.interp.neurons.most_active_neurons(...) [L][k] as rows: layer, neuron, max_activation, position,
    token (its visible label), rank within its layer."""
    rows = [{"layer": n.layer, "neuron": n.neuron, "max_activation": n.max_activation, "position": n.position,
             "token": labels[n.position] if 0 <= n.position < len(labels) else "", "rank": rank}
            for per_layer in most_active for rank, n in enumerate(per_layer)]
    return pd.DataFrame(rows, columns=["layer", "neuron", "max_activation", "position", "token", "rank"])


def top_neuron(table: pd.DataFrame) -> tuple[int, int]:
    """(layer, neuron) of the largest activation on the text; (0, 0) for an empty table."""
    if table.empty:
        return 0, 0
    row = table.loc[table["max_activation"].idxmax()]
    return int(row["layer"]), int(row["neuron"])


def visible_vocab(tokenizer, vocab_size: int) -> list[str]:
    """Every token's display label (what the page shows and what a typed token is matched against)."""
    return [token_label(tokenizer.token_str(i)) for i in range(vocab_size)]
