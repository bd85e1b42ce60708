"""The Tokenization page's data: token chips, the vocabulary table, BPE merges, counts of two tokenizers,
the embedding table the lookup reads."""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gpt_core.tokenizers import BPETokenizer, CharTokenizer, Tokenizer, token_label

from .text_prep import PreparedInput


@dataclass(frozen=True)
class Chip:
    label: str  # visible text ("␣", "⏎", "e")
    id: int | None  # None for a skipped character or the dropped-prefix marker
    kind: str  # token | replaced | skipped | dropped
    title: str  # hover text
    line_break: bool = False  # the chip ends a line of the original text


def _bytes_hex(b: bytes) -> str:
    return " ".join(f"{x:02x}" for x in b) or "—"


def token_chips(prepared: PreparedInput, tokenizer: Tokenizer, unknown_mode: str = "skip") -> list[Chip]:
    """One chip per token the model sees, plus a chip for every skipped character between them.

    A replaced character keeps its chip (its id is the replacement's); tokens cut from the front to
    fit the context become one "dropped" marker.
    """
    unknown = set(prepared.unknown_positions)
    chips: list[Chip] = []
    if prepared.dropped_tokens:
        chips.append(Chip(f"… {prepared.dropped_tokens} tokens", None, "dropped",
                          f"{prepared.dropped_tokens} tokens before this point do not fit the context "
                          "and are not shown to the model"))

    def skipped(start: int, end: int) -> None:
        for pos in range(start, end):
            if pos in unknown:
                c = prepared.text[pos]
                chips.append(Chip(token_label(c), None, "skipped",
                                  f"{c!r} (U+{ord(c):04X}) at character {pos} is not in the vocabulary: "
                                  "skipped, the model never sees it", c == "\n"))

    previous_end = prepared.pieces[0].start if prepared.pieces else 0
    for n, piece in enumerate(prepared.pieces):
        skipped(previous_end, piece.start)
        raw = tokenizer.token_bytes(piece.id)
        info = f"position {n} · id {piece.id} · bytes {_bytes_hex(raw)}"
        if unknown_mode == "replace" and piece.start in unknown and piece.end - piece.start == 1:
            replacement = tokenizer.replacement_char
            chips.append(Chip(token_label(piece.text), piece.id, "replaced",
                              f"{piece.text!r} is not in the vocabulary: the model sees {replacement!r} "
                              f"instead · {info}"))
        else:
            label = token_label(piece.text) if piece.text else token_label(tokenizer.token_str(piece.id))
            chips.append(Chip(label, piece.id, "token", info, piece.text.endswith("\n")))
        previous_end = max(previous_end, piece.end)
    skipped(previous_end, len(prepared.text))
    return chips


def bpe_merges(tokenizer: Tokenizer) -> list[tuple[int, int, int]]:
    """(left id, right id, merged id) per learned merge, in the order training learned them."""
    spec = json.loads(tokenizer.to_dict()["hf_tokenizer_json"])
    vocab = spec["model"]["vocab"]
    out = []
    for merge in spec["model"].get("merges", []):
        left, right = merge.split(" ", 1) if isinstance(merge, str) else merge
        out.append((vocab[left], vocab[right], vocab[left + right]))
    return out


def vocab_table(tokenizer: Tokenizer, ids, limit: int | None = None) -> pd.DataFrame:
    """stoi/itos as a table: every entry of a char vocabulary; for BPE the bytes then the first merges.

    `count in text` is how often each id occurs in ids (the input the model sees).
    """
    counts = np.bincount(np.asarray(ids, dtype=np.int64), minlength=tokenizer.vocab_size) if len(ids) else \
        np.zeros(tokenizer.vocab_size, dtype=np.int64)
    if tokenizer.kind == "char":
        rows = [dict(id=i, token=token_label(c), code_point=f"U+{ord(c):04X}", count_in_text=int(counts[i]))
                for i, c in enumerate(tokenizer.itos)]
        return pd.DataFrame(rows)
    merged_from = {m: (a, b) for a, b, m in bpe_merges(tokenizer)}
    rows = []
    for i in range(tokenizer.vocab_size):
        pair = merged_from.get(i)
        rows.append(dict(id=i, token=token_label(tokenizer.token_str(i)), bytes=_bytes_hex(tokenizer.token_bytes(i)),
                         merge_of=(f"{token_label(tokenizer.token_str(pair[0]))} + "
                                   f"{token_label(tokenizer.token_str(pair[1]))}" if pair else "byte"),
                         count_in_text=int(counts[i])))
    table = pd.DataFrame(rows)
    merges = table[table.merge_of != "byte"]
    return merges.head(limit) if limit else merges


@dataclass(frozen=True)
class TokenizerCount:
    name: str
    kind: str
    vocab_size: int
    n_tokens: int
    n_chars: int
    unknown: int  # characters the tokenizer had to skip

    @property
    def chars_per_token(self) -> float:
        return self.n_chars / self.n_tokens if self.n_tokens else 0.0


def count_tokens(name: str, tokenizer: Tokenizer, text: str) -> TokenizerCount:
    encoding = tokenizer.encode_pieces(text, unknown="skip")
    return TokenizerCount(name, tokenizer.kind, tokenizer.vocab_size, len(encoding.ids), len(text),
                          len(encoding.unknown_positions))


def readonly(a: np.ndarray) -> np.ndarray:
    view = a.view()
    view.flags.writeable = False
    return view


def token_embedding_table(model) -> np.ndarray:
    """W_E = wte.weight [V, C] as a read-only view (the model is shared by every session)."""
    return readonly(model.transformer.wte.weight.detach().cpu().numpy())


COMPARISON_BPE_VOCAB = 512  # 256 byte tokens + 256 merges: small enough to train in about a second


def counterpart_tokenizer(model_kind: str, corpus: str, bpe_vocab: int = COMPARISON_BPE_VOCAB) -> Tokenizer:
    """The other kind of tokenizer, built from corpus: a byte-level BPE for a char model, a char vocab for BPE."""
    if model_kind == "char":
        return BPETokenizer.train(corpus, bpe_vocab)
    return CharTokenizer.from_text(corpus or " ")
