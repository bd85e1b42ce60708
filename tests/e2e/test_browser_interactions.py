"""Interactions in a real browser: choosing a head on the Attention page (buttons, and clicks on the grid and on
a cell), the Softmax page's controls, and a short training run on the Train page (the loss chart grows while it
runs, and Stop stops it)."""
from __future__ import annotations

import re

import numpy as np
import pytest

from e2e_helpers import (assert_no_exception, graph_titles, open_and_check_page, plotly_traces, poll, screenshot,
                         set_sidebar_text, sidebar_text, wait_for_graph, wait_idle)


@pytest.fixture(scope="module")
def default_patterns(reference_models):
    """gpt_core's attention patterns [L, nh, T, T] for the default sidebar text (the browser shows the same)."""
    import torch

    from explorer.ui.state import DEFAULT_TEXT
    from explorer.analysis.text_prep import prepare_input

    ckpt = reference_models["shakespeare_char"]
    ids = prepare_input(ckpt.tokenizer, DEFAULT_TEXT, ckpt.config.block_size).ids
    with torch.no_grad():
        _, cache = ckpt.model.run_with_cache(torch.tensor([ids]))
    return np.stack([cache[f"transformer.h.{layer}.attn.hook_pattern"][0].numpy()
                     for layer in range(ckpt.config.n_layer)])


def heatmap_z(page, title_pattern: str) -> np.ndarray:
    """The z matrix of the first heatmap trace of the graph whose title matches (null -> NaN)."""
    traces = plotly_traces(page, wait_for_graph(page, title_pattern)) or []
    z = next(t["z"] for t in traces if t["type"] == "heatmap" and t["z"] is not None)
    return np.array([[np.nan if v is None else v for v in row] for row in z], dtype=float)


def pick(page, group: str, option: str) -> None:
    """Click one option of a segmented control (a radiogroup labelled `group`)."""
    page.get_by_role("radiogroup", name=group).first.get_by_role("radio", name=option, exact=True).click()
    wait_idle(page)


def lower_triangle_close(shown: np.ndarray, expected: np.ndarray, atol: float = 2e-3) -> bool:
    keep = np.tril(np.ones_like(expected, dtype=bool))
    return shown.shape == expected.shape and np.allclose(shown[keep], expected[keep], atol=atol)


def test_choosing_a_head_redraws_the_large_pattern(page, default_patterns):
    open_and_check_page(page, "attention")
    screenshot(page, "attention")
    big = r"L0 H0 attention pattern"
    poll(lambda: lower_triangle_close(heatmap_z(page, big), default_patterns[0, 0]), page=page,
         message="the large heatmap is not gpt_core's L0 H0 pattern")
    before = heatmap_z(page, big)

    pick(page, "Head", "H2")
    after_title = r"L0 H2 attention pattern"
    poll(lambda: any(re.search(after_title, t) for t in graph_titles(page)), page=page,
         message=f"no graph titled /{after_title}/ after choosing H2: {graph_titles(page)}")
    after = heatmap_z(page, after_title)
    assert lower_triangle_close(after, default_patterns[0, 2]), "the large heatmap is not gpt_core's L0 H2 pattern"
    assert not lower_triangle_close(after, before), "choosing another head did not change the heatmap"
    assert_no_exception(page, "attention after choosing a head")


def click_graph_at(page, title_pattern: str, x: float, y: float) -> None:
    """Click the point of a drawn graph at data coordinates (x, y), converted with plotly's own axes."""
    graph = page.locator(".js-plotly-plot").nth(wait_for_graph(page, title_pattern))
    graph.scroll_into_view_if_needed()
    left, top = graph.evaluate("""(g, [x, y]) => {
        const xa = g._fullLayout.xaxis, ya = g._fullLayout.yaxis, box = g.getBoundingClientRect();
        return [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)]; }""", [x, y])
    page.mouse.click(left, top)
    wait_idle(page)


def test_clicking_a_head_in_the_grid_and_a_cell_in_the_large_map(page):
    from explorer.analysis.attention import CLICKABLE_MAX_T
    from explorer.ui.state import DEFAULT_TEXT

    open_and_check_page(page, "attention")
    # the default text is short enough for a click target per cell: no sliders stand in for the clicks
    assert sidebar_text(page) == DEFAULT_TEXT and len(DEFAULT_TEXT) <= CLICKABLE_MAX_T
    assert page.get_by_role("slider").count() == 0
    grid = r"attention patterns \[L="
    # the click target of layer 1, head 2: the grid's scatter point whose customdata is [1, 2]
    target = next((x, y) for trace in plotly_traces(page, wait_for_graph(page, grid)) if trace["type"] == "scatter"
                  for x, y, c in zip(trace["x"], trace["y"], trace["customdata"]) if list(c) == [1, 2])
    click_graph_at(page, grid, *target)
    poll(lambda: any(re.search(r"^L1 H2 attention pattern", t) for t in graph_titles(page)), page=page,
         message=f"clicking head L1 H2 in the grid did not open it: {graph_titles(page)}")
    click_graph_at(page, r"^L1 H2 attention pattern", 3, 10)  # key j = 3, query i = 10
    poll(lambda: any("(10) → key" in t and "(3)" in t for t in
                     page.locator("[data-testid=stMarkdownContainer]").all_inner_texts()), page=page,
         message="clicking cell (10, 3) did not show its arithmetic")
    assert_no_exception(page, "attention after the clicks")


