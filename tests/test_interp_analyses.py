"""Tests for gpt_core.interp (params, geometry, lens, heads, next_token, attention_math): parameter counts, PCA,
logit lens, attention statistics and the attention labs."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from gpt_core.capture import Interventions
from gpt_core.config import GPTConfig
from gpt_core.interp.params import PARAMETER_GROUPS, parameter_breakdown, parameter_count_for_config
from gpt_core.interp.heads import (attention_head_stats, content_token_ids, head_scores, head_scores_from_patterns, induction_scores, repeated_random_sequence, text_position_scores)
from gpt_core.interp.geometry import cosine_similarity_matrix, fit_pca, pca_project, project_with
from gpt_core.interp.lens import logit_lens, residual_stack
from gpt_core.interp.attention_math import matmul_two_views, scaling_demo, show_the_math, softmax_orders
from gpt_core.interp.next_token import next_token_table
from gpt_core.model import GPT
from gpt_core.sampling import filtered_probs
from gpt_core.tokenizers import CharTokenizer

REPO = Path(__file__).resolve().parents[1]


def tiny(**overrides) -> GPT:
    torch.manual_seed(0)
    cfg = dict(n_layer=2, n_head=2, n_embd=16, block_size=16, vocab_size=13)
    model = GPT(GPTConfig(**{**cfg, **overrides}))
    return model.eval()


# ---- parameter counting --------------------------------------------------------------------------


@pytest.mark.parametrize("overrides", [
    {},
    {"bias": False},
    {"tie_weights": False},
    {"bias": False, "tie_weights": False, "pos_encoding": "rope"},
    {"pos_encoding": "sinusoidal"},
    {"pos_encoding": "none", "mlp_ratio": 2, "activation": "relu"},
    {"n_layer": 3, "n_head": 4, "n_embd": 8, "block_size": 5, "vocab_size": 7},
])
def test_config_count_equals_built_model(overrides):
    model = tiny(**overrides)
    built = parameter_breakdown(model)
    assert built == parameter_count_for_config(model.config)
    assert built["total"] == model.num_parameters()
    assert sum(built[g] for g in PARAMETER_GROUPS) == built["total"]


def test_breakdown_groups():
    model = tiny(tie_weights=True)
    counts = parameter_breakdown(model)
    assert counts["lm_head"] == 0  # tied: it is wte
    assert counts["wte"] == 13 * 16 and counts["wpe"] == 16 * 16
    assert parameter_breakdown(tiny(tie_weights=False))["lm_head"] == 13 * 16
    assert parameter_breakdown(tiny(pos_encoding="sinusoidal"))["wpe"] == 0


def test_gpt3_is_about_175_billion():
    cfg = GPTConfig(n_layer=96, n_head=96, n_embd=12288, vocab_size=50257, block_size=2048)
    counts = parameter_count_for_config(cfg)
    assert 174e9 < counts["total"] < 176e9
    assert counts["wte"] == 50257 * 12288
    assert counts["attention"] == 96 * (4 * 12288**2 + 4 * 12288)


# ---- PCA and similarity ----------------------------------------------------------------------------


def test_pca_recovers_dominant_axis_and_is_deterministic():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(200, 5, generator=gen) * torch.tensor([10.0, 3.0, 0.1, 0.1, 0.1])
    coords, explained = pca_project(x, k=2)
    assert coords.shape == (200, 2) and explained.shape == (2,)
    assert explained[0] > 0.85 and explained[0] > explained[1]
    pca = fit_pca(x, 2)
    assert torch.allclose(pca.components[0].abs(), torch.tensor([1.0, 0, 0, 0, 0]), atol=0.02)
    # sign convention: each component's largest-|value| entry is positive, also for -x
    for comps in (pca.components, fit_pca(-x, 2).components):
        biggest = comps.abs().argmax(1)
        assert (comps[torch.arange(2), biggest] > 0).all()
    coords_neg, _ = pca_project(-x, 2)
    assert torch.allclose(coords_neg, -coords, atol=1e-4)
    # components are orthonormal
    assert torch.allclose(pca.components @ pca.components.T, torch.eye(2), atol=1e-5)


def test_fit_pca_projects_other_sets_into_same_axes():
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(50, 4, generator=gen)
    pca = fit_pca(x, 3)
    y = x[:7] + 1.0
    expected = (y - x.mean(0)) @ pca.components.T
    assert torch.allclose(project_with(pca, y), expected, atol=1e-5)
    assert torch.allclose(pca.transform(x[:7]), pca_project(x, 3)[0][:7], atol=1e-5)


def test_pca_of_a_tall_table_matches_the_svd():
    """fit_pca takes the [D, D] scatter's eigenvectors when N > 2D (a 50k vocabulary); same axes as the SVD."""
    gen = torch.Generator().manual_seed(2)
    x = torch.randn(600, 8, generator=gen) * torch.linspace(4.0, 0.5, 8)
    pca = fit_pca(x, 3)
    _, S, Vh = torch.linalg.svd(x - x.mean(0), full_matrices=False)
    signs = torch.sign(Vh[torch.arange(3), Vh[:3].abs().argmax(1)])
    assert torch.allclose(pca.components, Vh[:3] * signs[:, None], atol=1e-4)
    assert torch.allclose(pca.explained, (S[:3] ** 2 / (S**2).sum()).float(), atol=1e-5)


