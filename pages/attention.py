"""Attention: every head's pattern on the input, one head in detail (pattern, Q/K/V), and what each head does.

Prose: explorer/locales/<lang>/attention.py.
"""
from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from explorer import figures, state
from explorer.analysis_attention import (
    CLICKABLE_MAX_T,
    clamp_index,
    head_summary,
    repeat_probe_patterns,
    selected_cell,
    selected_head,
)
from explorer.context import page_context
from explorer.figures_attention import clickable_attention_grid
from explorer.i18n import t
from explorer.registry import shipped_models
from explorer.sidebar import select_model
from explorer.widgets import chart, index_picker
from gpt_core.interp import attention_math

INDUCTION_MODEL_FILE = "induction_2layer.safetensors"  # shipped; its heads are cleanly previous-token / induction

ctx = page_context()
analysis = ctx.analysis()
cfg = ctx.config
labels = ctx.labels
patterns = analysis.stack("attn.hook_pattern")  # [L, nh, T, T]
L, nh, T, _ = patterns.shape
hs, C = cfg.n_embd // cfg.n_head, cfg.n_embd


@st.cache_data(show_spinner=False, max_entries=16)
def induction_probe(_model, _tokenizer, model_key: str) -> tuple[np.ndarray, int]:
    """The repeated-random-sequence patterns depend on the model only: one probe per model."""
    return repeat_probe_patterns(_model, _tokenizer)


def role_name(role: str) -> str:
    return t("attention.role.mixed") if role == "mixed" else t(f"attention.metric.{role}")


def _on_grid_select(chart_key: str) -> None:
    choice = selected_head(st.session_state.get(chart_key), L, nh)
    if choice is not None:
        state.set("layer", choice[0])
        state.set("head", choice[1])


def _on_cell_pick() -> None:
    i, j = st.session_state.get("_attention_pick_query"), st.session_state.get("_attention_pick_key")
    if i is not None and j is not None:
        st.session_state["_attention_cell"] = (int(i), int(j))
        state.set("query_row", int(i))


def _on_cell_select(chart_key: str) -> None:
    cell = selected_cell(st.session_state.get(chart_key), T)
    st.session_state["_attention_cell"] = cell
    if cell is not None:
        state.set("query_row", cell[0])


layer = clamp_index(state.get("layer"), L)
head = clamp_index(state.get("head"), nh)
state.set("layer", layer)
state.set("head", head)

st.title(t("attention.title"))
st.markdown(t("attention.what", T=T, L=L, nh=nh, n=L * nh, hs=hs))
# one link per line: in half-width columns the long labels were cut off
st.page_link("pages/softmax_mask.py", label=t("attention.concept_link"), icon="🎭")
st.page_link("pages/labs.py", label=t("attention.labs_link"), icon="🧪")

# Head roles: previous/first/self and the text roles from this text, induction from the per-model probe.
probe = None
if cfg.block_size >= 4:
    with st.spinner(t("attention.probe_spinner")):
        probe = induction_probe(ctx.ckpt.model, ctx.tokenizer, ctx.model_key)
tokens = [ctx.tokenizer.token_str(i) for i in ctx.prepared.ids]  # the raw strings: whitespace marks word starts
scores, table = head_summary(patterns, *(probe or (None, None)), tokens=tokens)
role_labels = [[role_name(r) for r in row] for row in scores.labels()] if scores is not None else None
entropy = table["entropy"].to_numpy().reshape(L, nh)
hover_notes = [[t("attention.hover_note", entropy=entropy[l, h],
                  role=t("attention.role_sep", role=role_labels[l][h]) if role_labels else "")
                for h in range(nh)] for l in range(L)]

# --- the grid: a fresh chart key per chosen head, so a click on any head (even a re-click) registers
st.subheader(t("attention.grid_header"))
grid_key = f"attention_grid_{layer}_{head}"
# 4 decimals are plenty for small maps and halve the chart JSON (exact values: the large view)
grid = clickable_attention_grid(np.round(patterns, 4), labels=role_labels, hover_notes=hover_notes,
                                selected=(layer, head))
grid.update_layout(title_text=t("attention.grid_title", L=L, nh=nh, T=T))
chart(grid, key=grid_key, data={"tokens": labels, "pattern [L, nh, T, T]": np.round(patterns, 6)},
      file_stem="attention_patterns", on_select=partial(_on_grid_select, grid_key), selection_mode="points")
st.caption(t("attention.grid_caption", L=L, nh=nh, T=T))
induction = next((e for e in shipped_models() if e.path.name == INDUCTION_MODEL_FILE), None)
n_mixed = sum(row.count("mixed") for row in scores.labels()) if scores is not None else 0
if induction is not None and ctx.model_key != induction.key and 2 * n_mixed > L * nh:
    st.markdown(t("attention.induction_tip", mixed=n_mixed, n=L * nh, label=induction.label))
    st.button(t("attention.induction_switch", label=induction.label), key="attention_induction_switch",
              on_click=select_model, args=(induction.key,), icon="🔁")

# --- one head
st.subheader(t("attention.picker_header"))
left, right = st.columns(2)
index_picker(t("attention.layer"), L, "_attention_layer", "layer", "L", left)
index_picker(t("attention.head"), nh, "_attention_head", "head", "H", right)

pattern = patterns[layer, head]  # [T, T]
cell = st.session_state.get("_attention_cell")
if cell is not None and not (cell[0] < T and cell[1] < T):
    cell = None
