"""Pure analyses behind the Overview, Tokenization and Embeddings pages.

No streamlit here: everything takes a model, a tokenizer, a prepared input or the cached activation
arrays (numpy, no batch dimension) and returns plain values, numpy arrays or DataFrames, so each
number a page shows is unit-testable.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gpt_core.tokenizers import TOKEN_KINDS, BPETokenizer, CharTokenizer, Tokenizer, token_kind  # noqa: F401

from .text_prep import PreparedInput, token_label

# ------------------------------------------------------------------------------------------------
# Overview: the data flow with live shapes
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One box of the data-flow diagram: what it is, the tensor's live shape, and where to explore it."""

    name: str
    shape: tuple[int, ...]
    in_block: bool = False  # repeated n_layer times
    page: str | None = None  # pages/<file>.py that explores this stage

    @property
    def shape_str(self) -> str:
        return "[" + ", ".join(str(d) for d in self.shape) + "]"


def flow_stages(acts: dict, n_layer: int) -> list[Stage]:
    """The stages text -> next token, each with the shape read from this run's activations (batch B=1 restored).

    Block stages show block 0's shapes; every block has the same ones.
    """
    def b(name: str) -> tuple[int, ...]:
        return (1, *acts[name].shape)

    h0 = "transformer.h.0."
    T = acts["hook_logits"].shape[0]
    stages = [
        Stage("token ids", (1, T), page="pages/tokenization.py"),
        Stage("tok_emb + pos_emb", b(h0 + "hook_resid_pre"), page="pages/embeddings.py"),
    ]
    if n_layer:
        stages += [
            Stage("LayerNorm ln_1", b(h0 + "ln_1.hook_normalized"), True),
            Stage("masked multi-head attention", b(h0 + "attn.hook_pattern"), True, "pages/attention.py"),
            Stage("+ residual", b(h0 + "hook_resid_mid"), True, "pages/embeddings.py"),
            Stage("LayerNorm ln_2", b(h0 + "ln_2.hook_normalized"), True),
            Stage("MLP (4C hidden)", b(h0 + "mlp.hook_pre"), True),
            Stage("+ residual", b(h0 + "hook_resid_post"), True, "pages/embeddings.py"),
        ]
    stages += [
        Stage("final LayerNorm ln_f", b("transformer.ln_f.hook_normalized")),
        Stage("lm_head → logits", b("hook_logits"), page="pages/next_token.py"),
        Stage("softmax → next-token probabilities", (acts["hook_logits"].shape[-1],), page="pages/next_token.py"),
    ]
    return stages


# ------------------------------------------------------------------------------------------------
# Overview: parameters per component
# ------------------------------------------------------------------------------------------------


def top_guesses(probs_row, tokenizer: Tokenizer, k: int = 5) -> list[tuple[int, str, float]]:
    """(id, visible label, probability) of the k most likely next tokens, most likely first."""
    p = np.asarray(probs_row, dtype=float)
    order = np.argsort(-p, kind="stable")[: min(k, p.size)]
    return [(int(i), token_label(tokenizer.token_str(int(i))), float(p[i])) for i in order]


# ------------------------------------------------------------------------------------------------
# Tokenization: chips, tables, comparisons, the lookup
# ------------------------------------------------------------------------------------------------


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


_CHIP_COLOURS = ("#e3f2fd", "#fff3e0", "#e8f5e9", "#f3e5f5")
_CHIP_BASE = ("display:inline-block;margin:2px 1px;padding:1px 5px;border-radius:4px;text-align:center;"
              "font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:14px;line-height:1.15;"
              "vertical-align:top;")
_ID_STYLE = "display:block;font-size:10px;color:#555;"


def chips_html(chips: list[Chip]) -> str:
    """The chips as HTML spans; every piece of token text and hover text is escaped."""
    parts = []
    for n, chip in enumerate(chips):
        if chip.kind == "skipped":
            style = _CHIP_BASE + "background:#fdecea;border:1px dashed #d62728;text-decoration:line-through;"
            sub = "skip"
        elif chip.kind == "replaced":
            style = _CHIP_BASE + "background:#fff8e1;border:2px solid #ff9800;"
            sub = str(chip.id)
        elif chip.kind == "dropped":
            style = _CHIP_BASE + "background:#eeeeee;border:1px dashed #999;color:#666;"
            sub = "cut"
        else:
            style = _CHIP_BASE + f"background:{_CHIP_COLOURS[n % len(_CHIP_COLOURS)]};border:1px solid #bbb;"
            sub = str(chip.id)
        parts.append(f'<span class="tok tok-{chip.kind}" style="{style}" title="{html.escape(chip.title, quote=True)}">'
                     f"{html.escape(chip.label)}<span style=\"{_ID_STYLE}\">{html.escape(sub)}</span></span>")
        if chip.line_break:
            parts.append("<br>")
    return '<div style="line-height:1.9">' + "".join(parts) + "</div>"


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


# ------------------------------------------------------------------------------------------------
# Embeddings
# ------------------------------------------------------------------------------------------------

def vocab_kinds(tokenizer: Tokenizer) -> list[str]:
    """gpt_core.tokenizers.token_kind of every vocabulary entry (the one classifier every page uses)."""
    return [token_kind(tokenizer.token_str(i)) for i in range(tokenizer.vocab_size)]


def default_trajectory_positions(T: int, n: int = 16) -> list[int]:
    """Up to n evenly spaced positions, always including the first and the last."""
    if T <= n:
        return list(range(T))
    return sorted({int(round(x)) for x in np.linspace(0, T - 1, n)})


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:])")


def md_escape(s: str) -> str:
    """Backslash-escape markdown (and Streamlit's $ math) so token text prints literally."""
    return _MD_SPECIAL.sub(r"\\\1", s)


def guesses_html(guesses: list[tuple[int, str, float]]) -> str:
    """The top guesses as escaped chips with the probability under each token."""
    parts = []
    for n, (token_id, label, p) in enumerate(guesses):
        style = _CHIP_BASE + f"background:{_CHIP_COLOURS[n % len(_CHIP_COLOURS)]};border:1px solid #bbb;"
        parts.append(f'<span class="guess" style="{style}" title="id {token_id} · p = {p:.4f}">{html.escape(label)}'
                     f'<span style="{_ID_STYLE}">{p:.1%}</span></span>')
    return "".join(parts)


COMPARISON_BPE_VOCAB = 512  # 256 byte tokens + 256 merges: small enough to train in about a second


def counterpart_tokenizer(model_kind: str, corpus: str, bpe_vocab: int = COMPARISON_BPE_VOCAB) -> Tokenizer:
    """The other kind of tokenizer, built from corpus: a byte-level BPE for a char model, a char vocab for BPE."""
    if model_kind == "char":
        return BPETokenizer.train(corpus, bpe_vocab)
    return CharTokenizer.from_text(corpus or " ")