def test_pca_degenerate_inputs():
    coords, explained = pca_project(torch.ones(1, 4), k=3)  # one point: no variance
    assert coords.shape == (1, 3) and torch.all(explained == 0)
    coords, explained = pca_project(torch.randn(5, 2), k=3)  # k > D: padded with zeros
    assert coords.shape == (5, 3) and explained[2] == 0 and abs(float(explained.sum()) - 1) < 1e-5


def test_cosine_similarity_matrix():
    x = torch.tensor([[1.0, 0.0], [0.0, 2.0], [-3.0, 0.0], [0.0, 0.0]])
    sim = cosine_similarity_matrix(x)
    assert sim.shape == (4, 4)
    assert torch.allclose(sim[0], torch.tensor([1.0, 0.0, -1.0, 0.0]))
    assert torch.allclose(sim, sim.T)


# ---- logit lens -------------------------------------------------------------------------------------


@pytest.mark.parametrize("position", [-1, 3])
def test_logit_lens_last_row_is_the_models_prediction(position):
    model = tiny()
    ids = torch.tensor([[1, 5, 2, 7, 3, 3]])
    logits, cache = model.run_with_cache(ids)
    rows = logit_lens(model, cache, position=position, top_k=4, track_ids=[3])
    assert [r.name for r in rows] == ["embedding", "after block 0", "after block 1"]
    real = F.softmax(logits[0, position], -1)
    top = real.topk(4)
    assert rows[-1].ids == top.indices.tolist()
    assert np.allclose(rows[-1].probs, top.values.numpy(), atol=1e-6)
    assert rows[-1].tracked[3] == pytest.approx(float(real[3]), abs=1e-6)
    for row in rows:
        assert len(row.ids) == 4 and row.probs == sorted(row.probs, reverse=True)


def test_residual_stack_and_missing_cache():
    model = tiny()
    _, cache = model.run_with_cache(torch.tensor([[1, 2, 3]]))
    names, states = residual_stack(cache, 2)
    assert states.shape == (3, 3, 16) and len(names) == 3
    assert torch.allclose(states[0], cache["transformer.hook_tok_emb"][0] + cache["transformer.hook_pos_emb"][0])
    _, partial = model.run_with_cache(torch.tensor([[1, 2]]), names_filter=lambda n: "pattern" in n)
    with pytest.raises(KeyError, match="resid"):
        logit_lens(model, partial)


# ---- attention statistics -----------------------------------------------------------------------------


def causal_uniform(T: int) -> torch.Tensor:
    return torch.tril(torch.ones(T, T)) / torch.arange(1, T + 1)[:, None]  # [T, T]


def previous_token_pattern(T: int) -> torch.Tensor:
    p = torch.zeros(T, T)
    p[0, 0] = 1.0
    p[torch.arange(1, T), torch.arange(T - 1)] = 1.0
    return p


