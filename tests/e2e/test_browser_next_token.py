"""Next token page in a real browser: the position slider's label, the heading and the bars agree through text edits.

Only a browser shows this: after an edit that keeps T (a text longer than the context is cut to its last
block_size tokens), the slider's option labels change while its key stays, and the browser's slider then falls
back to option 0 unless the page sends it the value again.
"""
from __future__ import annotations

import re

from e2e_helpers import assert_no_exception, goto, poll, set_sidebar_text

LONG = ("ROMEO:\nBut soft, what light through yonder window breaks?\nIt is the east, and Juliet is the sun. "
        "Arise, fair sun, and kill the envious moon, who is already sick.")  # > 128 characters


def shown(page) -> tuple[str, str, str]:
    """(the slider thumb's label, the distribution heading, the bars chart's title) as the browser draws them."""
    thumb = page.locator("[data-testid=stSliderThumbValue]").first.inner_text()
    heading = page.locator("h3").filter(has_text=re.compile(r"distribution after position")).first.inner_text()
    title = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
        .map(g => String((g.layout && g.layout.title && (g.layout.title.text ?? g.layout.title)) || ''))
        .find(t => t.startsWith('next-token probabilities after position')) || ''""")
    return thumb, heading, title


def positions(page) -> tuple[int, int, int] | None:
    thumb, heading, title = shown(page)
    after = (thumb, re.sub(r".*position ", "", heading), title.split("position ")[-1])
    numbers = [re.search(r"(\d+)", s) for s in after]
    return None if None in numbers else tuple(int(m.group(1)) for m in numbers)


def test_slider_label_heading_and_bars_stay_on_the_last_position_through_edits(page):
    goto(page, "next_token")
    set_sidebar_text(page, LONG)
    poll(lambda: positions(page) == (127, 127, 127), page=page, message=f"after the long text: {shown(page)}")
    for edited in (LONG + "ends", LONG + "endz", LONG + "endz!"):  # T stays 128: the window slides
        set_sidebar_text(page, edited)
        assert_no_exception(page, "next_token after an edit")
        page.wait_for_timeout(500)
        poll(lambda: positions(page) == (127, 127, 127), timeout_s=20, page=page,
             message=f"after editing to ...{edited[-6:]!r}: slider, heading, chart = {shown(page)}")


def test_a_position_the_learner_moved_to_is_kept_through_edits_that_keep_T(page):
    goto(page, "next_token")
    set_sidebar_text(page, LONG)
    poll(lambda: positions(page) == (127, 127, 127), page=page, message=f"after the long text: {shown(page)}")
    thumb = page.locator("[data-testid=stSlider] input[type=range]").first
    thumb.focus()
    for _ in range(3):
        thumb.press("ArrowLeft")
    poll(lambda: positions(page) == (124, 124, 124), timeout_s=30, page=page,
         message=f"after moving the slider three steps left: {shown(page)}")
    for edited in (LONG + "ends", LONG + "endz"):
        set_sidebar_text(page, edited)
        assert_no_exception(page, "next_token after an edit")
        page.wait_for_timeout(500)
        poll(lambda: positions(page) == (124, 124, 124), timeout_s=20, page=page,
             message=f"after editing to ...{edited[-6:]!r}: slider, heading, chart = {shown(page)}")
