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
