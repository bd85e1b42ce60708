"""Compact bytes for dense matrices sent to the browser's canvas charts (explorer/ui/canvas_chart.py).

Why: a [L, nh, T, T] attention stack of GPT-2 small at T = 128 is 2.4 million numbers. As plotly JSON
that is ~20 bytes a cell; here it is one byte (uint8) or two (float16) a cell, deflated (the masked
future is one repeated value) and base64'd into the component's JSON payload.

Encodings (`kind`):
- "float32": exact (what the model computed), four bytes a cell: for one [T, T] or [T, C] map, where the hover
  should read the model's own number.
- "float16": IEEE half floats, little-endian. NaN and ±inf pass through as themselves; ~3 significant
  digits, so a weight reads correctly to 3 decimals. Values beyond ±65504 become ±inf, so callers send
  float16 only for bounded quantities (weights, probabilities, scores, cosines, activations).
- "uint8": 0..SCALE_MAX map linearly onto [lo, hi]; NAN_CODE, NEG_INF_CODE and POS_INF_CODE mark
  NaN (masked, missing), -inf (a masked score) and +inf. Resolution (hi - lo) / 252: for the overview
  grid, whose hover says its weights are rounded.

The browser decodes the same format (the JS in explorer/ui/canvas_chart.js); `decode_array` here is the
reference for tests and for data downloads.
"""
from __future__ import annotations

import base64
import zlib

import numpy as np

SCALE_MAX = 252  # the largest code for a finite value
POS_INF_CODE, NEG_INF_CODE, NAN_CODE = 253, 254, 255
KINDS = ("float32", "float16", "uint8")
DEFLATE_LEVEL = 1  # fast: most of the saving is the constant masked half, which any level finds


def finite_range(a: np.ndarray) -> tuple[float, float]:
    """(min, max) of the finite values, (0, 0) when there are none."""
    finite = a[np.isfinite(a)]
    if finite.size == 0:
        return 0.0, 0.0
    return float(finite.min()), float(finite.max())


def encode_array(values, kind: str = "float16", lo: float | None = None, hi: float | None = None) -> dict:
    """Any real array -> {"kind", "shape", "lo", "hi", "b64"}: deflated, base64 bytes in C order.

    lo/hi (uint8 only) fix the mapped range; by default the finite min and max. The spec is plain JSON.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    a = np.asarray(values)
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    data_lo, data_hi = finite_range(a)
    lo = data_lo if lo is None else float(lo)
    hi = data_hi if hi is None else float(hi)
    if kind == "float32":
        raw = a.astype("<f4").tobytes()
    elif kind == "float16":
        raw = a.astype("<f2").tobytes()
    else:
        raw = _uint8_codes(a, lo, hi).tobytes()
    packed = zlib.compress(raw, DEFLATE_LEVEL)
    return {"kind": kind, "shape": list(a.shape), "lo": lo, "hi": hi, "b64": base64.b64encode(packed).decode("ascii")}


def decode_array(spec: dict) -> np.ndarray:
    """encode_array's spec -> float32 array of its shape (uint8 values come back on their grid of lo..hi)."""
    raw = zlib.decompress(base64.b64decode(spec["b64"]))
    shape = tuple(spec["shape"])
    if spec["kind"] == "float32":
        return np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(shape)
    if spec["kind"] == "float16":
        return np.frombuffer(raw, dtype="<f2").astype(np.float32).reshape(shape)
    if spec["kind"] != "uint8":
        raise ValueError(f"unknown array kind {spec['kind']!r}")
    codes = np.frombuffer(raw, dtype=np.uint8).reshape(shape)
    lo, hi = spec["lo"], spec["hi"]
    out = (lo + codes.astype(np.float32) * ((hi - lo) / SCALE_MAX)).astype(np.float32)
    out[codes == NAN_CODE] = np.nan
    out[codes == POS_INF_CODE] = np.inf
    out[codes == NEG_INF_CODE] = -np.inf
    return out


def _uint8_codes(a: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """a -> uint8 codes in a few passes over a float32 copy (a GPT-2 grid is 2.4 million cells)."""
    span = hi - lo if hi > lo else 1.0
    x = a.astype(np.float32)  # a copy, worked on in place
    finite = np.isfinite(x)
    nan, pos_inf = np.isnan(x), x == np.inf
    np.subtract(x, lo, out=x)
    np.multiply(x, SCALE_MAX / span, out=x)
    np.clip(x, 0, SCALE_MAX, out=x)  # NaN stays NaN, ±inf clip: every non-finite cell gets its own code below
    np.add(x, 0.5, out=x)  # round half up: the codes are non-negative
    codes = np.where(finite, x, 0).astype(np.uint8)
    codes[nan] = NAN_CODE
    codes[pos_inf] = POS_INF_CODE
    codes[~finite & ~nan & ~pos_inf] = NEG_INF_CODE
    return codes


def uint8_step(spec: dict) -> float:
    """The value of one uint8 code step: the most a decoded value can be off by is half of it."""
    return (spec["hi"] - spec["lo"]) / SCALE_MAX
