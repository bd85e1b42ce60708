"""Tests for explorer.figures: pure plotly builders (no streamlit, no torch needed)."""
from __future__ import annotations

import json
import math
import sys

import numpy as np
import plotly.graph_objects as go
import pytest

from explorer import figures as fg


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def causal_pattern(T: int, seed: int = 0) -> np.ndarray:
    """A random causal softmax [T, T]: exact zeros above the diagonal, rows sum to 1."""
    scores = rng(seed).normal(size=(T, T))
    scores[np.triu(np.ones((T, T), dtype=bool), 1)] = -np.inf
    e = np.exp(scores - scores.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def roundtrip(fig: go.Figure) -> dict:
    assert isinstance(fig, go.Figure)
    return json.loads(fig.to_json())


def test_figures_module_imports_no_streamlit_or_torch():
    import importlib
    import subprocess

    code = "import sys, explorer.figures; print('streamlit' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
    assert importlib.import_module("explorer.figures") is fg


def test_visible_token_labels():
    assert fg.visible_token_labels([" the", "\n", "\t", "a", "", "\x01"]) == ["␣the", "⏎", "⇥", "a", "∅", "\\x01"]
    assert fg.visible_token_labels(["a", "a"], with_index=True) == ["0:a", "1:a"]


def test_token_axis_every_nth_label():
    labels = [f"t{i}" for i in range(128)]
    axis = fg.token_axis(labels, max_labels=40)
    assert axis["tickmode"] == "array"
    assert axis["tickvals"] == list(range(0, 128, 4))
    assert axis["ticktext"] == [labels[i] for i in range(0, 128, 4)]
    short = fg.token_axis(["a", "b"])
    assert short["tickvals"] == [0, 1] and short["ticktext"] == ["a", "b"]


HALF_PAGE_PLOT_PX = 325  # plot width of a heatmap in one of two columns, wide layout, 1400 px window (measured)
TEXT_64 = "ROMEO:\nBut soft, what light through yonder window breaks?\nIt is "  # 64 characters


@pytest.mark.parametrize("build", [fg.attention_heatmap, fg.score_heatmap])
def test_token_heatmap_labels_every_token_up_to_64(build):
    """A char-level axis reads as the text itself: every token labelled, small enough to fit a half-page chart."""
    T = len(TEXT_64)
    assert T == 64
    fig = build(causal_pattern(T), list(TEXT_64), title="x")
    for axis, plain in ((fig.layout.xaxis, ("key j (attended to)", "key j")),
                        (fig.layout.yaxis, ("query i (attending)", "query i"))):
        assert list(axis.tickvals) == list(range(T))
        assert list(axis.ticktext) == fg.visible_token_labels(TEXT_64)
        assert axis.title.text in plain  # no "one label per ..." note: nothing is left out
        assert axis.tickangle == 0  # plotly would turn them 90°, where they smear into each other (seen in chromium)
        # one monospace character is ~0.6 em wide: 64 of them fit side by side in the narrowest default heatmap
        assert T * 0.6 * axis.tickfont.size <= HALF_PAGE_PLOT_PX


@pytest.mark.parametrize("build", [fg.attention_heatmap, fg.score_heatmap])
def test_token_heatmap_axes_state_their_step_when_not_every_token_fits(build):
    T = 128
    tokens = [chr(97 + i % 26) for i in range(T)]
    fig = build(causal_pattern(T), tokens, title="x")
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert list(axis.tickvals) == list(range(0, T, 2))
        assert list(axis.ticktext) == tokens[::2]
        assert axis.title.text.endswith(" · one label per 2 tokens"), axis.title.text
    words = [" the", " king", " and", " queen"] * 16  # 64 BPE-like tokens of 4-5 characters do not fit side by side
    axis = build(causal_pattern(64), words, title="x").layout.xaxis
    step = axis.tickvals[1]
    assert step > 1 and axis.title.text.endswith(f"one label per {step} tokens")


def test_token_axis_step_note_is_translated(monkeypatch):
    from explorer.i18n import t

    T = 128
    monkeypatch.setattr("explorer.i18n.current_language", lambda: "zh")  # as inside a Streamlit run in zh
    zh = fg.attention_heatmap(causal_pattern(T), ["a"] * T, title="x")
    title = zh.layout.xaxis.title.text
    assert title.startswith(t("figure_terms.key_attended", lang="zh")) and "2" in title, title
    assert "label" not in title and "key" not in title, title  # no English left


def test_attention_heatmap_axes_hover_and_masked_cells():
    tokens = ["h", "e", "l", "l", "o", " "]
    pattern = causal_pattern(6)
    fig = fg.attention_heatmap(pattern, tokens, "L0 H0 pattern [6, 6]")
    data = roundtrip(fig)
    heat = data["data"][0]
    assert heat["type"] == "heatmap"
    z = np.array(fig.data[0].z, dtype=float)
    assert np.isnan(z[0, 1]) and np.isnan(z[np.triu_indices(6, 1)]).all()  # masked: not drawn as 0
    assert np.allclose(z[np.tril_indices(6)], pattern[np.tril_indices(6)])
    # numeric axes: the duplicate "l" tokens stay two rows
    assert list(fig.layout.xaxis.ticktext) == ["h", "e", "l", "l", "o", "␣"]
    assert list(fig.layout.yaxis.ticktext) == ["h", "e", "l", "l", "o", "␣"]
    assert list(fig.layout.yaxis.range) == [5.5, -0.5]  # query 0 on top
    assert fig.layout.plot_bgcolor == fg.MASKED_GREY
    assert heat["hovertemplate"].startswith("%{customdata}")
    assert np.asarray(fig.data[0].customdata)[4, 2] == "query 'o' (4) → key 'l' (2)"
    assert len(fig.data) == 1 and fig.layout.clickmode is None  # not selectable by default


def test_attention_heatmap_unmasked_pattern_keeps_upper_triangle():
    p = np.full((4, 4), 0.25)
    z = np.array(fg.attention_heatmap(p, list("abcd")).data[0].z, dtype=float)
    assert not np.isnan(z).any()


def test_attention_heatmap_selectable_overlay():
    T = 5
    fig = fg.attention_heatmap(causal_pattern(T), list("abcde"), "p", selectable=True, highlight=(3, 1))
    assert fig.layout.clickmode == "event+select"
    overlay = fig.data[1]
    assert overlay.type == "scatter" and overlay.marker.symbol == "square"
    assert overlay.marker.color == "rgba(0,0,0,0)"
    assert len(overlay.x) == T * (T + 1) // 2  # one point per unmasked cell
    assert all(j <= i for i, j in zip(overlay.y, overlay.x))
    assert len(fig.layout.shapes) == 1  # the highlight outline
    roundtrip(fig)


def test_attention_heatmap_readable_at_128_tokens():
    T = 128
    tokens = [chr(97 + i % 26) for i in range(T)]
    fig = fg.attention_heatmap(causal_pattern(T), tokens, "p", selectable=True)
    assert len(fig.layout.xaxis.tickvals) <= 64
    assert fig.layout.height <= 820
    roundtrip(fig)


def test_attention_grid_one_mosaic_with_a_block_and_title_per_head():
    L, nh, T = 3, 4, 7
    patterns = np.stack([[causal_pattern(T, 10 * l + h) for h in range(nh)] for l in range(L)])
    labels = [["previous-token" if h == 0 else "mixed" for h in range(nh)] for _ in range(L)]
    fig = fg.attention_grid(patterns, labels=labels)
    (heat,) = fig.data  # one heatmap on one pair of axes, not L x nh subplots
    z = np.array(heat.z, dtype=float)
    data, layout, geo = fg.attention_grid_spec(patterns, labels=labels)
    assert z.shape == (geo.height, geo.width)
    for layer in range(L):
        for head in range(nh):
            block = z[geo.block(layer, head)]
            lower = np.tril_indices(T)
            np.testing.assert_allclose(block[lower], patterns[layer, head][lower], atol=1e-6)
            assert np.all(np.isnan(block[np.triu_indices(T, 1)]))  # the masked future is grey, not 0
    gaps = np.ones_like(z, dtype=bool)
    for layer in range(L):
        for head in range(nh):
            gaps[geo.block(layer, head)] = False
    assert np.all(np.isnan(z[gaps]))  # nothing drawn between the blocks
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].startswith("L0 H0") and "previous-token" in titles[0]
    assert titles[-1].startswith("L2 H3") and "mixed" in titles[-1]
    assert heat.coloraxis == "coloraxis" and fig.layout.yaxis.scaleanchor == "x"
    assert [s.fillcolor for s in fig.layout.shapes] == [fg.MASKED_GREY] * (L * nh)  # grey under blocks only
    fig2 = fg.attention_grid(patterns, labels={(1, 2): "induction"})
    assert any("induction" in a.text for a in fig2.layout.annotations)
    roundtrip(fig)


