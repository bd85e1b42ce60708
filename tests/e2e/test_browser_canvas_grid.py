"""A 12 x 12 head grid in a real browser: a GPT-2-shaped model (12 layers, 12 heads; narrow, random, built with
transformers in a temp folder and found through GPT_EXPLORER_MODELS) draws all 144 heads on the canvas with
gpt_core's weights, names the head under the mouse and opens the head it is clicked on."""
from __future__ import annotations

import re
from urllib.parse import quote

import numpy as np
import pytest

from e2e_helpers import (SIDEBAR_TEXT, assert_no_exception, canvas_titles, canvas_values, click_canvas, hover_canvas,
                         poll, wait_idle)

pytest.importorskip("transformers")
from tiny_hf import _tokenizer_json  # noqa: E402

TEXT = "ROMEO: But soft, what light through yonder window breaks?"
GRID = r"^attention patterns \[L=12, nh=12"


@pytest.fixture(scope="module")
def wide_model(tmp_path_factory):
    import torch
    import transformers

    folder = tmp_path_factory.mktemp("e2e-grid") / "gpt2-12x12"
    torch.manual_seed(0)
    config = transformers.GPT2Config(n_layer=12, n_head=12, n_embd=48, n_positions=128, vocab_size=300)
    model = transformers.AutoModelForCausalLM.from_config(config)
    with torch.no_grad():
        for param in model.parameters():
            param.normal_(0.0, 0.3)  # far from init: every head's pattern differs
    model.save_pretrained(folder)
    (folder / "tokenizer.json").write_text(_tokenizer_json(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def grid_server(server_with_env, wide_model):
    return server_with_env({"GPT_EXPLORER_MODELS": str(wide_model.parent), "HF_HUB_OFFLINE": "1",
                            "HF_HUB_CACHE": str(wide_model.parent / "no-hf-cache")})


def reference_patterns(folder) -> np.ndarray:
    import torch

    from gpt_core.checkpoint import load_checkpoint

    ckpt = load_checkpoint(folder)
    ids = ckpt.tokenizer.encode(TEXT)
    with torch.no_grad():
        _, cache = ckpt.model.run_with_cache(torch.tensor([ids]))
    return cache.stack("attn.hook_pattern")[:, 0].numpy()  # [L, nh, T, T]


def test_the_144_head_grid_draws_gpt_cores_weights_and_opens_a_clicked_head(fresh_tab, grid_server, wide_model):
    tab = fresh_tab
    tab.goto(f"{grid_server.base_url}/attention?model={quote(f'path:{wide_model}', safe='')}")
    tab.wait_for_selector(SIDEBAR_TEXT)
    wait_idle(tab, start_grace_ms=0)
    box = tab.locator(SIDEBAR_TEXT)
    box.fill(TEXT)
    box.press("Control+Enter")
    wait_idle(tab)
    expected = reference_patterns(wide_model)
    T = expected.shape[-1]
    poll(lambda: canvas_values(tab, GRID).shape == expected.shape, page=tab,
         message=f"no 12 x 12 grid at T={T}: {canvas_titles(tab)}")
    shown = canvas_values(tab, GRID)
    lower = np.tril(np.ones((T, T), dtype=bool))
    assert np.abs(shown[..., lower] - expected[..., lower]).max() <= 0.5 / 252 + 1e-6  # one byte a cell
    assert np.isnan(shown[..., ~lower]).all()  # the masked future: grey, not zero
    # every block painted: the last head's diagonal cell is a colour of the scale, not the page's white
    n = canvas_titles(tab).index(next(t for t in canvas_titles(tab) if re.search(GRID, t)))
    painted = tab.locator(".gx-canvas-chart canvas").nth(n).evaluate("""c => {
        const g = c.parentElement.__gx.g, dpr = window.devicePixelRatio || 1;
        const x = (g.blockX(11) + 0.5 * g.cw) * dpr, y = (g.blockY(11) + 0.5 * g.ch) * dpr;
        return Array.from(c.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data); }""")
    assert painted[:3] != [255, 255, 255], painted
    tip = hover_canvas(tab, GRID, T - 1, 0, block=(11, 11))
    assert tip.startswith("L11 H11"), tip
    weight = float(re.search(r"≈(\d\.\d+)", tip).group(1))  # the grid's hover rounds to 2 decimals
    assert abs(weight - expected[11, 11, T - 1, 0]) <= 0.006, (tip, expected[11, 11, T - 1, 0])
    click_canvas(tab, GRID, T - 1, 1, block=(7, 5))
    poll(lambda: any(t.startswith("L7 H5 attention pattern") for t in canvas_titles(tab)), page=tab,
         message=f"clicking head L7 H5 did not open it: {canvas_titles(tab)}")
    big = canvas_values(tab, r"^L7 H5 attention pattern")
    np.testing.assert_allclose(big[lower], expected[7, 5][lower], atol=1e-6)
    assert_no_exception(tab, "attention with 144 heads")
