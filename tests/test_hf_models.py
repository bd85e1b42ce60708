"""Hugging Face model folders load into our GPT and compute what transformers computes (the oracle), per family.

Tiny random configs, weights redrawn with a large spread so attention is far from uniform; nothing is downloaded.
"""
from __future__ import annotations

import json
import shutil

import pytest
import torch

transformers = pytest.importorskip("transformers")

from gpt_core.checkpoint import CheckpointError, load_checkpoint  # noqa: E402
from gpt_core.config import ConfigError, GPTConfig  # noqa: E402
from gpt_core.hf_models import config_from_hf  # noqa: E402
from gpt_core.interp.lens import logit_lens  # noqa: E402
from gpt_core.tokenizers import BPETokenizer, token_kind  # noqa: E402
from hf_fixtures import FAMILIES, fixture_tokenizer, save_family  # noqa: E402

TEXT = "ROMEO: hello world, 中文 and more text to read"


@pytest.fixture(scope="module")
def tokenizer():
    return fixture_tokenizer()


@pytest.fixture(scope="module")
def folders(tmp_path_factory, tokenizer):
    out = {}
    for name in FAMILIES:
        out[name] = tmp_path_factory.mktemp(name)
        save_family(name, out[name], tokenizer)
    return out


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_activation_matches_transformers(name, folders, tokenizer):
    ours = load_checkpoint(folders[name])
    theirs = transformers.AutoModelForCausalLM.from_pretrained(folders[name], attn_implementation="eager").eval()
    ids = torch.tensor([tokenizer.encode(TEXT)])  # [1, T]
    with torch.no_grad():
        out = theirs(ids, output_attentions=True, output_hidden_states=True)
    logits, cache = ours.model.run_with_cache(ids)
    assert out.logits.abs().max() > 1.0  # a real signal, not near-zero logits that would match anything
    assert torch.allclose(logits, out.logits, atol=1e-4)
    L = ours.config.n_layer
    for layer in range(L):
        pattern = cache.act("pattern", layer)  # [1, nh, T, T]
        assert pattern.max() > 0.5
        assert torch.allclose(pattern, out.attentions[layer], atol=1e-5), layer
        assert torch.allclose(cache.act("resid_pre", layer), out.hidden_states[layer], atol=1e-4), layer
    # the logit lens' last row reads the final residual through the family's own final norm: the model's output
    last = logit_lens(ours.model, cache, position=-1, top_k=3)[-1]
    theirs_probs = torch.softmax(out.logits[0, -1], dim=-1)
    assert last.ids == torch.topk(theirs_probs, 3).indices.tolist()
    assert last.probs == pytest.approx(torch.topk(theirs_probs, 3).values.tolist(), abs=1e-5)


def test_configs_map_each_family(folders):
    gpt2 = load_checkpoint(folders["gpt2"]).config
    assert (gpt2.activation, gpt2.norm, gpt2.pos_encoding, gpt2.tie_weights) == ("gelu_tanh", "layernorm", "learned", True)
    llama = load_checkpoint(folders["llama-gqa"]).config
    assert (llama.activation, llama.norm, llama.kv_heads, llama.rope_theta, llama.tie_weights) == (
        "swiglu", "rmsnorm", 2, 5e5, False)
    assert [llama.kv_head_of(h) for h in range(4)] == [0, 0, 1, 1]
    assert load_checkpoint(folders["mistral"]).config.block_size == 48  # one sliding window


