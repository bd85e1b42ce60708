"""The guided tour in a real browser: walk every step with Next, check the progress text and a live view at each,
walk back one step, and open the last step's view in its page."""
from __future__ import annotations

import re

from e2e_helpers import assert_no_exception, goto, poll, wait_idle

from explorer.i18n import CATALOGUES
from explorer.ui.learn.tour_steps import STEPS

EN = CATALOGUES["en"]


def heading(page) -> str:
    return page.locator("[data-testid=stHeading] h3").first.inner_text().strip()


def test_walk_the_tour_end_to_end(page):
    goto(page, "tour")
    assert_no_exception(page, "tour")
    n = len(STEPS)
    for k, (name, _, _) in enumerate(STEPS):
        poll(lambda name=name: heading(page) == EN[f"tour.{name}.title"], page=page,
             message=f"step {k + 1} heading")
        assert page.get_by_text(EN["tour.progress"].format(k=k + 1, n=n)).count() == 1
        assert_no_exception(page, f"tour step {k + 1}")
        next_button = page.get_by_role("button", name=re.compile("Next"))
        if k < n - 1:
            next_button.click()
            wait_idle(page)
        else:
            assert next_button.is_disabled()
    assert page.locator(".js-plotly-plot").count() >= 1  # the last step draws the next-token bars
    page.get_by_role("button", name=re.compile("Back")).click()
    wait_idle(page)
    poll(lambda: heading(page) == EN[f"tour.{STEPS[-2][0]}.title"], page=page, message="back one step")
    page.get_by_role("button", name=re.compile(EN["learn.open_view"])).click()
    page.wait_for_url(re.compile(r"/questions(\?.*)?$"))
    wait_idle(page)
    assert_no_exception(page, "the view opened from the tour")
