"""Real-browser fixtures: one `streamlit run app.py` server and one headless Debian chromium per test session.

Playwright's own browser downloads are not used (`playwright install` cannot download here): the
pip package drives the system chromium through `executable_path`. Without chromium the browser tests
skip, except under CI=true, where a missing browser is a failure (CI must run them).

Waiting: Streamlit marks the app root `[data-testid=stApp]` with `data-test-script-state`; a page is
ready when it reads `notRunning`. A rerun does not flip the attribute synchronously with our click, so
`wait_idle` first gives the run a moment to start, and assertions that follow an interaction poll for
the change they expect instead of trusting one snapshot.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from e2e_helpers import REPO, SIDEBAR_TEXT, health, wait_idle

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}
SERVER_START_TIMEOUT_S = 90
TIMEOUT_MS = 90_000  # two loaded cores: a first model pass plus plotly can take tens of seconds


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def chromium_path() -> str | None:
    """$GPT_EXPLORER_CHROMIUM if set (only it), else Debian's /usr/bin/chromium, else `chromium` on PATH."""
    override = os.environ.get("GPT_EXPLORER_CHROMIUM")
    candidates = [override] if override else ["/usr/bin/chromium", shutil.which("chromium"),
                                              shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _unavailable(reason: str):
    """Skip locally; fail under CI=true, where the browser tests are required to run."""
    if in_ci():
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: end-to-end test in a real browser (tests/e2e)")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class FirstContact:
    """What a freshly started server showed for a page URL opened directly (the first request it ever got)."""

    path: str
    final_url: str
    nav_hrefs: list[str]
    nav_labels: list[str]
    sidebar_textareas: int
    exceptions: int
    h1: list[str] = field(default_factory=list)


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen
    log_path: Path
    first_contact: FirstContact | None = None

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""


def start_server(extra_env: dict[str, str] | None = None) -> Server:
    """`streamlit run app.py` on a free port, with extra_env on top of this process's environment."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    fd, log_name = tempfile.mkstemp(prefix="gpt-explorer-e2e-", suffix=".log")
    log = Path(log_name)
    # a runs folder of the server's own: what a browser test trains must not show up in the AppTests' model lists
    runs = tempfile.mkdtemp(prefix="gpt-explorer-e2e-runs-")
    env = {**os.environ, "GPT_EXPLORER_RUNS": runs, **(extra_env or {}), "PYTHONPATH": str(REPO),
           "PYTHONUNBUFFERED": "1"}
    with os.fdopen(fd, "w") as log_file:  # the child keeps its own handle
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port",
             str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
    server = Server(base_url, process, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while health(base_url) != "ok":
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            pytest.fail(f"streamlit did not answer {base_url}/_stcore/health with 'ok' within "
                        f"{SERVER_START_TIMEOUT_S} s (exit code {process.poll()}). Log:\n{server.log_tail()}",
                        pytrace=False)
        time.sleep(0.25)
    return server


def stop_server(server: Server) -> None:
    """Terminate, then kill: only the process this fixture started. Its log goes with it."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(10)
    server.log_path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package 'playwright' is not installed: pip install -r requirements-dev.txt "
                     "(never `playwright install`; the browser is Debian's chromium)")
    if chromium_path() is None:
        where = os.environ.get("GPT_EXPLORER_CHROMIUM") or "/usr/bin/chromium or on PATH"
        _unavailable(f"no chromium found at {where}: install it with `sudo apt-get install chromium` "
                     "(or set GPT_EXPLORER_CHROMIUM to a chromium binary)")
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def browser(playwright_api):
    browser = playwright_api.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def server(browser):
    """The app under test. Its very first visitor opens a page URL directly, the case that used to lose
    the sidebar (see explorer/ui/frame.py); what it saw is kept in `server.first_contact`."""
    srv = start_server()
    try:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        path = "next_token"
        page.goto(f"{srv.base_url}/{path}")
        try:  # with the bug there is never a sidebar text box: do not wait the full timeout for it
            page.wait_for_selector(SIDEBAR_TEXT, timeout=45_000)
        except Exception:
            pass
        page.wait_for_selector("h1")
        wait_idle(page)
        srv.first_contact = FirstContact(
            path=path, final_url=page.url,
            nav_hrefs=page.eval_on_selector_all("[data-testid=stSidebarNav] a", "els => els.map(e => e.href)"),
            nav_labels=[t.strip() for t in page.locator("[data-testid=stSidebarNav] a").all_inner_texts()],
            sidebar_textareas=page.locator(SIDEBAR_TEXT).count(),
            exceptions=page.locator("[data-testid=stException]").count(),
            h1=page.locator("h1").all_inner_texts(),
        )
        context.close()
        yield srv
    finally:
        stop_server(srv)


@pytest.fixture(scope="module")
def server_with_env(browser):
    """A server of a module's own, for tests that need other environment variables: start(extra_env) -> Server.
    Every server it started is stopped when the module ends."""
    started = []

    def start(extra_env: dict[str, str]) -> Server:
        started.append(start_server(extra_env))
        return started[-1]

    yield start
    for srv in started:
        stop_server(srv)


@pytest.fixture
def fresh_tab(browser):
    """A tab in a context of its own (no shared server needed); fails on page JS errors. Set tab.base_url."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.js_errors = []
    tab.on("pageerror", lambda exc: tab.js_errors.append(str(exc)))
    yield tab
    context.close()
    assert not tab.js_errors, f"JavaScript errors in the page: {tab.js_errors}"


@pytest.fixture(scope="session")
def browser_context(browser, server):
    """One context for the run: its HTTP cache spares every test from re-downloading the app's JS bundle."""
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, server):
    """A fresh browser tab: its own Streamlit session (session state is per tab). Fails on page JS errors."""
    tab = browser_context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.js_errors = []
    tab.on("pageerror", lambda exc: tab.js_errors.append(str(exc)))
    tab.base_url = server.base_url
    yield tab
    tab.close()
    assert not tab.js_errors, f"JavaScript errors in the page: {tab.js_errors}"


@pytest.fixture(scope="session")
def reference_models():
    """The shipped checkpoints loaded with gpt_core in the test process: the numbers the browser must show."""
    from gpt_core.checkpoint import load_checkpoint

    return {path.stem: load_checkpoint(path) for path in sorted((REPO / "assets").glob("*.safetensors"))}
