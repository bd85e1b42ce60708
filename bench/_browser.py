"""Browser-side timing for the app benchmarks: page list, an in-page MutationObserver, and the edit loop.

Times are taken in the browser's own clock (performance.now()): t0 just before the key press that
commits the sidebar text, the end when the script state is back to notRunning and the last plotly
chart has stopped changing. The quiet period used to decide "stopped changing" is not counted.
"""
from __future__ import annotations


from _common import APP_IDLE

from explorer.ui.frame import page_names

SIDEBAR_TEXT = "[data-testid=stSidebar] textarea"
# The brief's six "explore" pages; --pages all is every page app.py registers.
DEFAULT_PAGES = ["overview", "tokenization", "embeddings", "attention", "softmax_mask", "next_token"]
WORDS = ["alas", "good", "night", "sweet", "prince", "and", "flights", "of", "angels", "sing", "thee", "to", "thy",
         "rest", "why", "does", "the", "drum", "come", "hither", "what", "is", "a", "man", "if"]

OBSERVER_JS = """() => {
  if (window.__bench) return true;
  const b = window.__bench = {states: [], lastPlotMut: 0, lastMut: 0};
  const app = document.querySelector('[data-testid=stApp]');
  b.states.push([performance.now(), app ? app.getAttribute('data-test-script-state') : null]);
  // Cheap per record: a chart redraw makes thousands of mutations, and DOM lookups for each of them
  // would slow the very rendering being timed. One plot hit per batch is enough.
  new MutationObserver(muts => {
    const now = performance.now();
    let inMain = false, inPlot = false;
    for (const m of muts) {
      if (m.type === 'attributes' && m.attributeName === 'data-test-script-state') {
        b.states.push([now, m.target.getAttribute('data-test-script-state')]);
        continue;
      }
      if (inPlot) continue;
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (!el || !el.closest) continue;
      if (el.closest('.js-plotly-plot, .gx-canvas-chart') || (m.addedNodes.length && Array.from(m.addedNodes).some(
            n => n.nodeType === 1 && (n.matches('.js-plotly-plot') || n.querySelector('.js-plotly-plot'))))) {
        inPlot = inMain = true;
      } else if (!inMain && (el.closest('[data-testid=stMain]') || el.closest('[data-testid=stSidebar]'))) {
        inMain = true;
      }
    }
    if (inMain) b.lastMut = now;
    if (inPlot) b.lastPlotMut = now;
  }).observe(document.body, {subtree: true, childList: true, attributes: true});
  return true;
}"""

# Done when: a run started after t0 (or, should a very fast run never show 'running', something changed
# and 3 s passed), the app is idle, every chart has drawn its SVG, and nothing in a chart changed for quietMs.
DONE_JS = """([t0, quietMs]) => {
  const b = window.__bench, now = performance.now();
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return null;
  const ran = b.states.some(([t, s]) => t >= t0 && s === 'running');
  if (!ran && !(now - t0 > 3000 && b.lastMut > t0)) return null;
  const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
  if (!plots.every(p => p.querySelector('.main-svg'))) return null;
  const canvases = Array.from(document.querySelectorAll('.gx-canvas-chart'));  // explorer/ui/canvas_chart.js
  if (!canvases.every(c => c.dataset.drawn)) return null;
  const idleSince = Math.max(t0, ...b.states.filter(([t, s]) => t >= t0 && s === 'notRunning').map(([t]) => t));
  const plotEnd = b.lastPlotMut > t0 ? b.lastPlotMut : 0;
  const end = Math.max(idleSince, plotEnd);
  if (now - end < quietMs) return null;
  return {end: end, idle: idleSince, plot: plotEnd, plots: plots.length + canvases.length, ran: ran};
}"""


def page_paths(which: str) -> list[str]:
    """URL paths: Streamlit names a page after its file stem; the default page lives at '/'."""
    registered = page_names()
    if which == "all":
        return registered  # Train and the Learn pages included
    wanted = [p.strip() for p in which.split(",")] if which != "default" else DEFAULT_PAGES
    missing = [p for p in wanted if p not in registered]
    if missing:
        raise SystemExit(f"pages not registered in app.py: {', '.join(missing)} (registered: {', '.join(registered)})")
    return wanted


def default_page(path: str) -> bool:
    """Whether this is the app's default page (the first in explorer.ui.frame.PAGES), served at '/'."""
    return path == page_names()[0]


def open_app_once(browser, port: int, timeout_ms: float) -> None:
    """Load '/' once on a fresh server: until app.py has run st.navigation, Streamlit would serve a page URL
    such as /attention as a bare legacy page (no sidebar frame)."""
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/", timeout=timeout_ms)
        wait_first_render(page, timeout_ms)
    finally:
        page.close()


def url_for(port: int, path: str) -> str:
    return f"http://127.0.0.1:{port}/" + ("" if default_page(path) else path)


def wait_first_render(page, timeout_ms: float) -> None:
    """A freshly loaded page: the sidebar text box is there, the run finished, every chart is drawn."""
    page.wait_for_selector(SIDEBAR_TEXT, timeout=timeout_ms)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    page.wait_for_function("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                           ".every(p => p.querySelector('.main-svg')) && Array.from(document.querySelectorAll("
                           "'.gx-canvas-chart')).every(c => c.dataset.drawn)", timeout=timeout_ms)


def edit_and_time(page, text: str, quiet_ms: int = 300, timeout_ms: float = 60_000) -> dict:
    """Fill the sidebar text, commit it (Ctrl+Enter) and wait for the page to settle; returns ms timings."""
    box = page.locator(SIDEBAR_TEXT)
    box.fill(text)
    t0 = page.evaluate("() => performance.now()")
    box.press("Control+Enter")
    handle = page.wait_for_function(DONE_JS, arg=[t0, quiet_ms], timeout=timeout_ms, polling=50)
    done = handle.json_value()
    return {"ms": done["end"] - t0, "script_ms": done["idle"] - t0,
            "last_plot_ms": (done["plot"] - t0) if done["plot"] else None, "plots": done["plots"],
            "saw_running": done["ran"]}
