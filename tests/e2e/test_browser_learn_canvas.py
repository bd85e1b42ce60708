"""Canvas heatmaps on the Learn, Show the math and Tokenization pages in a real browser: Show the math takes a
click on a long text (no 64-token limit), its hover reads gpt_core's weight, the tour's head grid draws, and W_E
outlines the looked-up row."""
from __future__ import annotations

import re

import numpy as np

from e2e_helpers import (assert_no_exception, canvas_titles, canvas_values, click_canvas, goto, hover_canvas, poll,
                         set_sidebar_text, wait_for_canvas, wait_idle)

from explorer.i18n import CATALOGUES

EN = CATALOGUES["en"]


def test_show_math_takes_a_click_on_a_long_text(page, reference_models):
    import torch

    from explorer.analysis.text_prep import prepare_input
    from explorer.ui.state import DEFAULT_TEXT

    ckpt = reference_models["shakespeare_char"]
    goto(page, "show_math")
    text = (DEFAULT_TEXT + "\n") * 2  # over the 64 tokens plotly's click targets allowed
    set_sidebar_text(page, text)
    ids = prepare_input(ckpt.tokenizer, text, ckpt.config.block_size).ids
    T = len(ids)
    big = r"^L0 H0 attention pattern"
    poll(lambda: any(re.search(rf"{big}.*T={T}", t) for t in canvas_titles(page)), page=page,
         message=f"no T={T} pattern drawn: {canvas_titles(page)}")
    with torch.no_grad():
        _, cache = ckpt.model.run_with_cache(torch.tensor([ids]))
    pattern = cache["transformer.h.0.attn.hook_pattern"][0, 0].numpy()  # [T, T]
    i, j = T - 5, 3
    tip = hover_canvas(page, big, i, j)
    assert f"{pattern[i, j]:.3f}" in tip, tip
    click_canvas(page, big, i, j)
    inputs = page.locator("[data-testid=stNumberInput] input")
    poll(lambda: [inputs.nth(0).input_value(), inputs.nth(1).input_value()] == [str(i), str(j)], page=page,
         message="the click did not set query i and key j")
    assert_no_exception(page, "show_math after the click")


def test_the_tour_grid_and_the_embedding_table_draw(page, reference_models):
    ckpt = reference_models["shakespeare_char"]
    goto(page, "tour")
    for _ in range(8):  # Next to the "heads" step
        page.get_by_role("button", name=EN["tour.next"]).first.click()
        wait_idle(page)
    grid = canvas_values(page, "^" + re.escape(EN["tour.heads.chart"]))  # every head of the first two layers
    assert grid.shape[:2] == (2, ckpt.config.n_head) and np.nanmax(grid) <= 1.0
    goto(page, "tokenization")
    n = wait_for_canvas(page, r"^W_E = wte")
    table = canvas_values(page, r"^W_E = wte")
    np.testing.assert_allclose(table, ckpt.model.transformer.wte.weight.detach().numpy(), atol=1e-6)
    outlined = page.evaluate("(n) => document.querySelectorAll('.gx-canvas-chart')[n].__gx.spec.highlight_row", n)
    tip = hover_canvas(page, r"^W_E = wte", outlined, 0)
    assert tip.splitlines()[0].split(":", 1)[1].strip().startswith(str(outlined)), tip
