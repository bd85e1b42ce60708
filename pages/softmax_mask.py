"""Softmax & mask: one head's scores step by step (q·k, scale, mask, softmax), and the two orders the model avoids.

Prose: explorer/locales/<lang>/softmax_mask.py.
"""
from __future__ import annotations

import time

import numpy as np
import streamlit as st

from explorer import figures
from explorer.ui import state
from explorer.ui.selection import clamp_index
from explorer.ui.context import page_context
from explorer.figures.attention import add_diagonal
from explorer.i18n import t
from explorer.ui.widgets import chart, copy_to_state, index_picker
from gpt_core.capture import Interventions
from gpt_core.interp.attention_math import scaling_demo, score_spread, softmax_lab

ctx = page_context()
cfg = ctx.config
labels = ctx.labels
T = len(ctx.prepared.ids)
L, nh = cfg.n_layer, cfg.n_head


@st.cache_data(show_spinner=False)
def _scaling_demo() -> dict:
    return scaling_demo()


layer = clamp_index(state.get("layer"), L)
head = clamp_index(state.get("head"), nh)
state.put("layer", layer)
state.put("head", head)

st.title(t("softmax_mask.title"))
st.markdown(t("softmax_mask.what", layer=layer, head=head, T=T, d_k=cfg.head_size, nh=nh))
# one link per line, full width: side by side in two columns their labels were cut off
st.page_link("pages/labs.py", label=t("softmax_mask.concept_link"), icon="🧪")
st.page_link("pages/attention.py", label=t("softmax_mask.attention_link"), icon="👀")

pick_layer, pick_head = st.columns(2)  # the toggle on its own line: three across cut off H3 and its label
index_picker(t("softmax_mask.layer"), L, "_softmax_layer", "layer", "L", pick_layer)
index_picker(t("softmax_mask.head"), nh, "_softmax_head", "head", "H", pick_head)
scaled = st.toggle(t("softmax_mask.scale_toggle"), value=True, key="softmax_scale", help=t("softmax_mask.scale_help"))
if not scaled:
    st.info(t("softmax_mask.scale_off_note"))

analysis = ctx.analysis(Interventions(scale_scores=scaled))  # the model's own numbers, with or without the scale
q = analysis.block(layer, "attn.hook_q")[head]  # [T, hs]
k = analysis.block(layer, "attn.hook_k")[head]  # [T, hs]
scores = analysis.block(layer, "attn.hook_scores")[head]  # [T, T]
lab = softmax_lab(q, k, scores, 1.0, scaled)  # the model itself (τ = 1): steps 1-2 and the wrong orders
hs = lab["hs"]
factor = 1.0 / np.sqrt(hs)
where = f"L{layer} H{head}"

# --- 1-2: q·k and the scale
st.subheader(t("softmax_mask.step_scores"))
left, right = st.columns(2)
with left:
    chart(figures.score_heatmap(lab["raw"], labels, title=t("softmax_mask.raw_title", where=where, T=T)),
          "softmax_raw", {"tokens": labels, "q·kᵀ [T, T]": lab["raw"]}, f"qk_L{layer}_H{head}")
    st.caption(t("softmax_mask.raw_caption", layer=layer, head=head, T=T, d_k=hs))
with right:
    factor_text = t("softmax_mask.factor_on" if scaled else "softmax_mask.factor_off", d_k=hs, factor=factor)
    chart(figures.score_heatmap(lab["scores"], labels,
                                title=t("softmax_mask.scores_title", where=where, scale=f"{lab['scale']:.4g}", T=T)),
          "softmax_scores", {"tokens": labels, "scale": lab["scale"], "scores [T, T]": lab["scores"]},
          f"scores_L{layer}_H{head}")
    st.caption(t("softmax_mask.scaled_caption", layer=layer, head=head, T=T, factor_text=factor_text))
st.markdown(t("softmax_mask.why_scale", d_k=hs, sqrt=np.sqrt(hs)))
spread = score_spread(lab["raw"], hs)
near_one = 0.5 <= spread["std_scaled"] <= 2.0  # the textbook "about 1" holds only for unit-variance q and k
st.markdown(t("softmax_mask.spread", d_k=hs, sqrt=np.sqrt(hs), q_std=float(q.std()), k_std=float(k.std()),
              verdict=t("softmax_mask.spread_near" if near_one else "softmax_mask.spread_far"), **spread))


def unique(fig):
    """fig with a nonce in layout.meta (plotly ignores it), for a chart that τ changes, drawn in a fragment.

    Streamlit 1.67 answers a message identical to one sent two runs earlier (τ → τ + 0.05 → τ by keyboard)
    with a reference into the browser's cache; with fragment reruns queued behind each other the browser
    has evicted that entry by then ("Cached ForwardMsg MISS") and drops the connection.
    """
    fig.layout.meta = time.monotonic_ns()
    return fig


