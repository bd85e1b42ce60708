"""The next-token distribution at the chosen position, before and after the sampling filters."""
from __future__ import annotations

import math

import streamlit as st

from explorer.figures.next_token import highlighted_bars
from explorer.i18n import t
from explorer.ui.widgets import chart
from gpt_core.interp.next_token import Sampling, distribution

from .view import BARS_COLUMNS, NextTokenView, bars_frame, describe


def render(view: NextTokenView, position: int, sampling: Sampling, k_show: int) -> None:
    ctx, ids, vocab, analysis = view.ctx, view.ids, view.vocab, view.ctx.analysis()
    T, V = len(ids), ctx.config.vocab_size
    quoted = view.quoted
    st.subheader(t("next_token.dist_header", pos=position, label=f"`{ctx.labels[position]}`"))
    dist = distribution(analysis.logits[position], sampling, k_show)
    actual = ids[position + 1] if position < T - 1 else None
    rows = dist.rows(() if actual is None else (actual,))
    highlight = next((n for n, (i, _, _) in enumerate(rows) if i == actual), None)
    chart(highlighted_bars([vocab[i] for i, _, _ in rows], [r for _, r, _ in rows], [f for _, _, f in rows],
                           highlight=highlight, highlight_label=t("next_token.highlight_actual"),
                           title=t("next_token.bars_title", pos=position, k=k_show, V=V)),
          key="nt_bars", data=bars_frame(dist, rows, sampling, vocab), file_stem=f"next_token_pos{position}")
    st.caption(t("next_token.dist_caption", pos=position, V=V, T=T, settings=describe(sampling), k=k_show))
    m1, m2, m3 = st.columns(3)
    m1.metric(t("next_token.survivors"), t("next_token.survivors_value", n=dist.survivors, V=V))
    for col, key, h in ((m2, "entropy_raw", dist.entropy_raw), (m3, "entropy_filtered", dist.entropy_filtered)):
        col.metric(t(f"next_token.{key}"), t("next_token.entropy_value", nats=h),
                   t("next_token.entropy_delta", bits=h / math.log(2), eff=math.exp(h)), delta_color="off",
                   delta_arrow="off", help=t("next_token.entropy_help"))
    if actual is None:
        st.info(t("next_token.last_position"))
    else:
        st.info(t("next_token.actual_next", pos=position, token=quoted(actual), raw=dist.raw[actual],
                  rank=dist.rank(actual), V=V, filtered=dist.filtered[actual],
                  never=t("next_token.actual_never") if dist.filtered[actual] == 0 else ""))
    with st.expander(t("next_token.numbers_expander")):
        st.markdown(t("next_token.why_softmax"))
        st.markdown(t("next_token.filters"))
        st.dataframe(bars_frame(dist, rows, sampling, vocab), hide_index=True, column_config={
            name: st.column_config.Column(t(f"next_token.col.{key}")) for name, key in BARS_COLUMNS.items()})
