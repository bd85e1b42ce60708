"""Unit tests of gpt_core/interp (the numbers behind the labs, What if… and Show the math): each against an
independent computation, gpt_core's own modules or the shipped model."""
from __future__ import annotations

import math
import string
from pathlib import Path

import numpy as np
import pytest
import torch

from explorer.analysis import formatting
from gpt_core.capture import Interventions
from gpt_core.checkpoint import load_checkpoint
from gpt_core.config import GPTConfig
from gpt_core.model import GPT
from gpt_core.data import find_shakespeare
from gpt_core.interp.params import parameter_count_for_config
from gpt_core.interp import attention_math, losses, mask_free, mlp, params, positions

REPO = Path(__file__).resolve().parents[1]
TEXT = "ROMEO:\nBut soft, what light through yonder window breaks?"


@pytest.fixture(scope="module")
def ckpt():
    return load_checkpoint(REPO / "assets" / "shakespeare_char.safetensors")


def run(ckpt, interventions=Interventions(), text=TEXT):
    """The model's cache as numpy without the batch dimension (the shape pages read)."""
    ids = ckpt.tokenizer.encode(text)
    logits, cache = ckpt.model.run_with_cache(torch.tensor([ids]), interventions)
    return ids, logits[0].numpy(), {name: value[0].numpy() for name, value in cache.items()}


@pytest.fixture(scope="module")
def normal(ckpt):
    return run(ckpt)


# ---- losses and comparisons


def test_loss_on_the_input_equals_the_models_own_loss(ckpt, normal):
    ids, logits, _ = normal
    with torch.no_grad():
        _, loss = ckpt.model(torch.tensor([ids[:-1]]), torch.tensor([ids[1:]]))
    assert losses.mean_loss(logits, ids) == pytest.approx(float(loss), abs=1e-5)
    assert losses.mean_loss(logits[:1], ids[:1]) is None


def test_compare_predictions_reports_both_runs(normal):
    ids, logits, _ = normal
    same = losses.compare_predictions(logits, logits, ids)
    assert same["loss_before"] == same["loss_after"] and same["top1_changed"] == 0 and same["kl_last"] == 0
    hotter = losses.compare_predictions(logits, logits / 2.0, ids)
    p = np.exp(losses.log_softmax(logits[-1] / 2.0))
    np.testing.assert_allclose(hotter["after"], p[hotter["tokens"]], atol=1e-12)
    assert hotter["top1_changed"] == 0  # temperature never changes the ranking
    assert hotter["kl_last"] > 0


def test_ablating_a_head_changes_exactly_that_head_and_the_logits(ckpt, normal):
    ids, logits, acts = normal
    L, nh = ckpt.config.n_layer, ckpt.config.n_head
    _, logits_after, acts_after = run(ckpt, Interventions(ablate_heads=formatting.parse_head_labels(["L1H2"])))
    change = attention_math.z_change_by_head(acts, acts_after, L)  # [L, nh]
    assert np.all(acts_after["transformer.h.1.attn.hook_z"][2] == 0)
    assert change[1, 2] == pytest.approx(np.abs(acts["transformer.h.1.attn.hook_z"][2]).max())
    others_before = np.ones((L, nh), dtype=bool)
    others_before[1:] = False
    others_before[1, [0, 1, 3]] = True
    assert np.all(change[others_before] == 0)  # layer 0 and layer 1's other heads: untouched
    assert np.all(change[2:] > 0)  # later layers read a different residual stream
    assert np.abs(logits_after - logits).max() > 1e-3


def test_loss_vs_temperature_is_the_mean_loss_of_tempered_logits(normal):
    ids, logits, _ = normal
    curve = losses.loss_vs_temperature(logits, ids, [0.5, 1.0, 2.0])
    assert curve[1] == pytest.approx(losses.mean_loss(logits, ids))
    assert curve[0] == pytest.approx(losses.mean_loss(logits / 0.5, ids))


# ---- positions


