"""Embeddings: the token table wte, the position table, their sum for the input, and the residual stream per layer."""
import numpy as np
import pandas as pd
import streamlit as st

from explorer import figures
from explorer.analysis_pages1 import (
    TOKEN_KINDS,
    default_trajectory_positions,
    position_tables,
    project,
    residual_trajectories,
    stage_cosine,
    token_embedding_table,
    vocab_kinds,
)
from explorer.context import page_context
from explorer.figures_pages1 import position_path, residual_trajectory_figure, vocab_scatter
from explorer.text_prep import token_label
from explorer.widgets import chart

TEXT = {
    "title": "Embeddings: where each token starts and how it moves",
    "intro": (
        "Every token id selects one row of the token embedding matrix wte [V={V}, C={C}], and the model adds a "
        "position term so that the same character at different places gets a different vector. That sum is the "
        "start of the residual stream [T, C], which each of the {L} blocks then updates. This page shows both "
        "tables, their sum for your {T} tokens, and where each token's vector travels layer by layer."
    ),
    "wte_header": "The token embedding table wte",
    "dims": "Projection",
    "wte_caption": (
        "wte [V={V}, C={C}] projected onto its top {k} principal components ({explained} of the variance); one "
        "point per vocabulary entry, coloured by kind. Outlined, larger points are the {n_used} distinct tokens "
        "of your text. Tokens the model treats alike end up close together (in a well-trained model, e.g. vowels "
        "or capitals cluster); an under-trained model's table is still mostly its random initialisation."
    ),
    "pos_header": "Position embeddings",
    "pos_learned": (
        "This model learns its position table: wpe is a trained [block_size={P}, C={C}] matrix, one row per "
        "position, added to the token rows. Next to it is the fixed sinusoidal table of the same shape from "
        "*Attention Is All You Need* (PE[t, 2i] = sin(t / 10000^(2i/C)), PE[t, 2i+1] = cos(...)), which has no "
        "parameters. Position rows do not depend on the text: two different texts of the same length get the "
        "same {T} rows; only the token rows make them differ."
    ),
    "pos_sinusoidal": (
        "This model uses the fixed sinusoidal table [block_size={P}, C={C}]: PE[t, 2i] = sin(t / 10000^(2i/C)), "
        "PE[t, 2i+1] = cos(...). It is computed, not trained (0 parameters), and added to the token rows."
    ),
    "pos_none": {
        "rope": (
            "This model uses rotary position encoding (RoPE): there is no additive position table. Position "
            "enters inside attention, where q and k of each head are rotated by a position-dependent angle, so "
            "the embedding of a token below is the same at every position."
        ),
        "none": (
            "This model has no position encoding at all: there is no additive position table, and only the "
            "causal mask tells positions apart (a token can see how many tokens precede it)."
        ),
    },
    "learned_title": "learned wpe [block_size={P}, C={C}]",
    "sin_title": "sinusoidal formula [block_size={P}, C={C}]",
    "learned_caption": "transformer.wpe.weight [{P}, {C}] of this model; rows are positions 0..{last}.",
    "sin_caption": "The sinusoidal table [{P}, {C}] the formula gives for this model's block_size and C.",
    "path_caption": (
        "Each {name} row [{P}, {C}] projected to 2-D ({explained} of the variance), consecutive positions joined, "
        "colour = position; outlined points are the {T} positions your text uses."
    ),
    "sum_header": "tok_emb + pos_emb for your text",
    "sum_choice": "Show",
    "sum_options": {"sum": "tok_emb + pos_emb (the block input)", "tok": "tok_emb = wte[ids]",
                    "pos": "pos_emb (position term)"},
    "sum_caption": "{what} [T={T}, C={C}] for your text; rows are your tokens, columns the {C} dimensions.",
    "traj_header": "The residual stream, layer by layer",
    "traj_intro": (
        "After the embeddings, every block adds its attention and MLP outputs to each token's vector (the "
        "residual stream). One 2-D PCA basis is fit on all {S} × {T} states together (embeddings and each block's "
        "resid_post), so a line shows how one token's vector moves through depth in the same axes."
    ),
    "traj_select": "Tokens to draw",
    "traj_caption": (
        "Residual states [L+1={S}, T={T}, C={C}] projected to 2-D ({explained} of the variance); small dot = "
        "embedding, large labelled dot = after layer {last}."
    ),
    "cos_header": "Which of your tokens look alike",
    "cos_select": "Stage",
    "cos_caption": (
        "Cosine similarity [T={T}, T={T}] of your tokens' residual vectors {stage}: 1 = same direction, 0 = "
        "orthogonal. At the embeddings, repeated characters are identical except for their position rows; "
        "deeper, context has been mixed in."
    ),
}

