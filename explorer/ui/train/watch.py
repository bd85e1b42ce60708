"""3 · Watch it learn: the snapshot slider and what the model did with the probe at that step (attention, next
token, embeddings). Polled rarely: new snapshots arrive only at evaluations and these figures cost ~5x the loss
chart to build."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import figures
from explorer.figures.embeddings import vocab_scatter
from explorer.i18n import t
from explorer.ui.widgets import chart
from gpt_core.tokenizers import TOKEN_KINDS

from .run import job_for_fragment, samples

WATCH_POLL_S = 5.0
# explorer.analysis.train.Probe.source -> its catalogue name
PROBE_SOURCES = {"repeat probe": "repeat", "your sidebar text": "sidebar", "validation text": "validation"}


def _pick_snapshot(view):
    """The snapshot the slider points at; it follows the newest one unless the user moved it back."""
    steps = [s.step for s in view.snapshots]
    chosen = st.session_state.get("train_snapshot")  # the slider's value from the last run
    newest_before = st.session_state.get("_train_snap_newest")
    if st.session_state.get("_train_snap_job") != view.token or chosen not in steps or chosen == newest_before:
        chosen = steps[-1]
    st.session_state["_train_snap_job"] = view.token
    st.session_state["_train_snap_newest"] = steps[-1]
    if len(steps) > 1:
        st.session_state["train_snapshot"] = chosen  # new snapshots change the options: keep the choice
        chosen = st.select_slider(t("train.snapshot"), steps, key="train_snapshot")
    return view.snapshots[steps.index(chosen)]


def _attention(view, snap) -> None:
    probe = view.probe
    T = len(probe)
    L, nh = snap.attention.shape[:2]
    labels = None
    if snap.induction is not None:
        labels = [[t("train.induction_label", score=snap.induction[l, h]) for h in range(nh)] for l in range(L)]
    fig = figures.attention_grid(snap.attention, labels=labels,
                                 title=t("train.attention_title", L=L, nh=nh, T=T, step=snap.step))
    chart(fig, key="train_attention", data={"step": snap.step, "tokens": list(probe.labels),
                                            "attention [L, nh, T, T]": snap.attention},
          file_stem=f"attention_step{snap.step}")
    caption = t("train.attention_caption", nh=nh, T=T, L=L, step=snap.step)
    if probe.repeat_len:
        caption += t("train.induction_caption", offset=probe.repeat_len - 1)
    st.caption(caption)


def _next_token(view, snap) -> None:
    probe = view.probe
    tokens = [view.labels[i] for i in snap.top_ids]
    last = probe.labels[-1]
    fig = figures.next_token_bars(tokens, snap.top_probs, snap.top_probs,
                                  title=t("train.next_title", last=last, step=snap.step, k=len(tokens),
                                          vocab=view.vocab_size))
    fig.data = fig.data[:1]  # no sampling filters here: one series, the raw softmax
    fig.data[0].name = t("train.next_series", step=snap.step)
    table = pd.DataFrame({"token": tokens, "id": snap.top_ids, "probability": snap.top_probs})
    chart(fig, key="train_next", data=table, file_stem=f"next_token_step{snap.step}")
    caption = t("train.next_caption", vocab=view.vocab_size, pos=len(probe) - 1, last=last, step=snap.step,
                loss=snap.probe_loss)
    if probe.expected_next is not None and snap.expected_prob is not None:
        caption += t("train.next_expected", token=view.labels[probe.expected_next], p=snap.expected_prob)
    st.caption(caption)


def _embeddings(view, snap) -> None:
    C = view.spec.model["n_embd"]
    probe_ids = set(view.probe.ids)
    in_probe = [i in probe_ids for i in range(len(view.labels))]
    # the Embeddings page's classifier, names and colours (gpt_core.tokenizers.token_kind)
    kinds = [t(f"embeddings.kind.{kind}") for kind in view.categories]
    fig = vocab_scatter(snap.embedding_xy, list(view.labels), kinds,
                        [t(f"embeddings.kind.{kind}") for kind in TOKEN_KINDS], in_probe, snap.explained,
                        title=t("train.embed_title", vocab=view.vocab_size, C=C, step=snap.step))
    table = pd.DataFrame({"token": list(view.labels), "pc1": snap.embedding_xy[:, 0],
                          "pc2": snap.embedding_xy[:, 1], "kind": list(view.categories)})
    chart(fig, key="train_embed", data=table, file_stem=f"embeddings_step{snap.step}")
    st.caption(t("train.embed_caption", vocab=view.vocab_size, C=C, var=float(sum(snap.explained))))


def _watch(view) -> None:
    st.subheader(t("train.watch"))
    probe = view.probe
    if probe is None or not view.snapshots:
        st.caption(t("train.no_snapshots"))
        return
    source = PROBE_SOURCES.get(probe.source)
    st.caption(t("train.watch_intro", source=t(f"train.probe_source.{source}") if source else probe.source,
                 T=len(probe)))
    st.code(probe.text, language=None)
    snap = _pick_snapshot(view)
    tabs = st.tabs([t("train.tab.attention"), t("train.tab.next"), t("train.tab.embed")])
    for tab, draw in zip(tabs, (_attention, _next_token, _embeddings)):
        with tab:
            draw(view, snap)


def watch_panel(token: str, polling: bool) -> None:
    """Samples and the snapshot views, refreshed every WATCH_POLL_S seconds while the run is active."""
    job, view = job_for_fragment(token, polling)
    if job is None:
        return
    samples(view)
    _watch(view)


def render(job, view) -> None:
    st.fragment(watch_panel, run_every=WATCH_POLL_S if view.active else None)(job.token, view.active)
