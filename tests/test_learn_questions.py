"""The Questions page: all 24 questions answered in both languages, each with its live view drawn here or a button
that opens it on its page."""
from __future__ import annotations

import pytest
from apptest import open_page

from explorer.i18n import CATALOGUES
from explorer.ui.learn.links import VIEWS
from explorer.ui.learn.questions import QUESTIONS

TEXT = "ROMEO: But soft, what light through yonder window breaks?"


def test_all_24_questions_have_an_answer_in_both_languages_and_a_view():
    assert sorted(QUESTIONS) == list(range(1, 25))
    for n, view in QUESTIONS.items():
        for lang in ("en", "zh"):
            assert CATALOGUES[lang][f"questions.q{n}"] and len(CATALOGUES[lang][f"questions.a{n}"]) > 40
        assert callable(view) or view in VIEWS, n
    # the questions the audit found unanswered or thin have their own live view here
    assert all(callable(QUESTIONS[n]) for n in (4, 5, 11, 12, 16, 17, 19, 20, 21, 22))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("n", [n for n, view in QUESTIONS.items() if callable(view)])
def test_each_live_view_renders(n, lang):
    at = open_page("questions", TEXT, lang=lang, questions_pick=n)
    assert at.subheader[0].value.startswith(f"{n}. ")
    assert CATALOGUES[lang][f"questions.a{n}"] in [m.value for m in at.markdown]


def test_the_score_terms_view_says_they_add_up():
    at = open_page("questions", TEXT, questions_pick=20)
    assert any("add up to the model's scores" in s.value for s in at.success)


def test_a_question_answered_elsewhere_opens_its_page_with_the_view_picked():
    at = open_page("questions", TEXT, questions_pick=13)
    button = [b for b in at.button if b.label == CATALOGUES["en"]["learn.open_view"]]
    assert len(button) == 1
    button[0].click().run()
    assert not at.exception
    assert at.session_state["labs_topic"] == "scaling"
    assert at.title[0].value == CATALOGUES["en"]["labs.title"]


def test_the_score_terms_maps_add_up_to_the_models_scores(shipped):
    import numpy as np
    import torch
    from apptest import canvas_by_key

    from explorer.analysis.text_prep import prepare_input
    from gpt_core.interp.score_terms import TERMS

    at = open_page("questions", TEXT, questions_pick=20, head=1)
    parts = [canvas_by_key(at, f"learn_terms_{name}")["z"] for name in TERMS]  # [T, T] each, the future NaN
    ids = prepare_input(shipped.tokenizer, TEXT, shipped.config.block_size).ids
    with torch.no_grad():
        _, cache = shipped.model.run_with_cache(torch.tensor([ids]))
    model = cache["transformer.h.0.attn.hook_scores"][0, 1].numpy()  # [T, T]: the forward pass's own scores
    lower = np.tril_indices(len(ids))
    np.testing.assert_allclose(sum(parts)[lower], model[lower], atol=1e-3)  # question 20: the terms add up
    np.testing.assert_allclose(canvas_by_key(at, "learn_terms_scores")["z"][lower], model[lower], atol=1e-4)
    assert np.all(np.isnan(parts[0][np.triu_indices(len(ids), 1)]))


def test_cross_attention_map_is_queries_by_other_keys_each_row_a_distribution():
    import numpy as np
    from apptest import canvas_by_key

    at = open_page("questions", TEXT, questions_pick=19)
    cross = canvas_by_key(at, "learn_cross_cross")
    z = cross["z"]  # [Tq, Tk]: your text's queries over the other text's keys, nothing masked
    assert z.shape == (len(cross["row_labels"]), len("To be, or not to be"))  # the char model: a token a character
    np.testing.assert_allclose(z.sum(axis=1), 1.0, atol=1e-5)
    assert not np.isnan(z).any() and (cross["zmin"], cross["zmax"]) == (0.0, 1.0)
    self_ = canvas_by_key(at, "learn_cross_self")["z"]
    np.testing.assert_allclose(np.nansum(self_, axis=1), 1.0, atol=1e-5)
