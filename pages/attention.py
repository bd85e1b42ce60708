"""Attention: every head's pattern on the input, one head in detail (pattern, Q/K/V), and what each head does."""
from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from explorer import figures, state
from explorer.analysis_attention import (
    cell_breakdown,
    clamp_index,
    head_summary,
    repeat_probe_patterns,
    selected_cell,
    selected_head,
)
from explorer.context import page_context
from explorer.figures_attention import clickable_attention_grid
from explorer.widgets import chart

TEXT = {
    "title": "Attention",
    "intro": (
        "In every layer, each head turns the {T} tokens of your text into a {T}×{T} table of weights: row i "
        "(the query) says how much position i reads from each position j (the key). A row is a softmax, so it "
        "sums to 1, and the causal mask keeps every weight above the diagonal at exactly 0 — a token only reads "
        "itself and the past. This model has {L} layers × {nh} heads = {n} such tables, all drawn below; pick one "
        "(click it, or use the selectors) to see it large, with the queries, keys and values that produced it."
    ),
    "grid_header": "All heads",
    "grid_caption": (
        "Attention patterns `transformer.h.*.attn.hook_pattern` [L={L}, nh={nh}, T={T}, T={T}], one small map per "
        "head: rows = query i, columns = key j, darker = more weight, grey = the masked future. The line under "
        "each head is its role (see the table at the bottom). Click a map to open it below."
    ),
    "picker_header": "One head",
    "layer": "Layer",
    "head": "Head",
    "pattern_caption": (
        "Attention pattern of layer {layer}, head {head}: [T={T}, T={T}], a slice of "
        "`transformer.h.{layer}.attn.hook_pattern` [nh={nh}, T={T}, T={T}]. Hover a cell for its weight; click one "
        "to see the arithmetic behind it."
    ),
    "cell_hint": "Click a cell of the pattern to see how its weight is computed from q and k.",
    "cell_math": (
        "**query '{qi}' ({i}) → key '{kj}' ({j})**: q<sub>{i}</sub>·k<sub>{j}</sub> = {dot:.4f}; "
        "× {scale_text} = score {score:.4f}; softmax over the {allowed} keys j ≤ {i}: "
        "weight = {weight:.4f} (the model's pattern holds {pattern_value:.4f}). "
        "Row {i} is now the query row on the *Softmax & mask* page."
    ),
    "cell_math_masked": (
        "**query '{qi}' ({i}) → key '{kj}' ({j})**: q<sub>{i}</sub>·k<sub>{j}</sub> = {dot:.4f}, but key {j} comes "
        "after query {i}: the mask sets its score to −inf before softmax, and exp(−inf) = 0, so the weight is "
        "exactly {pattern_value:.1f}. Row {i} is now the query row on the *Softmax & mask* page."
    ),
    "qkv_header": "Where the pattern comes from: queries, keys, values",
    "qkv_text": (
        "The layer projects each token's {C}-dimensional vector (after LayerNorm) to a query, a key and a value, "
        "and this head owns one slice of hs = n_embd / n_head = {C} / {nh} = {hs} dimensions of each. Its score "
        "for query i and key j is the dot product q<sub>i</sub>·k<sub>j</sub> ÷ √{hs} — a token asks (q), every "
        "earlier token advertises (k), and a match means weight — and the head's output for token i is the "
        "weighted sum of the value rows, z<sub>i</sub> = Σ<sub>j</sub> pattern[i, j] · v<sub>j</sub>. "
        "Rows = positions, columns = the head's {hs} dimensions; red positive, blue negative."
    ),
    "q_caption": "Queries q of layer {layer}, head {head}: [T={T}, hs={hs}] (`attn.hook_q` is [nh={nh}, T, hs]).",
    "k_caption": "Keys k of layer {layer}, head {head}: [T={T}, hs={hs}] (`attn.hook_k`).",
    "v_caption": "Values v of layer {layer}, head {head}: [T={T}, hs={hs}] (`attn.hook_v`).",
    "summary_header": "What every head does",
    "summary_text": (
        "One row per head, measured on your text (query rows 1…T−1; row 0 can only see itself): **entropy** of "
        "each row in nats (0 = all weight on one key; a uniform row i has ln(i+1)), and the mean weight on the "
        "**first token** (a head with nothing useful to read often parks its weight there: a sink), on the "
        "**previous token**, and on **itself**."
    ),
    "summary_induction": (
        "**Induction** is measured on a separate probe: {S} random tokens made of letters or digits, "
        "repeated twice; it is the mean weight from each token of the second copy to the token that followed the "
        "same token in the first copy — the move that lets a model continue a pattern it has seen. A head's "
        "**role** is its highest score if that reaches {threshold:.1f}, otherwise \"mixed\"."
    ),
    "summary_no_probe": "The context ({block}) is too short for the induction probe, so roles are not labelled.",
    "metric": "Score to map",
    "summary_caption": "{metric} per head [L={L}, nh={nh}]; the table below has every score.",
    "probe_spinner": "Probing the heads with a repeated random sequence…",
}

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


