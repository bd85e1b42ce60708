"""Tokenization: the text as tokens and ids, the vocabulary, char vs BPE, and nn.Embedding as a lookup.

Prose: explorer/locales/<lang>/tokenization.py.
"""
from pathlib import Path

import pandas as pd
import streamlit as st

from explorer import figures
from explorer.analysis.text_prep import prepare_input, token_label
from explorer.analysis.tokenization import (
    count_tokens,
    counterpart_tokenizer,
    token_chips,
    token_embedding_table,
    vocab_table,
)
from explorer.figures import canvas
from explorer.figures.embeddings import vector_strip
from explorer.figures.markup import chips_html, md_escape
from explorer.i18n import CATALOGUES, t
from explorer.ui import state
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.context import page_context
from explorer.ui.resources import vocabulary
from explorer.ui.widgets import chart
from gpt_core.data import find_shakespeare
from gpt_core.interp.geometry import one_hot_lookup

MAX_COMPARE_CHARS = 400  # chips drawn per tokenizer in the side-by-side (counts use the whole text)
MAX_HEATMAP_VOCAB = 2048  # draw the whole W_E while it stays readable; beyond, a window of rows around the id
WINDOW_ROWS = 256

ctx = page_context()
cfg, tokenizer, prepared = ctx.config, ctx.tokenizer, ctx.prepared
a = ctx.analysis()
T, V, C = len(prepared.ids), cfg.vocab_size, cfg.n_embd
unknown_mode = state.get("unknown_mode")


def column_labels(table: pd.DataFrame) -> dict:
    """Translated headers for the table's columns (the data, and its CSV, keep the plain names)."""
    return {name: st.column_config.Column(t(f"tokenization.col.{name}")) for name in table.columns
            if f"tokenization.col.{name}" in CATALOGUES["en"]}


st.title(t("tokenization.title"))
st.markdown(t("tokenization.what", T=T, V=V, C=C, kind=tokenizer.kind))
st.page_link("pages/embeddings.py", label=t("tokenization.concept_link"), icon="📍")

# --- the text as chips ---------------------------------------------------------------------------
st.subheader(t("tokenization.chips_header"))
st.html(chips_html(token_chips(prepared, tokenizer, unknown_mode)))
st.caption(t("tokenization.chips_caption", T=T, block=cfg.block_size,
             replacement=md_escape(repr(tokenizer.replacement_char))))
with st.expander(t("tokenization.ids_label")):
    st.code(str(list(prepared.ids)), language=None, wrap_lines=True)

# --- stoi / itos ---------------------------------------------------------------------------------
st.subheader(t("tokenization.vocab_header"))
if tokenizer.kind == "char":
    st.markdown(t("tokenization.vocab_char", V=V))
    vocab = vocab_table(tokenizer, prepared.ids)
else:
    st.markdown(t("tokenization.vocab_bpe"))
    n_merges = st.number_input(t("tokenization.merges_n"), 10, max(10, V - 256), min(50, max(10, V - 256)), step=10,
                               key="tokenization_merges")
    vocab = vocab_table(tokenizer, prepared.ids, limit=int(n_merges))
st.dataframe(vocab, hide_index=True, height=280, column_config=column_labels(vocab))


# --- char vs BPE ---------------------------------------------------------------------------------
@st.cache_resource(show_spinner=t("tokenization.spinner_corpus"), max_entries=4)
def corpus_counterpart(model_kind: str, path: str, mtime: float):
    return counterpart_tokenizer(model_kind, Path(path).read_text(encoding="utf-8"))


@st.cache_resource(show_spinner=t("tokenization.spinner_text"), max_entries=16)
def text_counterpart(model_kind: str, text: str):
    return counterpart_tokenizer(model_kind, text)


st.subheader(t("tokenization.compare_header"))
st.markdown(t("tokenization.compare_intro"))
corpus_path = find_shakespeare()
if corpus_path is not None:
    other = corpus_counterpart(tokenizer.kind, str(corpus_path), corpus_path.stat().st_mtime)
else:
    other = text_counterpart(tokenizer.kind, prepared.text)
other_name = t("tokenization.other_bpe" if other.kind == "bpe" else "tokenization.other_char", V=other.vocab_size)
own_name = t("tokenization.this_model", kind=tokenizer.kind, V=V)
text = prepared.text
counts = [count_tokens(own_name, tokenizer, text), count_tokens(other_name, other, text)]
excerpt = text[:MAX_COMPARE_CHARS]
columns = st.columns(2)
for column, count, tok in zip(columns, counts, (tokenizer, other)):
    with column:
        st.markdown(f"**{md_escape(count.name)}**")
        st.metric(t("tokenization.count_metric"), f"{count.n_tokens:,}",
                  help=t("tokenization.count_help", ratio=count.chars_per_token))
        shown = prepare_input(tok, excerpt, len(excerpt) + 1, unknown_mode)
        if shown.pieces:
            st.html(chips_html(token_chips(shown, tok, unknown_mode)))
