"""Softmax & mask: one head's scores step by step (q·k, scale, mask, softmax), and the two orders the model avoids."""
from __future__ import annotations

import numpy as np
import streamlit as st

from explorer import figures, state
from explorer.analysis_attention import clamp_index, score_spread, softmax_lab
from explorer.context import page_context
from explorer.figures_attention import add_diagonal
from explorer.widgets import chart
from gpt_core.capture import Interventions
from gpt_core.inspect import scaling_demo

TEXT = {
    "title": "Softmax & mask",
    "intro": (
        "How one head turns queries and keys into attention weights, one step at a time, with this model's own "
        "numbers for your text: the dot products q·k for every query i and key j, scaled by 1/√d_k, the causal "
        "mask (every future key j > i set to −inf), and a softmax along each row. Beside the real pipeline are "
        "two things the model never does — softmax without the mask, and the mask applied after the softmax — so "
        "you can see what each would break."
    ),
    "layer": "Layer",
    "head": "Head",
    "scale_toggle": "Scale the scores by 1/√d_k",
    "scale_help": (
        "Switching this off runs the model again without the factor, in every layer: from layer 1 on, Q and K "
        "change too, because the earlier layers' outputs changed."
    ),
    "temperature": "Temperature τ (divides the scores before softmax)",
    "temperature_help": (
        "A what-if on this page only; the model always uses τ = 1. τ < 1 sharpens each row towards its largest "
        "score, τ > 1 flattens it towards uniform over the allowed keys."
    ),
    "step_scores": "1–2. Dot products, then the 1/√d_k scale",
    "raw_caption": (
        "q·kᵀ of layer {layer}, head {head}: [T={T}, T={T}], from `attn.hook_q` and `attn.hook_k` "
        "[T={T}, d_k={d_k}] — every pair, the future included."
    ),
    "scaled_caption": (
        "Scores `transformer.h.{layer}.attn.hook_scores`, head {head}: [T={T}, T={T}] = q·kᵀ × {factor_text}."
    ),
    "factor_on": "1/√d_k = 1/√{d_k} = {factor:.4f}",
    "factor_off": "1 (scaling switched off; it would be 1/√{d_k} = {factor:.4f})",
    "why_scale": (
        "**Why divide by √d_k.** Here d_k = hs = n_embd / n_head = {d_k}. If the {d_k} components of q and k are "
        "independent with mean 0 and variance 1, q·k is a sum of {d_k} products of variance 1 each, so its variance "
        "is {d_k} (standard deviation √{d_k} ≈ {sqrt:.1f}). Softmax turns differences of scores into ratios of "
        "weights (e^Δ), so scores that far apart make it saturate: one key takes almost all the weight and the "
        "gradient through the others is almost zero, which stalls learning. Dividing by √d_k brings the variance "
        "back to about 1, whatever the head size."
    ),
    "spread": (
        "In this head, on your text: the standard deviation of q·k over the visible pairs (j ≤ i) is "
        "{std_raw:.2f}, and {std_scaled:.2f} after ÷√{d_k}; the largest weight in a row averages "
        "{max_weight_scaled:.2f} with the scale and {max_weight_unscaled:.2f} without it (1.00 = saturated)."
    ),
    "step_mask": "3–4. Mask the future with −inf, then softmax each row",
    "masked_caption": (
        "Masked scores [T={T}, T={T}]{tau_text}: above the diagonal every entry is −inf (grey) — "
        "`attn.hook_masked_scores`."
    ),
    "softmax_caption": "softmax of the masked scores along each row: the attention pattern [T={T}, T={T}].",
    "model_match": (
        "This is the model's own pattern `transformer.h.{layer}.attn.hook_pattern` (head {head}): the largest "
        "difference is {diff:.1e}. Every row sums to 1 (smallest row sum {lo:.6f}) and the upper triangle is "
        "exactly 0."
    ),
    "model_tau": (
        "With τ = {tau:g} this is no longer the model's pattern (the model uses τ = 1): set τ to 1 to compare."
    ),
    "step_wrong": "What the mask prevents, and why it goes before the softmax",
    "why_mask": (
        "**Why −inf before softmax.** softmax(s)<sub>j</sub> = e<sup>s<sub>j</sub></sup> / Σ<sub>j'</sub> "
        "e<sup>s<sub>j'</sub></sup>. A masked score of −inf becomes e<sup>−inf</sup> = 0: a future key gets "
        "exactly 0 weight and adds nothing to the denominator, so the allowed keys j ≤ i share all the weight and "
        "every row still sums to 1. Zeroing the future *after* softmax removes weight that had already been "
        "handed out: each row i < T−1 then sums to less than 1 (only the last row, which has no future, keeps 1), "
        "and the past keys' weights were divided by a sum that included the future keys' scores — the future "
        "still leaks in. Without any mask, every row spreads weight over tokens that come later, which the model "
        "cannot see when it generates: trained that way, it would learn to copy the next token instead of "
        "predicting it."
    ),
    "unmasked_caption": (
        "softmax without the mask [T={T}, T={T}] (from the pre-mask scores): weight right of the dashed diagonal "
        "is weight on the future; the upper triangle holds {future:.0%} of all weight."
    ),
    "wrong_caption": (
        "softmax first, then zero the future [T={T}, T={T}]: the same grey triangle as the real pattern, but the "
        "rows no longer sum to 1."
    ),
    "row_sums_caption": (
        "Sum of each query row [T={T}] for the three orders: mask → softmax and softmax without mask are 1 on "
        "every row; softmax → zero drops below 1 on every row but the last (smallest: {lo:.3f} at row {lo_row})."
    ),
    "step_row": "Row inspector: one query, three steps",
    "query_row": "Query position i",
    "row_caption": (
        "Row {i} ('{token}') [T={T}]{tau_text}: scaled scores, masked scores (✕ = −inf: keys {first}…{last}), "
        "and the softmax weights, which sum to {total:.4f}. Applied after the softmax, the mask would leave "
        "{wrong:.4f}: the {n_future} future keys had taken {lost:.4f} of the weight."
    ),
    "row_caption_last": (
        "Row {i} ('{token}') [T={T}]{tau_text}: scaled scores, masked scores and softmax weights (sum {total:.4f}). "
        "The last row has no future keys, so the mask changes nothing here — pick an earlier row to see it act."
    ),
    "demo_header": "The √d_k argument on random vectors",
    "demo_text": (
        "Random q and k with unit-variance components, for head sizes d from 4 to 1024: the variance of q·k grows "
        "like d (left; the scaled version stays near 1), and softmax over 16 keys saturates without the scale "
        "(right: mean largest weight per row)."
    ),
}

