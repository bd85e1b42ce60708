"""Browser helpers shared by the tests/e2e tests (no fixtures here: those are in conftest.py)."""
from __future__ import annotations

import base64
import os
import re
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from explorer.ui.frame import page_names

REPO = Path(__file__).resolve().parents[2]
# Where the browser tests write their pictures: never over tracked files. `python tests/e2e/copy_screenshots.py`
# copies them into assets/screenshots (the README's pictures) when someone decides they should be published.
SCREENSHOTS = Path(os.environ.get("GPT_EXPLORER_SCREENSHOTS", REPO / ".e2e-output" / "screenshots"))
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
RUNNING = "[data-testid=stApp][data-test-script-state=running]"
SIDEBAR_TEXT = "[data-testid=stSidebar] textarea"


def app_pages() -> list[str]:
    """URL paths of the pages app.py registers (Streamlit names a page's URL after its file's stem)."""
    return page_names()


def health(base_url: str) -> str:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=3) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_idle(page, start_grace_ms: int = 600) -> None:
    """Wait for the current script run to finish (give a just-triggered rerun a moment to begin first)."""
    if start_grace_ms > 0:  # (a Playwright timeout of 0 means "wait forever")
        try:
            page.wait_for_selector(RUNNING, timeout=start_grace_ms)
        except Exception:  # the run was quicker than the grace period, or nothing reran
            pass
    page.wait_for_selector(IDLE)


def goto(page, path: str = "") -> None:
    """Open a page URL (a new Streamlit session) and wait until the frame and the page have rendered."""
    page.goto(f"{page.base_url}/{'' if path == default_page() else path}")  # the default page lives at "/"
    page.wait_for_selector(SIDEBAR_TEXT)  # a run through app.py has drawn the frame (not a bare legacy page) ...
    wait_idle(page, start_grace_ms=0)  # ... and has finished the page


def default_page() -> str:
    """The app's default page (the first of explorer.ui.frame.PAGES): Streamlit serves it at "/", not under its name."""
    return page_names()[0]


def nav_to(page, path: str) -> None:
    """Click the sidebar link to a page (same browser session, so session state is kept)."""
    url_path = "" if path == default_page() else path
    page.locator(f"[data-testid=stSidebarNav] a[href='{page.base_url}/{url_path}']").first.click()
    page.wait_for_url(re.compile(rf"{re.escape(page.base_url)}/{url_path}(\?.*)?$"))
    wait_idle(page)


def assert_no_exception(page, where: str = "") -> None:
    """No Streamlit exception block, and no "Page not found" dialog (a URL that app.py does not serve)."""
    if page.get_by_text("Page not found").count():
        pytest.fail(f"Streamlit says 'Page not found' at {page.url}", pytrace=False)
    blocks = page.locator("[data-testid=stException]")
    if blocks.count():
        pytest.fail(f"Streamlit exception on {where or page.url}:\n" + "\n---\n".join(blocks.all_inner_texts()),
                    pytrace=False)


CHARTS = ".js-plotly-plot, .gx-canvas-chart[data-drawn], .gx-svg-chart svg"  # plotly, canvas and SVG pictures


def chart_count(page) -> int:
    return page.locator(CHARTS).count()


def wait_charts(page, minimum: int = 1) -> int:
    """Wait until at least `minimum` charts (plotly or canvas) are drawn; returns how many there are."""
    page.wait_for_function(f"document.querySelectorAll('{CHARTS}').length >= {minimum}")
    return chart_count(page)


_TRACES_JS = """([selector, i]) => {
    const conv = v => v == null ? null : ArrayBuffer.isView(v) ? Array.from(v)
                    : Array.isArray(v) ? v.map(conv) : v;
    const graph = Array.from(document.querySelectorAll(selector))[i];
    if (!graph || !graph.data) return null;
    return graph.data.map(t => ({type: t.type || 'scatter', name: t.name ?? null, orientation: t.orientation ?? null,
                                 x: conv(t.x), y: conv(t.y), z: conv(t.z), text: conv(t.text),
                                 customdata: conv(t.customdata), visible: t.visible ?? true}));
}"""


