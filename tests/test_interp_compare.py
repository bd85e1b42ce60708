"""gpt_core.interp.compare: B − A of a pattern, next-token distributions aligned by token string, two logit
attributions aligned by component."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from gpt_core import GPT, GPTConfig
from gpt_core.interp.attribution import logit_attribution
from gpt_core.interp.compare import attribution_change, next_token_change, pattern_difference


def test_pattern_difference_is_b_minus_a_below_the_diagonal_and_none_for_other_shapes():
    a = np.tril(np.ones((3, 3))) / np.arange(1, 4)[:, None]
    b = np.tril(np.full((3, 3), 0.2))
    diff = pattern_difference(a, b)
    keep = np.tril(np.ones((3, 3), dtype=bool))
    assert np.allclose(diff[keep], (b - a)[keep]) and np.isnan(diff[~keep]).all()
    assert pattern_difference(a, np.ones((4, 4))) is None
    assert pattern_difference(np.ones(3), np.ones(3)) is None


def test_one_vocabulary_gives_the_distances():
    pa, pb = np.array([0.5, 0.25, 0.25]), np.array([0.25, 0.25, 0.5])
    rows, stats = next_token_change(pa, ["x", "y", "z"], pb, ["x", "y", "z"], k=3)
    assert stats["same_vocab"] and stats["total_variation"] == pytest.approx(0.25)
    assert stats["kl_a_b"] == pytest.approx(0.5 * np.log(2) + 0.25 * np.log(0.5))
    assert next_token_change(pa, ["x", "y", "z"], pa, ["x", "y", "z"])[1]["total_variation"] == 0
    assert sorted(r.token for r in rows) == ["x", "y", "z"]
    assert [round(r.change, 2) for r in rows if r.token == "x"] == [-0.25]


def test_two_vocabularies_meet_on_the_strings_they_share():
    rows, stats = next_token_change(np.array([0.6, 0.4]), ["a", " the"], np.array([0.1, 0.2, 0.7]),
                                    ["a", "b", "c"], k=2)
    by_token = {r.token: r for r in rows}
    assert set(by_token) == {"a", " the", "c", "b"}
    assert by_token[" the"].id_b is None and by_token[" the"].prob_b == 0.0 and by_token[" the"].id_a == 1
    assert by_token["c"].id_a is None and by_token["c"].prob_b == 0.7
    assert not stats["same_vocab"] and stats["total_variation"] is None and stats["kl_a_b"] is None
    assert (stats["top_a"], stats["top_b"], stats["same_top"]) == ("a", "c", False)


@pytest.fixture(scope="module")
def models():
    torch.manual_seed(0)
    small = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=8, vocab_size=6, block_size=8)).eval()
    big = GPT(GPTConfig(n_layer=2, n_head=2, n_embd=8, vocab_size=6, block_size=8)).eval()
    return small, big


def test_attributions_align_by_component_and_a_missing_one_is_none(models):
    small, big = models
    a = logit_attribution(small, [0, 1, 2], target_id=3)
    b = logit_attribution(big, [0, 1, 2], target_id=3)
    rows = attribution_change(a, b)
    names = [r.name for r in rows]
    assert names[:len(a.components)] == [c.name for c in a.components]  # A's order, then what only B has
    only_b = [r for r in rows if r.value_a is None]
    assert {r.name for r in only_b} == {"L1H0", "L1H1", "L1 attn bias", "L1 MLP"}
    assert all(r.change == r.value_b for r in only_b)
    assert sum(r.value_a or 0 for r in rows) == pytest.approx(a.logit, abs=1e-4)  # every part kept
    assert sum(r.value_b or 0 for r in rows) == pytest.approx(b.logit, abs=1e-4)
    same = attribution_change(a, a)
    assert all(r.change == 0 for r in same)


def test_top_keeps_the_largest_parts_in_model_order(models):
    small, big = models
    a, b = logit_attribution(small, [0, 1, 2], 3), logit_attribution(big, [0, 1, 2], 3)
    rows = attribution_change(a, b)
    top = attribution_change(a, b, top=3)
    size = {r.name: max(abs(r.value_a or 0), abs(r.value_b or 0)) for r in rows}
    assert [r.name for r in top] == [r.name for r in rows if r.name in sorted(size, key=lambda n: -size[n])[:3]]
    assert attribution_change(None, b) and all(r.value_a is None for r in attribution_change(None, b))
