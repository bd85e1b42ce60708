"""Lab: two views of a matrix product, on one row of q Kᵀ, checked against the model's scores."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.figures import canvas
from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import chart
from gpt_core.interp import attention_math

from .common import caption, layer_head, md


def render(ctx) -> None:
    cfg, labels, ids = ctx.config, ctx.labels, list(ctx.prepared.ids)
    T, hs = len(ids), cfg.head_size
    analysis = ctx.analysis()
    md(t("labs.matmul.intro"))
    layer, head = layer_head(ctx, "labs_matmul", st)
    if not 0 <= st.session_state.get("labs_matmul_i", -1) < T:  # first visit, or the text got shorter
        st.session_state["labs_matmul_i"] = T - 1
    i = int(st.number_input(t("labs.matmul.query"), 0, T - 1, key="labs_matmul_i"))
    q = analysis.block(layer, "attn.hook_q")[head]  # [T, hs]
    k = analysis.block(layer, "attn.hook_k")[head]  # [T, hs]
    views = attention_math.matmul_check(q, k, analysis.block(layer, "attn.hook_scores")[head, i], i)
    st.latex(t("labs.matmul.formula"))
    left, right = st.columns(2)
    dims = [str(c) for c in range(hs)]
    with left:
        spec = canvas.matrix_map(views["products"], x_labels=dims, y_labels=labels,
                                 title=t("labs.matmul.row_title", T=T, hs=hs, i=i),
                                 x_title=t("labs.matmul.axis_c"), y_title=t("labs.matmul.axis_key"), max_cell_px=14,
                                 max_height=480)
        canvas_chart(spec, "labs_matmul_rows", {"tokens": labels, "q_i": views["q_i"],
                                                "products [T, hs]": views["products"]},
                     f"row_view_L{layer}_H{head}_q{i}")
        caption(t("labs.matmul.row_caption", T=T, hs=hs, i=i))
    with right:
        spec = canvas.matrix_map(views["partial_sums"], x_labels=labels, y_labels=dims,
                                 title=t("labs.matmul.col_title", T=T, hs=hs, i=i),
                                 x_title=t("labs.matmul.axis_key"), y_title=t("labs.matmul.axis_partial"),
                                 max_cell_px=14, max_height=480)
        canvas_chart(spec, "labs_matmul_columns", {"tokens": labels, "partial sums [hs, T]": views["partial_sums"]},
                     f"column_view_L{layer}_H{head}_q{i}")
        caption(t("labs.matmul.col_caption", T=T, hs=hs, i=i, last=hs - 1))
    fig = figures_labs.line_chart(list(range(T)), {t("labs.matmul.series_row"): views["scaled_row"],
                                                   t("labs.matmul.series_col"): views["scaled_column"],
                                                   t("labs.matmul.series_model"): views["model"]},
                                  t("labs.matmul.cmp_title", layer=layer, head=head, i=i, T=T),
                                  t("labs.matmul.axis_key"), t("labs.matmul.axis_score"), x_labels=labels,
                                  styles={t("labs.matmul.series_row"): {"mode": "markers", "marker": {"size": 11}},
                                          t("labs.matmul.series_col"): {"mode": "markers",
                                                                        "marker": {"size": 7, "symbol": "x"}},
                                          t("labs.matmul.series_model"): {"mode": "lines"}})
    chart(fig, "labs_matmul_compare", pd.DataFrame({"token": labels, "row view / sqrt(hs)": views["scaled_row"],
                                                    "column view / sqrt(hs)": views["scaled_column"],
                                                    "attn.hook_scores": views["model"]}),
          f"matmul_check_L{layer}_H{head}_q{i}")
    agree = max(views["max_diff_row"], views["max_diff_column"]) < 1e-4
    (st.success if agree else st.warning)(t("labs.matmul.agree", hs=hs, scale=views["scale"],
                                            row=views["max_diff_row"], col=views["max_diff_column"], layer=layer,
                                            head=head, i=i))
