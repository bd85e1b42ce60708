"""Same-length texts (question 4) and the unembedding (question 12), against the model's tables and softmax."""
from __future__ import annotations

import numpy as np
import pytest
import torch

pytest.importorskip("transformers")

from learn_models import every_family

from gpt_core.interp.same_length import same_length_pair
from gpt_core.interp.unembedding import unembedding_view


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return every_family(tmp_path_factory)


def test_two_texts_of_one_length_share_their_position_rows_but_not_their_inputs(models):
    model, ids = models["char"]
    other = list(reversed(ids))
    out = same_length_pair(model, ids, other + other)  # cut to the shorter
    assert out["T"] == len(ids) and out["additive_positions"]
    np.testing.assert_allclose(out["pos_cos"], 1.0, atol=1e-6)
    wte = model.transformer.wte.weight
    a, b = wte[ids], wte[other]
    expected = (torch.nn.functional.cosine_similarity(a, b, dim=-1)).detach().numpy()
    np.testing.assert_allclose(out["tok_cos"], expected, atol=1e-5)
    assert out["input_cos"].mean() > out["tok_cos"].mean()  # the shared position rows pull the inputs together
    assert out["stage_cos"].shape == (model.config.n_layer + 1,)


def test_rotary_models_add_no_position_vector(models):
    model, ids = models["llama-gqa"]
    out = same_length_pair(model, ids, ids[::-1])
    assert not out["additive_positions"] and np.all(out["pos_cos"] == 0)
    with pytest.raises(ValueError):
        same_length_pair(model, [], ids)


@pytest.mark.parametrize("name,tied", [("char", True), ("llama-tied-bias", True), ("llama-gqa", False)])
def test_the_unembedding_gives_a_distribution_and_a_tied_one_reads_the_embedding_rows(models, name, tied):
    model, ids = models[name]
    out = unembedding_view(model, ids)
    logits, _ = model(torch.tensor([ids]))
    p = torch.softmax(logits[0, -1].double(), -1).detach().numpy()
    np.testing.assert_allclose(out["top_probs"], np.sort(p)[::-1][:8], atol=1e-5)
    assert out["prob_sum"] == pytest.approx(1.0, abs=1e-5) and out["tied"] is tied
    V, C = model.config.vocab_size, model.config.n_embd
    assert out["saved_params"] == (V * C if tied else 0)
    assert (out["dot_check"] is None) is (not tied)
    if tied:
        assert out["dot_check"] < 1e-4
