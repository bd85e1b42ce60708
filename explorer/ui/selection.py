"""What a click on a chart selected (Streamlit's selection state -> a head or a cell), and index clamping."""
from __future__ import annotations

from typing import Mapping


def _first_point(state: Mapping | None) -> Mapping | None:
    """The first selected point of a st.plotly_chart event state, or None."""
    if not state:
        return None
    selection = state.get("selection") if isinstance(state, Mapping) else getattr(state, "selection", None)
    points = (selection or {}).get("points") or []
    return points[0] if points else None


def selected_head(state: Mapping | None, n_layer: int, n_head: int) -> tuple[int, int] | None:
    """(layer, head) from a click on the grid's overlay, whose customdata is [layer, head, ...]."""
    point = _first_point(state)
    custom = point.get("customdata") if point else None
    if isinstance(custom, Mapping):  # a typed-array row reaches Python as {"0": layer, "1": head}
        custom = [custom[key] for key in sorted(custom, key=int)]
    if not custom or len(custom) < 2:
        return None
    layer, head = int(custom[0]), int(custom[1])
    return (layer, head) if 0 <= layer < n_layer and 0 <= head < n_head else None


def selected_cell(state: Mapping | None, T: int) -> tuple[int, int] | None:
    """(query i, key j) from a click on a selectable attention_heatmap (point y = i, x = j)."""
    point = _first_point(state)
    if point is None or point.get("x") is None or point.get("y") is None:
        return None
    i, j = int(round(float(point["y"]))), int(round(float(point["x"])))
    return (i, j) if 0 <= i < T and 0 <= j < T else None


def clamp_index(value, n: int, default: int = 0) -> int:
    """value as an index into n items; None or out of range -> default (clamped too)."""
    if n <= 0:
        return 0
    try:
        index = int(value)
    except (TypeError, ValueError):
        index = default
    if not 0 <= index < n:
        index = default
    return min(max(index, 0), n - 1)


# ------------------------------------------------------------------------------------------------
# One cell, and the softmax variants
# ------------------------------------------------------------------------------------------------
