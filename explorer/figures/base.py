"""Pure plotly figure builders: arrays and token strings in, a `go.Figure` out.

No streamlit here, and no model maths: every chart is unit-testable and cheap to rebuild. Inputs are
numpy arrays or anything `np.asarray` accepts (lists, CPU tensors).

Conventions shared by every chart:
- Token axes are numeric (0..T-1) with `ticktext`: plotly merges identical category names, so two
  "e" tokens on a categorical axis would collapse into one row. Every token is labelled where the
  labels fit side by side (`token_axis`: a one-character label at 8 px needs ~5 px, so up to 64 of
  them in the narrowest default heatmap); past that every Nth, and the axis title says so ("key j ·
  one label per 2 tokens"). Hover always names the exact token and its index.
- Whitespace is made visible ("␣" space, "⏎" newline, "⇥" tab) by `visible_token_labels`, which is
  gpt_core.tokenizers.token_label: one label per token on every chart, chip and table.
- Colour: probabilities/attention use PROB_SCALE (white = 0); signed values use SIGNED_SCALE centred
  on 0; masked / -inf cells are NaN drawn on a MASKED_GREY background, so "masked" never looks
  like "zero".
- Titles name the tensor and its shape, e.g. "pattern [T=12, T=12]".
- Words: every label a builder writes itself is looked up with `term("figure_terms.<key>", ...)` (i18n's t(),
  in the current language); everything else on a chart comes from the caller.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer import i18n
from explorer.i18n import t  # streamlit-safe: English outside a Streamlit run
from gpt_core.tokenizers import token_label

__all__ = ['PROB_SCALE', 'SIGNED_SCALE', 'MASKED_GREY', 'CATEGORY_COLORS', 'FONT', 'visible_token_labels', 'tick_step', 'token_axis', 'TEMPLATE', 'attention_heatmap', 'GridGeometry', 'grid_geometry', 'attention_grid_spec', 'attention_grid', 'score_heatmap', 'row_inspector', 'row_sums_bar', 'next_token_bars', 'logit_lens_figure', 'embedding_scatter', 'trajectory_figure', 'matrix_heatmap', 'loss_curve', 'parameter_bar', 'head_score_heatmap', 'flow_diagram', 'scaling_figure', 'TRAIN_COLOR', 'VAL_COLOR', 'RAW_COLOR', 'FILTERED_COLOR']

PROB_SCALE = "Blues"  # 0..1 quantities: attention weights, probabilities
SIGNED_SCALE = "RdBu_r"  # signed quantities, zmid 0: red positive, blue negative
MASKED_GREY = "#d4d4d4"  # background seen through NaN (masked, -inf) cells
CATEGORY_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                   "#bcbd22", "#17becf")
TRAIN_COLOR, VAL_COLOR = "#1f77b4", "#ff7f0e"
RAW_COLOR, FILTERED_COLOR = "#9ecae1", "#08519c"
FONT = dict(family="Menlo, Consolas, 'DejaVu Sans Mono', monospace", size=11)


# ------------------------------------------------------------------------------------------------
# Labels and axes
# ------------------------------------------------------------------------------------------------


def term(key: str, lang: str | None = None, **values: Any) -> str:
    """t(key), always formatted: figure_terms' hover templates write plotly's %{...} as %{{...}}, and
    t() formats only when given values.

    >>> term("figure_terms.hover_key_masked")
    "key '%{customdata}'(%{x}): -inf<extra></extra>"
    """
    return t(key, lang).format(**values)


def visible_token_labels(tokens: Iterable[str], with_index: bool = False) -> list[str]:
    """Token strings with whitespace made visible; with_index prefixes the position ("3:␣").

    >>> visible_token_labels([" the", "\\n", "a", "a"], with_index=True)
    ['0:␣the', '1:⏎', '2:a', '3:a']

    Prefer a numeric axis with `ticktext` (what every chart here does) so duplicates never merge;
    with_index is for places that need unique strings (legends, categorical axes).
    """
    labels = [token_label(str(t)) for t in tokens]
    if with_index:
        labels = [f"{i}:{label}" for i, label in enumerate(labels)]
    return labels


def _labels_or_indices(labels: Sequence[str] | None, n: int) -> list[str]:
    if labels is None:
        return [str(i) for i in range(n)]
    labels = visible_token_labels(labels)
    if len(labels) != n:
        raise ValueError(f"got {len(labels)} labels for an axis of {n}")
    return labels


# The narrowest a token axis is drawn by default: a [T, T] map in one of two columns of the wide layout in
# a 1400 px window has a 325 px plot area (the y axis, 710 px tall from T = 57 on, always has more room).
TOKEN_AXIS_PX = 320
TICK_FONT_SIZES = (10, 8)  # px, largest first: the smaller one only when that lets more labels show
CHAR_EM = 0.6  # advance width of one monospace character, in em


def tick_step(n: int, max_labels: int = 40) -> int:
    """Label every Nth tick so at most max_labels show (1 up to max_labels)."""
    return max(1, math.ceil(n / max_labels))


def fitting_tick_step(labels: Sequence[str], axis_px: float = TOKEN_AXIS_PX, font_size: int = 10) -> int:
    """The smallest N such that every Nth label fits side by side along axis_px at font_size.

    >>> fitting_tick_step(["a"] * 64, font_size=8), fitting_tick_step(["a"] * 128, font_size=8)
    (1, 2)
    """
    n = len(labels)
    if n == 0:
        return 1
    chars = math.ceil(sum(len(label) for label in labels) / n)  # a typical label; a longer one may touch its neighbour
    return max(1, math.ceil(n * chars * CHAR_EM * font_size / axis_px))


def token_axis(labels: Sequence[str], max_labels: int | None = None, title: str | None = None,
               axis_px: float = TOKEN_AXIS_PX, **extra: Any) -> dict:
    """Axis settings for a numeric 0..n-1 axis showing text labels.

    By default every label that fits along axis_px (at 10 px, else 8 px); max_labels instead caps the
    count (every Nth, at most max_labels). When labels are left out, title (the axis title, if given)
    says how many: "key j" -> "key j · one label per 2 tokens", so gaps never read as missing tokens.
    """
    n = len(labels)
    if max_labels is not None:
        step, size = tick_step(n, max_labels), TICK_FONT_SIZES[0]
    else:
        steps = {size: fitting_tick_step(labels, axis_px, size) for size in TICK_FONT_SIZES}
        step = min(steps.values())
        size = max(size for size, size_step in steps.items() if size_step == step)  # the largest font that does
    ticks = list(range(0, n, step))
    axis = dict(tickmode="array", tickvals=ticks, ticktext=[labels[i] for i in ticks], tickfont=dict(size=size))
    if max_labels is None:
        # upright: they fit side by side, but plotly's overlap test (with padding) would turn dense ones 90°,
        # where each then needs a full line height and they overlap into an unreadable smear
        axis["tickangle"] = 0
    axis.update(extra)
    if title is not None:
        axis["title"] = dict(text=term("figure_terms.axis_step", axis=title, step=step) if step > 1 else title)
    return axis


# The parts of plotly's "plotly_white" template that these 2D charts use. Naming "plotly_white" costs
# 15-20 ms per figure (plotly deep-copies the whole template, colour scales for every trace type
# included); this one costs well under 1 ms and looks the same here.
# ticklabeloverflow "allow": plotly's default ("hide past div") measures every tick label's box on
# every redraw, which was the largest single cost of redrawing a page of heatmaps in the browser.
_AXIS_STYLE = dict(gridcolor="#EBF0F8", linecolor="#EBF0F8", ticks="", title=dict(standoff=15),
                   zerolinecolor="#EBF0F8", automargin=True, zerolinewidth=2, ticklabeloverflow="allow")
TEMPLATE = go.layout.Template(
    layout=dict(font=dict(color="#2a3f5f"), hovermode="closest", hoverlabel=dict(align="left"),
                paper_bgcolor="white", plot_bgcolor="white", xaxis=_AXIS_STYLE, yaxis=_AXIS_STYLE,
                colorway=["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880",
                          "#FF97FF", "#FECB52"],
                shapedefaults=dict(line=dict(color="#2a3f5f")),
                annotationdefaults=dict(arrowcolor="#2a3f5f", arrowhead=0, arrowwidth=1),
                coloraxis=dict(colorbar=dict(outlinewidth=0, ticks=""))),
    data=dict(heatmap=[dict(colorbar=dict(outlinewidth=0, ticks=""))],
              bar=[dict(marker=dict(line=dict(color="white", width=0.5)))]),
)


def _layout(title: str, height: int | None = None, **extra: Any) -> dict:
    """The layout every chart shares (title, font, template, margins) plus extra."""
    extra.setdefault("margin", dict(l=60, r=20, t=60, b=50))
    if height:
        extra["height"] = height
    return dict(title=dict(text=title, x=0.01, xanchor="left"), font=FONT, template=TEMPLATE, **extra)


def _base_layout(fig: go.Figure, title: str, height: int | None = None, **extra: Any) -> go.Figure:
    fig.update_layout(**_layout(title, height, **extra))
    return fig


def _figure(data: list[dict], title: str, height: int | None = None, **layout: Any) -> go.Figure:
    """A figure from a whole plain spec in one validated pass.

    Much cheaper than building up a figure with add_trace / update_* / make_subplots: each of those
    walks and re-validates plotly's object tree (a 4 x 4 attention grid took 250 ms that way, 28 ms so).
    """
    return go.Figure(data=data, layout=_layout(title, height, **layout))


def _matrix_height(rows: int, per_row: float = 12, lo: int = 320, hi: int = 820, extra: int = 140) -> int:
    return int(min(hi, max(lo, rows * per_row + extra)))


def _finite_or_nan(a: np.ndarray) -> np.ndarray:
    """A float copy with every non-finite entry (-inf, inf, nan) as NaN, which plotly leaves undrawn."""
    out = np.array(a, dtype=float)
    out[~np.isfinite(out)] = np.nan
    return out


def _causal_zeros(pattern: np.ndarray) -> bool:
    """True when every entry above the diagonal is exactly 0: a causally masked softmax output."""
    T = pattern.shape[-1]
    upper = np.triu(np.ones((T, T), dtype=bool), 1)
    return T > 1 and bool(np.all(pattern[..., upper] == 0))


def _hover_grid(row_labels: Sequence[str], col_labels: Sequence[str], row_name: str | None = None,
                col_name: str | None = None, joiner: str = " → ") -> np.ndarray:
    """customdata [R, C]: one precomposed hover string per cell, e.g. "query 'a' (3) → key 'b' (1)".

    row_name / col_name: the word before each label, by default "query" / "key" in the current language
    ("" for none). One string per cell, not a tuple of fields: plotly deep-copies object arrays element by
    element, which made a 128x128 heatmap cost 120 ms instead of 45 ms. Positions are spelled out because
    %{x}/%{y} show the tick text (the token), not the index. Cached: a page draws several [T, T]
    maps of the same tokens (the array is read-only; plotly copies it); the language is part of the key.
    """
    return _hover_grid_cached(tuple(row_labels), tuple(col_labels), row_name, col_name, joiner,
                              i18n.current_language())


@lru_cache(maxsize=16)
def _hover_grid_cached(row_labels: tuple, col_labels: tuple, row_name: str | None, col_name: str | None,
                       joiner: str, lang: str) -> np.ndarray:
    row_name = term("figure_terms.word_query", lang) if row_name is None else row_name
    col_name = term("figure_terms.word_key", lang) if col_name is None else col_name
    rows = [f"{row_name} '{label}' ({i})".lstrip() for i, label in enumerate(row_labels)]
    cols = [f"{col_name} '{label}' ({j})".lstrip() for j, label in enumerate(col_labels)]
    grid = np.array([[f"{r}{joiner}{c}" for c in cols] for r in rows], dtype=object)
    grid.flags.writeable = False
    return grid


def _plain(text: str | None) -> str:
    """Text safe inside a plotly hovertemplate (no %{...} placeholders of its own)."""
    return (text or "").replace("%{", "%\u200b{")


def _note(text: str) -> dict:
    """A small grey note above the plot's top-right corner (an annotation spec)."""
    return dict(text=text, xref="paper", yref="paper", x=1.0, y=1.0, yanchor="bottom", xanchor="right",
                showarrow=False, font=dict(size=10, color="#555"))


