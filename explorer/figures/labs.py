"""Figure builders for the Concept labs, What if… and Show the math pages (pure plotly, no streamlit, no torch).

Every visible word is an argument, so the pages pass strings from the i18n catalogue; the conventions are
explorer.figures' (numeric token axes with ticktext, whitespace made visible, signed colours centred on 0).
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.figures import CATEGORY_COLORS, FILTERED_COLOR, RAW_COLOR, token_axis, visible_token_labels
from explorer.figures.base import _base_layout

HIGHLIGHT = "#d62728"
POSITIVE, NEGATIVE = "#d6604d", "#4393c3"


def retitle(fig: go.Figure, title: str | None = None, x_title: str | None = None, y_title: str | None = None,
            note: str | None = None, colorbar: str | None = None) -> go.Figure:
    """Set the caller's title, axis titles, corner note and colour-bar title on an explorer.figures chart
    (in place of the builder's own; each None keeps it)."""
    if title is not None:
        fig.update_layout(title_text=title)
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    if note is not None and fig.layout.annotations:
        fig.layout.annotations[-1].text = note
    if colorbar is not None:
        fig.update_traces(colorbar_title_text=colorbar, selector=dict(type="heatmap"))
    return fig


def before_after_bars(tokens: Sequence[str], before, after, names: tuple[str, str], title: str,
                      x_title: str) -> go.Figure:
    """Horizontal grouped bars: the probability of each candidate next token before and after a what-if."""
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    labels = visible_token_labels(tokens)
    y = list(range(len(labels)))
    fig = go.Figure()
    for values, name, color in ((before, names[0], RAW_COLOR), (after, names[1], FILTERED_COLOR)):
        fig.add_trace(go.Bar(y=y, x=values, orientation="h", name=name, marker_color=color, customdata=labels,
                             text=[f"{v:.3f}" for v in values], textposition="outside",
                             hovertemplate=f"'%{{customdata}}' {name}: %{{x:.4f}}<extra></extra>"))
    top = float(max(before.max(initial=0), after.max(initial=0)))
    _base_layout(fig, title, max(260, 70 + 36 * len(y)), barmode="group", bargap=0.25,
                 legend=dict(orientation="h", y=-0.15))
    fig.update_yaxes(tickmode="array", tickvals=y, ticktext=labels, autorange="reversed")
    fig.update_xaxes(title=x_title, range=[0, min(1.0, top * 1.2 + 0.02)])
    return fig


def line_chart(x, series: Mapping[str, Sequence[float]], title: str, x_title: str, y_title: str,
               x_labels: Sequence[str] | None = None, log_x: bool = False, log_y: bool = False,
               markers: bool = True, height: int = 360, hlines: Mapping[str, float] | None = None,
               styles: Mapping[str, Mapping] | None = None) -> go.Figure:
    """One line per named series over x; x_labels turns x into a token axis (numeric with ticktext).

    styles: per series name, trace settings to override (e.g. markers only, so equal series stay visible).
    """
    x = list(np.asarray(x).tolist())
    fig = go.Figure()
    for n, (name, values) in enumerate(series.items()):
        fig.add_trace(go.Scatter(x=x, y=np.asarray(values, dtype=float), name=name,
                                 mode="lines+markers" if markers else "lines",
                                 line=dict(color=CATEGORY_COLORS[n % len(CATEGORY_COLORS)]),
                                 hovertemplate=f"{name}: %{{x}} → %{{y:.4g}}<extra></extra>"))
        if styles and name in styles:
            fig.data[-1].update(**styles[name])
    dashes = ("dash", "dot", "dashdot")
    for n, (name, value) in enumerate((hlines or {}).items()):
        # a trace, not add_hline: an hline's annotation on a log axis would be placed at 10^value
        fig.add_trace(go.Scatter(x=[x[0], x[-1]] if x else [], y=[float(value)] * (2 if x else 0), mode="lines",
                                 name=name, line=dict(color="#666", dash=dashes[n % 3], width=1),
                                 hovertemplate=f"{name}<extra></extra>"))
    _base_layout(fig, title, height, legend=dict(orientation="h", y=-0.3), margin=dict(l=60, r=20, t=60, b=100))
    axis = dict(type="log") if log_x else {}
    if x_labels is not None:
        axis.update(token_axis(visible_token_labels(x_labels), max_labels=48))
    fig.update_xaxes(title=x_title, **axis)
    fig.update_yaxes(title=y_title, type="log" if log_y else None)
    return fig


def scaling_demo_figure(demo: Mapping[str, Sequence[float]], text: Mapping[str, str]) -> go.Figure:
    """gpt_core.interp.attention_math.scaling_demo in two panels: var(q·k) vs d, and the mean largest softmax weight per row.

    text keys: title, left, right, x, var, max_weight, dot, scaled, softmax, softmax_scaled.
    """
    d = list(demo["d"])
    fig = make_subplots(rows=1, cols=2, subplot_titles=(text["left"], text["right"]))
    traces = ((demo["var_dot"], text["dot"], "#d62728", None, 1),
              (demo["var_scaled"], text["scaled"], FILTERED_COLOR, None, 1),
              (demo["max_prob_unscaled"], text["softmax"], "#d62728", "dot", 2),
              (demo["max_prob_scaled"], text["softmax_scaled"], FILTERED_COLOR, "dot", 2))
    for values, name, color, dash, col in traces:
        fig.add_trace(go.Scatter(x=d, y=list(values), mode="lines+markers", name=name,
                                 line=dict(color=color, dash=dash),
                                 hovertemplate=f"{name}: d=%{{x}} → %{{y:.4g}}<extra></extra>"), row=1, col=col)
    _base_layout(fig, text["title"], 400, legend=dict(orientation="h", y=-0.25), margin=dict(l=60, r=20, t=90, b=50))
    fig.update_xaxes(type="log", title=text["x"], tickmode="array", tickvals=d, ticktext=[str(v) for v in d])
    fig.update_yaxes(type="log", title=text["var"], row=1, col=1)
    fig.update_yaxes(range=[0, 1.05], title=text["max_weight"], row=1, col=2)
    return fig


def vector_bars(values, title: str, x_title: str, y_title: str, tick_labels: Sequence[str] | None = None,
                highlight: int | None = None, signed: bool = True, height: int = 260,
                masked: Sequence[bool] | None = None, masked_label: str = "−∞") -> go.Figure:
    """One bar per component (q_i, k_j, q_i ⊙ k_j, a softmax row); highlight outlines one bar in red.

    masked: components drawn as grey ✕ at 0 instead of a bar (a score set to −inf by the mask).
    """
    v = np.asarray(values, dtype=float)
    n = v.size
    x = np.arange(n)
    masked_arr = np.zeros(n, dtype=bool) if masked is None else np.asarray(masked, dtype=bool)
    labels = visible_token_labels(tick_labels) if tick_labels is not None else [str(i) for i in range(n)]
    shown = ~masked_arr & np.isfinite(v)
    colors = np.where(v >= 0, POSITIVE, NEGATIVE).astype(object) if signed else np.full(n, FILTERED_COLOR, dtype=object)
    widths = np.where(x == highlight, 3, 0) if highlight is not None else np.zeros(n)
    if highlight is not None and 0 <= highlight < n:
        colors[highlight] = HIGHLIGHT if not signed else colors[highlight]
    fig = go.Figure(go.Bar(x=x[shown], y=v[shown], marker_color=colors[shown], marker_line_color=HIGHLIGHT,
                           marker_line_width=widths[shown], customdata=np.asarray(labels, dtype=object)[shown],
                           hovertemplate="%{customdata} (%{x}): %{y:.4f}<extra></extra>", showlegend=False))
    if masked_arr.any():
        fig.add_trace(go.Scatter(x=x[masked_arr], y=np.zeros(int(masked_arr.sum())), mode="markers",
                                 marker=dict(symbol="x", color="#888", size=8), showlegend=False,
                                 customdata=np.asarray(labels, dtype=object)[masked_arr],
                                 hovertemplate=f"%{{customdata}} (%{{x}}): {masked_label}<extra></extra>"))
    _base_layout(fig, title, height, bargap=0.15)
    axis = token_axis(labels, max_labels=24) if tick_labels is not None else {}
    fig.update_xaxes(title=x_title, range=[-0.5, n - 0.5], **axis)
    fig.update_yaxes(title=y_title, zeroline=True, zerolinecolor="#999")
    return fig


def activation_figure(x, relu, gelu, pre_values, text: Mapping[str, str], bins: int = 80) -> go.Figure:
    """ReLU and GELU over x, with the histogram of a layer's real pre-activations behind them (right axis).

    text keys: title, x, y, hist_y, relu, gelu, hist.
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    pre = np.asarray(pre_values, dtype=float).reshape(-1)
    lo, hi = float(np.min(x)), float(np.max(x))
    counts, edges = np.histogram(np.clip(pre, lo, hi), bins=bins, range=(lo, hi))
    share = counts / max(pre.size, 1)
    fig.add_trace(go.Bar(x=(edges[:-1] + edges[1:]) / 2, y=share, name=text["hist"], marker_color="#c6dbef",
                         width=(hi - lo) / bins, hovertemplate="%{x:.2f}: %{y:.2%}<extra></extra>"),
                  secondary_y=True)
    fig.add_trace(go.Scatter(x=x, y=relu, name=text["relu"], line=dict(color="#d62728", width=2)), secondary_y=False)
    fig.add_trace(go.Scatter(x=x, y=gelu, name=text["gelu"], line=dict(color=FILTERED_COLOR, width=2)),
                  secondary_y=False)
    fig.add_vline(x=0, line=dict(color="#999", width=1))
    _base_layout(fig, text["title"], 400, legend=dict(orientation="h", y=-0.3), bargap=0,
                 margin=dict(l=60, r=60, t=60, b=100))
    fig.update_xaxes(title=text["x"])
    fig.update_yaxes(title=text["y"], secondary_y=False)
    fig.update_yaxes(title=text["hist_y"], tickformat=".0%", secondary_y=True, showgrid=False)
    return fig


def offset_figure(scores, text: Mapping[str, str], rows: Sequence[int] = (0,)) -> go.Figure:
    """The rotary demo: score vs offset n − m over the keys a query can see (n ≤ m), one line per query
    position m; where two lines share an offset they coincide (larger markers underneath show it).

    text keys: title, x, y, row (a format string with {m}).
    """
    scores = np.asarray(scores, dtype=float)
    P = scores.shape[0]
    fig = go.Figure()
    for n, m in enumerate(rows):
        if not 0 <= m < P:
            continue
        offs = np.arange(m + 1) - m  # keys n = 0..m: offsets -m..0
        fig.add_trace(go.Scatter(x=offs, y=scores[m, : m + 1], mode="lines+markers", name=text["row"].format(m=m),
                                 marker=dict(size=5 + 2 * (len(rows) - n)),
                                 line=dict(color=CATEGORY_COLORS[n % len(CATEGORY_COLORS)], width=1),
                                 hovertemplate="n − m = %{x}: %{y:.4f}<extra></extra>"))
    _base_layout(fig, text["title"], 380, legend=dict(orientation="h", y=-0.3), margin=dict(l=60, r=20, t=60, b=100))
    fig.update_xaxes(title=text["x"])
    fig.update_yaxes(title=text["y"])
    return fig
