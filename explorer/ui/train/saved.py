"""0 · Saved runs: every run in the runs folder (this server's, and those from before a restart), to re-open."""
from __future__ import annotations

import time

import streamlit as st

from explorer import runs
from explorer.i18n import t
from explorer.jobs import JobError

MAX_OPTIONS = 50


def render(registry, session_id: str) -> None:
    """A picker of saved runs and Open, which makes the chosen run this session's job (ended: explore or resume)."""
    saved = runs.list_runs()[:MAX_OPTIONS]
    with st.expander(t("runs.saved.title"), expanded=False):
        st.caption(t("runs.saved.intro"))
        if not saved:
            st.caption(t("runs.saved.none"))
            return
        by_name = {run.name: run for run in saved}

        def label(name: str) -> str:
            run = by_name[name]
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(float(run.meta.get("updated") or 0)))
            return t("runs.saved.option", label=run.label, steps=run.step, when=when)

        name = st.selectbox(t("runs.saved.pick"), list(by_name), format_func=label, key="train_saved_run")
        if st.button(t("runs.saved.open"), key="train_open_saved"):
            try:
                job = registry.open_saved(session_id, by_name[name])
            except JobError as exc:
                st.error(t(exc.key, **exc.fields))
            else:
                st.query_params["job"] = job.token
                st.rerun()