def _decode(value):
    """plotly may ship numeric arrays as {dtype, bdata[, shape]} (base64); turn those into lists."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if value.get("shape"):
            arr = arr.reshape([int(n) for n in str(value["shape"]).split(",")])
        return arr.tolist()
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def plotly_traces(page, graph_index: int = 0, selector: str = ".js-plotly-plot") -> list[dict] | None:
    """The data plotly draws in one graph div: per trace its type, name, x, y, z, text, customdata."""
    traces = page.evaluate(_TRACES_JS, [selector, graph_index])
    if traces is None:
        return None
    return [{k: _decode(v) for k, v in t.items()} for t in traces]


def graph_titles(page) -> list[str]:
    """Each drawn graph's title text, in document order ('' where it has none)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(g => {
               const t = g.layout && g.layout.title; return String((t && (t.text ?? t)) || ''); })""")


def graph_index(page, title_pattern: str) -> int:
    """Index of the first drawn graph whose title matches the regex; fails with the titles it saw."""
    titles = graph_titles(page)
    for n, title in enumerate(titles):
        if re.search(title_pattern, title):
            return n
    pytest.fail(f"no chart titled /{title_pattern}/ on {page.url}; titles: {titles}", pytrace=False)


def _wait_for_title(page, titles_of, title_pattern: str, what: str, timeout_s: float) -> int:
    """Index of the first title (titles_of(page), polled) that matches the regex; fails with the titles it saw."""
    deadline = time.monotonic() + timeout_s
    while True:
        titles = titles_of(page)
        for n, title in enumerate(titles):
            if re.search(title_pattern, title):
                return n
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} titled /{title_pattern}/ appeared on {page.url}; titles: {titles}", pytrace=False)
        page.wait_for_timeout(250)


def wait_for_graph(page, title_pattern: str, timeout_s: float = 90) -> int:
    return _wait_for_title(page, graph_titles, title_pattern, "chart", timeout_s)


def poll(fn, timeout_s: float = 60, interval_ms: int = 250, page=None, message: str = ""):
    """Call fn until it returns something truthy (rerun results arrive asynchronously); returns that value."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(message or "condition not met in time", pytrace=False)
        if page is not None:
            page.wait_for_timeout(interval_ms)
        else:
            time.sleep(interval_ms / 1000)


def set_sidebar_text(page, text: str) -> None:
    """Replace the shared input text and commit it (a text_area sends its value on Ctrl+Enter)."""
    box = page.locator(SIDEBAR_TEXT).first
    box.fill(text)
    box.press("Control+Enter")
    wait_idle(page)


def sidebar_text(page) -> str:
    return page.locator(SIDEBAR_TEXT).first.input_value()


def choose_model(page, label_part: str) -> None:
    """Pick a model in the sidebar's Active model selectbox by (part of) its visible label."""
    wait_idle(page, start_grace_ms=0)
    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first
    box.scroll_into_view_if_needed()  # the picker sits below the expanded page list
    option = page.locator("[role=option]").filter(has_text=label_part).first
    for _ in range(5):  # a click that lands while the sidebar re-renders leaves the list shut: open it again
        box.click()
        try:
            option.wait_for(state="visible", timeout=3_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    option.click()
    wait_idle(page)


def selected_model(page) -> str:
    """The label the sidebar's Active model box shows (a combobox input holds it)."""
    return page.locator("[data-testid=stSidebar] [data-testid=stSelectbox] input").first.input_value()


def token_chip_ids(page) -> list[int]:
    """Ids of the token chips in the first chip block (the Tokenization page's "your text as tokens")."""
    return page.evaluate("""() => {
        const block = Array.from(document.querySelectorAll('[data-testid=stHtml]'))
                          .find(b => b.querySelector('.tok'));
        if (!block) return [];
        return Array.from(block.querySelectorAll('.tok-token, .tok-replaced'))
                    .map(c => parseInt((c.getAttribute('title').match(/id (\\d+)/) || [])[1]));
    }""")


# Pages that must draw at least this many charts (plotly or canvas) for the default model and text.
MIN_CHARTS = {"overview": 2, "tokenization": 3, "embeddings": 2, "attention": 2, "softmax_mask": 6, "next_token": 3,
              "attribution": 1, "labs": 1, "what_if": 1, "show_math": 1}


def open_and_check_page(page, path: str) -> int:
    """Open a page, check it rendered inside the frame with no exception and its charts; returns the chart count."""
    goto(page, path)
    assert_no_exception(page, path)
    assert page.locator("h1").count() >= 1, f"{path}: no title"
    minimum = MIN_CHARTS.get(path, 0)
    if minimum:
        wait_charts(page, minimum)
    page.wait_for_timeout(300)  # let plotly finish laying out (and a screenshot see it)
    assert_no_exception(page, path)
    n = chart_count(page)
    assert n >= minimum, f"{path}: {n} charts drawn, expected at least {minimum}"
    return n


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.mouse.move(0, 0)  # no hover tooltip in the picture
    page.screenshot(path=str(path), full_page=False, animations="disabled")
    return path


def reference_next_token(ckpt, text: str, k: int, unknown: str = "skip") -> tuple[list[int], list[float]]:
    """gpt_core's own answer for the sidebar text: ids the model sees and the top-k next-token probabilities."""
    import torch

    from explorer.analysis.text_prep import prepare_input

    prepared = prepare_input(ckpt.tokenizer, text, ckpt.config.block_size, unknown)
    with torch.no_grad():
        logits, _ = ckpt.model(torch.tensor([prepared.ids]))  # [1, T, V]
    last = logits[0, -1]  # [V]
    probs = torch.softmax(last.float(), dim=-1)
    return list(prepared.ids), sorted(probs.tolist(), reverse=True)[:k]


# ---- canvas heatmaps (explorer/ui/canvas_chart.js keeps its state on the element: spec, values, geometry) -------

def canvas_titles(page) -> list[str]:
    """Each drawn canvas chart's title, in document order ('' while one has not drawn yet)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.gx-canvas-chart'))
                              .map(c => (c.__gx && c.__gx.spec && c.__gx.spec.title) || '')""")


