"""Question 19: the same attention code with queries from your text and keys/values from another text."""
from __future__ import annotations

import streamlit as st

from explorer import figures
from explorer.analysis.text_prep import prepare_input
from explorer.i18n import t
from explorer.ui.labs.common import layer_head, md
from explorer.ui.widgets import chart
from gpt_core.interp.cross_attention import cross_attention

OTHER_TEXT = "To be, or not to be"


def render(ctx) -> None:
    md(t("learn.cross.intro"))
    layer, head = layer_head(ctx, "learn_cross", st)
    other = st.text_input(t("learn.cross.other"), OTHER_TEXT, key="learn_cross_text", max_chars=200)
    prepared = prepare_input(ctx.tokenizer, other, ctx.config.block_size, "skip")
    if prepared.empty:
        st.warning(t("learn.cross.empty"))
        return
    model, ids = ctx.ckpt.model, list(ctx.prepared.ids)
    cross = cross_attention(model, ids, list(prepared.ids), layer, head)
    self_ = cross_attention(model, ids, ids, layer, head, causal=True)
    left, right = st.columns(2)
    with left:
        chart(figures.attention_heatmap(self_["pattern"], ctx.labels, title=t("learn.cross.self")), "learn_cross_self")
    with right:
        fig = figures.matrix_heatmap(cross["pattern"], prepared.labels, ctx.labels, title=t("learn.cross.cross"),
                                     zmin=0.0, zmax=1.0, x_title=t("learn.cross.keys"),
                                     y_title=t("learn.cross.queries"))
        chart(fig, "learn_cross_cross")
    st.markdown(t("learn.cross.result", Tq=len(ids), Tk=len(prepared.ids)))