def test_score_heatmap_minus_inf_becomes_nan_with_hover_text():
    s = np.array([[0.5, -np.inf, -np.inf], [-1.0, 2.0, -np.inf], [0.1, 0.2, 0.3]])
    fig = fg.score_heatmap(s, ["a", "b", "c"], "masked scores [3, 3]")
    z = np.array(fig.data[0].z, dtype=float)
    assert np.isnan(z[0, 1]) and np.isnan(z[0, 2]) and np.isnan(z[1, 2])
    assert z[1, 0] == -1.0 and not np.isnan(z[2]).any()
    custom = np.asarray(fig.data[0].customdata)
    assert custom[0, 1].endswith(": -inf") and custom[1, 0].endswith(": -1.000")
    assert custom[1, 0].startswith("query") and "(1) → key" in custom[1, 0] and "(0): " in custom[1, 0]
    assert fig.layout.plot_bgcolor == fg.MASKED_GREY
    assert any("-inf" in a.text for a in fig.layout.annotations)
    assert fig.data[0].zmin == -2.0 and fig.data[0].zmax == 2.0  # symmetric around 0
    roundtrip(fig)


def test_row_inspector_three_panels():
    scores = np.array([1.0, -0.5, 2.0, 0.3])
    masked = np.array([1.0, -0.5, -np.inf, -np.inf])
    probs = np.exp(masked - 1.0) / np.exp(masked - 1.0).sum()
    fig = fg.row_inspector(scores, masked, probs, ["a", "b", "c", "d"], query_index=1)
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 3
    minus_inf = [t for t in fig.data if t.name == "-inf (masked)"][0]
    assert list(minus_inf.x) == [2, 3]
    assert list(bars[1].x) == [0, 1]  # -inf is never drawn as a bar
    assert list(fig.layout.xaxis.ticktext) == ["a", "b", "c", "d"]  # one key axis under the bottom panel
    assert [b.yaxis for b in bars] == ["y", "y2", "y3"] and minus_inf.yaxis == "y2"
    top, middle, bottom = (fig.layout[f"yaxis{n}"].domain for n in ("", "2", "3"))
    assert bottom[1] < middle[0] and middle[1] < top[0]  # stacked top to bottom without overlap
    roundtrip(fig)


