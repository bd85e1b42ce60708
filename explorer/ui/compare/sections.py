"""The three views of the Compare page, A next to B with what changed: one head's pattern, the next-token
distribution, and the direct logit attribution of one next token."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.analysis.compare import Run, attribution_of, head_pair, shared_heads
from explorer.figures import canvas
from explorer.figures.compare import paired_bars
from explorer.figures.markup import md_escape
from explorer.i18n import current_language, t
from explorer.ui import state
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.selection import clamp_index
from explorer.ui.widgets import chart, index_picker
from gpt_core.interp.compare import attribution_change, next_token_change
from gpt_core.tokenizers import token_label

K_TOKENS = 8  # each side's most likely next tokens (their union is drawn)
TOP_COMPONENTS = 12  # attribution rows drawn: the largest on either side


def attention(a: Run, b: Run, same_model: bool) -> None:
    L, nh = shared_heads(a, b)
    st.subheader(t("compare.attention_header"))
    layer, head = clamp_index(state.get("layer"), L), clamp_index(state.get("head"), nh)
    state.put("layer", layer)
    state.put("head", head)
    left, right = st.columns(2)
    index_picker(t("compare.layer"), L, "_compare_layer", "layer", "L", left)
    index_picker(t("compare.head"), nh, "_compare_head", "head", "H", right)
    if (L, nh) != (a.shape[0], a.shape[1]) or (L, nh) != (b.shape[0], b.shape[1]):
        st.caption(t("compare.heads_shared", L=L, nh=nh, La=a.shape[0], nha=a.shape[1], Lb=b.shape[0],
                     nhb=b.shape[1]))
    pair = head_pair(a, b, layer, head, same_model)
    for column, run, pattern, side in zip(st.columns(2), (a, b), (pair.pattern_a, pair.pattern_b), "AB"):
        with column:
            T = len(run.labels)
            spec = canvas.attention_map(pattern, run.labels,
                                        title=t("compare.pattern_title", side=side, layer=layer, head=head, T=T))
            canvas_chart(spec, key=f"compare_pattern_{side}", data={"side": side, "model": run.model_key,
                                                                    "tokens": run.labels, "pattern [T, T]": pattern},
                         file_stem=f"compare_{side}_L{layer}_H{head}")
            st.caption(md_escape(run.name))
    if pair.difference is None:
        st.info(t(f"compare.no_difference.{pair.why_no_difference}", Ta=a.shape[2], Tb=b.shape[2]))
        return
    T = pair.difference.shape[0]
    labels = [x if x == y else f"{x}→{y}" for x, y in zip(a.labels, b.labels)]
    spec = canvas.matrix_map(pair.difference, x_labels=labels, y_labels=labels,
                             title=t("compare.diff_title", layer=layer, head=head, T=T),
                             x_title=t("compare.axis_key"), y_title=t("compare.axis_query"),
                             value_name=t("compare.diff_value"))
    canvas_chart(spec, key="compare_pattern_diff", data={"tokens_a": a.labels, "tokens_b": b.labels,
                                                         "pattern B - A [T, T]": pair.difference},
                 file_stem=f"compare_diff_L{layer}_H{head}")
    biggest = float(np.nanmax(np.abs(pair.difference))) if np.isfinite(pair.difference).any() else 0.0
    where = ", ".join(str(i) for i in pair.differing[:12]) + (" …" if len(pair.differing) > 12 else "")
    st.caption(t("compare.diff_caption", biggest=biggest) + " " +
               (t("compare.diff_positions", where=where, first=pair.differing[0]) if pair.differing
                else t("compare.diff_same_tokens")))


def _visible(token: str) -> str:
    return token_label(token)


def next_token(a: Run, b: Run) -> list[str]:
    """The two next-token distributions; returns the tokens drawn, A's most likely first (what the attribution
    offers to explain)."""
    st.subheader(t("compare.next_header"))
    rows, stats = next_token_change(a.next_probs, a.vocab, b.next_probs, b.vocab, k=K_TOKENS)
    cols = st.columns(3)
    cols[0].metric(t("compare.top", side="A"), _visible(stats["top_a"]))
    cols[1].metric(t("compare.top", side="B"), _visible(stats["top_b"]))
    if stats["same_vocab"]:
        cols[2].metric(t("compare.tv"), f"{stats['total_variation']:.3f}", help=t("compare.tv_help",
                                                                                    kl=stats["kl_a_b"]))
    else:
        cols[2].caption(t("compare.vocab_differs", Va=len(a.vocab), Vb=len(b.vocab)))
    labels = [_visible(r.token) for r in rows]
    nan = float("nan")
    prob_a = [r.prob_a if r.id_a is not None else nan for r in rows]
    prob_b = [r.prob_b if r.id_b is not None else nan for r in rows]
    fig = paired_bars(labels, prob_a, prob_b, "A", "B", t("compare.next_title", k=K_TOKENS, n=len(rows)),
                      t("compare.axis_probability"), t("compare.axis_change"), t("compare.hover_a"),
                      t("compare.hover_b"), t("compare.hover_change"))
    table = pd.DataFrame({"token": [r.token for r in rows], "id_a": [r.id_a for r in rows],
                          "id_b": [r.id_b for r in rows], "p_a": prob_a, "p_b": prob_b,
                          "change": [r.change for r in rows]})
    chart(fig, key="compare_next", data=table, file_stem="compare_next_token")
    st.caption(t("compare.next_caption", k=K_TOKENS))
    return list(dict.fromkeys([stats["top_a"], *(r.token for r in rows)]))


@st.cache_data(show_spinner=False, max_entries=32)
def _attribution(_run: Run, model_key: str, ids: tuple[int, ...], token: str):
    return attribution_of(_run, token)


def attribution(a: Run, b: Run, candidates: list[str]) -> None:
    st.subheader(t("compare.attr_header"))
    st.markdown(t("compare.attr_intro"))
    if st.session_state.get("_compare_target") not in candidates:
        st.session_state.pop("_compare_target", None)  # the text or a model changed under the old choice
    lang = current_language()
    token = st.selectbox(t("compare.target"), candidates, key="_compare_target",
                         format_func=lambda s: t("compare.target_option", token=_visible(s), lang=lang))
    att_a = _attribution(a, a.model_key, a.ids, token)
    att_b = _attribution(b, b.model_key, b.ids, token)
    cols = st.columns(2)
    for column, side, att in zip(cols, "AB", (att_a, att_b)):
        if att is None:
            column.info(t("compare.attr_missing", side=side, token=md_escape(_visible(token))))
        else:
            column.metric(t("compare.logit", side=side), f"{att.logit:.3f}",
                          help=t("compare.logit_help", total=att.total, logit=att.logit))
    if att_a is None and att_b is None:
        return
    changes = attribution_change(att_a, att_b, top=TOP_COMPONENTS)
    nan = float("nan")
    names = [c.name for c in changes]
    values_a = [c.value_a if c.value_a is not None else nan for c in changes]
    values_b = [c.value_b if c.value_b is not None else nan for c in changes]
    fig = paired_bars(names, values_a, values_b, "A", "B",
                      t("compare.attr_title", token=_visible(token), n=len(changes)),
                      t("compare.axis_contribution"), t("compare.axis_change"), t("compare.hover_attr_a"),
                      t("compare.hover_attr_b"), t("compare.hover_attr_change"),
                      show_change=att_a is not None and att_b is not None)
    all_changes = attribution_change(att_a, att_b)
    table = pd.DataFrame({"component": [c.name for c in all_changes], "layer": [c.layer for c in all_changes],
                          "head": [c.head for c in all_changes], "value_a": [c.value_a for c in all_changes],
                          "value_b": [c.value_b for c in all_changes], "change": [c.change for c in all_changes]})
    chart(fig, key="compare_attribution", data=table, file_stem="compare_attribution")
    st.caption(t("compare.attr_caption", n=len(changes), total=len(all_changes)))
