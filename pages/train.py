"""Train a tiny GPT in the browser and watch it learn.

Thin page: the run lives in explorer.jobs (a worker process; its files in explorer.runs' folder); the numbers come from
explorer.analysis.train; the sections that draw them are explorer/ui/train/ (settings, the live run, the
snapshot views, the results) and their prose explorer/locales/<lang>/train.py. This file only attaches the
session's job (the URL's ?job= token re-attaches it after a reload) and calls the sections.
"""
import streamlit as st

from explorer.ui import state
from explorer.ui.frame import page_setup
from explorer.i18n import t
from explorer.jobs import current_session_id, shared_registry
from explorer.ui.train import results, run, saved, settings, watch
from explorer.ui.train.persist import restore_settings

page_setup()
state.init_state()
restore_settings()
registry = shared_registry()
session_id = current_session_id()
url_token = st.query_params.get("job")
job = registry.attach(url_token, session_id)
if job is not None:
    job.touch()
    if url_token != job.token:
        st.query_params["job"] = job.token  # a reload of this URL re-attaches the run
elif url_token:
    del st.query_params["job"]
    st.info(t("train.job_gone"))
view = job.view() if job is not None else None
if job is not None:
    results.list_finished_run(job, view)

st.title(t("train.title"))
st.markdown(t("train.intro"))
settings.render(registry, session_id, view)
if view is None or not view.active:
    saved.render(registry, session_id)
if job is not None:
    run.render(job, view)
    watch.render(job, view)
    results.render(job, view)
