"""The bytes the canvas charts carry (explorer/figures/array_codec.py): round trips, masked cells, sizes."""
from __future__ import annotations

import base64
import zlib

import numpy as np
import pytest

from explorer.figures.array_codec import NAN_CODE, NEG_INF_CODE, POS_INF_CODE, decode_array, encode_array, uint8_step


def raw_bytes(spec: dict) -> bytes:
    return zlib.decompress(base64.b64decode(spec["b64"]))


def test_uint8_codes_are_the_hand_computed_ones():
    spec = encode_array([[0.0, 0.5, 1.0], [np.nan, -np.inf, np.inf]], "uint8", lo=0.0, hi=1.0)
    # 0 -> 0, 0.5 -> round(126) = 126, 1 -> 252; then the three special codes
    assert list(raw_bytes(spec)) == [0, 126, 252, NAN_CODE, NEG_INF_CODE, POS_INF_CODE]
    assert spec["shape"] == [2, 3] and spec["kind"] == "uint8"


def test_uint8_round_trip_is_within_half_a_step_and_keeps_masked_cells():
    rng = np.random.default_rng(0)
    a = rng.uniform(-3, 5, size=(4, 3, 7, 7))
    a[..., 0, 1:] = np.nan  # masked
    a[0, 0, 2, 2] = -np.inf
    spec = encode_array(a, "uint8")
    back = decode_array(spec)
    assert back.shape == a.shape and back.dtype == np.float32
    finite = np.isfinite(a)
    assert np.abs(back[finite] - a[finite]).max() <= uint8_step(spec) / 2 + 1e-6
    assert np.array_equal(np.isnan(back), np.isnan(a)) and back[0, 0, 2, 2] == -np.inf
    assert (spec["lo"], spec["hi"]) == (a[finite].min(), a[finite].max())


def test_uint8_clips_values_outside_a_fixed_range():
    back = decode_array(encode_array([-0.5, 0.25, 1.5], "uint8", lo=0.0, hi=1.0))
    np.testing.assert_allclose(back, [0.0, 63 / 252, 1.0], atol=1e-7)


def test_float16_round_trip_matches_half_precision_and_passes_nan_and_inf():
    a = np.array([[0.1234567, 1.0, -2.5e-3], [np.nan, -np.inf, np.inf]])
    back = decode_array(encode_array(a, "float16"))
    np.testing.assert_array_equal(back[0], np.array([0.1234567, 1.0, -2.5e-3], dtype=np.float16).astype(np.float32))
    assert np.isnan(back[1, 0]) and back[1, 1] == -np.inf and back[1, 2] == np.inf
    assert abs(back[0, 0] - 0.1234567) < 2 ** -11 * 0.125  # 11 significant bits


def test_float32_is_exact():
    a = np.random.default_rng(2).normal(size=(5, 7)).astype(np.float32)
    a[0, 0], a[1, 1] = np.nan, -np.inf
    back = decode_array(encode_array(a, "float32"))
    np.testing.assert_array_equal(back, a)


def test_float16_bytes_are_little_endian_halves():
    raw = raw_bytes(encode_array([1.0, -2.0], "float16"))
    assert raw == bytes([0x00, 0x3C, 0x00, 0xC0])  # IEEE binary16: 1.0 = 0x3C00, -2.0 = 0xC000


def test_constant_and_empty_arrays():
    back = decode_array(encode_array(np.full((3, 3), 0.5), "uint8"))
    np.testing.assert_allclose(back, 0.5)  # lo == hi: every code is 0, decoded as lo
    all_nan = decode_array(encode_array(np.full((2, 2), np.nan), "uint8"))
    assert np.all(np.isnan(all_nan))
    assert decode_array(encode_array(np.zeros((0, 4)), "float16")).shape == (0, 4)


def test_a_causal_stack_compresses_to_far_less_than_plotly_json():
    T = 128
    p = np.tril(np.random.default_rng(1).uniform(size=(12, 12, T, T)))
    p[..., np.triu(np.ones((T, T), dtype=bool), 1)] = np.nan
    spec = encode_array(p, "uint8")
    assert len(spec["b64"]) < p.size  # under one byte a cell after deflate and base64, masked half included


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="kind"):
        encode_array([1.0], "int4")
    with pytest.raises(ValueError, match="kind"):
        decode_array({"kind": "bf16", "shape": [1], "lo": 0, "hi": 1,
                      "b64": base64.b64encode(zlib.compress(b"\0\0")).decode()})
