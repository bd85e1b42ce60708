"""Unit tests for gpt_core.interp.next_token and explorer.figures.next_token (no streamlit)."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from gpt_core.interp.next_token import (Sampling, context_ids, distribution, entropy, generate_continuation,
                                          generator_for, lens_rows, per_position, sample_step, unembedding_is_tied)
from explorer.figures.next_token import continuation_html, highlighted_bars, per_position_figure
from gpt_core.config import GPTConfig
from gpt_core.model import GPT


@pytest.fixture(scope="module")
def tiny():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=11, block_size=8, n_layer=2, n_head=2, n_embd=16))
    return model.eval()


def test_sampling_from_controls_maps_off_values_to_none():
    assert Sampling.from_controls(1.0, 0, 1.0) == Sampling(1.0, None, None)
    assert Sampling.from_controls(0.5, 3, 0.9) == Sampling(0.5, 3, 0.9)


def test_entropy_matches_closed_forms():
    assert entropy(np.array([1.0, 0.0, 0.0])) == 0.0
    assert entropy(np.full(8, 1 / 8)) == pytest.approx(math.log(8))


def test_distribution_filters_and_counts_survivors():
    logits = np.array([3.0, 2.0, 1.0, 0.5, 0.0, -1.0])
    raw = torch.softmax(torch.tensor(logits), -1).numpy()
    plain = distribution(logits, Sampling(), k_show=4)
    np.testing.assert_allclose(plain.raw, raw, atol=1e-6)
    np.testing.assert_allclose(plain.filtered, raw, atol=1e-6)
    assert plain.survivors == 6 and plain.entropy_raw == pytest.approx(plain.entropy_filtered)
    assert [i for i, _, _ in plain.table] == [0, 1, 2, 3]

    top3 = distribution(logits, Sampling(top_k=3), k_show=6)
    assert top3.survivors == 3 and int((top3.filtered > 0).sum()) == 3
    np.testing.assert_allclose(top3.filtered[:3], raw[:3] / raw[:3].sum(), atol=1e-6)
    assert top3.entropy_filtered < top3.entropy_raw

    cold = distribution(logits, Sampling(temperature=0.5))
    np.testing.assert_allclose(cold.filtered, torch.softmax(torch.tensor(logits) / 0.5, -1).numpy(), atol=1e-6)
    assert cold.filtered[0] > raw[0]  # a low temperature sharpens

    greedy = distribution(logits, Sampling(temperature=0.0))
    assert greedy.survivors == 1 and greedy.filtered[0] == 1.0 and greedy.entropy_filtered == 0.0

    nucleus = distribution(logits, Sampling(top_p=0.5))
    assert nucleus.survivors == 1  # raw[0] ≈ 0.61 already covers p = 0.5


def test_distribution_rank_and_extra_rows():
    d = distribution(np.array([0.0, 5.0, 1.0, 2.0]), Sampling(), k_show=2)
    assert d.rank(1) == 1 and d.rank(0) == 4
    rows = d.rows((0, 1))
    assert [i for i, _, _ in rows] == [1, 3, 0]  # 1 is already shown; 0 is appended once


def test_context_ids_crops_like_generate():
    assert context_ids([1, 2, 3], [4, 5], 4) == [2, 3, 4, 5]
    assert context_ids([1], [], 4) == [1]


def test_steps_with_a_seed_equal_model_generate(tiny):
    prompt = [1, 2, 3, 4, 5, 6]  # 6 + 4 tokens crosses block_size 8, so cropping is exercised too
    sampling = Sampling(temperature=0.9, top_k=6, top_p=0.95)
    generator, steps = generator_for(123), []
    for _ in range(4):
        steps.append(sample_step(tiny, context_ids(prompt, steps, 8), sampling, generator).token_id)
    assert steps == generate_continuation(tiny, prompt, 4, sampling, seed=123)
    # restoring a saved state continues the same stream
    g = generator_for(5)
    first = sample_step(tiny, prompt, sampling, g).token_id
    saved = g.get_state()
    second = sample_step(tiny, prompt + [first], sampling, generator_for(5, saved)).token_id
    assert [first, second] == generate_continuation(tiny, prompt, 2, sampling, seed=5)


def test_sample_step_returns_last_position_logits(tiny):
    step = sample_step(tiny, [3, 1, 4], Sampling(temperature=0), generator_for(0))
    with torch.no_grad():
        expected = tiny(torch.tensor([[3, 1, 4]]))[0][0, -1]
    np.testing.assert_allclose(step.logits, expected.numpy(), atol=1e-6)
    assert step.token_id == int(expected.argmax())  # temperature 0 is greedy


def test_per_position_targets_and_loss():
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]])
    p = per_position(probs, [0, 2, 1])
    np.testing.assert_allclose(p.target_probs, [0.1, 0.1])
    np.testing.assert_allclose(p.losses, -np.log([0.1, 0.1]))
    assert p.hits == 0 and p.top_ids.tolist() == [0, 2, 2]
    assert math.isnan(per_position(probs[:1], [0]).mean_loss)


def test_lens_rows_last_row_is_the_real_prediction(tiny):
    ids = torch.tensor([[1, 2, 3, 4, 5]])
    logits, cache = tiny.run_with_cache(ids)
    acts = {name: t[0].numpy() for name, t in cache.items()}
    rows = lens_rows(tiny, acts, position=2, top_k=4)
    assert len(rows) == tiny.config.n_layer + 1
    top = torch.softmax(logits[0, 2], -1).topk(4)
    assert rows[-1].ids == top.indices.tolist()
    np.testing.assert_allclose(rows[-1].probs, top.values.numpy(), atol=1e-5)


def test_highlighted_bars_marks_one_row():
    fig = highlighted_bars(["a", " ", "\n"], [0.5, 0.3, 0.2], [0.6, 0.4, 0.0], highlight=1, highlight_label="sampled")
    assert list(fig.data[0].marker.line.width) == [0, 3, 0]
    assert fig.layout.yaxis.ticktext[1] == "▶ ␣ (sampled)"
    assert list(fig.data[1].x) == [0.6, 0.4, 0.0]
    plain = highlighted_bars(["a"], [1.0], [1.0], highlight=None)
    assert plain.data[0].marker.line.width is None


def test_per_position_figure_axes():
    fig = per_position_figure(["a", "b", "a"], [0.2, 0.9], ["b", "a"], ["b", "b", "a"], [0.5, 0.6, 0.7])
    assert list(fig.data[0].y) == [0.2, 0.9]
    assert list(fig.layout.xaxis.ticktext) == ["a", "b"]  # numeric axis: the two "a" never merge


def test_continuation_html_escapes_and_marks():
    out = continuation_html("x" * 500 + "<b>", "&new", max_prompt_chars=10)
    assert "&lt;b&gt;" in out and "&amp;new" in out and "…" in out and "x" * 11 not in out
    assert "nothing generated yet" in continuation_html("abc", "")


@pytest.mark.parametrize("p", [[1.0, 0.0, 0.0], [1.0 + 1e-12], [1.0 - 1e-17, 1e-17]])
def test_entropy_is_never_negative_zero(p):
    h = entropy(np.array(p))
    assert h == pytest.approx(0.0, abs=1e-9) and math.copysign(1.0, h) == 1.0  # "-0.000 nats" must not appear
    assert f"{h:.3f}" == "0.000"


def test_unembedding_is_tied_reads_the_model():
    config = {"vocab_size": 11, "block_size": 8, "n_layer": 1, "n_head": 2, "n_embd": 16}
    assert unembedding_is_tied(GPT(GPTConfig(**config)))
    assert not unembedding_is_tied(GPT(GPTConfig(**config, tie_weights=False)))
