"""The Compare page in a real browser, in English and Chinese: two models on one text, and (opened from a link)
one model on two texts with the B − A map."""
from __future__ import annotations

from urllib.parse import urlencode

import numpy as np

from e2e_helpers import (SIDEBAR_TEXT, assert_no_exception, canvas_values, screenshot, wait_charts, wait_for_canvas,
                         wait_idle)


def open_url(tab, base_url: str, params: dict) -> None:
    tab.base_url = base_url
    tab.goto(f"{base_url}/compare?{urlencode(params)}")
    tab.wait_for_selector(SIDEBAR_TEXT)
    wait_idle(tab, start_grace_ms=0)
    assert_no_exception(tab, "compare")


def test_two_models_side_by_side(fresh_tab, server):
    open_url(fresh_tab, server.base_url, {"layer": 1, "head": 2})
    wait_charts(fresh_tab, 4)
    for side in "AB":  # each side's pattern drawn on its canvas: rows of weights that sum to 1
        rows = canvas_values(fresh_tab, rf"^{side}: L1 H2")
        assert abs(np.nansum(rows, axis=1) - 1).max() < 1e-4
    assert fresh_tab.get_by_text("No B − A map").count() >= 1
    screenshot(fresh_tab, "compare_models_en")
    fresh_tab.locator("h3").filter(has_text="Why that token?").first.scroll_into_view_if_needed()
    fresh_tab.wait_for_timeout(300)
    screenshot(fresh_tab, "compare_attribution_en")


def test_two_texts_from_a_link_in_both_languages(fresh_tab, server):
    for lang, diff_title, name in (("en", r"^B − A: L0 H3 pattern", "compare_prompts_en"),
                                   ("zh", r"^B − A：L0 H3 模式", "compare_prompts_zh")):
        open_url(fresh_tab, server.base_url, {"mode": "prompts", "head": 3, "lang": lang})
        index = wait_for_canvas(fresh_tab, diff_title)
        wait_charts(fresh_tab, 5)
        assert_no_exception(fresh_tab, f"compare ({lang})")
        fresh_tab.locator(".gx-canvas-chart").nth(index).scroll_into_view_if_needed()
        fresh_tab.wait_for_timeout(300)
        screenshot(fresh_tab, name)
    fresh_tab.locator("h3").filter(has_text="直接 logit 归因").first.scroll_into_view_if_needed()
    fresh_tab.wait_for_timeout(300)
    screenshot(fresh_tab, "compare_attribution_zh")
