"""Share a view by URL: a link's view restored on a session's first run, the address bar kept up to date after
every run, and the sidebar's "Share this view" box with the link to copy.

The frame (explorer/ui/frame.py) calls restore_language, restore and show_notices before a page draws, and finish
after it; a fragment that changes a linked setting calls sync_url. Parameter names, defaults and the parsing
are explorer/analysis/share.py; the model goes through the picker's own rules (a listed key, or a path inside
the allowed folders: explorer.ui.model_picker.open_from_url).
"""
from __future__ import annotations

import contextvars
from urllib.parse import quote, urlencode

import streamlit as st

from explorer.analysis.share import (FOREIGN, MAX_TEXT_CHARS, Limits, Param, Problem, check_limits, encode_view,
                                     params_for, parse_query, shown)
from explorer.analysis.text_prep import prepare_input
from explorer.figures.markup import md_escape
from explorer.i18n import LANGUAGES, t
from explorer.ui import state

RESTORED_KEY, NOTICES_KEY, LINK_KEY, LIMITS_KEY = "_share_restored", "_share_notices", "_share_link", "_share_limits"
# The sidebar container of this script run (a context variable: every session's run has its own thread).
_box: contextvars.ContextVar = contextvars.ContextVar("gpt_explorer_share_box", default=None)


def _limits(ckpt) -> Limits:
    """The model's sizes and T of the session's text (remembered per model, text and unknown-character mode)."""
    cfg = ckpt.config
    text, mode = state.get("text") or "", state.get("unknown_mode")
    memo_key = (id(ckpt), cfg.block_size, text, mode)
    memo = st.session_state.get(LIMITS_KEY)
    if not memo or memo[0] != memo_key:
        memo = (memo_key, len(prepare_input(ckpt.tokenizer, text, cfg.block_size, mode).ids))
        st.session_state[LIMITS_KEY] = memo
    return Limits(n_layer=cfg.n_layer, n_head=cfg.n_head, vocab_size=cfg.vocab_size, n_tokens=memo[1])


# ---- reading a link -----------------------------------------------------------------------------------------


def _put(param: Param, value) -> None:
    """Store one restored value where the page reads it."""
    if param.state_key == "_math_cell":  # Show the math keeps its cell in two number inputs
        st.session_state["_math_i"], st.session_state["_math_j"] = value
        state.put("query_row", value[0])
    elif param.state_key == "_attention_cell":
        st.session_state["_attention_cell"] = tuple(value)
        state.put("query_row", value[0])
    else:
        st.session_state[param.state_key] = value


def _get(param: Param):
    """The session's current value of one parameter (None when unset)."""
    if param.state_key == "_math_cell":
        i, j = st.session_state.get("_math_i"), st.session_state.get("_math_j")
        return None if i is None or j is None else (int(i), int(j))
    if param.state_key == "_attention_cell":
        cell = st.session_state.get("_attention_cell")
        return None if cell is None else (int(cell[0]), int(cell[1]))
    return st.session_state.get(param.state_key)


def restore_language() -> None:
    """?lang= before anything is drawn (the navigation's titles are in it); once per session."""
    if st.session_state.get(RESTORED_KEY):
        return
    value = st.query_params.get("lang")
    if value in LANGUAGES:
        st.session_state["lang"] = value


def restore(page: str) -> None:
    """On a session's first run: the link's model, then its text and settings, each checked; what cannot be used is
    left at its default and listed in a notice (show_notices)."""
    if st.session_state.get(RESTORED_KEY):
        return
    st.session_state[RESTORED_KEY] = True
    query = st.query_params.to_dict()
    if not set(query) - FOREIGN:
        return
    from explorer.ui.model_picker import open_from_url  # the picker imports the sidebar's modules; keep this lazy
    from explorer.ui.resources import active_model, available_models

    parsed = parse_query(query, page)
    values, problems = dict(parsed.values), list(parsed.problems)
    values.pop("lang", None)  # restore_language has set it
    model = values.pop("model", None)
    if model is not None and not open_from_url(model):
        problems.append(Problem("model", "model", shown(model)))
    own = params_for(page)
    if "b" in values and values["b"] not in {e.key for e in available_models()}:  # Compare's model B: a listed key
        problems.append(Problem("model", "b", shown(values.pop("b"))))
    for name in ("text", "unknown"):  # before the limits: T depends on them
        if name in values:
            _put(own[name], values.pop(name))
    active = active_model()
    if active is not None:
        values, out_of_range = check_limits(values, _limits(active[1]), page)
        problems += out_of_range
    for name, value in values.items():
        _put(own[name], value)
    if problems:
        st.session_state[NOTICES_KEY] = problems


