"""AppTest of pages/compare.py: two models on one text, or one model on two texts; every number drawn is gpt_core's
own (patterns, next-token probabilities, logit attribution), the difference maps are B − A, and the page's link
restores side B."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from explorer.analysis.text_prep import prepare_input
from explorer.i18n import t
from explorer.ui import export
from gpt_core.checkpoint import load_checkpoint_bytes
from explorer.figures.compare import paired_bars
from gpt_core.interp.attribution import logit_attribution
from gpt_core.tokenizers import token_label

from apptest import canvas, chart, english_prose, main_area_strings, new_app, notices, open_page
from plotly_json import decode

TEXT = "ROMEO:\nBut soft, what light"
TEXT_B = "ROMEO:\nBut soft, what sound"  # same length in characters: the positions line up
INDUCTION_KEY = "shipped:induction_2layer.safetensors"


def pattern_of(ckpt, text: str, layer: int, head: int) -> np.ndarray:
    ids = prepare_input(ckpt.tokenizer, text, ckpt.config.block_size).ids
    with torch.no_grad():
        _, cache = ckpt.model.run_with_cache(torch.tensor([ids]))
    return cache[f"transformer.h.{layer}.attn.hook_pattern"][0, head].numpy()


def bars(spec: dict, name: str) -> np.ndarray:
    trace = next(d for d in spec["data"] if d.get("name") == name)
    return np.array([np.nan if v is None else v for v in decode(trace["x"])], dtype=float)


def ticks(spec: dict) -> list[str]:
    return list(spec["layout"]["yaxis"]["ticktext"])


@pytest.fixture(scope="module")
def perturbed(shipped):
    """The shipped model with one head's query weights scaled: same tokenizer, different attention."""
    ckpt = load_checkpoint_bytes(export.checkpoint_payload(shipped), name="perturbed copy")
    with torch.no_grad():
        ckpt.model.transformer.h[1].attn.c_attn.weight[:32] *= 3.0  # L1 H0's queries (head size 32)
    return ckpt


def test_two_models_on_one_text(shipped, induction):
    at = open_page("compare", text=TEXT, compare_model_b=INDUCTION_KEY, layer=1, head=2)
    a, b = canvas(at, "A: L1 H2 attention pattern")["z"], canvas(at, "B: L1 H2 attention pattern")["z"]
    keep = lambda m: np.tril(np.ones_like(m, dtype=bool))  # noqa: E731
    want_a, want_b = pattern_of(shipped, TEXT, 1, 2), pattern_of(induction, TEXT, 1, 2)
    assert np.allclose(a[keep(want_a)], want_a[keep(want_a)], atol=1e-5)
    assert np.allclose(b[keep(want_b)], want_b[keep(want_b)], atol=1e-5)
    # the two vocabularies differ: no B − A map, and the bars meet on the token strings
    assert any(n.startswith("No B − A map") for n in notices(at)), notices(at)
    nxt = chart(at, "Next-token probabilities")
    ids_a = prepare_input(shipped.tokenizer, TEXT, shipped.config.block_size).ids
    with torch.no_grad():
        probs = torch.softmax(shipped.model(torch.tensor([ids_a]))[0][0, -1], -1).numpy()
    labels = ticks(nxt)
    vocab = [shipped.tokenizer.token_str(i) for i in range(shipped.config.vocab_size)]
    visible = [token_label(s) for s in vocab]
    for label, p in zip(labels, bars(nxt, "A")):
        assert p == pytest.approx(float(probs[visible.index(label)]), abs=1e-5), label
    # the induction model has no space token: its side of the attribution is missing, and so is a "change" panel
    if any(n.startswith("B's vocabulary has no token") for n in notices(at)):
        assert "xaxis2" not in chart(at, "Contributions to the logit of")["layout"]


def test_paired_bars_draw_both_sides_and_the_change():
    fig = paired_bars(["x", "y"], [0.5, float("nan")], [0.25, 0.3], "A", "B", "t", "p", "B − A", "%{x}", "%{x}",
                      "%{x}")
    a, b, change = fig.data
    assert list(change.x) == [-0.25, 0.3]  # a token A lacks counts 0 on A's side
    assert list(a.text) == ["0.500", ""] and list(change.text) == ["-0.250", "+0.300"]
    assert list(fig.layout.yaxis.ticktext) == ["x", "y"] and fig.layout.yaxis.autorange == "reversed"
    assert len(paired_bars(["x"], [1.0], [float("nan")], "A", "B", "t", "p", "c", "", "", "",
                           show_change=False).data) == 2


