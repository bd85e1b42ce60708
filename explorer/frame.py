"""Make sure a page always runs inside app.py's frame (st.navigation, sidebar, wide layout).

Why this exists: Streamlit keeps a process-wide flag, `PagesManager.uses_pages_directory`, that starts
True when a `pages/` folder sits next to the main script and only turns False once some script run
has called `st.navigation`. If the very first request a fresh server gets is a direct page URL
(e.g. http://host/next_token), Streamlit's legacy auto-discovery runs pages/next_token.py on its own:
app.py never runs, so there is no sidebar, no wide layout, and the page list shows "app". (The same
URL works once anyone has opened "/", since the flag is then False for the whole process.)
AppTest resets the flag before every run, so there every run after `at.switch_page(...)` hit this too.

`require_frame()`, called first thing in every page, detects that case, flips the flag as st.navigation
would, and runs app.py right there, in the same script run: its st.navigation resolves the requested
URL to this same page and runs it inside the frame; then the bare run stops. Running in place (not
st.rerun) keeps one-shot widget values, e.g. the button click that started this run, and the URL.
Once the flag is False it costs one attribute lookup.
"""
from __future__ import annotations

import contextvars
from pathlib import Path

import streamlit as st

TEXT = {
    "open_start_page": "This page was opened without the app's sidebar. Open the app's start page (/) to get "
                       "the model picker and the shared input text.",
}
_inside_frame_run = contextvars.ContextVar("gpt_explorer_inside_frame_run", default=False)


def running_outside_navigation() -> bool:
    """True when this script run was started by Streamlit's legacy pages/ discovery instead of app.py."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy path cannot have this problem
        return False
    legacy = getattr(PagesManager, "uses_pages_directory", None)
    if legacy is not None:
        return bool(legacy)
    # Fallback if the private flag is ever renamed: under the legacy list the main script is itself a page.
    ctx = _script_run_ctx()
    if ctx is None:
        return False
    main = Path(ctx.pages_manager.main_script_path).resolve()
    return any(Path(str(p.get("script_path", ""))).resolve() == main for p in ctx.pages_manager.get_pages().values())


def require_frame() -> None:
    """Call at the top of every page, before drawing anything: runs app.py's frame first if it was skipped."""
    if _inside_frame_run.get() or not running_outside_navigation():
        return
    ctx = _script_run_ctx()
    if ctx is None or not _leave_legacy_mode():
        st.warning(TEXT["open_start_page"])  # a Streamlit whose internals changed: say how to get the full app
        return
    main_script = ctx.pages_manager.main_script_path
    token = _inside_frame_run.set(True)  # never recurse, whatever the flag says
    try:
        exec(_main_script_code(ctx, main_script), {"__name__": "__main__", "__file__": main_script})  # noqa: S102
    finally:
        _inside_frame_run.reset(token)
    st.stop()  # app.py has run this page inside the frame; the bare legacy run of it ends here


def _script_run_ctx():
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True)


def _main_script_code(ctx, main_script: str):
    """app.py's bytecode from Streamlit's script cache (compiled once per file version)."""
    try:
        code = ctx.pages_manager.get_page_script_byte_code(main_script)
        if code:
            return code
    except Exception:  # an older/newer PagesManager without the cache: compile it ourselves
        pass
    return compile(Path(main_script).read_bytes(), main_script, "exec")


def _leave_legacy_mode() -> bool:
    """Do what st.navigation's first call does to the process-wide flag; False if this Streamlit has no such flag."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return False
    if not hasattr(PagesManager, "uses_pages_directory"):
        return False
    PagesManager.uses_pages_directory = False
    return True