ctx = page_context()
cfg = ctx.config
labels = ctx.labels
T = len(ctx.prepared.ids)
L, nh = cfg.n_layer, cfg.n_head


@st.cache_data(show_spinner=False)
def _scaling_demo() -> dict:
    return scaling_demo()


def _mirror(widget_key: str, value) -> None:
    """Show the shared state value in this page's widget (widget keys are dropped on page switches)."""
    st.session_state[widget_key] = value


def _copy_back(widget_key: str, state_key: str) -> None:
    value = st.session_state.get(widget_key)
    if value is not None:
        state.set(state_key, value)


def _index_picker(label: str, n: int, widget_key: str, state_key: str, prefix: str, where) -> None:
    _mirror(widget_key, state.get(state_key))
    common = dict(key=widget_key, on_change=_copy_back, args=(widget_key, state_key))
    if n <= 16:
        where.segmented_control(label, list(range(n)), format_func=lambda v: f"{prefix}{v}", required=True, **common)
    else:
        where.selectbox(label, list(range(n)), format_func=lambda v: f"{prefix}{v}", **common)


layer = clamp_index(state.get("layer"), L)
head = clamp_index(state.get("head"), nh)
state.set("layer", layer)
state.set("head", head)

st.title(TEXT["title"])
st.markdown(TEXT["intro"])

pick_layer, pick_head, pick_scale, pick_tau = st.columns([2, 2, 2, 3])
_index_picker(TEXT["layer"], L, "_softmax_layer", "layer", "L", pick_layer)
_index_picker(TEXT["head"], nh, "_softmax_head", "head", "H", pick_head)
scaled = pick_scale.toggle(TEXT["scale_toggle"], value=True, key="softmax_scale", help=TEXT["scale_help"])
tau = pick_tau.slider(TEXT["temperature"], 0.1, 5.0, 1.0, 0.05, key="softmax_temperature",
                      help=TEXT["temperature_help"])

analysis = ctx.analysis(Interventions(scale_scores=scaled))  # the model's own numbers, with or without the scale
q = analysis.block(layer, "attn.hook_q")[head]  # [T, hs]
k = analysis.block(layer, "attn.hook_k")[head]  # [T, hs]
lab = softmax_lab(q, k, analysis.block(layer, "attn.hook_scores")[head], tau, scaled)
d_k = lab["d_k"]
factor = 1.0 / np.sqrt(d_k)
tau_text = "" if tau == 1.0 else f", ÷ τ = {tau:g}"
where = f"L{layer} H{head}"

# --- 1-2: q·k and the scale
st.subheader(TEXT["step_scores"])
left, right = st.columns(2)
with left:
    chart(figures.score_heatmap(lab["raw"], labels, title=f"{where} q·kᵀ [T={T}, T={T}] (unscaled)"),
          "softmax_raw", {"tokens": labels, "q·kᵀ [T, T]": lab["raw"]}, f"qk_L{layer}_H{head}")
    st.caption(TEXT["raw_caption"].format(layer=layer, head=head, T=T, d_k=d_k))
with right:
    factor_text = (TEXT["factor_on"] if scaled else TEXT["factor_off"]).format(d_k=d_k, factor=factor)
    chart(figures.score_heatmap(lab["scores"], labels,
                                title=f"{where} scores = q·kᵀ × {lab['scale']:.4g} [T={T}, T={T}]"),
          "softmax_scores", {"tokens": labels, "scale": lab["scale"], "scores [T, T]": lab["scores"]},
          f"scores_L{layer}_H{head}")
    st.caption(TEXT["scaled_caption"].format(layer=layer, head=head, T=T, factor_text=factor_text))
