"""The Overview page's data-flow diagram (same conventions as explorer.figures.base)."""
from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from explorer.figures import base as F
from explorer.i18n import t  # streamlit-safe: English outside a Streamlit run

# explorer.analysis.overview.flow_stages' names -> catalogue keys (the names stay the data; the boxes show the translation)
STAGE_KEYS = {
    "token ids": "token_ids", "tok_emb + pos_emb": "embed_sum", "LayerNorm ln_1": "ln_1",
    "masked multi-head attention": "attention", "+ residual": "residual", "LayerNorm ln_2": "ln_2",
    "MLP (4C hidden)": "mlp", "final LayerNorm ln_f": "ln_f", "lm_head → logits": "logits",
    "softmax → next-token probabilities": "softmax",
    "tok_emb (RoPE acts in attention)": "embed_rope", "tok_emb (no positions)": "embed_none",
    "RMSNorm ln_1": "ln_1_rms", "RMSNorm ln_2": "ln_2_rms", "final RMSNorm ln_f": "ln_f_rms",
    "masked grouped-query attention": "attention_gqa", "MLP (H hidden)": "mlp_h", "SwiGLU MLP (H hidden)": "mlp_swiglu",
}


def stage_label(name: str) -> str:
    key = STAGE_KEYS.get(name)
    return t(f"figures_views.stage.{key}") if key else name

BOX_W, BOX_H = 0.9, 0.62


def _wrap(name: str, width: int = 16) -> str:
    return "<br>".join(textwrap.wrap(name, width)) or name


def model_flow_figure(stages, n_layer: int, title: str | None = None) -> go.Figure:
    """The data flow as three rows: input stages, the repeated block (framed, "× L"), output stages.

    stages: objects with name, shape_str and in_block (explorer.analysis.Stage). Inside the
    block, bent arrows above the boxes are the residual (skip) connections into each "+ residual".
    """
    rows: list[list] = [[], [], []]
    seen_block = False
    for s in stages:
        if s.in_block:
            seen_block = True
            rows[1].append(s)
        else:
            rows[2 if seen_block else 0].append(s)
    rows = [r for r in rows if r] if not seen_block else rows
    width = max(len(r) for r in rows)
    fig = go.Figure()
    centres = []  # (x, y) per stage in order
    row_y = {}
    for r, row in enumerate(rows):
        y = -1.45 * r
        row_y[r] = y
        for c, s in enumerate(row):
            x = float(c)
            centres.append((x, y))
            block = s.in_block
            fig.add_shape(type="rect", x0=x - BOX_W / 2, x1=x + BOX_W / 2, y0=y - BOX_H / 2, y1=y + BOX_H / 2,
                          line=dict(color="#b35806" if block else "#08519c", width=1.5),
                          fillcolor="#fee0b6" if block else "#eff3ff", layer="below")
            fig.add_annotation(x=x, y=y, text=f"<b>{_wrap(stage_label(s.name))}</b><br>{s.shape_str}", showarrow=False,
                               font=dict(size=11, color="#111"))
    for i in range(len(centres) - 1):
        (x0, y0), (x1, y1) = centres[i], centres[i + 1]
        if y0 == y1:
            start, end = (x0 + BOX_W / 2, y0), (x1 - BOX_W / 2, y1)
        else:  # next row: bottom of this box to top of the next
            start, end = (x0, y0 - BOX_H / 2), (x1, y1 + BOX_H / 2)
        fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                           text="", showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=1.4, arrowcolor="#555")
    if seen_block and rows[1]:
        y = row_y[1]
        n = len(rows[1])
        fig.add_shape(type="rect", x0=-0.55, x1=n - 0.45, y0=y - BOX_H / 2 - 0.12, y1=y + BOX_H / 2 + 0.42,
                      line=dict(color="#b35806", dash="dash", width=1.5), fillcolor="rgba(0,0,0,0)")
        fig.add_annotation(x=n - 0.45, y=y + BOX_H / 2 + 0.42, xanchor="right", yanchor="bottom", showarrow=False,
                           text=t("figures_views.blocks_note", L=n_layer),
                           font=dict(size=11, color="#b35806"))
        # residual connections: from the block input (left edge) / the previous "+" into each "+ residual"
        source_x = -0.5
        for c, s in enumerate(rows[1]):
            if s.name.startswith("+"):
                top = y + BOX_H / 2
                fig.add_shape(type="path", path=f"M {source_x},{top + 0.25} L {c},{top + 0.25}",
                              line=dict(color="#7f7f7f", width=1.3, dash="dot"))
                fig.add_annotation(x=c, y=top, ax=c, ay=top + 0.25, xref="x", yref="y", axref="x", ayref="y",
                                   text="", showarrow=True, arrowhead=2, arrowwidth=1.3, arrowcolor="#7f7f7f")
                fig.add_annotation(x=(source_x + c) / 2, y=top + 0.25, text=t("figures_views.residual"),
                                   showarrow=False,
                                   yshift=7, font=dict(size=9, color="#7f7f7f"))
                source_x = c
    fig.add_trace(go.Scatter(x=[x for x, _ in centres], y=[y for _, y in centres], mode="markers",
                             marker=dict(size=44, color="rgba(0,0,0,0)"), showlegend=False,
                             text=[f"{stage_label(s.name)}: {s.shape_str}" for r in rows for s in r],
                             hoverinfo="text"))
    F._base_layout(fig, title or t("figures_views.flow_title"), 70 + 140 * len(rows),
                   margin=dict(l=10, r=10, t=50, b=10))
    fig.update_xaxes(visible=False, range=[-0.6, width - 0.4])
    fig.update_yaxes(visible=False, range=[row_y[len(rows) - 1] - 0.4, 0.4 if not seen_block else 0.45])
    return fig
