"""Plotly builders for the Attention page that explorer.figures does not have (no streamlit, no torch).

Visible words come from the i18n catalogue (explorer/locales/<lang>/figures_attention.py) or from the caller.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from . import figures
from .i18n import t  # streamlit-safe: English outside a Streamlit run


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
    data, layout = figures.attention_grid_spec(p, labels=labels)
    L, nh, T, _ = p.shape
    k = max(1, min(lattice, T))
    centres = (np.arange(k) + 0.5) * T / k - 0.5  # lattice positions in cell coordinates
    xs, ys = np.meshgrid(centres, centres)
    xs, ys = xs.ravel(), ys.ravel()
    margin = layout["margin"]
    plot_h = float(layout["height"]) - margin["t"] - margin["b"]
    plot_w = assumed_width - margin["l"] - margin["r"]
    for layer in range(L):
        for head in range(nh):
            suffix = figures.axis_suffix(layer * nh + head + 1)
            ydom = layout[f"yaxis{suffix}"]["domain"]
            xdom = layout[f"xaxis{suffix}"]["domain"]
            side_px = min(plot_h * (ydom[1] - ydom[0]), plot_w * (xdom[1] - xdom[0]))
            note = hover_notes[layer][head] if hover_notes is not None else ""
            text = f"L{layer} H{head}" + (f"<br>{note}" if note else "") + "<br>" + t("figures_attention.click_to_open")
            data.append(dict(
                type="scatter", x=xs, y=ys, xaxis=f"x{suffix}", yaxis=f"y{suffix}", mode="markers",
                showlegend=False, name=f"L{layer} H{head}",
                marker=dict(symbol="square", size=max(8.0, 1.5 * side_px / k), color="rgba(0,0,0,0)",
                            line=dict(width=0)),
                # plain lists (a numpy array would travel as a typed array and come back as a dict)
                customdata=[[layer, head]] * len(xs), hovertemplate=text + "<extra></extra>",
                selected=dict(marker=dict(opacity=1.0)), unselected=dict(marker=dict(opacity=1.0)),
            ))
    if selected is not None:
        layer, head = selected
        suffix = figures.axis_suffix(layer * nh + head + 1)
        layout["shapes"] = [dict(type="rect", xref=f"x{suffix} domain", yref=f"y{suffix} domain", x0=-0.02,
                                 x1=1.02, y0=-0.02, y1=1.02, line=dict(color="#d62728", width=3))]
    layout.update(clickmode="event+select", hovermode="closest")
    return go.Figure(data=data, layout=layout)


def add_diagonal(fig: go.Figure, T: int, text: str | None = None) -> go.Figure:
    """A dashed line on the diagonal i = j of a [T, T] heatmap: everything right of it is the future."""
    fig.add_shape(type="line", x0=-0.5, y0=-0.5, x1=T - 0.5, y1=T - 0.5, line=dict(color="#d62728", dash="dash",
                                                                                   width=1.5))
    if text:
        fig.add_annotation(x=T - 1, y=0, text=text, showarrow=False, xanchor="right", yanchor="top",
                           font=dict(size=11, color="#d62728"))
    return fig