def test_long_texts_choose_the_cell_with_sliders(page):
    """Over CLICKABLE_MAX_T tokens the large map has no click targets; two sliders choose the cell instead."""
    from explorer.ui.state import DEFAULT_TEXT

    open_and_check_page(page, "attention")
    text = (DEFAULT_TEXT + "\n") * 2  # 122 tokens
    T = len(text)
    set_sidebar_text(page, text)
    big = r"^L0 H0 attention pattern"
    poll(lambda: any(re.search(rf"{big}.*T={T}", t) for t in graph_titles(page)), page=page,
         message=f"no T={T} pattern drawn: {graph_titles(page)}")
    assert [t["type"] for t in plotly_traces(page, wait_for_graph(page, big))] == ["heatmap"]
    query, key = page.get_by_role("slider").nth(0), page.get_by_role("slider").nth(1)
    markdown = lambda: page.locator("[data-testid=stMarkdownContainer]").all_inner_texts()  # noqa: E731
    poll(lambda: any(f"({T - 1}) → key" in m and f"({T - 1})" in m.split("→")[1] for m in markdown()), page=page,
         message="the sliders do not start on the last cell")
    key.focus()
    key.press("Home")  # key j = 0
    wait_idle(page)
    for _ in range(3):
        query.focus()
        query.press("ArrowLeft")  # query i = T - 4
        wait_idle(page)
    poll(lambda: any(f"({T - 4}) → key" in m and "(0)" in m for m in markdown()), page=page,
         message=f"moving the sliders did not show cell ({T - 4}, 0): {[m for m in markdown() if '→ key' in m]}")
    assert_no_exception(page, "attention after the sliders")


def test_softmax_page_controls_change_the_figures(page, reference_models):
    cfg = reference_models["shakespeare_char"].config
    open_and_check_page(page, "softmax_mask")
    screenshot(page, "softmax_mask")
    raw = heatmap_z(page, r"L0 H0 q·kᵀ .*unscaled")
    scaled = heatmap_z(page, r"L0 H0 scores = ")
    pattern_on = heatmap_z(page, r"L0 H0 softmax\(masked scores\)")
    finite = np.isfinite(raw) & np.isfinite(scaled) & (np.abs(raw) > 1e-3)
    factor = np.median(scaled[finite] / raw[finite])
    assert factor == pytest.approx(1 / np.sqrt(cfg.n_embd // cfg.n_head), rel=1e-2), "scores != q·kᵀ / sqrt(d_k)"

    # switch the 1/sqrt(d_k) scale off: the scores become the raw dot products, the softmax sharpens
    page.locator("[data-testid=stCheckbox]").filter(has=page.get_by_role("switch", name=re.compile("Scale"))) \
        .locator("label").first.click()
    wait_idle(page)
    poll(lambda: any(re.search(r"L0 H0 scores = .*× 1 \[", t) for t in graph_titles(page)), page=page,
         message=f"the scores chart did not switch to an unscaled factor: {graph_titles(page)}")
    unscaled = heatmap_z(page, r"L0 H0 scores = ")
    assert np.allclose(unscaled[~np.isnan(unscaled)], raw[~np.isnan(raw)], rtol=1e-3, atol=1e-3)
    pattern_off = heatmap_z(page, r"L0 H0 softmax\(masked scores\)")
    assert not np.allclose(np.nan_to_num(pattern_off), np.nan_to_num(pattern_on), atol=1e-3)
    sharper = np.nanmax(pattern_off, axis=1).mean() > np.nanmax(pattern_on, axis=1).mean()
    assert sharper, "without the scale the rows should be peakier (larger max weight per row)"

    assert_no_exception(page, "softmax_mask after the controls")


def loss_points(page) -> int:
    """How many points the training-loss chart draws (all traces), 0 while it is absent."""
    titles = graph_titles(page)
    index = next((n for n, t in enumerate(titles) if re.search(r"loss of ", t)), None)
    if index is None:
        return 0
    return sum(len(t["x"] or []) for t in plotly_traces(page, index) or [] if t["type"] == "scatter")


def test_a_short_training_run_grows_the_loss_chart_and_stops(page):
    open_and_check_page(page, "train")
    steps = page.get_by_label("steps", exact=True)
    steps.fill("20000")  # far more than the test waits for: it must be the Stop button that ends the run
    steps.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Start training").click()
    # while the run_every fragment polls, the app is never idle for long: wait for visible text instead
    page.get_by_text("Training…").first.wait_for()
    first = poll(lambda: loss_points(page), timeout_s=90, page=page, message="no loss chart appeared")
    poll(lambda: loss_points(page) > first, timeout_s=90, page=page,
         message=f"the loss chart did not grow past {first} points while training")
    assert "job=" in page.url, "the run's token is not in the URL (a reload could not re-attach)"

    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_text("Stopped").first.wait_for(timeout=60_000)
    wait_idle(page)
    assert_no_exception(page, "train after stopping")
    grown = loss_points(page)
    page.wait_for_timeout(1500)  # a stopped run must not keep adding points (the view polls every second)
    assert loss_points(page) == grown, "the chart kept growing after Stop"
    assert sidebar_text(page), "the sidebar lost its text"
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "train")  # the page with a run in it: status, loss chart
