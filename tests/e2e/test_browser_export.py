"""Export in a real browser: a chart's toolbar camera button saves a PNG or, after the sidebar says so, an SVG
(drawn by the browser); the button under it saves the chart's numbers; the sidebar saves the model as a
checkpoint that loads back to the same logits."""
from __future__ import annotations

import json

import torch

from e2e_helpers import SCREENSHOTS, goto, poll, wait_for_canvas, wait_for_graph, wait_idle

GRAPH = ".js-plotly-plot"


def open_export(tab) -> None:
    tab.locator("[data-testid=stSidebar] summary").filter(has_text="Export").first.click()
    tab.get_by_role("radiogroup", name="Chart pictures as").first.wait_for()


def camera_download(tab, graph_index: int):
    """Click the camera button of one chart's toolbar (it shows on hover); returns the Download."""
    graph = tab.locator(GRAPH).nth(graph_index)
    graph.scroll_into_view_if_needed()
    graph.hover()
    button = graph.locator(".modebar-btn[data-title^='Download plot']")
    poll(lambda: button.count() > 0, page=tab, message="no camera button in the chart's toolbar")
    with tab.expect_download() as info:
        button.first.click()
    return info.value


def test_chart_pictures_download_as_png_then_svg(fresh_tab, server):
    fresh_tab.base_url = server.base_url
    goto(fresh_tab, "attention")
    # a canvas heatmap: its own PNG button
    n = wait_for_canvas(fresh_tab, r"^L0 H0 attention pattern")
    chart = fresh_tab.locator(".gx-canvas-chart").nth(n)
    chart.scroll_into_view_if_needed()
    chart.hover()
    with fresh_tab.expect_download() as info:
        chart.locator(".gx-png").click()
    assert info.value.suggested_filename == "attention_L0_H0.png"
    assert open(info.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    # a plotly chart: the toolbar's camera, PNG and then, after the sidebar says so, SVG
    n = wait_for_graph(fresh_tab, r"^previous-token per head")
    png = camera_download(fresh_tab, n)
    assert png.suggested_filename == "attention_head_summary.png", png.suggested_filename
    assert open(png.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"

    open_export(fresh_tab)
    fresh_tab.get_by_role("radiogroup", name="Chart pictures as").first.get_by_text("SVG", exact=True).click()
    wait_idle(fresh_tab)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    fresh_tab.locator("[data-testid=stSidebar]").screenshot(path=str(SCREENSHOTS / "export_sidebar_en.png"))
    n = wait_for_graph(fresh_tab, r"^previous-token per head")
    svg = camera_download(fresh_tab, n)
    assert svg.suggested_filename.endswith(".svg")
    head = open(svg.path(), "rb").read(300).decode("utf-8", "replace")
    assert head.lstrip().startswith("<svg"), head


def test_chart_numbers_and_the_model_download_as_files(fresh_tab, server, reference_models):
    from gpt_core.checkpoint import load_checkpoint_bytes

    fresh_tab.base_url = server.base_url
    goto(fresh_tab, "attention")
    wait_for_canvas(fresh_tab, r"^L0 H0 attention pattern")
    with fresh_tab.expect_download() as info:
        fresh_tab.get_by_role("button", name="Download data (JSON)").nth(1).click()  # the large pattern's
    data = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert info.value.suggested_filename == "attention_L0_H0.json" and (data["layer"], data["head"]) == (0, 0)

    open_export(fresh_tab)
    with fresh_tab.expect_download() as info:
        fresh_tab.locator("[data-testid=stSidebar]").get_by_role("button", name="Download this model").click()
    assert info.value.suggested_filename == "shakespeare_char.safetensors"
    ckpt = load_checkpoint_bytes(open(info.value.path(), "rb").read())
    shipped = reference_models["shakespeare_char"]
    ids = torch.tensor([shipped.tokenizer.encode("To be, or not")])
    with torch.no_grad():
        assert torch.equal(ckpt.model(ids)[0], shipped.model(ids)[0])


def test_the_export_section_in_chinese(fresh_tab, server):
    fresh_tab.base_url = server.base_url
    fresh_tab.goto(f"{server.base_url}/attention?lang=zh")
    fresh_tab.wait_for_selector("[data-testid=stSidebar] textarea")
    wait_idle(fresh_tab, start_grace_ms=0)
    fresh_tab.locator("[data-testid=stSidebar] summary").filter(has_text="导出").first.click()
    fresh_tab.get_by_role("radiogroup", name="图表图片格式").first.wait_for()
    fresh_tab.locator("[data-testid=stSidebar]").get_by_role("button", name="下载此模型").wait_for()
    fresh_tab.locator("[data-testid=stSidebar]").screenshot(path=str(SCREENSHOTS / "export_sidebar_zh.png"))
