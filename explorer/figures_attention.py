"""Plotly builders for the Attention page that explorer.figures does not have (no streamlit, no torch).

Visible words come from the i18n catalogue (explorer/locales/<lang>/figures_attention.py) or from the caller.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from . import figures
from .i18n import t  # streamlit-safe: English outside a Streamlit run


def _axis_suffix(index: int) -> str:
    """make_subplots names the axes of subplot n (1-based, row-major) x, x2, x3, ..."""
    return "" if index == 1 else str(index)


def clickable_attention_grid(patterns, labels=None, hover_notes: Sequence[Sequence[str]] | None = None,
                             selected: tuple[int, int] | None = None, lattice: int = 4,
                             assumed_width: int = 1100) -> go.Figure:
    """figures.attention_grid plus what makes a head clickable in Streamlit.

    st.plotly_chart(on_select=...) ignores clicks on heatmaps, so each subplot gets an invisible
    scatter: a lattice x lattice grid of square markers covering it, every point carrying
    customdata [layer, head]. Its hover names the head (hover_notes [L][nh] adds a line), which
    replaces the small maps' per-cell hover; the large view has the values.
    selected: (layer, head) outlined in red.
    """
    p = np.asarray(patterns, dtype=float)
    fig = figures.attention_grid(p, labels=labels)
    L, nh, T, _ = p.shape
    k = max(1, min(lattice, T))
    centres = (np.arange(k) + 0.5) * T / k - 0.5  # lattice positions in cell coordinates
    xs, ys = np.meshgrid(centres, centres)
    xs, ys = xs.ravel(), ys.ravel()
    height = float(fig.layout.height or 600)
    margin = fig.layout.margin
    plot_h = height - float(margin.t or 0) - float(margin.b or 0)
    plot_w = assumed_width - float(margin.l or 0) - float(margin.r or 0)
    overlays, rows, cols = [], [], []
    for layer in range(L):
        for head in range(nh):
            n = layer * nh + head + 1
            suffix = _axis_suffix(n)
            ydom = fig.layout[f"yaxis{suffix}"].domain
            xdom = fig.layout[f"xaxis{suffix}"].domain
            side_px = min(plot_h * (ydom[1] - ydom[0]), plot_w * (xdom[1] - xdom[0]))
            note = hover_notes[layer][head] if hover_notes is not None else ""
            text = f"L{layer} H{head}" + (f"<br>{note}" if note else "") + "<br>" + t("figures_attention.click_to_open")
            overlays.append(go.Scatter(
                x=xs, y=ys, mode="markers", showlegend=False, name=f"L{layer} H{head}",
                marker=dict(symbol="square", size=max(8.0, 1.5 * side_px / k), color="rgba(0,0,0,0)",
                            line=dict(width=0)),
                # plain lists (a numpy array would travel as a typed array and come back as a dict)
                customdata=[[layer, head]] * len(xs), hovertemplate=text + "<extra></extra>",
                selected=dict(marker=dict(opacity=1.0)), unselected=dict(marker=dict(opacity=1.0)),
            ))
            rows.append(layer + 1)
            cols.append(head + 1)
    fig.add_traces(overlays, rows=rows, cols=cols)  # one call: per-trace add_trace re-validates the figure each time
    if selected is not None:
        layer, head = selected
        suffix = _axis_suffix(layer * nh + head + 1)
        fig.add_shape(type="rect", xref=f"x{suffix} domain", yref=f"y{suffix} domain", x0=-0.02, x1=1.02,
                      y0=-0.02, y1=1.02, line=dict(color="#d62728", width=3))
    fig.update_xaxes(range=[-0.5, T - 0.5])
    fig.update_yaxes(range=[T - 0.5, -0.5], autorange=False)
    fig.update_layout(clickmode="event+select", hovermode="closest")
    return fig


def add_diagonal(fig: go.Figure, T: int, text: str | None = None) -> go.Figure:
    """A dashed line on the diagonal i = j of a [T, T] heatmap: everything right of it is the future."""
    fig.add_shape(type="line", x0=-0.5, y0=-0.5, x1=T - 0.5, y1=T - 0.5, line=dict(color="#d62728", dash="dash",
                                                                                   width=1.5))
    if text:
        fig.add_annotation(x=T - 1, y=0, text=text, showarrow=False, xanchor="right", yanchor="top",
                           font=dict(size=11, color="#d62728"))
    return fig
