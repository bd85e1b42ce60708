"""The sidebar's "Get a model from the Hugging Face Hub": repo id -> size -> confirm -> download -> active.

Nothing touches the network until a button is clicked: "Check size" asks the Hub what would be fetched
(explorer.hub.plan_download) and shows it; only the second button downloads, with a progress bar, into the
local HF cache, where the picker then finds the model and makes it active. The operator can hide the panel
with GPT_EXPLORER_HUB=0.
"""
from __future__ import annotations

import os

import streamlit as st

from explorer import hub
from explorer.i18n import t
from explorer.models import format_size, hf_cache_dir
from explorer.ui.model_picker import MESSAGE_KEY, select_model
from explorer.ui.resources import disk_entries, refresh_listing

PLAN_KEY, REPO_KEY = "_hub_plan", "_hub_repo"


def enabled() -> bool:
    return os.environ.get("GPT_EXPLORER_HUB", "1").strip().lower() not in ("0", "false", "no", "off")


def hub_message(exc: hub.HubError) -> str:
    return t(f"models.hub.error.{exc.reason}", **{"repo": "", "detail": "", **exc.details})


def _same_repo(plan: hub.DownloadPlan, repo: str) -> bool:
    """Whether the plan shown is for the repo id in the box (an edited box hides an old plan)."""
    try:
        return hub.check_repo_id(repo) == plan.repo_id
    except hub.HubError:
        return False


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / 2**20:,.1f}"


def _check(repo: str) -> None:
    st.session_state.pop(PLAN_KEY, None)
    try:
        with st.spinner(t("models.hub.checking", repo=repo)):
            st.session_state[PLAN_KEY] = hub.plan_download(repo, hf_cache_dir())
    except hub.HubError as exc:
        st.error(hub_message(exc))


def _download(plan: hub.DownloadPlan) -> None:
    bar = st.progress(0.0, text=t("models.hub.progress", name="", done="0.0", total=_mb(plan.total_bytes)))
    last = [-1]

    def progress(done: int, total: int, name: str) -> None:
        percent = int(100 * done / total) if total else 100
        if percent != last[0]:  # one redraw per percent, not per chunk
            last[0] = percent
            bar.progress(percent / 100, text=t("models.hub.progress", name=name, done=_mb(done), total=_mb(total)))

    try:
        folder = hub.download(plan, hf_cache_dir(), progress)
    except hub.HubError as exc:
        bar.empty()
        st.error(hub_message(exc))
        return
    refresh_listing()
    real = folder.resolve()
    entry = next((e for e in disk_entries() if e.path is not None and e.path.resolve() == real), None)
    st.session_state.pop(PLAN_KEY, None)
    if entry is None or entry.problem:
        st.error(t("models.load_failed", name=plan.repo_id, error=entry.problem if entry else folder))
        return
    if select_model(entry.key):  # else select_model left its reason for the picker to show
        st.session_state[MESSAGE_KEY] = ("success", t("models.hub.done", name=entry.label))
    st.rerun()  # redraw the picker (drawn above this panel): the new entry, active, or why it is not


def render_hub_panel() -> None:
    """Inside `with st.sidebar`."""
    if not enabled():
        return
    with st.expander(t("models.hub.expander")):
        repo = st.text_input(t("models.hub.repo_label"), key=REPO_KEY, placeholder="HuggingFaceTB/SmolLM2-135M",
                             help=t("models.hub.repo_help"))
        if st.button(t("models.hub.check"), key="_hub_check", disabled=not repo.strip()):
            _check(repo)
        plan = st.session_state.get(PLAN_KEY)
        if plan is None or not _same_repo(plan, repo):
            return
        st.markdown(t("models.hub.plan", repo=plan.repo_id, n=len(plan.files), size=_mb(plan.total_bytes),
                      params=format_size(plan.n_params) or "?", family=plan.model_type or "?",
                      cache=hf_cache_dir()))
        st.caption(", ".join(f.name for f in plan.files))
        if st.button(t("models.hub.download", size=_mb(plan.total_bytes)), key="_hub_download", type="primary"):
            _download(plan)
