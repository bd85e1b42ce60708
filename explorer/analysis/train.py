"""Pure computations behind the Train page: the probe a run is watched on, the snapshot taken at each
evaluation, the loss-chart rows and the plain-language hints (as catalogue keys and fields: the page
translates them). No streamlit, no plotly.

A snapshot runs the model once on a fixed probe (the same ids at every step), so the attention
patterns, next-token probabilities and embedding map of different steps can be compared directly:

    >>> from gpt_core import GPT, GPTConfig
    >>> from gpt_core.data import make_task_corpus
    >>> from gpt_core.tokenizers import CharTokenizer
    >>> corpus = make_task_corpus("repeat", n_examples=20)
    >>> tokenizer = CharTokenizer.from_text(corpus.text)
    >>> val_ids = tokenizer.encode(corpus.text)
    >>> model = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=8, vocab_size=tokenizer.vocab_size, block_size=32))
    >>> probe = choose_probe(tokenizer, "task:repeat", val_ids, user_text="", block_size=32)
    >>> snap = take_snapshot(model, probe, step=100)
    >>> snap.attention.shape == (1, 2, len(probe.ids), len(probe.ids))   # [L, nh, T, T]
    True
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import torch
from torch.nn import functional as F

from gpt_core.data import TASKS, make_repeat_probe
from gpt_core.interp.geometry import fit_pca
from gpt_core.interp.heads import induction_scores
from gpt_core.tokenizers import CharTokenizer, Tokenizer, UnknownCharactersError  # noqa: F401 (doctest)

from explorer.analysis.text_prep import token_label

MAX_PROBE_TOKENS = 64  # an attention grid of L x nh heads stays readable up to about this many rows
TOP_K = 10
REPEAT_TASKS = ("task:repeat", "task:induction")  # lines are a random string written twice


# ---- the probe ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Probe:
    ids: tuple[int, ...]
    labels: tuple[str, ...]  # visible label per token ('⏎', '␣')
    source: str  # "repeat probe" | "your sidebar text" | "validation text"
    text: str
    repeat_len: int | None = None  # the probe is seq + seq[:-1] with len(seq) == repeat_len (token level)
    expected_next: int | None = None  # the token that really comes next, when known

    def __len__(self) -> int:
        return len(self.ids)


def _labels(tokenizer: Tokenizer, ids: Sequence[int]) -> tuple[str, ...]:
    return tuple(token_label(tokenizer.token_str(i)) for i in ids)


def _encode_exact(tokenizer: Tokenizer, text: str) -> list[int] | None:
    """Ids of `text` if every character is in the vocabulary, else None (a probe must not silently drop chars)."""
    try:
        return tokenizer.encode(text, unknown="error")
    except UnknownCharactersError:
        return None


def choose_probe(tokenizer: Tokenizer, corpus_name: str, val_ids: Sequence[int], user_text: str, block_size: int,
                 max_tokens: int = MAX_PROBE_TOKENS, seed: int = 0) -> Probe:
    """The fixed input a run is watched on, at most min(block_size, max_tokens) tokens.

    - task:repeat / task:induction: a fresh random string written twice, minus its last token, so the last position's
      prediction is exactly what an induction head gets right (the letter that followed last time);
    - otherwise the user's sidebar text when every character of it is in the new vocabulary;
    - otherwise the start of the validation text (aligned to a line start for the line-based tasks).
    """
    n = max(2, min(int(block_size), int(max_tokens)))
    if corpus_name in REPEAT_TASKS:
        length = max(2, min(TASKS[corpus_name.removeprefix("task:")].default_length, (n + 1) // 2))
        text = make_repeat_probe(length, seed)
        ids = _encode_exact(tokenizer, text)
        if ids is not None and len(ids) == len(text):  # one token per letter: positions line up with the copy
            ids = ids[:-1]
            return Probe(tuple(ids), _labels(tokenizer, ids), "repeat probe", text[:-1], repeat_len=length,
                         expected_next=int(tokenizer.encode(text[-1])[0]))
    if user_text and user_text.strip():
        ids = _encode_exact(tokenizer, user_text)
        if ids and len(ids) >= 2:
            ids = ids[:n]
            return Probe(tuple(ids), _labels(tokenizer, ids), "your sidebar text", tokenizer.decode(ids))
    val = [int(i) for i in np.asarray(val_ids).reshape(-1)]
    start = 0
    if corpus_name.startswith("task:"):
        newline = _encode_exact(tokenizer, "\n")
        if newline and len(newline) == 1 and newline[0] in val[: len(val) // 2]:
            start = val.index(newline[0]) + 1  # the first whole example
    ids = val[start:start + n]
    if len(ids) < 2:
        ids = val[:n]
    following = val[start + len(ids)] if start + len(ids) < len(val) else None
    return Probe(tuple(ids), _labels(tokenizer, ids), "validation text", tokenizer.decode(ids), expected_next=following)


# ---- the text a trained model opens with ---------------------------------------------------------------
def _fit_tokens(tokenizer: Tokenizer, text: str, block_size: int | None, keep: str) -> str:
    """text cut to at most block_size tokens of the model's own tokenizer, keeping its "start" or its "end".

    Cut by characters and re-encoded, since a BPE tokenization of a cut text can differ from a slice of ids.
    """
    if block_size is None:
        return text
    while text and len(tokenizer.encode(text, unknown="skip")) > block_size:
        text = text[1:] if keep == "end" else text[:-1]
    return text


def suggested_prompt(corpus_name: str, tokenizer: Tokenizer | None, block_size: int | None, default: str,
                     seed: int = 7) -> str:
    """A text that suits a model: within its context and ending where it has something to predict.

    A task model gets whole examples of its own task and then one cut short: right after the separator
    (the next token is the answer's first), or for the separator-less repeat tasks half way through the copy
    (an induction head can predict the rest). Earlier examples are dropped, then the cut one's start, until
    it fits block_size tokens. Any other model gets `default`, without characters outside its vocabulary,
    cut at the end to fit and never ending in whitespace.

    >>> tok = CharTokenizer.from_text("abcdefghijklmnop>\\n")
    >>> suggested_prompt("task:sort", tok, 16, "")
    'mbfboejf>'
    """
    from gpt_core.data import CorpusError, make_task_corpus

    if tokenizer is None:
        block_size = None  # nothing to count tokens with
    name = corpus_name.removeprefix("task:")
    if corpus_name.startswith("task:") and name in TASKS:
        spec = TASKS[name]
        try:
            lines = make_task_corpus(name, n_examples=4, seed=seed).text.splitlines()
        except CorpusError:
            lines = []
        if lines and (tokenizer is None or _encode_exact(tokenizer, "\n".join(lines)) is not None):
            last = lines[-1]
            if spec.separator:
                ending = last[: last.index(spec.separator) + len(spec.separator)]
            else:
                half = len(last) // 2  # the line is seq + seq
                ending = last[: half + max(1, half // 2)]
            for first in range(len(lines)):
                text = "\n".join([*lines[first:-1], ending])
                if block_size is None or len(tokenizer.encode(text)) <= block_size:
                    return text
            return _fit_tokens(tokenizer, ending, block_size, keep="end")
    if tokenizer is None:
        return default
    known = tokenizer.decode(tokenizer.encode(default, unknown="skip"))
    fitted = _fit_tokens(tokenizer, known, block_size, keep="start").rstrip()
    return fitted or default


# ---- snapshots --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrainingSnapshot:
    """What the model does with the probe at one step. Arrays are read-only numpy."""

    step: int
    attention: np.ndarray  # [L, nh, T, T] softmax pattern of every head on the probe
    top_ids: np.ndarray  # [k] most likely next tokens after the probe's last position
    top_probs: np.ndarray  # [k] their softmax probabilities
    expected_prob: float | None  # probability given to the token that really comes next (if known)
    probe_loss: float  # mean cross-entropy of the model's predictions inside the probe (nats/token)
    embedding_xy: np.ndarray  # [V, 2] token embeddings wte on their top-2 principal axes
    explained: np.ndarray  # [2] variance ratio of those axes
    induction: np.ndarray | None  # [L, nh] induction score per head (repeat probe only)


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.flags.writeable = False
    return a


def align_signs(xy: np.ndarray, reference: np.ndarray | None) -> np.ndarray:
    """Flip each axis of xy [N, k] whose direction disagrees with reference [N, k].

    PCA axes have no intrinsic sign; without this the map would mirror itself between snapshots
    even when the embeddings barely moved.

    >>> align_signs(np.array([[1., 2.], [-1., -2.]]), np.array([[-1., 2.], [1., -2.]])).tolist()
    [[-1.0, 2.0], [1.0, -2.0]]
    """
    if reference is None or reference.shape != xy.shape:
        return xy
    signs = np.where(np.sum(xy * reference, axis=0) < 0, -1.0, 1.0)  # [k]
    return xy * signs


def induction_by_head(attention: np.ndarray, repeat_len: int) -> np.ndarray:
    """[L, nh] induction score of every head on the probe seq + seq[:-1] (gpt_core.interp.heads.induction_scores);
    zeros when the probe has no second copy to score."""
    if int(repeat_len) < 2 or attention.shape[-1] <= int(repeat_len):
        return np.zeros(attention.shape[:2], dtype=np.float32)
    return induction_scores(attention, repeat_len).astype(np.float32)


@torch.no_grad()
def take_snapshot(model, probe: Probe, step: int, previous: TrainingSnapshot | None = None,
                  top_k: int = TOP_K) -> TrainingSnapshot:
    """One explicit forward pass on the probe plus a PCA of the token embeddings (~ms for tiny models)."""
    n_layer = model.config.n_layer
    names = {f"transformer.h.{i}.attn.hook_pattern" for i in range(n_layer)}
    device = next(model.parameters()).device
    idx = torch.tensor([probe.ids], dtype=torch.long, device=device)  # [1, T]
    logits, cache = model.run_with_cache(idx, names_filter=names.__contains__)  # logits [1, T, V]
    attention = torch.stack([cache[f"transformer.h.{i}.attn.hook_pattern"][0] for i in range(n_layer)])  # [L, nh, T, T]
    attention = attention.float().cpu().numpy()
    logits = logits[0].float().cpu()  # [T, V]
    probs = F.softmax(logits[-1], dim=-1)  # [V]
    k = min(int(top_k), probs.numel())
    top = probs.topk(k)
    probe_loss = float(F.cross_entropy(logits[:-1], idx[0, 1:].cpu())) if len(probe) > 1 else float("nan")
    expected = float(probs[probe.expected_next]) if probe.expected_next is not None else None

    wte = model.transformer.wte.weight.detach().float().cpu()  # [V, C]
    pca = fit_pca(wte, k=2)
    xy = pca.transform(wte).numpy()  # [V, 2]
    xy = align_signs(xy, previous.embedding_xy if previous is not None else None)
    induction = induction_by_head(attention, probe.repeat_len) if probe.repeat_len else None
    return TrainingSnapshot(
        step=int(step), attention=_readonly(attention.astype(np.float32)), top_ids=_readonly(top.indices.numpy()),
        top_probs=_readonly(top.values.numpy().astype(np.float32)), expected_prob=expected, probe_loss=probe_loss,
        embedding_xy=_readonly(xy.astype(np.float32)), explained=_readonly(pca.explained.numpy()),
        induction=_readonly(induction) if induction is not None else None,
    )


def vocab_labels(tokenizer: Tokenizer) -> list[str]:
    return [token_label(tokenizer.token_str(i)) for i in range(tokenizer.vocab_size)]


# ---- curves ----------------------------------------------------------------------------------------
def bucket_means(steps: Sequence[int], values: Sequence[float], max_points: int = 400) -> tuple[list[int], list[float]]:
    """Average consecutive points into at most max_points buckets (x = last step of each bucket).

    >>> bucket_means([1, 2, 3, 4], [4.0, 2.0, 3.0, 1.0], max_points=2)
    ([2, 4], [3.0, 2.0])
    """
    n = len(steps)
    if n <= max_points:
        return list(steps), [float(v) for v in values]
    size = math.ceil(n / max_points)
    xs, ys = [], []
    for start in range(0, n, size):
        chunk = np.asarray(values[start:start + size], dtype=float)
        xs.append(int(steps[min(start + size, n) - 1]))
        ys.append(float(np.mean(chunk)))
    return xs, ys


# ---- hints ------------------------------------------------------------------------------------------
# AdamW moves every weight by about lr per step whatever its gradient, and these models' weights start near 0.02:
# from about this rate on, a loss stuck at ln(V) means the steps are too large, not too small.
HIGH_LR = 3e-2


@dataclass(frozen=True)
class Hint:
    """One reading of a run, as a catalogue key ("train.hint.<name>") and the fields its text is formatted with.

    >>> from explorer.i18n import t
    >>> hint = training_hints([], {}, "failed")[0]
    >>> hint.level, t(hint.key, lang="en", **hint.fields)
    ('error', 'The run failed. The model keeps its last good weights.')
    """

    level: str  # "error" | "warning" | "info" | "success"
    key: str
    fields: Mapping[str, object] = field(default_factory=dict)


def _stuck_hint(first: Mapping[str, float] | None, last: Mapping[str, float], uniform: float,
                lr: float | None) -> Hint:
    """Why a loss may still sit at ln(V): too high a rate (it stays there or rises from step 0), or too low."""
    rose = first is not None and last["train_loss"] > first["train_loss"] + 0.01
    fields = {"step": int(last["step"]), "uniform": float(uniform)}
    if lr is not None and lr >= HIGH_LR:
        return Hint("info", "train.hint.stuck_lower", {**fields, "lr": float(lr)})
    if rose:
        return Hint("info", "train.hint.stuck_rose", fields)
    if lr is None:
        return Hint("info", "train.hint.stuck", fields)
    return Hint("info", "train.hint.stuck_higher", {**fields, "lr": float(lr)})


def training_hints(evals: Sequence[Mapping[str, float]], baselines: Mapping[str, float], status: str,
                   error: str = "", step: int = 0, total_steps: int = 0, lr: float | None = None) -> list[Hint]:
    """Plain-language readings of a run: what looks wrong (and what to try), or what went right.

    evals: the evaluation history (dicts with step, train_loss, val_loss), oldest first.
    baselines: {"uniform": ln(V), "bigram": ...} in nats per token.
    lr: the run's peak learning rate, when known: it decides which way a stuck run should move it.
    """
    hints: list[Hint] = []
    uniform = baselines.get("uniform")
    bigram = baselines.get("bigram")
    if status == "failed":
        hints.append(Hint("error", "train.hint.failed", {"error": error}) if error
                     else Hint("error", "train.hint.failed_unknown"))
    finite = [e for e in evals if math.isfinite(e.get("train_loss", math.nan)) and math.isfinite(e.get("val_loss", math.nan))]
    if len(evals) > len(finite) and status != "failed":
        hints.append(Hint("error", "train.hint.not_finite"))
    trained = [e for e in finite if e["step"] > 0]
    if uniform is not None and trained:
        last = trained[-1]
        first = next((e for e in finite if e["step"] == 0), None)
        if last["train_loss"] > uniform + 0.05:
            hints.append(Hint("warning", "train.hint.above_uniform",
                              {"loss": float(last["train_loss"]), "uniform": float(uniform)}))
        elif total_steps and last["step"] >= 0.3 * total_steps and last["train_loss"] > uniform - 0.02 * uniform:
            hints.append(_stuck_hint(first, last, uniform, lr))
    if len(trained) >= 3:
        a, b, c = trained[-3:]
        if c["val_loss"] > b["val_loss"] > a["val_loss"] and c["train_loss"] < b["train_loss"] < a["train_loss"]:
            hints.append(Hint("warning", "train.hint.overfitting"))
    if bigram is not None and trained and trained[-1]["val_loss"] < bigram - 0.01 and status != "failed":
        hints.append(Hint("success", "train.hint.below_bigram",
                          {"loss": float(trained[-1]["val_loss"]), "bigram": float(bigram)}))
    return hints


def format_duration(seconds: float | None) -> str:
    """'1:05' for 65 s, '1:02:03' above an hour, '–' when unknown."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "–"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