def _matrix_axes(labels: Sequence[str], T: int, x_title: str, y_title: str) -> dict:
    """xaxis/yaxis of a [T, T] token map: key j across, query i down (row 0 on top, as the matrix is written)."""
    common = dict(showgrid=False, zeroline=False)
    return dict(xaxis=dict(**token_axis(labels, title=x_title), range=[-0.5, T - 0.5], **common),
                yaxis=dict(**token_axis(labels, title=y_title), range=[T - 0.5, -0.5], **common))


# ------------------------------------------------------------------------------------------------
# Attention
# ------------------------------------------------------------------------------------------------


def attention_heatmap(pattern, tokens: Sequence[str], title: str | None = None, zmin: float = 0.0, zmax: float = 1.0,
                      selectable: bool = False, masked: bool | None = None, highlight: tuple[int, int] | None = None,
                      colorscale: str = PROB_SCALE, height: int | None = None) -> go.Figure:
    """One head's attention pattern [T, T]: y = query i (top to bottom), x = key j.

    masked: draw the upper triangle as masked (grey); None detects it (all exactly 0 above the diagonal).
    selectable: lay an invisible square-marker scatter over the cells with clickmode "event+select",
      because `st.plotly_chart(on_select=...)` does not fire on heatmaps. A selected point's x is the
      key j and y the query i; its hover text names both tokens and the weight.
    highlight: (i, j) draws an outline around that cell.
    """
    p = np.asarray(pattern, dtype=float)
    if p.ndim != 2 or p.shape[0] != p.shape[1]:
        raise ValueError(f"pattern must be [T, T], got shape {p.shape}")
    T = p.shape[0]
    labels = _labels_or_indices(tokens, T)
    if masked is None:
        masked = _causal_zeros(p)
    z = _finite_or_nan(p)
    if masked:
        z[np.triu(np.ones((T, T), dtype=bool), 1)] = np.nan
    cells = _hover_grid(labels, labels)  # [T, T]
    data = [dict(type="heatmap", z=z, x=np.arange(T), y=np.arange(T), zmin=zmin, zmax=zmax, colorscale=colorscale,
                 customdata=cells, hovertemplate="%{customdata}: %{z:.3f}<extra></extra>", hoverongaps=False,
                 colorbar=dict(title=dict(text=term("figure_terms.weight")), thickness=12))]
    height = height or _matrix_height(T)
    layout: dict[str, Any] = dict(plot_bgcolor=MASKED_GREY if masked else "white", shapes=[], annotations=[],
                                  **_matrix_axes(labels, T, term("figure_terms.key_attended"),
                                                term("figure_terms.query_attending")))
    if selectable:
        ii, jj = np.tril_indices(T) if masked else np.indices((T, T)).reshape(2, -1)
        cell_px = max(3.0, (height - 140) / T)
        # one hover string per point (not a customdata tuple): the point's x, y are all a click needs
        hover = [f"{cells[i, j]}: {v:.3f}" for i, j, v in zip(ii.tolist(), jj.tolist(), p[ii, jj].tolist())]
        data.append(dict(type="scatter", x=jj, y=ii, mode="markers", name="cells", showlegend=False,
                         marker=dict(symbol="square", size=cell_px, color="rgba(0,0,0,0)", line=dict(width=0)),
                         text=hover, hovertemplate="%{text}<extra></extra>",
                         selected=dict(marker=dict(opacity=1.0)), unselected=dict(marker=dict(opacity=1.0))))
        # dragmode "select" swallows single clicks in Streamlit 1.67; zoom keeps click selection working
        layout.update(clickmode="event+select", dragmode="zoom")
    if highlight is not None:
        i, j = highlight
        layout["shapes"].append(dict(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5,
                                     line=dict(color="#d62728", width=2)))
    if masked:
        layout["annotations"].append(_note(term("figure_terms.masked_note")))
    return _figure(data, title or term("figure_terms.attention_title", T=T), height, **layout)


