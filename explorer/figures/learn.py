"""Figures of the Learn pages (Questions, tour, quiz): the XOR decision boundary and the three transformer block
layouts. Pure plotly; every word arrives as an argument (the caller translates)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from .base import CATEGORY_COLORS, SIGNED_SCALE, _figure


def xor_boundary(axis, probs, points, labels, title: str, x_title: str, y_title: str,
                 class_names: tuple[str, str]) -> go.Figure:
    """P(class 1) over a grid [n, n] (y outer), the 0.5 contour as the boundary, and the four points by class."""
    p = np.asarray(probs, dtype=float)
    pts, lab = np.asarray(points, dtype=float), np.asarray(labels)
    data = [{"type": "heatmap", "x": list(axis), "y": list(axis), "z": p.tolist(), "zmin": 0, "zmax": 1, "colorscale": SIGNED_SCALE,
                 "showscale": False, "hoverinfo": "skip"},
            {"type": "contour", "x": list(axis), "y": list(axis), "z": p.tolist(), "contours": {"start": 0.5, "end": 0.5, "size": 1,
                 "coloring": "none"}, "line": {"width": 3, "color": "black"}, "showscale": False, "hoverinfo": "skip"}]
    for c, name in enumerate(class_names):
        sel = lab == c
        data.append({"type": "scatter", "mode": "markers", "x": pts[sel, 0].tolist(), "y": pts[sel, 1].tolist(), "name": name,
                         "marker": {"size": 18, "color": CATEGORY_COLORS[c], "symbol": "circle" if c else "x",
                                     "line": {"width": 2, "color": "white"}}})
    return _figure(data, title, 380, xaxis={"title": {"text": x_title}},
                   yaxis={"title": {"text": y_title}, "scaleanchor": "x"})


def block_layouts(columns: Sequence[tuple[str, Sequence[str]]], highlight: int, title: str,
                  repeat: Sequence[str]) -> go.Figure:
    """Side by side stacks of sublayer boxes, bottom to top, one per architecture: columns [(name, [sublayers])];
    highlight: the column of the loaded model (outlined); repeat [n]: the "× N" under each column."""
    fig = go.Figure()
    width, gap, box_h = 1.0, 0.4, 0.55
    for c, (name, boxes) in enumerate(columns):
        x0 = c * (width + gap)
        chosen = c == highlight
        for b, label in enumerate(boxes):
            y0 = b * (box_h + 0.2)
            fig.add_shape(type="rect", x0=x0, x1=x0 + width, y0=y0, y1=y0 + box_h, line={
                "width": 3 if chosen else 1, "color": "#d62728" if chosen else "#555"},
                fillcolor="#fde0dd" if chosen else "#eef3f8")
            fig.add_annotation(x=x0 + width / 2, y=y0 + box_h / 2, text=label, showarrow=False, font={"size": 12})
        top = len(boxes) * (box_h + 0.2)
        fig.add_annotation(x=x0 + width / 2, y=top + 0.15, text=f"<b>{name}</b>", showarrow=False,
                           font={"size": 13, "color": "#d62728" if chosen else "#222"})
        fig.add_annotation(x=x0 + width / 2, y=-0.3, text=repeat[c], showarrow=False, font={"size": 12})
    n = len(columns)
    tallest = max(len(b) for _, b in columns)
    fig.update_layout(title={"text": title, "x": 0.01, "xanchor": "left"}, height=120 + 80 * tallest, showlegend=False,
                      xaxis={"visible": False, "range": [-0.2, n * (width + gap)]},
                      yaxis={"visible": False, "range": [-0.6, tallest * (box_h + 0.2) + 0.5]},
                      margin={"l": 10, "r": 10, "t": 50, "b": 10}, template="plotly_white")
    return fig
