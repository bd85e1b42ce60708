"""Shared helpers for the benchmark scripts: load average, statistics, result records, server and browser.

Benchmarks print figures, never pass/fail. Every figure is printed with the 1-minute load average
at the moment it was taken, because on a shared 2-core machine a busy neighbour can double a time.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `python bench/x.py` puts bench/ on the path, not the repo root
    sys.path.insert(0, str(REPO))
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Streamlit marks the app container with its script state; plotly marks every drawn chart.
APP_IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
APP_RUNNING = "[data-testid=stApp][data-test-script-state=running]"
PLOT = ".js-plotly-plot"


def loadavg() -> tuple[float, float, float]:
    return os.getloadavg()


def load_text(load: tuple[float, float, float] | None = None) -> str:
    one, five, fifteen = load or loadavg()
    return f"load {one:.2f}/{five:.2f}/{fifteen:.2f} on {os.cpu_count()} cores"


def percentile(values, q: float) -> float:
    """Nearest-rank percentile (q in 0..100): with 20 samples p95 is the 19th smallest, not an interpolation."""
    data = sorted(values)
    if not data:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(data)))
    return data[rank - 1]


def summary(values) -> dict:
    data = [float(v) for v in values]
    if not data:
        return {"n": 0}
    return {"n": len(data), "median": statistics.median(data), "p95": percentile(data, 95),
            "min": min(data), "max": max(data), "mean": statistics.fmean(data)}


class Report:
    """Collects figures (each with the load average when it was taken), prints them, writes --json."""

    def __init__(self, name: str, args: argparse.Namespace | None = None) -> None:
        self.name = name
        self.args = args
        self.records: list[dict] = []
        self.started = time.time()
        self.start_load = loadavg()
        print(f"# {name}: {platform.node()}, python {platform.python_version()}, {env_text()}, "
              f"{load_text(self.start_load)}")

    def add(self, metric: str, value, unit: str = "", target: str | None = None, **extra) -> dict:
        load = loadavg()
        record = {"metric": metric, "value": value, "unit": unit, "load1": round(load[0], 2),
                  "load5": round(load[1], 2), **extra}
        if target:
            record["target"] = target
        self.records.append(record)
        shown = _fmt(value)
        more = "  ".join(f"{k}={_fmt(v)}" for k, v in extra.items() if not isinstance(v, (list, dict)))
        print(f"{metric:<48} {shown:>10} {unit:<8} [{load_text(load)}]" + (f"  target {target}" if target else "")
              + (f"  {more}" if more else ""), flush=True)
        return record

    def add_summary(self, metric: str, values, unit: str, target: str | None = None, **extra) -> dict:
        """Median and p95 of repeated timings as one record (the raw samples go to the JSON only)."""
        s = summary(values)
        load = loadavg()
        record = {"metric": metric, "unit": unit, **s, "samples": [round(float(v), 6) for v in values],
                  "load1": round(load[0], 2), "load5": round(load[1], 2), **extra}
        if target:
            record["target"] = target
        self.records.append(record)
        if s["n"]:
            print(f"{metric:<48} median {_fmt(s['median']):>8} p95 {_fmt(s['p95']):>8} {unit:<3} (n={s['n']}, "
                  f"min {_fmt(s['min'])}, max {_fmt(s['max'])}) [{load_text(load)}]"
                  + (f"  target {target}" if target else ""), flush=True)
        else:
            print(f"{metric:<48} no samples [{load_text(load)}]", flush=True)
        return record

    def note(self, text: str) -> None:
        print(f"  note: {text}", flush=True)
        self.records.append({"note": text})

    def write_json(self, path: str | None) -> None:
        if not path:
            return
        payload = {"benchmark": self.name, "host": platform.node(), "cpu_count": os.cpu_count(),
                   "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(self.started)),
                   "duration_s": round(time.time() - self.started, 2), "load_at_start": self.start_load,
                   "load_at_end": loadavg(), "env": env_text(), "argv": sys.argv[1:], "records": self.records}
        Path(path).write_text(json.dumps(payload, indent=2, default=str))
        print(f"# wrote {path}")


def _fmt(value) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def base_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="short settings: check the script works, numbers rough")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--omp-wait-policy", choices=["ACTIVE", "PASSIVE"], default=None,
                        help="set OMP_WAIT_POLICY for torch here and in every process started (default: inherit). "
                             "On a busy machine torch's spinning OpenMP threads (ACTIVE, the default) make 2-thread "
                             "torch several times slower than 1 thread; PASSIVE avoids it")
    return parser


def apply_env(args: argparse.Namespace) -> None:
    """Apply --omp-wait-policy; must run before torch is imported (OpenMP reads it once, at start-up)."""
    if getattr(args, "omp_wait_policy", None):
        if "torch" in sys.modules:
            raise RuntimeError("apply_env() must run before torch is imported")
        os.environ["OMP_WAIT_POLICY"] = args.omp_wait_policy


def env_text() -> str:
    return (f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}, "
            f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset)')}")


# ---- the app server ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    env.update(extra or {})
    return env


def launch_streamlit(port: int, env: dict | None = None, log_path: str | None = None) -> subprocess.Popen:
    """`streamlit run app.py` in its own process group (so stop_process ends it and only it)."""
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    cmd = [PYTHON, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    return subprocess.Popen(cmd, cwd=REPO, env=env or server_env(), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_healthy(port: int, proc: subprocess.Popen | None = None, timeout: float = 60.0) -> float:
    """Seconds until GET /_stcore/health answers ok (raises on timeout or if the server died)."""
    start = time.perf_counter()
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.perf_counter() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.read().strip() == b"ok":
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"streamlit on port {port} was not healthy after {timeout:.0f} s")


def stop_process(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """End the process group we started (SIGTERM, then SIGKILL); never anything else."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


