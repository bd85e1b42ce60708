"""The GPT: fused vs explicit attention, causality, the mask, multi-head forms, capture isolation, hook names."""
import math
import subprocess
import sys
import threading

import pytest
import torch
import torch.nn as nn
from torch.nn import functional as F

from gpt_core import GPT, ConfigError, GPTConfig, Interventions, preset
from gpt_core.sampling import filtered_probs

POS_ENCODINGS = ["learned", "sinusoidal", "rope", "none"]


def tiny(pos_encoding="learned", seed=0, **kw):
    torch.manual_seed(seed)
    cfg = GPTConfig(vocab_size=13, block_size=16, n_layer=2, n_head=2, n_embd=32, pos_encoding=pos_encoding, **kw)
    model = GPT(cfg).eval()
    # Random init has tiny weights; push them up so attention patterns are far from uniform.
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(8.0) if p.dim() >= 2 else None
    return model


def ids(T=16, seed=1, B=2, V=13):
    return torch.randint(0, V, (B, T), generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("pos_encoding", POS_ENCODINGS)
def test_fused_and_explicit_attention_agree(pos_encoding):
    model = tiny(pos_encoding)
    x = ids()
    fused, _ = model(x)  # default path: scaled_dot_product_attention
    explicit, _ = model.run_with_cache(x)  # materialises every attention matrix
    torch.testing.assert_close(fused, explicit, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("pos_encoding", POS_ENCODINGS)
def test_causality(pos_encoding):
    model = tiny(pos_encoding)
    x = ids(B=1)
    t = 7
    changed = x.clone()
    changed[0, t + 1] = (changed[0, t + 1] + 1) % 13
    before, _ = model(x)
    after, _ = model(changed)
    torch.testing.assert_close(before[0, : t + 1], after[0, : t + 1])
    assert not torch.allclose(before[0, t + 1], after[0, t + 1])


def test_pattern_rows_sum_to_one_and_future_is_zero():
    _, cache = tiny().run_with_cache(ids())
    T = 16
    upper = torch.ones(T, T, dtype=torch.bool).triu(1)
    for layer in range(2):
        pattern = cache.block(layer, "attn.hook_pattern")  # [B, nh, T, T]
        masked = cache.block(layer, "attn.hook_masked_scores")
        scores = cache.block(layer, "attn.hook_scores")
        torch.testing.assert_close(pattern.sum(-1), torch.ones(2, 2, T))
        assert (pattern[..., upper] == 0).all()
        assert torch.isneginf(masked[..., upper]).all()
        assert torch.isfinite(masked[..., ~upper]).all()
        torch.testing.assert_close(masked[..., ~upper], scores[..., ~upper])
        # scores really are Q K^T / sqrt(hs)
        q, k = cache.block(layer, "attn.hook_q"), cache.block(layer, "attn.hook_k")
        torch.testing.assert_close(scores, q @ k.transpose(-2, -1) / math.sqrt(16))


def test_multihead_reshape_form_equals_modulelist_of_heads():
    """The reshape+transpose form and a ModuleList of single heads + concat + W_O are the same computation."""
    model = tiny()
    attn = model.transformer.h[0].attn
    C, nh, hs = 32, 2, 16
    x = torch.randn(2, 16, C, generator=torch.Generator().manual_seed(3))
    W, b = attn.c_attn.weight, attn.c_attn.bias  # [3C, C], [3C]

    class Head(nn.Module):
        def __init__(self, h):
            super().__init__()
            self.q, self.k, self.v = (nn.Linear(C, hs) for _ in range(3))
            for lin, part in zip((self.q, self.k, self.v), range(3)):
                rows = slice(part * C + h * hs, part * C + (h + 1) * hs)
                lin.weight.data, lin.bias.data = W[rows].clone(), b[rows].clone()

        def forward(self, x):
            q, k, v = self.q(x), self.k(x), self.v(x)  # [B, T, hs]
            att = q @ k.transpose(-2, -1) / math.sqrt(hs)  # [B, T, T]
            att = att.masked_fill(torch.ones(16, 16, dtype=torch.bool).triu(1), float("-inf"))
            return F.softmax(att, -1) @ v  # [B, T, hs]

    heads = nn.ModuleList([Head(h) for h in range(nh)])
    per_head = attn.c_proj(torch.cat([head(x) for head in heads], dim=-1))  # [B, T, C]
    with torch.no_grad():
        torch.testing.assert_close(attn(x), per_head, atol=1e-5, rtol=1e-5)


EXPECTED_BLOCK_HOOKS = [
    "hook_resid_pre", "ln_1.hook_normalized", "attn.hook_q", "attn.hook_k", "attn.hook_v", "attn.hook_scores",
    "attn.hook_masked_scores", "attn.hook_pattern", "attn.hook_z", "attn.hook_out", "hook_resid_mid",
    "ln_2.hook_normalized", "mlp.hook_pre", "mlp.hook_post", "mlp.hook_out", "hook_resid_post",
]


def test_hook_names_are_pinned():
    _, cache = tiny().run_with_cache(ids())
    expected = ["transformer.hook_tok_emb", "transformer.hook_pos_emb"]
    for layer in range(2):
        expected += [f"transformer.h.{layer}.{name}" for name in EXPECTED_BLOCK_HOOKS]
    expected += ["transformer.ln_f.hook_normalized", "hook_logits"]
    assert list(cache) == expected
    assert cache["transformer.h.1.attn.hook_q"].shape == (2, 2, 16, 16)  # [B, nh, T, hs]
    assert cache["transformer.h.1.mlp.hook_pre"].shape == (2, 16, 128)  # [B, T, 4C]
    assert cache["hook_logits"].shape == (2, 16, 13)


def test_capture_leaves_no_state_on_modules():
    model = tiny()
    before = {name: dict(vars(m)) .keys() for name, m in model.named_modules()}
    model.run_with_cache(ids(), Interventions(causal_mask=False, ablate_heads={(0, 1)}))
    after = {name: dict(vars(m)).keys() for name, m in model.named_modules()}
    assert before == after
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())


def test_two_threads_capture_concurrently_without_mixing():
    model = tiny()
    inputs = [ids(seed=s, B=1) for s in range(2)]
    reference = [model.run_with_cache(x)[1]["transformer.h.1.attn.hook_pattern"] for x in inputs]
    results, errors = {}, []
    barrier = threading.Barrier(2)

    def work(i):
        try:
            barrier.wait()
            for _ in range(20):
                pattern = model.run_with_cache(inputs[i])[1]["transformer.h.1.attn.hook_pattern"]
                assert torch.equal(pattern, reference[i])
            results[i] = True
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == {0: True, 1: True}
    assert not torch.equal(reference[0], reference[1])


def test_ablating_a_head_zeroes_exactly_its_output():
    model = tiny()
    x = ids()
    _, base = model.run_with_cache(x)
    _, ablated = model.run_with_cache(x, Interventions(ablate_heads={(1, 0)}))
    z = ablated.block(1, "attn.hook_z")
    assert (z[:, 0] == 0).all()
    torch.testing.assert_close(z[:, 1], base.block(1, "attn.hook_z")[:, 1])
    torch.testing.assert_close(ablated.block(1, "hook_resid_pre"), base.block(1, "hook_resid_pre"))
    assert not torch.allclose(ablated["hook_logits"], base["hook_logits"])


def test_no_mask_lets_positions_read_the_future():
    model = tiny()
    _, cache = model.run_with_cache(ids(), Interventions(causal_mask=False))
    pattern = cache.block(0, "attn.hook_pattern")
    assert (pattern[..., torch.ones(16, 16, dtype=torch.bool).triu(1)] > 0).all()
    torch.testing.assert_close(pattern.sum(-1), torch.ones(2, 2, 16))


def test_no_scaling_multiplies_scores_by_sqrt_hs():
    model = tiny()
    x = ids()
    _, base = model.run_with_cache(x)
    _, unscaled = model.run_with_cache(x, Interventions(scale_scores=False))
    torch.testing.assert_close(unscaled.block(0, "attn.hook_scores"), base.block(0, "attn.hook_scores") * 4.0)


@pytest.mark.parametrize("mode", ["zero", "shuffle"])
def test_position_interventions_change_the_embedding(mode):
    model = tiny()
    x = ids()
    _, base = model.run_with_cache(x)
    _, changed = model.run_with_cache(x, Interventions(positions=mode, shuffle_seed=1))
    pos, new_pos = base["transformer.hook_pos_emb"], changed["transformer.hook_pos_emb"]
    if mode == "zero":
        assert (new_pos == 0).all()
    else:  # the same rows in another order
        assert not torch.equal(pos, new_pos)
        torch.testing.assert_close(pos[0].sort(0).values, new_pos[0].sort(0).values)


def test_loss_and_shapes():
    model = tiny()
    x = ids()
    logits, loss = model(x, targets=x)
    assert logits.shape == (2, 16, 13)
    torch.testing.assert_close(loss, F.cross_entropy(logits.reshape(-1, 13), x.reshape(-1)))
    assert model(x)[1] is None


def test_tied_weights_share_storage_and_count_once():
    tied = tiny()
    untied = tiny(tie_weights=False)
    assert tied.lm_head.weight is tied.transformer.wte.weight
    assert untied.num_parameters() - tied.num_parameters() == 13 * 32


@pytest.mark.parametrize("bad", [
    dict(n_embd=30, n_head=4), dict(n_layer=0), dict(pos_encoding="alibi"), dict(activation="tanh"),
    dict(dropout=1.5), dict(block_size=-1), dict(n_head=4, n_embd=12, pos_encoding="rope"),
])
def test_config_validation_names_the_field(bad):
    with pytest.raises(ConfigError) as info:
        GPTConfig(**bad)
    assert any(key in str(info.value) for key in bad)


def test_config_from_dict_rejects_unknown_keys_and_presets_work():
    with pytest.raises(ConfigError, match="n_layers"):
        GPTConfig.from_dict({"n_layers": 2})
    assert GPTConfig.from_dict(GPTConfig().to_dict()) == GPTConfig()
    assert preset("shakespeare", vocab_size=65).block_size == 128
    with pytest.raises(ConfigError, match="unknown preset"):
        preset("huge")


@pytest.mark.parametrize("bad_input, message", [
    (torch.zeros(1, 17, dtype=torch.long), "longer than the context"),
    (torch.zeros(1, 0, dtype=torch.long), "empty"),
    (torch.full((1, 3), 13), "token ids must be in"),
    (torch.zeros(3, dtype=torch.long), r"\[B, T\]"),
])
def test_bad_inputs_get_clear_errors(bad_input, message):
    with pytest.raises(ValueError, match=message):
        tiny()(bad_input)


def test_generate_is_seeded_and_crops_context():
    model = tiny()
    prompt = ids(B=1)  # already block_size long: generate must crop
    a = model.generate(prompt, 10, temperature=1.0, seed=5)
    b = model.generate(prompt, 10, temperature=1.0, seed=5)
    assert a.shape == (1, 26) and torch.equal(a, b)
    greedy = model.generate(prompt[:, :4], 3, temperature=0)
    logits, _ = model(prompt[:, :4])
    assert greedy[0, 4] == logits[0, -1].argmax()


def test_filtered_probs_top_k_top_p():
    logits = torch.tensor([3.0, 2.0, 1.0, 0.0])
    p = filtered_probs(logits, top_k=2)
    assert (p[2:] == 0).all() and torch.isclose(p.sum(), torch.tensor(1.0))
    full = torch.softmax(logits, -1)  # [0.64, 0.24, 0.09, 0.03]
    p = filtered_probs(logits, top_p=0.7)  # 0.64 < 0.7 so the second token is still needed
    assert (p[:2] > 0).all() and (p[2:] == 0).all()
    torch.testing.assert_close(p[:2], full[:2] / full[:2].sum())
    with pytest.raises(ValueError):
        filtered_probs(logits, temperature=-1)


def test_gpt_core_does_not_import_streamlit():
    code = "import sys, gpt_core, gpt_core.cli, gpt_core.checkpoint, gpt_core.data; " \
           "assert 'streamlit' not in sys.modules and 'plotly' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_act_name_spells_every_recorded_activation_and_nothing_else():
    from gpt_core.capture import BLOCK_ACTS, MODEL_ACTS, act_name

    model = tiny()
    _, cache = model.run_with_cache(ids(T=5, B=1))
    spelled = {act_name(name, layer) for layer in range(model.config.n_layer) for name in BLOCK_ACTS}
    spelled |= {act_name(name) for name in MODEL_ACTS}
    assert spelled == set(cache)
    assert cache.act("pattern", 1) is cache["transformer.h.1.attn.hook_pattern"]
    with pytest.raises(ValueError, match="give the layer"):
        act_name("pattern")
    with pytest.raises(KeyError, match="no activation named 'patern'"):
        act_name("patern", 0)


def test_remove_batch_dim_drops_a_batch_of_one_and_refuses_more():
    model = tiny()
    _, cache = model.run_with_cache(ids(T=5, B=1))
    single = cache.remove_batch_dim()
    assert single.act("pattern", 0).shape == (model.config.n_head, 5, 5)  # [nh, T, T]
    assert torch.equal(single["hook_logits"], cache["hook_logits"][0])
    assert list(single) == list(cache)  # same names, same order
    _, batch = model.run_with_cache(ids(T=5, B=2))
    with pytest.raises(ValueError, match="batch of one"):
        batch.remove_batch_dim()


def test_a_pass_without_the_head_records_everything_but_the_logits():
    """run_with_cache(head=False) stops after ln_f; lm_head on what it recorded gives the full pass's logits."""
    torch.manual_seed(3)
    model = GPT(GPTConfig(n_layer=2, n_head=2, n_embd=16, vocab_size=11, block_size=8)).eval()
    idx = torch.tensor([[1, 4, 2, 9, 0]])
    full_logits, full = model.run_with_cache(idx)
    none, partial = model.run_with_cache(idx, head=False)
    assert none is None and "hook_logits" not in partial and "hook_logits" in full
    assert set(full) - set(partial) == {"hook_logits"}
    normalized = partial["transformer.ln_f.hook_normalized"]  # [B, T, C]
    expected = normalized @ model.transformer.wte.weight.T  # tied head, written out: [B, T, V]
    torch.testing.assert_close(model.logits_from_final(normalized), expected)
    torch.testing.assert_close(model.logits_from_final(normalized), full_logits)
