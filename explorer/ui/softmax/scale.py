"""Steps 1-2: q·kᵀ and the scale, with the live spread of the scores."""
from __future__ import annotations

import numpy as np
import streamlit as st

from explorer.figures import canvas
from explorer.i18n import t
from explorer.ui.canvas_chart import canvas_chart
from gpt_core.interp.attention_math import score_spread

from .view import SoftmaxHead


def render(v: SoftmaxHead) -> None:
    labels, layer, head, scaled, T, hs, where = v.labels, v.layer, v.head, v.scaled, v.T, v.hs, v.where
    q, k, lab = v.q, v.k, v.lab
    factor = 1.0 / np.sqrt(hs)
    # --- 1-2: q·k and the scale
    st.subheader(t("softmax_mask.step_scores"))
    left, right = st.columns(2)
    with left:
        canvas_chart(canvas.score_map(lab["raw"], labels, title=t("softmax_mask.raw_title", where=where, T=T),
                                      file_stem=f"qk_L{layer}_H{head}"),
                     "softmax_raw", {"tokens": labels, "q·kᵀ [T, T]": lab["raw"]}, f"qk_L{layer}_H{head}")
        st.caption(t("softmax_mask.raw_caption", layer=layer, head=head, T=T, d_k=hs))
    with right:
        factor_text = t("softmax_mask.factor_on" if scaled else "softmax_mask.factor_off", d_k=hs, factor=factor)
        title = t("softmax_mask.scores_title", where=where, scale=f"{lab['scale']:.4g}", T=T)
        canvas_chart(canvas.score_map(lab["scores"], labels, title=title, file_stem=f"scores_L{layer}_H{head}"),
                     "softmax_scores", {"tokens": labels, "scale": lab["scale"], "scores [T, T]": lab["scores"]},
                     f"scores_L{layer}_H{head}")
        st.caption(t("softmax_mask.scaled_caption", layer=layer, head=head, T=T, factor_text=factor_text))
    st.markdown(t("softmax_mask.why_scale", d_k=hs, sqrt=np.sqrt(hs)))
    spread = score_spread(lab["raw"], hs)
    near_one = 0.5 <= spread["std_scaled"] <= 2.0  # the textbook "about 1" holds only for unit-variance q and k
    st.markdown(t("softmax_mask.spread", d_k=hs, sqrt=np.sqrt(hs), q_std=float(q.std()), k_std=float(k.std()),
                  verdict=t("softmax_mask.spread_near" if near_one else "softmax_mask.spread_far"), **spread))