def test_row_sums_bar():
    sums = {"mask then softmax": [1.0, 1.0, 1.0], "softmax then zero": [0.4, 0.7, 1.0]}
    fig = fg.row_sums_bar(sums, ["a", "b", "c"])
    assert [t.name for t in fig.data] == list(sums)
    assert list(fig.data[1].y) == [0.4, 0.7, 1.0]
    assert any(s.y0 == 1.0 for s in fig.layout.shapes)
    roundtrip(fig)


def test_next_token_bars():
    fig = fg.next_token_bars(["e", " ", "e"], [0.5, 0.3, 0.1], [0.6, 0.4, 0.0], "next token")
    assert len(fig.data) == 2 and all(t.orientation == "h" for t in fig.data)
    assert list(fig.layout.yaxis.ticktext) == ["e", "␣", "e"]  # duplicates keep separate rows
    assert list(fig.data[1].x) == [0.6, 0.4, 0.0]
    roundtrip(fig)


def test_logit_lens_figure_from_vocab_and_per_row_labels():
    rows = [{"name": "embedding", "ids": [2, 0], "probs": [0.4, 0.3]},
            {"name": "after block 0", "ids": [1, 2], "probs": [0.9, 0.05]}]
    fig = fg.logit_lens_figure(rows, ["a", " ", "c"])
    assert np.asarray(fig.data[0].text).tolist() == [["c", "a"], ["␣", "c"]]
    assert list(fig.layout.yaxis.ticktext) == ["embedding", "after block 0"]
    assert np.allclose(np.asarray(fig.data[0].z, dtype=float), [[0.4, 0.3], [0.9, 0.05]])
    fig2 = fg.logit_lens_figure(rows, [["x", "y"], ["z", "\n"]])
    assert np.asarray(fig2.data[0].text).tolist() == [["x", "y"], ["z", "⏎"]]
    roundtrip(fig)


@pytest.mark.parametrize("dims", [2, 3])
def test_embedding_scatter(dims):
    N = 30
    coords = rng().normal(size=(N, dims))
    labels = [chr(65 + i % 26) for i in range(N)]
    cats = ["vowel" if c in "AEIOU" else "consonant" for c in labels]
    highlight = np.zeros(N, dtype=bool)
    highlight[[0, 7]] = True
    fig = fg.embedding_scatter(coords, labels, cats, highlight, "wte [30, C] → PCA", explained=[0.5, 0.2, 0.1][:dims])
    names = [t.name for t in fig.data]
    assert "consonant" in names and "vowel (highlighted)" in names
    total = sum(len(t.x) for t in fig.data)
    assert total == N
    hl = [t for t in fig.data if t.name.endswith("(highlighted)")]
    assert sum(len(t.x) for t in hl) == 2 and all(t.marker.line.width == 2 for t in hl)
    assert all(t.type == ("scatter" if dims == 2 else "scatter3d") for t in fig.data)
    if dims == 2:
        assert fig.layout.xaxis.title.text == "PC1 (50%)"
    roundtrip(fig)


