"""One forward pass, T predictions: what the model predicts at every position of the text."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from explorer.figures.next_token import per_position_figure
from explorer.i18n import t
from explorer.ui.widgets import chart
from gpt_core.interp.next_token import per_position

from .view import NextTokenView


def render(view: NextTokenView) -> None:
    ctx, ids, vocab, analysis = view.ctx, view.ids, view.vocab, view.ctx.analysis()
    T, V = len(ids), ctx.config.vocab_size
    st.subheader(t("next_token.forward_header"))
    st.markdown(t("next_token.forward"))
    if T > 1:
        pp = per_position(analysis.probs, ids)
        chart(per_position_figure(ctx.labels, pp.target_probs, [vocab[i] for i in pp.target_ids],
                                  [vocab[i] for i in pp.top_ids], pp.top_probs),
              key="nt_per_position", file_stem="next_token_per_position",
              data=pd.DataFrame({"position": range(T - 1), "reads": [vocab[i] for i in ids[:-1]],
                                 "actual next": [vocab[i] for i in pp.target_ids], "p(actual next)": pp.target_probs,
                                 "loss (-ln p)": pp.losses, "top prediction": [vocab[i] for i in pp.top_ids[:-1]],
                                 "p(top)": pp.top_probs[:-1]}))
        st.caption(t("next_token.forward_caption", T=T, V=V, last=T - 2, T1=T - 1, loss=pp.mean_loss,
                     uniform=math.log(V), hits=pp.hits))
    else:
        st.info(t("next_token.forward_single"))