def test_attention_head_stats_on_synthetic_patterns():
    T = 8
    sink = torch.zeros(T, T)
    sink[:, 0] = 1.0
    pattern = torch.stack([previous_token_pattern(T), sink, torch.eye(T), causal_uniform(T)])  # [4, T, T]
    stats = attention_head_stats(pattern)
    assert np.allclose(stats["previous"][:3], [1, 1 / 7, 0])  # the sink hits key t-1 = 0 only at t=1
    assert np.allclose(stats["first"][:3], [1 / 7, 1, 0])  # row 0 is skipped; prev head hits key 0 only at t=1
    assert np.allclose(stats["self"][:3], [0, 0, 1])
    assert np.allclose(stats["entropy"][:3], 0, atol=1e-6)
    expected_uniform = np.mean([math.log(t + 1) for t in range(1, T)])
    assert stats["entropy"][3] == pytest.approx(expected_uniform, rel=1e-5)
    single = attention_head_stats(previous_token_pattern(4))  # [T, T] is one head
    assert single["previous"].shape == (1,)


def test_induction_score_on_synthetic_pattern():
    S = 5
    T = 2 * S
    induction = torch.zeros(T, T)
    for t in range(T):
        induction[t, t - S + 1 if t >= S else 0] = 1.0
    scores = induction_scores(torch.stack([induction, previous_token_pattern(T)]), S)
    assert scores[0] == pytest.approx(1.0) and scores[1] == pytest.approx(0.0)
    hs = head_scores_from_patterns(torch.stack([previous_token_pattern(T), causal_uniform(T)])[None],
                                   torch.stack([causal_uniform(T), causal_uniform(T)])[None], S)
    assert hs.previous.shape == (1, 2) and hs.label(0, 0) == "previous-token"
    assert hs.label(0, 1) == "mixed"
    assert hs.labels()[0][1] == "mixed"
    hs_ind = head_scores_from_patterns(causal_uniform(T)[None, None], induction[None, None], S)
    assert hs_ind.label(0, 0) == "induction"


def test_repeated_random_sequence():
    seq = repeated_random_sequence(50, 10, seed=3)
    assert seq.shape == (20,) and torch.equal(seq[:10], seq[10:]) and len(set(seq[:10].tolist())) == 10
    assert torch.equal(seq, repeated_random_sequence(50, 10, seed=3))
    assert repeated_random_sequence(3, 10).max() < 3


