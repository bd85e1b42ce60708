"""What the mask prevents and the wrong order (softmax, then zero the future), on the model's own scores (τ = 1),
and, on demand, why the scale keeps a softmax from saturating."""
from __future__ import annotations

import numpy as np
import streamlit as st

from explorer import figures
from explorer.figures import canvas
from explorer.i18n import t
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import chart
from gpt_core.interp.attention_math import scaling_demo

from .view import SoftmaxHead


@st.cache_data(show_spinner=False)
def _scaling_demo() -> dict:
    return scaling_demo()


def render(v: SoftmaxHead) -> None:
    labels, layer, head, T, where, lab = v.labels, v.layer, v.head, v.T, v.where, v.lab
    # --- what the mask prevents; the wrong order, on the model's own scores (τ = 1): the point is the order, not τ.
    st.subheader(t("softmax_mask.step_wrong"))
    st.markdown(t("softmax_mask.why_mask"), unsafe_allow_html=True)
    left, right = st.columns(2)
    future = np.triu(np.ones((T, T), dtype=bool), 1)
    with left:
        spec = canvas.attention_map(lab["unmasked_softmax"], labels, masked=False,
                                    title=t("softmax_mask.unmasked_title", where=where, T=T),
                                    diagonal_text=t("softmax_mask.future_arrow") if T > 1 else None,
                                    file_stem=f"unmasked_softmax_L{layer}_H{head}")
        canvas_chart(spec, "softmax_unmasked", {"tokens": labels, "unmasked softmax [T, T]": lab["unmasked_softmax"]},
                     f"unmasked_softmax_L{layer}_H{head}")
        st.caption(t("softmax_mask.unmasked_caption", T=T, future=float(lab["unmasked_softmax"][future].sum()) / T))
    with right:
        canvas_chart(canvas.attention_map(lab["softmax_then_zero"], labels, masked=True,
                                          title=t("softmax_mask.wrong_title", where=where, T=T),
                                          file_stem=f"softmax_then_zero_L{layer}_H{head}"),
                     "softmax_wrong_order", {"tokens": labels, "softmax then zero [T, T]": lab["softmax_then_zero"]},
                     f"softmax_then_zero_L{layer}_H{head}")
        st.caption(t("softmax_mask.wrong_caption", T=T))
    sums = lab["row_sums"]
    orders = ("masked_softmax", "unmasked_softmax", "softmax_then_zero")
    named_sums = {t(f"softmax_mask.sums.{order}"): sums[order] for order in orders}  # legend names
    chart(figures.row_sums_bar(named_sums, labels, title=t("softmax_mask.row_sums_title", where=where, T=T)),
          "softmax_row_sums", {"tokens": labels, **{order: sums[order] for order in orders}},
          f"row_sums_L{layer}_H{head}")
    wrong = sums["softmax_then_zero"]
    st.caption(t("softmax_mask.row_sums_caption", T=T, lo=float(wrong.min()), lo_row=int(wrong.argmin())))

    # A toggle, not an expander: a collapsed expander's chart is still built, sent and drawn on every edit.
    if st.toggle(t("softmax_mask.demo_header"), key="softmax_show_demo"):
        st.markdown(t("softmax_mask.demo_text"))
        demo = _scaling_demo()
        chart(figures.scaling_figure(demo), "softmax_scaling_demo", demo, "scaling_demo")
