"""Finding models (explorer.models) and the path rule for typed paths (explorer.model_paths), without streamlit.

A $GPT_EXPLORER_MODELS folder holds a tiny GPT-2 folder, a tiny Llama one level deeper (org/name), our own
.safetensors, and broken things that must be listed with their reason or skipped, never crash the listing;
a fake Hugging Face cache has the models--ORG--NAME/snapshots/<rev>/ layout.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from apptest import INDUCTION_MODEL, REPO
from explorer.model_paths import PathRefused, resolve_model_path
from explorer.models import discover_models, format_size, hf_cache_dir, make_label, scan_hf_cache, snapshot_of
from gpt_core.checkpoint import load_checkpoint
from test_layers import imported_modules

pytest.importorskip("transformers")
from tiny_hf import save_tiny  # noqa: E402


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """family -> a tiny model folder (built once; tests copy or link it where they need it)."""
    base = tmp_path_factory.mktemp("tiny")
    return {family: save_tiny(base / family, family) for family in ("gpt2", "llama")}


@pytest.fixture
def models_dir(tmp_path, tiny):
    root = tmp_path / "models"
    shutil.copytree(tiny["gpt2"], root / "tiny-gpt2")
    shutil.copytree(tiny["llama"], root / "org" / "tiny-llama")
    shutil.copy(INDUCTION_MODEL, root / "mine.safetensors")
    (root / "bert").mkdir()
    (root / "bert" / "config.json").write_text(json.dumps({"model_type": "bert"}))
    (root / "bad-json").mkdir()
    (root / "bad-json" / "config.json").write_text("{not json")
    shutil.copytree(tiny["gpt2"], root / "pickle-only", ignore=shutil.ignore_patterns("*.safetensors"))
    (root / "pickle-only" / "pytorch_model.bin").write_bytes(b"\x80\x04 not unpickled")
    shutil.copytree(tiny["gpt2"], root / "truncated")
    (root / "truncated" / "model.safetensors").write_bytes(b"\x10\x00")
    (root / "not-ours.safetensors").write_bytes(b"\x02\x00\x00\x00\x00\x00\x00\x00{}")
    (root / "out-nano").mkdir()
    (root / "out-nano" / "ckpt.pt").write_bytes(b"never unpickled by the listing")
    (root / "notes.txt").write_text("not a model")
    (root / "empty").mkdir()
    (root / ".hidden").mkdir()
    return root


def by_key(entries):
    return {e.key: e for e in entries}


def env_for(models_dir=None, cache=None, **more):
    env = {"HF_HUB_CACHE": str(cache) if cache else "/nonexistent/hf-cache"}
    if models_dir:
        env["GPT_EXPLORER_MODELS"] = str(models_dir)
    return {**env, **more}


def test_the_models_folder_lists_each_model_with_family_and_size(models_dir):
    entries = by_key(discover_models(env_for(models_dir)))
    gpt2, llama = entries[f"path:{models_dir / 'tiny-gpt2'}"], entries[f"path:{models_dir / 'org' / 'tiny-llama'}"]
    assert (gpt2.family, gpt2.problem, gpt2.source) == ("gpt2", "", "folder")
    assert gpt2.n_params == load_checkpoint(gpt2.path).model.num_parameters()  # headers alone give the count
    assert gpt2.label == f"tiny-gpt2 · GPT-2 · {format_size(gpt2.n_params)}"
    assert (llama.family, llama.problem, llama.label.split(" · ")[:2]) == ("llama", "", ["org/tiny-llama", "Llama"])
    assert llama.n_params == load_checkpoint(llama.path).model.num_parameters()
    mine = entries[f"path:{models_dir / 'mine.safetensors'}"]
    assert (mine.family, mine.problem) == ("gpt-explorer", "")
    assert mine.n_params == load_checkpoint(mine.path).model.num_parameters()  # optimizer state not counted
    assert [e.source for e in entries.values()][:2] == ["shipped", "shipped"]  # the shipped default stays first


def test_broken_models_are_listed_with_their_reason_and_junk_is_skipped(models_dir):
    entries = by_key(discover_models(env_for(models_dir)))
    problem = {path: entries[f"path:{models_dir / path}"].problem for path in
               ("bert", "bad-json", "pickle-only", "truncated", "not-ours.safetensors", "out-nano/ckpt.pt")}
    assert "model_type 'bert' is not supported" in problem["bert"]
    assert "config.json cannot be read" in problem["bad-json"]
    assert "pytorch_model.bin" in problem["pickle-only"] and "never unpickles" in problem["pickle-only"]
    assert "too short" in problem["truncated"] or "truncated" in problem["truncated"]
    assert "not written by GPT Explorer" in problem["not-ours.safetensors"]
    assert "meta.pkl" in problem["out-nano/ckpt.pt"]
    listed = {e.path.relative_to(models_dir).as_posix() for e in entries.values() if e.source == "folder"}
    assert not listed & {"notes.txt", "empty", ".hidden"}, listed


def test_listing_reads_no_tensor(models_dir, monkeypatch):
    import gpt_core.hf_models as hf_models

    def refuse(*args, **kwargs):
        raise AssertionError("the listing read tensors")

    monkeypatch.setattr(hf_models, "_read_tensors", refuse)
    monkeypatch.setattr(hf_models, "load_hf_folder", refuse)
    assert len([e for e in discover_models(env_for(models_dir)) if e.source == "folder" and not e.problem]) == 3


def test_a_missing_or_unreadable_models_folder_lists_only_the_shipped(tmp_path):
    entries = discover_models(env_for(tmp_path / "nope"))
    assert {e.source for e in entries} == {"shipped"}
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "x").mkdir()
    blocked.chmod(0)
    try:
        assert {e.source for e in discover_models(env_for(blocked))} == {"shipped"}
    finally:
        blocked.chmod(0o755)


def _cache_repo(cache, repo_id, revs, tiny_folder, main=None):
    """A models--ORG--NAME repo in the HF cache layout: blobs/ and one snapshot per rev linking into it."""
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    (repo / "blobs").mkdir(parents=True, exist_ok=True)
    for n, rev in enumerate(revs):
        snap = repo / "snapshots" / rev
        snap.mkdir(parents=True)
        for src in tiny_folder.iterdir():
            blob = repo / "blobs" / f"{rev}-{src.name}"
            shutil.copy(src, blob)
            (snap / src.name).symlink_to(os.path.relpath(blob, snap))  # as huggingface_hub links them
        stamp = time.time() - 100 + n
        os.utime(snap, (stamp, stamp))
    if main:
        (repo / "refs").mkdir()
        (repo / "refs" / "main").write_text(main)
    return repo


def test_the_hf_cache_lists_the_snapshot_refs_main_names_else_the_newest(tmp_path, tiny):
    cache = tmp_path / "hub"
    pinned = _cache_repo(cache, "org/pinned", ["a" * 40, "b" * 40], tiny["gpt2"], main="a" * 40)
    newest = _cache_repo(cache, "gpt2", ["c" * 40, "d" * 40], tiny["llama"])
    assert snapshot_of(pinned) == pinned / "snapshots" / ("a" * 40)
    assert snapshot_of(newest) == newest / "snapshots" / ("d" * 40)
    (cache / "models--tok-only" / "snapshots" / "e").mkdir(parents=True)
    (cache / "models--tok-only" / "snapshots" / "e" / "tokenizer.json").write_text("{}")
    (cache / "datasets--some--data" / "snapshots" / "f").mkdir(parents=True)
    entries = by_key(scan_hf_cache(cache))
    assert set(entries) == {"hf:org/pinned", "hf:gpt2"}  # a tokenizer-only repo and datasets are not models
    assert entries["hf:gpt2"].label.startswith("gpt2 · Llama · ") and entries["hf:gpt2"].source == "hf-cache"
    assert entries["hf:org/pinned"].family == "gpt2" and not entries["hf:org/pinned"].problem
    assert load_checkpoint(entries["hf:org/pinned"].path).record["model_type"] == "gpt2"  # through the symlinks


def test_the_hf_cache_location_follows_the_environment(tmp_path):
    assert hf_cache_dir({"HF_HUB_CACHE": str(tmp_path / "a"), "HF_HOME": "/x"}) == tmp_path / "a"
    assert hf_cache_dir({"HF_HOME": str(tmp_path)}) == tmp_path / "hub"
    assert str(hf_cache_dir({})).endswith(".cache/huggingface/hub")


def test_a_models_folder_inside_the_cache_does_not_list_a_model_twice(tmp_path, tiny):
    cache = tmp_path / "hub"
    repo = _cache_repo(cache, "org/m", ["a" * 40], tiny["gpt2"])
    entries = discover_models(env_for(repo / "snapshots", cache))
    assert len([e for e in entries if e.family == "gpt2"]) == 1


def test_labels():
    assert make_label("gpt2", "gpt2", 124_439_808) == "gpt2 · GPT-2 · 124M"
    assert make_label("HuggingFaceTB/SmolLM2-135M", "llama", 134_515_008) == "HuggingFaceTB/SmolLM2-135M · Llama · 135M"
    assert make_label("out", "nanoGPT", None) == "out · nanoGPT"


# ---- the path rule --------------------------------------------------------------------------------------------


def test_paths_inside_the_folders_are_allowed(models_dir, tmp_path):
    cache = tmp_path / "hub"
    cache.mkdir()
    env = env_for(models_dir, cache)
    assert resolve_model_path("tiny-gpt2", env) == models_dir.resolve() / "tiny-gpt2"  # relative: the models folder
    assert resolve_model_path(str(models_dir / "org" / "tiny-llama"), env) == models_dir.resolve() / "org" / "tiny-llama"
    assert resolve_model_path("org/../tiny-gpt2", env) == models_dir.resolve() / "tiny-gpt2"  # `..` that stays inside
    assert resolve_model_path(str(cache), env) == cache.resolve()
    assert resolve_model_path(str(REPO / "assets" / "shakespeare_char.safetensors"), env).is_file()


@pytest.mark.parametrize("text", ["../../etc/passwd", "/etc/passwd", "tiny-gpt2/../../outside", "~", "/",
                                  "escape", "escape/secret.safetensors"])
def test_paths_outside_the_folders_are_refused(models_dir, tmp_path, text):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.safetensors").write_bytes(b"x")
    (models_dir / "escape").symlink_to(outside)  # a symlink in the models folder pointing out of it
    with pytest.raises(PathRefused) as refused:
        resolve_model_path(text, env_for(models_dir, tmp_path / "hub"))
    assert refused.value.reason == "outside"
    assert refused.value.path is not None and not str(refused.value.path).startswith(str(models_dir.resolve()))


def test_the_operator_can_allow_any_path(models_dir, tmp_path):
    env = env_for(models_dir, tmp_path / "hub", GPT_EXPLORER_ALLOW_ANY_PATH="1")
    assert resolve_model_path("/etc/passwd", env) == Path(os.path.realpath("/etc/passwd"))
    assert resolve_model_path("../../etc/passwd", env, must_exist=False).name == "passwd"
    with pytest.raises(PathRefused, match="missing"):
        resolve_model_path("/no/such/model", env)


@pytest.mark.parametrize("text, reason", [("", "empty"), ("   ", "empty"), ("a\x00b", "too_long"),
                                          ("x" * 2000, "too_long"), ("no-such-model", "missing")])
def test_unusable_paths_say_why(models_dir, text, reason):
    with pytest.raises(PathRefused) as refused:
        resolve_model_path(text, env_for(models_dir))
    assert refused.value.reason == reason


@pytest.mark.parametrize("module", ["explorer/models.py", "explorer/model_paths.py", "explorer/hub.py"])
def test_the_listing_path_and_hub_modules_do_not_import_streamlit(module):
    assert not {m for m in imported_modules(REPO / module) if m == "streamlit" or m.startswith(("streamlit.",
                                                                                               "explorer.ui"))}


def test_stored_causal_masks_are_not_counted_as_parameters(tmp_path, tiny):
    """openai-community/gpt2's model.safetensors keeps h.{i}.attn.bias masks (137M numbers in all): listed as 124M."""
    import torch
    from safetensors.torch import load_file, save_file

    from explorer.models import describe

    folder = shutil.copytree(tiny["gpt2"], tmp_path / "masked")
    weights = load_file(folder / "model.safetensors")
    weights.update({f"h.{i}.attn.bias": torch.ones(1, 1, 48, 48) for i in range(2)})
    save_file(weights, folder / "model.safetensors", metadata={"format": "pt"})
    entry = describe(folder, "masked", "k", "folder")
    assert entry.n_params == load_checkpoint(folder).model.num_parameters() and not entry.problem