@dataclass(frozen=True)
class GridGeometry:
    """Where each head's [T, T] block sits in attention_grid's one mosaic (cell units of a single x/y axis).

    Block (layer, head) spans columns col0(head) .. col0 + T - 1 and rows row0(layer) .. row0 + T - 1;
    gap_x empty columns separate heads, and gap_y empty rows above each layer hold the head titles.
    """

    L: int
    nh: int
    T: int
    gap_x: int
    gap_y: int
    cell_px: float

    @property
    def width(self) -> int:
        return self.nh * self.T + (self.nh - 1) * self.gap_x

    @property
    def height(self) -> int:
        return self.L * (self.T + self.gap_y)

    def col0(self, head: int) -> int:
        return head * (self.T + self.gap_x)

    def row0(self, layer: int) -> int:
        return layer * (self.T + self.gap_y) + self.gap_y

    def block(self, layer: int, head: int) -> tuple[slice, slice]:
        """(rows, columns) of the block in the mosaic array."""
        r, c = self.row0(layer), self.col0(head)
        return slice(r, r + self.T), slice(c, c + self.T)


def grid_geometry(L: int, nh: int, T: int, block_px: float) -> GridGeometry:
    cell_px = block_px / T
    return GridGeometry(L, nh, T, gap_x=max(1, math.ceil(14 / cell_px)), gap_y=max(1, math.ceil(34 / cell_px)),
                        cell_px=cell_px)


