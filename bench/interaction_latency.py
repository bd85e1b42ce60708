"""Interaction latency in a real browser: edit the sidebar text, time until the page's last chart is updated.

    python bench/interaction_latency.py                   # 6 pages x 20 edits (after 1 warm-up edit each)
    python bench/interaction_latency.py --quick           # 5 edits per page
    python bench/interaction_latency.py --pages attention,softmax_mask --edits 40 --long --json out.json
    python bench/interaction_latency.py --pages all       # every page app.py registers except Train

Starts `streamlit run app.py` on a free port, opens each page in headless chromium (Playwright, Debian's
/usr/bin/chromium), and for each edit fills the sidebar text area and presses Ctrl+Enter (what commits it
in Streamlit). Latency = from the key press to the later of: the script state back at notRunning, and the
last DOM change inside any plotly chart (a chart counts as settled after 300 ms without changes; those
300 ms are not counted). Reports p50 and p95 per page. Target: p95 < 1 s.
--long uses a text longer than the default model's context, so every page works at T = 128.
"""
from __future__ import annotations

import sys
import tempfile

from _common import Report, apply_env, base_parser, chromium, load_text, streamlit_server
from _browser import OBSERVER_JS, WORDS, edit_and_time, open_app_once, page_paths, url_for, wait_first_render


def texts(long: bool, n: int, tokenizer=None, tokens: int = 128) -> list[str]:
    """n different texts in the model's vocabulary, each differing from the one before it.

    With a tokenizer (a model folder's), the base text is cut to `tokens` - 2 tokens of it, so that with the
    word each edit adds the page works at about T = tokens whatever the model's context."""
    from explorer.ui.state import DEFAULT_TEXT

    base = DEFAULT_TEXT
    if long:
        base = (DEFAULT_TEXT + "\n") * 3  # > 128 characters: the page shows the last 128 tokens
    if tokenizer is not None:
        ids = tokenizer.encode((DEFAULT_TEXT + "\n") * 40)
        base = tokenizer.decode(ids[: tokens - 2])
    return [f"{base} {WORDS[i % len(WORDS)]}{'!' * (i // len(WORDS))}" for i in range(n)]


def folder_model(folder: str):
    """(server environment, URL query, tokenizer) for a model folder found through GPT_EXPLORER_MODELS."""
    from pathlib import Path

    from gpt_core.checkpoint import load_checkpoint
    from urllib.parse import quote

    path = Path(folder).resolve()
    tokenizer = load_checkpoint(path).tokenizer
    return {"GPT_EXPLORER_MODELS": str(path.parent)}, "?model=" + quote(f"path:{path}", safe=""), tokenizer


def js_heap_mb(page) -> float:
    """The tab's used JS heap after a full garbage collection, in MB (Chrome DevTools Protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("HeapProfiler.collectGarbage")
        cdp.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return metrics["JSHeapUsedSize"] / 1e6
    finally:
        cdp.detach()


def memory_run(page, texts_: list[str], n: int, quiet_ms: int, timeout_ms: float) -> tuple[float, float]:
    """(MB after the first edit, MB after n edits)."""
    edit_and_time(page, texts_[0], quiet_ms, timeout_ms)
    first = js_heap_mb(page)
    for i in range(1, n):
        edit_and_time(page, texts_[i % len(texts_)] + " " + "x" * (i // len(texts_)), quiet_ms, timeout_ms)
    return first, js_heap_mb(page)


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--pages", default="default", help="comma list of page file stems, 'default' or 'all'")
    parser.add_argument("--edits", type=int, default=None, help="timed edits per page (default 20; quick 5)")
    parser.add_argument("--long", action="store_true", help="texts longer than the context (T = block_size)")
    parser.add_argument("--quiet-ms", type=int, default=300, help="no chart change for this long = settled")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for one page/edit")
    parser.add_argument("--headed", action="store_true")
    parser.add_argument("--server-log", help="write the streamlit server's output here")
    parser.add_argument("--model-folder", help="a Hugging Face model folder (e.g. bench/pretrained_models.py's random "
                        "GPT-2): the server finds it through GPT_EXPLORER_MODELS and every page opens it")
    parser.add_argument("--memory-edits", type=int, default=0, help="also report the tab's JS heap (after a "
                        "garbage collection) after the first edit and after this many (the target: within 1.5x)")
    parser.add_argument("--tokens", type=int, default=128, help="with --model-folder: about this many tokens a text")
    args = parser.parse_args()
    apply_env(args)
    edits = args.edits or (5 if args.quick else 20)
    pages = page_paths(args.pages)
    report = Report("interaction_latency", args)
    timeout_ms = args.timeout * 1000
    log = args.server_log or tempfile.mktemp(prefix="bench_streamlit_", suffix=".log")

    env, query, tokenizer = folder_model(args.model_folder) if args.model_folder else ({}, "", None)
    all_texts = texts(args.long, edits + 1, tokenizer, args.tokens)
    with chromium(headless=not args.headed) as browser, \
            streamlit_server(env_extra=env, log_path=log, timeout=300) as (port, proc):
        print(f"server pid {proc.pid} on port {port} (log {log}); {edits} edits per page after 1 warm-up")
        open_app_once(browser, port, timeout_ms)
        for path in pages:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            try:
                page.goto(url_for(port, path) + query, timeout=timeout_ms)
                wait_first_render(page, timeout_ms)
                page.evaluate(OBSERVER_JS)
                samples, details = [], []
                for i, text in enumerate(all_texts):
                    timing = edit_and_time(page, text, args.quiet_ms, timeout_ms)
                    if i == 0:
                        continue  # warm-up: first rerun of this text length on this page
                    samples.append(timing["ms"])
                    details.append(timing)
                if args.memory_edits:
                    first, last = memory_run(page, all_texts, args.memory_edits, args.quiet_ms, timeout_ms)
                    report.add_summary(f"{path}: JS heap after 1 edit", [first], "MB", page=path)
                    report.add_summary(f"{path}: JS heap after {args.memory_edits} edits", [last], "MB", page=path,
                                       ratio=round(last / first, 3))
                    print(f"  {path}: heap {first:.1f} MB -> {last:.1f} MB ({last / first:.2f}x; target <= 1.5x)")
                if page.locator("[data-testid=stException]").count():
                    report.note(f"{path}: the page shows an exception")
                script = [d["script_ms"] for d in details]
                report.add_summary(f"{path}: edit -> last chart updated", samples, "ms", target="p95 < 1000 ms",
                                   page=path, plots=details[-1]["plots"] if details else 0,
                                   script_done_median_ms=sorted(script)[len(script) // 2] if script else None,
                                   saw_running=sum(d["saw_running"] for d in details))
            except Exception as exc:  # one broken page should not hide the others' figures
                report.note(f"{path}: {type(exc).__name__}: {str(exc).splitlines()[0]}  [{load_text()}]")
            finally:
                context.close()
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
