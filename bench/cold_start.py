"""Cold start: from launching `streamlit run app.py` to the first page fully rendered in a browser.

    python bench/cold_start.py                  # 3 launches
    python bench/cold_start.py --quick          # 1 launch
    python bench/cold_start.py --repeats 5 --json out.json

Chromium is started first and kept (its own start-up is not the app's); then, per repeat, a fresh server
process: t0 just before the launch, the health endpoint is polled every 50 ms, the page is opened as
soon as it answers, and the clock stops when the first plotly chart's SVG is visible and the script
state is notRunning. Printed: total, of which launch -> healthy and healthy -> rendered. Target: < 6 s.
The first repeat may include cold disk caches (imports read from disk); later ones run from a warm page cache.
"""
from __future__ import annotations

import sys
import tempfile
import time

from _common import (APP_IDLE, PLOT, Report, apply_env, base_parser, chromium, free_port, launch_streamlit,
                     load_text, server_env, stop_process, wait_healthy)


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=None, help="server launches (default 3; quick 1)")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    apply_env(args)
    repeats = args.repeats or (1 if args.quick else 3)
    report = Report("cold_start", args)
    totals, healthy, rendered = [], [], []
    with chromium() as browser:
        warm = browser.new_page()  # the browser's own first page costs something too: pay it outside the clock
        warm.goto("about:blank")
        warm.close()
        for n in range(repeats):
            port = free_port()
            log = tempfile.mktemp(prefix="bench_cold_", suffix=".log")
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            proc = launch_streamlit(port, server_env(), log)
            try:
                t_health = wait_healthy(port, proc, args.timeout)
                page.goto(f"http://127.0.0.1:{port}/", timeout=args.timeout * 1000)
                page.wait_for_selector(f"{PLOT} .main-svg", state="visible", timeout=args.timeout * 1000)
                page.wait_for_selector(APP_IDLE, timeout=args.timeout * 1000)
                total = time.perf_counter() - t0
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
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