@st.fragment
def tau_steps(model_pattern) -> None:
    """Steps 3-5, under the τ slider: a key press on it reruns only this function, not the whole page.

    Every τ printed here comes from the one slider value this run read (lab_tau, tau_text). A fragment
    rerun sees the last full run's names (q, k, scores, lab, layer, head, scaled, labels).
    """
    st.subheader(t("softmax_mask.step_mask"))
    tau = st.columns(2)[0].slider(t("softmax_mask.temperature"), 0.1, 5.0, 1.0, 0.05, key="softmax_temperature",
                                  help=t("softmax_mask.temperature_help"))
    lab_tau = softmax_lab(q, k, scores, tau, scaled)
    left, right = st.columns(2)
    # the model's masked scores: ÷ τ would rescale the colour bar, not the picture. Sent unchanged on every run of
    # this fragment, so Streamlit sends a cache reference and the browser skips redrawing it (no unique() here).
    with left:
        chart(figures.score_heatmap(lab["masked_scores"], labels,
                                    title=t("softmax_mask.masked_title", where=where, T=T)),
              "softmax_masked_scores", {"tokens": labels, "masked scores [T, T]": lab["masked_scores"]},
              f"masked_scores_L{layer}_H{head}")
        st.caption(t("softmax_mask.masked_caption", T=T))
    with right:
        chart(unique(figures.attention_heatmap(lab_tau["masked_softmax"], labels, masked=True,
                                               title=t("softmax_mask.softmax_title", where=where, T=T))),
              "softmax_pattern", {"tokens": labels, "pattern [T, T]": lab_tau["masked_softmax"]},
              f"pattern_L{layer}_H{head}")
        st.caption(t("softmax_mask.softmax_caption", T=T, tau=tau))
    if tau == 1.0:
        diff = float(np.abs(lab_tau["masked_softmax"] - model_pattern).max())
        st.success(t("softmax_mask.model_match", layer=layer, head=head, diff=diff,
                     lo=float(lab_tau["row_sums"]["masked_softmax"].min())))
    else:
        st.info(t("softmax_mask.model_tau", tau=tau))
    row_inspector(lab_tau, "" if tau == 1.0 else f", ÷ τ = {tau:g}")


@st.fragment
def row_inspector(lab_tau: dict, tau_text: str) -> None:
    """Step 5, nested in tau_steps: moving the query row reruns only this, at the τ of tau_steps' last run."""
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


tau_steps(analysis.block(layer, "attn.hook_pattern")[head])  # pattern [T, T]

# --- what the mask prevents; the wrong order, on the model's own scores (τ = 1): the point is the order, not τ.
st.subheader(t("softmax_mask.step_wrong"))
st.markdown(t("softmax_mask.why_mask"), unsafe_allow_html=True)
left, right = st.columns(2)
future = np.triu(np.ones((T, T), dtype=bool), 1)
with left:
    fig = figures.attention_heatmap(lab["unmasked_softmax"], labels, masked=False,
                                    title=t("softmax_mask.unmasked_title", where=where, T=T))
    chart(add_diagonal(fig, T, t("softmax_mask.future_arrow") if T > 1 else None), "softmax_unmasked",
          {"tokens": labels, "unmasked softmax [T, T]": lab["unmasked_softmax"]}, f"unmasked_softmax_L{layer}_H{head}")
    st.caption(t("softmax_mask.unmasked_caption", T=T, future=float(lab["unmasked_softmax"][future].sum()) / T))
with right:
    chart(figures.attention_heatmap(lab["softmax_then_zero"], labels, masked=True,
                                    title=t("softmax_mask.wrong_title", where=where, T=T)),
          "softmax_wrong_order", {"tokens": labels, "softmax then zero [T, T]": lab["softmax_then_zero"]},
          f"softmax_then_zero_L{layer}_H{head}")
    st.caption(t("softmax_mask.wrong_caption", T=T))
sums = lab["row_sums"]
orders = ("masked_softmax", "unmasked_softmax", "softmax_then_zero")
named_sums = {t(f"softmax_mask.sums.{order}"): sums[order] for order in orders}  # legend names
chart(figures.row_sums_bar(named_sums, labels, title=t("softmax_mask.row_sums_title", where=where, T=T)),
      "softmax_row_sums", {"tokens": labels, **{order: sums[order] for order in orders}}, f"row_sums_L{layer}_H{head}")
wrong = sums["softmax_then_zero"]
st.caption(t("softmax_mask.row_sums_caption", T=T, lo=float(wrong.min()), lo_row=int(wrong.argmin())))

# A toggle, not an expander: a collapsed expander's chart is still built, sent and drawn on every edit.
if st.toggle(t("softmax_mask.demo_header"), key="softmax_show_demo"):
    st.markdown(t("softmax_mask.demo_text"))
    demo = _scaling_demo()
    chart(figures.scaling_figure(demo), "softmax_scaling_demo", demo, "scaling_demo")
