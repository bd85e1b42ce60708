"""4 · Keep the model: list a finished run in the sidebar, explore it, download its checkpoint, resume it."""
from __future__ import annotations

import streamlit as st

from explorer.ui import sidebar, state
from explorer.i18n import t
from explorer.jobs import JobError, shared_registry
from explorer.ui.resources import add_user_model


def _listed() -> dict:
    return st.session_state.setdefault("_train_listed", {})  # "job token:finished runs" -> (model key, label)


def _has_model(job, view) -> bool:
    return view.has_model


def list_finished_run(job, view) -> None:
    """Put an ended run's model in the sidebar picker (without activating it), once per finished run."""
    if not _has_model(job, view):
        return
    tag = f"{job.token}:{view.runs}"
    listed = _listed()
    if tag in listed and listed[tag][0] in state.get("user_models"):
        return
    suffix = t(f"train.label_suffix.{view.status}") if view.status in ("stopped", "failed") else ""
    label = t("train.label", corpus=view.spec.corpus.name, steps=view.step, suffix=suffix)
    previous = state.get("model_key")
    key = add_user_model(job.export_checkpoint(label), label)  # registers and activates ...
    state.put("model_key", previous)  # ... but listing must not change what the other pages show
    listed[tag] = (key, label)
    st.rerun()  # the sidebar was drawn before this page: redraw it with the new entry


def _explore(token: str, tag: str) -> None:
    """Button callback (runs before the rerun, so the sidebar's picker can still be set): activate the model."""
    key, label = _listed()[tag]
    if key not in state.get("user_models"):  # removed meanwhile: list it again
        job = shared_registry().get(token)
        if job is None:
            return
        key = add_user_model(job.export_checkpoint(label), label)
        _listed()[tag] = (key, label)
    sidebar.select_model(key)  # also swaps in the new model's suggested text; the picker follows model_key
    st.session_state["_train_explored"] = label


def _resume_button(job, view, where) -> None:
    target = job.resume_target()
    lr = view.lr / 10 if view.status == "failed" and view.lr == view.lr else None
    label = t("train.resume_failed", target=target, lr=lr) if lr else t("train.resume", target=target)
    if where.button(label, key="train_resume", help=t("train.resume_help")):
        try:
            shared_registry().resume(job, target, lr)
        except JobError as exc:  # includes the server-wide cap
            st.error(t(exc.key, **exc.fields))
        else:
            st.rerun()


def render(job, view) -> None:
    if not _has_model(job, view):
        return
    st.subheader(t("train.results"))
    tag = f"{job.token}:{view.runs}"
    entry = _listed().get(tag)
    cols = st.columns(3)
    if entry is not None:
        cols[0].button(t("train.explore"), key="train_explore", type="primary", help=t("train.explore_help"),
                       on_click=_explore, args=(job.token, tag))
    cols[1].download_button(t("train.download_ckpt"), job.checkpoint_bytes(), key="train_download_ckpt",
                            file_name=f"{view.spec.corpus.name.replace(':', '_')}_{view.step}steps.safetensors",
                            mime="application/octet-stream", on_click="ignore")
    _resume_button(job, view, cols[2])
    explored = st.session_state.pop("_train_explored", None)
    if explored:
        st.success(t("train.explored", label=explored))
    elif entry is not None:
        st.caption(t("train.listed", label=entry[1]))
