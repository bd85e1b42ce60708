"""English strings of the Tokenization page (pages/tokenization.py)."""
STRINGS = {
    "tokenization.title": "Tokenization: text → ids → vectors",
    "tokenization.what": (
        "**What am I looking at?** Your text as the model receives it: the token ids [1, T={T}], integers taken "
        "from a vocabulary of V={V} entries ({kind} tokenizer), and the token embedding matrix wte [V={V}, C={C}] "
        "whose rows those ids select. Below are the split itself, the vocabulary (stoi/itos), how another kind "
        "of tokenizer would split the same text, and the lookup id → one-hot [V={V}] → embedding row [C={C}] "
        "for one token."
    ),
    "tokenization.concept_link": "Next: where those rows go, and the position term added to them (Embeddings)",
    "tokenization.chips_header": "Your text as tokens",
    "tokenization.chips_caption": (
        "T = {T} tokens, ids [1, T={T}]. Each chip is one token with its id underneath; hover for its position, "
        "id and UTF-8 bytes. ␣ is a space, ⏎ a newline, ⇥ a tab. Red dashed chips are characters outside the "
        "vocabulary that were skipped (the model never sees them); orange chips were replaced by {replacement}; "
        "a grey chip stands for tokens cut from the front to fit the context of {block} tokens."
    ),
    "tokenization.ids_label": "The ids the model receives",
    "tokenization.vocab_header": "The vocabulary: stoi and itos",
    "tokenization.vocab_char": (
        "itos (id → string) is the list below, all {V} entries; stoi (string → id) is the same table read the "
        "other way. A character vocabulary is just the sorted set of characters of the training text, so the "
        "ids are alphabetical (whitespace and punctuation first, then capitals, then lower case)."
    ),
    "tokenization.vocab_bpe": (
        "Ids 0-255 are the 256 single bytes, so any text can be encoded. Every later id is a merge of two "
        "earlier tokens, learned in order from the most frequent neighbouring pair in the training text. "
        "The table lists the first merges."
    ),
    "tokenization.merges_n": "Merges shown",
    "tokenization.col.id": "id",
    "tokenization.col.token": "token",
    "tokenization.col.code_point": "code point",
    "tokenization.col.count_in_text": "count in text",
    "tokenization.col.bytes": "bytes",
    "tokenization.col.merge_of": "merge of",
    "tokenization.compare_header": "Character vs BPE tokenization of the same text",
    "tokenization.compare_intro": (
        "Same text, two tokenizers. A character tokenizer needs one id per character with a tiny vocabulary; "
        "byte-level BPE merges frequent pieces into single tokens, so the text gets shorter while the "
        "vocabulary (and the embedding table [V, C]) gets bigger."
    ),
    "tokenization.spinner_corpus": "Training a small BPE tokenizer on Tiny Shakespeare…",
    "tokenization.spinner_text": "Building a tokenizer from your text…",
    "tokenization.trained_on_corpus": "{name}: trained here on Tiny Shakespeare ({chars:,} bytes).",
    "tokenization.trained_on_text": (
        "{name}: Tiny Shakespeare was not found on disk, so this one was built from your own text; it fits your "
        "text unusually well."
    ),
    "tokenization.this_model": "this model's tokenizer ({kind}, V={V})",
    "tokenization.other_bpe": "byte-level BPE (V={V})",
    "tokenization.other_char": "character tokenizer (V={V})",
    "tokenization.count_metric": "tokens for your text",
    "tokenization.count_help": "{ratio:.2f} characters per token",
    "tokenization.compare_caption": (
        "Chips for the first {n} characters; the counts are for the whole text ({chars:,} characters)."
    ),
    "tokenization.col.tokenizer": "tokenizer",
    "tokenization.col.kind": "kind",
    "tokenization.col.vocab_size": "vocab size",
    "tokenization.col.tokens": "tokens",
    "tokenization.col.characters": "characters",
    "tokenization.col.chars_per_token": "characters per token",
    "tokenization.col.skipped_characters": "skipped characters",
    "tokenization.count_table_caption": "Token counts for the same {chars:,}-character text.",
    "tokenization.lookup_header": "One token: id → one-hot → embedding row",
    "tokenization.lookup_intro": (
        "nn.Embedding is a lookup table. Writing the id as a one-hot vector (length V={V}, a single 1 at the id) "
        "and multiplying by W_E = wte [V, C] gives exactly row id of W_E, because every other row is multiplied "
        "by 0. The model skips the multiplication and indexes the row directly; W_E is trained like any other "
        "weight matrix."
    ),
    "tokenization.position_select": "Token position in your text",
    "tokenization.position_option": "{i}: '{label}' (id {id})",
    "tokenization.token_facts": "Token {pos}: **{label}** · id **{id}** · bytes `{bytes}`",
    "tokenization.one_hot_title": "one-hot [V={V}] of id {id}",
    "tokenization.one_hot_caption": "one-hot vector [V={V}] of id {id}: 1 at index {id}, 0 elsewhere.",
    "tokenization.axis_dimension": "dimension c",
    "tokenization.axis_token_id": "token id",
    "tokenization.hover_dimension": "dimension",
    "tokenization.table_caption": (
        "W_E = transformer.wte.weight [V={V}, C={C}]; the outlined row {id} is what the lookup returns."
    ),
    "tokenization.table_window_title": "W_E = wte rows {start}…{last} of [V={V}, C={C}]",
    "tokenization.table_window_caption": (
        "W_E = transformer.wte.weight has {V:,} rows: drawn are the {n} around row {id}, which is outlined and is "
        "what the lookup returns (the hover names each row's id)."
    ),
    "tokenization.row_caption": (
        "embedding row wte[{id}] [C={C}]: the vector this token starts as (before the position term)."
    ),
    "tokenization.check": (
        "Check with this model's numbers: max |one_hot @ W_E − W_E[{id}]| = {diff:.1e}; and W_E[{id}] against the "
        "token embedding the forward pass computed at position {pos}: max difference {diff_model:.1e}."
    ),
}
