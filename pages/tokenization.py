"""Tokenization: the text as tokens and ids, the vocabulary, char vs BPE, and nn.Embedding as a lookup."""
from pathlib import Path

import pandas as pd
import streamlit as st

from explorer import figures, state
from explorer.analysis_pages1 import (
    chips_html,
    count_tokens,
    counterpart_tokenizer,
    md_escape,
    one_hot_lookup,
    token_chips,
    token_embedding_table,
    vocab_table,
)
from explorer.context import page_context
from explorer.figures_pages1 import highlight_row, vector_strip
from explorer.text_prep import prepare_input, token_label
from explorer.widgets import chart
from gpt_core.data import find_shakespeare

MAX_COMPARE_CHARS = 400  # chips drawn per tokenizer in the side-by-side (counts use the whole text)
MAX_HEATMAP_VOCAB = 2048  # draw the whole W_E only while it stays readable

TEXT = {
    "title": "Tokenization: text → ids → vectors",
    "intro": (
        "The model never sees characters: a tokenizer maps your text to integer ids from a fixed vocabulary of "
        "{V} entries ({kind} tokenizer), and the model's first layer replaces each id by one row of its token "
        "embedding matrix wte [V={V}, C={C}]. Below is your text split exactly as this model splits it, the "
        "vocabulary itself, how a different tokenizer would split the same text, and the lookup for one token."
    ),
    "chips_header": "Your text as tokens",
    "chips_caption": (
        "T = {T} tokens, ids [1, T={T}]. Each chip is one token with its id underneath; hover for its position, "
        "id and UTF-8 bytes. ␣ is a space, ⏎ a newline, ⇥ a tab. Red dashed chips are characters outside the "
        "vocabulary that were skipped (the model never sees them); orange chips were replaced by {replacement}; "
        "a grey chip stands for tokens cut from the front to fit the context of {block} tokens."
    ),
    "ids_label": "The ids the model receives",
    "vocab_header": "The vocabulary: stoi and itos",
    "vocab_char": (
        "itos (id → string) is the list below, all {V} entries; stoi (string → id) is the same table read the "
        "other way. A character vocabulary is just the sorted set of characters of the training text, so the "
        "ids are alphabetical (whitespace and punctuation first, then capitals, then lower case)."
    ),
    "vocab_bpe": (
        "Ids 0-255 are the 256 single bytes, so any text can be encoded. Every later id is a merge of two "
        "earlier tokens, learned in order from the most frequent neighbouring pair in the training text. "
        "The table lists the first merges."
    ),
    "merges_n": "Merges shown",
    "compare_header": "Character vs BPE tokenization of the same text",
    "compare_intro": (
        "Same text, two tokenizers. A character tokenizer needs one id per character with a tiny vocabulary; "
        "byte-level BPE merges frequent pieces into single tokens, so the text gets shorter while the "
        "vocabulary (and the embedding table [V, C]) gets bigger."
    ),
    "trained_on_corpus": "{name}: trained here on Tiny Shakespeare ({chars:,} bytes).",
    "trained_on_text": (
        "{name}: Tiny Shakespeare was not found on disk, so this one was built from your own text; it fits your "
        "text unusually well."
    ),
    "this_model": "this model's tokenizer ({kind}, V={V})",
    "other_bpe": "byte-level BPE (V={V})",
    "other_char": "character tokenizer (V={V})",
    "count_metric": "tokens for your text",
    "compare_caption": "Chips for the first {n} characters; the counts are for the whole text ({chars:,} characters).",
    "count_table_caption": "Token counts for the same {chars:,}-character text.",
    "lookup_header": "One token: id → one-hot → embedding row",
    "lookup_intro": (
        "nn.Embedding is a lookup table. Writing the id as a one-hot vector (length V={V}, a single 1 at the id) "
        "and multiplying by W_E = wte [V, C] gives exactly row id of W_E, because every other row is multiplied "
        "by 0. The model skips the multiplication and indexes the row directly; W_E is trained like any other "
        "weight matrix."
    ),
    "position_select": "Token position in your text",
    "token_facts": "Token {pos}: **{label}** · id **{id}** · bytes `{bytes}`",
    "one_hot_caption": "one-hot vector [V={V}] of id {id}: 1 at index {id}, 0 elsewhere.",
    "table_caption": "W_E = transformer.wte.weight [V={V}, C={C}]; the outlined row {id} is what the lookup returns.",
    "table_skipped": "W_E [V={V}, C={C}] is too large to draw ({V:,} rows); the row below is its row {id}.",
    "row_caption": "embedding row wte[{id}] [C={C}]: the vector this token starts as (before the position term).",
    "check": (
        "Check with this model's numbers: max |one_hot @ W_E − W_E[{id}]| = {diff:.1e}; and W_E[{id}] against the "
        "token embedding the forward pass computed at position {pos}: max difference {diff_model:.1e}."
    ),
}

