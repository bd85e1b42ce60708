"""Plotly builders the Overview, Tokenization and Embeddings pages need beyond explorer.figures.

Same conventions as explorer.figures (no streamlit, numeric token axes with ticktext, whitespace made
visible, titles name the tensor and its shape).
"""
from __future__ import annotations

import html
import textwrap
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from . import figures as F
from .i18n import t  # streamlit-safe: English outside a Streamlit run

# analysis_pages1.flow_stages' names -> catalogue keys (the names stay the data; the boxes show the translation)
STAGE_KEYS = {
    "token ids": "token_ids", "tok_emb + pos_emb": "embed_sum", "LayerNorm ln_1": "ln_1",
    "masked multi-head attention": "attention", "+ residual": "residual", "LayerNorm ln_2": "ln_2",
    "MLP (4C hidden)": "mlp", "final LayerNorm ln_f": "ln_f", "lm_head → logits": "logits",
    "softmax → next-token probabilities": "softmax",
}


def stage_label(name: str) -> str:
    key = STAGE_KEYS.get(name)
    return t(f"figures_pages1.stage.{key}") if key else name

BOX_W, BOX_H = 0.9, 0.62


def _wrap(name: str, width: int = 16) -> str:
    return "<br>".join(textwrap.wrap(name, width)) or name


def model_flow_figure(stages, n_layer: int, title: str | None = None) -> go.Figure:
    """The data flow as three rows: input stages, the repeated block (framed, "× L"), output stages.

    stages: objects with name, shape_str and in_block (explorer.analysis_pages1.Stage). Inside the
    block, bent arrows above the boxes are the residual (skip) connections into each "+ residual".
    """
    rows: list[list] = [[], [], []]
    seen_block = False
    for s in stages:
        if s.in_block:
            seen_block = True
            rows[1].append(s)
        else:
            rows[2 if seen_block else 0].append(s)
    rows = [r for r in rows if r] if not seen_block else rows
    width = max(len(r) for r in rows)
    fig = go.Figure()
    centres = []  # (x, y) per stage in order
    row_y = {}
    for r, row in enumerate(rows):
        y = -1.45 * r
        row_y[r] = y
        for c, s in enumerate(row):
            x = float(c)
            centres.append((x, y))
            block = s.in_block
            fig.add_shape(type="rect", x0=x - BOX_W / 2, x1=x + BOX_W / 2, y0=y - BOX_H / 2, y1=y + BOX_H / 2,
                          line=dict(color="#b35806" if block else "#08519c", width=1.5),
                          fillcolor="#fee0b6" if block else "#eff3ff", layer="below")
            fig.add_annotation(x=x, y=y, text=f"<b>{_wrap(stage_label(s.name))}</b><br>{s.shape_str}", showarrow=False,
                               font=dict(size=11, color="#111"))
    for i in range(len(centres) - 1):
        (x0, y0), (x1, y1) = centres[i], centres[i + 1]
        if y0 == y1:
            start, end = (x0 + BOX_W / 2, y0), (x1 - BOX_W / 2, y1)
        else:  # next row: bottom of this box to top of the next
            start, end = (x0, y0 - BOX_H / 2), (x1, y1 + BOX_H / 2)
        fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                           text="", showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=1.4, arrowcolor="#555")
    if seen_block and rows[1]:
        y = row_y[1]
        n = len(rows[1])
        fig.add_shape(type="rect", x0=-0.55, x1=n - 0.45, y0=y - BOX_H / 2 - 0.12, y1=y + BOX_H / 2 + 0.42,
                      line=dict(color="#b35806", dash="dash", width=1.5), fillcolor="rgba(0,0,0,0)")
        fig.add_annotation(x=n - 0.45, y=y + BOX_H / 2 + 0.42, xanchor="right", yanchor="bottom", showarrow=False,
                           text=t("figures_pages1.blocks_note", L=n_layer),
                           font=dict(size=11, color="#b35806"))
        # residual connections: from the block input (left edge) / the previous "+" into each "+ residual"
        source_x = -0.5
        for c, s in enumerate(rows[1]):
            if s.name.startswith("+"):
                top = y + BOX_H / 2
                fig.add_shape(type="path", path=f"M {source_x},{top + 0.25} L {c},{top + 0.25}",
                              line=dict(color="#7f7f7f", width=1.3, dash="dot"))
                fig.add_annotation(x=c, y=top, ax=c, ay=top + 0.25, xref="x", yref="y", axref="x", ayref="y",
                                   text="", showarrow=True, arrowhead=2, arrowwidth=1.3, arrowcolor="#7f7f7f")
                fig.add_annotation(x=(source_x + c) / 2, y=top + 0.25, text=t("figures_pages1.residual"),
                                   showarrow=False,
                                   yshift=7, font=dict(size=9, color="#7f7f7f"))
                source_x = c
    fig.add_trace(go.Scatter(x=[x for x, _ in centres], y=[y for _, y in centres], mode="markers",
                             marker=dict(size=44, color="rgba(0,0,0,0)"), showlegend=False,
                             text=[f"{stage_label(s.name)}: {s.shape_str}" for r in rows for s in r],
                             hoverinfo="text"))
    F._base_layout(fig, title or t("figures_pages1.flow_title"), 70 + 140 * len(rows),
                   margin=dict(l=10, r=10, t=50, b=10))
    fig.update_xaxes(visible=False, range=[-0.6, width - 0.4])
    fig.update_yaxes(visible=False, range=[row_y[len(rows) - 1] - 0.4, 0.4 if not seen_block else 0.45])
    return fig


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
                    line=dict(color=np.where(used, "#111", "rgba(0,0,0,0)").tolist(), width=1),
                    colorbar=dict(title=t("figures_pages1.position"), thickness=10)),
        hovertemplate=t("figures_pages1.position") + " %{customdata}<extra></extra>"))
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
                              hover_prefixes=[t("figures_pages1.token_at", label=html.escape(label), p=p) + ","
                                              for p, label in zip(positions, visible)])
    if explained is not None:
        fig.update_xaxes(title=f"PC1 ({float(explained[0]):.0%})")
        fig.update_yaxes(title=f"PC2 ({float(explained[1]):.0%})")
    return fig


def vocab_scatter(coords, labels: Sequence[str], kinds: Sequence[str], kind_order: Sequence[str], used=None,
                  explained=None, title: str | None = None) -> go.Figure:
    """The vocabulary [V, 2|3] as F.embedding_scatter, with the categories in kind_order (so a colour means the
    same kind for every model) and hover / customdata giving each point's real token id."""
    V = len(labels)
    order = np.array(sorted(range(V), key=lambda i: (list(kind_order).index(kinds[i]), i)), dtype=int)
    xy = np.asarray(coords, dtype=float)[order]
    mask = None if used is None else np.asarray(used, dtype=bool)[order]
    fig = F.embedding_scatter(xy, [labels[i] for i in order], [kinds[i] for i in order], highlight_mask=mask,
                              explained=explained, title=title)
    for trace in fig.data:  # embedding_scatter numbers points in the order given: map back to token ids
        trace.customdata = order[np.asarray(trace.customdata, dtype=int)]
    return fig
