"""Direct logit attribution and activation patching (gpt_core.interp.attribution / patching), on every family.

Oracles: the logit comes from an independent forward pass (transformers for the Hugging Face families, the
fused path for ours); patching's expected values follow from causality (see each test).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from gpt_core.checkpoint import load_checkpoint
from gpt_core.interp.attribution import logit_attribution
from gpt_core.interp.patching import activation_patching, logit_diff

REPO = Path(__file__).resolve().parents[1]
TEXT = "ROMEO: hello world and more"


@pytest.fixture(scope="module")
def hf_folders(tmp_path_factory):
    pytest.importorskip("transformers")
    from hf_fixtures import fixture_tokenizer, save_family

    tok = fixture_tokenizer()
    out = {}
    for name in ("gpt2", "llama-gqa", "llama-tied-bias"):
        out[name] = tmp_path_factory.mktemp(name)
        save_family(name, out[name], tok)
    return out


def test_attribution_adds_up_to_our_models_logit(shipped):
    ids = shipped.tokenizer.encode(TEXT)
    logits = shipped.model(torch.tensor([ids]))[0].detach()  # fused path: computed without the capture
    for target in (0, 17, 40):
        for position in (-1, 3):
            a = logit_attribution(shipped.model, ids, target, position)
            assert a.total == pytest.approx(float(logits[0, position, target]), abs=1e-4)
    names = [c.name for c in a.components]
    assert names[:2] == ["embed", "pos_embed"] and names[-1] == "ln_f bias"
    assert sum(c.head is not None for c in a.components) == shipped.config.n_layer * shipped.config.n_head
    # not a trivial split: several parts matter, with both signs
    values = np.array([c.value for c in a.components])
    assert (values > 0.1).sum() >= 2 and (values < -0.1).sum() >= 2


@pytest.mark.parametrize("name", ["gpt2", "llama-gqa", "llama-tied-bias"])
def test_attribution_adds_up_to_transformers_logit(name, hf_folders):
    import transformers

    folder = hf_folders[name]
    ckpt = load_checkpoint(folder)
    ids = ckpt.tokenizer.encode(TEXT)
    theirs = transformers.AutoModelForCausalLM.from_pretrained(folder, attn_implementation="eager").eval()
    with torch.no_grad():
        logits = theirs(torch.tensor([ids])).logits[0]  # [T, V]
    target = int(logits[-1].argmax())
    a = logit_attribution(ckpt.model, ids, target)
    assert abs(a.logit) > 0.5
    assert a.total == pytest.approx(float(logits[-1, target]), abs=1e-4)
    names = {c.name for c in a.components}
    assert ("pos_embed" in names) == (ckpt.config.pos_encoding == "learned")  # rope adds nothing to the residual
    assert ("ln_f bias" in names) == (ckpt.config.norm == "layernorm")


def test_attribution_refuses_bad_targets_and_positions(shipped):
    with pytest.raises(ValueError, match="outside the vocabulary"):
        logit_attribution(shipped.model, [1, 2], target_id=999)
    with pytest.raises(ValueError, match="outside the text's 2 tokens"):
        logit_attribution(shipped.model, [1, 2], target_id=1, position=5)


def one_token_apart(tokenizer, clean: str, corrupt: str):
    a, b = tokenizer.encode(clean), tokenizer.encode(corrupt)
    differ = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    assert len(a) == len(b) and len(differ) == 1
    return a, b, differ[0]


@pytest.mark.parametrize("family", ["ours", "llama-gqa"])
def test_patching_follows_causality(family, shipped, hf_folders):
    ckpt = shipped if family == "ours" else load_checkpoint(hf_folders[family])
    tok = ckpt.tokenizer
    clean, corrupt, where = one_token_apart(tok, "The king said to the k", "The ring said to the k") \
        if family == "ours" else one_token_apart(tok, "hello world and more", "hello ROMEO and more")
    logits_clean, _ = ckpt.model(torch.tensor([clean]))
    logits_corrupt, _ = ckpt.model(torch.tensor([corrupt]))
    # answer and wrong: the tokens whose logit difference the corruption moves most
    change = (logits_clean[0, -1] - logits_corrupt[0, -1])
    answer, wrong = int(change.argmax()), int(change.argmin())
    result = activation_patching(ckpt.model, clean, corrupt, answer, wrong)
    assert result.clean_diff == pytest.approx(float(logit_diff(logits_clean, answer, wrong)), abs=1e-4)
    T, L = len(clean), ckpt.config.n_layer
    assert result.resid_pre.shape == (L, T) and result.mlp_out.shape == (L, T)
    assert result.head_out.shape == (L, ckpt.config.n_head)
    # layer 0: the residual there is only the token (+ position); putting back the one differing token is the
    # whole clean run (recovers 1); any other position holds the same token in both prompts (recovers 0)
    expected = np.zeros(T)
    expected[where] = 1.0
    np.testing.assert_allclose(result.resid_pre[0], expected, atol=1e-4)
    # causal attention: before the differing position both runs are identical at every layer
    np.testing.assert_allclose(result.resid_pre[:, :where], 0.0, atol=1e-4)
    np.testing.assert_allclose(result.mlp_out[:, :where], 0.0, atol=1e-4)
    # the last layer's residual at the last position carries everything the prediction reads
    assert result.resid_pre[-1, -1] == pytest.approx(
        float(result.raw["resid_pre"][-1, -1] - result.corrupt_diff) / (result.clean_diff - result.corrupt_diff))


def test_patching_clean_into_clean_changes_nothing(shipped):
    tok = shipped.tokenizer
    ids = tok.encode("The king said to the k")
    other = tok.encode("The ring said to the k")
    answer, wrong = tok.stoi["i"], tok.stoi["e"]
    clean = activation_patching(shipped.model, ids, other, answer, wrong)
    # patching the clean run's activations into the clean run itself: every patched diff is the clean diff
    from gpt_core.interp.patching import _patched_diffs
    from gpt_core.capture import act_name

    _, cache = shipped.model.run_with_cache(torch.tensor([ids]))
    for layer in range(shipped.config.n_layer):
        hook = act_name("resid_pre", layer)
        diffs = _patched_diffs(shipped.model, torch.tensor(ids), hook, cache[hook][0], [(t,) for t in range(len(ids))],
                               answer, wrong)
        np.testing.assert_allclose(diffs, clean.clean_diff, atol=1e-4)


def test_patching_refuses_unequal_lengths_and_equal_tokens(shipped):
    with pytest.raises(ValueError, match="same length"):
        activation_patching(shipped.model, [1, 2, 3], [1, 2], 4, 5)
    with pytest.raises(ValueError, match="the same"):
        activation_patching(shipped.model, [1, 2], [1, 3], 4, 4)
    with pytest.raises(ValueError, match="nothing to recover"):
        activation_patching(shipped.model, [1, 2], [1, 2], 4, 5)


def run_cli(*args) -> dict:
    result = subprocess.run([sys.executable, "-m", "gpt_core", *args], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_attribute_json(shipped):
    out = run_cli("attribute", "assets/shakespeare_char.safetensors", "--text", "ROMEO: I", "--target", " ",
                  "--json")
    assert out["target"] == {"token": " ", "id": shipped.tokenizer.stoi[" "]} and out["position"] == 7
    logits, _ = shipped.model(torch.tensor([shipped.tokenizer.encode("ROMEO: I")]))
    assert out["logit"] == pytest.approx(float(logits[0, -1, out["target"]["id"]]), abs=1e-4)
    assert sum(c["value"] for c in out["components"]) == pytest.approx(out["logit"], abs=1e-4)
    assert {"name", "layer", "head", "value"} == set(out["components"][2])


def test_cli_patch_json(shipped):
    out = run_cli("patch", "assets/shakespeare_char.safetensors", "--clean", "The king said to the k", "--corrupt",
                  "The ring said to the k", "--answer", "i", "--wrong", "e", "--json")
    L, nh, T = shipped.config.n_layer, shipped.config.n_head, len("The king said to the k")
    assert np.array(out["resid_pre"]).shape == (L, T) and np.array(out["mlp_out"]).shape == (L, T)
    assert np.array(out["head_out"]).shape == (L, nh)
    assert out["clean"]["tokens"][4] == "k" and out["corrupt"]["tokens"][4] == "r"
    assert out["resid_pre"][0][4] == pytest.approx(1.0, abs=1e-4)
    bad = subprocess.run([sys.executable, "-m", "gpt_core", "patch", "assets/shakespeare_char.safetensors",
                          "--clean", "abc", "--corrupt", "abcd", "--answer", "a", "--wrong", "b"],
                         capture_output=True, text=True, cwd=REPO)
    assert bad.returncode == 2 and "same length" in bad.stderr and "Traceback" not in bad.stderr


def test_neurons_read_the_mlp_as_nanogpt_writes_it(shipped):
    """Oracle: the MLP written out by hand from the weights (nanoGPT's formulas), not the capture."""
    from torch.nn import functional as F

    from gpt_core.interp.neurons import most_active_neurons, neuron_activations, neuron_vocab_effect

    model = shipped.model
    ids = torch.tensor([shipped.tokenizer.encode(TEXT)])
    _, cache = model.run_with_cache(ids)
    layer = 1
    block = model.transformer.h[layer]
    with torch.no_grad():
        x = cache.act("resid_mid", layer)[0]  # [T, C]
        normed = F.layer_norm(x, (x.shape[-1],), block.ln_2.weight, block.ln_2.bias, 1e-5)
        hidden = F.gelu(normed @ block.mlp.c_fc.weight.T + block.mlp.c_fc.bias)  # [T, 4C]
    top = most_active_neurons(cache, model.config.n_layer, k=3)[layer]
    peak, where = hidden.max(dim=0)
    assert [n.neuron for n in top] == torch.topk(peak, 3).indices.tolist()
    assert top[0].max_activation == pytest.approx(float(peak.max()), abs=1e-5)
    assert top[0].position == int(where[top[0].neuron])
    np.testing.assert_allclose(neuron_activations(cache, layer, top[0].neuron), hidden[:, top[0].neuron], atol=1e-5)
    effect = neuron_vocab_effect(model, layer, top[0].neuron, k=4)
    by_hand = model.transformer.wte.weight @ block.mlp.c_proj.weight[:, top[0].neuron]  # tied: W_U = wte
    assert effect["promoted_ids"].tolist() == torch.topk(by_hand, 4).indices.tolist()
    assert effect["suppressed_ids"].tolist() == torch.topk(-by_hand, 4).indices.tolist()
    with pytest.raises(ValueError, match="no neuron 9999"):
        neuron_vocab_effect(model, layer, 9999)