ctx = page_context()
cfg, tokenizer, prepared = ctx.config, ctx.tokenizer, ctx.prepared
a = ctx.analysis()
T, V, C = len(prepared.ids), cfg.vocab_size, cfg.n_embd
unknown_mode = state.get("unknown_mode")

st.title(TEXT["title"])
st.write(TEXT["intro"].format(V=V, C=C, kind=tokenizer.kind))

# --- the text as chips ---------------------------------------------------------------------------
st.subheader(TEXT["chips_header"])
st.html(chips_html(token_chips(prepared, tokenizer, unknown_mode)))
st.caption(TEXT["chips_caption"].format(T=T, block=cfg.block_size,
                                        replacement=md_escape(repr(tokenizer.replacement_char))))
with st.expander(TEXT["ids_label"]):
    st.code(str(list(prepared.ids)), language=None, wrap_lines=True)

# --- stoi / itos ---------------------------------------------------------------------------------
st.subheader(TEXT["vocab_header"])
if tokenizer.kind == "char":
    st.write(TEXT["vocab_char"].format(V=V))
    st.dataframe(vocab_table(tokenizer, prepared.ids), hide_index=True, height=280)
else:
    st.write(TEXT["vocab_bpe"])
    n_merges = st.number_input(TEXT["merges_n"], 10, max(10, V - 256), min(50, max(10, V - 256)), step=10,
                               key="tokenization_merges")
    st.dataframe(vocab_table(tokenizer, prepared.ids, limit=int(n_merges)), hide_index=True, height=280)


# --- char vs BPE ---------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Training a small BPE tokenizer on Tiny Shakespeare…", max_entries=4)
def corpus_counterpart(model_kind: str, path: str, mtime: float):
    return counterpart_tokenizer(model_kind, Path(path).read_text(encoding="utf-8"))


@st.cache_resource(show_spinner="Building a tokenizer from your text…", max_entries=16)
def text_counterpart(model_kind: str, text: str):
    return counterpart_tokenizer(model_kind, text)


st.subheader(TEXT["compare_header"])
st.write(TEXT["compare_intro"])
corpus_path = find_shakespeare()
if corpus_path is not None:
    other = corpus_counterpart(tokenizer.kind, str(corpus_path), corpus_path.stat().st_mtime)
else:
    other = text_counterpart(tokenizer.kind, prepared.text)
other_name = (TEXT["other_bpe"] if other.kind == "bpe" else TEXT["other_char"]).format(V=other.vocab_size)
own_name = TEXT["this_model"].format(kind=tokenizer.kind, V=V)
text = prepared.text
counts = [count_tokens(own_name, tokenizer, text), count_tokens(other_name, other, text)]
excerpt = text[:MAX_COMPARE_CHARS]
columns = st.columns(2)
for column, count, tok in zip(columns, counts, (tokenizer, other)):
    with column:
        st.markdown(f"**{md_escape(count.name)}**")
        st.metric(TEXT["count_metric"], f"{count.n_tokens:,}", help=f"{count.chars_per_token:.2f} characters per token")
        shown = prepare_input(tok, excerpt, len(excerpt) + 1, unknown_mode)
        if shown.pieces:
            st.html(chips_html(token_chips(shown, tok, unknown_mode)))
