"""Quiz questions generated from a model and a text, with the answers computed here (the single home of the
numbers). Each question is a kind, the values its wording needs, the choices, and the index of the right one.

Deterministic for a seed: the same model, ids and seed give the same questions."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import torch

from .interp.ablation import ablate
from .interp.heads import attention_head_stats
from .interp.params import parameter_breakdown
from .interp.unembedding import unembedding_view


@dataclass(frozen=True)
class Question:
    kind: str  # the catalogue key's suffix: quiz.kind.<kind>
    params: dict  # what the wording interpolates
    choices: tuple[str, ...]  # shown as they are (numbers, tokens, head names)
    answer: int  # index of the right choice
    view: str  # the view that shows why (explorer.ui.learn.links)
    extra: dict = field(default_factory=dict)


def _options(right, wrong, rng: random.Random, n: int = 4) -> tuple[tuple[str, ...], int]:
    """The right value and up to n-1 distinct wrong ones, shuffled; returns (choices, index of the right one)."""
    pool = [str(w) for w in dict.fromkeys(str(w) for w in wrong) if str(w) != str(right)]
    choices = [str(right)] + rng.sample(pool, min(n - 1, len(pool)))
    rng.shuffle(choices)
    return tuple(choices), choices.index(str(right))


def _near(value: int, rng: random.Random) -> list[int]:
    return [value * 2, max(1, value // 2), value + max(1, value // 4), max(1, value - max(1, value // 3)), value * 4]


@torch.no_grad()
def make_quiz(model, tokenizer, ids, seed: int = 0) -> list[Question]:
    """One question of each kind (KINDS) for this model and these ids (at least 3 tokens)."""
    ids = list(ids)
    if len(ids) < 3:
        raise ValueError("a quiz needs a text of at least 3 tokens")
    rng = random.Random(int(seed))
    cfg = model.config
    idx = torch.tensor([ids])
    logits, cache = model.run_with_cache(idx)
    dec = lambda i: repr(tokenizer.decode([int(i)]))
    out: list[Question] = []
    # 1. the most likely next token after the text
    last = torch.softmax(logits[0, -1].float(), -1)  # [V]
    top = torch.topk(last, min(6, last.numel())).indices.tolist()
    choices, right = _options(dec(top[0]), [dec(i) for i in top[1:]], rng)
    out.append(Question("next_token", {}, choices, right, "next_token"))
    # 2. which head of layer 0 puts the most weight on the previous token
    pattern0 = cache.act("pattern", 0)[0].numpy()  # [nh, T, T]
    prev = attention_head_stats(pattern0)["previous"]
    heads = [f"H{h}" for h in range(cfg.n_head)]
    if cfg.n_head >= 2:
        best = int(prev.argmax())
        choices, right = _options(heads[best], heads, rng)
        out.append(Question("previous_head", {"layer": 0}, choices, right, "attention",
                            {"share": float(prev[best])}))
    # 3. a row's sum after zeroing the future after the softmax (the wrong order)
    scores = cache.act("scores", 0)[0, 0]  # [T, T]
    i = rng.randrange(1, len(ids) - 1)
    row = torch.softmax(scores[i], -1)
    zeroed = float(row[: i + 1].sum())
    choices, right = _options(f"{zeroed:.2f}", ["1.00", f"{1 - zeroed:.2f}", "0.00", f"{min(1, zeroed + 0.1):.2f}"],
                              rng)
    out.append(Question("zero_after_softmax", {"row": i}, choices, right, "softmax"))
    # 4. how many parameters the attention of the model has
    breakdown = parameter_breakdown(model)
    attn = sum(v for k, v in breakdown.items() if "attention" in k)
    choices, right = _options(f"{attn:,}", [f"{v:,}" for v in _near(attn, rng)], rng)
    out.append(Question("attention_params", {}, choices, right, "labs.params"))
    # 5. the head size
    choices, right = _options(cfg.head_size, _near(cfg.head_size, rng) + [cfg.n_embd], rng)
    out.append(Question("head_size", {"C": cfg.n_embd, "nh": cfg.n_head}, choices, right, "attention"))
    # 6. the logits' shape for this text
    T, V = len(ids), cfg.vocab_size
    choices, right = _options(f"[{T}, {V}]", [f"[{T}, {cfg.n_embd}]", f"[{V}, {T}]", f"[{T}, {T}]", f"[1, {V}]"], rng)
    out.append(Question("logits_shape", {"T": T}, choices, right, "questions.12"))
    # 7. the token id of a token of the text
    j = rng.randrange(len(ids))
    choices, right = _options(ids[j], [x for x in rng.sample(range(V), min(8, V))], rng)
    out.append(Question("token_id", {"token": dec(ids[j]), "pos": j}, choices, right, "tokenization"))
    # 8. the weight a query puts on the first token at layer 0, head 0 (number, two decimals)
    q = rng.randrange(1, len(ids))
    w = float(cache.act("pattern", 0)[0, 0, q, 0])
    choices, right = _options(f"{w:.2f}", [f"{x:.2f}" for x in (1 / (q + 1), 1 - w, w / 2, min(1.0, w * 2), 0.0)], rng)
    out.append(Question("first_weight", {"q": q}, choices, right, "attention"))
    # 9. does removing the residual connection around layer 0's attention raise or lower the loss
    base, cut = ablate(model, ids, "none")["loss"], ablate(model, ids, "attn_residual", 0)["loss"]
    choices, right = _options("up" if cut > base else "down", ["up", "down"], rng, n=2)
    out.append(Question("residual_ablation", {}, choices, right, "questions.21", {"before": base, "after": cut}))
    # 10. the scale factor 1/√d_k
    scale = 1 / math.sqrt(cfg.head_size)
    choices, right = _options(f"{scale:.3f}", [f"{1 / cfg.head_size:.3f}", f"{math.sqrt(cfg.head_size):.3f}",
                                                f"{1 / math.sqrt(cfg.n_embd):.3f}"], rng)
    out.append(Question("scale", {"hs": cfg.head_size}, choices, right, "labs.scaling"))
    # 11. is the unembedding tied to the embedding
    tied = unembedding_view(model, ids)["tied"]
    choices, right = _options("yes" if tied else "no", ["yes", "no"], rng, n=2)
    out.append(Question("tied", {}, choices, right, "questions.12"))
    # 12. how many attention patterns one forward pass computes
    n_patterns = cfg.n_layer * cfg.n_head
    choices, right = _options(n_patterns, [cfg.n_layer, cfg.n_head, n_patterns * 2, cfg.n_layer + cfg.n_head], rng)
    out.append(Question("n_patterns", {}, choices, right, "attention"))
    # 13. how many key/value heads serve the query heads (grouped-query attention)
    choices, right = _options(cfg.kv_heads, [cfg.n_head, 1, cfg.n_head * 2, max(1, cfg.n_head // 2)], rng)
    out.append(Question("kv_heads", {"nh": cfg.n_head}, choices, right, "attention"))
    return out


KINDS = ("next_token", "previous_head", "zero_after_softmax", "attention_params", "head_size", "logits_shape",
         "token_id", "first_weight", "residual_ablation", "scale", "tied", "n_patterns", "kv_heads")