def previous_token_model(T: int = 16) -> GPT:
    """One layer, one head, built by hand so that position t attends to t-1.

    wte = 0 and wpe[t] = one-hot e_t, so ln_1 gives a(e_t - 1/C). With W_k = I and W_q = s * P, where P
    maps e_t to e_{t-1}, the score q_t . k_j = s a^2 (delta_{j, t-1} - 1/C) peaks at j = t-1.
    """
    cfg = GPTConfig(n_layer=1, n_head=1, n_embd=T, block_size=T, vocab_size=5, bias=False)
    model = GPT(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()
        model.transformer.wpe.weight.copy_(torch.eye(T))
        for ln in (model.transformer.h[0].ln_1, model.transformer.h[0].ln_2, model.transformer.ln_f):
            ln.weight.fill_(1.0)
        shift = torch.zeros(T, T)
        shift[torch.arange(T - 1), torch.arange(1, T)] = 1.0  # (shift @ e_t) = e_{t-1}
        shift[T - 1, 0] = 1.0  # cyclic, so the constant offset maps onto itself
        c_attn = model.transformer.h[0].attn.c_attn.weight  # [3C, C]: rows q, k, v
        c_attn[:T] = 10.0 * shift
        c_attn[T:2 * T] = torch.eye(T)
    return model


def test_head_scores_find_a_hand_built_previous_token_head():
    model = previous_token_model(16)
    probe = torch.tensor([1, 2, 3, 4, 0, 1, 2, 3, 4, 0])
    scores = head_scores(model, probe, repeat_len=4, seed=0)
    assert scores.previous.shape == (1, 1)
    assert scores.previous[0, 0] > 0.95
    assert scores.induction[0, 0] < 0.1
    assert scores.label(0, 0) == "previous-token"
    # the same thing without a probe (the repeated sequence serves for every score)
    assert head_scores(model, repeat_len=4).label(0, 0) == "previous-token"


def test_head_scores_on_random_model_shapes():
    model = tiny()
    scores = head_scores(model, torch.tensor([1, 2, 3, 4, 5]))
    for arr in scores.as_dict().values():
        assert arr.shape == (2, 2) and np.all((arr >= 0) & (arr <= 1 + 1e-6))
    assert all(label in ("previous-token", "first-token", "self", "induction", "mixed")
               for row in scores.labels() for label in row)


# ---- text-position roles (hand-built patterns as the oracle) ----------------------------------------------

ROLE_TEXT = list("ab cdef\nghij kl mnop\nqrs tuvw")  # [T]: words of 2-4 letters, spaces and newlines


def _last_before(tokens, i: int, chars: str) -> int:
    """The latest j <= i with tokens[j] in chars, else -1 (a backwards scan, independent of gpt_core)."""
    return next((j for j in range(i, -1, -1) if tokens[j] in chars), -1)


def one_hot_pattern(targets) -> torch.Tensor:
    """A [T, T] pattern putting all of row i's weight on key targets[i] (<= i)."""
    T = len(targets)
    p = torch.zeros(T, T)
    p[torch.arange(T), torch.as_tensor(targets)] = 1.0
    return p


def role_patterns(tokens) -> dict[str, torch.Tensor]:
    """One hand-built head per text role, plus a previous-token head, each [T, T]."""
    T = len(tokens)
    space = [max(_last_before(tokens, i, " \n"), 0) for i in range(T)]
    newline = [max(_last_before(tokens, i, "\n"), 0) for i in range(T)]
    word = [i if tokens[i] in " \n" else _last_before(tokens, i, " \n") + 1 for i in range(T)]
    return {"last-space": one_hot_pattern(space), "word-start": one_hot_pattern(word),
            "last-newline": one_hot_pattern(newline), "previous-token": previous_token_pattern(T)}


def test_text_position_scores_find_hand_built_heads():
    heads = role_patterns(ROLE_TEXT)
    scores = text_position_scores(torch.stack(list(heads.values())), ROLE_TEXT)  # each [4]
    assert set(scores) == {"last-space", "word-start", "last-newline"}
    for n, role in enumerate(heads):
        for name, values in scores.items():
            if name == role:
                assert values[n] == pytest.approx(1.0), (role, name)
            elif role == "previous-token":  # rows are >= 2 tokens past the key: a previous-token head scores 0
                assert values[n] == pytest.approx(0.0), (role, name)
    assert scores["word-start"][0] == pytest.approx(0.0)  # the space head never reads a letter there
    assert scores["last-space"][1] == pytest.approx(0.0)  # the word-start head never reads a space there


def test_text_position_scores_of_a_uniform_head():
    """Uniform rows put 1/(i+1) on every key: the mean of that over the rows each role scores."""
    T = len(ROLE_TEXT)
    scores = text_position_scores(causal_uniform(T), ROLE_TEXT)
    for role, chars, offset in (("last-space", " \n", 0), ("last-newline", "\n", 0), ("word-start", " \n", 1)):
        keys = [_last_before(ROLE_TEXT, i, chars) for i in range(T)]
        rows = [i for i in range(T) if keys[i] >= 0 and keys[i] + offset <= i - 2]
        assert scores[role][0] == pytest.approx(np.mean([1 / (i + 1) for i in rows]), rel=1e-5)


def test_text_roles_label_hand_built_heads_and_need_the_tokens():
    heads = role_patterns(ROLE_TEXT)
    T = len(ROLE_TEXT)
    probe = torch.stack(list(heads.values()))[None]  # [1, 4, T, T]
    repeat = torch.stack([causal_uniform(8)] * 4)[None]  # [1, 4, 8, 8], no induction
    scores = head_scores_from_patterns(probe, repeat, 4, tokens=ROLE_TEXT)
    assert scores.labels() == [list(heads)]
    assert set(scores.as_dict()) >= {"last-space", "word-start", "last-newline"}
    # without the token strings there are no text roles: the same heads are previous-token or mixed
    plain = head_scores_from_patterns(probe, repeat, 4)
    assert "word-start" not in plain.as_dict() and plain.labels()[0][3] == "previous-token"
    # where every whitespace is a newline, a newline head scores the same on both: the specific role wins
    lines = list("abcd\nefgh\nijkl")
    newline_head = role_patterns(lines)["last-newline"][None, None]  # [1, 1, T, T]
    tie = head_scores_from_patterns(newline_head, causal_uniform(8)[None, None], 4, tokens=lines)
    assert tie.last_space[0, 0] == tie.last_newline[0, 0] == pytest.approx(1.0)
    assert tie.label(0, 0) == "last-newline"
    # a text with no whitespace scores nothing on the text roles (no row has a word start to read)
    none = text_position_scores(causal_uniform(T), ["a"] * T)
    assert all(values[0] == 0.0 for values in none.values())


def test_a_random_init_model_stays_mostly_mixed():
    text = "But soft, what light through yonder window breaks?\nIt is the"
    tokenizer = CharTokenizer(sorted(set(text)))
    torch.manual_seed(0)
    model = GPT(GPTConfig(n_layer=4, n_head=4, n_embd=128, block_size=64, vocab_size=tokenizer.vocab_size)).eval()
    scores = head_scores(model, tokenizer.encode(text), allowed_ids=content_token_ids(tokenizer),
                         tokenizer=tokenizer)
    labels = [label for row in scores.labels() for label in row]
    assert labels.count("mixed") >= 15, labels
    assert max(float(v.max()) for name, v in scores.as_dict().items() if name != "self") < 0.3


@pytest.fixture(scope="module")
def shipped():
    from gpt_core.checkpoint import load_checkpoint

    return {name: load_checkpoint(REPO / "assets" / f"{name}.safetensors")
            for name in ("shakespeare_char", "induction_2layer")}


def test_the_shipped_model_has_text_role_heads_on_the_default_text(shipped):
    from explorer.ui.state import DEFAULT_TEXT

    ckpt = shipped["shakespeare_char"]
    scores = head_scores(ckpt.model, ckpt.tokenizer.encode(DEFAULT_TEXT),
                         allowed_ids=content_token_ids(ckpt.tokenizer), tokenizer=ckpt.tokenizer)
    labels = scores.labels()
    assert (labels[1][0], labels[1][1], labels[2][1]) == ("last-space", "last-newline", "word-start")
    assert sum(row.count("mixed") for row in labels) == 13  # the other heads mix several patterns


def test_the_induction_model_keeps_its_labels_with_text_roles(shipped):
    from explorer.ui.state import suggested_text

    ckpt = shipped["induction_2layer"]
    for text in (suggested_text(ckpt.record), "rlujpiotfrlujpiotf\nxqrpjaftuixqrpjaftui\n"):
        scores = head_scores(ckpt.model, ckpt.tokenizer.encode(text), allowed_ids=content_token_ids(ckpt.tokenizer),
                             tokenizer=ckpt.tokenizer)
        labels = scores.labels()
        assert labels[0][0] == "previous-token" and labels[1][1:] == ["induction"] * 3, (text, labels)


# ---- next-token table -------------------------------------------------------------------------------------


def test_next_token_table_raw_and_filtered():
    logits = torch.tensor([0.5, 3.0, 1.0, 2.0, -1.0])
    table = next_token_table(logits, temperature=0.7, top_k=2, k_show=4)
    assert [row[0] for row in table] == [1, 3, 2, 0]
    raw = F.softmax(logits, -1)
    filtered = filtered_probs(logits[None], 0.7, 2)[0]
    for token, raw_p, filt_p in table:
        assert raw_p == pytest.approx(float(raw[token])) and filt_p == pytest.approx(float(filtered[token]))
    assert table[2][2] == 0.0 and table[0][2] + table[1][2] == pytest.approx(1.0)
    greedy = next_token_table(logits, temperature=0, k_show=10)
    assert len(greedy) == 5 and greedy[0][2] == 1.0


# ---- attention labs ---------------------------------------------------------------------------------------


def test_softmax_orders():
    gen = torch.Generator().manual_seed(0)
    scores = torch.randn(6, 6, generator=gen)
    out = softmax_orders(scores)
    sums = out["row_sums"]
    assert torch.allclose(sums["masked_softmax"], torch.ones(6))
    assert torch.allclose(sums["unmasked_softmax"], torch.ones(6))
    assert (sums["softmax_then_zero"][:-1] < 1 - 1e-4).all()
    assert sums["softmax_then_zero"][-1] == pytest.approx(1.0)
    assert torch.all(out["masked_softmax"].triu(1) == 0)
    assert torch.isinf(out["masked_scores"].triu(1)[0, 1]) and out["masked_scores"][0, 1] < 0
    # softmax_then_zero is a rescaled masked softmax: the past keys' ratios agree, only the sum is wrong
    row = 3
    ratio = out["softmax_then_zero"][row, : row + 1] / out["masked_softmax"][row, : row + 1]
    assert torch.allclose(ratio, ratio[0].expand_as(ratio), atol=1e-6) and ratio[0] < 1
    hot = softmax_orders(scores, temperature=0.1)["masked_softmax"]
    assert hot.amax(-1).mean() > out["masked_softmax"].amax(-1).mean()


def test_scaling_demo():
    demo = scaling_demo(d_values=(4, 64, 512), n_samples=3000, seed=1)
    assert demo == scaling_demo(d_values=(4, 64, 512), n_samples=3000, seed=1)
    for d, var_dot, var_scaled in zip(demo["d"], demo["var_dot"], demo["var_scaled"]):
        assert var_dot == pytest.approx(d, rel=0.15)
        assert var_scaled == pytest.approx(1.0, rel=0.15)
    assert demo["max_prob_unscaled"][-1] > 0.9  # saturated: one key takes all the weight
    assert demo["max_prob_scaled"][-1] < 0.6
    assert demo["max_prob_unscaled"][-1] > demo["max_prob_unscaled"][0]


def test_matmul_two_views():
    gen = torch.Generator().manual_seed(0)
    q, K = torch.randn(8, generator=gen), torch.randn(5, 8, generator=gen)
    views = matmul_two_views(q, K)
    assert torch.allclose(views["row_view"], q @ K.T, atol=1e-5)
    assert torch.allclose(views["column_view"], q @ K.T, atol=1e-5)
    assert views["column_terms"].shape == (8, 5) and views["products"].shape == (5, 8)


@pytest.mark.parametrize("pos_encoding", ["learned", "rope"])
def test_show_the_math_matches_the_cache(pos_encoding):
    model = tiny(pos_encoding=pos_encoding)
    _, cache = model.run_with_cache(torch.tensor([[1, 5, 2, 7, 3]]))
    for i, j in [(3, 1), (4, 4), (0, 0), (1, 3)]:
        math_ = show_the_math(model, cache, layer=1, head=1, i=i, j=j)
        assert math_["weight"] == pytest.approx(math_["pattern_value"], abs=1e-6)
        assert math_["pattern_value"] == pytest.approx(float(cache.block(1, "attn.hook_pattern")[0, 1, i, j]))
        assert math_["scale"] == pytest.approx(1 / math.sqrt(8))
        assert math_["masked"] == (j > i)
        if not math_["masked"]:
            assert math_["scaled_score"] == pytest.approx(float(cache.block(1, "attn.hook_scores")[0, 1, i, j]), abs=1e-5)
        else:
            assert math_["pattern_value"] == 0.0 and math_["masked_score"] == float("-inf")
        assert float(math_["row_softmax"].sum()) == pytest.approx(1.0)


def test_show_the_math_follows_interventions():
    model = tiny()
    iv = Interventions(causal_mask=False, scale_scores=False)
    _, cache = model.run_with_cache(torch.tensor([[1, 5, 2, 7]]), interventions=iv)
    math_ = show_the_math(model, cache, 0, 0, 1, 3, interventions=iv)
    assert not math_["masked"] and math_["scale"] == 1.0
    assert math_["weight"] == pytest.approx(math_["pattern_value"], abs=1e-6) and math_["pattern_value"] > 0
