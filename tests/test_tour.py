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


def _layer0_by_hand(ckpt, text: str):
    """Head 0 of layer 0 from its q and k: scores q kᵀ / √hs (before the mask), and the masked row softmax."""
    import numpy as np
    import torch

    from explorer.analysis.text_prep import prepare_input

    ids = prepare_input(ckpt.tokenizer, text, ckpt.config.block_size).ids
    with torch.no_grad():
        _, cache = ckpt.model.run_with_cache(torch.tensor([ids]))
    q, k = (cache[f"transformer.h.0.attn.hook_{n}"][0, 0].double().numpy() for n in ("q", "k"))  # [T, hs]
    T = len(ids)
    scores = q @ k.T / np.sqrt(q.shape[1])  # [T, T]
    masked = np.where(np.tril(np.ones((T, T), dtype=bool)), scores, -np.inf)
    e = np.exp(masked - masked.max(axis=1, keepdims=True))
    return scores, e / e.sum(axis=1, keepdims=True), cache


def test_the_score_pattern_and_heads_steps_draw_the_models_numbers(shipped):
    import numpy as np
    from apptest import canvas_by_key

    scores, pattern, cache = _layer0_by_hand(shipped, TEXT)
    at = open_page("tour", TEXT, tour_step=6)  # "scores"
    shown = canvas_by_key(at, "tour_scores")
    np.testing.assert_allclose(shown["z"], scores, atol=1e-4)  # float32: the model's numbers, before the mask
    assert shown["zmin"] == -shown["zmax"]  # centred on 0
    lower = np.tril_indices(len(scores))
    at.session_state["tour_step"] = 7  # "pattern"
    at.run()
    shown = canvas_by_key(at, "tour_pattern")["z"]
    np.testing.assert_allclose(shown[lower], pattern[lower], atol=1e-5)
    assert np.all(np.isnan(shown[np.triu_indices(len(scores), 1)]))  # grey, not zero
    at.session_state["tour_step"] = 8  # "heads": every head of the first two layers, one byte a cell
    at.run()
    grid = canvas_by_key(at, "tour_heads")
    want = np.stack([cache[f"transformer.h.{layer}.attn.hook_pattern"][0].numpy() for layer in range(2)])
    assert grid["grid"] == [2, shipped.config.n_head] and grid["select"] is None
    np.testing.assert_allclose(np.nan_to_num(grid["z"]), want, atol=0.5 * (grid["zmax"] - grid["zmin"]) / 252 + 1e-6)


def test_the_embedding_step_draws_the_first_32_dimensions(shipped):
    import numpy as np
    from apptest import canvas_by_key

    from explorer.analysis.text_prep import prepare_input

    ids = prepare_input(shipped.tokenizer, TEXT, shipped.config.block_size).ids
    at = open_page("tour", TEXT, tour_step=3)  # "embedding": rows of wte looked up by id
    shown = canvas_by_key(at, "tour_embedding")
    wte = shipped.model.transformer.wte.weight.detach().numpy()  # [V, C]
    np.testing.assert_array_equal(shown["z"], wte[ids, :32].astype(np.float32))
    assert shown["title"] and len(shown["row_labels"]) == len(ids)