st.caption(TEXT["compare_caption"].format(n=min(len(text), MAX_COMPARE_CHARS), chars=len(text)))
if corpus_path is not None:
    st.caption(TEXT["trained_on_corpus"].format(name=md_escape(other_name), chars=corpus_path.stat().st_size))
else:
    st.caption(TEXT["trained_on_text"].format(name=md_escape(other_name)))
count_table = pd.DataFrame([dict(tokenizer=c.name, kind=c.kind, vocab_size=c.vocab_size, tokens=c.n_tokens,
                                 characters=c.n_chars, chars_per_token=round(c.chars_per_token, 3),
                                 skipped_characters=c.unknown) for c in counts])
st.dataframe(count_table, hide_index=True)
st.caption(TEXT["count_table_caption"].format(chars=len(text)))

# --- one token: the lookup -----------------------------------------------------------------------
st.subheader(TEXT["lookup_header"])
st.write(TEXT["lookup_intro"].format(V=V))
labels = ctx.labels
if st.session_state.get("tokenization_position") not in range(T):
    st.session_state.pop("tokenization_position", None)  # the text changed under the old choice
position = st.selectbox(TEXT["position_select"], list(range(T)), index=T - 1, key="tokenization_position",
                        format_func=lambda i: f"{i}: '{labels[i]}' (id {prepared.ids[i]})")
token_id = int(prepared.ids[position])
W_E = token_embedding_table(ctx.ckpt.model)  # [V, C]
lookup = one_hot_lookup(W_E, token_id)
st.markdown(TEXT["token_facts"].format(pos=position, label=md_escape(token_label(tokenizer.token_str(token_id))),
                                       id=token_id, bytes=tokenizer.token_bytes(token_id).hex(" ") or "—"))
vocab_labels = [token_label(tokenizer.token_str(i)) for i in range(V)]
chart(vector_strip(lookup["one_hot"], f"one-hot [V={V}] of id {token_id}", vocab_labels, highlight=token_id,
                   colorscale=figures.PROB_SCALE, zmid=None, hover_name="id"),
      key="tokenization-onehot", data=pd.DataFrame(dict(id=range(V), token=vocab_labels, one_hot=lookup["one_hot"])),
      file_stem=f"one_hot_id{token_id}")
st.caption(TEXT["one_hot_caption"].format(V=V, id=token_id))
if V <= MAX_HEATMAP_VOCAB:
    table_fig = figures.matrix_heatmap(W_E, y_labels=vocab_labels, title=f"W_E = wte [V={V}, C={C}]", zmid=0.0,
                                       x_title="dimension c", y_title="token id", max_labels=70)
    table_fig.update_xaxes(**figures.token_axis([str(c) for c in range(C)], max_labels=32))
    chart(highlight_row(table_fig, token_id, C), key="tokenization-wte", data={"wte": W_E, "row": token_id},
          file_stem="wte")
    st.caption(TEXT["table_caption"].format(V=V, C=C, id=token_id))
else:
    st.caption(TEXT["table_skipped"].format(V=V, C=C, id=token_id))
chart(vector_strip(lookup["via_index"], f"wte[{token_id}] [C={C}]", hover_name="dimension", max_labels=32),
      key="tokenization-row", data=pd.DataFrame(dict(dimension=range(C), one_hot_matmul=lookup["via_matmul"],
                                                    row_lookup=lookup["via_index"])),
      file_stem=f"wte_row{token_id}")
st.caption(TEXT["row_caption"].format(id=token_id, C=C))
model_row = a.acts["transformer.hook_tok_emb"][position]  # [C], what the forward pass looked up
diff_model = float(abs(model_row - lookup["via_index"]).max())
st.success(TEXT["check"].format(id=token_id, diff=lookup["max_abs_diff"], pos=position, diff_model=diff_model))
