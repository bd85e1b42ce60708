"""Lab: why divide by sqrt(d_k) — a random demo, the model's own q·k variance, the scale toggled off."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures import canvas
from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import chart
from gpt_core.capture import Interventions
from gpt_core.interp import attention_math
from gpt_core.interp.attention_math import scaling_demo

from .common import caption, layer_head, md


@st.cache_data(show_spinner=False)
def _scaling_demo() -> dict:
    return scaling_demo()


def render(ctx) -> None:
    cfg, labels, ids = ctx.config, ctx.labels, list(ctx.prepared.ids)
    T, L, nh, hs = len(ids), cfg.n_layer, cfg.n_head, cfg.head_size
    analysis = ctx.analysis()
    md(t("labs.scale.intro"))
    demo = _scaling_demo()
    fig = figures_labs.scaling_demo_figure(demo, {
        "title": t("labs.scale.demo_title"), "left": t("labs.scale.demo_left"), "right": t("labs.scale.demo_right"),
        "x": t("labs.scale.demo_x"), "var": t("labs.scale.demo_var"), "max_weight": t("labs.scale.demo_max"),
        "dot": "q·k", "scaled": "q·k / √d", "softmax": "softmax(q·k)", "softmax_scaled": "softmax(q·k / √d)"})
    chart(fig, "labs_scaling_demo", demo, "scaling_demo")
    i_256 = demo["d"].index(256) if 256 in demo["d"] else -1
    caption(t("labs.scale.demo_caption", d=demo["d"][i_256], var=demo["var_dot"][i_256],
                 scaled=demo["var_scaled"][i_256], unscaled_max=demo["max_prob_unscaled"][i_256],
                 scaled_max=demo["max_prob_scaled"][i_256]))

    st.subheader(t("labs.scale.real_header"))
    variance = attention_math.qk_variance_by_layer(analysis.stack("attn.hook_q"), analysis.stack("attn.hook_k"))
    if T < 2:
        st.info(t("labs.scale.too_short"))
    else:
        fig = figures_labs.line_chart(list(range(L)), {t("labs.scale.var_dot"): variance["var_dot"],
                                                       t("labs.scale.var_scaled"): variance["var_scaled"]},
                                      t("labs.scale.real_title", L=L, nh=nh, T=T, hs=hs), t("labs.scale.axis_layer"),
                                      t("labs.scale.axis_var"), log_y=True, hlines={f"hs = {hs}": hs, "1": 1.0})
        fig.update_xaxes(tickmode="array", tickvals=list(range(L)), ticktext=[f"L{l}" for l in range(L)])
        chart(fig, "labs_qk_variance", pd.DataFrame({"layer": range(L), "var(q.k)": variance["var_dot"],
                                                     "var(q.k/sqrt(hs))": variance["var_scaled"],
                                                     "var(q_c)": variance["var_q"], "var(k_c)": variance["var_k"]}),
              "qk_variance_by_layer")
        caption(t("labs.scale.real_caption", L=L, nh=nh, T=T, hs=hs))
        md(t("labs.scale.real_text", hs=hs, lo=variance["var_dot"].min(), hi=variance["var_dot"].max(),
                      slo=variance["var_scaled"].min(), shi=variance["var_scaled"].max(),
                      qlo=variance["var_q"].min(), qhi=variance["var_q"].max(),
                      klo=variance["var_k"].min(), khi=variance["var_k"].max()))

    st.subheader(t("labs.scale.toggle_header"))
    layer, head = layer_head(ctx, "labs_scale", st)
    off = ctx.analysis(Interventions(scale_scores=False))
    with_scale = analysis.block(layer, "attn.hook_pattern")[head]  # [T, T]
    without = off.block(layer, "attn.hook_pattern")[head]  # [T, T]
    ent_on, ent_off = attention_math.mean_row_entropy(with_scale), attention_math.mean_row_entropy(without)
    left, right = st.columns(2)
    for where, pattern, key, title, ent in ((left, with_scale, "labs_scale_on", "labs.scale.on_title", ent_on),
                                            (right, without, "labs_scale_off", "labs.scale.off_title", ent_off)):
        with where:
            spec = canvas.attention_map(pattern, labels, title=t(title, layer=layer, head=head, T=T))
            canvas_chart(spec, key, {"tokens": labels, "pattern [T, T]": pattern}, f"{key}_L{layer}_H{head}")
            st.metric(t("labs.scale.entropy"), f"{ent:.3f}")
    caption(t("labs.scale.toggle_caption", layer=layer, head=head, T=T, on=ent_on, off=ent_off,
                 uniform=float(np.mean(np.log(np.arange(2, T + 1)))) if T > 1 else 0.0))
