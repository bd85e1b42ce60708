"""Figure builders for the Next token page (pure plotly, no streamlit, no torch).

Built on explorer.figures' conventions: numeric token axes with ticktext, whitespace made visible.
Visible words come from the i18n catalogue (explorer/locales/<lang>/figures_next_token.py) or from the caller.
"""
from __future__ import annotations

import html
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from explorer.figures import FILTERED_COLOR, RAW_COLOR, next_token_bars, token_axis, visible_token_labels
from explorer.figures.base import _base_layout
from explorer.i18n import t  # streamlit-safe: English outside a Streamlit run

HIGHLIGHT_COLOR = "#d62728"


def highlighted_bars(tokens: Sequence[str], raw_probs, filtered_probs, highlight: int | None = None,
                     highlight_label: str | None = None, title: str | None = None) -> go.Figure:
    """next_token_bars with one row (index into tokens) outlined in red and its tick marked "▶ … (label)"."""
    fig = next_token_bars(tokens, raw_probs, filtered_probs, title=title)
    n = len(tokens)
    if highlight is None or not 0 <= highlight < n:
        return fig
    widths = [3 if i == highlight else 0 for i in range(n)]
    fig.update_traces(marker_line_width=widths, marker_line_color=HIGHLIGHT_COLOR)
    ticktext = list(fig.layout.yaxis.ticktext)
    ticktext[highlight] = f"▶ {ticktext[highlight]} ({highlight_label or t('figures_next_token.sampled')})"
    fig.update_yaxes(ticktext=ticktext)
    return fig


def per_position_figure(labels: Sequence[str], target_probs, target_labels: Sequence[str],
                        top_labels: Sequence[str], top_probs, title: str | None = None) -> go.Figure:
    """One bar per position t < T-1: the probability the model gave the token that really follows t.

    labels: the T input tokens (x axis: the token the model has just read); target_labels: the T-1 tokens
    that follow; top_labels / top_probs: the model's own top prediction at each of the T positions.
    """
    target_probs = np.asarray(target_probs, dtype=float)  # [T-1]
    T = len(labels)
    x = list(range(len(target_probs)))
    reads = visible_token_labels(labels)
    targets = visible_token_labels(target_labels)
    tops = visible_token_labels(top_labels)
    hits = [tops[i] == targets[i] for i in x]
    custom = np.asarray([[reads[i], targets[i], tops[i], float(top_probs[i])] for i in x], dtype=object)
    fig = go.Figure(go.Bar(
        x=x, y=target_probs, customdata=custom if len(x) else None,
        marker_color=[FILTERED_COLOR if h else RAW_COLOR for h in hits],
        # the catalogue escapes plotly's %{...} as %{{...}}: formatting (with any argument) unescapes them
        hovertemplate=t("figures_next_token.per_position_hover", _=None) + "<extra></extra>"))
    _base_layout(fig, title or t("figures_next_token.per_position_title", n=len(x)), 320, showlegend=False)
    fig.update_xaxes(title=t("figures_next_token.axis_position"), range=[-0.5, max(T - 1, 1) - 0.5],
                     **token_axis(reads[:max(T - 1, 1)]))
    fig.update_yaxes(title=t("figures_next_token.axis_probability"), range=[0, 1])
    return fig


def continuation_html(prompt_text: str, continuation_text: str, max_prompt_chars: int = 400) -> str:
    """The prompt's tail in grey and the generated continuation in bold red, HTML-escaped, whitespace kept.

    A generated newline also shows as "⏎": otherwise a sampled newline would be invisible.
    """
    shown = prompt_text[-max_prompt_chars:]
    cut = "…" if len(prompt_text) > len(shown) else ""
    grey = html.escape(cut + shown)
    nothing = f"<i>{html.escape(t('figures_next_token.nothing_yet'))}</i>"
    new = html.escape(continuation_text.replace("\n", "⏎\n")) or nothing
    return (f'<pre style="white-space: pre-wrap; font-size: 0.9rem; padding: 0.6rem; '
            f'border: 1px solid #ddd; border-radius: 6px">'
            f'<span style="color:#888">{grey}</span><b style="color:{HIGHLIGHT_COLOR}">{new}</b></pre>')

