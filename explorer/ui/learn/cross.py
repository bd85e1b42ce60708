"""Question 19: the same attention code with queries from your text and keys/values from another text."""
from __future__ import annotations

import streamlit as st

from explorer.analysis.text_prep import prepare_input
from explorer.figures import canvas
from explorer.i18n import t
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.labs.common import layer_head, md
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
        canvas_chart(canvas.attention_map(self_["pattern"], ctx.labels, title=t("learn.cross.self")),
                     "learn_cross_self", data={"tokens": ctx.labels, "self pattern [Tq, Tq]": self_["pattern"]})
    with right:
        spec = canvas.matrix_map(cross["pattern"], x_labels=prepared.labels, y_labels=ctx.labels,
                                 title=t("learn.cross.cross"), signed=False, zmin=0.0, zmax=1.0,
                                 x_title=t("learn.cross.keys"), y_title=t("learn.cross.queries"),
                                 value_name=t("learn.cross.weight"))
        canvas_chart(spec, "learn_cross_cross", data={"queries": ctx.labels, "keys": list(prepared.labels),
                                                      "cross pattern [Tq, Tk]": cross["pattern"]})
    st.markdown(t("learn.cross.result", Tq=len(ids), Tk=len(prepared.ids)))