def _mirror(widget_key: str, value) -> None:
    """Show the shared state value in this page's widget (widget keys are dropped on page switches)."""
    st.session_state[widget_key] = value


def _copy_back(widget_key: str, state_key: str) -> None:
    value = st.session_state.get(widget_key)
    if value is not None:
        state.set(state_key, value)


def _on_grid_select(chart_key: str) -> None:
    choice = selected_head(st.session_state.get(chart_key), L, nh)
    if choice is not None:
        state.set("layer", choice[0])
        state.set("head", choice[1])


def _on_cell_select(chart_key: str) -> None:
    cell = selected_cell(st.session_state.get(chart_key), T)
    st.session_state["_attention_cell"] = cell
    if cell is not None:
        state.set("query_row", cell[0])


def _index_picker(label: str, n: int, widget_key: str, state_key: str, prefix: str, where) -> None:
    _mirror(widget_key, state.get(state_key))
    common = dict(key=widget_key, on_change=_copy_back, args=(widget_key, state_key))
    if n <= 16:
        where.segmented_control(label, list(range(n)), format_func=lambda v: f"{prefix}{v}", required=True, **common)
    else:
        where.selectbox(label, list(range(n)), format_func=lambda v: f"{prefix}{v}", **common)


layer = clamp_index(state.get("layer"), L)
head = clamp_index(state.get("head"), nh)
state.set("layer", layer)
state.set("head", head)

st.title(TEXT["title"])
st.markdown(TEXT["intro"].format(T=T, L=L, nh=nh, n=L * nh))

# Head roles: previous/first/self from this text, induction from the per-model probe.
probe = None
if cfg.block_size >= 4:
    with st.spinner(TEXT["probe_spinner"]):
        probe = induction_probe(ctx.ckpt.model, ctx.tokenizer, ctx.model_key)
scores, table = head_summary(patterns, *(probe or (None, None)))
role_labels = scores.labels() if scores is not None else None
entropy = table["entropy"].to_numpy().reshape(L, nh)
hover_notes = [[(f"{role_labels[l][h]} · " if role_labels else "") + f"entropy {entropy[l, h]:.2f}" for h in range(nh)]
               for l in range(L)]

# --- the grid: a fresh chart key per chosen head, so a click on any head (even a re-click) registers
st.subheader(TEXT["grid_header"])
grid_key = f"attention_grid_{layer}_{head}"
# 4 decimals are plenty for small maps and halve the chart JSON (exact values: the large view)
grid = clickable_attention_grid(np.round(patterns, 4), labels=role_labels, hover_notes=hover_notes,
                                selected=(layer, head))
chart(grid, key=grid_key, data={"tokens": labels, "pattern [L, nh, T, T]": np.round(patterns, 6)},
      file_stem="attention_patterns", on_select=partial(_on_grid_select, grid_key), selection_mode="points")
st.caption(TEXT["grid_caption"].format(L=L, nh=nh, T=T))

# --- one head
st.subheader(TEXT["picker_header"])
left, right = st.columns(2)
_index_picker(TEXT["layer"], L, "_attention_layer", "layer", "L", left)
_index_picker(TEXT["head"], nh, "_attention_head", "head", "H", right)

