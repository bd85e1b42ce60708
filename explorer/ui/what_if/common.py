"""What every What if… section shares: prose with HTML indices, the layer/head pickers, and the before/after view."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer import figures
from explorer.figures import labs as figures_labs
from explorer.ui import state
from explorer.ui.selection import clamp_index
from explorer.i18n import t
from explorer.ui.widgets import chart, comparison_metrics
from gpt_core.interp import losses


def md(text: str) -> None:
    st.markdown(text, unsafe_allow_html=True)  # the catalogue's prose uses <sub>/<sup>


def caption(text: str) -> None:
    st.caption(text, unsafe_allow_html=True)


def layer_head(ctx, prefix: str) -> tuple[int, int]:
    L, nh = ctx.config.n_layer, ctx.config.n_head
    left, right = st.columns(2)
    layer = left.selectbox(t("what_if.layer"), list(range(L)), index=clamp_index(state.get("layer"), L),
                           format_func=lambda v: f"L{v}", key=f"{prefix}_layer")
    head = right.selectbox(t("what_if.head"), list(range(nh)), index=clamp_index(state.get("head"), nh),
                           format_func=lambda v: f"H{v}", key=f"{prefix}_head")
    return layer, head


def visible_token(ctx, token_id: int) -> str:
    """A vocabulary entry with whitespace made visible ("⏎", "␣"), for prose."""
    return figures.visible_token_labels([ctx.tokenizer.token_str(int(token_id))])[0]


def compare_view(ctx, after_logits, key: str, after_name: str) -> dict:
    """Loss before/after, the next-token bars after the last token, and the loss at every position."""
    labels, ids, V = ctx.labels, list(ctx.prepared.ids), ctx.config.vocab_size
    T = len(ids)
    cmp = losses.compare_predictions(ctx.analysis().logits, after_logits, ids)
    names = (t("what_if.cmp.before"), after_name)
    cols = st.columns(4)
    comparison_metrics(cols, cmp, "what_if.cmp")
    cols[3].metric(t("what_if.cmp.kl"), f"{cmp['kl_last']:.3g}")
    tokens = [ctx.tokenizer.token_str(i) for i in cmp["tokens"]]
    fig = figures_labs.before_after_bars(tokens, cmp["before"], cmp["after"], names,
                                         t("what_if.cmp.bars_title", last=labels[-1], V=V), t("what_if.cmp.prob"))
    chart(fig, f"{key}_bars", pd.DataFrame({"token": tokens, "before": cmp["before"], "after": cmp["after"]}),
          f"{key}_next_token")
    if T > 1:
        fig = figures_labs.line_chart(list(range(T - 1)), {names[0]: cmp["per_position_before"],
                                                           names[1]: cmp["per_position_after"]},
                                      t("what_if.cmp.per_pos_title", n=T - 1), t("what_if.cmp.per_pos_x"),
                                      t("what_if.cmp.per_pos_y"), x_labels=labels[:-1], markers=T <= 64, height=320)
        chart(fig, f"{key}_per_position", pd.DataFrame({"token": labels[:-1], "next": labels[1:],
                                                        "loss before": cmp["per_position_before"],
                                                        "loss after": cmp["per_position_after"]}),
              f"{key}_loss_per_position")
    caption(t("what_if.cmp.caption", T=T, V=V, n=T - 1, lnv=float(np.log(V)), last=labels[-1],
              top_before=visible_token(ctx, cmp["top1_before"]), top_after=visible_token(ctx, cmp["top1_after"])))
    return cmp