def test_integer_positions_peak_at_the_end_and_vectors_near_themselves():
    from gpt_core.model import sinusoidal_table

    out = positions.integer_vs_embedding(sinusoidal_table(32, 16).numpy(), offsets=(1, 8, 40))
    assert out["self_match_int"] == pytest.approx(1 / 32)  # only the last row peaks on itself
    np.testing.assert_array_equal(out["int_dots"][3], 3 * np.arange(32))
    np.testing.assert_allclose(np.diagonal(out["cosine"]), 1.0, atol=1e-12)
    assert out["neighbour_match"] == 1.0  # a sinusoid's nearest other position is always adjacent
    assert set(out["cos_at"]) == {1, 8} and out["cos_at"][1] > out["cos_at"][8]


def test_position_tables_read_the_models_wpe(ckpt):
    tables = positions.position_tables(ckpt.model, 64)
    np.testing.assert_array_equal(tables["learned"], ckpt.model.transformer.wpe.weight[:64].detach().numpy())
    assert tables["sinusoidal"].shape == (64, ckpt.config.n_embd)


def test_positions_received_recovers_the_shuffle(ckpt):
    ids = ckpt.tokenizer.encode(TEXT)
    _, _, acts = run(ckpt, Interventions(positions="shuffle", shuffle_seed=3))
    table = positions.position_tables(ckpt.model)["learned"]
    expected = torch.randperm(len(ids), generator=torch.Generator().manual_seed(3)).tolist()
    assert positions.positions_received(acts["transformer.hook_pos_emb"], table) == expected
    _, _, zeroed = run(ckpt, Interventions(positions="zero"))
    assert positions.positions_received(zeroed["transformer.hook_pos_emb"], table) == [-1] * len(ids)


def test_rope_scores_depend_only_on_the_offset():
    demo = positions.rope_relative_demo(32, 48, seed=1)
    assert demo["spread"] < 1e-4
    assert np.ptp(demo["by_offset"]) > 1.0  # yet the score does change with the offset
    scores = demo["scores"]
    assert scores[5, 9] == pytest.approx(scores[20, 24], abs=1e-4)


# ---- scaling


def test_qk_variance_matches_hs_for_unit_vectors_and_the_cache(normal, ckpt):
    gen = np.random.default_rng(0)
    q, k = gen.standard_normal((2, 1, 4, 200, 64))
    out = attention_math.qk_variance_by_layer(q, k)
    assert out["var_dot"][0] == pytest.approx(64, rel=0.1)
    assert out["var_scaled"][0] == pytest.approx(1, rel=0.1)
    _, _, acts = normal
    L = ckpt.config.n_layer
    qs = np.stack([acts[f"transformer.h.{l}.attn.hook_q"] for l in range(L)])
    ks = np.stack([acts[f"transformer.h.{l}.attn.hook_k"] for l in range(L)])
    real = attention_math.qk_variance_by_layer(qs, ks)
    hs = ckpt.config.head_size
    scores = acts["transformer.h.2.attn.hook_scores"] * math.sqrt(hs)  # raw q.k
    T = scores.shape[-1]
    assert real["var_dot"][2] == pytest.approx(scores[:, np.tril(np.ones((T, T), bool))].var(), rel=1e-4)


# ---- MLP


def test_activation_curves_are_relu_and_exact_gelu():
    x = np.linspace(-4, 4, 81)
    np.testing.assert_array_equal(mlp.activation("relu", x), np.where(x > 0, x, 0.0))
    np.testing.assert_allclose(mlp.activation("gelu", x), [v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x],
                               atol=1e-12)
    with pytest.raises(ValueError, match="activation must be one of"):
        mlp.activation("swish", x)


def test_negative_share_and_top_neurons(normal):
    _, _, acts = normal
    pre = acts["transformer.h.0.mlp.hook_pre"]
    post = acts["transformer.h.0.mlp.hook_post"]
    share = mlp.negative_share(pre)
    assert share["negative"] == pytest.approx(float((pre < 0).mean()))
    assert -0.17 <= share["act_neg_min"] < 0 and share["act_neg_mean"] < 0
    assert share["at_minus_3"] == pytest.approx(-0.00405, abs=1e-5)
    exact_gelu = 0.5 * pre * (1 + np.vectorize(math.erf)(pre / math.sqrt(2)))  # x·Φ(x), written out
    np.testing.assert_allclose(post, exact_gelu, atol=1e-5)  # the model's MLP applies exact (erf) GELU ...
    np.testing.assert_allclose(mlp.activation("gelu", pre), exact_gelu, atol=1e-6)  # ... and so does the lab's curve
    ids, values = mlp.top_neurons(post, 3)
    np.testing.assert_array_equal(ids[:, 0], post.argmax(-1))
    np.testing.assert_allclose(values[:, 0], post.max(-1))