def test_trajectory_figure():
    coords = rng().normal(size=(4, 5, 2))  # L+1 = 4 stages, T = 5 tokens
    fig = fg.trajectory_figure(coords, list("hello"))
    assert len(fig.data) == 5
    assert np.allclose(fig.data[2].x, coords[:, 2, 0]) and np.allclose(fig.data[2].y, coords[:, 2, 1])
    assert list(fig.data[0].customdata) == ["embedding", "after block 0", "after block 1", "after block 2"]
    roundtrip(fig)


def test_matrix_heatmap_signed_symmetric_and_labels():
    m = np.array([[1.0, -3.0], [0.5, 2.0], [0.0, 0.0]])
    fig = fg.matrix_heatmap(m, ["d0", "d1"], ["p0", "p1", "p2"], "wpe [3, 2]", zmid=0.0)
    assert fig.data[0].zmin == -3.0 and fig.data[0].zmax == 3.0 and fig.data[0].colorscale is not None
    assert list(fig.layout.xaxis.ticktext) == ["d0", "d1"]
    assert list(fig.layout.yaxis.ticktext) == ["p0", "p1", "p2"]
    plain = fg.matrix_heatmap(np.ones((2, 2)))
    assert list(plain.layout.xaxis.ticktext) == ["0", "1"]
    with pytest.raises(ValueError):
        fg.matrix_heatmap(np.ones((2, 2)), ["a"], None)
    roundtrip(fig)


def test_loss_curve_has_reference_lines():
    history = [{"step": s, "train_loss": 4.0 - s / 100, "val_loss": (4.1 - s / 100) if s % 50 == 0 else None}
               for s in range(0, 201, 10)]
    baselines = {"uniform ln(V)": math.log(65), "bigram": 2.45}
    fig = fg.loss_curve(history, baselines)
    assert [t.name for t in fig.data] == ["train", "validation"]
    assert list(fig.data[1].x) == [0, 50, 100, 150, 200]
    lines = sorted(s.y0 for s in fig.layout.shapes)
    assert lines == pytest.approx(sorted(baselines.values()))
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "uniform ln(V)" in texts and "bigram" in texts and "4.174" in texts
    assert len(fg.loss_curve([], {}).data) == 1
    roundtrip(fig)


def test_parameter_bar_excludes_total():
    breakdown = {"wte": 8320, "wpe": 8192, "attention": 66048, "mlp": 131584, "layernorm": 1280, "lm_head": 0,
                 "total": 215424}
    fig = fg.parameter_bar(breakdown)
    assert list(fig.layout.yaxis.ticktext) == ["wte", "wpe", "attention", "mlp", "layernorm", "lm_head"]
    assert "215,424" in fig.layout.title.text
    assert fig.data[0].text[3].startswith("132k")
    assert fg.parameter_bar({"wte": 10 ** 11, "total": 1.75e11}).layout.title.text.find("175B") > 0
    roundtrip(fig)


def test_head_score_heatmap():
    scores = np.array([[0.9, 0.1], [0.2, 0.6], [0.0, 1.0]])
    fig = fg.head_score_heatmap(scores, "previous-token score [L=3, nh=2]")
    assert np.allclose(np.asarray(fig.data[0].z, dtype=float), scores)
    assert list(fig.layout.yaxis.ticktext) == ["L0", "L1", "L2"] and list(fig.layout.xaxis.ticktext) == ["H0", "H1"]
    roundtrip(fig)


def test_flow_diagram_mentions_every_stage_and_shape():
    stages = [("text", "'hello'"), ("token ids", "[1, 5]"), ("wte + wpe", "[1, 5, 64]"), ("block 0", "[1, 5, 64]"),
              ("block 1", "[1, 5, 64]"), ("ln_f", "[1, 5, 64]"), ("lm_head → logits", "[1, 5, 65]"),
              ("softmax (last position)", "[65]")]
    fig = fg.flow_diagram(stages, highlight=2)
    texts = [a.text for a in fig.layout.annotations]
    for name, shape in stages:
        assert any(name in t and shape in t for t in texts)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == len(stages) - 1
    assert len(fig.layout.shapes) == len(stages)
    roundtrip(fig)


def test_scaling_figure():
    demo = {"d": [4, 64], "var_dot": [4.1, 63.0], "var_scaled": [1.02, 0.98], "max_prob_unscaled": [0.5, 0.95],
            "max_prob_scaled": [0.4, 0.41]}
    fig = fg.scaling_figure(demo)
    assert len(fig.data) == 4
    roundtrip(fig)


def test_shape_errors_are_clear():
    with pytest.raises(ValueError, match=r"\[T, T\]"):
        fg.attention_heatmap(np.ones((2, 3)), ["a", "b"])
    with pytest.raises(ValueError, match=r"\[L, nh, T, T\]"):
        fg.attention_grid(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="labels"):
        fg.attention_heatmap(np.ones((2, 2)), ["a"])