ctx = page_context()
cfg, model, tokenizer, prepared = ctx.config, ctx.ckpt.model, ctx.tokenizer, ctx.prepared
a = ctx.analysis()
T, V, C, L, P = len(prepared.ids), cfg.vocab_size, cfg.n_embd, cfg.n_layer, cfg.block_size
labels = ctx.labels


@st.cache_resource(show_spinner=False, max_entries=16)
def wte_projection(_model, model_key: str, k: int):
    """PCA of wte per model (cached: an SVD of a large vocabulary is not free)."""
    return project(token_embedding_table(_model), k)


@st.cache_resource(show_spinner=False, max_entries=16)
def position_projections(_model, model_key: str):
    tables = position_tables(_model)
    return tables, {name: project(table, 2) for name, table in tables.items()}


def share(explained) -> str:
    return f"{float(np.sum(explained)):.0%}"


st.title(TEXT["title"])
st.write(TEXT["intro"].format(V=V, C=C, L=L, T=T))

# --- token embedding table -----------------------------------------------------------------------
st.subheader(TEXT["wte_header"])
dims = st.radio(TEXT["dims"], ["2D", "3D"], horizontal=True, key="embeddings_dims")
k = 3 if dims == "3D" else 2
coords, explained = wte_projection(model, ctx.model_key, k)
vocab_labels = [token_label(tokenizer.token_str(i)) for i in range(V)]
kinds = vocab_kinds(tokenizer)
used = np.zeros(V, dtype=bool)
used[list(prepared.ids)] = True
scatter = vocab_scatter(coords, vocab_labels, kinds, TOKEN_KINDS, used, explained,
                        title=f"wte [V={V}, C={C}] → PCA {k}-D")
wte_data = pd.DataFrame({"id": range(V), "token": vocab_labels, "kind": kinds, "in_text": used,
                         **{f"pc{i + 1}": coords[:, i] for i in range(k)}})
chart(scatter, key="embeddings-wte", data=wte_data, file_stem=f"wte_pca{k}d")
st.caption(TEXT["wte_caption"].format(V=V, C=C, k=k, explained=share(explained), n_used=int(used.sum())))

# --- position embeddings -------------------------------------------------------------------------
st.subheader(TEXT["pos_header"])
if cfg.pos_encoding in ("rope", "none"):
    st.info(TEXT["pos_none"][cfg.pos_encoding])