def attention_grid_spec(patterns, labels=None, title: str | None = None,
                        max_height: int = 1400) -> tuple[list[dict], dict, GridGeometry]:
    """(traces, layout, geometry) of attention_grid, for builders that add to it before the figure is made.

    One heatmap of all heads side by side (layers down, heads across) on one pair of axes, not
    L x nh subplots: the browser redraws one plot instead of L x nh, each with its own axes.
    """
    p = np.asarray(patterns, dtype=float)
    if p.ndim != 4 or p.shape[-1] != p.shape[-2]:
        raise ValueError(f"patterns must be [L, nh, T, T], got shape {p.shape}")
    L, nh, T, _ = p.shape

    def head_label(layer: int, head: int) -> str:
        if labels is None:
            return ""
        if isinstance(labels, Mapping):
            return str(labels.get((layer, head), ""))
        return str(labels[layer][head])

    masked = _causal_zeros(p)
    block_px = min(220, 900 // max(nh, 1))  # a head's side in px at a ~900 px wide container
    geo = grid_geometry(L, nh, T, block_px)
    mosaic = np.full((geo.height, geo.width), np.nan, dtype=np.float32)  # [L*(T+gap_y), nh*T+(nh-1)*gap_x]
    upper = np.triu(np.ones((T, T), dtype=bool), 1)
    shapes, annotations = [], []
    for layer in range(L):
        for head in range(nh):
            z = _finite_or_nan(p[layer, head])
            if masked:
                z[upper] = np.nan
            rows, cols = geo.block(layer, head)
            mosaic[rows, cols] = z
            x0, y0 = geo.col0(head) - 0.5, geo.row0(layer) - 0.5
            # grey under each block only: NaN cells (the masked future) show it, the gaps stay white
            shapes.append(dict(type="rect", x0=x0, x1=x0 + T, y0=y0, y1=y0 + T, layer="below", line=dict(width=0),
                               fillcolor=MASKED_GREY if masked else "white"))
            extra = head_label(layer, head)
            annotations.append(dict(text=f"L{layer} H{head}" + (f"<br><sup>{extra}</sup>" if extra else ""),
                                    x=x0 + T / 2, y=y0, xanchor="center", yanchor="bottom", showarrow=False,
                                    font=dict(size=10)))
    data = [dict(type="heatmap", z=mosaic, coloraxis="coloraxis", hoverinfo="skip")]
    axis = dict(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    title = title or term("figure_terms.grid_title", L=L, nh=nh, T=T)
    # tall enough for the mosaic's aspect at a ~800 px wide plot, so no band is left empty above and below it
    height = int(min(max_height, 80 + geo.height * 800 / geo.width))
    layout = _layout(title, height, plot_bgcolor="white", shapes=shapes, annotations=annotations,
                     coloraxis=dict(colorscale=PROB_SCALE, cmin=0, cmax=1,
                                    colorbar=dict(title=dict(text=term("figure_terms.weight")), thickness=12)),
                     xaxis=dict(range=[-0.5, geo.width - 0.5], **axis),
                     yaxis=dict(range=[geo.height - 0.5, -0.5], scaleanchor="x", **axis))  # square cells
    layout["margin"] = dict(l=20, r=20, t=60, b=20)
    return data, layout, geo


def attention_grid(patterns, labels=None, title: str | None = None, max_height: int = 1400) -> go.Figure:
    """Every head's pattern [L, nh, T, T] as a layer x head grid of small maps sharing one colour scale.

    labels: optional head labels, nested [L][nh] or a mapping {(layer, head): label}, shown under "L0 H1".
    Masked cells are grey as in attention_heatmap. The small maps have no per-cell hover (the large
    view has the values); figures_attention.clickable_attention_grid adds a hover and a click per head.
    """
    data, layout, _ = attention_grid_spec(patterns, labels, title, max_height)
    return go.Figure(data=data, layout=layout)


def _score_text(v: float) -> str:
    return "-inf" if v == -math.inf else "+inf" if v == math.inf else f"{v:.3f}"


def score_heatmap(scores, tokens: Sequence[str], title: str | None = None, colorscale: str = SIGNED_SCALE,
                  zmid: float | None = 0.0) -> go.Figure:
    """Raw, scaled or masked attention scores [T, T]; -inf cells (the mask) are grey and say "-inf" on hover."""
    s = np.asarray(scores, dtype=float)
    if s.ndim != 2 or s.shape[0] != s.shape[1]:
        raise ValueError(f"scores must be [T, T], got shape {s.shape}")
    T = s.shape[0]
    labels = _labels_or_indices(tokens, T)
    z = _finite_or_nan(s)
    cells = _hover_grid(labels, labels)  # [T, T]
    custom = np.array([[f"{cell}: {_score_text(v)}" for cell, v in zip(cell_row, value_row)]
                       for cell_row, value_row in zip(cells.tolist(), s.tolist())], dtype=object)  # [T, T]
    finite = z[np.isfinite(z)]
    bound = float(np.abs(finite).max()) if finite.size else 1.0
    kwargs = dict(zmid=zmid) if zmid is not None else {}
    if zmid == 0.0:
        kwargs = dict(zmin=-bound, zmax=bound)  # symmetric, so white is exactly 0
    data = [dict(type="heatmap", z=z, x=np.arange(T), y=np.arange(T), colorscale=colorscale, customdata=custom,
                 hovertemplate="%{customdata}<extra></extra>", hoverongaps=True,
                 colorbar=dict(title=dict(text=term("figure_terms.score")), thickness=12), **kwargs)]
    notes = [_note(term("figure_terms.masked_before_softmax"))] if np.isneginf(s).any() else []
    return _figure(data, title or term("figure_terms.scores_title", T=T), _matrix_height(T), plot_bgcolor=MASKED_GREY,
                   annotations=notes,
                   **_matrix_axes(labels, T, term("figure_terms.key_j"), term("figure_terms.query_i")))


def row_inspector(scores_row, masked_row, probs_row, tokens: Sequence[str], query_index: int,
                  title: str | None = None) -> go.Figure:
    """One query row i, three steps: scaled scores [T] -> masked scores [T] (-inf shown as ✕) -> softmax [T].

    Three stacked panels (y, y2, y3 from the top) share one key axis, drawn under the bottom panel.
    """
    scores_row = np.asarray(scores_row, dtype=float)
    masked_row = np.asarray(masked_row, dtype=float)
    probs_row = np.asarray(probs_row, dtype=float)
    T = scores_row.shape[0]
    labels = _labels_or_indices(tokens, T)
    x = np.arange(T)
    q_label = labels[query_index] if 0 <= query_index < T else str(query_index)
    colors = np.where(scores_row >= 0, "#d6604d", "#4393c3")
    finite = np.isfinite(masked_row)
    label_array = np.asarray(labels, dtype=object)
    hover = term("figure_terms.hover_key")
    data = [dict(type="bar", x=x, y=scores_row, marker_color=colors, customdata=labels, name="scores",
                 hovertemplate=hover, yaxis="y"),
            dict(type="bar", x=x[finite], y=masked_row[finite], marker_color=colors[finite],
                 customdata=label_array[finite], name="masked scores", hovertemplate=hover, yaxis="y2")]
    if (~finite).any():
        n_masked = int((~finite).sum())
        data.append(dict(type="scatter", x=x[~finite], y=np.zeros(n_masked), mode="markers+text",
                         marker=dict(symbol="x", color="#777", size=9), text=["-∞"] * n_masked,
                         textposition="top center", name="-inf (masked)", customdata=label_array[~finite],
                         hovertemplate=term("figure_terms.hover_key_masked"), yaxis="y2"))
    data.append(dict(type="bar", x=x, y=probs_row, marker_color=FILTERED_COLOR, customdata=labels, name="weights",
                     hovertemplate=hover, yaxis="y3"))
    gap = 0.09
    panel = (1.0 - 2 * gap) / 3
    domains = [[max(0.0, 1.0 - (k + 1) * panel - k * gap), 1.0 - k * (panel + gap)] for k in range(3)]  # top first
    panel_titles = (term("figure_terms.row_scaled", T=T), term("figure_terms.row_masked", T=T),
                    term("figure_terms.row_softmax", T=T, total=f"{probs_row.sum():.3f}"))
    top = min(1.0, float(np.nanmax(probs_row, initial=0)) * 1.2 + 0.02)
    layout = dict(
        showlegend=False, bargap=0.15,
        xaxis=dict(anchor="y3", title=dict(text=term("figure_terms.key_j")), showgrid=False,
                   **token_axis(labels, max_labels=64)),
        yaxis=dict(domain=domains[0], anchor="x"), yaxis2=dict(domain=domains[1], anchor="x"),
        yaxis3=dict(domain=domains[2], anchor="x", range=[0, top]),
        annotations=[dict(text=text, x=0.5, y=domain[1], xref="paper", yref="paper", xanchor="center",
                          yanchor="bottom", showarrow=False, font=dict(size=16))
                     for text, domain in zip(panel_titles, domains)],
        shapes=[dict(type="line", x0=query_index, x1=query_index, xref="x", y0=0, y1=1, yref=f"y{n} domain",
                     line=dict(color="#d62728", dash="dot", width=1)) for n in ("", "2", "3")])
    return _figure(data, title or term("figure_terms.row_title", label=q_label, i=query_index), 560, **layout)


def row_sums_bar(row_sums: Mapping[str, Sequence[float]], tokens: Sequence[str] | None = None,
                 title: str | None = None) -> go.Figure:
    """Grouped bars of each query row's sum [T] per method (the wrong-order demo); a dashed line marks 1."""
    names = list(row_sums)
    T = len(np.asarray(row_sums[names[0]])) if names else 0
    labels = _labels_or_indices(tokens, T)
    data = [dict(type="bar", x=np.arange(T), y=np.asarray(row_sums[name], dtype=float), name=name,
                 marker_color=CATEGORY_COLORS[n % 10], customdata=labels,
                 hovertemplate=term("figure_terms.hover_row_sum", name=name))
            for n, name in enumerate(names)]
    one = dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=1.0, y1=1.0,
               line=dict(color="#333", dash="dash", width=1))
    one_label = dict(text=term("figure_terms.one_line"), xref="x domain", x=0, yref="y", y=1.0, xanchor="left",
                     yanchor="bottom", showarrow=False)
    return _figure(data, title or term("figure_terms.row_sums_title", T=T), 380, barmode="group",
                   legend=dict(orientation="h", y=-0.25), shapes=[one], annotations=[one_label],
                   xaxis=dict(title=dict(text=term("figure_terms.query_row")), **token_axis(labels, max_labels=64)),
                   yaxis=dict(title=dict(text=term("figure_terms.row_sum_axis")), range=[0, 1.1]))


# ------------------------------------------------------------------------------------------------
# Prediction
# ------------------------------------------------------------------------------------------------


def next_token_bars(tokens: Sequence[str], raw_probs, filtered_probs, title: str | None = None) -> go.Figure:
    """Horizontal bars for the candidate next tokens: raw softmax vs after temperature / top-k / top-p."""
    raw = np.asarray(raw_probs, dtype=float)
    filtered = np.asarray(filtered_probs, dtype=float)
    n = len(raw)
    labels = _labels_or_indices(tokens, n)
    y = list(range(n))
    fig = go.Figure()
    fig.add_trace(go.Bar(y=y, x=raw, orientation="h", name=term("figure_terms.raw_softmax"), marker_color=RAW_COLOR,
                         customdata=labels, text=[f"{v:.3f}" for v in raw], textposition="outside",
                         hovertemplate=term("figure_terms.hover_raw")))
    fig.add_trace(go.Bar(y=y, x=filtered, orientation="h", name=term("figure_terms.after_filters"),
                         marker_color=FILTERED_COLOR, customdata=labels, text=[f"{v:.3f}" for v in filtered],
                         textposition="outside", hovertemplate=term("figure_terms.hover_sampled")))
    top = float(max(raw.max(initial=0), filtered.max(initial=0)))
    _base_layout(fig, title or term("figure_terms.next_token_title", n=n), max(260, 60 + 34 * n), barmode="group",
                 legend=dict(orientation="h", y=-0.15), bargap=0.25)
    fig.update_yaxes(tickmode="array", tickvals=y, ticktext=labels, autorange="reversed")
    fig.update_xaxes(title=term("figure_terms.probability"), range=[0, min(1.0, top * 1.18 + 0.02)])
    return fig


def logit_lens_figure(rows, token_labels, title: str | None = None) -> go.Figure:
    """Logit lens as a table-like heatmap: one row per stage (embedding, after block 0..), top-k columns.

    rows: objects or dicts with name, ids and probs (gpt_core.interp.lens.LensRow).
    token_labels: either the vocabulary (a list of strings indexed by id: itos) or, per row, the
      top-k token strings [R][k].
    """
    get = lambda row, key: row[key] if isinstance(row, Mapping) else getattr(row, key)  # noqa: E731
    names = [str(get(r, "name")) for r in rows]
    probs = np.asarray([list(get(r, "probs")) for r in rows], dtype=float)  # [R, k]
    R, k = probs.shape
    if len(token_labels) and isinstance(token_labels[0], str):
        vocab = visible_token_labels(token_labels)
        texts = [[vocab[int(i)] for i in get(r, "ids")] for r in rows]
    else:
        texts = [visible_token_labels(row) for row in token_labels]
    text = np.asarray(texts, dtype=object)  # [R, k]
    fig = go.Figure(go.Heatmap(z=probs, x=list(range(k)), y=list(range(R)), text=text, zmin=0, zmax=1,
                               colorscale=PROB_SCALE, texttemplate="%{text}<br>%{z:.2f}", textfont=dict(size=11),
                               customdata=np.asarray(names, dtype=object)[:, None].repeat(k, 1),
                               hovertemplate=term("figure_terms.hover_lens"),
                               colorbar=dict(title=term("figure_terms.prob"), thickness=12)))
    _base_layout(fig, title or term("figure_terms.lens_title", R=R, k=k),
                 max(260, 110 + 46 * R), margin=dict(l=110, r=20, t=95, b=20))
    fig.update_xaxes(title=term("figure_terms.rank"), tickmode="array", tickvals=list(range(k)),
                     ticktext=[str(i + 1) for i in range(k)], side="top", showgrid=False)
    fig.update_yaxes(tickmode="array", tickvals=list(range(R)), ticktext=names, autorange="reversed", showgrid=False)
    return fig


# ------------------------------------------------------------------------------------------------
# Geometry
# ------------------------------------------------------------------------------------------------


def embedding_scatter(coords, labels: Sequence[str], categories: Sequence[str] | None = None,
                      highlight_mask=None, title: str | None = None, explained=None,
                      show_text: bool | None = None) -> go.Figure:
    """Points [N, 2] or [N, 3] (e.g. wte rows after PCA), coloured by category; highlighted points larger, outlined.

    explained: optional variance ratio per axis, shown in the axis titles ("PC1 (42%)").
    show_text: print every label next to its point (default: when N <= 120).
    """
    xy = np.asarray(coords, dtype=float)
    if xy.ndim != 2 or xy.shape[1] not in (2, 3):
        raise ValueError(f"coords must be [N, 2] or [N, 3], got shape {xy.shape}")
    N, dims = xy.shape
    names = _labels_or_indices(labels, N)
    cats = np.asarray([term("figure_terms.points")] * N if categories is None else [str(c) for c in categories],
                      dtype=object)
    highlight = np.zeros(N, dtype=bool) if highlight_mask is None else np.asarray(highlight_mask, dtype=bool)
    show_text = N <= 120 if show_text is None else show_text
    fig = go.Figure()
    index = np.arange(N)
    for n, cat in enumerate(dict.fromkeys(cats)):
        color = CATEGORY_COLORS[n % len(CATEGORY_COLORS)]
        for is_hl in (False, True):
            sel = (cats == cat) & (highlight == is_hl)
            if not sel.any():
                continue
            marker = dict(color=color, size=13 if is_hl else 7, opacity=1.0 if is_hl else 0.75,
                          line=dict(color="#111", width=2) if is_hl else dict(width=0))
            common = dict(mode="markers+text" if (show_text or is_hl) else "markers",
                          text=[names[i] for i in index[sel]], customdata=index[sel],
                          name=term("figure_terms.highlighted", name=cat) if is_hl else cat, marker=marker,
                          hovertemplate="'%{text}' #%{customdata}<extra>" + str(cat) + "</extra>")
            if dims == 2:
                fig.add_trace(go.Scatter(x=xy[sel, 0], y=xy[sel, 1], textposition="top center",
                                         textfont=dict(size=10), **common))
            else:
                marker3 = dict(marker, size=marker["size"] * 0.6)
                fig.add_trace(go.Scatter3d(x=xy[sel, 0], y=xy[sel, 1], z=xy[sel, 2],
                                           **dict(common, marker=marker3)))
    axis_titles = [f"PC{i + 1}" + (f" ({float(explained[i]):.0%})" if explained is not None else "")
                   for i in range(dims)]
    _base_layout(fig, title or term("figure_terms.scatter_title", N=N, dims=dims), 560,
                 legend=dict(itemsizing="constant"))
    if dims == 2:
        fig.update_xaxes(title=axis_titles[0], zeroline=True, zerolinecolor="#ddd")
        fig.update_yaxes(title=axis_titles[1], zeroline=True, zerolinecolor="#ddd", scaleanchor="x", scaleratio=1)
    else:
        fig.update_layout(scene=dict(xaxis_title=axis_titles[0], yaxis_title=axis_titles[1],
                                     zaxis_title=axis_titles[2]))
    return fig


def trajectory_figure(coords, token_labels: Sequence[str], title: str | None = None,
                      layer_names: Sequence[str] | None = None, names: Sequence[str] | None = None,
                      hover_prefixes: Sequence[str] | None = None) -> go.Figure:
    """Each input token's residual stream across depth [L+1, T, 2] as one line in a shared 2-D projection.

    The first marker (small circle) is the embedding, the last (labelled) the final block's output.
    names / hover_prefixes: per line, the legend name (default "t:label") and the hover's opening words
    (default "'label'(t)"), e.g. when the lines are a subset of the text's positions.
    """
    c = np.asarray(coords, dtype=float)
    if c.ndim != 3 or c.shape[2] != 2:
        raise ValueError(f"coords must be [L+1, T, 2], got shape {c.shape}")
    S, T, _ = c.shape
    labels = _labels_or_indices(token_labels, T)
    stages = list(layer_names) if layer_names is not None else (
        [term("figure_terms.embedding")] + [term("figure_terms.after_block", i=i) for i in range(S - 1)])
    names = list(names) if names is not None else [f"{t}:{labels[t]}" for t in range(T)]
    prefixes = list(hover_prefixes) if hover_prefixes is not None else [f"'{labels[t]}'({t})" for t in range(T)]
    from plotly.colors import sample_colorscale

    colors = sample_colorscale("Viridis", [t / max(T - 1, 1) for t in range(T)])
    sizes = [6] + [4] * (S - 2) + [10] if S > 1 else [8]
    data = [dict(type="scatter", x=c[:, t, 0], y=c[:, t, 1], mode="lines+markers", name=names[t],
                 line=dict(color=colors[t], width=1.5), marker=dict(size=sizes, color=colors[t]),
                 customdata=stages, legendgroup=str(t), showlegend=T <= 40,
                 hovertemplate=f"{prefixes[t]} %{{customdata}}<extra></extra>") for t in range(T)]
    ends = [dict(x=c[-1, t, 0], y=c[-1, t, 1], text=labels[t], showarrow=False, yshift=9,
                 font=dict(size=10, color=colors[t])) for t in range(T)]
    return _figure(data, title or term("figure_terms.trajectory_title", S=S, T=T), 560,
                   annotations=ends, xaxis=dict(title=dict(text="PC1")),
                   yaxis=dict(title=dict(text="PC2"), scaleanchor="x", scaleratio=1))


def matrix_heatmap(m, x_labels: Sequence[str] | None = None, y_labels: Sequence[str] | None = None,
                   title: str | None = None, colorscale: str | None = None, zmid: float | None = None,
                   zmin: float | None = None, zmax: float | None = None, x_title: str | None = None,
                   y_title: str | None = None, max_labels: int = 40) -> go.Figure:
    """Any matrix [R, C] (position embeddings, cosine similarity, Q/K/V, MLP activations).

    With zmid (e.g. 0 for signed values) the colour scale defaults to SIGNED_SCALE and is symmetric
    around zmid; otherwise PROB_SCALE-like sequential "Viridis". Non-finite cells are grey.
    """
    a = np.asarray(m, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"matrix must be [R, C], got shape {a.shape}")
    R, C = a.shape
    xl, yl = _labels_or_indices(x_labels, C), _labels_or_indices(y_labels, R)
    z = _finite_or_nan(a)
    kwargs: dict[str, Any] = {}
    if zmid is not None:
        colorscale = colorscale or SIGNED_SCALE
        finite = z[np.isfinite(z)]
        bound = float(np.abs(finite - zmid).max()) if finite.size else 1.0
        kwargs = dict(zmin=zmid - bound, zmax=zmid + bound)
    if zmin is not None:
        kwargs["zmin"] = zmin
    if zmax is not None:
        kwargs["zmax"] = zmax
    if x_labels is None and y_labels is None:
        # index axes: %{x}, %{y} already say it all, no per-cell strings to build, send and draw
        row, column = _plain(y_title) or term("figure_terms.row"), _plain(x_title) or term("figure_terms.column")
        hover = dict(hovertemplate=term("figure_terms.hover_index_cell", row=row, column=column))
    else:
        hover = dict(customdata=_hover_grid(yl, xl, "", "", ", "),
                     hovertemplate="%{customdata}: %{z:.4f}<extra></extra>")
    data = [dict(type="heatmap", z=z, x=np.arange(C), y=np.arange(R), colorscale=colorscale or "Viridis",
                 hoverongaps=False, colorbar=dict(thickness=12), **hover, **kwargs)]
    common = dict(showgrid=False, zeroline=False)
    return _figure(data, title or term("figure_terms.matrix_title", R=R, C=C), _matrix_height(R, per_row=12),
                   plot_bgcolor=MASKED_GREY,
                   xaxis=dict(**token_axis(xl, max_labels), title=dict(text=x_title), **common),
                   yaxis=dict(**token_axis(yl, max_labels), title=dict(text=y_title), autorange="reversed", **common))


# ------------------------------------------------------------------------------------------------
# Training, parameters, heads, data flow
# ------------------------------------------------------------------------------------------------


def loss_curve(history: Sequence[Mapping[str, Any]], baselines: Mapping[str, float] | None = None,
               title: str | None = None) -> go.Figure:
    """Train and validation loss against step, with horizontal reference lines (e.g. "uniform ln(V)", "bigram").

    history: dicts with step, train_loss and optionally val_loss (None or missing where not evaluated).
    """
    steps = [h["step"] for h in history]
    train = [h.get("train_loss") for h in history]
    val_points = [(h["step"], h["val_loss"]) for h in history if h.get("val_loss") is not None]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=steps, y=train, mode="lines", name=term("figure_terms.train"),
                             line=dict(color=TRAIN_COLOR), hovertemplate=term("figure_terms.hover_train")))
    if val_points:
        fig.add_trace(go.Scatter(x=[s for s, _ in val_points], y=[v for _, v in val_points], mode="lines+markers",
                                 name=term("figure_terms.validation"), line=dict(color=VAL_COLOR),
                                 hovertemplate=term("figure_terms.hover_val")))
    dashes = ("dash", "dot", "dashdot", "longdash")
    for n, (name, value) in enumerate((baselines or {}).items()):
        fig.add_hline(y=float(value), line=dict(color="#666", dash=dashes[n % len(dashes)], width=1),
                      annotation_text=f"{name} = {float(value):.3f}", annotation_position="top right",
                      annotation_font=dict(size=10, color="#444"))
    _base_layout(fig, title or term("figure_terms.loss_title"), 380, legend=dict(orientation="h", y=-0.2))
    fig.update_xaxes(title=term("figure_terms.step"))
    fig.update_yaxes(title=term("figure_terms.loss"), rangemode="tozero")
    return fig


