"""Interactions in a real browser: choosing a head on the Attention page (buttons, and clicks on the grid and on
a cell), the Softmax page's controls, and a short training run on the Train page (the loss chart grows while it
runs, and Stop stops it)."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

from e2e_helpers import (assert_no_exception, canvas_titles, canvas_values, click_canvas, graph_titles, hover_canvas,
                         open_and_check_page, plotly_traces, poll, screenshot, set_sidebar_text, sidebar_text,
                         wait_for_canvas, wait_idle)


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
    poll(lambda: lower_triangle_close(canvas_values(page, big), default_patterns[0, 0]), page=page,
         message="the large heatmap is not gpt_core's L0 H0 pattern")
    before = canvas_values(page, big)

    pick(page, "Head", "H2")
    after_title = r"L0 H2 attention pattern"
    poll(lambda: any(re.search(after_title, t) for t in canvas_titles(page)), page=page,
         message=f"no chart titled /{after_title}/ after choosing H2: {canvas_titles(page)}")
    after = canvas_values(page, after_title)
    assert lower_triangle_close(after, default_patterns[0, 2]), "the large heatmap is not gpt_core's L0 H2 pattern"
    assert not lower_triangle_close(after, before), "choosing another head did not change the heatmap"
    assert_no_exception(page, "attention after choosing a head")


def test_hover_names_the_tokens_and_gpt_cores_weight(page, default_patterns):
    from explorer.ui.state import DEFAULT_TEXT
    from gpt_core.tokenizers import token_label

    open_and_check_page(page, "attention")
    i, j = 10, 3
    tip = hover_canvas(page, r"^L0 H0 attention pattern", i, j)
    weight = default_patterns[0, 0, i, j]
    shown = [json.dumps(token_label(DEFAULT_TEXT[n]), ensure_ascii=False) for n in (i, j)]  # whitespace made visible
    assert f"{i} {shown[0]}" in tip and f"{j} {shown[1]}" in tip, tip
    assert re.search(rf"weight: {weight:.3f}|weight: {weight - 5e-4:.3f}|weight: {weight + 5e-4:.3f}", tip), (tip, weight)
    future = hover_canvas(page, r"^L0 H0 attention pattern", 2, 5)
    assert "masked" in future, future
    # the grid rounds to one byte a cell and says so
    grid_tip = hover_canvas(page, r"^attention patterns \[L=", i, j, block=(1, 2))
    assert "L1 H2" in grid_tip and "≈" in grid_tip, grid_tip
    shown = float(re.search(r"≈(\d\.\d+)", grid_tip).group(1))
    assert abs(shown - default_patterns[1, 2, i, j]) <= 0.006, (shown, default_patterns[1, 2, i, j])


def test_clicking_a_head_in_the_grid_and_a_cell_in_the_large_map(page):
    open_and_check_page(page, "attention")
    assert page.get_by_role("slider").count() == 0  # a click (or the keyboard) chooses the cell at any length
    click_canvas(page, r"^attention patterns \[L=", 5, 5, block=(1, 2))
    poll(lambda: any(re.search(r"^L1 H2 attention pattern", t) for t in canvas_titles(page)), page=page,
         message=f"clicking head L1 H2 in the grid did not open it: {canvas_titles(page)}")
    click_canvas(page, r"^L1 H2 attention pattern", 10, 3)  # query i = 10, key j = 3
    markdown = lambda: page.locator("[data-testid=stMarkdownContainer]").all_inner_texts()  # noqa: E731
    poll(lambda: any("(10) → key" in t and "(3)" in t for t in markdown()), page=page,
         message="clicking cell (10, 3) did not show its arithmetic")
    # the keyboard: focus the map, move the cursor with the arrows, Enter selects
    n = wait_for_canvas(page, r"^L1 H2 attention pattern")
    chart = page.locator(".gx-canvas-chart canvas").nth(n)
    chart.focus()
    for key in ("ArrowDown", "ArrowDown", "ArrowRight", "Enter"):  # from (0, 0): (2, 1)
        chart.press(key)
    wait_idle(page)
    poll(lambda: any("(2) → key" in t and "(1)" in t for t in markdown()), page=page,
         message=f"the keyboard did not choose cell (2, 1): {[m for m in markdown() if '→ key' in m]}")
    assert_no_exception(page, "attention after the clicks")


def test_long_texts_take_clicks_too(page):
    """122 tokens: still one click per cell, on the canvas."""
    from explorer.ui.state import DEFAULT_TEXT

    open_and_check_page(page, "attention")
    text = (DEFAULT_TEXT + "\n") * 2  # 122 tokens
    T = len(text)
    set_sidebar_text(page, text)
    big = r"^L0 H0 attention pattern"
    poll(lambda: any(re.search(rf"{big}.*T={T}", t) for t in canvas_titles(page)), page=page,
         message=f"no T={T} pattern drawn: {canvas_titles(page)}")
    click_canvas(page, big, T - 4, 0)
    markdown = lambda: page.locator("[data-testid=stMarkdownContainer]").all_inner_texts()  # noqa: E731
    poll(lambda: any(f"({T - 4}) → key" in m and "(0)" in m for m in markdown()), page=page,
         message=f"clicking did not show cell ({T - 4}, 0): {[m for m in markdown() if '→ key' in m]}")
    assert_no_exception(page, "attention on a long text")


def test_softmax_page_controls_change_the_figures(page, reference_models):
    cfg = reference_models["shakespeare_char"].config
    open_and_check_page(page, "softmax_mask")
    screenshot(page, "softmax_mask")
    raw = canvas_values(page, r"L0 H0 q·kᵀ .*unscaled")
    scaled = canvas_values(page, r"L0 H0 scores = ")
    pattern_on = canvas_values(page, r"L0 H0 softmax\(masked scores\)")
    finite = np.isfinite(raw) & np.isfinite(scaled) & (np.abs(raw) > 1e-3)
    factor = np.median(scaled[finite] / raw[finite])
    assert factor == pytest.approx(1 / np.sqrt(cfg.n_embd // cfg.n_head), rel=1e-2), "scores != q·kᵀ / sqrt(d_k)"

    # switch the 1/sqrt(d_k) scale off: the scores become the raw dot products, the softmax sharpens
    page.locator("[data-testid=stCheckbox]").filter(has=page.get_by_role("switch", name=re.compile("Scale"))) \
        .locator("label").first.click()
    wait_idle(page)
    poll(lambda: any(re.search(r"L0 H0 scores = .*× 1 \[", t) for t in canvas_titles(page)), page=page,
         message=f"the scores chart did not switch to an unscaled factor: {canvas_titles(page)}")
    unscaled = canvas_values(page, r"L0 H0 scores = ")
    assert np.allclose(unscaled[~np.isnan(unscaled)], raw[~np.isnan(raw)], rtol=1e-3, atol=1e-3)
    pattern_off = canvas_values(page, r"L0 H0 softmax\(masked scores\)")
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
