"""Reading the figure JSON that Streamlit sends for a plotly chart (shared by the page and figure tests)."""
from __future__ import annotations

import base64

import numpy as np


def decode(value) -> np.ndarray:
    """A plotly JSON array as numpy: a plain list, or plotly's base64 typed array {"dtype", "bdata", "shape"}."""
    if isinstance(value, dict) and "bdata" in value:
        out = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return out.reshape([int(n) for n in str(shape).split(",")]) if shape else out
    return np.asarray(value)


def decode_float(value) -> np.ndarray:
    """decode() as floats: a list's None (a masked heatmap cell) becomes NaN."""
    if isinstance(value, str):
        return np.asarray(value)
    return decode(value).astype(float) if isinstance(value, dict) else np.array(value, dtype=float)
