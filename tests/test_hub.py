"""explorer.hub against a local HTTP server standing in for the Hugging Face Hub (tests/fake_hub.py).

HF_ENDPOINT points huggingface_hub at the server; the HF cache is a temporary folder. Nothing reaches the
internet: the server serves a tiny random GPT-2 folder built here.
"""
from __future__ import annotations

import shutil
import socket

import pytest

from explorer import hub
from explorer.i18n import t
from explorer.models import discover_models
from fake_hub import FakeHub, commit_of, point_hub_at
from gpt_core.checkpoint import load_checkpoint

pytest.importorskip("transformers")
from tiny_hf import save_tiny  # noqa: E402

REPO_ID = "org/tiny-gpt2"


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("hub-repos")
    gpt2 = save_tiny(base / "tiny-gpt2", "gpt2")
    (gpt2 / "extra").mkdir()
    pickle_only = base / "pickle-only"
    shutil.copytree(gpt2, pickle_only, ignore=shutil.ignore_patterns("*.safetensors", "extra"))
    return {"gpt2": gpt2, "pickle-only": pickle_only}


@pytest.fixture
def fake_hub(folders, monkeypatch):
    server = FakeHub({REPO_ID: folders["gpt2"], "gpt2": folders["gpt2"], "org/pickle-only": folders["pickle-only"],
                      "org/bert": folders["gpt2"]},
                     extra_files={REPO_ID: {"onnx/model.onnx": 999, "pytorch_model.bin": 5000, "flax_model.msgpack": 7},
                                  "org/pickle-only": {"pytorch_model.bin": 5000}},
                     model_types={"org/bert": "bert"})
    with server:
        server.outside = point_hub_at(monkeypatch, server.url)
        yield server
    assert not server.outside, f"a test tried to reach {server.outside}"


def test_the_plan_shows_what_would_be_downloaded_and_downloads_nothing(fake_hub, folders, tmp_path):
    plan = hub.plan_download(REPO_ID, tmp_path / "cache")
    names = [f.name for f in plan.files]
    assert names == ["model.safetensors", "config.json", "generation_config.json", "tokenizer.json"]
    assert plan.total_bytes == sum((folders["gpt2"] / n).stat().st_size for n in names)
    assert plan.commit == commit_of(REPO_ID) and plan.model_type == "gpt2"
    assert plan.n_params == load_checkpoint(folders["gpt2"]).model.num_parameters()
    assert {"onnx/model.onnx", "pytorch_model.bin", "flax_model.msgpack"} <= set(plan.skipped)
    assert fake_hub.requests == [f"GET /api/models/{REPO_ID}/revision/main"]
    assert not (tmp_path / "cache").exists()


def test_the_download_lands_in_the_hf_cache_and_the_picker_lists_it(fake_hub, tmp_path):
    cache = tmp_path / "cache"
    plan = hub.plan_download(REPO_ID, cache)
    seen = []
    folder = hub.download(plan, cache, lambda done, total, name: seen.append((done, total, name)))
    assert folder == cache / "models--org--tiny-gpt2" / "snapshots" / commit_of(REPO_ID)
    assert (cache / "models--org--tiny-gpt2" / "refs" / "main").read_text() == commit_of(REPO_ID)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.name for f in plan.files)
    fetched = [r for r in fake_hub.requests if "/resolve/" in r]
    assert fetched and all(r.rsplit("/", 1)[1] in {f.name for f in plan.files} for r in fetched)  # no .bin, no onnx/
    assert seen[-1][:2] == (plan.total_bytes, plan.total_bytes)
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))  # progress only moves forward
    assert load_checkpoint(folder).record["model_type"] == "gpt2"
    entries = {e.key: e for e in discover_models({"HF_HUB_CACHE": str(cache)})}
    assert entries[f"hf:{REPO_ID}"].label.startswith(f"{REPO_ID} · GPT-2 · ")
    assert hub.download(plan, cache) == folder  # a second time: already there


def test_a_repo_the_hub_does_not_have_gets_a_clear_message(fake_hub, tmp_path):
    with pytest.raises(hub.HubError) as failed:
        hub.plan_download("org/no-such-model", tmp_path)
    assert failed.value.reason == "not_found"
    message = t(f"models.hub.error.{failed.value.reason}", **failed.value.details)
    assert "org/no-such-model" in message and "no model" in message


@pytest.mark.parametrize("repo, reason, fragment", [
    ("org/pickle-only", "pickle_only", "pytorch_model.bin"),
    ("org/bert", "unsupported", "bert model"),
])
def test_repos_gpt_explorer_cannot_read_are_refused_before_downloading(fake_hub, tmp_path, repo, reason, fragment):
    with pytest.raises(hub.HubError) as failed:
        hub.plan_download(repo, tmp_path)
    assert failed.value.reason == reason
    assert fragment in t(f"models.hub.error.{reason}", **{"detail": "", **failed.value.details})
    assert not [r for r in fake_hub.requests if "/resolve/" in r]


def test_a_model_too_big_for_memory_is_refused_before_downloading(fake_hub, tmp_path, monkeypatch):
    import gpt_core.hf_models as hf_models

    monkeypatch.setattr(hf_models, "available_memory", lambda: 1000)
    with pytest.raises(hub.HubError) as failed:
        hub.plan_download(REPO_ID, tmp_path)
    assert failed.value.reason == "too_big" and "refused before loading" in failed.value.details["detail"]


@pytest.mark.parametrize("repo_id", ["", "  ", "a/b/c", "../etc/passwd", "has space", "-bad", "x" * 200, "a//b"])
def test_bad_repo_ids_are_refused_without_asking_the_hub(repo_id):
    with pytest.raises(hub.HubError) as failed:
        hub.plan_download(repo_id)
    assert failed.value.reason == "bad_repo_id"


def test_repo_ids_and_model_page_urls_are_accepted():
    assert hub.check_repo_id(" gpt2 ") == "gpt2"
    assert hub.check_repo_id("https://huggingface.co/HuggingFaceTB/SmolLM2-135M") == "HuggingFaceTB/SmolLM2-135M"


def test_an_unreachable_hub_is_a_network_error(monkeypatch, tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    outside = point_hub_at(monkeypatch, f"http://127.0.0.1:{port}")
    with pytest.raises(hub.HubError) as failed:
        hub.plan_download("gpt2", tmp_path)
    assert failed.value.reason == "network" and not outside
    assert "Could not reach the Hub" in t("models.hub.error.network", **failed.value.details)


def test_a_server_that_vanishes_mid_download_is_a_network_error(folders, monkeypatch, tmp_path):
    with FakeHub({REPO_ID: folders["gpt2"]}) as server:
        outside = point_hub_at(monkeypatch, server.url)
        plan = hub.plan_download(REPO_ID, tmp_path)
    import huggingface_hub.utils._http as hf_http

    monkeypatch.setattr(hf_http.time, "sleep", lambda seconds: None)  # huggingface_hub retries with backoff first
    with pytest.raises(hub.HubError) as failed:  # the server is gone now
        hub.download(plan, tmp_path / "cache")
    assert failed.value.reason == "network" and not outside