else:
    tables, projections = position_projections(model, ctx.model_key)
    shown = ["learned", "sinusoidal"] if cfg.pos_encoding == "learned" else ["sinusoidal"]
    st.write((TEXT["pos_learned"] if cfg.pos_encoding == "learned" else TEXT["pos_sinusoidal"]).format(P=P, C=C, T=T))
    columns = st.columns(len(shown))
    for column, name in zip(columns, shown):
        title = (TEXT["learned_title"] if name == "learned" else TEXT["sin_title"]).format(P=P, C=C)
        with column:
            fig = figures.matrix_heatmap(tables[name], title=title, zmid=0.0, x_title="dimension c",
                                         y_title="position t")
            fig.update_xaxes(**figures.token_axis([str(c) for c in range(C)], max_labels=16))
            chart(fig, key=f"embeddings-pos-{name}", data={name: tables[name]}, file_stem=f"position_{name}")
            st.caption((TEXT["learned_caption"] if name == "learned" else TEXT["sin_caption"]).format(
                P=P, C=C, last=P - 1))
            xy, ex = projections[name]
            chart(position_path(xy, f"{name} position rows → PCA 2-D", ex, n_input=T),
                  key=f"embeddings-pospath-{name}",
                  data=pd.DataFrame(dict(position=range(P), pc1=xy[:, 0], pc2=xy[:, 1])),
                  file_stem=f"position_{name}_pca")
            st.caption(TEXT["path_caption"].format(name=name, P=P, C=C, explained=share(ex), T=T))

# --- tok_emb + pos_emb for the input -------------------------------------------------------------
st.subheader(TEXT["sum_header"])
options = TEXT["sum_options"]
what = st.radio(TEXT["sum_choice"], list(options), format_func=options.get, horizontal=True, key="embeddings_sum")
matrices = {"sum": a.acts["transformer.h.0.hook_resid_pre"] if L else a.acts["transformer.hook_tok_emb"],
            "tok": a.acts["transformer.hook_tok_emb"], "pos": a.acts["transformer.hook_pos_emb"]}
m = matrices[what]  # [T, C]
fig = figures.matrix_heatmap(m, y_labels=labels, title=f"{options[what]} [T={T}, C={C}]", zmid=0.0,
                             x_title="dimension c", y_title="token")
chart(fig, key="embeddings-sum", data={"tokens": labels, what: m}, file_stem=f"input_{what}")
st.caption(TEXT["sum_caption"].format(what=options[what], T=T, C=C))

# --- residual trajectories -----------------------------------------------------------------------
st.subheader(TEXT["traj_header"])
stage_names, traj, traj_explained = residual_trajectories(a.acts, L)
S = len(stage_names)
st.write(TEXT["traj_intro"].format(S=S, T=T))
if any(p not in range(T) for p in st.session_state.get("embeddings_traj", [])):
    st.session_state.pop("embeddings_traj")  # the text changed under the old choice
chosen = st.multiselect(TEXT["traj_select"], list(range(T)), default=default_trajectory_positions(T),
                        format_func=lambda i: f"{i}: {labels[i]}", key="embeddings_traj")
if chosen:
    fig = residual_trajectory_figure(traj, labels, sorted(chosen), stage_names, traj_explained,
                                     title=f"residual stream [L+1={S}, T={T}, C={C}] → shared PCA 2-D")
    rows = [dict(position=t, token=labels[t], stage=stage_names[s], pc1=traj[s, t, 0], pc2=traj[s, t, 1])
            for t in range(T) for s in range(S)]
    chart(fig, key="embeddings-traj", data=pd.DataFrame(rows), file_stem="residual_trajectories")
    st.caption(TEXT["traj_caption"].format(S=S, T=T, C=C, explained=share(traj_explained), last=L - 1))

# --- cosine similarity ---------------------------------------------------------------------------
st.subheader(TEXT["cos_header"])
stage = st.selectbox(TEXT["cos_select"], list(range(S)), format_func=stage_names.__getitem__, key="embeddings_cos")
sim = stage_cosine(a.acts, L, stage)  # [T, T]
fig = figures.matrix_heatmap(sim, x_labels=labels, y_labels=labels, zmid=0.0, zmin=-1.0, zmax=1.0,
                             title=f"cosine similarity [T={T}, T={T}], {stage_names[stage]}")
chart(fig, key="embeddings-cos", data={"tokens": labels, "stage": stage_names[stage], "cosine": sim},
      file_stem=f"cosine_{stage_names[stage].replace(' ', '_')}")
st.caption(TEXT["cos_caption"].format(T=T, stage=f"at the {stage_names[stage]}" if stage == 0
                                      else stage_names[stage]))
