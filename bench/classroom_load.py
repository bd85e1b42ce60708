"""A classroom on one server: N browser sessions edit text on the explorer pages while 2 jobs train.

    python bench/classroom_load.py                 # 20 sessions x 5 edit rounds, 2 jobs, then 100 sessions come and go
    python bench/classroom_load.py --quick         # 6 sessions x 2 rounds, 20 come and go
    python bench/classroom_load.py --sessions 30 --rounds 3 --leavers 100 --json out.json
    python bench/classroom_load.py --pages attention --sessions 1 --jobs 1 --rounds 10 --leavers 0 --repo /other/checkout
                                                   # one page's edit latency while one job trains, on any checkout
    python bench/classroom_load.py --wait-policy   # worker training speed: OMP_WAIT_POLICY x torch threads

One `streamlit run app.py` (a fresh runs folder in a temp dir), headless chromium contexts (Playwright,
Debian's /usr/bin/chromium). Two contexts open the Train page and press Start (the default run: 1,000 steps
of the sort task, in worker processes). The editing sessions are spread over the explorer pages; in each
round every session fills the sidebar text and presses Ctrl+Enter before any is waited on, so the server
has all the reruns at once; a session's latency is from its key press to its page settled (the
MutationObserver timing of bench/_browser.py). Reports:
- p95 edit latency (target: a learner does not wait; no fixed target under this load), errors (must be 0:
  a timeout or an exception box on a page);
- the server's RSS (the streamlit process alone, target <= 2 GB) and with its workers;
- RSS after --leavers sessions have connected (each renders a page) and closed, against the idle RSS
  measured after one warm-up visit of each page (target: within 10 %). Streamlit keeps a disconnected
  session for a while; the script waits --settle seconds first.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from _common import (APP_IDLE, PYTHON, Report, _status_kb, base_parser, chromium, free_port, load_text, rss_mb,
                     server_env, stop_process, streamlit_server, wait_healthy)
from _browser import DEFAULT_PAGES, DONE_JS, OBSERVER_JS, SIDEBAR_TEXT, WORDS, open_app_once, url_for, wait_first_render


@contextmanager
def server_for(repo: str | None, env_extra: dict, log_path: str):
    """This checkout's app (bench/_common.streamlit_server), or another checkout's (--repo: before/after)."""
    if not repo:
        with streamlit_server(env_extra=env_extra, log_path=log_path) as served:
            yield served
        return
    port, env = free_port(), server_env(env_extra)
    env["PYTHONPATH"] = str(Path(repo).resolve())
    cmd = [PYTHON, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_healthy(port, proc, 90)
        yield port, proc
    finally:
        stop_process(proc)


def server_rss_mb(pid: int) -> float:
    return _status_kb(pid, "VmRSS") / 1024


def open_session(browser, port: int, path: str, timeout_ms: float):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(url_for(port, path), timeout=timeout_ms)
    wait_first_render(page, timeout_ms)
    page.evaluate(OBSERVER_JS)
    return context, page


def start_training(browser, port: int, timeout_ms: float):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(url_for(port, "train"), timeout=timeout_ms)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    page.get_by_role("button", name="Start training").click()
    page.wait_for_selector("text=Training…", timeout=timeout_ms)
    return context


def edit_round(pages: list, round_no: int, quiet_ms: int, timeout_ms: float) -> tuple[list[float], int]:
    """Every session commits a new text before any is awaited; returns the latencies and the errors."""
    started = []
    for i, page in enumerate(pages):
        box = page.locator(SIDEBAR_TEXT)
        box.fill(f"{WORDS[(i + round_no) % len(WORDS)]} {WORDS[round_no % len(WORDS)]} to be or not to be")
        started.append(page.evaluate("() => performance.now()"))
        box.press("Control+Enter")
    latencies, errors = [], 0
    for page, t0 in zip(pages, started):
        try:
            done = page.wait_for_function(DONE_JS, arg=[t0, quiet_ms], timeout=timeout_ms, polling=100).json_value()
            latencies.append(done["end"] - t0)
        except Exception:  # a timeout: the page never settled
            errors += 1
        if page.locator("[data-testid=stException]").count():
            errors += 1
    return latencies, errors


def train_once(steps: int) -> None:
    """(child process) One job of the Train page's default size, in a worker; prints its mean tokens/s."""
    from explorer.jobs import JobRegistry, JobSpec
    from gpt_core.config import preset
    from gpt_core.data import make_task_corpus
    from gpt_core.train import TrainConfig

    model = {k: v for k, v in preset("tiny", vocab_size=8).to_dict().items() if k != "vocab_size"}
    spec = JobSpec(corpus=make_task_corpus("sort", n_examples=2000), model=model,
                   train=TrainConfig(steps=steps, batch_size=32, eval_every=0, eval_batches=2, sample_every_evals=0))
    registry = JobRegistry(max_running=1, session_alive=lambda sid: True, start_reaper=False,
                           runs_root=tempfile.mkdtemp(prefix="bench_runs_"))
    job = registry.start("bench", spec)
    job.wait(600)
    view = job.view()
    print(f"RESULT {view.status} {view.tokens_per_s:.0f}")


