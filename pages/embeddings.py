"""Embeddings: the token table wte, the position table, their sum for the input, and the residual stream per layer.

Prose: explorer/locales/<lang>/embeddings.py.
"""
import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures import canvas
from explorer.analysis.embeddings import default_trajectory_positions, vocab_sample
from explorer.analysis.tokenization import token_embedding_table
from explorer.ui.context import page_context
from explorer.ui.resources import vocabulary
from explorer.figures.embeddings import position_path, residual_trajectory_figure, vocab_scatter
from explorer.i18n import t
from explorer.ui import rope_view
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import chart
from gpt_core.interp.geometry import project, residual_trajectories, stage_cosine
from gpt_core.interp.positions import position_tables
from gpt_core.tokenizers import TOKEN_KINDS

ctx = page_context()
cfg, model, tokenizer, prepared = ctx.config, ctx.ckpt.model, ctx.tokenizer, ctx.prepared
a = ctx.analysis()
T, V, C, L, P = len(prepared.ids), cfg.vocab_size, cfg.n_embd, cfg.n_layer, cfg.block_size
labels = ctx.labels
# wte points drawn: a 50k vocabulary is a slow, unreadable cloud (the PCA uses every row). plotly draws each point as
# an SVG node and restyles them all when the text's highlights change: 4,096 points cost the browser ~2 s an edit.
MAX_VOCAB_POINTS = 2048


@st.cache_resource(show_spinner=False, max_entries=16)
def wte_projection(_model, model_key: str, k: int):
    """PCA of wte per model (cached: an SVD of a large vocabulary is not free)."""
    return project(token_embedding_table(_model), k)


@st.cache_resource(show_spinner=False, max_entries=16)
def position_projections(_model, model_key: str):
    tables = {name: table for name, table in position_tables(_model).items() if table is not None}  # [P, C] each
    return tables, {name: project(table, 2) for name, table in tables.items()}


@st.cache_resource(show_spinner=False, max_entries=32)
def position_table_spec(_table, model_key: str, name: str, title: str, x_title: str, y_title: str) -> dict:
    """The canvas spec of one [P, C] position table, per model and language: it does not depend on the text, and
    encoding GPT-2's [1024, 768] took ~0.2 s an edit."""
    return canvas.matrix_map(_table, title=title, x_title=x_title, y_title=y_title, file_stem=f"position_{name}",
                             max_height=480)


def share(explained) -> str:
    return f"{float(np.sum(explained)):.0%}"


S = L + 1  # residual stages: the embeddings, then after each block
st.title(t("embeddings.title"))
pos_part = t(f"embeddings.what_pos.{cfg.pos_encoding}", P=P, C=C, last=T - 1)
st.markdown(t("embeddings.what", V=V, C=C, L=L, T=T, S=S, pos_part=pos_part))
st.page_link("pages/labs.py", label=t("embeddings.concept_link"), icon="🧪")

# --- token embedding table -----------------------------------------------------------------------
st.subheader(t("embeddings.wte_header"))
dims = st.radio(t("embeddings.dims"), ["2D", "3D"], horizontal=True, key="embeddings_dims")
k = 3 if dims == "3D" else 2
coords, explained = wte_projection(model, ctx.model_key, k)  # [V, k]: the PCA of every row
drawn = vocab_sample(V, prepared.ids, MAX_VOCAB_POINTS)  # [N] token ids, all of them for a small vocabulary
words = vocabulary(tokenizer, ctx.model_key, V)  # cached per model
vocab_labels, kinds = [words.labels[i] for i in drawn], [words.kinds[i] for i in drawn]
used = np.isin(drawn, list(prepared.ids))  # [N]
kind_names = {kind: t(f"embeddings.kind.{kind}") for kind in TOKEN_KINDS}  # legend in the chosen language
scatter = vocab_scatter(coords[drawn], vocab_labels, [kind_names[kind] for kind in kinds], list(kind_names.values()),
                        used, explained,
                        title=f"wte [V={V}, C={C}] → PCA {k}-D", ids=drawn)
wte_data = pd.DataFrame({"id": drawn, "token": vocab_labels, "kind": kinds, "in_text": used,
                         **{f"pc{i + 1}": coords[drawn, i] for i in range(k)}})
