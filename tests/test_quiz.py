"""Quiz: at least 12 kinds, deterministic for a seed, and each stated answer equal to one computed here from the
model directly (torch, the weights' names, the tokenizer) for the shipped char model, a tiny GPT-2 and a tiny
Llama; on the page a wrong choice gets feedback and a link to the view, and the score counts."""
from __future__ import annotations

import math

import pytest
import torch
from apptest import SHIPPED_MODEL, open_page

from explorer.i18n import CATALOGUES
from gpt_core.checkpoint import load_checkpoint
from gpt_core.quiz import KINDS, make_quiz

TEXT = "ROMEO: But soft, what light"


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    pytest.importorskip("transformers")
    from tiny_hf import save_tiny

    out = {"char": load_checkpoint(SHIPPED_MODEL)}
    for family in ("gpt2", "llama"):
        out[family] = load_checkpoint(save_tiny(tmp_path_factory.mktemp(family), family))
    return out


def right(q) -> str:
    return q.choices[q.answer]


@pytest.mark.parametrize("name", ["char", "gpt2", "llama"])
def test_the_stated_answers_are_the_models(models, name):
    ckpt = models[name]
    model, tok, cfg = ckpt.model.eval(), ckpt.tokenizer, ckpt.config
    ids = tok.encode(TEXT)
    quiz = make_quiz(model, tok, ids, seed=7)
    by_kind = {q.kind: q for q in quiz}
    assert len(by_kind) >= 12 and set(by_kind) <= set(KINDS)
    with torch.no_grad():
        logits, _ = model(torch.tensor([ids]))
    assert right(by_kind["next_token"]) == repr(tok.decode([int(logits[0, -1].argmax())]))
    assert right(by_kind["head_size"]) == str(cfg.n_embd // cfg.n_head)
    assert right(by_kind["logits_shape"]) == f"[{len(ids)}, {logits.shape[-1]}]"
    token_q = by_kind["token_id"]
    assert right(token_q) == str(ids[token_q.params["pos"]])
    attn_params = sum(p.numel() for n, p in model.named_parameters() if ".attn." in n)
    assert right(by_kind["attention_params"]) == f"{attn_params:,}"
    assert right(by_kind["scale"]) == f"{1 / math.sqrt(cfg.n_embd // cfg.n_head):.3f}"
    assert right(by_kind["tied"]) == ("yes" if model.lm_head.weight.data_ptr() == model.transformer.wte.weight.data_ptr()
                                      else "no")
    assert right(by_kind["n_patterns"]) == str(cfg.n_layer * cfg.n_head)
    assert right(by_kind["kv_heads"]) == str(cfg.kv_heads)
    _, cache = model.run_with_cache(torch.tensor([ids]))
    p0 = cache.act("pattern", 0)[0]  # [nh, T, T]
    q = by_kind["first_weight"].params["q"]
    assert right(by_kind["first_weight"]) == f"{float(p0[0, q, 0]):.2f}"
    row = by_kind["zero_after_softmax"].params["row"]
    unmasked = torch.softmax(cache.act("scores", 0)[0, 0, row], -1)  # no mask, then zero j > row by hand
    assert right(by_kind["zero_after_softmax"]) == f"{float(unmasked[: row + 1].sum()):.2f}"
    T = len(ids)
    prev = [float(sum(p0[h, t, t - 1] for t in range(1, T)) / (T - 1)) for h in range(cfg.n_head)]
    assert right(by_kind["previous_head"]) == f"H{max(range(cfg.n_head), key=prev.__getitem__)}"
    assert make_quiz(model, tok, ids, seed=7) == quiz  # deterministic for a seed


def test_a_wrong_choice_gets_feedback_and_a_right_one_counts(shipped):
    quiz = make_quiz(shipped.model, shipped.tokenizer, shipped.tokenizer.encode(TEXT), seed=0)
    q = next(q for q in quiz if q.kind == "head_size")
    at = open_page("quiz", TEXT)
    wrong = (q.answer + 1) % len(q.choices)
    at.radio(key="quiz_0_head_size").set_value(wrong).run()
    assert not at.exception
    assert CATALOGUES["en"]["quiz.wrong"].format(answer=right(q)) in [e.value for e in at.error]
    assert any(b.label == CATALOGUES["en"]["quiz.why"] for b in at.button)
    other = next(x for x in quiz if x.kind == "n_patterns")
    at.radio(key="quiz_0_n_patterns").set_value(other.answer).run()
    assert CATALOGUES["en"]["quiz.right"] in [s.value for s in at.success]
    score = [m.value for m in at.metric if m.label == CATALOGUES["en"]["quiz.score"]]
    assert score == ["1 of 2"]
    next(b for b in at.button if b.label == CATALOGUES["en"]["quiz.why"]).click().run()
    assert not at.exception and at.title[0].value == CATALOGUES["en"]["attention.title"]


def test_the_quiz_page_renders_in_chinese():
    at = open_page("quiz", TEXT, lang="zh")
    assert at.title[0].value == CATALOGUES["zh"]["quiz.title"]