# ---- parameter calculator


def test_parameter_counts_gpt3_gpt2_and_this_model(ckpt, monkeypatch):
    import gpt_core.model

    def no_build(*args, **kwargs):
        raise AssertionError("the calculator must not build a model")

    monkeypatch.setattr(gpt_core.model.GPT, "__init__", no_build)
    gpt3 = parameter_count_for_config(GPTConfig(**params.CONFIG_PRESETS["gpt3"]))["total"]
    assert 174e9 <= gpt3 <= 176e9
    assert parameter_count_for_config(GPTConfig(**params.CONFIG_PRESETS["gpt2-small"]))["total"] == 124_439_808
    monkeypatch.undo()
    assert parameter_count_for_config(ckpt.config)["total"] == ckpt.model.num_parameters()
    memory = params.memory_estimate(gpt3)
    assert memory["fp16"] == 2 * gpt3 and memory["adamw_fp32"] == 16 * gpt3
    assert formatting.human_bytes(memory["fp16"]).endswith("GiB") and formatting.human_count(gpt3) == "174.6B"
    assert set(params.parameter_formulas(ckpt.config)) == {"wte", "wpe", "attention", "mlp", "layernorm", "lm_head"}


def tiny_model(**overrides):
    cfg = dict(n_layer=2, n_head=2, n_embd=16, vocab_size=11, block_size=8)
    return GPT(GPTConfig(**{**cfg, **overrides}))


@pytest.mark.parametrize("overrides", [{}, {"tie_weights": False}, {"bias": False, "pos_encoding": "rope"},
                                       {"pos_encoding": "sinusoidal", "mlp_ratio": 2}])
def test_parameter_groups_sum_to_num_parameters_and_match_the_config_count(overrides):
    model = tiny_model(**overrides)
    groups = params.parameter_groups(model)
    assert [g.key for g in groups] == ["wte", "wpe", "attention", "mlp", "layernorm", "lm_head"]
    assert sum(g.count for g in groups) == model.num_parameters()
    by_config = parameter_count_for_config(model.config)  # arithmetic on the config, no model
    assert {g.key: g.count for g in groups} == {k: v for k, v in by_config.items() if k != "total"}
    lm_head = groups[-1]
    if model.config.tie_weights:
        assert lm_head.count == 0 and lm_head.tensors == "lm_head.weight = wte.weight"
    else:
        assert lm_head.count == model.config.vocab_size * model.config.n_embd


@pytest.mark.parametrize("overrides", [{}, {"tie_weights": False}, {"bias": False}, {"pos_encoding": "rope"}])
def test_parameter_formulas_evaluate_to_the_counts(overrides):
    model = tiny_model(n_layer=3, n_embd=8, n_head=2, **overrides)
    for group in params.parameter_groups(model):
        numeric = group.formula.split("=", 1)[-1].replace("·", "*")  # "symbolic = numbers": the numeric side
        assert eval(numeric) == group.count, group  # noqa: S307 - digits and operators only
    assert "h.{i}.attn.c_attn.weight [24, 8] ×3" in params.parameter_groups(model)[2].tensors


# ---- two views of matmul, show the math


@pytest.mark.parametrize("layer, head, i", [(0, 0, 0), (1, 2, 10), (3, 3, -1)])
def test_matmul_views_agree_with_the_cached_scores(normal, layer, head, i):
    _, _, acts = normal
    q, k = acts[f"transformer.h.{layer}.attn.hook_q"][head], acts[f"transformer.h.{layer}.attn.hook_k"][head]
    i = i % q.shape[0]
    out = attention_math.matmul_check(q, k, acts[f"transformer.h.{layer}.attn.hook_scores"][head, i], i)
    assert out["max_diff_row"] < 1e-5 and out["max_diff_column"] < 1e-5
    np.testing.assert_allclose(out["partial_sums"][-1], out["column_view"], atol=1e-5)


