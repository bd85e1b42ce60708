"""Checkpoints: round trips, corrupt and hostile files, nanoGPT import, and the CLI."""
import json
import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import save as save_safetensors_bytes

from gpt_core import GPT, GPTConfig
from gpt_core.checkpoint import (CheckpointError, checkpoint_bytes, checkpoint_summary, load_checkpoint,
                                 load_checkpoint_bytes, save_checkpoint)
from gpt_core.cli import main as cli_main
from gpt_core.nanogpt import UnsafePickleError, import_nanogpt, read_meta_pkl
from gpt_core.tokenizers import BPETokenizer, CharTokenizer

REPO = Path(__file__).resolve().parents[1]
TEXT = "First Citizen:\nBefore we proceed any further, hear me speak.\n"


def make_model(tokenizer, seed=0, **kw):
    torch.manual_seed(seed)
    cfg = GPTConfig(vocab_size=tokenizer.vocab_size, block_size=16, n_layer=2, n_head=2, n_embd=32, **kw)
    return GPT(cfg).eval()


@pytest.fixture
def char_tok():
    return CharTokenizer.from_text(TEXT)


@pytest.mark.parametrize("kw", [{}, {"tie_weights": False}, {"pos_encoding": "rope", "bias": False},
                                {"pos_encoding": "sinusoidal", "activation": "relu"}])
def test_round_trip_preserves_logits_config_tokenizer_and_record(tmp_path, char_tok, kw):
    model = make_model(char_tok, **kw)
    record = {"corpus": "test", "steps": 7, "history": [{"step": 7, "train_loss": 1.5, "val_loss": 1.6}]}
    path = save_checkpoint(tmp_path / "m.safetensors", model, char_tok, record)
    loaded = load_checkpoint(path)
    x = torch.tensor([char_tok.encode("Before we")])
    torch.testing.assert_close(loaded.model(x)[0], model(x)[0])
    assert loaded.config == model.config
    assert loaded.tokenizer.to_dict() == char_tok.to_dict()
    assert loaded.record == record
    assert not loaded.model.training
    assert checkpoint_summary(path)["record"]["steps"] == 7


def test_bpe_tokenizer_round_trips_inside_checkpoint():
    tok = BPETokenizer.train(TEXT * 20, vocab_size=300)
    model = make_model(tok)
    loaded = load_checkpoint_bytes(checkpoint_bytes(model, tok))
    assert loaded.tokenizer.encode(TEXT) == tok.encode(TEXT)


def test_optimizer_state_round_trip(char_tok):
    model = make_model(char_tok)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.tensor([char_tok.encode("Before we procee")])
    model.train()
    for _ in range(2):
        optimizer.zero_grad()
        model(x, targets=x)[1].backward()
        optimizer.step()
    loaded = load_checkpoint_bytes(checkpoint_bytes(model, char_tok, optimizer=optimizer))
    fresh = torch.optim.AdamW(loaded.model.parameters(), lr=1e-3)
    assert loaded.restore_optimizer(fresh)
    originals = dict(model.named_parameters())
    for name, param in loaded.model.named_parameters():
        state = fresh.state[param]
        torch.testing.assert_close(state["exp_avg"], optimizer.state[originals[name]]["exp_avg"])
        assert float(state["step"]) == 2


def test_vocab_mismatch_is_refused(char_tok):
    model = make_model(CharTokenizer("abc"))
    with pytest.raises(CheckpointError, match="vocab_size"):
        checkpoint_bytes(model, char_tok)


def _rewrite(data: bytes, tensors=None, metadata=None) -> bytes:
    """Rebuild a checkpoint with edited tensors or metadata."""
    (n,) = struct.unpack("<Q", data[:8])
    meta = json.loads(data[8:8 + n])["__metadata__"]
    loaded = __import__("safetensors.torch", fromlist=["load"]).load(data)
    if tensors is not None:
        loaded = tensors(loaded)
    if metadata is not None:
        meta = metadata(meta)
    return save_safetensors_bytes(loaded, metadata=meta)


def _drop(d, key):
    return {k: v for k, v in d.items() if k != key}


