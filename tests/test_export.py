"""Export: every chart downloads its picture (PNG or SVG, drawn by the browser from the config the chart carries)
and its numbers; the active model downloads as a checkpoint that loads back to the same logits."""
from __future__ import annotations

import json

import pytest
import torch

from explorer.figures.export import chart_config, safe_stem
from explorer.ui import export
from gpt_core.checkpoint import load_checkpoint, load_checkpoint_bytes

from apptest import canvas_by_key, new_app, open_page, svg_charts
from test_i18n import ALL_PAGES
from tiny_hf import save_tiny

TEXT = "ROMEO:\nBut soft, what light"


def test_the_chart_config_names_the_format_and_a_safe_file_name():
    assert chart_config("attention_L0_H0", "svg")["toImageButtonOptions"] == {
        "format": "svg", "filename": "attention_L0_H0", "scale": 1}
    assert chart_config("x", "png")["toImageButtonOptions"]["scale"] == 2
    assert chart_config("x", "gif")["toImageButtonOptions"]["format"] == "png"  # an unknown choice: the default
    assert safe_stem("cosine after block 1/../é") == "cosine_after_block_1"
    assert safe_stem("next_token_pos5") == "next_token_pos5"
    assert safe_stem("") == "chart"


def chart_key(element) -> str:
    return element.proto.id.split("-", 2)[2]  # "$$ID-<hash>-<key>"


def image_options(at) -> dict[str, dict]:
    return {chart_key(e): json.loads(e.proto.config)["toImageButtonOptions"] for e in at.get("plotly_chart")}


def test_every_chart_carries_the_chosen_picture_format():
    at = open_page("attention", text=TEXT)
    options = image_options(at)
    assert options and {o["format"] for o in options.values()} == {"png"}
    assert canvas_by_key(at, "attention_pattern")["file_stem"] == "attention_L0_H0"  # its own PNG button
    at.sidebar.radio(key="chart_format").set_value("svg").run()
    assert not at.exception
    options = image_options(at)
    assert {o["format"] for o in options.values()} == {"svg"}, options
    at.switch_page("pages/next_token.py").run()  # the choice holds on every page
    assert {o["format"] for o in image_options(at).values()} == {"svg"}


@pytest.mark.parametrize("page", [p for p in ALL_PAGES if p != "train"])  # Train's charts need a run: test_page_train
def test_every_chart_has_a_data_download(page):
    at = open_page(page, text=TEXT)
    charts = [chart_key(e) for e in [*at.get("plotly_chart"), *at.get("bidi_component")]] + list(svg_charts(at))
    downloads = {d.proto.id.split("-", 2)[2] for d in at.get("download_button")}
    missing = [key for key in charts if f"dl-{key}" not in downloads]
    assert charts and not missing, missing


def same_logits(a, b, ids) -> bool:
    with torch.no_grad():
        return torch.allclose(a.model(torch.tensor([ids]))[0], b.model(torch.tensor([ids]))[0], atol=0, rtol=0)


def test_the_checkpoint_download_loads_back_to_the_same_model(shipped):
    data = export.checkpoint_payload(shipped)
    again = load_checkpoint_bytes(data, name="download")
    ids = shipped.tokenizer.encode(TEXT)
    assert same_logits(shipped, again, ids)
    assert again.config == shipped.config and again.tokenizer.to_dict() == shipped.tokenizer.to_dict()
    assert again.record.get("val_loss") == shipped.record.get("val_loss")


@pytest.mark.parametrize("family", ["gpt2", "llama"])
def test_an_imported_hugging_face_model_downloads_as_our_checkpoint(tmp_path, family):
    ckpt = load_checkpoint(save_tiny(tmp_path / family, family))
    again = load_checkpoint_bytes(export.checkpoint_payload(ckpt))
    assert same_logits(ckpt, again, [1, 5, 7, 42])
    assert "folder" not in again.record and again.record["source"] == "huggingface"  # no server path in the file


def sidebar_downloads(at) -> list[str]:
    return [d.proto.label for d in at.sidebar.get("download_button")]


def test_the_sidebar_offers_the_active_model_as_a_checkpoint(shipped):
    at = new_app(text=TEXT).run()
    assert not at.exception
    labels = sidebar_downloads(at)
    assert len(labels) == 1 and labels[0].startswith("Download this model (3.")  # 818k float32 weights
    [button] = at.sidebar.get("download_button")
    assert button.proto.deferred_file_id  # built when clicked, not on every run
    assert export.checkpoint_file_name(shipped) == "shakespeare_char.safetensors"


def test_a_trained_session_model_downloads_too(shipped):
    trained = load_checkpoint_bytes(export.checkpoint_payload(shipped), name="run 1 · 2 layers")
    at = new_app(text=TEXT, user_models={"user:run1": trained}, model_key="user:run1").run()
    assert not at.exception
    assert at.session_state["model_key"] == "user:run1" and sidebar_downloads(at)
    assert export.checkpoint_file_name(trained) == "run_1_2_layers.safetensors"


def test_a_model_over_the_cap_is_pointed_at_its_folder(shipped, monkeypatch):
    monkeypatch.setattr(export, "MAX_CHECKPOINT_MB", 1)
    hf_like = load_checkpoint_bytes(export.checkpoint_payload(shipped), name="big")
    hf_like.record = {"source": "huggingface", "model_type": "gpt2"}
    at = new_app(text=TEXT, user_models={"user:big": hf_like}, model_key="user:big", lang="zh").run()
    assert not at.exception
    assert not sidebar_downloads(at)
    captions = [c.value for c in at.sidebar.caption]
    assert any("本来就是一个文件夹" in c and "上限 1 MB" in c for c in captions), captions
