"""The guided tour's steps, from your text to the next token: each draws the live view for the sidebar text and
names the page that shows it in full. Prose: explorer/locales/<lang>/tour.py ("tour.<step>.title", ".text")."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures import canvas
from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import chart

DIMS_SHOWN = 32  # embedding columns drawn (a GPT-2-sized C = 768 would be unreadable)


def facts(ctx) -> dict:
    """The numbers a step's sentences quote."""
    cfg, ids = ctx.config, list(ctx.prepared.ids)
    probs = ctx.analysis().probs[-1]
    top = int(np.argmax(probs))
    return {"T": len(ids), "V": cfg.vocab_size, "C": cfg.n_embd, "L": cfg.n_layer, "nh": cfg.n_head,
            "hs": cfg.head_size, "first": ctx.labels[0], "first_id": ids[0], "top": repr(ctx.tokenizer.decode([top])),
            "p": float(probs[top]), "hidden": cfg.mlp_hidden_size}


def _text(ctx) -> None:
    st.code(ctx.prepared.text, language=None)


def _tokens(ctx) -> None:
    st.markdown(" ".join(f"`{label}`" for label in ctx.labels))


def _ids(ctx) -> None:
    table = pd.DataFrame({t("tour.col_token"): ctx.labels, t("tour.col_id"): [str(i) for i in ctx.prepared.ids]})
    st.dataframe(table.T, height=110)  # one column per token, as they sit in the text


def _matrix(ctx, name: str, key: str) -> None:
    m = ctx.analysis().acts[name][:, :DIMS_SHOWN]  # [T, ≤32]
    spec = canvas.matrix_map(m, x_labels=[str(c) for c in range(m.shape[1])], y_labels=ctx.labels,
                             title=t(f"tour.{key}.chart", T=m.shape[0], C=ctx.config.n_embd),
                             x_title=t("tour.axis_dim"), y_title=t("tour.axis_token"), max_cell_px=16)
    canvas_chart(spec, f"tour_{key}", data={"tokens": ctx.labels, f"{name} [T, ≤{DIMS_SHOWN}]": m})


def _embedding(ctx) -> None:
    _matrix(ctx, "transformer.hook_tok_emb", "embedding")


def _positions(ctx) -> None:
    if ctx.config.pos_encoding in ("learned", "sinusoidal"):
        _matrix(ctx, "transformer.hook_pos_emb", "positions")
    else:
        st.info(t("tour.positions.rope"))


def _input(ctx) -> None:
    _matrix(ctx, "transformer.h.0.hook_resid_pre", "input")


def _scores(ctx) -> None:
    s = ctx.analysis().block(0, "attn.hook_scores")[0]  # [T, T]
    canvas_chart(canvas.score_map(s, ctx.labels, title=t("tour.scores.chart")), "tour_scores",
                 data={"tokens": ctx.labels, "L0 H0 scores [T, T]": s})


def _pattern(ctx) -> None:
    p = ctx.analysis().block(0, "attn.hook_pattern")[0]  # [T, T]
    canvas_chart(canvas.attention_map(p, ctx.labels, title=t("tour.pattern.chart")), "tour_pattern",
                 data={"tokens": ctx.labels, "L0 H0 pattern [T, T]": p})


def _heads(ctx) -> None:
    patterns = ctx.analysis().stack("attn.hook_pattern")[:2]  # [≤2, nh, T, T]
    spec = canvas.grid_spec(patterns, title=t("tour.heads.chart"), labels=ctx.labels, select=False)
    canvas_chart(spec, "tour_heads", data={"tokens": ctx.labels, "patterns [≤2, nh, T, T]": patterns})


def _values(ctx) -> None:
    z = ctx.analysis().block(0, "attn.hook_z")[0]  # [T, hs]
    spec = canvas.matrix_map(z, x_labels=[str(c) for c in range(z.shape[1])], y_labels=ctx.labels,
                             title=t("tour.values.chart"), x_title=t("tour.axis_dim"), y_title=t("tour.axis_token"),
                             max_cell_px=16)
    canvas_chart(spec, "tour_values", data={"tokens": ctx.labels, "L0 H0 z [T, hs]": z})


def _mlp(ctx) -> None:
    post = ctx.analysis().block(0, "mlp.hook_post")[:, :64]  # [T, ≤64]
    spec = canvas.matrix_map(post, x_labels=[str(c) for c in range(post.shape[1])], y_labels=ctx.labels,
                             title=t("tour.mlp.chart"), x_title=t("tour.axis_neuron"), y_title=t("tour.axis_token"),
                             max_cell_px=16)
    canvas_chart(spec, "tour_mlp", data={"tokens": ctx.labels, "L0 mlp post [T, ≤64]": post})


def _residual(ctx) -> None:
    a = ctx.analysis()
    stages = [a.block(0, "hook_resid_pre")] + [a.block(i, "hook_resid_post") for i in range(a.n_layer)]
    norms = [float(np.linalg.norm(s[-1])) for s in stages]  # the last token's vector after each stage
    names = [t("tour.residual.input")] + [f"L{i}" for i in range(a.n_layer)]
    fig = figures_labs.line_chart(list(range(len(names))), {t("tour.residual.series"): norms},
                                  t("tour.residual.chart"), t("tour.residual.x"), t("tour.residual.y"),
                                  x_labels=names)
    chart(fig, "tour_residual")


def _logits(ctx) -> None:
    logits = ctx.analysis().logits[-1]  # [V]
    order = np.argsort(-logits)[:10]
    tokens = [repr(ctx.tokenizer.decode([int(i)]))[1:-1] for i in order]
    chart(figures_labs.vector_bars(logits[order], t("tour.logits.chart"), t("tour.axis_token"), "logit",
                                   tick_labels=tokens), "tour_logits")


def _next(ctx) -> None:
    probs = ctx.analysis().probs[-1]  # [V]
    order = np.argsort(-probs)[:10]
    tokens = [repr(ctx.tokenizer.decode([int(i)]))[1:-1] for i in order]
    chart(figures_labs.vector_bars(probs[order], t("tour.next.chart"), t("tour.axis_token"), t("tour.axis_prob"),
                                   tick_labels=tokens, signed=False), "tour_next")


# (step name, renderer, view to open) in tour order
STEPS = (
    ("text", _text, "overview"),
    ("tokens", _tokens, "tokenization"),
    ("ids", _ids, "tokenization"),
    ("embedding", _embedding, "embeddings"),
    ("positions", _positions, "labs.positions"),
    ("input", _input, "embeddings"),
    ("scores", _scores, "softmax"),
    ("pattern", _pattern, "attention"),
    ("heads", _heads, "attention"),
    ("values", _values, "show_math"),
    ("mlp", _mlp, "labs.mlp"),
    ("residual", _residual, "questions.21"),
    ("logits", _logits, "questions.12"),
    ("next", _next, "next_token"),
)