def wait_policy(report: Report, steps: int) -> None:
    import os

    for threads in (1, 2):
        for policy in ("PASSIVE", "ACTIVE"):
            env = {**os.environ, "GPT_EXPLORER_WORKER_WAIT_POLICY": policy, "GPT_EXPLORER_WORKER_THREADS": str(threads)}
            out = subprocess.run([PYTHON, __file__, "--train-once", str(steps)], env=env, capture_output=True,
                                 text=True, timeout=900).stdout
            line = next((x for x in out.splitlines() if x.startswith("RESULT")), "RESULT none nan")
            _, status, tps = line.split()
            report.add(f"worker tokens/s, {threads} thread(s), OMP_WAIT_POLICY={policy}", float(tps), "tok/s",
                       status=status)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--train-once":
        train_once(int(sys.argv[2]))
        return 0
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--wait-policy", action="store_true", help="only measure worker speed per wait policy")
    parser.add_argument("--sessions", type=int, default=None, help="editing sessions (default 20; quick 6)")
    parser.add_argument("--rounds", type=int, default=None, help="edit rounds (default 5; quick 2)")
    parser.add_argument("--leavers", type=int, default=None, help="sessions that connect and leave (100; quick 20)")
    parser.add_argument("--jobs", type=int, default=2, help="training jobs running meanwhile")
    parser.add_argument("--settle", type=float, default=None, help="seconds after the leavers before measuring")
    parser.add_argument("--quiet-ms", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for one page/edit")
    parser.add_argument("--pages", default=",".join(DEFAULT_PAGES), help="comma list of the pages the sessions edit")
    parser.add_argument("--repo", help="serve this checkout instead (e.g. the thread-based one, for before/after)")
    args = parser.parse_args()
    sessions = args.sessions or (6 if args.quick else 20)
    rounds = args.rounds or (2 if args.quick else 5)
    leavers = args.leavers if args.leavers is not None else (20 if args.quick else 100)
    pages_used = [p.strip() for p in args.pages.split(",") if p.strip()]
    settle = args.settle if args.settle is not None else (20.0 if args.quick else 150.0)
    timeout_ms = args.timeout * 1000
    report = Report("classroom_load", args)
    if args.wait_policy:
        wait_policy(report, 100 if args.quick else 300)
        report.write_json(args.json)
        return 0
    runs_dir = tempfile.mkdtemp(prefix="bench_runs_")
    log = tempfile.mktemp(prefix="bench_streamlit_", suffix=".log")
    env = {"GPT_EXPLORER_RUNS": runs_dir, "GPT_EXPLORER_MAX_JOBS": str(max(2, args.jobs)),
           # sessions closed by the browser are dropped sooner than Streamlit's default 120 s
           "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "10"}

    with chromium() as browser, server_for(args.repo, env, log) as (port, proc):
        print(f"server pid {proc.pid} on port {port} (log {log}, runs {runs_dir})")
        open_app_once(browser, port, timeout_ms)
        for path in pages_used:  # warm every page's caches once, then call the server idle
            context, _ = open_session(browser, port, path, timeout_ms)
            context.close()
        time.sleep(min(settle, 15.0))
        idle = server_rss_mb(proc.pid)
        report.add("server RSS, idle (after one visit per page)", idle, "MB")

        trainers = [start_training(browser, port, timeout_ms) for _ in range(args.jobs)]
        report.add("jobs started", len(trainers), "", workers=rss_mb(proc.pid)["processes"] - 1)
        contexts, pages = [], []
        for i in range(sessions):
            context, page = open_session(browser, port, pages_used[i % len(pages_used)], timeout_ms)
            contexts.append(context)
            pages.append(page)
        latencies, errors, peak = [], 0, 0.0
        for r in range(rounds):
            got, bad = edit_round(pages, r, args.quiet_ms, timeout_ms)
            latencies += got
            errors += bad
            peak = max(peak, server_rss_mb(proc.pid))
        report.add_summary(f"{sessions} sessions editing {','.join(pages_used)}, {args.jobs} jobs training", latencies, "ms",
                           target="p95 (no fixed target)")
        report.add("errors (timeouts + exception boxes)", errors, "", target="0")
        report.add("server RSS, peak during edits", peak, "MB", target="<= 2048 MB")
        report.add("server + workers RSS now", rss_mb(proc.pid)["rss_mb"], "MB")
        for context in contexts + trainers:
            context.close()

        for start in range(0, leavers, 10):  # connect, render, leave; ten at a time
            batch = [open_session(browser, port, pages_used[(start + k) % len(pages_used)], timeout_ms)[0]
                     for k in range(min(10, leavers - start))]
            for context in batch:
                context.close()
        if leavers:
            report.add(f"server RSS right after {leavers} sessions came and went", server_rss_mb(proc.pid), "MB")
            time.sleep(settle)
            after = server_rss_mb(proc.pid)
            report.add(f"server RSS {settle:.0f} s later", after, "MB", target=f"<= {1.1 * idle:.0f} MB (idle + 10 %)",
                       vs_idle_pct=round(100 * (after / idle - 1), 1))
        report.note(f"machine shared with other engineers: figures are rough [{load_text()}]")
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
