"""Vectors as pictures: a vector strip, position paths, residual trajectories, the vocabulary map."""
from __future__ import annotations

import html
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from explorer.figures import base as F
from explorer.i18n import t  # streamlit-safe: English outside a Streamlit run

def vector_strip(values, title: str, tick_labels: Sequence[str] | None = None, highlight: int | None = None,
                 colorscale: str = F.SIGNED_SCALE, zmid: float | None = 0.0, hover_name: str = "index",
                 max_labels: int = 66) -> go.Figure:
    """A vector [N] as a one-row heatmap strip (one-hot vectors, embedding rows); highlight outlines one cell."""
    v = np.asarray(values, dtype=float).reshape(-1)
    N = v.size
    labels = F._labels_or_indices(tick_labels, N) if tick_labels is not None else [str(i) for i in range(N)]
    kwargs = {}
    if zmid is not None:
        bound = float(np.abs(v - zmid).max(initial=0.0)) or 1.0
        kwargs = dict(zmin=zmid - bound, zmax=zmid + bound)
    fig = go.Figure(go.Heatmap(z=v[None, :], x=list(range(N)), y=[0], colorscale=colorscale,
                               customdata=np.asarray(labels, dtype=object)[None, :], xgap=1 if N <= 160 else 0,
                               hovertemplate=f"{hover_name} %{{x}} '%{{customdata}}': %{{z:.4f}}<extra></extra>",
                               colorbar=dict(thickness=10, len=1.2), **kwargs))
    if highlight is not None:
        fig.add_shape(type="rect", x0=highlight - 0.5, x1=highlight + 0.5, y0=-0.5, y1=0.5,
                      line=dict(color="#d62728", width=2))
    F._base_layout(fig, title, 190, margin=dict(l=20, r=20, t=50, b=50))
    fig.update_xaxes(**F.token_axis(labels, max_labels), showgrid=False, zeroline=False, range=[-0.5, N - 0.5])
    fig.update_yaxes(visible=False)
    return fig


def highlight_row(fig: go.Figure, row: int, n_cols: int, color: str = "#d62728") -> go.Figure:
    """Outline one row of a heatmap drawn on a 0..n-1 numeric grid (the row a lookup returns)."""
    fig.add_shape(type="rect", x0=-0.5, x1=n_cols - 0.5, y0=row - 0.5, y1=row + 0.5, line=dict(color=color, width=2))
    return fig


def position_path(coords, title: str, explained=None, n_input: int | None = None) -> go.Figure:
    """Position embeddings projected to 2-D [block_size, 2], joined in order and coloured by position.

    n_input: positions 0..n_input-1 (the ones the current text uses) get outlined markers.
    """
    xy = np.asarray(coords, dtype=float)
    P = xy.shape[0]
    pos = np.arange(P)
    used = pos < (n_input if n_input is not None else 0)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="lines", line=dict(color="#cccccc", width=1),
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=xy[:, 0], y=xy[:, 1], mode="markers", showlegend=False, customdata=pos,
        marker=dict(color=pos, colorscale="Viridis", size=np.where(used, 9, 6),
                    line=dict(color="#111", width=np.where(used, 1.0, 0.0)),  # numbers: a 1024-string colour list took ~70 ms to validate
                    colorbar=dict(title=t("figures_views.position"), thickness=10)),
        hovertemplate=t("figures_views.position") + " %{customdata}<extra></extra>"))
    axis = [f"PC{i + 1}" + (f" ({float(explained[i]):.0%})" if explained is not None else "") for i in range(2)]
    F._base_layout(fig, title, 420)
    fig.update_xaxes(title=axis[0])
    fig.update_yaxes(title=axis[1], scaleanchor="x", scaleratio=1)
    return fig


def residual_trajectory_figure(coords, labels: Sequence[str], positions: Sequence[int], stage_names: Sequence[str],
                               explained=None, title: str | None = None) -> go.Figure:
    """Trajectories [S, T, 2] of the chosen token positions (a shared projection fit on all T tokens)."""
    c = np.asarray(coords, dtype=float)
    positions = list(positions)
    sub = c[:, positions]  # [S, n, 2]
    sub_labels = [labels[p] for p in positions]
    visible = F.visible_token_labels(sub_labels)
    fig = F.trajectory_figure(sub, sub_labels, title=title, layer_names=list(stage_names),
                              names=[f"{p}:{label}" for p, label in zip(positions, sub_labels)],
                              hover_prefixes=[t("figures_views.token_at", label=html.escape(label), p=p) + ","
                                              for p, label in zip(positions, visible)])
    if explained is not None:
        fig.update_xaxes(title=f"PC1 ({float(explained[0]):.0%})")
        fig.update_yaxes(title=f"PC2 ({float(explained[1]):.0%})")
    return fig


def vocab_scatter(coords, labels: Sequence[str], kinds: Sequence[str], kind_order: Sequence[str], used=None,
                  explained=None, title: str | None = None, ids=None) -> go.Figure:
    """The vocabulary [V, 2|3] as F.embedding_scatter, with the categories in kind_order (so a colour means the
    same kind for every model) and hover / customdata giving each point's real token id (ids [N]: the token ids
    of the points when they are a sample of the vocabulary; default 0..N-1)."""
    V = len(labels)
    token_ids = np.arange(V) if ids is None else np.asarray(ids, dtype=int)
    order = np.array(sorted(range(V), key=lambda i: (list(kind_order).index(kinds[i]), i)), dtype=int)
    xy = np.asarray(coords, dtype=float)[order]
    mask = None if used is None else np.asarray(used, dtype=bool)[order]
    fig = F.embedding_scatter(xy, [labels[i] for i in order], [kinds[i] for i in order], highlight_mask=mask,
                              explained=explained, title=title)
    for trace in fig.data:  # embedding_scatter numbers points in the order given: map back to token ids
        trace.customdata = token_ids[order[np.asarray(trace.customdata, dtype=int)]]
    return fig
