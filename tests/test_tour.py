"""The guided tour: 12-20 steps, each renders for the shipped char model and a tiny Llama (rotary, GQA, SwiGLU) in
English and 中文, with its sentences quoting this model's numbers; Next/Back move one step; "open" switches page."""
from __future__ import annotations

import pytest
from apptest import open_page

from explorer.i18n import CATALOGUES
from explorer.ui.learn.tour_steps import STEPS

TEXT = "ROMEO: But soft, what light"


def test_the_tour_has_12_to_20_steps_with_prose_in_both_languages():
    assert 12 <= len(STEPS) <= 20
    for name, _, _ in STEPS:
        for lang in ("en", "zh"):
            assert CATALOGUES[lang][f"tour.{name}.title"] and CATALOGUES[lang][f"tour.{name}.text"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_step_renders(lang):
    at = open_page("tour", TEXT, lang=lang)
    for k, (name, _, _) in enumerate(STEPS):
        assert at.subheader[0].value == CATALOGUES[lang][f"tour.{name}.title"], k
        assert not at.exception
        if k < len(STEPS) - 1:
            next_button = next(b for b in at.button if b.label == CATALOGUES[lang]["tour.next"])
            next_button.click().run()
    assert next(b for b in at.button if b.label == CATALOGUES[lang]["tour.next"]).disabled
    if lang == "en":  # the sentences quote this model on this text: the char model reads one token per character
        at.session_state["tour_step"] = 1
        at.run()
        assert any(f"into {len(TEXT)} tokens" in m.value and "65 entries" in m.value for m in at.markdown)


def test_back_and_open_in_its_page():
    at = open_page("tour", TEXT, tour_step=3)
    next(b for b in at.button if b.label == CATALOGUES["en"]["tour.back"]).click().run()
    assert at.subheader[0].value == CATALOGUES["en"]["tour.ids.title"]
    next(b for b in at.button if b.label == CATALOGUES["en"]["learn.open_view"]).click().run()
    assert not at.exception and at.title[0].value.startswith("Tokeni")


@pytest.mark.parametrize("family", ["gpt2", "llama"])
def test_every_step_renders_on_a_hugging_face_family(tmp_path, family):
    pytest.importorskip("transformers")
    from tiny_hf import save_tiny

    from gpt_core.checkpoint import load_checkpoint

    ckpt = load_checkpoint(save_tiny(tmp_path / family, family))
    key = f"user:tour-{family}"
    at = open_page("tour", TEXT, lang="zh", user_models={key: ckpt}, model_key=key)
    for k in range(len(STEPS)):
        assert not at.exception, (family, k)
        at.session_state["tour_step"] = k + 1
        at.run()
    if family == "llama":  # rotary: no position vector to draw, and the step says why
        at.session_state["tour_step"] = 4
        at.run()
        assert CATALOGUES["zh"]["tour.positions.rope"] in [i.value for i in at.info]
