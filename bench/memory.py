"""Server memory: resident set size of the `streamlit run app.py` process, idle and during in-app training.

    python bench/memory.py                      # visit every explore page, idle, then train on the Train page
    python bench/memory.py --quick              # training capped at 30 s (then Stop)
    python bench/memory.py --shakespeare --json out.json     # train on Tiny Shakespeare instead of the task
    python bench/memory.py --in-process         # no browser: one explorer.jobs job in this process
    python bench/memory.py --model-folder /tmp/gpt2-random --no-train   # a GPT-2-sized model active on every page

RSS is read from /proc/<pid>/status (VmRSS now, VmHWM = the kernel's peak), summed over the server and
any children (psutil is used for VmRSS when installed). Phases:
  idle      after opening every page once (default model), sampled for a few seconds
  training  the Train page driven in the browser (its default settings unless --shakespeare), sampled
            every 0.2 s until the run finishes (or the cap, then Stop)
Target: under 600 MB during training.
"""
from __future__ import annotations

import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from _common import Report, apply_env, base_parser, chromium, load_text, rss_mb, streamlit_server
from _browser import open_app_once, page_paths, url_for, wait_first_render


PROGRESS = re.compile(r"step ([\d,]+) / ([\d,]+) · (\S+) tokens/s · elapsed (\d+):(\d+)")


def read_progress(page) -> dict | None:
    """The Train page's progress line ('step N / M · X tokens/s · elapsed m:ss'), parsed."""
    try:
        text = page.locator("[data-testid=stMain]").inner_text(timeout=2000)
    except Exception:
        return None
    m = PROGRESS.search(text)
    if not m:
        return None
    return {"step": int(m.group(1).replace(",", "")), "total": int(m.group(2).replace(",", "")),
            "tokens_per_s": m.group(3), "elapsed_s": 60 * int(m.group(4)) + int(m.group(5))}