st.caption(t("tokenization.compare_caption", n=min(len(text), MAX_COMPARE_CHARS), chars=len(text)))
if corpus_path is not None:
    st.caption(t("tokenization.trained_on_corpus", name=md_escape(other_name), chars=corpus_path.stat().st_size))
else:
    st.caption(t("tokenization.trained_on_text", name=md_escape(other_name)))
count_table = pd.DataFrame([dict(tokenizer=c.name, kind=c.kind, vocab_size=c.vocab_size, tokens=c.n_tokens,
                                 characters=c.n_chars, chars_per_token=round(c.chars_per_token, 3),
                                 skipped_characters=c.unknown) for c in counts])
st.dataframe(count_table, hide_index=True, column_config=column_labels(count_table))
st.caption(t("tokenization.count_table_caption", chars=len(text)))

# --- one token: the lookup -----------------------------------------------------------------------
st.subheader(t("tokenization.lookup_header"))
st.markdown(t("tokenization.lookup_intro", V=V))
labels = ctx.labels
if st.session_state.get("tokenization_position") not in range(T):
    st.session_state.pop("tokenization_position", None)  # the text changed under the old choice
position = st.selectbox(t("tokenization.position_select"), list(range(T)), index=T - 1, key="tokenization_position",
                        format_func=[t("tokenization.position_option", i=i, label=labels[i], id=prepared.ids[i])
                                     for i in range(T)].__getitem__)
token_id = int(prepared.ids[position])
W_E = token_embedding_table(ctx.ckpt.model)  # [V, C]
lookup = one_hot_lookup(W_E, token_id)
st.markdown(t("tokenization.token_facts", pos=position, label=md_escape(token_label(tokenizer.token_str(token_id))),
              id=token_id, bytes=tokenizer.token_bytes(token_id).hex(" ") or "—"))
vocab_labels = vocabulary(tokenizer, ctx.model_key, V).labels  # cached per model
chart(vector_strip(lookup["one_hot"], t("tokenization.one_hot_title", V=V, id=token_id), vocab_labels,
                   highlight=token_id,
                   colorscale=figures.PROB_SCALE, zmid=None, hover_name="id"),
      key="tokenization-onehot", data=pd.DataFrame(dict(id=range(V), token=vocab_labels, one_hot=lookup["one_hot"])),
      file_stem=f"one_hot_id{token_id}")
st.caption(t("tokenization.one_hot_caption", V=V, id=token_id))
whole = V <= MAX_HEATMAP_VOCAB
start = 0 if whole else min(max(token_id - WINDOW_ROWS // 2, 0), V - WINDOW_ROWS)  # the id's row inside the window
stop = V if whole else start + WINDOW_ROWS
rows = W_E[start:stop]  # [≤V, C]
table_title = (f"W_E = wte [V={V}, C={C}]" if whole else
               t("tokenization.table_window_title", start=start, last=stop - 1, V=V, C=C))
spec = canvas.matrix_map(rows, title=table_title, y_labels=vocab_labels[start:stop],
                         x_title=t("tokenization.axis_dimension"), y_title=t("tokenization.axis_token_id"),
                         highlight_row=token_id - start, row_offset=start, file_stem="wte")
canvas_chart(spec, key="tokenization-wte", data={"wte rows": [start, stop], "wte": rows, "row": token_id},
             file_stem="wte")
st.caption(t("tokenization.table_caption", V=V, C=C, id=token_id) if whole else
           t("tokenization.table_window_caption", V=V, n=stop - start, id=token_id))
chart(vector_strip(lookup["via_index"], f"wte[{token_id}] [C={C}]", hover_name=t("tokenization.hover_dimension"),
                   max_labels=32),
      key="tokenization-row", data=pd.DataFrame(dict(dimension=range(C), one_hot_matmul=lookup["via_matmul"],
                                                    row_lookup=lookup["via_index"])),
      file_stem=f"wte_row{token_id}")
st.caption(t("tokenization.row_caption", id=token_id, C=C))
model_row = a.acts["transformer.hook_tok_emb"][position]  # [C], what the forward pass looked up
diff_model = float(abs(model_row - lookup["via_index"]).max())
st.success(t("tokenization.check", id=token_id, diff=lookup["max_abs_diff"], pos=position, diff_model=diff_model))
