"""Hugging Face model folders in a real browser: a server started with GPT_EXPLORER_MODELS holding a tiny random
GPT-2 folder and a tiny random Llama folder; each is picked in the sidebar and every page is visited in the same
session, with no Streamlit exception block on any of them.

This module starts its own server (the shared one runs without GPT_EXPLORER_MODELS): conftest's server_with_env.
"""
from __future__ import annotations

import os

import pytest

from e2e_helpers import app_pages, choose_model, goto, nav_to, selected_model, wait_idle

pytest.importorskip("transformers")
from tiny_hf import save_tiny  # noqa: E402

FAMILIES = {"gpt2": "tiny-gpt2 · GPT-2", "llama": "org/tiny-llama · Llama"}


@pytest.fixture  # a server per family: after the GPT-2 walk, the Llama one could no longer find its picker option
def families_server(server_with_env, tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e-models")
    save_tiny(root / "tiny-gpt2", "gpt2")
    save_tiny(root / "org" / "tiny-llama", "llama")
    return server_with_env({"GPT_EXPLORER_MODELS": str(root), "HF_HUB_CACHE": str(root / "no-hf-cache"),
                            "HF_HUB_OFFLINE": "1"})  # nothing in this test may reach for the network


@pytest.fixture
def tab(fresh_tab, families_server):
    fresh_tab.base_url = families_server.base_url
    return fresh_tab


def exception_texts(page) -> list[str]:
    return page.locator("[data-testid=stException]").all_inner_texts()


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_page_renders_for_a_hugging_face_family(tab, family, families_server):
    label = FAMILIES[family]
    goto(tab, app_pages()[0])
    choose_model(tab, label)
    assert label in selected_model(tab), f"the picker shows {selected_model(tab)!r}"
    seen, broken = {}, {}
    for path in app_pages():
        nav_to(tab, path)
        wait_idle(tab)
        tab.wait_for_timeout(300)
        assert label in selected_model(tab), f"{path}: the picker fell back to {selected_model(tab)!r}"
        assert tab.locator("h1").count() >= 1, f"{path}: no page title drawn"
        texts = exception_texts(tab)
        seen[path] = "exception" if texts else "ok"
        if texts:
            broken[path] = texts[0][:600]
    print(f"\n{family}: " + ", ".join(f"{p}={v}" for p, v in seen.items()))  # shown with pytest -s
    report = os.environ.get("GPT_EXPLORER_FAMILY_REPORT")
    if report:  # a file to read the per-page outcome from, when a run should record it
        with open(report, "a", encoding="utf-8") as f:
            f.write(f"{family}: {seen}\n" + "".join(f"  {p}: {text}\n" for p, text in broken.items()))
    assert not broken, f"{family}: Streamlit exceptions on " + "\n\n".join(f"{p}:\n{t}" for p, t in broken.items())