chart(scatter, key="embeddings-wte", data=wte_data, file_stem=f"wte_pca{k}d")
st.caption(t("embeddings.wte_caption", V=V, C=C, k=k, explained=share(explained), n_used=int(used.sum())))
if len(drawn) < V:
    st.caption(t("embeddings.wte_sampled", V=V, n=len(drawn), used=int(used.sum()), step=V // len(drawn)))

# --- position embeddings -------------------------------------------------------------------------
st.subheader(t("embeddings.pos_header"))
if cfg.pos_encoding in ("rope", "none"):
    st.info(t(f"embeddings.pos_none.{cfg.pos_encoding}"))
    if cfg.pos_encoding == "rope":  # no table to plot: the rotation is what carries position
        rope_view.render(ctx)
else:
    tables, projections = position_projections(model, ctx.model_key)
    shown = ["learned", "sinusoidal"] if cfg.pos_encoding == "learned" else ["sinusoidal"]
    st.markdown(t("embeddings.pos_learned" if cfg.pos_encoding == "learned" else "embeddings.pos_sinusoidal",
                  P=P, C=C, T=T))
    columns = st.columns(len(shown))
    for column, name in zip(columns, shown):
        title = t("embeddings.learned_title" if name == "learned" else "embeddings.sin_title", P=P, C=C)
        with column:
            spec = position_table_spec(tables[name], ctx.model_key, name, title, t("embeddings.axis_dimension"),
                                       t("embeddings.axis_position"))
            canvas_chart(dict(spec), key=f"embeddings-pos-{name}", data={name: tables[name]},  # a copy: it adds a key
                         file_stem=f"position_{name}")
            st.caption(t("embeddings.learned_caption" if name == "learned" else "embeddings.sin_caption",
                         P=P, C=C, last=P - 1))
            xy, ex = projections[name]
            table_name = t(f"embeddings.table.{name}")
            chart(position_path(xy, t("embeddings.path_title", name=table_name), ex, n_input=T),
                  key=f"embeddings-pospath-{name}",
                  data=pd.DataFrame(dict(position=range(P), pc1=xy[:, 0], pc2=xy[:, 1])),
                  file_stem=f"position_{name}_pca")
            st.caption(t("embeddings.path_caption", name=table_name, P=P, C=C, explained=share(ex), T=T))

# --- tok_emb + pos_emb for the input -------------------------------------------------------------
st.subheader(t("embeddings.sum_header"))
options = {name: t(f"embeddings.sum_option.{name}") for name in ("sum", "tok", "pos")}
what = st.radio(t("embeddings.sum_choice"), list(options), format_func=options.get, horizontal=True,
                key="embeddings_sum")
matrices = {"sum": a.acts["transformer.h.0.hook_resid_pre"] if L else a.acts["transformer.hook_tok_emb"],
            "tok": a.acts["transformer.hook_tok_emb"], "pos": a.acts["transformer.hook_pos_emb"]}
m = matrices[what]  # [T, C]
spec = canvas.matrix_map(m, y_labels=labels, title=f"{options[what]} [T={T}, C={C}]", file_stem=f"input_{what}",
                         x_title=t("embeddings.axis_dimension"), y_title=t("embeddings.axis_token"), max_cell_px=12)
canvas_chart(spec, key="embeddings-sum", data={"tokens": labels, what: m}, file_stem=f"input_{what}")
st.caption(t("embeddings.sum_caption", what=options[what], T=T, C=C))
if cfg.pos_encoding in ("rope", "none"):
    st.caption(t(f"embeddings.sum_zero_pos.{cfg.pos_encoding}"))

# --- residual trajectories -----------------------------------------------------------------------
st.subheader(t("embeddings.traj_header"))
data_stage_names, traj, traj_explained = residual_trajectories(a.acts, L)  # English names: file stems, data
S = len(data_stage_names)
stage_names = [t("embeddings.stage.embeddings")] + [t("embeddings.stage.after", i=i) for i in range(S - 1)]
st.markdown(t("embeddings.traj_intro", S=S, T=T))
if any(p not in range(T) for p in st.session_state.get("embeddings_traj", [])):
    st.session_state.pop("embeddings_traj")  # the text changed under the old choice
chosen = st.multiselect(t("embeddings.traj_select"), list(range(T)), default=default_trajectory_positions(T),
                        format_func=lambda i: f"{i}: {labels[i]}", key="embeddings_traj")
if chosen:
    fig = residual_trajectory_figure(traj, labels, sorted(chosen), stage_names, traj_explained,
                                     title=t("embeddings.traj_title", S=S, T=T, C=C))
    rows = [dict(position=p, token=labels[p], stage=data_stage_names[s], pc1=traj[s, p, 0], pc2=traj[s, p, 1])
            for p in range(T) for s in range(S)]
    chart(fig, key="embeddings-traj", data=pd.DataFrame(rows), file_stem="residual_trajectories")
    st.caption(t("embeddings.traj_caption", S=S, T=T, C=C, explained=share(traj_explained), last=L - 1))

# --- cosine similarity ---------------------------------------------------------------------------
st.subheader(t("embeddings.cos_header"))
stage = st.selectbox(t("embeddings.cos_select"), list(range(S)), format_func=stage_names.__getitem__,
                     key="embeddings_cos")
sim = stage_cosine(a.acts, L, stage)  # [T, T]
cos_stem = f"cosine_{data_stage_names[stage].replace(' ', '_')}"
spec = canvas.matrix_map(sim, x_labels=labels, y_labels=labels, zmin=-1.0, zmax=1.0, file_stem=cos_stem,
                         title=t("embeddings.cos_title", T=T, stage=stage_names[stage]), value_name="cos",
                         x_title=t("embeddings.axis_token"), y_title=t("embeddings.axis_token"))
canvas_chart(spec, key="embeddings-cos", data={"tokens": labels, "stage": data_stage_names[stage], "cosine": sim},
             file_stem=cos_stem)
st.caption(t("embeddings.cos_caption", T=T,
             stage=t("embeddings.cos_at_embeddings") if stage == 0 else stage_names[stage]))