def wait_for_canvas(page, title_pattern: str, timeout_s: float = 90) -> int:
    """Index (among the canvas charts) of the first drawn one whose title matches the regex."""
    return _wait_for_title(page, canvas_titles, title_pattern, "canvas", timeout_s)


def canvas_values(page, title_pattern: str) -> np.ndarray:
    """What the browser decoded and drew: [R, C] for one matrix, [rows, cols, R, C] for a grid."""
    n = wait_for_canvas(page, title_pattern)
    grid, block, flat = page.evaluate("""(n) => { const s = document.querySelectorAll('.gx-canvas-chart')[n].__gx;
        return [s.spec.grid, s.spec.block, Array.from(s.values, v => Number.isNaN(v) ? null : v)]; }""", n)
    values = np.array([np.nan if v is None else v for v in flat], dtype=float).reshape(*grid, *block)
    return values[0, 0] if grid == [1, 1] else values


def canvas_point(page, title_pattern: str, i: int, j: int, block: tuple[int, int] = (0, 0)) -> tuple[float, float]:
    """Page coordinates of the centre of cell (i, j) of a block, from the chart's own geometry."""
    n = wait_for_canvas(page, title_pattern)
    chart = page.locator(".gx-canvas-chart canvas").nth(n)
    chart.scroll_into_view_if_needed()
    # A tall chart (GPT-2's grid is ~1,200 px) is scrolled until the cell itself is on screen: the mouse is real.
    return chart.evaluate("""(c, [br, bc, i, j]) => {
        const g = c.parentElement.__gx.g;
        let box = c.getBoundingClientRect();
        const y = box.top + g.blockY(br) + (i + 0.5) * g.ch;
        if (y < 10 || y > window.innerHeight - 10) {
          let el = c.parentElement;
          while (el && !(el.scrollHeight > el.clientHeight && /(auto|scroll)/.test(getComputedStyle(el).overflowY)))
            el = el.parentElement;
          (el || document.scrollingElement).scrollBy(0, y - window.innerHeight / 2);
          box = c.getBoundingClientRect();
        }
        return [box.left + g.blockX(bc) + (j + 0.5) * g.cw, box.top + g.blockY(br) + (i + 0.5) * g.ch]; }""",
                          [block[0], block[1], i, j])


def hover_canvas(page, title_pattern: str, i: int, j: int, block: tuple[int, int] = (0, 0)) -> str:
    """Move the mouse over a cell; returns the tooltip's text."""
    x, y = canvas_point(page, title_pattern, i, j, block)
    page.mouse.move(x, y)
    n = wait_for_canvas(page, title_pattern)
    tip = page.locator(".gx-canvas-chart .gx-tip").nth(n)
    tip.wait_for(state="visible")
    return tip.inner_text()


def click_canvas(page, title_pattern: str, i: int, j: int, block: tuple[int, int] = (0, 0)) -> None:
    x, y = canvas_point(page, title_pattern, i, j, block)
    page.mouse.click(x, y)
    wait_idle(page)