def test_one_model_on_two_texts_shows_b_minus_a(shipped):
    at = open_page("compare", text=TEXT, compare_mode="prompts", compare_text_b=TEXT_B, layer=0, head=1)
    diff = canvas(at, "B − A: L0 H1 pattern")["z"]
    want = pattern_of(shipped, TEXT_B, 0, 1) - pattern_of(shipped, TEXT, 0, 1)
    keep = np.tril(np.ones_like(want, dtype=bool))
    assert np.allclose(diff[keep], want[keep], atol=1e-5) and np.isnan(diff[~keep]).all()
    first = next(i for i, (x, y) in enumerate(zip(TEXT, TEXT_B)) if x != y)
    assert np.all(diff[:first][keep[:first]] == 0)  # the causal mask: rows before the first change are identical
    assert any(f"above position {first}" in c.value for c in at.caption)


def test_the_attribution_is_gpt_cores_on_both_sides(shipped):
    at = open_page("compare", text=TEXT, compare_mode="prompts", compare_text_b=TEXT_B)
    spec = chart(at, "Contributions to the logit of")
    target = at.selectbox(key="_compare_target").value
    token_id = [shipped.tokenizer.token_str(i) for i in range(shipped.config.vocab_size)].index(target)
    for side, text in (("A", TEXT), ("B", TEXT_B)):
        ids = prepare_input(shipped.tokenizer, text, shipped.config.block_size).ids
        att = logit_attribution(shipped.model, ids, token_id)
        by_name = {c.name: c.value for c in att.components}
        for name, value in zip(ticks(spec), bars(spec, side)):
            assert value == pytest.approx(by_name[name], abs=1e-4), (side, name)
        assert abs(att.total - att.logit) < 1e-4
    shown = [m.value for m in at.metric if m.label.endswith("logit of the token")]
    assert len(shown) == 2


def test_two_models_with_one_tokenizer_show_the_weights_difference(shipped, perturbed):
    at = open_page("compare", text=TEXT, user_models={"user:perturbed": perturbed}, compare_model_b="user:perturbed",
                   layer=1, head=0)
    diff = canvas(at, "B − A: L1 H0 pattern")["z"]
    want = pattern_of(perturbed, TEXT, 1, 0) - pattern_of(shipped, TEXT, 1, 0)
    keep = np.tril(np.ones_like(want, dtype=bool))
    assert np.allclose(diff[keep], want[keep], atol=1e-5) and np.abs(want[keep]).max() > 0.01
    assert any(t("compare.diff_same_tokens") in c.value for c in at.caption)
    tv = float([m.value for m in at.metric if m.label == "Total variation distance"][0])
    assert 0 < tv < 1
    assert "b" not in at.query_params  # a model of this tab only: the link cannot name it


def test_switching_to_two_texts_and_the_link_restores_it():
    at = open_page("compare", text=TEXT)
    at.segmented_control(key="_compare_mode").set_value("prompts").run()
    assert not at.exception
    canvas(at, "B − A: L0 H0 pattern")  # the default prompt B swaps one word of the same length
    at.text_area(key="_compare_text_b").input(TEXT_B + "!").run()
    assert dict(at.query_params) == {"text": TEXT, "mode": "prompts", "textb": TEXT_B + "!"}
    again = new_app()
    for k, v in at.query_params.items():
        again.query_params[k] = v
    again.switch_page("pages/compare.py").run()
    assert not again.exception
    assert again.text_area(key="_compare_text_b").value == TEXT_B + "!"
    assert any(n.startswith("No B − A map") for n in notices(again))  # one more token: no position-wise map


@pytest.mark.parametrize("value", ["shipped:nope.safetensors", "/etc/passwd", "path:/etc"])
def test_a_link_to_an_unknown_model_b_falls_back_with_a_notice(value):
    at = new_app()
    at.query_params["b"] = value
    at.query_params["text"] = TEXT
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert any("b = “" in n and "no such model here" in n for n in notices(at)), notices(at)
    assert at.selectbox(key="_compare_model_b").value == INDUCTION_KEY


def test_the_page_in_chinese_has_no_english_prose():
    at = open_page("compare", text=TEXT, lang="zh", compare_mode="prompts", compare_text_b=TEXT_B)
    shown = main_area_strings(at)
    phrases, labels = english_prose(("compare.", "share.", "export."))
    leaks = sorted({p for p in phrases if any(p in s for s in shown)} | {s for s in shown if s in labels})
    assert not leaks, leaks
    assert at.title[0].value == "对比"