class Sampler:
    """Samples rss_mb(pid) every `every` seconds in a thread (it only reads /proc)."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        t0 = time.perf_counter()
        while not self._stop.is_set():
            self.samples.append((time.perf_counter() - t0, rss_mb(self.pid)["rss_mb"]))
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def values(self) -> list[float]:
        return [v for _, v in self.samples]


def browser_run(args, report: Report) -> None:
    timeout_ms = args.timeout * 1000
    log = tempfile.mktemp(prefix="bench_mem_", suffix=".log")
    folder = Path(args.model_folder).resolve() if args.model_folder else None
    env = {"GPT_EXPLORER_MODELS": str(folder.parent)} if folder else None
    query = f"?model={quote('path:' + str(folder))}" if folder else ""  # the picker's key for that folder
    with chromium() as browser, streamlit_server(env, log_path=log) as (port, proc):
        pid = proc.pid
        report.add("server RSS after start (no session yet)", round(rss_mb(pid)["rss_mb"], 1), "MB")
        open_app_once(browser, port, timeout_ms)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        if folder:
            page.goto(url_for(port, "") + query, timeout=timeout_ms)  # makes it this session's model
            wait_first_render(page, timeout_ms)
            report.add(f"{folder.name} active: RSS after the first page", round(rss_mb(pid)["rss_mb"], 1), "MB",
                       target="<= 1536 MB")
        for path in page_paths(args.pages):
            page.goto(url_for(port, path), timeout=timeout_ms)
            wait_first_render(page, timeout_ms)
            print(f"  visited {path}: RSS {rss_mb(pid)['rss_mb']:.0f} MB  [{load_text()}]", flush=True)
        with Sampler(pid) as idle:
            time.sleep(args.idle_seconds)
        mem = rss_mb(pid)
        report.add("idle after every page: RSS (median of samples)", round(sorted(idle.values)[len(idle.values) // 2], 1),
                   "MB", samples=len(idle.values))
        report.add("idle after every page: peak so far (VmHWM)", round(mem["hwm_mb"], 1), "MB")

        if args.no_train:
            context.close()
            return
        page.goto(url_for(port, "train"), timeout=timeout_ms)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout_ms)
        page.get_by_role("button", name="Start training").wait_for(timeout=timeout_ms)
        if args.shakespeare:
            page.get_by_text("Tiny Shakespeare", exact=True).click()
            page.wait_for_timeout(500)
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout_ms)
            if page.get_by_text("is not on this machine").count():
                report.note("Tiny Shakespeare is not on this machine: training on the default task instead")
        before = rss_mb(pid)["rss_mb"]
        cap = 30.0 if args.quick else args.train_seconds
        with Sampler(pid) as training:
            t0 = time.perf_counter()
            page.get_by_role("button", name="Start training").click()
            status = "timeout"
            progress = None
            while time.perf_counter() - t0 < cap:
                progress = read_progress(page) or progress
                if page.get_by_text("Finished.", exact=True).count():
                    status = "finished"
                    break
                if page.get_by_text("The run failed.", exact=True).count():
                    status = "failed"
                    break
                page.wait_for_timeout(500)
            if status == "timeout":
                stop = page.get_by_role("button", name="Stop")
                if stop.count():
                    stop.first.click()
                    status = f"stopped after {cap:.0f} s"
                page.wait_for_timeout(2000)
            train_wall = time.perf_counter() - t0
        mem = rss_mb(pid)
        values = training.values
        report.add("training: RSS before Start", round(before, 1), "MB")
        report.add("training: max sampled RSS", round(max(values), 1) if values else "n/a", "MB", target="< 600 MB",
                   samples=len(values), run=status, wall_s=round(train_wall, 1),
                   steps=progress["step"] if progress else None,
                   steps_per_s=round(progress["step"] / progress["elapsed_s"], 2) if progress and progress["elapsed_s"]
                   else None, page_tokens_per_s=progress["tokens_per_s"] if progress else None)
        report.add("training: peak (VmHWM) at end", round(mem["hwm_mb"], 1), "MB", target="< 600 MB")
        report.add("training: RSS at end", round(mem["rss_mb"], 1), "MB")
        context.close()


def in_process_run(args, report: Report) -> None:
    """One training job through explorer.jobs in this process, with the Train page's default settings."""
    import os

    from explorer.jobs import JobRegistry, JobSpec
    from gpt_core.data import load_shakespeare, make_task_corpus
    from gpt_core.train import TrainConfig

    pid = os.getpid()
    corpus = load_shakespeare() if args.shakespeare else make_task_corpus("sort", n_examples=2000, seed=0)
    steps = 1000
    train = TrainConfig(steps=steps, batch_size=32, lr=3e-3, min_lr=3e-4, warmup_steps=min(100, steps // 10),
                        eval_every=steps // 10, eval_batches=8, sample_every_evals=2, sample_tokens=160, seed=1337)
    spec = JobSpec(corpus=corpus, train=train, model=dict(n_layer=2, n_head=2, n_embd=64, block_size=32))
    registry = JobRegistry(max_running=1, session_alive=lambda sid: True, start_reaper=False)
    before = rss_mb(pid)["rss_mb"]
    cap = 30.0 if args.quick else args.train_seconds
    with Sampler(pid) as training:
        job = registry.start("bench", spec)
        if not job.wait(cap):
            job.stop()
            job.wait(30)
    view = job.view()
    mem = rss_mb(pid)
    report.note("in-process: this benchmark's own process, no Streamlit server or browser")
    report.add("in-process training: RSS before", round(before, 1), "MB")
    report.add("in-process training: max sampled RSS", round(max(training.values), 1), "MB", target="< 600 MB",
               status=view.status, step=view.step)
    report.add("in-process training: peak (VmHWM)", round(mem["hwm_mb"], 1), "MB")


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--pages", default="default", help="pages to visit before the idle reading ('all' too)")
    parser.add_argument("--idle-seconds", type=float, default=5.0)
    parser.add_argument("--train-seconds", type=float, default=300.0, help="cap on the training run (then Stop)")
    parser.add_argument("--shakespeare", action="store_true", help="train on Tiny Shakespeare (the page's radio)")
    parser.add_argument("--in-process", action="store_true", help="no browser: a job via explorer.jobs in-process")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--model-folder", help="a Hugging Face model folder to make active first (e.g. a random "
                                               "GPT-2-small built by bench/pretrained_models.py --folder)")
    parser.add_argument("--no-train", action="store_true", help="stop after the idle reading")
    args = parser.parse_args()
    apply_env(args)
    report = Report("memory", args)
    if args.in_process:
        in_process_run(args, report)
    else:
        browser_run(args, report)
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