pattern = patterns[layer, head]  # [T, T]
cell = st.session_state.get("_attention_cell")
if cell is not None and not (cell[0] < T and cell[1] < T):
    cell = None
pattern_key = "attention_pattern"
big = figures.attention_heatmap(pattern, labels, selectable=True, highlight=cell,
                                title=f"L{layer} H{head} attention pattern [T={T}, T={T}]")
big.update_layout(dragmode="zoom")  # under dragmode "select", Streamlit's points mode ignores clicks (seen in chromium)
chart(big, key=pattern_key, data={"layer": layer, "head": head, "tokens": labels, "pattern [T, T]": pattern},
      file_stem=f"attention_L{layer}_H{head}", on_select=partial(_on_cell_select, pattern_key),
      selection_mode="points")
st.caption(TEXT["pattern_caption"].format(layer=layer, head=head, T=T, nh=nh))

q = analysis.block(layer, "attn.hook_q")[head]  # [T, hs]
k = analysis.block(layer, "attn.hook_k")[head]  # [T, hs]
v = analysis.block(layer, "attn.hook_v")[head]  # [T, hs]
if cell is None:
    st.info(TEXT["cell_hint"])
else:
    i, j = cell
    breakdown = cell_breakdown(q, k, pattern, i, j)
    template = TEXT["cell_math_masked"] if breakdown["masked"] else TEXT["cell_math"]
    text = template.format(qi=labels[i], kj=labels[j], i=i, j=j, allowed=breakdown["allowed_keys"],
                           scale_text=f"1/√{hs} ({breakdown['scale']:.4f})", **breakdown)
    st.markdown(text, unsafe_allow_html=True)

st.subheader(TEXT["qkv_header"])
st.markdown(TEXT["qkv_text"].format(C=C, nh=nh, hs=hs), unsafe_allow_html=True)
dims = [str(d) for d in range(hs)]
dim_ticks = list(range(0, hs, -(-hs // 8)))  # at most 8 dimension labels: the columns are narrow
for column, (name, matrix, caption) in zip(st.columns(3), (("q", q, "q_caption"), ("k", k, "k_caption"),
                                                           ("v", v, "v_caption"))):
    with column:
        fig = figures.matrix_heatmap(matrix, x_labels=dims, y_labels=labels, zmid=0.0, x_title="dimension",
                                     title=f"L{layer} H{head} {name} [T={T}, hs={hs}]")
        fig.update_xaxes(tickvals=dim_ticks, ticktext=[dims[d] for d in dim_ticks])
        chart(fig, key=f"attention_{name}", data={"tokens": labels, f"{name} [T, hs]": matrix},
              file_stem=f"attention_{name}_L{layer}_H{head}")
        st.caption(TEXT[caption].format(layer=layer, head=head, T=T, hs=hs, nh=nh))

# --- every head's statistics
st.subheader(TEXT["summary_header"])
st.markdown(TEXT["summary_text"])
if probe is not None:
    st.markdown(TEXT["summary_induction"].format(S=probe[1], threshold=scores.threshold))
else:
    st.info(TEXT["summary_no_probe"].format(block=cfg.block_size))
metrics = [m for m in ("previous-token", "first-token", "self", "induction", "entropy") if m in table.columns]
if st.session_state.get("attention_metric") not in metrics:  # first visit, or a model without the probe
    st.session_state["attention_metric"] = metrics[0]
metric = st.segmented_control(TEXT["metric"], metrics, key="attention_metric", required=True)
values = table[metric].to_numpy().reshape(L, nh)
zmax = float(max(values.max(), 1e-6)) if metric == "entropy" else 1.0
chart(figures.head_score_heatmap(values, title=f"{metric} per head [L={L}, nh={nh}]",
                                 labels=role_labels, zmax=zmax),
      key="attention_head_scores", data=table, file_stem="attention_head_summary")
st.caption(TEXT["summary_caption"].format(metric=metric, L=L, nh=nh))
st.dataframe(table, hide_index=True, column_config={
    name: st.column_config.NumberColumn(format="%.3f") for name in metrics})