def _human(n: int) -> str:
    for unit, size in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.3g}{unit}"
    return str(n)


def parameter_bar(breakdown: Mapping[str, int], title: str | None = None) -> go.Figure:
    """Parameters per group (horizontal bars with count and share); a "total" key is the title, not a bar."""
    groups = [(k, int(v)) for k, v in breakdown.items() if k != "total"]
    total = int(breakdown.get("total", sum(v for _, v in groups)))
    names = [k for k, _ in groups]
    values = [v for _, v in groups]
    texts = [f"{_human(v)} ({v / total:.1%})" if total else "0" for v in values]
    fig = go.Figure(go.Bar(y=list(range(len(names))), x=values, orientation="h", text=texts, textposition="outside",
                           marker_color=[CATEGORY_COLORS[i % 10] for i in range(len(names))], customdata=names,
                           hovertemplate=term("figure_terms.hover_parameters")))
    _base_layout(fig, title or term("figure_terms.parameters_title", total=f"{total:,}", short=_human(total)),
                 max(240, 70 + 38 * len(names)))
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(names))), ticktext=names, autorange="reversed")
    fig.update_xaxes(title=term("figure_terms.parameters"), range=[0, max(values, default=1) * 1.3])
    return fig


def head_score_heatmap(scores, title: str | None = None, labels=None, zmax: float = 1.0) -> go.Figure:
    """One score per head [L, nh] (e.g. previous-token), value in each cell; optional labels [L][nh] on hover."""
    s = np.asarray(scores, dtype=float)
    if s.ndim != 2:
        raise ValueError(f"scores must be [L, nh], got shape {s.shape}")
    L, nh = s.shape
    custom = np.asarray(labels, dtype=object) if labels is not None else np.full((L, nh), "", dtype=object)
    data = [dict(type="heatmap", z=s, x=np.arange(nh), y=np.arange(L), zmin=0, zmax=zmax, colorscale=PROB_SCALE,
                 texttemplate="%{z:.2f}", customdata=custom,
                 hovertemplate="L%{y} H%{x}: %{z:.3f} %{customdata}<extra></extra>", colorbar=dict(thickness=12))]
    return _figure(data, title or term("figure_terms.head_scores_title", L=L, nh=nh), max(220, 90 + 44 * L),
                   xaxis=dict(title=dict(text=term("figure_terms.head")), tickmode="array", tickvals=list(range(nh)),
                              ticktext=[f"H{h}" for h in range(nh)], showgrid=False),
                   yaxis=dict(title=dict(text=term("figure_terms.layer")), tickmode="array", tickvals=list(range(L)),
                              ticktext=[f"L{l}" for l in range(L)], autorange="reversed", showgrid=False))


