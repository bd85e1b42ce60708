"""What if… the logits are divided by a temperature before the softmax."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.widgets import chart
from gpt_core.interp import losses

from .common import caption, compare_view, md


def render(ctx) -> None:
    ids = list(ctx.prepared.ids)
    T = len(ids)
    base = ctx.analysis()
    md(t("what_if.temp.intro"))
    tau = st.slider(t("what_if.temp.slider"), 0.1, 3.0, 0.5, 0.05, key="what_if_tau")
    compare_view(ctx, base.logits / tau, "what_if_temp", t("what_if.temp.after", tau=tau))
    if T > 1:
        taus = np.round(np.arange(0.1, 3.0001, 0.05), 2)
        curve = losses.loss_vs_temperature(base.logits, ids, taus)
        fig = figures_labs.line_chart(taus, {t("what_if.temp.curve"): curve}, t("what_if.temp.curve_title", n=T - 1),
                                      "τ", t("what_if.cmp.per_pos_y"), markers=False, height=320)
        fig.add_vline(x=tau, line=dict(color="#d62728", dash="dot"))
        chart(fig, "what_if_temp_curve", pd.DataFrame({"temperature": taus, "loss": curve}), "loss_vs_temperature")
        best = float(taus[int(np.argmin(curve))])
        caption(t("what_if.temp.curve_caption", best=best, loss=float(curve.min()),
                  one=float(curve[int(np.argmin(np.abs(taus - 1.0)))])))
