"""The sidebar's model section under AppTest: models from $GPT_EXPLORER_MODELS in the picker, a load error
that keeps the previous model, typed paths and ?model= held to the model folders, and "get from the Hub"
against the local stand-in server (tests/fake_hub.py). Environment variables are set before the AppTest."""
from __future__ import annotations

import shutil

import pytest

from apptest import new_app
from explorer.i18n import t
from fake_hub import FakeHub, commit_of, point_hub_at

pytest.importorskip("transformers")
from tiny_hf import save_tiny  # noqa: E402

DEFAULT_KEY = "shipped:shakespeare_char.safetensors"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    base = tmp_path_factory.mktemp("picker-tiny")
    return {family: save_tiny(base / family, family) for family in ("gpt2", "llama")}


@pytest.fixture
def models(tmp_path, tiny, monkeypatch):
    """A fresh $GPT_EXPLORER_MODELS (a new path per test: the server-wide caches never mix tests) and HF cache."""
    root = tmp_path / "models"
    shutil.copytree(tiny["gpt2"], root / "tiny-gpt2")
    shutil.copytree(tiny["llama"], root / "org" / "tiny-llama")
    monkeypatch.setenv("GPT_EXPLORER_MODELS", str(root))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.delenv("GPT_EXPLORER_ALLOW_ANY_PATH", raising=False)
    return root


def sidebar_errors(at) -> list[str]:
    return [str(e.value) for e in at.sidebar.get("error")]


def no_exception(at) -> None:
    assert not at.exception, [e.message for e in at.exception]


@pytest.mark.parametrize("folder, label, card", [("tiny-gpt2", "tiny-gpt2 · GPT-2 · 12K", "GPT-2"),
                                                 ("org/tiny-llama", "org/tiny-llama · Llama · 33K", "RMSNorm")])
def test_picking_a_folder_model_opens_the_overview(models, folder, label, card):
    at = new_app().run()
    no_exception(at)
    picker = at.selectbox(key="_model_picker")  # AppTest shows the options as their labels
    assert label in picker.options and picker.options[0].startswith("shakespeare char · ")
    key = f"path:{models / folder}"
    picker.set_value(key).run()
    no_exception(at)
    assert at.session_state["model_key"] == key and not sidebar_errors(at)
    assert any(card in m.value for m in at.sidebar.markdown), "the model card names the family's switches"
    at.switch_page("pages/overview.py").run()
    no_exception(at)
    assert at.title and at.session_state["model_key"] == key


def test_a_model_too_big_for_memory_is_refused_and_the_previous_one_stays(models, monkeypatch):
    import gpt_core.hf_models as hf_models

    at = new_app().run()
    monkeypatch.setattr(hf_models, "available_memory", lambda: 1000)  # every HF model is now "too big"
    at.selectbox(key="_model_picker").set_value(f"path:{models / 'tiny-gpt2'}").run()
    no_exception(at)
    assert at.session_state["model_key"] in (None, DEFAULT_KEY)
    assert at.selectbox(key="_model_picker").value == DEFAULT_KEY  # the picker shows what is really active
    assert any("refused before loading" in e and "previous model stays" in e for e in sidebar_errors(at)), \
        sidebar_errors(at)


@pytest.mark.parametrize("typed", ["../../etc/passwd", "/etc/passwd", "escape"])
def test_a_typed_path_outside_the_model_folders_is_refused(models, tmp_path, typed):
    outside = tmp_path / "outside"
    shutil.copytree(models / "tiny-gpt2", outside)  # a real model, but not in an allowed folder
    (models / "escape").symlink_to(outside)
    at = new_app().run()
    at.text_input(key="_model_path").input(typed).run()
    no_exception(at)
    assert at.session_state["model_key"] in (None, DEFAULT_KEY)
    assert any("Refused" in e and "GPT_EXPLORER_ALLOW_ANY_PATH" in e for e in sidebar_errors(at)), sidebar_errors(at)


def test_a_typed_path_inside_loads_even_when_not_listed(models, tiny):
    deep = models / "a" / "b" / "c"
    shutil.copytree(tiny["gpt2"], deep)  # three levels down: not in the listing
    at = new_app().run()
    assert "c · GPT-2 · 12K" not in at.selectbox(key="_model_picker").options
    at.text_input(key="_model_path").input("a/b/c").run()
    no_exception(at)
    assert at.session_state["model_key"] == f"path:{deep}"
    assert "c · GPT-2 · 12K" in at.selectbox(key="_model_picker").options


def test_the_operator_may_allow_any_path(models, tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    shutil.copytree(models / "tiny-gpt2", outside)
    monkeypatch.setenv("GPT_EXPLORER_ALLOW_ANY_PATH", "1")
    at = new_app().run()
    at.text_input(key="_model_path").input(str(outside)).run()
    no_exception(at)
    assert at.session_state["model_key"] == f"path:{outside}"


@pytest.mark.parametrize("value", ["/etc/passwd", "../../etc", "path:/etc/passwd"])
def test_the_url_cannot_make_the_app_read_outside_the_folders(models, value):
    at = new_app()
    at.query_params["model"] = value
    at.run()
    no_exception(at)
    assert at.session_state["model_key"] in (None, DEFAULT_KEY)
    assert sidebar_errors(at)


def test_the_url_can_pick_a_listed_model(models):
    at = new_app()
    at.query_params["model"] = f"path:{models / 'tiny-gpt2'}"
    at.run()
    no_exception(at)
    assert at.session_state["model_key"] == f"path:{models / 'tiny-gpt2'}"


def test_get_from_the_hub_shows_the_size_then_downloads_and_activates(models, tiny, tmp_path, monkeypatch):
    repo = "org/tiny-hub-gpt2"
    with FakeHub({repo: tiny["gpt2"]}) as server:
        outside = point_hub_at(monkeypatch, server.url)
        at = new_app().run()
        assert not server.requests, "nothing may ask the Hub before a click"
        at.text_input(key="_hub_repo").input(repo).run()
        at.button(key="_hub_check").click().run()
        no_exception(at)
        plan = [m.value for m in at.sidebar.markdown if repo in m.value]
        assert plan and " MB" in plan[0], [m.value for m in at.sidebar.markdown]
        assert not (tmp_path / "hf-cache").exists()  # only sized so far
        at.button(key="_hub_download").click().run()
        no_exception(at)
    assert not outside, f"tried to reach {outside}"
    snapshot = tmp_path / "hf-cache" / "models--org--tiny-hub-gpt2" / "snapshots" / commit_of(repo)
    assert (snapshot / "model.safetensors").is_file()
    assert at.session_state["model_key"] == f"hf:{repo}"
    assert any(t("models.hub.done", name="")[:10] in s.value for s in at.sidebar.get("success"))


def test_get_from_the_hub_says_when_a_repo_does_not_exist(models, tiny, monkeypatch):
    with FakeHub({"org/real": tiny["gpt2"]}) as server:
        point_hub_at(monkeypatch, server.url)
        at = new_app().run()
        at.text_input(key="_hub_repo").input("org/not-there").run()
        at.button(key="_hub_check").click().run()
    no_exception(at)
    assert any("org/not-there" in e for e in sidebar_errors(at)), sidebar_errors(at)
    assert not at.sidebar.get("button") or all(b.key != "_hub_download" for b in at.sidebar.get("button"))
