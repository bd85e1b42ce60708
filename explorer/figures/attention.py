"""Plotly builders for the Attention page that explorer.figures does not have (no streamlit, no torch).

Visible words come from the i18n catalogue (explorer/locales/<lang>/figures_attention.py) or from the caller.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from explorer.figures import base as figures
from explorer.i18n import t  # streamlit-safe: English outside a Streamlit run


def clickable_attention_grid(patterns, labels=None, hover_notes: Sequence[Sequence[str]] | None = None,
                             selected: tuple[int, int] | None = None, lattice: int = 4) -> go.Figure:
    """figures.attention_grid plus what makes a head clickable in Streamlit.

    st.plotly_chart(on_select=...) ignores clicks on heatmaps, so one invisible scatter lays a
    lattice x lattice grid of square markers over each head's block, every point carrying customdata
    [layer, head]. Its hover names the head (hover_notes [L][nh] adds a line); the large view has
    the values. selected: (layer, head) outlined in red.
    """
    p = np.asarray(patterns, dtype=float)
    data, layout, geo = figures.attention_grid_spec(p, labels=labels)
    L, nh, T, _ = p.shape
    k = max(1, min(lattice, T))
    offsets = (np.arange(k) + 0.5) * T / k - 0.5  # lattice positions inside a block, in cells
    xs, ys, custom, hover = [], [], [], []
    for layer in range(L):
        for head in range(nh):
            note = hover_notes[layer][head] if hover_notes is not None else ""
            text = f"L{layer} H{head}" + (f"<br>{note}" if note else "") + "<br>" + t("figures_attention.click_to_open")
            for dy in offsets:
                for dx in offsets:
                    xs.append(geo.col0(head) + dx)
                    ys.append(geo.row0(layer) + dy)
                    custom.append([layer, head])  # plain lists: a typed array would come back as a dict
                    hover.append(text)
    data.append(dict(type="scatter", x=xs, y=ys, mode="markers", showlegend=False, name="heads",
                     marker=dict(symbol="square", size=max(8.0, geo.cell_px * T / k), color="rgba(0,0,0,0)",
                                 line=dict(width=0)),
                     customdata=custom, text=hover, hovertemplate="%{text}<extra></extra>",
                     selected=dict(marker=dict(opacity=1.0)), unselected=dict(marker=dict(opacity=1.0))))
    if selected is not None:
        layer, head = selected
        x0, y0 = geo.col0(head) - 0.5, geo.row0(layer) - 0.5
        pad = max(0.5, 3 / geo.cell_px)  # about 3 px outside the block
        layout["shapes"].append(dict(type="rect", x0=x0 - pad, x1=x0 + T + pad, y0=y0 - pad, y1=y0 + T + pad,
                                     line=dict(color="#d62728", width=3), name="selected head"))
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
