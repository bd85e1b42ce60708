"""Cross-attention, residual/norm ablation and XOR, each checked against an independent computation: the model's
own recorded pattern, a forward pass written out here block by block, and the MLP's formula in numpy."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from torch.nn import functional as F

pytest.importorskip("transformers")

from learn_models import every_family

from gpt_core.interp.ablation import ABLATIONS, ablate
from gpt_core.interp.cross_attention import cross_attention
from gpt_core.toy.xor import LABELS, POINTS, boundary_grid, predict, train_xor

NAMES = ["char", "gpt2", "llama-gqa", "llama-tied-bias", "mistral", "sinusoidal", "no-positions"]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return every_family(tmp_path_factory)


# ---- cross-attention ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_cross_attention_on_the_same_text_with_the_mask_is_the_models_self_attention(models, name):
    model, ids = models[name]
    _, cache = model.run_with_cache(torch.tensor([ids]))
    for layer, head in [(0, 0), (model.config.n_layer - 1, model.config.n_head - 1)]:
        out = cross_attention(model, ids, ids, layer, head, causal=True)
        np.testing.assert_allclose(out["pattern"], cache.act("pattern", layer)[0, head].numpy(), atol=1e-5)
        np.testing.assert_allclose(out["z"], cache.act("z", layer)[0, head].numpy(), atol=1e-5)


def test_cross_attention_reads_keys_from_the_other_text(models):
    model, ids = models["char"]
    other = ids[::-1][:9]  # a different, shorter text
    out = cross_attention(model, ids, other, 1, 2)
    assert out["pattern"].shape == (len(ids), len(other))
    np.testing.assert_allclose(out["pattern"].sum(-1), 1.0, atol=1e-5)
    assert (out["pattern"][0, 1:] > 0).all()  # no mask: the first query sees every key of the other text
    # value rows of the other text, weighted by the pattern, rebuilt from that text's own run
    _, cache = model.run_with_cache(torch.tensor([other]))
    v_other = cache.act("v", 1)[0, 2].numpy()  # [Tkv, hs]
    np.testing.assert_allclose(out["z"], out["pattern"] @ v_other, atol=1e-5)


# ---- ablation -----------------------------------------------------------------------------------------------------
def forward_by_hand(model, ids, kind: str, layer: int) -> float:
    """The forward pass written out with the model's modules, one piece left out; the mean next-token loss."""
    idx = torch.tensor([ids])
    x = model.transformer.wte(idx) + model.position_embedding(len(ids))  # [1, T, C]
    for i, block in enumerate(model.transformer.h):
        here = i == layer
        a = block.attn(x if here and kind == "ln_1" else block.ln_1(x))
        x = a if here and kind == "attn_residual" else x + a
        m = block.mlp(x if here and kind == "ln_2" else block.ln_2(x))
        x = m if here and kind == "mlp_residual" else x + m
    logits = model.lm_head(x if kind == "ln_f" else model.transformer.ln_f(x))  # [1, T, V]
    return float(F.cross_entropy(logits[0, :-1], idx[0, 1:]))


@pytest.mark.parametrize("name", ["char", "gpt2", "llama-gqa"])
@pytest.mark.parametrize("kind", ABLATIONS)
def test_ablation_loss_matches_a_forward_pass_written_out(models, name, kind):
    model, ids = models[name]
    layer = model.config.n_layer - 1 if kind == "ln_f" else 0
    with torch.no_grad():
        expected = forward_by_hand(model, ids, kind, layer)
    assert ablate(model, ids, kind, layer)["loss"] == pytest.approx(expected, abs=1e-4)


def test_the_trained_model_needs_its_residuals_and_norms(models):
    model, ids = models["char"]
    base = ablate(model, ids, "none")
    assert base["loss"] < 3.0  # the trained model reads Shakespeare-like text well
    for kind in ABLATIONS[1:]:
        assert ablate(model, ids, kind, 0)["loss"] > base["loss"] + 0.1, kind
    no_norm = ablate(model, ids, "ln_f")
    assert no_norm["resid_norm"].shape == (model.config.n_layer,)
    np.testing.assert_allclose(no_norm["resid_norm"], base["resid_norm"], rtol=1e-5)  # ln_f is after every block
    with pytest.raises(ValueError):
        ablate(model, ids, "everything")
    with pytest.raises(IndexError):
        ablate(model, ids, "ln_1", model.config.n_layer)
    assert ablate(model, ids[:1], "ln_1")["loss"] is None  # one token: nothing to predict


# ---- XOR ----------------------------------------------------------------------------------------------------------
def test_an_mlp_with_a_hidden_layer_learns_xor():
    out = train_xor(hidden=8, seed=0)
    w = out["weights"]
    logit = np.tanh(POINTS @ w["W1"] + w["b1"]) @ w["w2"] + w["b2"]  # the MLP's formula, in numpy
    assert ((logit > 0) == (LABELS > 0.5)).all() and out["accuracy"] == 1.0
    assert out["loss"] < 0.05 and out["losses"][0] > out["losses"][-1]
    axis, grid = boundary_grid(5)
    p = predict(w, grid).reshape(5, 5)
    assert axis[0] == -0.5 and p.shape == (5, 5) and (0 <= p).all() and (p <= 1).all()


def test_no_single_perceptron_separates_xor():
    assert train_xor(hidden=0, seed=0)["accuracy"] <= 0.75
    # and none could: over a dense grid of lines w·x + b, none puts all four points on their side
    values = np.linspace(-3, 3, 25)
    for w1, w2, b in itertools.product(values, values, values):
        z = POINTS @ np.array([w1, w2]) + b
        assert ((z > 0) == (LABELS > 0.5)).mean() <= 0.75
