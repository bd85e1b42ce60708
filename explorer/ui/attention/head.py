"""One head in detail: its pattern (click a cell, or two sliders on long texts), that weight by hand, its q, k, v."""
from __future__ import annotations

import streamlit as st

from explorer.analysis.family import gqa_note, is_gqa, norm_name, rope_note
from explorer.figures import canvas
from explorer.i18n import t
from explorer.ui import state
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import index_picker
from gpt_core.interp import attention_math
from gpt_core.interp.kv_heads import kv_group

from .view import AttentionView


def _on_cell_select(picked: dict, T: int) -> None:
    cell = picked.get("cell")
    if isinstance(cell, list) and len(cell) == 2 and all(isinstance(v, int) and 0 <= v < T for v in cell):
        st.session_state["_attention_cell"] = (cell[0], cell[1])
        state.put("query_row", cell[0])


def _pattern(view: AttentionView) -> tuple[int, int] | None:
    """The large map of the chosen head (click a cell, or focus it and use the arrow keys and Enter); returns the
    chosen cell (query i, key j), if any."""
    L, nh, T = view.shape
    layer, head, labels = view.layer, view.head, view.labels
    pattern = view.patterns[layer, head]  # [T, T]
    cell = st.session_state.get("_attention_cell")
    if cell is not None and not (cell[0] < T and cell[1] < T):
        cell = None
    spec = canvas.attention_map(pattern, labels, title=t("attention.pattern_title", layer=layer, head=head, T=T),
                                select=True, highlight=cell, file_stem=f"attention_L{layer}_H{head}")
    canvas_chart(spec, key="attention_pattern", data={"layer": layer, "head": head, "tokens": labels,
                                                      "pattern [T, T]": pattern},
                 file_stem=f"attention_L{layer}_H{head}", on_select=lambda picked: _on_cell_select(picked, T))
    st.caption(t("attention.pattern_caption", layer=layer, head=head, T=T, nh=nh, how=t("attention.how_click")))
    return cell


def _cell_math(view: AttentionView, cell) -> None:
    if cell is None:
        st.info(t("attention.cell_hint"))
        return
    i, j = cell
    labels, hs = view.labels, view.ctx.config.head_size
    cell_math = attention_math.attention_cell(view.ctx.analysis().acts, view.layer, view.head, i, j)  # by hand
    text = t("attention.cell_math_masked" if cell_math["masked"] else "attention.cell_math",
             qi=labels[i], kj=labels[j], i=i, j=j, allowed=cell_math["allowed_keys"], dot=cell_math["dot"],
             scale_text=f"1/√{hs} ({cell_math['scale']:.4f})", score=cell_math["scaled_score"],
             weight=cell_math["weight"], pattern_value=cell_math["pattern_value"])
    st.markdown(text, unsafe_allow_html=True)


def _qkv(view: AttentionView) -> None:
    L, nh, T = view.shape
    layer, head, labels = view.layer, view.head, view.labels
    cfg = view.ctx.config
    C, hs = cfg.n_embd, cfg.head_size
    analysis = view.ctx.analysis()
    st.subheader(t("attention.qkv_header"))
    st.markdown(t("attention.qkv_text", C=C, nh=nh, hs=hs, norm=norm_name(cfg)), unsafe_allow_html=True)
    for note in (gqa_note(cfg, head), rope_note(cfg)):
        if note:
            st.markdown(note)
    shared = dict(kv=cfg.kv_head_of(head), group=", ".join(str(h) for h in kv_group(cfg, head)))
    dims = [str(d) for d in range(hs)]
    for column, name in zip(st.columns(3), ("q", "k", "v")):
        matrix = analysis.block(layer, f"attn.hook_{name}")[head]  # [T, hs]
        with column:
            spec = canvas.matrix_map(matrix, x_labels=dims, y_labels=labels, x_title=t("attention.axis_dimension"),
                                     title=f"L{layer} H{head} {name} [T={T}, hs={hs}]", value_name=name,
                                     file_stem=f"attention_{name}_L{layer}_H{head}", max_cell_px=12)
            canvas_chart(spec, key=f"attention_{name}", data={"tokens": labels, f"{name} [T, hs]": matrix},
                         file_stem=f"attention_{name}_L{layer}_H{head}")
            gqa = is_gqa(cfg) and name in ("k", "v")  # the key/value head this query head shares
            st.caption(t(f"attention.{name}_caption" + ("_gqa" if gqa else ""), layer=layer, head=head, T=T, hs=hs,
                         nh=nh, **(shared if gqa else {})))


def render(view: AttentionView) -> None:
    L, nh, _ = view.shape
    st.subheader(t("attention.picker_header"))
    left, right = st.columns(2)
    index_picker(t("attention.layer"), L, "_attention_layer", "layer", "L", left)
    index_picker(t("attention.head"), nh, "_attention_head", "head", "H", right)
    cell = _pattern(view)
    _cell_math(view, cell)
    _qkv(view)