@pytest.mark.parametrize("layer, head, i, j", [(0, 0, 5, 2), (2, 1, 30, 30), (3, 2, 4, 9), (1, 3, 0, 0)])
def test_show_the_math_equals_the_pattern_entry(normal, layer, head, i, j):
    _, _, acts = normal
    out = attention_math.attention_cell(acts, layer, head, i, j)
    assert out["weight"] == pytest.approx(acts[f"transformer.h.{layer}.attn.hook_pattern"][head, i, j], abs=1e-6)
    assert out["abs_diff"] < 1e-6
    assert out["products"].sum() == pytest.approx(out["dot"], abs=1e-4)
    assert out["masked"] == (j > i)
    if j > i:
        assert out["weight"] == 0.0
    q, k = acts[f"transformer.h.{layer}.attn.hook_q"][head], acts[f"transformer.h.{layer}.attn.hook_k"][head]
    hs = q.shape[-1]
    assert out["scaled_score"] == pytest.approx(float(q[i] @ k[j]) / math.sqrt(hs), rel=1e-5, abs=1e-6)  # by hand
    assert out["allowed_keys"] == i + 1 and out["hs"] == hs


# ---- the mask on a training batch, and a model that learns to cheat


def test_training_text_falls_back_to_the_input():
    text, source = losses.training_text({"corpus": "my_upload.txt"}, "hello")
    assert (text, source) == ("hello", "input")
    text, source = losses.training_text({"corpus": "task:reverse"}, "hello")
    assert source == "task" and ">" in text
    x, y = losses.fixed_batch([1, 2, 3], block_size=8)
    assert x.tolist() == [[1, 2]] and y.tolist() == [[2, 3]]
    assert losses.fixed_batch([1], block_size=8) is None


@pytest.mark.skipif(find_shakespeare() is None, reason="Tiny Shakespeare is not on this machine")
def test_the_mask_on_a_training_batch_and_a_model_that_cheats(ckpt):
    text, source = losses.training_text(ckpt.record, TEXT)
    assert source == "shakespeare"
    ids = losses.encode_for_batches(ckpt.tokenizer, text)
    x, y = losses.fixed_batch(ids, ckpt.config.block_size)
    masked = losses.batch_loss(ckpt.model, x, y)
    unmasked = losses.batch_loss(ckpt.model, x, y, Interventions(causal_mask=False))
    # The shipped model was trained WITH the mask: it never learned to use the future, so removing the mask
    # makes its loss worse, not better. Cheating needs a model trained without the mask:
    assert unmasked > masked
    cheater = mask_free.train_tiny(ids, ckpt.tokenizer.vocab_size, causal_mask=False, steps=150)
    assert cheater["losses"][-10:].mean() < 1.0 < masked  # below what the real model can honestly reach
    assert attention_math.next_offset_share(cheater["pattern"]).max() > 0.5  # it reads token i+1: the answer
    assert cheater["eval_masked"] > masked + 1.0  # useless once the future is hidden again


# ---- the catalogues


@pytest.mark.parametrize("module", ["labs", "what_if", "show_math"])
def test_en_and_zh_catalogues_have_the_same_keys_and_placeholders(module):
    import importlib

    en = importlib.import_module(f"explorer.locales.en.{module}").STRINGS
    zh = importlib.import_module(f"explorer.locales.zh.{module}").STRINGS
    assert set(en) == set(zh)
    assert all(key.startswith(f"{module}.") for key in en)

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key in en:
        if key.endswith(".formula"):  # LaTeX, shown unformatted
            continue
        assert fields(en[key]) == fields(zh[key]), key
        assert zh[key] != en[key] or key in ZH_SAME_AS_EN, f"{key} is not translated"


ZH_SAME_AS_EN = {"labs.tab.mlp", "labs.pos.rope_matrix_title", "labs.pos.rope_y", "labs.params.n_embd",
                 "labs.matmul.axis_key", "labs.mlp.plus_bias", "what_if.temp.after",
                 "show_math.axis_key_short"}