pattern_key = "attention_pattern"
# Longer texts pick the cell with two sliders: a click target per cell would slow every redraw.
clickable = T <= CLICKABLE_MAX_T
if not clickable and cell is None:
    cell = (T - 1, T - 1)  # the sliders always name a cell
big = figures.attention_heatmap(pattern, labels, selectable=clickable, highlight=cell,
                                title=t("attention.pattern_title", layer=layer, head=head, T=T))
select = dict(on_select=partial(_on_cell_select, pattern_key), selection_mode="points") if clickable else {}
chart(big, key=pattern_key, data={"layer": layer, "head": head, "tokens": labels, "pattern [T, T]": pattern},
      file_stem=f"attention_L{layer}_H{head}", **select)
st.caption(t("attention.pattern_caption", layer=layer, head=head, T=T, nh=nh,
             how=t("attention.how_click" if clickable else "attention.how_sliders")))
if not clickable:
    st.session_state["_attention_pick_query"], st.session_state["_attention_pick_key"] = cell
    pick_query, pick_key = st.columns(2)
    for where, key, label in ((pick_query, "_attention_pick_query", "attention.pick_query"),
                              (pick_key, "_attention_pick_key", "attention.pick_key")):
        where.select_slider(t(label), options=list(range(T)), format_func=lambda i: f"{i}: {labels[i]}", key=key,
                            on_change=_on_cell_pick)
    st.caption(t("attention.pick_hint", max_t=CLICKABLE_MAX_T))

q = analysis.block(layer, "attn.hook_q")[head]  # [T, hs]
k = analysis.block(layer, "attn.hook_k")[head]  # [T, hs]
v = analysis.block(layer, "attn.hook_v")[head]  # [T, hs]
if cell is None:
    st.info(t("attention.cell_hint"))
else:
    i, j = cell
    cell_math = attention_math.attention_cell(analysis.acts, layer, head, i, j)  # the model's q and k, by hand
    text = t("attention.cell_math_masked" if cell_math["masked"] else "attention.cell_math",
             qi=labels[i], kj=labels[j], i=i, j=j, allowed=cell_math["allowed_keys"], dot=cell_math["dot"],
             scale_text=f"1/√{hs} ({cell_math['scale']:.4f})", score=cell_math["scaled_score"],
             weight=cell_math["weight"], pattern_value=cell_math["pattern_value"])
    st.markdown(text, unsafe_allow_html=True)

st.subheader(t("attention.qkv_header"))
st.markdown(t("attention.qkv_text", C=C, nh=nh, hs=hs), unsafe_allow_html=True)
dims = [str(d) for d in range(hs)]
dim_ticks = list(range(0, hs, -(-hs // 8)))  # at most 8 dimension labels: the columns are narrow
for column, (name, matrix) in zip(st.columns(3), (("q", q), ("k", k), ("v", v))):
    with column:
        fig = figures.matrix_heatmap(matrix, x_labels=dims, y_labels=labels, zmid=0.0,
                                     x_title=t("attention.axis_dimension"),
                                     title=f"L{layer} H{head} {name} [T={T}, hs={hs}]")
        fig.update_xaxes(tickvals=dim_ticks, ticktext=[dims[d] for d in dim_ticks])
        chart(fig, key=f"attention_{name}", data={"tokens": labels, f"{name} [T, hs]": matrix},
              file_stem=f"attention_{name}_L{layer}_H{head}")
        st.caption(t(f"attention.{name}_caption", layer=layer, head=head, T=T, hs=hs, nh=nh))

# --- every head's statistics
st.subheader(t("attention.summary_header"))
st.markdown(t("attention.summary_text"))
if "word-start" in table.columns:
    st.markdown(t("attention.summary_text_roles"))
if probe is not None:
    st.markdown(t("attention.summary_induction", S=probe[1], threshold=scores.threshold))
else:
    st.info(t("attention.summary_no_probe", block=cfg.block_size))
metrics = [m for m in ("previous-token", "first-token", "self", "induction", "word-start", "last-space",
                        "last-newline", "entropy") if m in table.columns]
if st.session_state.get("attention_metric") not in metrics:  # first visit, or a model without the probe
    st.session_state["attention_metric"] = metrics[0]
metric = st.segmented_control(t("attention.metric"), metrics, key="attention_metric", required=True,
                              format_func={m: t(f"attention.metric.{m}") for m in metrics}.get)
metric_name = t(f"attention.metric.{metric}")
values = table[metric].to_numpy().reshape(L, nh)
zmax = float(max(values.max(), 1e-6)) if metric == "entropy" else 1.0
chart(figures.head_score_heatmap(values, title=t("attention.scores_title", metric=metric_name, L=L, nh=nh),
                                 labels=role_labels, zmax=zmax),
      key="attention_head_scores", data=table, file_stem="attention_head_summary")
st.caption(t("attention.summary_caption", metric=metric_name, L=L, nh=nh))
shown = table.assign(role=table["role"].map(role_name)) if "role" in table.columns else table
st.dataframe(shown, hide_index=True, column_config={
    **{name: st.column_config.Column(t(f"attention.col.{name}")) for name in ("layer", "head", "role")
       if name in table.columns},
    **{name: st.column_config.NumberColumn(t(f"attention.metric.{name}"), format="%.3f") for name in metrics}})
