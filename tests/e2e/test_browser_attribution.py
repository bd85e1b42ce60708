"""The "Why this prediction?" page in a real browser, in English and 简体中文: each of its three tools renders with
no exception block (patching after its button), with pictures of each in the screenshot folder; in English a click
on a head's bar opens that head on the Attention page."""
from __future__ import annotations

import re

import pytest

from e2e_helpers import SCREENSHOTS, assert_no_exception, goto, wait_charts, wait_for_canvas, wait_for_graph, wait_idle
from explorer.i18n import t

PAGE = "attribution"
CJK = re.compile(r"[\u4e00-\u9fff]")


def full_screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls its main area itself, so the window is made as tall as the page first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)  # no hover tooltip in the picture
    height = page.evaluate("() => document.querySelector('[data-testid=stMain] [data-testid=stMainBlockContainer]')"
                           "?.scrollHeight || 900")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 120, 6000)})
    page.wait_for_timeout(500)  # plotly redraws at the new size
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False, animations="disabled")
    page.set_viewport_size({"width": 1400, "height": 900})


def pick_tool(page, lang: str, name: str) -> None:
    words = t(f"attribution.tab.{name}", lang=lang).split(" ", 1)[1]  # the emoji is drawn apart from the words
    page.locator("[data-testid=stMain] button").filter(has_text=words).first.click()
    wait_idle(page)


@pytest.mark.parametrize("lang,label", [("en", "English"), ("zh", "简体中文")])
def test_every_tool_renders_in_both_languages(page, lang, label):
    goto(page, PAGE)
    if lang != "en":
        page.locator("[data-testid=stSidebar]").get_by_text(label, exact=True).click()
        wait_idle(page)
        page.wait_for_function("() => document.querySelector('h1') && /[\\u4e00-\\u9fff]/.test("
                               "document.querySelector('h1').innerText)")
    assert page.locator("h1").first.inner_text().strip() == t("attribution.title", lang=lang)
    wait_charts(page, 1)
    assert_no_exception(page, f"{PAGE} ({lang}, attribution)")
    full_screenshot(page, f"attribution_dla_{lang}")

    pick_tool(page, lang, "patching")
    run = page.locator("[data-testid=stMain] button").filter(has_text=re.compile(
        re.escape(t("attribution.patch.run", lang=lang, runs=0).split("(")[0].split("（")[0].strip())))
    run.first.click()
    wait_idle(page)
    for title in ("resid_title", "head_title", "mlp_title"):
        prefix = t(f"attribution.patch.{title}", lang=lang, L=0, T=0, nh=0).split("[")[0].strip()
        wait_for_graph(page, re.escape(prefix), timeout_s=120)
    assert_no_exception(page, f"{PAGE} ({lang}, patching)")
    full_screenshot(page, f"attribution_patching_{lang}")

    pick_tool(page, lang, "neurons")
    wait_for_graph(page, re.escape(t("attribution.neurons.bars_title", lang=lang, k=5, L=0, H=0).split(":")[0]
                                   .split("：")[0]))
    wait_charts(page, 3)
    assert_no_exception(page, f"{PAGE} ({lang}, neurons)")
    assert page.locator(".act-tok").count() > 10  # the text as shaded tokens
    full_screenshot(page, f"attribution_neurons_{lang}")
    if lang == "zh":
        assert CJK.search(page.locator("[data-testid=stMain]").inner_text())


def test_a_click_on_a_head_bar_opens_the_attention_page(page):
    goto(page, PAGE)
    wait_charts(page, 1)
    graph = page.locator(".js-plotly-plot").first
    heads = graph.locator("g.trace.bars").filter(has=page.locator("path")).nth(2)  # embed, pos_embed, heads, ...
    heads.locator("path").first.click(force=True)
    page.wait_for_url(re.compile(r"/attention(\?.*)?$"), timeout=90_000)
    wait_idle(page)
    wait_for_canvas(page, r"^L\d+ H\d+ attention pattern")
    assert_no_exception(page, "attention after a click on a head's bar")
