"""Specs for the canvas heatmap (explorer/ui/canvas_chart.py): dense matrices as bytes, not per-cell plotly JSON.

Why: the browser drew each plotly heatmap in ~45 ms (2-3x that inside Streamlit), five to eight per page, and
GPT-2 small's 144 heads would be a grid nine times today's. A canvas paints a [T, T] block as one bitmap.

A spec is plain JSON: the values (array_codec), a grid of same-sized blocks (1 x 1 for one matrix), token
labels, the colour table and the words the hover and buttons use (already translated). Pure: no streamlit.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from plotly.colors import sample_colorscale, unlabel_rgb

from explorer.figures import base
from explorer.figures.array_codec import encode_array, finite_range
from explorer.figures.base import MASKED_GREY, PROB_SCALE, SIGNED_SCALE, term

LUT_SIZE = 256
MAX_WIDTH = 900  # css px: about the wide layout's main column
MAX_GRID_HEIGHT = 1400
EXACT_MAX_CELLS = 1 << 17


@lru_cache(maxsize=8)
def colour_table(scale: str) -> list[int]:
    """A named plotly colour scale sampled at LUT_SIZE points, flattened [r0, g0, b0, r1, ...]."""
    rgb = sample_colorscale(scale, [k / (LUT_SIZE - 1) for k in range(LUT_SIZE)])
    return [int(round(float(c))) for colour in rgb for c in unlabel_rgb(colour)]


def _float_array(values) -> np.ndarray:
    """values as a float array without a copy when they already are one (float32 stays float32)."""
    a = np.asarray(values)
    return a if a.dtype in (np.float32, np.float64) else a.astype(np.float64)


def _hex_rgb(colour: str) -> list[int]:
    return [int(colour[k:k + 2], 16) for k in (1, 3, 5)]


def _labels(labels: Sequence[str] | None, n: int) -> list[str] | None:
    if labels is None:
        return None
    shown = base.visible_token_labels(labels)
    if len(shown) != n:
        raise ValueError(f"got {len(shown)} labels for an axis of {n}")
    return shown


def _label_px(labels: list[str] | None) -> int:
    """Room for the longest label at 10 px monospace (0.6 em a character), within 24..110 px."""
    if not labels:
        return 24
    return int(min(110, max(24, 8 + 6 * max(len(s) for s in labels))))


def heatmap_spec(values, *, title: str, row_labels=None, col_labels=None, row_title: str | None = None,
                 col_title: str | None = None, value_name: str | None = None, signed: bool = False,
                 zmin: float | None = None, zmax: float | None = None, select: str | None = None,
                 selected_cell: tuple[int, int] | None = None, diagonal: bool = False,
                 diagonal_text: str | None = None, colorbar: str | None = None, digits: int = 3,
                 file_stem: str = "heatmap", max_cell_px: float = 40.0, aspect: float = 1.0,
                 max_height: int = 900, scale: str | None = None, highlight_row: int | None = None,
                 row_offset: int = 0) -> dict:
    """One [R, C] matrix. NaN and -inf cells (masked) are grey. signed: a diverging scale centred on 0 (the
    colour range is ±max|v| unless zmin/zmax fix it); otherwise the probability scale over zmin..zmax
    (default the data's range, 0..1 for weights when given). select="cell": a click names (i, j).
    highlight_row: one row outlined (the row a lookup returns); row_offset: the first row's number in the hover,
    for a window of rows cut from a larger matrix."""
    z = _float_array(values)  # [R, C]
    if z.ndim != 2:
        raise ValueError(f"a heatmap needs a 2-D matrix, got shape {z.shape}")
    return _spec(z[None, None], title=title, row_labels=row_labels, col_labels=col_labels, row_title=row_title,
                 col_title=col_title, value_name=value_name, signed=signed, zmin=zmin, zmax=zmax, select=select,
                 selected_cell=selected_cell, diagonal=diagonal, diagonal_text=diagonal_text, colorbar=colorbar,
                 digits=digits, file_stem=file_stem, max_cell_px=max_cell_px, aspect=aspect, max_height=max_height,
                 scale=scale, highlight_row=highlight_row, row_offset=row_offset)


def grid_spec(blocks, *, title: str, labels=None, block_titles: Sequence[Sequence[tuple[str, str]]] | None = None,
              block_notes: Sequence[Sequence[str]] | None = None, selected_block: tuple[int, int] | None = None,
              file_stem: str = "grid", kind: str = "uint8", colorbar: str | None = None,
              select: bool = True) -> dict:
    """Every head's pattern [L, nh, T, T] as one picture: layers down, heads across, one click per head.

    uint8 by default (one byte a cell: GPT-2's 144 heads at T = 128 are 2.4 MB before deflate); the hover
    then says its weights are rounded (to 1/252). block_titles [L][nh]: (title, subtitle) above each block.
    select=False: a picture only (no click, no "click to open" in the hover).
    """
    p = _float_array(blocks)
    if p.ndim != 4 or p.shape[-1] != p.shape[-2]:
        raise ValueError(f"blocks must be [L, nh, T, T], got shape {p.shape}")
    L, nh = p.shape[:2]
    p = _mask_future(p)
    titles = block_titles or [[(f"L{layer} H{head}", "") for head in range(nh)] for layer in range(L)]
    return _spec(p, title=title, row_labels=labels, col_labels=labels, row_title=None, col_title=None,
                 value_name=None, signed=False, zmin=0.0, zmax=1.0, select="block" if select else None,
                 selected_block=selected_block,
                 block_titles=[[list(t) for t in row] for row in titles],
                 block_notes=[list(row) for row in block_notes] if block_notes is not None else None,
                 kind=kind, colorbar=colorbar, digits=2 if kind == "uint8" else 3, file_stem=file_stem,
                 max_cell_px=max(0.5, 220 / p.shape[-1]), max_height=MAX_GRID_HEIGHT, axis_labels=False)


def _mask_future(p: np.ndarray) -> np.ndarray:
    """A causally masked softmax output (exactly 0 above the diagonal everywhere) with those cells NaN, so they
    draw grey: "masked" must never look like "zero". Broadcast passes, no boolean indexing: a GPT-2 stack is
    [12, 12, 128, 128]."""
    T = p.shape[-1]
    if T < 2:
        return p
    upper = np.triu(np.ones((T, T), dtype=bool), 1)  # [T, T], broadcast over the leading dims
    if np.any(np.where(upper, p, 0)):
        return p  # something above the diagonal: not a causal pattern
    return np.where(upper, np.asarray(np.nan, dtype=p.dtype), p)


def attention_map(pattern, tokens: Sequence[str], *, title: str, masked: bool | None = None, select: bool = False,
                  highlight: tuple[int, int] | None = None, diagonal_text: str | None = None,
                  file_stem: str = "attention") -> dict:
    """One head's pattern [T, T] (rows: query i, columns: key j), weights on 0..1; masked None detects the causal
    zeros. select: a click names the cell; highlight: (i, j) outlined."""
    p = _float_array(pattern)  # [T, T]
    if p.ndim != 2 or p.shape[0] != p.shape[1]:
        raise ValueError(f"pattern must be [T, T], got shape {p.shape}")
    if masked is None or masked:
        p = _mask_future(p) if masked is None else _mask_future_always(p)
    return heatmap_spec(p, title=title, row_labels=tokens, col_labels=tokens,
                        row_title=term("figure_terms.query_attending"), col_title=term("figure_terms.key_attended"),
                        value_name=term("figure_terms.weight"), zmin=0.0, zmax=1.0, select="cell" if select else None,
                        selected_cell=highlight, diagonal=diagonal_text is not None, diagonal_text=diagonal_text,
                        colorbar=term("figure_terms.weight"), file_stem=file_stem)


def _mask_future_always(p: np.ndarray) -> np.ndarray:
    return np.where(np.triu(np.ones(p.shape, dtype=bool), 1), np.asarray(np.nan, dtype=p.dtype), p)


def score_map(scores, tokens: Sequence[str], *, title: str, file_stem: str = "scores",
              diagonal_text: str | None = None) -> dict:
    """Raw, scaled or masked scores [T, T] on a diverging scale centred on 0; -inf cells (the mask) are grey."""
    s = _float_array(scores)  # [T, T]
    if s.ndim != 2 or s.shape[0] != s.shape[1]:
        raise ValueError(f"scores must be [T, T], got shape {s.shape}")
    return heatmap_spec(s, title=title, row_labels=tokens, col_labels=tokens, row_title=term("figure_terms.query_i"),
                        col_title=term("figure_terms.key_j"), value_name=term("figure_terms.score"), signed=True,
                        colorbar=term("figure_terms.score"), diagonal=diagonal_text is not None,
                        diagonal_text=diagonal_text, file_stem=file_stem)


def matrix_map(m, *, title: str, x_labels: Sequence[str] | None = None, y_labels: Sequence[str] | None = None,
               x_title: str | None = None, y_title: str | None = None, signed: bool = True,
               zmin: float | None = None, zmax: float | None = None, value_name: str | None = None,
               file_stem: str = "matrix", max_cell_px: float = 40.0, max_height: int = 700,
               highlight_row: int | None = None, row_offset: int = 0, aspect: float = 1.0) -> dict:
    """Any matrix [R, C] (q/k/v, position tables, cosine similarity). Cells keep the matrix's aspect up to
    max_height: a tall [T, hs] map gets short cells rather than a page-long picture. Index labels (no y_labels)
    start at row_offset. aspect: a cell's height over its width (> 1 for a wide [T, H] map's rows to show)."""
    a = _float_array(m)  # [R, C]
    if a.ndim != 2:
        raise ValueError(f"matrix must be [R, C], got shape {a.shape}")
    R, C = a.shape
    value_name = value_name or term("figure_terms.value")
    rows = y_labels if y_labels is not None else [str(row_offset + i) for i in range(R)]
    return heatmap_spec(a, title=title, row_labels=rows,
                        col_labels=x_labels if x_labels is not None else [str(j) for j in range(C)],
                        row_title=y_title, col_title=x_title, value_name=value_name, signed=signed,
                        zmin=zmin, zmax=zmax, colorbar=value_name, file_stem=file_stem, max_cell_px=max_cell_px,
                        max_height=max_height, highlight_row=highlight_row, row_offset=row_offset, aspect=aspect)


def _spec(p: np.ndarray, *, title, row_labels, col_labels, row_title, col_title, value_name, signed, zmin, zmax,
          select, selected_cell=None, selected_block=None, block_titles=None, block_notes=None, diagonal=False,
          diagonal_text=None, colorbar=None, digits=3, file_stem="heatmap", max_cell_px=40.0, aspect=1.0,
          max_height=900, kind: str = "auto", axis_labels: bool = True, scale: str | None = None,
          highlight_row: int | None = None, row_offset: int = 0) -> dict:
    nbr, nbc, R, C = p.shape
    if kind == "auto":  # exact while that stays small (a [128, 128] map is 64 kB); a GPT-2 position table is 786k cells
        kind = "float32" if p.size <= EXACT_MAX_CELLS else "uint8"
    if zmin is None or zmax is None:
        data_lo, data_hi = finite_range(p) if np.isfinite(p).any() else (0.0, 1.0)
    if signed:
        extent = max(abs(data_lo), abs(data_hi)) if zmin is None or zmax is None else 1.0
        lo, hi = (-extent if zmin is None else zmin), (extent if zmax is None else zmax)
    else:
        lo = data_lo if zmin is None else zmin
        hi = data_hi if zmax is None else zmax
    if hi <= lo:
        hi = lo + 1.0
    rows, cols = _labels(row_labels, R), _labels(col_labels, C)
    return {
        "title": title, "grid": [nbr, nbc], "block": [R, C],
        "values": encode_array(p, kind, lo=lo, hi=hi),
        "row_labels": rows, "col_labels": cols,
        "row_labels_px": (_label_px(rows) if axis_labels and rows else 6) + (16 if row_title else 0),
        "col_labels_px": (_label_px(cols) + (16 if col_title else 0)) if axis_labels and cols else (20 if col_title else 6),
        "row_title": row_title, "col_title": col_title,
        "zmin": lo, "zmax": hi, "lut": colour_table(scale or (SIGNED_SCALE if signed else PROB_SCALE)),
        "masked_rgb": _hex_rgb(MASKED_GREY), "colorbar": colorbar,
        "select": select, "selected_cell": list(selected_cell) if selected_cell else None,
        "selected_block": list(selected_block) if selected_block else None,
        "highlight_row": None if highlight_row is None else int(highlight_row), "row_offset": int(row_offset),
        "block_titles": block_titles, "block_notes": block_notes,
        "diagonal": diagonal, "diagonal_text": diagonal_text,
        "digits": digits, "rounded": kind == "uint8", "file_stem": file_stem,
        "max_width": MAX_WIDTH, "max_cell_px": max_cell_px, "aspect": aspect, "max_height": max_height,
        "text": {"row": row_title or term("figure_terms.canvas_row"), "col": col_title or term("figure_terms.canvas_col"),
                 "value": value_name or term("figure_terms.weight"), "masked": term("figure_terms.canvas_masked"),
                 "click": term("figure_terms.canvas_click") if select else "",
                 "png": term("figure_terms.canvas_png"), "png_help": term("figure_terms.canvas_png_help")},
    }
