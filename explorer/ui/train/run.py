"""2 · The live run: status, progress, Stop, hints and the loss chart (polled often), and the text samples."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer import figures
from explorer.analysis.train import bucket_means, format_duration, training_hints
from explorer.i18n import error_text, t
from explorer.jobs import shared_registry
from explorer.ui.widgets import chart

# Refresh period of this panel while a run is active. Every refresh builds figures in the server process, which
# every learner's page shares: the cheap progress view polls often (the snapshot views rarely, see
# watch.WATCH_POLL_S).
POLL_S = 1.0
MAX_BATCH_POINTS = 400


def job_for_fragment(token: str, polling: bool):
    """The job's fresh state for a fragment run, or None; a fragment that finds the run ended redraws the page."""
    job = shared_registry().get(token)
    if job is None:
        return None, None
    job.touch()
    view = job.view()
    if polling and not view.active:
        st.rerun()  # the run just ended: redraw the whole page once, which turns the polling off
    return job, view


def _progress(view) -> None:
    st.markdown(f"**{t(f'train.status.{view.status}')}**")
    fraction = min(1.0, view.step / view.total_steps) if view.total_steps else 0.0
    fields = dict(step=view.step, total=view.total_steps, elapsed=format_duration(view.elapsed_s),
                  eta=format_duration(view.eta_s) if view.active else "0:00")
    if view.tokens_per_s == view.tokens_per_s:  # not NaN: at least one step done
        text = t("train.progress", tps=view.tokens_per_s, **fields)
    else:
        text = t("train.progress_no_speed", **fields)
    st.progress(fraction, text=text)


def failure_text(view) -> str:
    """Why the run failed, in the user's language: a worker's own reason, a coded reason, or the English text."""
    if view.error_key:
        return t(view.error_key, **view.error_fields)
    return error_text(view.error_reason) if view.error_reason is not None else view.error


def _hints(job, view) -> None:
    lr = view.lr if view.lr == view.lr else view.spec.train.lr  # the last run's rate: a resume may have lowered it
    error = failure_text(view)
    for hint in training_hints(view.evals, view.baselines, view.status, error, view.step, view.total_steps, lr=lr):
        getattr(st, hint.level)(t(hint.key, **hint.fields))
    if view.persist_problem is not None:
        st.warning(t(view.persist_problem.key, **view.persist_problem.fields))
    elif view.folder and (view.evals or view.ended):
        st.caption(t("runs.saved_in", path=Path(view.folder).name))  # the name only: the server's paths are its own


def _loss_figure(view):
    baselines = {}
    if "uniform" in view.baselines:
        baselines[t("train.baseline_uniform")] = view.baselines["uniform"]
    if "bigram" in view.baselines:
        baselines[t("train.baseline_bigram")] = view.baselines["bigram"]
    fig = figures.loss_curve(view.evals, baselines, title=t("train.loss_title", corpus=view.spec.corpus.name))
    xs, ys = bucket_means(view.batch_steps, view.batch_losses, max_points=MAX_BATCH_POINTS)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=t("train.series_batch"), opacity=0.35,
                             line=dict(color=figures.TRAIN_COLOR, width=1),
                             hovertemplate=t("train.batch_hover", number=".4f")))
    return fig


def _loss_chart(view) -> None:
    if not view.evals:
        st.caption(t("train.no_evals"))
        return
    batch = pd.DataFrame({"step": list(view.batch_steps), "batch_loss": list(view.batch_losses)})
    evals = pd.DataFrame(view.evals, columns=["step", "train_loss", "val_loss"])
    data = batch.merge(evals, on="step", how="outer").sort_values("step")
    chart(_loss_figure(view), key="train_loss_chart", data=data, file_stem="training_loss")
    n = len(view.batch_steps)
    bucket = t("train.bucket", n=-(-n // MAX_BATCH_POINTS)) if n > MAX_BATCH_POINTS else ""
    st.caption(t("train.loss_caption", corpus=view.spec.corpus.name, vocab=view.vocab_size, bucket=bucket,
                 uniform=view.baselines.get("uniform", float("nan")),
                 bigram=view.baselines.get("bigram", float("nan"))))


def progress_panel(token: str, polling: bool) -> None:
    """Status, progress, Stop, hints and the loss chart: cheap, so refreshed every POLL_S seconds."""
    job, view = job_for_fragment(token, polling)
    if job is None:
        return
    st.subheader(t("train.run"))
    cols = st.columns([5, 1])
    with cols[1]:
        if view.active and st.button(t("train.stop"), key="train_stop", disabled=view.status == "stopping"):
            job.stop()  # the worker ends after the current step (or leaves the queue); the next poll shows it
            view = job.view()
    with cols[0]:
        _progress(view)
        if view.status == "queued" and view.queue_position:
            st.info(t("train.queue_position", position=view.queue_position, length=view.queue_length,
                      limit=shared_registry().max_running))
        if view.device:  # known once the worker has built its model
            st.caption(t("train.device", device=view.device))
    _hints(job, view)
    _loss_chart(view)


def samples(view) -> None:
    if not view.samples:
        return
    st.markdown(f"**{t('train.samples')}**")
    step, text = view.samples[-1]
    st.caption(t("train.sample_at", step=step))
    st.code(text, language=None)
    if len(view.samples) > 1:
        with st.expander(t("train.older_samples")):
            for step, text in reversed(view.samples[:-1]):
                st.caption(t("train.sample_at", step=step))
                st.code(text, language=None)


def render(job, view) -> None:
    st.fragment(progress_panel, run_every=POLL_S if view.active else None)(job.token, view.active)
