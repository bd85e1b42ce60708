"""AppTest of pages/show_math.py: the prose offers only the ways of choosing a cell that the page has."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from explorer.analysis.attention import CLICKABLE_MAX_T

from apptest import all_charts, open_page

SHORT = "ROMEO:\nBut soft, what light through yonder window breaks?"  # 57 tokens
LONG = (SHORT + "\n") * 2  # 116 tokens: over CLICKABLE_MAX_T


def clickable_map(at: AppTest) -> bool:
    """Whether the page's one heatmap (the pattern) carries per-cell click targets (a scatter overlay)."""
    (spec,) = [s for s in all_charts(at) if s["data"] and s["data"][0]["type"] == "heatmap"]
    return "scatter" in [d["type"] for d in spec["data"]]


@pytest.mark.parametrize("lang,click_word", [("en", "click"), ("zh", "点击")])
def test_the_intro_mentions_clicks_only_where_clicks_work(lang, click_word):
    assert len(SHORT) <= CLICKABLE_MAX_T < len(LONG)
    short, long = open_page("show_math", SHORT, lang=lang), open_page("show_math", LONG, lang=lang)
    assert clickable_map(short) and not clickable_map(long)
    short_intro, long_intro = short.markdown[0].value, long.markdown[0].value
    assert click_word in short_intro
    assert click_word not in long_intro, long_intro
    assert str(CLICKABLE_MAX_T) in long_intro  # says why: the text is over the click limit
