"""Turning user-supplied bytes, files and pasted text into a checked `Corpus`.

Every failure is a `CorpusError` whose message can be shown to a learner as-is: it says what is
wrong with *their* input (size, encoding, offset of the bad byte) and what to do about it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GPTCoreError

DEFAULT_MAX_CORPUS_BYTES = 20 * 1024 * 1024

# Control characters that never appear in ordinary text (tab, newline, CR, form feed excluded).
_CONTROL_CODES = frozenset(set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x20)) | {0x7F})
_CONTROL_CHARS = frozenset(chr(c) for c in _CONTROL_CODES)
# Only a prefix is scanned for control characters: enough to tell text from binary, cheap on 20 MB.
_SNIFF_CHARS = 64 * 1024


class CorpusError(GPTCoreError):
    """A corpus could not be loaded; the message is meant for the end user."""


@dataclass
class Corpus:
    name: str  # e.g. "tinyshakespeare", "upload:foo.txt", "pasted", "task:reverse"
    text: str = field(repr=False)  # can be megabytes: keep it out of repr/logs
    source: str  # a path, "upload", "pasted", "download", "synthetic"

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"Corpus(name={self.name!r}, source={self.source!r}, chars={len(self.text):,})"


def _format_mb(n_bytes: int) -> str:
    return f"{n_bytes / 2**20:.2f} MB"


def _too_large(label: str, n_bytes: int, max_bytes: int) -> CorpusError:
    return CorpusError(code="corpus.too_large", label=label, size=_format_mb(n_bytes), n_bytes=n_bytes,
                       limit=_format_mb(max_bytes))


def _control_fraction(units) -> float:
    """Fraction of control characters in a str or bytes prefix."""
    sample = units[:_SNIFF_CHARS]
    if not sample:
        return 0.0
    controls = _CONTROL_CHARS if isinstance(sample, str) else _CONTROL_CODES
    return sum(1 for u in sample if u in controls) / len(sample)


def _normalise(text: str) -> str:
    # Windows line endings would otherwise add a '\r' token to the vocabulary and split every line.
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")


def _check_text(text: str, label: str) -> None:
    if not text.strip():
        raise CorpusError(code="corpus.blank" if text else "corpus.empty", label=label)
    # Mostly-control-character text is binary data that happens to decode as UTF-8.
    if _control_fraction(text) > 0.3:
        raise CorpusError(code="corpus.binary", label=label)


def corpus_from_bytes(
    data: bytes, name: str, max_bytes: int = DEFAULT_MAX_CORPUS_BYTES, source: str = "upload"
) -> Corpus:
    """Decode and check raw bytes (an upload, a file's contents) into a Corpus."""
    label = f"'{name}'"
    if len(data) == 0:
        raise CorpusError(code="corpus.empty_bytes", label=label)
    if len(data) > max_bytes:
        raise _too_large(label, len(data), max_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 text is full of NUL bytes; say what it is rather than calling it binary.
        raise CorpusError(code="corpus.utf16", label=label)
    if b"\x00" in data:
        raise CorpusError(code="corpus.nul_bytes", label=label)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        # Random bytes are ~11% control codes; text in a legacy encoding (Latin-1, cp1252) has almost none.
        if _control_fraction(data) > 0.05:
            raise CorpusError(code="corpus.binary", label=label) from None
        line = data.count(b"\n", 0, err.start) + 1
        raise CorpusError(code="corpus.not_utf8", label=label, byte=data[err.start], offset=err.start,
                          line=line) from None
    text = _normalise(text)
    _check_text(text, label)
    return Corpus(name=name, text=text, source=source)


def corpus_from_file(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_CORPUS_BYTES) -> Corpus:
    """Load a text file; the size is checked before reading so a huge file is never pulled into memory."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CorpusError(code="corpus.not_found", path=path) from None
    except OSError as err:
        raise CorpusError(code="corpus.unreadable", path=path, reason=err.strerror or err) from None
    if path.is_dir():
        raise CorpusError(code="corpus.is_directory", path=path)
    if size > max_bytes:
        raise _too_large(str(path), size, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(code="corpus.unreadable", path=path, reason=err.strerror or err) from None
    return corpus_from_bytes(data, name=path.name, max_bytes=max_bytes, source=str(path))


def corpus_from_text(text: str, name: str = "pasted", max_bytes: int = DEFAULT_MAX_CORPUS_BYTES) -> Corpus:
    """Check pasted text: the same emptiness and size rules as files."""
    label = f"'{name}'"
    n_bytes = len(text.encode("utf-8", errors="surrogatepass"))
    if n_bytes > max_bytes:
        raise _too_large(label, n_bytes, max_bytes)
    text = _normalise(text)
    _check_text(text, label)
    return Corpus(name=name, text=text, source="pasted")