def flow_diagram(stages: Sequence[tuple[str, str]], title: str | None = None, per_row: int = 5,
                 highlight: int | None = None) -> go.Figure:
    """The data flow from text to next token: one box per stage (name and live shape), arrows between.

    stages: [(name, shape_str)], e.g. [("token ids", "[1, 12]"), ("wte + wpe", "[1, 12, 128]"), ...].
    Boxes run left to right, wrapping every per_row stages; highlight marks one stage.
    """
    n = len(stages)
    fig = go.Figure()
    w, h = 0.8, 0.55  # box size in data units; boxes sit on a 1 x 1 grid
    rows = max(1, math.ceil(n / per_row))

    def centre(i: int) -> tuple[float, float]:
        return float(i % per_row), float(-(i // per_row))

    for i, (name, shape) in enumerate(stages):
        x, y = centre(i)
        hl = i == highlight
        fig.add_shape(type="rect", x0=x - w / 2, x1=x + w / 2, y0=y - h / 2, y1=y + h / 2,
                      line=dict(color="#d62728" if hl else "#08519c", width=3 if hl else 1.5),
                      fillcolor="#fde0dd" if hl else "#eff3ff", layer="below")
        fig.add_annotation(x=x, y=y, text=f"<b>{name}</b><br>{shape}", showarrow=False, font=dict(size=11))
    for i in range(n - 1):
        (x0, y0), (x1, y1) = centre(i), centre(i + 1)
        if y0 == y1:
            start, end = (x0 + w / 2, y0), (x1 - w / 2, y1)
        else:  # wrap to the next row: from the bottom of this box to the top of the next
            start, end = (x0, y0 - h / 2), (x1, y1 + h / 2)
        fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                           text="", showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=1.5, arrowcolor="#555")
    # an invisible scatter gives hover text per box and fixes the axis ranges
    fig.add_trace(go.Scatter(x=[centre(i)[0] for i in range(n)], y=[centre(i)[1] for i in range(n)], mode="markers",
                             marker=dict(size=40, color="rgba(0,0,0,0)"), showlegend=False,
                             text=[f"{name}: {shape}" for name, shape in stages], hoverinfo="text"))
    _base_layout(fig, title or term("figure_terms.flow_title"), 90 + 120 * rows,
                 margin=dict(l=10, r=10, t=50, b=10))
    fig.update_xaxes(visible=False, range=[-0.5, min(per_row, max(n, 1)) - 0.5])
    fig.update_yaxes(visible=False, range=[-(rows - 1) - 0.5, 0.5])
    return fig


def scaling_figure(demo: Mapping[str, Sequence[float]], title: str | None = None) -> go.Figure:
    """The 1/sqrt(d) demo (gpt_core.interp.attention_math.scaling_demo): variance of q·k vs d, and softmax saturation."""
    d = list(demo["d"])
    fig = make_subplots(rows=1, cols=2, subplot_titles=(term("figure_terms.scaling_variance"),
                                                        term("figure_terms.scaling_max")))
    fig.add_trace(go.Scatter(x=d, y=demo["var_dot"], mode="lines+markers", name="q·k", line=dict(color="#d62728")),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=d, y=demo["var_scaled"], mode="lines+markers", name="q·k / √d",
                             line=dict(color=FILTERED_COLOR)), row=1, col=1)
    fig.add_trace(go.Scatter(x=d, y=demo["max_prob_unscaled"], mode="lines+markers", name="softmax(q·k)",
                             line=dict(color="#d62728", dash="dot")), row=1, col=2)
    fig.add_trace(go.Scatter(x=d, y=demo["max_prob_scaled"], mode="lines+markers", name="softmax(q·k / √d)",
                             line=dict(color=FILTERED_COLOR, dash="dot")), row=1, col=2)
    _base_layout(fig, title or term("figure_terms.scaling_title"), 400, legend=dict(orientation="h", y=-0.25),
                 margin=dict(l=60, r=20, t=90, b=50))
    fig.update_xaxes(type="log", title=term("figure_terms.head_size"), tickmode="array", tickvals=d,
                     ticktext=[str(v) for v in d])
    fig.update_yaxes(type="log", title=term("figure_terms.variance"), row=1, col=1)
    fig.update_yaxes(range=[0, 1.05], title=term("figure_terms.max_weight"), row=1, col=2)
    return fig
