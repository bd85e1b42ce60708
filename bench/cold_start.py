"""Cold start: from launching `streamlit run app.py` to the first page fully rendered in a browser.

    python bench/cold_start.py                  # 3 launches
    python bench/cold_start.py --quick          # 1 launch
    python bench/cold_start.py --repeats 5 --json out.json

Chromium is started first and kept (its own start-up is not the app's); then, per repeat, a fresh server
process: t0 just before the launch, the health endpoint is polled every 50 ms, the page is opened as
soon as it answers, and the clock stops when the first chart (a plotly SVG or a drawn canvas heatmap) is
visible and the script state is notRunning. Printed: total, of which launch -> healthy and healthy ->
rendered, and that second part split in the browser's own clock: page load (the frontend's bundle, to
DOMContentLoaded), -> the first script run starts (websocket), -> it ends (imports, model, the page's
script), -> the last chart drawn. Then, in fresh processes, the import time of torch, streamlit and the
app's frame (explorer.ui.frame, which imports torch and streamlit). Target: <= 4 s.
The first repeat may include cold disk caches (imports read from disk); later ones run from a warm page cache.
"""
from __future__ import annotations

import sys
import tempfile
import time

import subprocess

from _common import (APP_IDLE, REPO, Report, apply_env, base_parser, chromium, free_port, launch_streamlit,
                     load_text, server_env, stop_process, wait_healthy)


FIRST_CHART = ".js-plotly-plot .main-svg, .gx-canvas-chart[data-drawn], .gx-svg-chart svg"
# Installed before the page loads: the moments the script state changes, in the page's clock (ms since navigation).
TIMELINE_JS = """(() => {
  const tl = window.__coldStart = {states: []};
  document.addEventListener('DOMContentLoaded', () => { tl.dom = performance.now(); });
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid=stApp]');
    const state = app && app.getAttribute('data-test-script-state');
    const last = tl.states[tl.states.length - 1];
    if (state && (!last || last[1] !== state)) tl.states.push([performance.now(), state]);
    if (!tl.chart && document.querySelector('""" + FIRST_CHART.replace("'", "\\'") + """')) tl.chart = performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true});
})();"""
IMPORTS = {"torch": "import torch", "streamlit": "import streamlit", "app frame": "import explorer.ui.frame"}


def import_seconds(statement: str) -> float:
    """Wall seconds of one import in a fresh interpreter (the interpreter's own start excluded)."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                         env=server_env())
    return float(out.stdout.strip().splitlines()[-1])


def split(timeline: dict) -> dict:
    """Seconds of the phases after navigation, from the page's TIMELINE_JS record."""
    starts = [t for t, state in timeline.get("states", []) if state == "running"]
    ends = [t for t, state in timeline.get("states", []) if state == "notRunning" and starts and t > starts[0]]
    if not starts or not ends or timeline.get("dom") is None:
        return {}
    drawn = max(timeline.get("chart") or ends[0], ends[0])
    return {"page load": timeline["dom"] / 1000, "-> first run starts": (starts[0] - timeline["dom"]) / 1000,
            "first run (imports, model, page)": (ends[0] - starts[0]) / 1000,
            "-> charts drawn": (drawn - ends[0]) / 1000}


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=None, help="server launches (default 3; quick 1)")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    apply_env(args)
    repeats = args.repeats or (1 if args.quick else 3)
    report = Report("cold_start", args)
    totals, healthy, rendered, phases = [], [], [], {}
    with chromium() as browser:
        warm = browser.new_page()  # the browser's own first page costs something too: pay it outside the clock
        warm.goto("about:blank")
        warm.close()
        for n in range(repeats):
            port = free_port()
            log = tempfile.mktemp(prefix="bench_cold_", suffix=".log")
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.add_init_script(TIMELINE_JS)
            t0 = time.perf_counter()
            proc = launch_streamlit(port, server_env(), log)
            try:
                t_health = wait_healthy(port, proc, args.timeout)
                page.goto(f"http://127.0.0.1:{port}/", timeout=args.timeout * 1000)
                page.wait_for_selector(FIRST_CHART, state="visible", timeout=args.timeout * 1000)
                page.wait_for_selector(APP_IDLE, timeout=args.timeout * 1000)
                total = time.perf_counter() - t0
                for name, seconds in split(page.evaluate("() => window.__coldStart")).items():
                    phases.setdefault(name, []).append(seconds)
            except Exception as exc:
                report.note(f"launch {n + 1}: {type(exc).__name__}: {str(exc).splitlines()[0]} (server log {log})")
                continue
            finally:
                page.close()
                stop_process(proc)
            totals.append(total)
            healthy.append(t_health)
            rendered.append(total - t_health)
            print(f"  launch {n + 1}: {total:.2f} s (healthy after {t_health:.2f} s)  [{load_text()}]", flush=True)
    report.add_summary("launch -> first page rendered", totals, "s", target="< 6 s")
    report.add_summary("  of which launch -> /_stcore/health ok", healthy, "s")
    report.add_summary("  of which health ok -> page rendered", rendered, "s")
    for name, values in phases.items():
        report.add_summary(f"    {name}", values, "s")
    for name, statement in IMPORTS.items():
        report.add_summary(f"import {name} (fresh process)", [import_seconds(statement) for _ in range(repeats)], "s")
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