def problem_text(problem: Problem) -> str:
    """One problem as a line of the notice, in the reader's language; the link's words are escaped."""
    fmt = {k: md_escape(v) if isinstance(v, str) else v for k, v in problem.params.items()}
    return t(f"share.problem.{problem.code}", name=md_escape(problem.name), value=md_escape(problem.value), **fmt)


def show_notices() -> None:
    """The notice about a link's unusable values, once, at the top of the page."""
    problems = st.session_state.pop(NOTICES_KEY, None)
    if problems:
        problems = sorted(problems, key=lambda p: p.code == "unknown")  # the link's own settings first
        st.info(t("share.notice_intro") + "\n" + "\n".join(f"- {problem_text(p)}" for p in problems), icon="🔗")


# ---- writing the link -----------------------------------------------------------------------------------------


def current_link(page: str) -> tuple[dict[str, str], dict] | None:
    """(query parameters, facts) for the view shown now; facts: text_cut, text_chars, session_model."""
    from explorer.ui.model_picker import suggestion
    from explorer.ui.resources import active_model, available_models

    active = active_model()
    if active is None:
        return None
    key, ckpt = active
    limits = _limits(ckpt)
    own = params_for(page)
    values = {name: _get(param) for name, param in own.items()}
    entries = available_models()
    session_model = any(e.key == key and e.source == "session" for e in entries)
    values["model"] = None if session_model else key
    defaults = {"model": entries[0].key if entries else None, "text": suggestion(ckpt)}
    if "cell" in own and own["cell"].state_key == "_math_cell":  # Show the math's first cell: the last query, key before
        last = limits.n_tokens - 1
        defaults["cell"] = (max(last, 0), max(last - 1, 0))
    if page == "compare":  # side B: a model in models mode, a text in prompts mode; the other is not in the link
        from explorer.analysis.compare import contrast_prompt

        others = [e.key for e in entries if e.key != key]
        defaults["b"], defaults["textb"] = (others[0] if others else None), contrast_prompt(state.get("text") or "")
        values.pop("textb" if values.get("mode") != "prompts" else "b", None)
        if any(e.key == values.get("b") and e.source == "session" for e in entries):
            values["b"] = None  # a model of this tab only: a link cannot name it
    params, cut = encode_view(values, page, defaults, limits)
    text = state.get("text") or ""
    return params, {"text_cut": cut, "text_chars": len(text), "session_model": session_model}


def sync_url(page: str | None = None) -> None:
    """Put the view in the address bar (only when it changed); parameters other parts of the app own stay."""
    page = page or st.session_state.get("_share_page")
    link = current_link(page) if page else None
    if link is None:
        return
    params, facts = link
    st.session_state[LINK_KEY] = (page, params, facts)
    current = st.query_params.to_dict()
    wanted = {**{k: v for k, v in current.items() if k in FOREIGN}, **params}
    if current != wanted:
        st.query_params.from_dict(wanted)
    if "model" in params:
        st.session_state["_query_model_seen"] = params["model"]  # the picker must not re-open what it wrote


def sync_after_fragment() -> None:
    """At the end of a fragment that changes a linked setting: a fragment rerun skips the frame's finish()."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None and ctx.fragment_ids_this_run:
        sync_url()


def link_url(page: str, params: dict[str, str]) -> str:
    """The address to share: the browser's own (scheme, host, path) with the view's query string."""
    base = None
    try:
        base = st.context.url
    except Exception:  # no browser (AppTest, a bare script run): a relative link
        base = None
    base = base or f"/{page}"
    query = urlencode(params, quote_via=quote, safe=",")
    return f"{base}?{query}" if query else base


def begin(page: str) -> None:
    """Before the page draws: remember the page, reserve the sidebar's place for the share box."""
    st.session_state["_share_page"] = page
    _box.set(st.sidebar.container())


def finish() -> None:
    """After the page drew: the address bar and the share box."""
    page = st.session_state.get("_share_page")
    if not page:
        return
    sync_url(page)
    box = _box.get()
    _box.set(None)
    link = st.session_state.get(LINK_KEY)
    if box is None or link is None:
        return
    _, params, facts = link
    with box.expander(t("share.header")):
        st.caption(t("share.caption"))
        st.code(link_url(page, params), language=None, wrap_lines=True)
        if facts["text_cut"]:
            st.caption(t("share.text_cut", max=MAX_TEXT_CHARS, n=facts["text_chars"]))
        if facts["session_model"]:
            st.caption(t("share.session_model"))
