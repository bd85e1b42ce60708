"""Figure builders for the "Why this prediction?" page (pure plotly and HTML; no streamlit, no torch).

Attribution bars (one per part of the model, clickable on heads), patching heatmaps (recovered fraction on a
diverging scale centred on 0, 1 = the clean answer fully back), the most active neurons, one neuron's activation
over the text as coloured tokens, and the tokens its output direction promotes and suppresses.
Words: explorer/locales/<lang>/figures_attribution.py, or the caller's.
"""
from __future__ import annotations

import html
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from explorer.figures.base import SIGNED_SCALE, _figure, token_axis, visible_token_labels
from explorer.i18n import t

KIND_COLORS = {"embed": "#8c564b", "pos_embed": "#bcbd22", "head": "#1f77b4", "attn_bias": "#7f7f7f",
               "mlp": "#ff7f0e", "norm_bias": "#9467bd"}
PROMOTED_COLOR, SUPPRESSED_COLOR = "#2ca02c", "#d62728"
LAYER_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf")


def part_label(kind: str, layer: int = -1, head: int = -1) -> str:
    """A part's name as the page shows it, e.g. "L0 H1", "L2 MLP", "token embedding (wte)".

    >>> part_label("head", 0, 1), part_label("mlp", 2), part_label("norm_bias")
    ('L0 H1', 'L2 MLP', 'final norm bias (ln_f)')
    """
    return t(f"figures_attribution.part.{kind}", layer=layer, head=head)


def attribution_bars(kinds: Sequence[str], layers: Sequence[int], heads: Sequence[int], values, title: str,
                     height: int | None = None) -> go.Figure:
    """One horizontal bar per part, top to bottom in the order given, coloured by kind (one trace, and legend
    entry, per kind). customdata per bar is [layer, head, label] (-1 where none): a click on a head reads it."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    labels = [part_label(k, l, h) for k, l, h in zip(kinds, layers, heads)]
    data = []
    for kind in KIND_COLORS:
        rows = [i for i in range(n) if kinds[i] == kind]
        if not rows:
            continue
        data.append(dict(type="bar", orientation="h", y=rows, x=values[rows], name=t(f"figures_attribution.kind.{kind}"),
                         marker=dict(color=KIND_COLORS[kind]),
                         customdata=[[int(layers[i]), int(heads[i]), labels[i]] for i in rows],
                         hovertemplate="%{customdata[2]}: %{x:+.4f}<extra></extra>"))
    bar_px = 18 if n <= 60 else max(6, 1100 // max(n, 1))
    height = height or int(min(1400, max(300, 110 + bar_px * n)))
    step = 1 if bar_px >= 12 else int(np.ceil(12 / bar_px))
    ticks = list(range(0, n, step))
    return _figure(data, title, height, barmode="overlay", clickmode="event+select", dragmode=False,
                   legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, xanchor="left"),
                   margin=dict(l=150, r=30, t=100, b=50),
                   xaxis=dict(title=dict(text=t("figures_attribution.axis_contribution")), zeroline=True,
                              zerolinecolor="#555", zerolinewidth=1),
                   yaxis=dict(tickmode="array", tickvals=ticks, ticktext=[labels[i] for i in ticks],
                              range=[n - 0.5, -0.5], showgrid=False))


def patching_heatmap(recovered, x_labels: Sequence[str], title: str, x_title: str, hover: np.ndarray,
                     marked: Sequence[int] = (), show_values: bool = False, x_start: int = 0,
                     axis_px: float = 800) -> go.Figure:
    """Recovered fraction [L, X] (X = positions or heads): layer 0 on top, RdBu centred on 0 and clipped to
    [-1, 1], so 1 (dark red) = patching that activation alone restores the clean answer. marked: columns to
    outline (the positions where the prompts differ). hover: one string per cell [L, X]. x_start: the first
    column in view (all X are in the figure; a double-click shows them); axis_px: the plot's width, for the
    labels to fit."""
    z = np.asarray(recovered, dtype=float)
    L, X = z.shape
    x_start = min(max(int(x_start), 0), X - 1)
    cell = dict(texttemplate="%{z:.2f}", textfont=dict(size=10)) if show_values else {}
    data = [dict(type="heatmap", z=z, x=np.arange(X), y=np.arange(L), zmin=-1.0, zmax=1.0, zmid=0.0,
                 colorscale=SIGNED_SCALE, customdata=hover, hovertemplate="%{customdata}<extra></extra>",
                 colorbar=dict(thickness=12, tickvals=[-1, 0, 1],
                               ticktext=["−1", "0", t("figures_attribution.recovered_full")],
                               title=dict(text=t("figures_attribution.recovered"))), **cell)]
    shapes = [dict(type="rect", xref="x", yref="y", x0=p - 0.5, x1=p + 0.5, y0=-0.5, y1=L - 0.5,
                   line=dict(color="#111", width=2), fillcolor="rgba(0,0,0,0)") for p in marked]
    return _figure(data, title, int(max(220, 120 + 34 * L)), shapes=shapes,
                   xaxis=dict(**token_axis(list(x_labels), title=x_title, axis_px=axis_px * X / (X - x_start)),
                              range=[x_start - 0.5, X - 0.5], showgrid=False, zeroline=False),
                   yaxis=dict(tickmode="array", tickvals=list(range(L)), ticktext=[f"L{l}" for l in range(L)],
                              title=dict(text=t("figures_attribution.axis_layer")), range=[L - 0.5, -0.5],
                              showgrid=False, zeroline=False))


def neuron_bars(layers: Sequence[int], neurons: Sequence[int], values, tokens: Sequence[str],
                positions: Sequence[int], title: str, selected: tuple[int, int] | None = None) -> go.Figure:
    """The most active neurons, grouped by layer (one colour each): bar height = largest activation on the text.
    customdata [layer, neuron, token, position]: a click picks that neuron; selected is outlined."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    names = [f"L{l} N{m}" for l, m in zip(layers, neurons)]
    outline = [3 if selected == (int(l), int(m)) else 0 for l, m in zip(layers, neurons)]
    data = [dict(type="bar", x=list(range(n)), y=values, name="",
                 marker=dict(color=[LAYER_COLORS[int(l) % len(LAYER_COLORS)] for l in layers],
                             line=dict(color="#111", width=outline)),
                 customdata=[[int(l), int(m), tok, int(p), name] for l, m, tok, p, name
                             in zip(layers, neurons, visible_token_labels(tokens), positions, names)],
                 hovertemplate=t("figures_attribution.neuron_hover", _=None) + "<extra></extra>")]
    return _figure(data, title, 340, clickmode="event+select", dragmode=False, showlegend=False,
                   margin=dict(l=60, r=20, t=60, b=80),
                   xaxis=dict(tickmode="array", tickvals=list(range(n)), ticktext=names, tickangle=-60,
                              range=[-0.5, n - 0.5]),
                   yaxis=dict(title=dict(text=t("figures_attribution.axis_activation"))))


