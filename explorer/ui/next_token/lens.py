"""The logit lens: what the residual stream would predict if the model stopped after each layer."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.figures import logit_lens_figure
from explorer.analysis.family import norm_name
from explorer.i18n import t
from explorer.ui.widgets import chart
from gpt_core.interp.next_token import lens_rows, unembedding_is_tied

from .view import NextTokenView


def render(view: NextTokenView, position: int, k_show: int) -> None:
    ctx, vocab, analysis = view.ctx, view.vocab, view.ctx.analysis()
    model, config = ctx.ckpt.model, ctx.config
    st.subheader(t("next_token.lens_header"))
    st.markdown(t("next_token.lens", norm=norm_name(config)))
    lens_k = min(k_show, 10)
    lens = lens_rows(model, analysis.acts, position, top_k=lens_k)
    lens_fig = logit_lens_figure(lens, vocab, title=t("next_token.lens_title", pos=position, rows=len(lens), k=lens_k))
    lens_fig.update_yaxes(ticktext=[t("next_token.lens_stage.embedding")] +
                          [t("next_token.lens_stage.after", i=i) for i in range(len(lens) - 1)])
    chart(lens_fig,
          key="nt_lens", file_stem=f"logit_lens_pos{position}",
          data=pd.DataFrame([{"stage": row.name, "rank": r + 1, "id": i, "token": vocab[i], "probability": p}
                             for row in lens for r, (i, p) in enumerate(zip(row.ids, row.probs))]))
    st.caption(t("next_token.lens_caption", rows=len(lens), C=config.n_embd, pos=position,
                 label=f"`{ctx.labels[position]}`", k=lens_k))
    if unembedding_is_tied(model):
        plus_pos = t("next_token.lens_plus_pos") if config.pos_encoding in ("learned", "sinusoidal") else ""
        st.caption(t("next_token.lens_tied", label=f"`{ctx.labels[position]}`", plus_pos=plus_pos))
