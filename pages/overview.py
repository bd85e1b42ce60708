"""Overview: the whole forward pass for the current text with live shapes, the parameter budget, a teaser."""
import pandas as pd
import streamlit as st

from explorer import figures
from explorer.analysis_pages1 import (
    check_against_breakdown,
    flow_stages,
    gpt3_parameters,
    guesses_html,
    parameter_components,
    parameter_table,
    top_guesses,
)
from explorer.context import page_context
from explorer.figures_pages1 import model_flow_figure
from explorer.widgets import chart

TEXT = {
    "title": "Overview: from your text to the next token",
    "intro": (
        "A GPT turns your text into token ids, looks up one vector per token, passes those vectors through "
        "{L} identical blocks (attention lets each token read earlier tokens, the MLP transforms each token on "
        "its own), and finally scores every one of the {V} vocabulary entries as the next token. The diagram "
        "shows each step with the shape of the tensor this model produced for your {T} tokens; the chart below "
        "shows where its {total:,} parameters live."
    ),
    "symbols": (
        "Shape letters: **B** = batch (1 text) · **T** = {T} tokens · **C** = n_embd {C} · **nh** = {nh} heads · "
        "**hs** = head size C/nh = {hs} · **V** = vocabulary {V} · **L** = {L} layers"
    ),
    "guess_intro": "After your text, the model's top guesses for the next token are:",
    "guess_link": "See the full distribution, temperature and sampling on the Next token page",
    "flow_header": "The data flow",
    "flow_caption": (
        "Shapes are read from this run's activations (batch dimension B = 1 shown): ids [1, T={T}] → residual "
        "stream [1, T, C={C}] → attention pattern [1, nh={nh}, T, T] and MLP hidden [1, T, 4C={hidden}] inside "
        "each block → logits [1, T, V={V}]. Only the last position's logits row becomes the next-token "
        "distribution [V={V}]; the other T-1 rows are predictions for text you already typed (used in training)."
    ),
    "params_header": "Where the parameters are",
    "params_caption": (
        "model.named_parameters() grouped by component [{n} components]; the total {total:,} equals "
        "model.num_parameters(). {tied}"
    ),
    "tied": "lm_head is tied to the token embedding (logits = h @ wteᵀ), so that one [V, C] matrix is counted once.",
    "untied": "lm_head has its own [V, C] weight (not tied to wte).",
    "gpt3": (
        "The same counting rules for GPT-3's shape (L 96, C 12288, V 50257, context 2048) give {n:,} ≈ "
        "{billions:.0f} billion parameters, about {ratio:,.0f} times this model."
    ),
    "check_failed": "The component counts do not add up to gpt_core's parameter breakdown.",
    "pages_header": "Where each stage is explored",
    "links": {
        "pages/tokenization.py": "Tokenization: text → {T} token ids [1, {T}], stoi/itos, one-hot vs embedding",
        "pages/embeddings.py": ("Embeddings: wte [{V}, {C}] + position table → [1, {T}, {C}], the residual stream "
                                "per layer"),
        "pages/attention.py": "Attention: Q, K, V and every head's pattern [1, {nh}, {T}, {T}]",
        "pages/softmax_mask.py": "Softmax & mask: scaled scores → -inf above the diagonal → softmax",
        "pages/next_token.py": "Next token: logits [1, {T}, {V}] → softmax → sample → append",
    },
}

ctx = page_context()
cfg, model, tokenizer = ctx.config, ctx.ckpt.model, ctx.tokenizer
a = ctx.analysis()
T = len(ctx.prepared.ids)
components = parameter_components(model)
total = sum(c.count for c in components)
shape_args = dict(T=T, C=cfg.n_embd, nh=cfg.n_head, hs=cfg.head_size, V=cfg.vocab_size, L=cfg.n_layer,
                  hidden=cfg.mlp_ratio * cfg.n_embd, total=total)

st.title(TEXT["title"])
st.write(TEXT["intro"].format(**shape_args))
st.markdown(TEXT["symbols"].format(**shape_args))

# teaser: the answer first, the machinery after
guesses = top_guesses(a.probs[-1], tokenizer, k=5)
st.html(f"<div>{TEXT['guess_intro']} {guesses_html(guesses)}</div>")
st.page_link("pages/next_token.py", label=TEXT["guess_link"], icon="🎲")

st.subheader(TEXT["flow_header"])
stages = flow_stages(a.acts, cfg.n_layer)
flow_data = pd.DataFrame([dict(stage=s.name, shape=s.shape_str, repeated_per_block=s.in_block,
                               explored_on=s.page or "") for s in stages])
chart(model_flow_figure(stages, cfg.n_layer), key="overview-flow", data=flow_data, file_stem="data_flow_shapes")
st.caption(TEXT["flow_caption"].format(**shape_args))

st.subheader(TEXT["params_header"])
if not check_against_breakdown(model, components):
    st.error(TEXT["check_failed"])
table = parameter_table(components)
bar = figures.parameter_bar({**{c.name: c.count for c in components}, "total": total})
chart(bar, key="overview-params", data=table, file_stem="parameters_per_component")
st.dataframe(table, hide_index=True, column_config={
    "share": st.column_config.NumberColumn(format="percent"),
    "parameters": st.column_config.NumberColumn(format="localized"),
})
st.caption(TEXT["params_caption"].format(n=len(components), total=total,
                                         tied=TEXT["tied"] if cfg.tie_weights else TEXT["untied"]))
gpt3 = gpt3_parameters()
st.caption(TEXT["gpt3"].format(n=gpt3, billions=gpt3 / 1e9, ratio=gpt3 / max(total, 1)))

st.subheader(TEXT["pages_header"])
for page, label in TEXT["links"].items():
    st.page_link(page, label=label.format(**shape_args))
