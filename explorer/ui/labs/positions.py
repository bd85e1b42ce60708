"""Lab: position encodings — the model's table, why not the integer index, rotary, shuffled positions."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures import canvas
from explorer.figures import labs as figures_labs
from explorer.i18n import current_language, t
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import chart, comparison_metrics, scrambled_positions
from gpt_core.interp import losses, positions

from .common import caption, md

MAX_POSITIONS = 256  # rows of a position table drawn (GPT-2 has 1024: too many cells to read)


@st.cache_data(show_spinner=False, max_entries=8)
def _position_tables(_model, model_key: str) -> dict:
    return positions.position_tables(_model, MAX_POSITIONS)


@st.cache_data(show_spinner=False, max_entries=8)
def _rope_demo(head_size: int, n_positions: int, theta: float) -> dict:
    return positions.rope_relative_demo(head_size, n_positions, theta=theta)


def render(ctx) -> None:
    LANG = current_language()  # bound now: Streamlit may call a format_func after the run
    cfg, labels, ids = ctx.config, ctx.labels, list(ctx.prepared.ids)
    T, C, hs, V = len(ids), cfg.n_embd, cfg.head_size, cfg.vocab_size
    analysis = ctx.analysis()
    pos = cfg.pos_encoding
    md(t("labs.pos.intro", pos=pos, how=t(f"labs.pos.how.{pos}")))
    md(t("labs.pos.content"))

    tables = _position_tables(ctx.ckpt.model, ctx.model_key)
    learned, sinusoidal = tables["learned"], tables["sinusoidal"]
    P = sinusoidal.shape[0]
    pos_labels = [str(p) for p in range(P)]
    dim_labels = [str(c) for c in range(C)]
    st.subheader(t("labs.pos.tables_header"))
    left, right = st.columns(2)
    with left:
        if learned is not None:
            spec = canvas.matrix_map(learned, x_labels=dim_labels, y_labels=pos_labels,
                                     title=t("labs.pos.learned_title", P=P, C=C),
                                     x_title=t("labs.pos.axis_dim"), y_title=t("labs.pos.axis_pos"))
            canvas_chart(spec, "labs_wpe", {"wpe [P, C]": learned}, "wpe")
            caption(t("labs.pos.learned_caption", P=P, last=P - 1, C=C, block=cfg.block_size))
        else:
            st.info(t("labs.pos.no_learned", pos=pos))
    with right:
        spec = canvas.matrix_map(sinusoidal, x_labels=dim_labels, y_labels=pos_labels,
                                 title=t("labs.pos.sin_title", P=P, C=C),
                                 x_title=t("labs.pos.axis_dim"), y_title=t("labs.pos.axis_pos"))
        canvas_chart(spec, "labs_sinusoidal", {"sinusoidal PE [P, C]": sinusoidal}, "sinusoidal_pe")
        caption(t("labs.pos.sin_caption", P=P, C=C))

    st.subheader(t("labs.pos.int_header"))
    table_name = "wpe" if learned is not None else "PE"
    table = learned if learned is not None else sinusoidal
    whose = t("labs.pos.whose.model" if learned is not None or pos == "sinusoidal" else "labs.pos.whose.sinusoidal")
    near, mid, far = 1, max(2, P // 8), max(3, P // 2)
    dots = positions.integer_vs_embedding(table, (near, mid, far))
    cos_at = dots["cos_at"]
    md(t("labs.pos.int_text", whose=whose, int_max=dots["int_max"], emb_std=dots["emb_std"], last=P - 1,
         self_int=dots["self_match_int"], table=table_name, near=cos_at.get(near, float("nan")),
         mid=cos_at.get(mid, float("nan")), far=cos_at.get(far, float("nan")), d_mid=mid, d_far=far,
         adjacent=dots["neighbour_match"], adjacent_sin=positions.integer_vs_embedding(sinusoidal)["neighbour_match"]))
    left, right = st.columns(2)
    with left:
        spec = canvas.matrix_map(dots["int_dots"], x_labels=pos_labels, y_labels=pos_labels, signed=False,
                                 title=t("labs.pos.int_title", P=P), x_title=t("labs.pos.axis_j"),
                                 y_title=t("labs.pos.axis_i"))
        canvas_chart(spec, "labs_int_dots", {"i*j [P, P]": dots["int_dots"]}, "integer_dots")
        caption(t("labs.pos.int_caption", max=dots["int_dots"].max()))
    with right:
        spec = canvas.matrix_map(dots["cosine"], x_labels=pos_labels, y_labels=pos_labels,
                                 title=t("labs.pos.emb_title", table=table_name, P=P),
                                 x_title=t("labs.pos.axis_j"), y_title=t("labs.pos.axis_i"))
        canvas_chart(spec, "labs_emb_cosine", {f"cosine({table_name}_i, {table_name}_j) [P, P]": dots["cosine"]},
                     "position_cosine")
        caption(t("labs.pos.emb_caption", whose=whose, table=table_name, P=P, C=C))

    st.subheader(t("labs.pos.rope_header"))
    if hs % 2:
        st.info(t("labs.pos.rope_odd", hs=hs))
    else:
        R = min(cfg.block_size, 64)
        theta = cfg.rope_theta if pos == "rope" else 10000.0  # a rotary model's own base; else the usual one
        rope = _rope_demo(hs, R, theta)
        md(t("labs.pos.rope_text", pairs=hs // 2, hs=hs, P=R, theta=theta,
             own=t("labs.pos.rope_own_theta") if pos == "rope" else ""))
        left, right = st.columns(2)
        with left:
            index_labels = [str(p) for p in range(R)]
            spec = canvas.matrix_map(rope["scores"], x_labels=index_labels, y_labels=index_labels,
                                     title=t("labs.pos.rope_matrix_title", P=R),
                                     x_title=t("labs.pos.axis_key_n"), y_title=t("labs.pos.axis_query_m"))
            canvas_chart(spec, "labs_rope_matrix", {"q": rope["q"], "k": rope["k"], "scores [m, n]": rope["scores"]},
                         "rope_scores")
            caption(t("labs.pos.rope_matrix_caption", spread=rope["spread"], plain=rope["plain_dot"]))
        with right:
            rows = sorted({R - 1, (2 * R) // 3, R // 3}, reverse=True)
            fig = figures_labs.offset_figure(rope["scores"], {
                "title": t("labs.pos.rope_lines_title"), "x": t("labs.pos.rope_x"), "y": t("labs.pos.rope_y"),
                "row": t("labs.pos.rope_row")}, rows=rows)
            chart(fig, "labs_rope_offsets", {"offset n-m": rope["offsets"], "score": rope["by_offset"]},
                  "rope_by_offset")
            caption(t("labs.pos.rope_lines_caption"))

    st.subheader(t("labs.pos.shuffle_header"))
    if pos not in ("learned", "sinusoidal"):
        st.info(t("labs.pos.not_applicable", pos=pos))
    else:
        md(t("labs.pos.shuffle_text"))
        mode, after = scrambled_positions(ctx, "labs_pos", t("labs.pos.mode"),
                                          lambda m: t(f"labs.pos.mode.{m}", LANG), t("labs.pos.seed"))
        cmp = losses.compare_predictions(analysis.logits, after.logits, ids)
        names = (t("labs.cmp.before"), t(f"labs.cmp.after_{mode}"))
        comparison_metrics(st.columns(3), cmp, "labs.cmp")
        fig = figures_labs.before_after_bars([ctx.tokenizer.token_str(i) for i in cmp["tokens"]], cmp["before"],
                                             cmp["after"], names, t("labs.cmp.bars_title", last=labels[-1], V=V),
                                             t("labs.cmp.prob"))
        chart(fig, "labs_pos_bars", pd.DataFrame({"token": [ctx.tokenizer.token_str(i) for i in cmp["tokens"]],
                                                  "before": cmp["before"], "after": cmp["after"]}),
              f"positions_{mode}_next_token")
        full_table = positions.position_tables(ctx.ckpt.model)[pos]  # all block_size rows: any of them may be drawn
        received = positions.positions_received(after.acts["transformer.hook_pos_emb"], full_table)
        shown = min(T, 16)
        pairs = ", ".join(f"{i}←{r if r >= 0 else '∅'}" for i, r in enumerate(received[:shown]))
        caption(t(f"labs.pos.perm_caption_{mode}", n=shown, T=T, pairs=pairs))
        caption(t("labs.cmp.loss_help", n=T - 1, lnv=float(np.log(V))))
