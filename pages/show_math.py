"""Show the math: every number behind one attention weight pattern[i, j], recomputed from q and k and checked
against the model's own value. Prose: explorer/locales/<lang>/show_math.py."""
from __future__ import annotations

import numpy as np
import streamlit as st

from explorer.analysis.family import gqa_note, rope_note
from explorer.figures import canvas
from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui import state
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.context import page_context
from explorer.ui.selection import clamp_index
from explorer.ui.widgets import chart, copy_to_state
from gpt_core.interp import attention_math

ctx = page_context()
cfg = ctx.config
labels = ctx.labels
T, L, nh, hs = len(ctx.prepared.ids), cfg.n_layer, cfg.n_head, cfg.head_size
analysis = ctx.analysis()
CHART_KEY = "show_math_pattern"


def md(text: str) -> None:
    st.markdown(text, unsafe_allow_html=True)  # the catalogue's prose uses <sub>/<sup>


def caption(text: str) -> None:
    st.caption(text, unsafe_allow_html=True)


def _on_cell_select(picked: dict) -> None:
    """A click (or Enter) on the pattern picks (query i, key j); anything else the browser sends is ignored."""
    cell = picked.get("cell")
    if isinstance(cell, list) and len(cell) == 2 and all(isinstance(v, int) and 0 <= v < T for v in cell):
        st.session_state["_math_i"], st.session_state["_math_j"] = cell
        state.put("query_row", cell[0])


def _on_query_change() -> None:
    state.put("query_row", st.session_state.get("_math_i"))


layer = clamp_index(state.get("layer"), L)
head = clamp_index(state.get("head"), nh)
# Widget keys are dropped on page switches: seed this page's pickers from the shared state each run.
st.session_state["_math_layer"], st.session_state["_math_head"] = layer, head
if not 0 <= st.session_state.get("_math_i", -1) < T:
    st.session_state["_math_i"] = clamp_index(state.get("query_row"), T, default=T - 1)
if not 0 <= st.session_state.get("_math_j", -1) < T:
    st.session_state["_math_j"] = max(st.session_state["_math_i"] - 1, 0)

st.title(t("show_math.title"))
md(t("show_math.intro", hs=hs, how=t("show_math.how_click")))  # the canvas takes a click at any T

cols = st.columns(4)
cols[0].selectbox(t("show_math.layer"), list(range(L)), format_func=lambda v: f"L{v}", key="_math_layer",
                  on_change=copy_to_state, args=("_math_layer", "layer"))
cols[1].selectbox(t("show_math.head"), list(range(nh)), format_func=lambda v: f"H{v}", key="_math_head",
                  on_change=copy_to_state, args=("_math_head", "head"))
cols[2].number_input(t("show_math.query"), 0, T - 1, key="_math_i", on_change=_on_query_change)
cols[3].number_input(t("show_math.key"), 0, T - 1, key="_math_j")
i, j = int(st.session_state["_math_i"]), int(st.session_state["_math_j"])

pattern = analysis.block(layer, "attn.hook_pattern")[head]  # [T, T]
spec = canvas.attention_map(pattern, labels, title=t("show_math.pattern_title", layer=layer, head=head, T=T),
                            select=True, highlight=(i, j))
canvas_chart(spec, CHART_KEY, {"layer": layer, "head": head, "tokens": labels, "pattern [T, T]": pattern},
             f"pattern_L{layer}_H{head}", on_select=_on_cell_select)
caption(t("show_math.pattern_caption", layer=layer, head=head, T=T, nh=nh))

math = attention_math.attention_cell(analysis.acts, layer, head, i, j)
qi, kj = labels[i], labels[j]
dims = [str(c) for c in range(hs)]
st.subheader(t("show_math.cell_header", i=i, j=j, qi=qi, kj=kj))

# 1. the two vectors
md(t("show_math.step1", i=i, j=j, hs=hs, layer=layer, head=head))
for note in (gqa_note(cfg, head), rope_note(cfg)):  # what hook_k holds under GQA; q and k are rotated under rope
    if note:
        md(note)
left, right = st.columns(2)
with left:
    chart(figures_labs.vector_bars(math["q_i"], t("show_math.q_title", i=i, qi=qi, hs=hs), t("show_math.axis_c"),
                                   t("show_math.value")),
          "show_math_q", {"q_i": math["q_i"]}, f"q_{i}_L{layer}_H{head}")
with right:
    chart(figures_labs.vector_bars(math["k_j"], t("show_math.k_title", j=j, kj=kj, hs=hs), t("show_math.axis_c"),
                                   t("show_math.value")),
          "show_math_k", {"k_j": math["k_j"]}, f"k_{j}_L{layer}_H{head}")

# 2. elementwise products and their sum
md(t("show_math.step2", i=i, j=j, hs=hs, dot=math["dot"], pos=float(math["products"][math["products"] > 0].sum()),
     neg=float(math["products"][math["products"] < 0].sum())))
chart(figures_labs.vector_bars(math["products"], t("show_math.products_title", i=i, j=j, hs=hs),
                               t("show_math.axis_c"), t("show_math.value")),
      "show_math_products", {"q_i * k_j": math["products"], "dot": math["dot"]}, f"products_{i}_{j}_L{layer}_H{head}")

# 3. scale, 4. mask
md(t("show_math.step3", hs=hs, scale=math["scale"], dot=math["dot"], score=math["scaled_score"]))
if math["masked"]:
    md(t("show_math.step4_masked", i=i, j=j))
else:
    md(t("show_math.step4_kept", i=i, j=j, score=math["scaled_score"]))

# 5. softmax over the row
row_scores, row_softmax = math["row_scores"], math["row_softmax"]
allowed = np.isfinite(row_scores)
exp_row = np.exp(row_scores[allowed].astype(np.float64))
numerator = float(np.exp(np.float64(math["scaled_score"]))) if not math["masked"] else 0.0
md(t("show_math.step5", i=i, j=j, n=int(allowed.sum()), num=numerator, den=float(exp_row.sum()),
     weight=math["weight"]))
left, right = st.columns(2)
with left:
    chart(figures_labs.vector_bars(row_scores, t("show_math.row_scores_title", i=i, T=T), t("show_math.axis_key_short"),
                                   t("show_math.score"), tick_labels=labels, highlight=j, masked=~allowed),
          "show_math_row_scores", {"tokens": labels, "row scores (masked)": row_scores},
          f"row_{i}_scores_L{layer}_H{head}")
with right:
    total = float(row_softmax.sum())
    chart(figures_labs.vector_bars(row_softmax, t("show_math.row_softmax_title", i=i, T=T, total=total),
                                   t("show_math.axis_key_short"), t("show_math.weight"), tick_labels=labels,
                                   highlight=j, signed=False), "show_math_row_softmax",
          {"tokens": labels, "row softmax": row_softmax}, f"row_{i}_softmax_L{layer}_H{head}")

# 6. the check
st.subheader(t("show_math.check_header"))
(st.success if math["abs_diff"] < 1e-5 else st.error)(
    t("show_math.check", weight=math["weight"], model=math["pattern_value"], diff=math["abs_diff"], layer=layer,
      head=head, i=i, j=j))
md(t("show_math.note"))