def vocab_effect_bars(tokens: Sequence[str], values, title: str, promoted: bool) -> go.Figure:
    """A neuron's effect on the logits through the unembedding: one bar per token, the strongest on top."""
    values = np.asarray(values, dtype=float)
    labels = visible_token_labels(tokens)
    n = len(values)
    data = [dict(type="bar", orientation="h", y=list(range(n)), x=values, name="", customdata=labels,
                 marker=dict(color=PROMOTED_COLOR if promoted else SUPPRESSED_COLOR),
                 hovertemplate="'%{customdata}': %{x:+.4f}<extra></extra>")]
    return _figure(data, title, int(max(260, 90 + 22 * n)), showlegend=False, margin=dict(l=80, r=20, t=60, b=50),
                   xaxis=dict(title=dict(text=t("figures_attribution.axis_effect")), zeroline=True,
                              zerolinecolor="#555"),
                   yaxis=dict(tickmode="array", tickvals=list(range(n)), ticktext=labels, range=[n - 0.5, -0.5],
                              showgrid=False))


_TOKEN_STYLE = ("display:inline-block;margin:1px 0;padding:1px 2px;border-radius:3px;"
                "font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:14px;line-height:1.5;"
                "white-space:pre;")


def activation_tokens_html(labels: Sequence[str], values, titles: Sequence[str] | None = None) -> str:
    """The text as tokens shaded by a signed value (red positive, blue negative, opacity |v| / max |v|); each
    token's title (hover) is titles[i] or its value. Labels are display labels (whitespace made visible); a
    newline token also breaks the line. Everything is HTML-escaped.

    >>> activation_tokens_html(["a", "<"], [1.0, -0.5]).count("<span")
    2
    """
    values = np.asarray(values, dtype=float)
    scale = float(np.nanmax(np.abs(values))) if values.size else 0.0
    parts = []
    for i, (label, value) in enumerate(zip(labels, values)):
        alpha = abs(value) / scale if scale > 0 and np.isfinite(value) else 0.0
        rgb = "214,39,40" if value >= 0 else "31,119,180"
        color = "#fff" if alpha > 0.6 else "#111"
        title = titles[i] if titles is not None else f"{value:.4f}"
        parts.append(f'<span class="act-tok" style="{_TOKEN_STYLE}background:rgba({rgb},{alpha:.3f});color:{color}" '
                     f'title="{html.escape(title, quote=True)}">{html.escape(label)}</span>')
        if label == "⏎":
            parts.append("<br>")
    return '<div style="line-height:1.9">' + "".join(parts) + "</div>"
