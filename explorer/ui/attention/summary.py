"""Every head's statistics and role, as a heat map by metric and a table."""
from __future__ import annotations

import streamlit as st

from explorer import figures
from explorer.i18n import t
from explorer.ui.widgets import chart

from .view import AttentionView, role_name

METRICS = ("previous-token", "first-token", "self", "induction", "word-start", "last-space", "last-newline",
           "entropy")


def render(view: AttentionView) -> None:
    L, nh, _ = view.shape
    table, scores, probe = view.table, view.scores, view.probe
    st.subheader(t("attention.summary_header"))
    st.markdown(t("attention.summary_text"))
    if "word-start" in table.columns:
        st.markdown(t("attention.summary_text_roles"))
    if probe is not None:
        st.markdown(t("attention.summary_induction", S=probe[1], threshold=scores.threshold))
    else:
        st.info(t("attention.summary_no_probe", block=view.ctx.config.block_size))
    metrics = [m for m in METRICS if m in table.columns]
    if st.session_state.get("attention_metric") not in metrics:  # first visit, or a model without the probe
        st.session_state["attention_metric"] = metrics[0]
    metric = st.segmented_control(t("attention.metric"), metrics, key="attention_metric", required=True,
                                  format_func={m: t(f"attention.metric.{m}") for m in metrics}.get)
    metric_name = t(f"attention.metric.{metric}")
    values = table[metric].to_numpy().reshape(L, nh)
    zmax = float(max(values.max(), 1e-6)) if metric == "entropy" else 1.0
    chart(figures.head_score_heatmap(values, title=t("attention.scores_title", metric=metric_name, L=L, nh=nh),
                                     labels=view.role_labels, zmax=zmax),
          key="attention_head_scores", data=table, file_stem="attention_head_summary")
    st.caption(t("attention.summary_caption", metric=metric_name, L=L, nh=nh))
    shown = table.assign(role=table["role"].map(role_name)) if "role" in table.columns else table
    st.dataframe(shown, hide_index=True, column_config={
        **{name: st.column_config.Column(t(f"attention.col.{name}")) for name in ("layer", "head", "role")
           if name in table.columns},
        **{name: st.column_config.NumberColumn(t(f"attention.metric.{name}"), format="%.3f") for name in metrics}})
