"""Steps 3-5 under the τ slider (mask, softmax, one query row), as fragments: a key press redraws only them."""
from __future__ import annotations

import time

import numpy as np
import streamlit as st

from explorer import figures
from explorer.figures import canvas
from explorer.i18n import t
from explorer.ui import share, state
from explorer.ui.selection import clamp_index
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import chart, copy_to_state
from gpt_core.interp.attention_math import softmax_lab

from .view import SoftmaxHead


def unique(fig):
    """fig with a nonce in layout.meta (plotly ignores it), for a chart that τ changes, drawn in a fragment.

    Streamlit 1.67 answers a message identical to one sent two runs earlier (τ → τ + 0.05 → τ by keyboard)
    with a reference into the browser's cache; with fragment reruns queued behind each other the browser
    has evicted that entry by then ("Cached ForwardMsg MISS") and drops the connection.
    """
    fig.layout.meta = time.monotonic_ns()
    return fig


def unique_spec(spec: dict) -> dict:
    """unique() for a canvas spec: the component ignores the nonce."""
    spec["nonce"] = time.monotonic_ns()
    return spec


@st.fragment
def tau_steps(v: SoftmaxHead) -> None:
    """Steps 3-5, under the τ slider: a key press on it reruns only this function, not the whole page.

    Every τ printed here comes from the one slider value this run read (lab_tau, tau_text). A fragment
    rerun reuses the head of the last full run (Streamlit keeps a fragment's arguments).
    """
    labels, layer, head, scaled, T, where = v.labels, v.layer, v.head, v.scaled, v.T, v.where
    q, k, scores, lab = v.q, v.k, v.scores, v.lab
    st.subheader(t("softmax_mask.step_mask"))
    tau = st.columns(2)[0].slider(t("softmax_mask.temperature"), 0.1, 5.0, 1.0, 0.05, key="softmax_temperature",
                                  help=t("softmax_mask.temperature_help"))
    lab_tau = softmax_lab(q, k, scores, tau, scaled)
    left, right = st.columns(2)
    # the model's masked scores: ÷ τ would rescale the colour bar, not the picture. Sent unchanged on every run of
    # this fragment, so Streamlit sends a cache reference and the browser skips redrawing it (no unique() here).
    with left:
        canvas_chart(canvas.score_map(lab["masked_scores"], labels,
                                      title=t("softmax_mask.masked_title", where=where, T=T),
                                      file_stem=f"masked_scores_L{layer}_H{head}"),
                     "softmax_masked_scores", {"tokens": labels, "masked scores [T, T]": lab["masked_scores"]},
                     f"masked_scores_L{layer}_H{head}")
        st.caption(t("softmax_mask.masked_caption", T=T))
    with right:
        spec = canvas.attention_map(lab_tau["masked_softmax"], labels, masked=True,
                                    title=t("softmax_mask.softmax_title", where=where, T=T),
                                    file_stem=f"pattern_L{layer}_H{head}")
        canvas_chart(unique_spec(spec), "softmax_pattern", {"tokens": labels, "pattern [T, T]": lab_tau["masked_softmax"]},
                     f"pattern_L{layer}_H{head}")
        st.caption(t("softmax_mask.softmax_caption", T=T, tau=tau))
    if tau == 1.0:
        diff = float(np.abs(lab_tau["masked_softmax"] - v.pattern).max())
        st.success(t("softmax_mask.model_match", layer=layer, head=head, diff=diff,
                     lo=float(lab_tau["row_sums"]["masked_softmax"].min())))
    else:
        st.info(t("softmax_mask.model_tau", tau=tau))
    row_inspector(v, lab_tau, "" if tau == 1.0 else f", ÷ τ = {tau:g}")


@st.fragment
def row_inspector(v: SoftmaxHead, lab_tau: dict, tau_text: str) -> None:
    """Step 5, nested in tau_steps: moving the query row reruns only this, at the τ of tau_steps' last run."""
    labels, layer, head, T, where = v.labels, v.layer, v.head, v.T, v.where
    st.subheader(t("softmax_mask.step_row"))
    row = clamp_index(state.get("query_row"), T, default=T - 1)  # None (never chosen) -> the last position
    if T > 1:
        st.session_state["_softmax_query_row"] = row
        st.select_slider(t("softmax_mask.query_row"), options=list(range(T)),
                         format_func=lambda i: f"{i}: {labels[i]}", key="_softmax_query_row",
                         on_change=copy_to_state, args=("_softmax_query_row", "query_row"))
    weights, wrong = lab_tau["row_sums"]["masked_softmax"], lab_tau["row_sums"]["softmax_then_zero"]
    chart(unique(figures.row_inspector(lab_tau["tempered"][row], lab_tau["masked_scores"][row],
                                       lab_tau["masked_softmax"][row], labels, row,
                                       title=t("softmax_mask.row_title", where=where, token=labels[row], i=row))),
          "softmax_row", {"query": row, "tokens": labels, "scores": lab_tau["tempered"][row],
                          "masked scores": lab_tau["masked_scores"][row], "weights": lab_tau["masked_softmax"][row]},
          f"row_{row}_L{layer}_H{head}")
    st.caption(t("softmax_mask.row_caption" if row < T - 1 else "softmax_mask.row_caption_last",
                 i=row, token=labels[row], T=T, tau_text=tau_text, first=row + 1, last=T - 1, n_future=T - 1 - row,
                 total=float(weights[row]), wrong=float(wrong[row]), lost=float(1.0 - wrong[row])))
    share.sync_after_fragment()  # τ and the row are in the page's link; this runs last in both fragments
