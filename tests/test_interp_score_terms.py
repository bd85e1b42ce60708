"""The scores' content/position split, the one-matrix and symmetric versions, and the rank of W_q W_kᵀ, for every
family. The oracle is the model's own forward pass (attn.hook_scores, hook_q, hook_k), never these functions."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

pytest.importorskip("transformers")

from learn_models import every_family

from gpt_core.interp.head_weights import frozen_norm_parts, head_projections
from gpt_core.interp.score_terms import TERMS, one_matrix_scores, qk_rank, score_terms

FAMILY_NAMES = ["char", "gpt2", "gpt2-relu-inner", "llama-gqa", "llama-tied-bias", "mistral", "sinusoidal",
                "no-positions"]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return every_family(tmp_path_factory)


def cache_of(model, ids):
    _, cache = model.run_with_cache(torch.tensor([ids]))
    return cache


@pytest.mark.parametrize("name", FAMILY_NAMES)
def test_the_parts_of_the_scores_add_up_to_the_models_scores(models, name):
    model, ids = models[name]
    cache = cache_of(model, ids)
    head = model.config.n_head - 1
    q, k = cache.act("q", 0)[0, head], cache.act("k", 0)[0, head]  # [T, hs], after any rotation
    by_hand = (q @ k.T / math.sqrt(model.config.head_size)).numpy()  # q·k / √hs written out
    out = score_terms(model, ids, head)
    expected_kind = {"llama-gqa": "rope", "llama-tied-bias": "rope", "mistral": "rope", "no-positions": "none"}
    assert out["kind"] == expected_kind.get(name, "additive")
    parts = TERMS if out["kind"] == "additive" else ("content", "rotation") if out["kind"] == "rope" else ("content",)
    total = sum(out[p] for p in parts)
    np.testing.assert_allclose(total, by_hand, atol=1e-4)
    np.testing.assert_allclose(out["scores"], by_hand, atol=1e-4)
    assert out["max_abs_diff"] < 1e-4
    if out["kind"] == "additive":  # the split is not trivial: positions contribute on these models
        assert np.abs(out["position_position"]).max() > 1e-3 and np.abs(out["content_position"]).max() > 1e-3
    if out["kind"] == "rope":  # the rotation changes the scores (else the view would show nothing)
        assert np.abs(out["rotation"]).max() > 1e-3


def test_the_rope_content_term_is_q_dot_k_without_the_rotation(models):
    model, ids = models["llama-gqa"]
    cache = cache_of(model, ids)
    h = cache.act("ln1", 0)[0]  # [T, C]
    attn = model.transformer.h[0].attn
    hs, nh = model.config.head_size, model.config.n_head
    q_all, k_all, _ = attn.c_attn(h).split([nh * hs, model.config.kv_heads * hs, model.config.kv_heads * hs], dim=-1)
    head = 3  # GQA: query head 3 reads key/value head 1 (two query heads per key head)
    q, k = q_all[:, head * hs:(head + 1) * hs], k_all[:, hs:2 * hs]
    np.testing.assert_allclose(score_terms(model, ids, head)["content"], (q @ k.T / math.sqrt(hs)).detach().numpy(),
                               atol=1e-5)


def test_frozen_layernorm_split_sums_to_the_norm_and_centres_each_part():
    norm = torch.nn.LayerNorm(6)
    with torch.no_grad():
        norm.weight.copy_(torch.arange(1.0, 7.0))
        norm.bias.fill_(0.5)
    a, b = torch.randn(3, 6), torch.randn(3, 6)
    parts = frozen_norm_parts(norm, {"a": a, "b": b})
    torch.testing.assert_close(parts["a"] + parts["b"] + parts["bias"], norm(a + b))
    sigma = torch.sqrt(((a + b) - (a + b).mean(-1, keepdim=True)).pow(2).mean(-1, keepdim=True) + norm.eps)
    torch.testing.assert_close(parts["a"], (a - a.mean(-1, keepdim=True)) / sigma * norm.weight)


@pytest.mark.parametrize("name", FAMILY_NAMES)
def test_one_matrix_scores_equal_q_dot_k_and_the_symmetric_version_is_symmetric_and_different(models, name):
    model, ids = models[name]
    layer, head = model.config.n_layer - 1, model.config.n_head - 1
    cache = cache_of(model, ids)
    q, k = cache.act("q", layer)[0, head], cache.act("k", layer)[0, head]
    by_hand = (q @ k.T / math.sqrt(model.config.head_size)).numpy()
    out = one_matrix_scores(model, ids, layer, head)
    np.testing.assert_allclose(out["one_matrix"], by_hand, atol=1e-4)
    np.testing.assert_allclose(out["symmetric"], out["symmetric"].T, atol=1e-5)
    assert np.abs(out["symmetric"] - by_hand).max() > 1e-2
    assert out["asymmetry"] > 0.05  # the real head's scores are not symmetric
    np.testing.assert_allclose(out["patterns"]["scores"], cache.act("pattern", layer)[0, head].numpy(), atol=1e-5)
    C, hs = model.config.n_embd, model.config.head_size
    assert out["w_shape"] == (C + 1, C + 1) and (out["params_two"], out["params_one"]) == (2 * C * hs, C * C)


def test_a_symmetric_gram_matrix_favours_the_diagonal_on_the_trained_model(models):
    """By Cauchy-Schwarz a Gram matrix's cell (i, j) is at most √(s_ii s_jj): the shared-matrix version puts more
    weight on the token itself than the trained head, and less on the previous token."""
    model, ids = models["char"]
    out = one_matrix_scores(model, ids, 0, 0)
    assert out["shares"]["symmetric"]["self"] > out["shares"]["scores"]["self"]
    assert out["shares"]["symmetric"]["previous"] < out["shares"]["scores"]["previous"]


@pytest.mark.parametrize("name", ["char", "gpt2", "llama-gqa", "mistral"])
def test_head_projections_reproduce_the_recorded_q_and_k(models, name):
    model, ids = models[name]
    cache = cache_of(model, ids)
    for head in range(model.config.n_head):
        proj = head_projections(model, 0, head)
        h = cache.act("ln1", 0)[0]
        if model.config.pos_encoding != "rope":  # rotary q, k are recorded after the rotation
            torch.testing.assert_close(h @ proj.W_q + proj.b_q, cache.act("q", 0)[0, head], atol=1e-5, rtol=1e-5)
            torch.testing.assert_close(h @ proj.W_k + proj.b_k, cache.act("k", 0)[0, head], atol=1e-5, rtol=1e-5)
        torch.testing.assert_close(h @ proj.W_v + proj.b_v, cache.act("v", 0)[0, head], atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("name", ["char", "llama-gqa"])
def test_w_q_w_k_has_rank_at_most_the_head_size(models, name):
    model, _ = models[name]
    out = qk_rank(model, 0, 0)
    proj = head_projections(model, 0, 0)
    expected = np.linalg.matrix_rank(proj.W_q.double().numpy() @ proj.W_k.double().numpy().T)
    assert out["rank"] == expected <= out["hs"] < out["C"]
    assert np.all(out["singular_values"][out["hs"]:] < 1e-5 * out["singular_values"][0])
    with pytest.raises(IndexError):
        qk_rank(model, 0, model.config.n_head)


def test_a_heads_scores_change_with_the_content_a_fixed_matrix_would_not(models):
    from gpt_core.interp.score_terms import content_dependence

    model, ids = models["char"]
    out = content_dependence(model, ids, 0, 1, seed=3)
    assert sorted(out["shuffled_ids"]) == sorted(ids) and out["shuffled_ids"] != ids
    _, cache = model.run_with_cache(torch.tensor([out["shuffled_ids"]]))  # the shuffled text on its own
    np.testing.assert_allclose(out["shuffled_scores"], cache.act("scores", 0)[0, 1].numpy(), atol=1e-5)
    assert out["relative_change"] > 0.1
