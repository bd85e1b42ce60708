"""Unit tests for explorer.analysis.attention and explorer.figures.attention (no streamlit)."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from explorer.analysis import attention as aa
from gpt_core.interp import attention_math
from explorer.ui import selection
from explorer import figures
from explorer.figures.attention import add_diagonal, clickable_attention_grid
from gpt_core import GPT, GPTConfig
from gpt_core.interp.heads import content_token_ids, head_scores
from gpt_core.tokenizers import CharTokenizer

from plotly_json import decode


def causal_softmax(scores: np.ndarray) -> np.ndarray:
    T = scores.shape[-1]
    s = np.where(np.triu(np.ones((T, T), dtype=bool), 1), -np.inf, scores)
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


@pytest.fixture(scope="module")
def tiny():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=20, n_layer=2, n_head=2, n_embd=16, block_size=16)).eval()
    ids = torch.randint(20, (12,))
    _, cache = model.run_with_cache(ids[None])
    return model, ids, cache


def test_head_summary_agrees_with_gpt_core_head_scores(tiny):
    model, ids, cache = tiny
    patterns = cache.stack("attn.hook_pattern")[:, 0].numpy()  # [L, nh, T, T]
    repeat, S = aa.repeat_probe_patterns(model)
    assert S == aa.induction_probe_length(16) == 8 and repeat.shape == (2, 2, 16, 16)
    scores, table = aa.head_summary(patterns, repeat, S)
    reference = head_scores(model, probe_ids=ids)
    assert list(table["role"]) == [r for row in reference.labels() for r in row]
    np.testing.assert_allclose(table["induction"].to_numpy().reshape(2, 2), reference.induction, atol=1e-6)
    np.testing.assert_allclose(table["previous-token"].to_numpy().reshape(2, 2), reference.previous, atol=1e-6)
    np.testing.assert_allclose(table["entropy"].to_numpy().reshape(2, 2), reference.entropy, atol=1e-6)
    assert list(table[["layer", "head"]].itertuples(index=False, name=None)) == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_induction_probe_uses_content_tokens_like_gpt_core(tiny):
    model, ids, cache = tiny
    tokenizer = CharTokenizer("abcdefghij ,.;:\n!?-'")  # 20 characters, 10 of them letters
    repeat, S = aa.repeat_probe_patterns(model, tokenizer)
    scores, _ = aa.head_summary(cache.stack("attn.hook_pattern")[:, 0].numpy(), repeat, S)
    reference = head_scores(model, probe_ids=ids, allowed_ids=content_token_ids(tokenizer))
    np.testing.assert_allclose(scores.induction, reference.induction, atol=1e-6)
    plain, _ = aa.repeat_probe_patterns(model)
    assert not np.allclose(plain, repeat)  # a different probe: letters only


def test_head_summary_scores_the_text_roles_from_the_token_strings(tiny):
    model, _, _ = tiny
    tokenizer = CharTokenizer("abcdefghij ,.;:\n!?-'")
    ids = tokenizer.encode("abc de\nfgh ij, a")  # 16 tokens: the whole context
    _, cache = model.run_with_cache(torch.tensor([ids]))
    patterns = cache.stack("attn.hook_pattern")[:, 0].numpy()  # [L, nh, T, T]
    repeat, S = aa.repeat_probe_patterns(model, tokenizer)
    tokens = [tokenizer.token_str(i) for i in ids]
    scores, table = aa.head_summary(patterns, repeat, S, tokens=tokens)
    reference = head_scores(model, probe_ids=ids, allowed_ids=content_token_ids(tokenizer), tokenizer=tokenizer)
    assert list(table["role"]) == [r for row in reference.labels() for r in row]
    for column, values in (("word-start", reference.word_start), ("last-space", reference.last_space),
                           ("last-newline", reference.last_newline)):
        np.testing.assert_allclose(table[column].to_numpy().reshape(2, 2), values, atol=1e-6)
    # without the probe the text roles are still measured (no labels: induction is unknown)
    _, plain = aa.head_summary(patterns, tokens=tokens)
    np.testing.assert_allclose(plain["word-start"].to_numpy().reshape(2, 2), reference.word_start, atol=1e-6)
    # without token strings there are no text-role columns
    _, no_tokens = aa.head_summary(patterns, repeat, S)
    assert "word-start" not in no_tokens


def test_head_summary_without_probe_has_no_roles(tiny):
    _, _, cache = tiny
    scores, table = aa.head_summary(cache.stack("attn.hook_pattern")[:, 0].numpy())
    assert scores is None and "role" not in table and "induction" not in table
    assert set(table.columns) >= {"entropy", "previous-token", "first-token", "self"}


def test_selection_parsers_read_streamlit_event_states():
    event = {"selection": {"points": [{"curve_number": 20, "point_index": 3, "x": 7.2, "y": 4.0,
                                       "customdata": [1, 3]}], "point_indices": [3], "box": [], "lasso": []}}
    assert selection.selected_head(event, 2, 4) == (1, 3)
    assert selection.selected_head(event, 2, 3) is None  # head 3 out of range for 3 heads
    assert selection.selected_cell(event, 10) == (4, 7)
    assert selection.selected_cell(event, 5) is None
    empty = {"selection": {"points": [], "point_indices": [], "box": [], "lasso": []}}
    assert selection.selected_head(empty, 2, 4) is None and selection.selected_cell(empty, 10) is None
    assert selection.selected_head(None, 2, 4) is None
    # what a real browser sent for a point whose customdata row was a typed array
    browser = {"selection": {"points": [{"curve_number": 25, "point_index": 9, "x": 35.5, "y": 59.5,
                                         "customdata": {"0": 2, "1": 1}}]}}
    assert selection.selected_head(browser, 4, 4) == (2, 1)


@pytest.mark.parametrize("value,n,default,expected", [(None, 5, 4, 4), (2, 5, 0, 2), (9, 5, 0, 0), (-1, 5, 3, 3),
                                                      ("x", 5, 1, 1), (3, 0, 0, 0), (None, 3, 7, 2)])
def test_clamp_index(value, n, default, expected):
    assert selection.clamp_index(value, n, default) == expected


def test_softmax_lab_orders_and_scale(tiny):
    _, _, cache = tiny
    q = cache.block(0, "attn.hook_q")[0, 0].numpy()
    k = cache.block(0, "attn.hook_k")[0, 0].numpy()
    scores = cache.block(0, "attn.hook_scores")[0, 0].numpy()
    lab = attention_math.softmax_lab(q, k, scores)
    T = scores.shape[0]
    upper = np.triu(np.ones((T, T), dtype=bool), 1)
    np.testing.assert_allclose(lab["raw"] * lab["scale"], scores, atol=1e-5)
    np.testing.assert_allclose(lab["masked_softmax"], cache.block(0, "attn.hook_pattern")[0, 0].numpy(), atol=1e-6)
    assert np.all(np.isneginf(lab["masked_scores"][upper]))
    np.testing.assert_allclose(lab["row_sums"]["unmasked_softmax"], 1.0, atol=1e-6)
    assert np.all(lab["unmasked_softmax"][upper] > 0)
    wrong = lab["row_sums"]["softmax_then_zero"]
    assert np.all(wrong[:-1] < 1 - 1e-6) and wrong[-1] == pytest.approx(1.0)
    hot = attention_math.softmax_lab(q, k, scores, temperature=0.5)
    np.testing.assert_allclose(hot["masked_softmax"], causal_softmax(scores / 0.5), atol=1e-6)
    assert attention_math.softmax_lab(q, k, scores, scaled=False)["scale"] == 1.0


def test_score_spread_measures_the_sqrt_dk_shrink():
    rng = np.random.default_rng(0)
    d = 64
    q, k = rng.normal(size=(40, d)), rng.normal(size=(40, d))
    out = attention_math.score_spread(q @ k.T, d)
    assert out["std_raw"] == pytest.approx(math.sqrt(d), rel=0.15)
    assert out["std_scaled"] == pytest.approx(out["std_raw"] / 8)
    assert out["max_weight_unscaled"] > 0.7 > out["max_weight_scaled"]  # unscaled rows saturate


def test_clickable_grid_has_click_targets_over_each_heads_block():
    rng = np.random.default_rng(1)
    L, nh, T = 3, 2, 9
    patterns = causal_softmax(rng.normal(size=(L, nh, T, T)))
    notes = [[f"note {l}{h}" for h in range(nh)] for l in range(L)]
    fig = json.loads(clickable_attention_grid(patterns, hover_notes=notes, selected=(2, 1)).to_json())
    heatmaps = [t for t in fig["data"] if t["type"] == "heatmap"]
    (targets,) = [t for t in fig["data"] if t["type"] == "scatter"]
    assert len(heatmaps) == 1 and fig["layout"]["clickmode"] == "event+select"
    _, _, geo = figures.attention_grid_spec(patterns)
    x, y = decode(targets["x"]), decode(targets["y"])
    custom = decode(targets["customdata"])
    assert custom.shape == (L * nh * 16, 2)  # a 4 x 4 lattice per head
    for (layer, head), px, py, text in zip(custom, x, y, targets["text"]):
        rows, cols = geo.block(int(layer), int(head))
        assert cols.start <= px < cols.stop and rows.start <= py < rows.stop  # the point lies on its head's block
        assert text.startswith(f"L{layer} H{head}") and f"note {layer}{head}" in text
    assert targets["marker"]["color"] == "rgba(0,0,0,0)"
    outline = [s for s in fig["layout"]["shapes"] if s.get("name") == "selected head"]
    rows, cols = geo.block(2, 1)
    assert len(outline) == 1 and outline[0]["x0"] < cols.start < cols.stop - 1 < outline[0]["x1"]
    assert outline[0]["y0"] < rows.start < rows.stop - 1 < outline[0]["y1"]


def test_add_diagonal():
    fig = json.loads(add_diagonal(clickable_attention_grid(np.ones((1, 1, 3, 3)) / 3), 3, "future").to_json())
    line = fig["layout"]["shapes"][-1]
    assert (line["x0"], line["y0"], line["x1"], line["y1"]) == (-0.5, -0.5, 2.5, 2.5)
