"""Make sure a page always runs inside app.py's frame (st.navigation, sidebar, wide layout).

Why this exists: Streamlit keeps a process-wide flag, `PagesManager.uses_pages_directory`, that starts
True when a `pages/` folder sits next to the main script and only turns False once some script run
has called `st.navigation`. If the very first request a fresh server gets is a direct page URL
(e.g. http://host/next_token), Streamlit's legacy auto-discovery runs pages/next_token.py on its own:
app.py never runs, so there is no sidebar, no wide layout, and the page list shows "app". (The same
URL works once anyone has opened "/" since the flag is then False for the whole process.)

`require_frame()`, called first thing in every page, detects that case, flips the flag exactly as
`st.navigation` itself would, and reruns: the rerun executes app.py, whose st.navigation resolves the
same URL path to the same page, now with the sidebar. The rerun keeps the URL, so a bookmark stays a
bookmark. Once the flag is False (any run through app.py) it is a no-op.

AppTest resets the flag before every run, so without this every run after `at.switch_page(...)` would
also execute the bare page; with it, such a run reruns through app.py like the browser does.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

TEXT = {
    "open_start_page": "This page was opened without the app's sidebar. Open the app's start page (/) to get "
                       "the model picker and the shared input text.",
}
_RERUN_KEY = "_frame_rerun_attempted"


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
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return False
    main = Path(ctx.pages_manager.main_script_path).resolve()
    return any(Path(str(p.get("script_path", ""))).resolve() == main for p in ctx.pages_manager.get_pages().values())


def require_frame() -> None:
    """Call at the top of every page, before drawing anything: reruns through app.py if it was skipped."""
    if not running_outside_navigation():
        st.session_state.pop(_RERUN_KEY, None)  # in the frame: a later legacy run may try again
        return
    if not st.session_state.get(_RERUN_KEY) and _leave_legacy_mode():
        st.session_state[_RERUN_KEY] = True  # set until a run lands in the frame: never a rerun loop
        st.rerun()
    # The flip did not take (a Streamlit whose internals changed): say how to get the full app.
    st.warning(TEXT["open_start_page"])


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
