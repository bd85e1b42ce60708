"""The canvas heatmap as a Streamlit component (components v2: inline HTML/JS, no build step, works offline).

`canvas_chart(spec, key, ...)` draws an explorer.figures.canvas spec and, like widgets.chart, offers the
numbers as a JSON download; the picture downloads as PNG from the chart's own button (a canvas has no SVG: the
sidebar's SVG choice applies to the plotly charts). A click (or Enter on the
focused chart) calls on_select with {"block": [r, c], "cell": [i, j]} (cell only for select="cell").
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from explorer.figures.export import safe_stem
from explorer.ui.widgets import data_download

_JS = (Path(__file__).with_name("canvas_chart.js")).read_text(encoding="utf-8")
_CSS = """
.gx-canvas-chart { position: relative; width: 100%; }
.gx-canvas-chart canvas { display: block; outline: none; }
.gx-canvas-chart canvas:focus-visible { box-shadow: 0 0 0 2px #ff7f0e55; }
.gx-canvas-chart .gx-tip { position: absolute; display: none; pointer-events: none; white-space: pre;
  background: rgba(255,255,255,0.96); border: 1px solid #999; border-radius: 4px; padding: 4px 6px;
  font: 11px Menlo, Consolas, 'DejaVu Sans Mono', monospace; color: #111; z-index: 5; }
.gx-canvas-chart .gx-png { position: absolute; right: 4px; top: 2px; font-size: 11px; padding: 1px 6px;
  border: 1px solid #ccc; border-radius: 4px; background: white; color: #333; cursor: pointer; opacity: 0.6; }
.gx-canvas-chart:hover .gx-png { opacity: 1; }
"""
COMPONENT_NAME = "gpt_explorer.canvas_heatmap"
_component = st.components.v2.component(COMPONENT_NAME, css=_CSS, js=_JS, isolate_styles=False)


def _noop() -> None:
    pass


def selection(key: str) -> dict | None:
    """The click that triggered this run on the chart drawn with `key` (None when it was something else)."""
    result = st.session_state.get(key)
    if result is None:
        return None
    value = result.get("select") if hasattr(result, "get") else getattr(result, "select", None)
    return value if isinstance(value, dict) else None


def canvas_chart(spec: dict, key: str, data: dict | None = None, file_stem: str | None = None,
                 on_select: Callable[[dict], None] | None = None):
    """Draw the spec; data (a dict of arrays and labels) becomes a JSON download under it."""
    def changed() -> None:
        if on_select is not None:
            picked = selection(key)
            if picked is not None:
                on_select(picked)

    spec["file_stem"] = safe_stem(file_stem or spec.get("file_stem") or key)  # the PNG button's file name
    result = _component(key=key, data=spec, on_select_change=changed if on_select else _noop)
    if data is not None:
        data_download(data, file_stem or key, key)
    return result