CORRUPTIONS = {
    "truncated": (lambda b: b[: len(b) // 2], "truncated|could not read"),
    "random bytes": (lambda b: os.urandom(4096), "not a safetensors|truncated|header"),
    "empty": (lambda b: b"", "too short"),
    "wrong shape": (lambda b: _rewrite(b, tensors=lambda t: {**t, "transformer.wpe.weight": torch.zeros(3, 32)}),
                    r"transformer.wpe.weight has shape \(3, 32\)"),
    "missing tensor": (lambda b: _rewrite(b, tensors=lambda t: _drop(t, "transformer.h.1.mlp.c_fc.weight")),
                       "missing tensors: transformer.h.1.mlp.c_fc.weight"),
    "nan weights": (lambda b: _rewrite(b, tensors=lambda t: {**t, "transformer.ln_f.weight": torch.full((32,), float("nan"))}),
                    "NaN"),
    "no metadata": (lambda b: save_safetensors_bytes({"x": torch.zeros(2)}), "not a GPT Explorer checkpoint"),
    "missing config": (lambda b: _rewrite(b, metadata=lambda m: _drop(m, "config")), "no 'config'"),
    "bad config json": (lambda b: _rewrite(b, metadata=lambda m: {**m, "config": "{oops"}), "not valid JSON"),
    "bad config value": (lambda b: _rewrite(b, metadata=lambda m: {**m, "config": json.dumps({"n_head": 5})}),
                         "divisible"),
    "bad tokenizer": (lambda b: _rewrite(b, metadata=lambda m: {**m, "tokenizer": json.dumps({"kind": "zip"})}),
                      "bad tokenizer"),
    "future version": (lambda b: _rewrite(b, metadata=lambda m: {**m, "format_version": "99"}), "unsupported"),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_corrupt_checkpoints_get_clear_errors(tmp_path, char_tok, name):
    corrupt, message = CORRUPTIONS[name]
    good = checkpoint_bytes(make_model(char_tok), char_tok)
    path = tmp_path / "bad.safetensors"
    path.write_bytes(corrupt(good))
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(path)


# ---- nanoGPT -----------------------------------------------------------------------------------
def nanogpt_files(tmp_path, tok, compiled=False):
    """Write ckpt.pt and meta.pkl the way nanoGPT's train.py and prepare.py do (same keys, same layout)."""
    model = make_model(tok, seed=3)
    state = dict(model.state_dict())  # includes lm_head.weight (tied) like nanoGPT's
    for i in range(2):  # nanoGPT's non-flash path registers the causal mask as a buffer named attn.bias
        state[f"transformer.h.{i}.attn.bias"] = torch.tril(torch.ones(16, 16)).view(1, 1, 16, 16)
    if compiled:
        state = {"_orig_mod." + k: v for k, v in state.items()}
    optimizer = torch.optim.AdamW(model.parameters())
    ckpt = {
        "model": state,
        "optimizer": optimizer.state_dict(),
        "model_args": dict(n_layer=2, n_head=2, n_embd=32, block_size=16, bias=True, vocab_size=tok.vocab_size,
                           dropout=0.0),
        "iter_num": 250,
        "best_val_loss": torch.tensor(1.88),
        "config": {"dataset": "shakespeare_char", "batch_size": 12},
    }
    torch.save(ckpt, tmp_path / "ckpt.pt")
    meta = {"vocab_size": tok.vocab_size, "itos": dict(enumerate(tok.itos)), "stoi": dict(tok.stoi)}
    with open(tmp_path / "meta.pkl", "wb") as f:
        pickle.dump(meta, f)
    return model


@pytest.mark.parametrize("compiled", [False, True])
def test_nanogpt_import_gives_the_same_logits(tmp_path, char_tok, compiled):
    original = nanogpt_files(tmp_path, char_tok, compiled)
    imported = import_nanogpt(tmp_path / "ckpt.pt", tmp_path / "meta.pkl")
    x = torch.tensor([char_tok.encode("Before we procee")])
    torch.testing.assert_close(imported.model(x)[0], original(x)[0])
    assert imported.tokenizer.itos == char_tok.itos
    assert imported.record["steps"] == 250 and imported.record["corpus"] == "shakespeare_char"
    # and the CLI writes a checkpoint that loads back to the same model
    out = tmp_path / "nano.safetensors"
    assert cli_main(["import-nanogpt", str(tmp_path / "ckpt.pt"), "--meta", str(tmp_path / "meta.pkl"),
                     "--out", str(out)]) == 0
    torch.testing.assert_close(load_checkpoint(out).model(x)[0], original(x)[0])


def test_nanogpt_without_meta_is_refused(tmp_path, char_tok):
    nanogpt_files(tmp_path, char_tok)
    with pytest.raises(CheckpointError, match="meta.pkl"):
        import_nanogpt(tmp_path / "ckpt.pt", None)


class _Payload:
    """Unpickling this would create a file: the classic pickle exploit."""

    def __init__(self, target):
        self.target = target

    def __reduce__(self):
        return (Path.touch, (Path(self.target),))


def test_hostile_meta_pkl_never_runs(tmp_path):
    target = tmp_path / "pwned"
    payload = pickle.dumps({"itos": {0: "a"}, "evil": _Payload(target)})
    with pytest.raises(UnsafePickleError):
        read_meta_pkl(payload)
    assert not target.exists()
    pickle.loads(payload)  # proves the payload is live: plain pickle would have run it
    assert target.exists()


def test_hostile_ckpt_pt_never_runs(tmp_path, char_tok):
    nanogpt_files(tmp_path, char_tok)
    target = tmp_path / "pwned"
    torch.save({"model": {}, "model_args": {}, "evil": _Payload(target)}, tmp_path / "evil.pt")
    assert not target.exists()  # torch.save pickles the object without running __reduce__'s result
    with pytest.raises(UnsafePickleError) as refused:
        import_nanogpt(tmp_path / "evil.pt", tmp_path / "meta.pkl")
    assert not target.exists()
    message = str(refused.value)  # one readable line naming what was refused, never torch's advice
    assert "Unsupported global" in message and "\x1b" not in message and "\n" not in message
    assert "weights_only=False" not in message and len(message) < 400


def test_meta_pkl_with_wrong_shape_is_refused():
    with pytest.raises(CheckpointError, match="itos"):
        read_meta_pkl(pickle.dumps({"vocab": 3}))
    with pytest.raises(CheckpointError, match="not a readable pickle"):
        read_meta_pkl(b"\x80\x04garbage")


# ---- CLI ---------------------------------------------------------------------------------------
@pytest.fixture
def ckpt_path(tmp_path, char_tok):
    return save_checkpoint(tmp_path / "m.safetensors", make_model(char_tok), char_tok)


def test_cli_inspect_json(ckpt_path, char_tok):
    result = subprocess.run([sys.executable, "-m", "gpt_core", "inspect", str(ckpt_path), "--text", "Before",
                             "--top-k", "3", "--json"], capture_output=True, text=True, cwd=REPO, check=True)
    out = json.loads(result.stdout)
    assert out["tokens"] == list("Before") and out["ids"] == char_tok.encode("Before")
    assert len(out["next_token"]) == 3
    model = load_checkpoint(ckpt_path).model
    probs = torch.softmax(model(torch.tensor([out["ids"]]))[0][0, -1], -1)
    assert out["next_token"][0]["prob"] == pytest.approx(float(probs.max()), rel=1e-5)
    attention = torch.tensor(out["attention"])  # [L, nh, T, T]
    assert attention.shape == (2, 2, 6, 6)
    torch.testing.assert_close(attention.sum(-1), torch.ones(2, 2, 6))
    assert out["config"]["n_layer"] == 2


def test_cli_inspect_text_windows_long_input(ckpt_path, capsys):
    assert cli_main(["inspect", str(ckpt_path), "--text", TEXT]) == 0
    captured = capsys.readouterr()
    assert "only the last 16" in captured.err
    assert "top 5 next tokens" in captured.out


def test_cli_errors_are_one_line(ckpt_path, tmp_path, capsys):
    assert cli_main(["inspect", str(ckpt_path), "--text", "Zebra €"]) == 2
    assert "'€'" in capsys.readouterr().err
    assert cli_main(["inspect", str(ckpt_path), "--text", "Zebra €", "--unknown", "skip"]) == 0
    assert cli_main(["inspect", str(tmp_path / "nope.safetensors"), "--text", "a"]) == 2
    assert "no checkpoint file" in capsys.readouterr().err
    assert cli_main(["inspect", str(ckpt_path), "--text", ""]) == 2


def test_cli_sample_is_seeded(ckpt_path, capsys):
    assert cli_main(["sample", str(ckpt_path), "--prompt", "Be", "--tokens", "20", "--seed", "4"]) == 0
    first = capsys.readouterr().out
    assert cli_main(["sample", str(ckpt_path), "--prompt", "Be", "--tokens", "20", "--seed", "4"]) == 0
    assert capsys.readouterr().out == first and first.startswith("Be") and len(first.rstrip("\n")) >= 20


def test_loading_the_shipped_model_keeps_torch_dynamo_out_of_the_process():
    """A meta-device build imports torch._dynamo (~1 s of the app's cold start): small models build on the CPU."""
    import subprocess
    import sys

    code = ("import sys; from gpt_core.checkpoint import load_checkpoint; "
            "load_checkpoint('assets/shakespeare_char.safetensors'); print('torch._dynamo' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], capture_output=True,
                         text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_the_meta_device_build_loads_the_same_weights(monkeypatch, shipped):
    import gpt_core.checkpoint as checkpoint

    weights = {k: v.clone() for k, v in shipped.model.state_dict().items()}
    monkeypatch.setattr(checkpoint, "META_BUILD_MIN_WEIGHTS", 0)  # as a GPT-2-sized file would
    model = checkpoint.build_model(shipped.config, weights)
    ids = torch.tensor([[1, 2, 3, 4]])
    with torch.no_grad():
        assert torch.equal(model(ids)[0], shipped.model(ids)[0])
    assert model.lm_head.weight is model.transformer.wte.weight or not shipped.config.tie_weights