@pytest.mark.parametrize("name", ["gpt2", "llama-gqa"])
def test_kv_cache_generation_equals_recomputing_the_context(name, folders, tokenizer):
    model = load_checkpoint(folders[name]).model
    idx = torch.tensor([tokenizer.encode("hello")])
    block = model.config.block_size
    fast = model.generate(idx, block + 10, temperature=0)  # runs past the context: the window slides
    slow = idx
    with torch.no_grad():
        for _ in range(block + 10):
            logits, _ = model(slow[:, -block:])
            slow = torch.cat([slow, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
    assert torch.equal(fast, slow)


def test_sharded_folder_loads_the_same_model(folders, tmp_path):
    src = folders["llama-gqa"]
    model = transformers.AutoModelForCausalLM.from_pretrained(src)
    model.save_pretrained(tmp_path, max_shard_size="20KB")
    shutil.copy(src / "tokenizer.json", tmp_path / "tokenizer.json")
    assert (tmp_path / "model.safetensors.index.json").is_file() and not (tmp_path / "model.safetensors").exists()
    ids = torch.tensor([[1, 2, 3, 4]])
    assert torch.equal(load_checkpoint(tmp_path).model(ids)[0], load_checkpoint(src).model(ids)[0])


def test_refusals_name_the_problem(folders, tmp_path):
    # only pickle weights: refused, and the message says how to get safetensors
    (tmp_path / "config.json").write_text((folders["gpt2"] / "config.json").read_text())
    (tmp_path / "pytorch_model.bin").write_bytes(b"\x80\x04 not unpickled")
    with pytest.raises(CheckpointError, match="never unpickles.*safetensors"):
        load_checkpoint(tmp_path)
    # an unsupported family names itself and the supported ones
    with pytest.raises(CheckpointError, match="'bert' is not supported; supported: gpt2, llama, mistral"):
        config_from_hf({"model_type": "bert"})
    with pytest.raises(CheckpointError, match="rope scaling 'llama3'"):
        config_from_hf({**json.loads((folders["llama-gqa"] / "config.json").read_text()),
                        "rope_parameters": {"rope_type": "llama3", "rope_theta": 5e5}})
    # a shard index pointing outside the folder
    (tmp_path / "pytorch_model.bin").unlink()
    (tmp_path / "model.safetensors.index.json").write_text(json.dumps({"weight_map": {"w": "../../etc/passwd"}}))
    with pytest.raises(CheckpointError, match="outside the folder"):
        load_checkpoint(tmp_path)


def test_a_model_too_big_for_memory_is_refused_before_reading(folders, monkeypatch):
    import gpt_core.hf_models as hf_models

    read = []
    monkeypatch.setattr(hf_models, "available_memory", lambda: 1000)
    monkeypatch.setattr(hf_models, "_read_tensors", lambda files: read.append(files))
    with pytest.raises(CheckpointError, match="only 0.0 GiB of memory is free; refused before loading"):
        load_checkpoint(folders["gpt2"])
    assert read == []


def test_byte_tokens_read_as_bytes_never_replacement_chars(tokenizer):
    ids = tokenizer.encode("龍")  # not in the training text: one token per byte
    pieces = [tokenizer.token_str(i) for i in ids]
    assert pieces == ["<0xE9>", "<0xBE>", "<0x8D>"]
    assert {token_kind(p) for p in pieces} == {"byte"}
    assert tokenizer.decode(ids) == "龍"


def test_padded_vocabulary_rows_decode_to_a_marker(tokenizer):
    padded = BPETokenizer.from_json(tokenizer.hf_tokenizer.to_str(), vocab_size=tokenizer.vocab_size + 2)
    assert padded.vocab_size == tokenizer.vocab_size + 2
    assert padded.token_str(tokenizer.vocab_size + 1) == f"<unused {tokenizer.vocab_size + 1}>"
    with pytest.raises(ValueError, match="only 10 embedding rows"):
        BPETokenizer.from_json(tokenizer.hf_tokenizer.to_str(), vocab_size=10)


@pytest.mark.parametrize("fields, message", [
    (dict(n_head=4, n_kv_head=3), "multiple of n_kv_head"),
    (dict(norm="batchnorm"), "norm must be one of"),
    (dict(activation="swish"), "activation must be one of"),
    (dict(rope_theta=0), "rope_theta must be a positive number"),
    (dict(norm_eps=-1e-5), "norm_eps must be a positive number"),
    (dict(attn_bias="yes"), "attn_bias must be true or false"),
    (dict(mlp_hidden=0), "mlp_hidden must be a positive integer"),
])
def test_family_fields_are_validated(fields, message):
    with pytest.raises(ConfigError, match=message):
        GPTConfig(n_embd=32, **{"n_head": 4, **fields})


def test_checkpoints_written_before_the_family_fields_still_load():
    old = {"vocab_size": 65, "block_size": 16, "n_layer": 1, "n_head": 2, "n_embd": 16, "dropout": 0.0, "bias": True,
           "pos_encoding": "learned", "activation": "gelu", "tie_weights": True, "mlp_ratio": 4}
    cfg = GPTConfig.from_dict(old)
    assert (cfg.norm, cfg.kv_heads, cfg.mlp_hidden_size, cfg.has_attn_bias) == ("layernorm", 2, 64, True)


def test_cli_inspects_and_samples_a_folder(folders, tokenizer):
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    folder = folders["llama-gqa"]
    result = subprocess.run([sys.executable, "-m", "gpt_core", "inspect", str(folder), "--text", "hello world",
                             "--top-k", "3", "--json"], capture_output=True, text=True, cwd=repo, check=True)
    out = json.loads(result.stdout)
    theirs = transformers.AutoModelForCausalLM.from_pretrained(folder, attn_implementation="eager").eval()
    with torch.no_grad():
        out_hf = theirs(torch.tensor([out["ids"]]), output_attentions=True)
    probs = torch.softmax(out_hf.logits[0, -1], dim=-1)
    assert out["next_token"][0]["prob"] == pytest.approx(float(probs.max()), abs=1e-5)
    assert torch.allclose(torch.tensor(out["attention"]), torch.cat(out_hf.attentions).float(), atol=1e-5)
    text = subprocess.run([sys.executable, "-m", "gpt_core", "inspect", str(folder), "--text", "hello"],
                          capture_output=True, text=True, cwd=repo, check=True).stdout
    assert "model: llama" in text and "grouped-query attention (2 key/value heads)" in text
    sample = subprocess.run([sys.executable, "-m", "gpt_core", "sample", str(folders["gpt2"]), "--prompt", "hello",
                             "--tokens", "5", "--seed", "1"], capture_output=True, text=True, cwd=repo)
    assert sample.returncode == 0 and sample.stdout.startswith("hello"), sample.stderr
