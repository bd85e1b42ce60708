"""AppTest of pages/show_math.py: the pattern is a canvas that takes a click at any length, and the prose says so."""
from __future__ import annotations

import pytest
from apptest import canvas, click_canvas, open_page

SHORT = "ROMEO:\nBut soft, what light through yonder window breaks?"  # 57 tokens
LONG = (SHORT + "\n") * 2  # 116 tokens: over the old 64-token limit of plotly's per-cell click targets


@pytest.mark.parametrize("lang,click_word", [("en", "click"), ("zh", "点击")])
def test_the_intro_offers_the_click_at_every_length(lang, click_word):
    for text in (SHORT, LONG):
        at = open_page("show_math", text, lang=lang)
        assert click_word in at.markdown[0].value
        pattern = canvas(at, "L0 H0 ")  # the page's one canvas: the chosen head's pattern
        assert pattern["select"] == "cell" and pattern["block"] == [len(text), len(text)]


def test_a_click_on_a_long_text_picks_the_cell_and_its_math():
    at = open_page("show_math", LONG)
    click_canvas(at, "L0 H0 ", {"cell": [100, 40], "block": [0, 0]})
    assert (at.number_input(key="_math_i").value, at.number_input(key="_math_j").value) == (100, 40)
    assert canvas(at, "L0 H0 ")["selected_cell"] == [100, 40]  # outlined on the map
    assert at.subheader[0].value.startswith("pattern[100, 40]")  # the steps below are this cell's
    for bad in ({"cell": [116, 0]}, {"cell": "x"}, {"block": [0, 0]}):  # out of range, malformed: nothing changes
        click_canvas(at, "L0 H0 ", bad)
        assert at.number_input(key="_math_i").value == 100
    at.number_input(key="_math_j").set_value(7).run()  # the number inputs still choose the cell too
    assert canvas(at, "L0 H0 ")["selected_cell"] == [100, 7]