@contextmanager
def streamlit_server(env_extra: dict | None = None, log_path: str | None = None, timeout: float = 90.0):
    """A running app on a free port: yields (port, process)."""
    port = free_port()
    proc = launch_streamlit(port, server_env(env_extra), log_path)
    try:
        wait_healthy(port, proc, timeout)
        yield port, proc
    finally:
        stop_process(proc)


@contextmanager
def chromium(headless: bool = True):
    """A Playwright browser on Debian's chromium (browsers cannot be downloaded here)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("playwright is not installed: pip install -r requirements-dev.txt (never `playwright install`)")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: apt-get install chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=headless, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_rendered(page, timeout_ms: float = 60_000, min_plots: int = 1, settle_ms: int = 0) -> None:
    """Wait until the script has finished (notRunning) and at least min_plots plotly charts are drawn."""
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    if min_plots:
        page.wait_for_function(
            "n => { const p = document.querySelectorAll('.js-plotly-plot');"
            " return p.length >= n && Array.from(p).every(e => e.querySelector('.main-svg')); }",
            arg=min_plots, timeout=timeout_ms)
    if settle_ms:
        page.wait_for_timeout(settle_ms)


# ---- memory --------------------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    kids = [int(p) for p in text.split()]
    return kids + [g for k in kids for g in _children(k)]


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mb(pid: int) -> dict:
    """Resident memory of pid and its descendants now (VmRSS) and at peak (VmHWM), in MB (psutil if installed)."""
    pids = [pid, *_children(pid)]
    try:
        import psutil  # noqa: F401  (optional: /proc is enough on Linux)

        rss = sum(psutil.Process(p).memory_info().rss for p in pids if psutil.pid_exists(p)) / 2**20
    except ImportError:
        rss = sum(_status_kb(p, "VmRSS") for p in pids) / 1024
    hwm = sum(_status_kb(p, "VmHWM") for p in pids) / 1024
    return {"rss_mb": rss, "hwm_mb": hwm, "processes": len(pids)}
