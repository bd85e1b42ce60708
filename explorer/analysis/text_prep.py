"""From the user's text to the ids the model sees, with a notice for everything changed on the way.

Pure Python (streamlit only through explorer.i18n, which reads the language lazily) so it is
unit-testable: empty text, characters outside the vocabulary and text longer than the context each
produce a visible notice, in the chosen language, never a crash or a silent drop.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from gpt_core.tokenizers import Tokenizer, TokenPiece, token_label  # noqa: F401 - token_label: pages import it from here

from explorer.i18n import t  # outside a Streamlit run (unit tests, scripts) this is English


@dataclass(frozen=True)
class Notice:
    level: str  # "info" | "warning"
    message: str


@dataclass
class PreparedInput:
    text: str
    ids: list[int]  # what the model sees: at most block_size tokens
    pieces: list[TokenPiece]  # one per id, spans into `text`
    notices: list[Notice] = field(default_factory=list)
    dropped_tokens: int = 0  # tokens cut from the front to fit the context
    unknown_positions: list[int] = field(default_factory=list)
    unknown_chars: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.ids

    @cached_property
    def labels(self) -> list[str]:
        """Display label per token, whitespace made visible ('⏎', '␣'). Computed once: pages read it inside loops
        (the Next token position slider asked 128 times per rerun, 17k labels)."""
        return [token_label(p.text) for p in self.pieces]


def prepare_input(tokenizer: Tokenizer, text: str, block_size: int, unknown: str = "skip") -> PreparedInput:
    """Encode text for a model with context block_size; unknown is "skip" or "replace".

    >>> from gpt_core.tokenizers import CharTokenizer
    >>> prepare_input(CharTokenizer("ab"), "abz", 8).notices[0].message
    "1 character not in this model's vocabulary was skipped: 'z' (at position 2)"
    """
    if unknown not in ("skip", "replace"):
        raise ValueError(f"unknown must be 'skip' or 'replace', got {unknown!r}")
    if not text or not text.strip() and not any(c in _vocab_chars(tokenizer) for c in text):
        return PreparedInput(text, [], [], [Notice("info", t("text_prep.empty"))])
    encoding = tokenizer.encode_pieces(text, unknown=unknown)
    notices = []
    if encoding.unknown_chars:
        n = len(encoding.unknown_positions)
        shown = ", ".join(repr(c) for c in encoding.unknown_chars[:12])
        more = " …" if len(encoding.unknown_chars) > 12 else ""
        where = ", ".join(str(p) for p in encoding.unknown_positions[:8]) + (" …" if n > 8 else "")
        verb = t("text_prep.verb_skip") if unknown == "skip" else t("text_prep.verb_replace",
                                                                       char=repr(tokenizer.replacement_char))
        notices.append(Notice("warning", t("text_prep.unknown_one" if n == 1 else "text_prep.unknown_many",
                                           n=n, verb=verb, shown=shown, more=more, where=where)))
    ids, pieces = list(encoding.ids), list(encoding.pieces)
    dropped = 0
    if len(ids) > block_size:
        dropped = len(ids) - block_size
        ids, pieces = ids[dropped:], pieces[dropped:]
        notices.append(Notice("warning", t("text_prep.too_long", n=len(encoding.ids), block=block_size,
                                           dropped=dropped)))
    if not ids:
        notices.append(Notice("warning", t("text_prep.nothing_left")))
    return PreparedInput(text, ids, pieces, notices, dropped, list(encoding.unknown_positions), list(encoding.unknown_chars))


def _vocab_chars(tokenizer: Tokenizer) -> set[str]:
    return set(getattr(tokenizer, "stoi", {}) or {" ", "\n", "\t"})
