"""The app's frame (page config, navigation, shared sidebar) and `page_setup()`, which every page calls first.

Why pages call it: with a `pages/` folder beside app.py, Streamlit starts a fresh server, and every AppTest
run, in its legacy multipage mode, which runs a directly requested page (e.g. /next_token) on its own, without
app.py: no sidebar, no wide layout, a page list that says "app". `page_setup()` notices that app.py's frame is
not around this run and builds it with the public `st.navigation` (whose first call also ends the legacy mode
for the whole process), then runs the requested page inside it with the `Page.run()` that navigation returns,
in this same script run, so no one-shot widget value (the click that started the run) is lost. Inside the
frame it costs one context-variable lookup.
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager

import streamlit as st

from explorer.i18n import t
from explorer.ui import share
from explorer.ui.sidebar import render_sidebar
from explorer.ui.state import init_state

# (section, script, title key, icon); the first page is the default one
PAGES = (
    ("explore", "pages/overview.py", "app.nav.overview", "🗺️"),
    ("explore", "pages/tokenization.py", "app.nav.tokenization", "🔤"),
    ("explore", "pages/embeddings.py", "app.nav.embeddings", "📍"),
    ("explore", "pages/attention.py", "app.nav.attention", "👀"),
    ("explore", "pages/softmax_mask.py", "app.nav.softmax", "🎭"),
    ("explore", "pages/next_token.py", "app.nav.next_token", "🎲"),
    ("explore", "pages/attribution.py", "app.nav.attribution", "🔬"),
    ("explore", "pages/train.py", "app.nav.train", "🏋️"),
    ("explore", "pages/compare.py", "app.nav.compare", "⚖️"),
    ("learn", "pages/labs.py", "app.nav.labs", "🧪"),
    ("learn", "pages/what_if.py", "app.nav.what_if", "🔀"),
    ("learn", "pages/show_math.py", "app.nav.show_math", "🧮"),
    ("learn", "pages/questions.py", "app.nav.questions", "❓"),
    ("learn", "pages/tour.py", "app.nav.tour", "🧭"),
    ("learn", "pages/quiz.py", "app.nav.quiz", "✅"),
)

_inside_frame = contextvars.ContextVar("gpt_explorer_inside_frame", default=False)


def build_frame() -> st.Page:
    """Page config, session defaults, a shared link's view, the navigation and the sidebar; returns the page the
    URL asks for."""
    st.set_page_config(page_title="GPT Explorer", page_icon="🔍", layout="wide")
    init_state()
    share.restore_language()  # before any title is written
    sections: dict[str, list[st.Page]] = {}
    for n, (section, script, title_key, icon) in enumerate(PAGES):
        sections.setdefault(t(f"app.section.{section}"), []).append(
            st.Page(script, title=t(title_key), icon=icon, default=n == 0))
    page = st.navigation(sections, expanded=True)  # every page listed: collapsed, the Learn pages hid behind "View more"
    name = page.url_path or page_names()[0]  # the default page's url_path is ""
    share.restore(name)  # a link's model, text and settings, before the sidebar's widgets draw
    render_sidebar()
    share.begin(name)
    share.show_notices()
    return page


@contextmanager
def _frame_run():
    token = _inside_frame.set(True)
    try:
        yield
        share.finish()  # not after an exception; a page that calls st.stop() calls share.finish() first
    finally:
        _inside_frame.reset(token)


def run_app() -> None:
    """app.py's whole job: the frame, then the requested page inside it."""
    page = build_frame()
    with _frame_run():
        page.run()


def page_setup() -> None:
    """Call first on every page: when Streamlit ran the page without app.py, build the frame and run it there."""
    if _inside_frame.get():
        return
    page = build_frame()
    with _frame_run():
        page.run()
    st.stop()  # the page has run inside the frame; the bare run of it ends here


def page_names() -> list[str]:
    """The pages' URL paths, in navigation order (Streamlit names a page's URL after its file's stem)."""
    return [script.removeprefix("pages/").removesuffix(".py") for _, script, _, _ in PAGES]