st.markdown(TEXT["why_scale"].format(d_k=d_k, sqrt=np.sqrt(d_k)))
st.markdown(TEXT["spread"].format(d_k=d_k, **score_spread(lab["raw"], d_k)))

# --- 3-4: mask, softmax
st.subheader(TEXT["step_mask"])
left, right = st.columns(2)
with left:
    chart(figures.score_heatmap(lab["masked_scores"], labels, title=f"{where} masked scores [T={T}, T={T}]"),
          "softmax_masked_scores", {"tokens": labels, "masked scores [T, T]": lab["masked_scores"]},
          f"masked_scores_L{layer}_H{head}")
    st.caption(TEXT["masked_caption"].format(T=T, tau_text=tau_text))
with right:
    chart(figures.attention_heatmap(lab["masked_softmax"], labels, masked=True,
                                    title=f"{where} softmax(masked scores) [T={T}, T={T}]"),
          "softmax_pattern", {"tokens": labels, "pattern [T, T]": lab["masked_softmax"]}, f"pattern_L{layer}_H{head}")
    st.caption(TEXT["softmax_caption"].format(T=T))
if tau == 1.0:
    model_pattern = analysis.block(layer, "attn.hook_pattern")[head]  # [T, T]
    diff = float(np.abs(lab["masked_softmax"] - model_pattern).max())
    st.success(TEXT["model_match"].format(layer=layer, head=head, diff=diff,
                                          lo=float(lab["row_sums"]["masked_softmax"].min())))
else:
    st.info(TEXT["model_tau"].format(tau=tau))

# --- what the mask prevents; the wrong order
st.subheader(TEXT["step_wrong"])
st.markdown(TEXT["why_mask"], unsafe_allow_html=True)
left, right = st.columns(2)
future = np.triu(np.ones((T, T), dtype=bool), 1)
with left:
    fig = figures.attention_heatmap(lab["unmasked_softmax"], labels, masked=False,
                                    title=f"{where} softmax without the mask [T={T}, T={T}]")
    chart(add_diagonal(fig, T, "future →" if T > 1 else None), "softmax_unmasked",
          {"tokens": labels, "unmasked softmax [T, T]": lab["unmasked_softmax"]}, f"unmasked_softmax_L{layer}_H{head}")
    st.caption(TEXT["unmasked_caption"].format(T=T, future=float(lab["unmasked_softmax"][future].sum()) / T))
with right:
    chart(figures.attention_heatmap(lab["softmax_then_zero"], labels, masked=True,
                                    title=f"{where} softmax, then zero the future [T={T}, T={T}]"),
          "softmax_wrong_order", {"tokens": labels, "softmax then zero [T, T]": lab["softmax_then_zero"]},
          f"softmax_then_zero_L{layer}_H{head}")
    st.caption(TEXT["wrong_caption"].format(T=T))
sums = lab["row_sums"]
named_sums = {"mask → softmax (the model)": sums["masked_softmax"], "softmax, no mask": sums["unmasked_softmax"],
              "softmax → zero the future": sums["softmax_then_zero"]}
chart(figures.row_sums_bar(named_sums, labels, title=f"{where} row sums [T={T}]: mask before vs after softmax"),
      "softmax_row_sums", {"tokens": labels, **named_sums}, f"row_sums_L{layer}_H{head}")
wrong = sums["softmax_then_zero"]
st.caption(TEXT["row_sums_caption"].format(T=T, lo=float(wrong.min()), lo_row=int(wrong.argmin())))

# --- one row
st.subheader(TEXT["step_row"])
row = clamp_index(state.get("query_row"), T, default=T - 1)  # None (never chosen) -> the last position
if T > 1:
    _mirror("_softmax_query_row", row)
    st.select_slider(TEXT["query_row"], options=list(range(T)), format_func=lambda i: f"{i}: {labels[i]}",
                     key="_softmax_query_row", on_change=_copy_back, args=("_softmax_query_row", "query_row"))
chart(figures.row_inspector(lab["tempered"][row], lab["masked_scores"][row], lab["masked_softmax"][row], labels, row,
                            title=f"{where} row inspector: query '{labels[row]}' ({row})"),
      "softmax_row", {"query": row, "tokens": labels, "scores": lab["tempered"][row],
                      "masked scores": lab["masked_scores"][row], "weights": lab["masked_softmax"][row]},
      f"row_{row}_L{layer}_H{head}")
st.caption(TEXT["row_caption" if row < T - 1 else "row_caption_last"].format(
    i=row, token=labels[row], T=T, tau_text=tau_text, first=row + 1, last=T - 1, n_future=T - 1 - row,
    total=float(sums["masked_softmax"][row]), wrong=float(wrong[row]), lost=float(1.0 - wrong[row])))

with st.expander(TEXT["demo_header"]):
    st.markdown(TEXT["demo_text"])
    demo = _scaling_demo()
    chart(figures.scaling_figure(demo), "softmax_scaling_demo", demo, "scaling_demo")
