"""The app in a real browser: the server answers, every page renders inside the frame with its charts,
and the sidebar's text and model picker reach the pages. Also writes a screenshot of each page (see
e2e_helpers.SCREENSHOTS)."""
from __future__ import annotations

import re

import pytest

from e2e_helpers import (MIN_CHARTS, SIDEBAR_TEXT, app_pages, assert_no_exception, choose_model, default_page,
                         goto, health, nav_to, open_and_check_page, plotly_traces, poll, reference_next_token,
                         screenshot, selected_model, set_sidebar_text, sidebar_text, token_chip_ids, wait_charts,
                         wait_for_graph)

CORE_PAGES = ["overview", "tokenization", "embeddings", "attention", "softmax_mask", "next_token", "train"]


def test_health_endpoint_answers_ok(server):
    assert health(server.base_url) == "ok"


def test_app_registers_every_core_page():
    pages = app_pages()
    assert set(CORE_PAGES) <= set(pages), f"app.py's st.navigation lacks {set(CORE_PAGES) - set(pages)}"


def test_direct_page_url_on_a_fresh_server_gets_the_frame(server):
    """The first request a new server ever gets is http://host/next_token: it must show the page WITH the sidebar
    (model picker, shared text) and app.py's page list, not Streamlit's legacy pages/ list with an "app" entry."""
    seen = server.first_contact
    assert seen is not None
    assert seen.exceptions == 0, f"exception on the first direct visit: {seen}"
    assert re.search(rf"/{seen.path}(\?.*)?$", seen.final_url), f"ended on {seen.final_url}, not /{seen.path}"
    hrefs = [h.split("?")[0][len(server.base_url):].strip("/") for h in seen.nav_hrefs]
    labels = [label.lower() for label in seen.nav_labels]
    assert "app" not in labels, f"Streamlit's legacy page list (with an 'app' entry) was shown: {seen.nav_labels}"
    assert seen.sidebar_textareas >= 1, ("a direct page URL on a fresh server ran the page without app.py's "
                                         f"frame (no sidebar text box); nav was {hrefs}")
    # app.py's page list: the default page is served at "/", every other page under its file name
    expected = set(app_pages()) - {default_page()} | {""}
    assert set(hrefs) == expected, f"sidebar navigation {hrefs} is not app.py's page list {sorted(expected)}"



def test_a_reload_of_a_direct_page_url_keeps_the_page_and_the_frame(page):
    """A reload is a new session on a server that has left legacy mode: the same page, in the frame, once."""
    goto(page, "attention")
    page.reload()
    page.wait_for_selector(SIDEBAR_TEXT)
    wait_charts(page)
    assert_no_exception(page)
    assert re.search(r"/attention(\?.*)?$", page.url), page.url
    assert page.locator(SIDEBAR_TEXT).count() == 1, "the frame (sidebar text box) is missing or drawn twice"
    assert page.locator("h1").count() == 1, page.locator("h1").all_inner_texts()

# Pages whose interaction tests (test_browser_interactions.py) open, check and photograph them already.
INTERACTION_PAGES = {"attention", "softmax_mask", "train"}


@pytest.mark.parametrize("path", [p for p in app_pages() if p not in INTERACTION_PAGES])
def test_page_renders_in_the_frame_with_charts(page, path):
    open_and_check_page(page, path)
    screenshot(page, path)


def _bars_match_reference(page, ckpt, text: str, k: int = 10, tol: float = 2e-3) -> bool:
    """The Next token page's first chart (raw softmax bars) equals gpt_core's top-k for `text`."""
    traces = plotly_traces(page, wait_for_graph(page, r"next-token probabilities after position"))
    if not traces:
        return False
    raw = [float(v) for v in traces[0]["x"]]
    _, expected = reference_next_token(ckpt, text, len(raw) or k)
    return len(raw) == len(expected) and all(abs(a - b) <= tol for a, b in zip(raw, expected))


def test_sidebar_text_updates_token_chips_and_next_token_bars(page, reference_models):
    ckpt = reference_models["shakespeare_char"]
    goto(page, "tokenization")
    before = token_chip_ids(page)
    expected_before, _ = reference_next_token(ckpt, sidebar_text(page), 1)
    assert before == expected_before, "the chips do not show the ids gpt_core gives the default text"

    new_text = "To be, or not to be: that is the question."
    set_sidebar_text(page, new_text)
    expected_ids, _ = reference_next_token(ckpt, new_text, 1)
    poll(lambda: token_chip_ids(page) == expected_ids, page=page,
         message=f"chips did not change to the new text's ids {expected_ids}; shown {token_chip_ids(page)}")
    assert_no_exception(page, "tokenization after editing the text")

    nav_to(page, "next_token")
    assert page.locator(SIDEBAR_TEXT).first.input_value() == new_text, "the text was lost on page change"
    poll(lambda: _bars_match_reference(page, ckpt, new_text), page=page,
         message="the next-token bars do not equal gpt_core's probabilities for the new text")
    first = plotly_traces(page, 0)[0]["x"]

    second_text = "ROMEO:\nWherefore art thou"
    set_sidebar_text(page, second_text)
    poll(lambda: _bars_match_reference(page, ckpt, second_text), page=page,
         message="editing the text on the Next token page did not update the bars to gpt_core's numbers")
    assert plotly_traces(page, 0)[0]["x"] != first
    assert_no_exception(page, "next_token after editing the text")


def test_switching_the_active_model(page, reference_models):
    goto(page, "next_token")
    default_bars = plotly_traces(page, wait_for_graph(page, r"next-token probabilities"))[0]["x"]
    assert "shakespeare" in selected_model(page)
    choose_model(page, "induction")
    ckpt = reference_models["induction_2layer"]
    # the text was the old model's suggestion, so the new model's own suggestion replaces it
    poll(lambda: sidebar_text(page) != "" and set(sidebar_text(page)) <= set(ckpt.tokenizer.itos), page=page,
         message=f"after switching, the text {sidebar_text(page)!r} is not in the induction model's vocabulary")
    text = sidebar_text(page)
    poll(lambda: _bars_match_reference(page, ckpt, text), page=page,
         message="after switching to the induction model the bars are not its probabilities")
    assert plotly_traces(page, 0)[0]["x"] != default_bars
    assert_no_exception(page, "next_token after switching model")

    nav_to(page, "overview")  # the choice holds across pages
    wait_charts(page, MIN_CHARTS["overview"])
    assert_no_exception(page, "overview with the induction model")
    assert "induction" in selected_model(page), f"the picker shows {selected_model(page)!r} after changing page"
