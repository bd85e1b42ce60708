"""The canvas heatmap specs (explorer/figures/canvas.py): what they carry, checked against the inputs."""
from __future__ import annotations

import json

import numpy as np
import pytest

from explorer.figures import canvas
from explorer.figures.array_codec import decode_array


def causal_pattern(T: int, seed: int = 0) -> np.ndarray:
    scores = np.random.default_rng(seed).normal(size=(T, T))
    scores[np.triu(np.ones((T, T), dtype=bool), 1)] = -np.inf
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)  # [T, T], exactly 0 above the diagonal


def test_attention_map_greys_the_future_and_keeps_the_weights():
    p = causal_pattern(6)
    spec = canvas.attention_map(p, list("ab cd\n"), title="L0 H0 attention pattern", select=True, highlight=(4, 2))
    z = decode_array(spec["values"])[0, 0]
    lower = np.tril_indices(6)
    np.testing.assert_allclose(z[lower], p[lower], atol=5e-4)
    assert np.all(np.isnan(z[np.triu_indices(6, 1)]))
    assert spec["row_labels"] == ["a", "b", "␣", "c", "d", "⏎"]
    assert (spec["zmin"], spec["zmax"], spec["select"], spec["selected_cell"]) == (0.0, 1.0, "cell", [4, 2])
    json.dumps(spec)  # plain JSON: what the component's data must be


def test_unmasked_maps_keep_their_upper_triangle():
    p = np.full((3, 3), 1 / 3)
    z = decode_array(canvas.attention_map(p, list("abc"), title="x", masked=False, diagonal_text="future")["values"])
    assert not np.isnan(z).any()
    masked = decode_array(canvas.attention_map(p, list("abc"), title="x", masked=True)["values"])[0, 0]
    assert np.isnan(masked[0, 1]) and not np.isnan(masked[1, 0])  # forced, though the input is not causal


def test_scores_are_centred_on_zero_and_minus_inf_survives():
    s = np.array([[2.0, -np.inf], [-1.0, 0.5]])
    spec = canvas.score_map(s, ["a", "b"], title="scores")
    assert (spec["zmin"], spec["zmax"]) == (-2.0, 2.0)  # ±max|finite|: white is exactly 0
    z = decode_array(spec["values"])[0, 0]
    assert z[0, 1] == -np.inf and z[1, 0] == -1.0


def test_grid_is_one_byte_a_cell_with_a_title_per_head():
    p = np.stack([np.stack([causal_pattern(5, seed=3 * l + h) for h in range(3)]) for l in range(2)])  # [2, 3, 5, 5]
    spec = canvas.grid_spec(p, title="grid", labels=list("abcde"), selected_block=(1, 2),
                            block_notes=[[f"n{l}{h}" for h in range(3)] for l in range(2)])
    assert spec["values"]["kind"] == "uint8" and spec["rounded"]
    assert spec["grid"] == [2, 3] and spec["block"] == [5, 5] and spec["selected_block"] == [1, 2]
    assert spec["block_titles"][1][2] == ["L1 H2", ""] and spec["block_notes"][0][1] == "n01"
    z = decode_array(spec["values"])
    assert np.abs(np.nan_to_num(z) - p).max() <= 0.5 / 252 + 1e-6
    still = canvas.grid_spec(p, title="grid", select=False)
    assert still["select"] is None and still["text"]["click"] == "" and spec["text"]["click"]


def test_large_matrices_switch_to_one_byte_a_cell():
    small = canvas.matrix_map(np.ones((100, 100)), title="small")
    large = canvas.matrix_map(np.ones((1024, 768)), title="large")  # GPT-2's position table
    assert small["values"]["kind"] == "float32" and large["values"]["kind"] == "uint8"
    assert large["row_labels"][:3] == ["0", "1", "2"]  # index labels when none are given


def test_colour_table_is_plotlys_scale():
    lut = canvas.colour_table("Blues")
    assert len(lut) == 3 * canvas.LUT_SIZE
    assert lut[:3] == [247, 251, 255] and lut[-3:] == [8, 48, 107]  # colorbrewer Blues, white to navy


@pytest.mark.parametrize("builder,shape", [
    (lambda a: canvas.attention_map(a, ["a"] * a.shape[0], title="x"), (3, 4)),
    (lambda a: canvas.score_map(a, ["a"] * a.shape[0], title="x"), (2, 3)),
    (lambda a: canvas.grid_spec(a, title="x"), (2, 2, 3)),
    (lambda a: canvas.matrix_map(a, title="x"), (2, 2, 2)),
])
def test_wrong_shapes_are_refused(builder, shape):
    with pytest.raises(ValueError):
        builder(np.zeros(shape))


def test_label_count_must_match():
    with pytest.raises(ValueError, match="labels"):
        canvas.attention_map(np.eye(3), ["a", "b"], title="x")


def test_a_window_of_rows_keeps_its_numbers_and_outlines_one_row():
    table = np.arange(20.0).reshape(10, 2)  # [V=10, C=2]
    spec = canvas.matrix_map(table[4:8], title="rows 4-7", highlight_row=1, row_offset=4)
    np.testing.assert_array_equal(decode_array(spec["values"])[0, 0], table[4:8])
    assert spec["row_labels"] == ["4", "5", "6", "7"]  # index labels start at the window's first row
    assert (spec["highlight_row"], spec["row_offset"]) == (1, 4)
    plain = canvas.matrix_map(table, title="all")
    assert plain["highlight_row"] is None and plain["row_offset"] == 0 and plain["row_labels"][0] == "0"
    assert plain["aspect"] == 1.0 and canvas.matrix_map(table, title="tall rows", aspect=3.0)["aspect"] == 3.0
