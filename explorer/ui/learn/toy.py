"""Question 22: a perceptron and a one-hidden-layer MLP trained on XOR in the page, with their decision
boundaries."""
from __future__ import annotations

import streamlit as st

from explorer.figures.learn import xor_boundary
from explorer.i18n import t
from explorer.ui.labs.common import md
from gpt_core.toy.xor import LABELS, POINTS, boundary_grid, predict, train_xor


@st.cache_data(show_spinner=False, max_entries=16)
def _trained(hidden: int, seed: int) -> dict:
    out = train_xor(hidden=hidden, seed=seed)
    return {"weights": out["weights"], "accuracy": out["accuracy"], "loss": out["loss"]}


def render(ctx=None) -> None:
    md(t("learn.xor.intro"))
    left, right = st.columns(2)
    hidden = int(left.slider(t("learn.xor.hidden"), 2, 16, 8, key="learn_xor_hidden"))
    seed = int(right.number_input(t("learn.xor.seed"), 0, 1000, 0, key="learn_xor_seed"))
    axis, grid = boundary_grid()
    classes = (t("learn.xor.class0"), t("learn.xor.class1"))
    cols = st.columns(2)
    for col, h, name in ((cols[0], 0, "perceptron"), (cols[1], hidden, "mlp")):
        out = _trained(h, seed)
        probs = predict(out["weights"], grid).reshape(len(axis), len(axis))
        fig = xor_boundary(axis, probs, POINTS, LABELS, t(f"learn.xor.{name}", hidden=h, acc=out["accuracy"]),
                           "x₁", "x₂", classes)
        col.plotly_chart(fig, key=f"learn_xor_{name}", theme=None)
        col.metric(t("learn.xor.accuracy"), f"{out['accuracy']:.0%}")
    md(t("learn.xor.why"))
