"""A shared link in a real browser: opened in a fresh browser context it restores the page, the text and the
head; the address bar follows the learner's changes; bad parameters show the notice in the reader's language."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlparse

from e2e_helpers import (SCREENSHOTS, SIDEBAR_TEXT, assert_no_exception, nav_to, poll, screenshot, sidebar_text, wait_for_canvas,
                         wait_idle)

TEXT = "ROMEO:\nBut soft, what light"


def open_url(tab, base_url: str, path: str, params: dict) -> None:
    tab.base_url = base_url
    tab.goto(f"{base_url}/{path}?{urlencode(params)}")
    tab.wait_for_selector(SIDEBAR_TEXT)
    wait_idle(tab, start_grace_ms=0)
    assert_no_exception(tab, path)


def query(tab) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(tab.url).query, keep_blank_values=True).items()}


def chosen(tab, group: str) -> list[str]:
    """The checked option(s) of a segmented control (a radiogroup labelled `group`)."""
    radios = tab.get_by_role("radiogroup", name=group).first.get_by_role("radio")
    return [r.inner_text().strip() for r in radios.all() if r.get_attribute("aria-checked") == "true"]


def sidebar_picture(tab, name: str) -> None:
    """The sidebar down to its share box (a taller window for the picture: the sidebar scrolls on its own)."""
    size = tab.viewport_size
    tab.set_viewport_size({"width": size["width"], "height": 1600})
    tab.locator("[data-testid=stSidebar] [data-testid=stCode]").last.scroll_into_view_if_needed()
    tab.wait_for_timeout(500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), clip=tab.locator("[data-testid=stSidebar]").bounding_box(),
                   animations="disabled")
    tab.set_viewport_size(size)


def test_a_shared_link_restores_page_text_and_head_in_a_fresh_browser(fresh_tab, server):
    open_url(fresh_tab, server.base_url, "attention", {"text": TEXT, "layer": 1, "head": 2})
    assert sidebar_text(fresh_tab) == TEXT
    wait_for_canvas(fresh_tab, r"^L1 H2 attention pattern")
    assert chosen(fresh_tab, "Layer") == ["L1"] and chosen(fresh_tab, "Head") == ["H2"]
    assert fresh_tab.locator("h1").first.inner_text().strip().startswith("Attention")
    screenshot(fresh_tab, "share_link_restored_en")

    # the address bar follows the learner: another head, then another page (the text travels, the head stays behind)
    fresh_tab.get_by_role("radiogroup", name="Head").first.get_by_role("radio", name="H3", exact=True).click()
    wait_idle(fresh_tab)
    poll(lambda: query(fresh_tab).get("head") == "3", page=fresh_tab, message=f"head=3 not in {fresh_tab.url}")
    assert query(fresh_tab) == {"text": TEXT, "layer": "1", "head": "3"}
    fresh_tab.locator("[data-testid=stSidebar] summary").filter(has_text="Share this view").first.click()
    link = poll(lambda: fresh_tab.locator("[data-testid=stSidebar] [data-testid=stCode]").last.inner_text(),
                page=fresh_tab)
    assert link.startswith(server.base_url + "/attention?") and "head=3" in link, link
    sidebar_picture(fresh_tab, "share_link_box_en")
    nav_to(fresh_tab, "next_token")
    poll(lambda: query(fresh_tab) == {"text": TEXT}, page=fresh_tab, message=f"next_token's link: {fresh_tab.url}")


def test_bad_parameters_show_the_notice_in_english_and_chinese(fresh_tab, server):
    bad = {"text": TEXT, "layer": "nine", "head": "99", "zoom": "<script>alert(1)</script>"}
    open_url(fresh_tab, server.base_url, "attention", bad)
    notice = fresh_tab.locator("[data-testid=stAlert]").filter(has_text="Part of this link could not be used")
    notice.first.wait_for()
    text = notice.first.inner_text()
    assert "layer = “nine”: not a number" in text and "head = “99”: outside 0–3" in text, text
    wait_for_canvas(fresh_tab, r"^L0 H0 attention pattern")
    poll(lambda: set(query(fresh_tab)) == {"text"}, page=fresh_tab, message=f"bad values kept in {fresh_tab.url}")
    screenshot(fresh_tab, "share_notice_en")

    open_url(fresh_tab, server.base_url, "attention", {**bad, "lang": "zh"})
    notice = fresh_tab.locator("[data-testid=stAlert]").filter(has_text="这个链接中有部分内容无法使用")
    notice.first.wait_for()
    assert re.search(r"head = “99”：超出", notice.first.inner_text())
    assert fresh_tab.locator("h1").first.inner_text().strip().startswith("注意力")
    screenshot(fresh_tab, "share_notice_zh")
    fresh_tab.locator("[data-testid=stSidebar] summary").filter(has_text="分享此视图").first.click()
    sidebar_picture(fresh_tab, "share_link_box_zh")
