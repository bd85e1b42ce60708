"""Figures of the Compare page (pure plotly): two runs' values side by side, and what changed from A to B.

Every word on them comes from the caller (the page's catalogue), so one builder serves the next-token bars and
the attribution bars. Rows are numeric with ticktext (two tokens spelt alike never merge).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from explorer.figures.base import _figure

COLOR_A, COLOR_B = "#1f77b4", "#ff7f0e"
UP, DOWN = "#2ca02c", "#d62728"  # B higher than A / lower


def short_number(x: float, signed: bool = False) -> str:
    """A bar's label: 3 decimals, or 2 significant digits for a value that would read 0.000; "" for NaN.

    >>> [short_number(v) for v in (0.8012, 0.00042, 0.0, float("nan"))], short_number(-0.00042, signed=True)
    (['0.801', '4.2e-04', '0', ''], '-4.2e-04')
    """
    if not np.isfinite(x):
        return ""
    sign = "+" if signed else ""
    if x == 0:
        return "0"
    return format(x, f"{sign}.3f") if abs(x) >= 0.0005 else format(x, f"{sign}.1e")


def paired_bars(labels: Sequence[str], values_a, values_b, name_a: str, name_b: str, title: str, value_title: str,
                change_title: str, hover_a: str, hover_b: str, hover_change: str, show_change: bool = True) -> go.Figure:
    """Left: A's and B's value per row as grouped horizontal bars; right: B − A per row (green up, red down).

    values_* may hold NaN where a side has no such row (a token not in its vocabulary): no bar is drawn there.
    hover_*: plotly hover templates, where %{customdata} is the row's label and %{x} the value. Without
    show_change (one side has nothing to compare) the bars take the whole width.
    """
    a = np.asarray(values_a, dtype=float)
    b = np.asarray(values_b, dtype=float)
    n = len(labels)
    change = np.where(np.isnan(a) & np.isnan(b), np.nan, np.nan_to_num(b) - np.nan_to_num(a))  # [n]
    y = list(range(n))
    labels = list(labels)
    text = lambda v, signed=False: [short_number(x, signed) for x in v]  # noqa: E731
    data = [
        dict(type="bar", orientation="h", y=y, x=a.tolist(), name=name_a, marker=dict(color=COLOR_A),
             customdata=labels, text=text(a), textposition="outside", hovertemplate=hover_a, xaxis="x", yaxis="y"),
        dict(type="bar", orientation="h", y=y, x=b.tolist(), name=name_b, marker=dict(color=COLOR_B),
             customdata=labels, text=text(b), textposition="outside", hovertemplate=hover_b, xaxis="x", yaxis="y"),
        dict(type="bar", orientation="h", y=y, x=change.tolist(), showlegend=False,
             marker=dict(color=[UP if c >= 0 else DOWN for c in np.nan_to_num(change)]), customdata=labels,
             text=text(change, True), textposition="outside",
             hovertemplate=hover_change, xaxis="x2", yaxis="y2"),
    ]
    finite = np.concatenate([v[np.isfinite(v)] for v in (a, b)] or [np.zeros(1)])
    lo, hi = (float(finite.min(initial=0.0)), float(finite.max(initial=0.0)))
    pad = 0.2 * max(hi - lo, 1e-9)
    c_abs = float(np.nanmax(np.abs(change), initial=0.0)) if n else 0.0
    ticks = dict(tickmode="array", tickvals=y, ticktext=labels, autorange="reversed")
    axes = dict(xaxis=dict(domain=[0.0, 0.6 if show_change else 1.0], title=dict(text=value_title),
                           range=[min(lo - pad * (lo < 0), 0), hi + pad]),
                yaxis=dict(**ticks))
    if show_change:
        axes.update(xaxis2=dict(domain=[0.7, 1.0], title=dict(text=change_title), zeroline=True, zerolinecolor="#888",
                                range=[-1.7 * c_abs - 1e-12, 1.7 * c_abs + 1e-12]),
                    yaxis2=dict(anchor="x2", showticklabels=False, **ticks))
    else:
        data = data[:2]
    return _figure(data, title, height=max(280, 90 + 30 * n), barmode="group", bargap=0.25,
                   legend=dict(orientation="h", y=-0.12), margin=dict(l=90, r=40, t=60, b=60), **axes)
