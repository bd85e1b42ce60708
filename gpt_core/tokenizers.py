"""Tokenizers: text <-> token ids, plus an encode that shows its work for the tokenizer view.

Two tokenizers share one base (the minbpe shape: the base owns unknown-character handling,
id validation and a versioned save/load; each subclass adds one idea):

- ``CharTokenizer``: one token per character, ``stoi``/``itos`` built from the sorted set of
  characters of a corpus (Tiny Shakespeare gives the classic 65-character vocabulary).
- ``BPETokenizer``: byte-level BPE trained offline with Hugging Face ``tokenizers``. Text is
  turned into UTF-8 bytes first, so every string is encodable (no unknown characters, except
  lone surrogates, which have no UTF-8 form).

Both serialise to a small JSON dict (``to_dict``/``tokenizer_from_dict``) so a tokenizer can
travel inside checkpoint metadata instead of a side file like nanoGPT's ``meta.pkl``.

Tokenizer objects are never mutated after construction, so one instance can be shared by every
Streamlit session and thread (``st.cache_resource``).

>>> tok = CharTokenizer.from_text("hello")
>>> tok.itos, tok.encode("hole")
(['e', 'h', 'l', 'o'], [1, 3, 2, 0])
>>> tok.decode([1, 0, 2, 2, 3])
'hello'
"""
from __future__ import annotations

import codecs
import json
import operator
import re
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Sequence

from .errors import GPTCoreError, Message

__all__ = [
    "BPETokenizer",
    "CharTokenizer",
    "Encoding",
    "TokenPiece",
    "Tokenizer",
    "TOKEN_KINDS",
    "UnknownCharactersError",
    "describe_char",
    "token_kind",
    "tokenizer_from_dict",
]

FORMAT_VERSION = 1
UNKNOWN_MODES = ("error", "skip", "replace")


class UnknownCharactersError(GPTCoreError):
    """Raised by ``encode(..., unknown="error")`` when the text has characters the vocab lacks.

    >>> err = UnknownCharactersError(["€"], [3, 9])
    >>> err.chars, err.positions
    (['€'], [3, 9])
    """

    def __init__(self, chars: Sequence[str], positions: Sequence[int]):
        self.chars = list(chars)
        self.positions = list(positions)
        shown = ", ".join(repr(c) for c in self.chars[:20])
        if len(self.chars) > 20:
            shown = Message("tokenizer.shown_more", shown=shown, n=len(self.chars) - 20)
        where = ", ".join(str(p) for p in self.positions[:10])
        if len(self.positions) > 10:
            where += ", ..."
        n_chars, n_pos = len(self.chars), len(self.positions)
        super().__init__(
            code="tokenizer.unknown_chars", shown=shown, where=where,
            chars=Message("tokenizer.n_chars.one" if n_chars == 1 else "tokenizer.n_chars.many", n=n_chars),
            positions=Message("tokenizer.n_positions.one" if n_pos == 1 else "tokenizer.n_positions.many", n=n_pos),
        )

    def __reduce__(self):  # keeps the error picklable despite the custom __init__
        return (type(self), (self.chars, self.positions))


@dataclass(frozen=True)
class TokenPiece:
    """One token of an encoding and the span of the input text it covers.

    ``text == input[start:end]``. For a BPE token that holds only the tail bytes of a character
    the span is empty (see ``BPETokenizer.encode_pieces``).
    """

    id: int
    text: str
    start: int  # char offset in the original input, inclusive
    end: int  # exclusive


@dataclass
class Encoding:
    """What ``encode_pieces`` returns: the ids plus the evidence the tokenizer view draws."""

    ids: list[int]
    pieces: list[TokenPiece]
    unknown_positions: list[int] = field(default_factory=list)  # offsets skipped or replaced
    unknown_chars: list[str] = field(default_factory=list)  # distinct, in order of appearance


class Tokenizer(ABC):
    """Base class: unknown-character policy, id checks and versioned save/load.

    Subclasses implement the four ``_`` hooks below on text that is already free of unknown
    characters; the base maps their spans back to the caller's original text.
    """

    kind: ClassVar[str]

    # --- subclass hooks -------------------------------------------------------------------
    @property
    @abstractmethod
    def vocab_size(self) -> int: ...

    @property
    @abstractmethod
    def replacement_char(self) -> str:
        """The single character that stands in for an unknown one under unknown="replace"."""

    @abstractmethod
    def _unknown_positions(self, text: str) -> list[int]:
        """Offsets of characters this tokenizer cannot encode (fast when there are none)."""

    @abstractmethod
    def _encode_ids(self, text: str) -> list[int]: ...

    @abstractmethod
    def _encode_spans(self, text: str) -> list[tuple[int, int, int]]:
        """(id, start, end) per token, offsets into ``text``, contiguous and covering it."""

    @abstractmethod
    def token_bytes(self, id: int) -> bytes: ...

    @abstractmethod
    def token_str(self, id: int) -> str: ...

    @abstractmethod
    def decode(self, ids) -> str: ...

    @abstractmethod
    def _payload(self) -> dict[str, Any]:
        """The kind-specific fields of ``to_dict``."""

    @classmethod
    @abstractmethod
    def _from_payload(cls, d: dict[str, Any]) -> Tokenizer: ...

    # --- shared behaviour -----------------------------------------------------------------
    def encode(self, text: str, unknown: str = "error") -> list[int]:
        """Token ids for ``text``.

        ``unknown`` says what to do with characters the tokenizer cannot encode: "error" raises
        ``UnknownCharactersError`` naming them, "skip" drops them, "replace" encodes
        ``replacement_char`` in their place.

        >>> CharTokenizer.from_text("ab?").encode("a€b", unknown="replace")
        [1, 0, 2]
        """
        clean, _, _ = self._prepare(text, unknown)
        return self._encode_ids(clean)

    def encode_pieces(self, text: str, unknown: str = "error") -> Encoding:
        """Encode and show the work: each token with the span of ``text`` it came from.

        Pieces are in order and ``piece.text == text[piece.start:piece.end]``. Without unknown
        characters the spans are contiguous and cover ``text``; skipped characters fall between
        pieces; a replaced character keeps its own span and original text, with the id of
        ``replacement_char``.

        >>> enc = CharTokenizer.from_text("ab ").encode_pieces("a€b", unknown="skip")
        >>> [(p.text, p.start, p.end) for p in enc.pieces], enc.unknown_positions
        ([('a', 0, 1), ('b', 2, 3)], [1])
        """
        clean, positions, kept = self._prepare(text, unknown)
        pieces = []
        for id_, start, end in self._encode_spans(clean):
            if kept is not None:  # "skip" shortened the text: map clean offsets back
                start, end = _original_span(kept, len(text), start, end)
            pieces.append(TokenPiece(id_, text[start:end], start, end))
        return Encoding(
            ids=[p.id for p in pieces],
            pieces=pieces,
            unknown_positions=positions,
            unknown_chars=_distinct(text[i] for i in positions),
        )

    def _prepare(self, text: str, unknown: str) -> tuple[str, list[int], list[int] | None]:
        """Apply the unknown-character policy: (clean text, unknown offsets, kept offsets).

        ``kept`` lists the original offset of each clean char after "skip"; None means clean
        offsets equal original ones ("replace" swaps one char for one char).
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if unknown not in UNKNOWN_MODES:
            raise ValueError(f"unknown must be one of {UNKNOWN_MODES}, not {unknown!r}")
        positions = self._unknown_positions(text)
        if not positions:
            return text, [], None
        if unknown == "error":
            raise UnknownCharactersError(_distinct(text[i] for i in positions), positions)
        chars = list(text)
        if unknown == "replace":
            for i in positions:
                chars[i] = self.replacement_char
            return "".join(chars), positions, None
        bad = set(positions)
        kept = [i for i in range(len(text)) if i not in bad]
        return "".join(chars[i] for i in kept), positions, kept

    def _ids_list(self, ids) -> list[int]:
        """Accept a list/tuple of ints or a 1-D tensor/ndarray; check every id is in range."""
        if hasattr(ids, "tolist"):  # torch.Tensor, numpy.ndarray: avoids importing either
            ids = ids.tolist()
            if not isinstance(ids, list):  # a 0-d tensor gives back a bare number
                ids = [ids]
        try:
            out = [operator.index(i) for i in ids]
        except TypeError as exc:
            raise ValueError(f"ids must be a 1-D sequence of integers ({exc})") from None
        if out and (min(out) < 0 or max(out) >= self.vocab_size):
            bad = next(i for i in out if not 0 <= i < self.vocab_size)
            raise ValueError(f"token id {bad} is outside this vocabulary (size {self.vocab_size})")
        return out

    def _check_id(self, id: int) -> int:
        id = operator.index(id)
        if not 0 <= id < self.vocab_size:
            raise ValueError(f"token id {id} is outside this vocabulary (size {self.vocab_size})")
        return id

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable description: ``{"kind": ..., "version": 1, ...}``."""
        return {"kind": self.kind, "version": FORMAT_VERSION, **self._payload()}

    def save(self, path) -> None:
        # ASCII-escaped JSON: a vocab may hold lone surrogates, which UTF-8 cannot write.
        Path(path).write_text(json.dumps(self.to_dict()), encoding="utf-8")

    @classmethod
    def load(cls, path) -> Tokenizer:
        """Load a file written by ``save``; ``CharTokenizer.load`` also checks the kind."""
        tok = tokenizer_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        if not isinstance(tok, cls):
            raise ValueError(f"{path} holds a {tok.kind!r} tokenizer, not a {cls.__name__}")
        return tok

    def __repr__(self) -> str:
        return f"{type(self).__name__}(vocab_size={self.vocab_size})"


def _distinct(chars) -> list[str]:
    return list(dict.fromkeys(chars))


def _original_span(kept: list[int], n_original: int, start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of the skip-cleaned text back to original offsets.

    >>> _original_span([0, 2, 3], 4, 1, 3)   # "a?bc" with "?" skipped; clean "bc" is [1, 3)
    (2, 4)
    """
    new_start = kept[start] if start < len(kept) else n_original
    new_end = kept[end - 1] + 1 if end > start else new_start
    return new_start, new_end


# ---------------------------------------------------------------------------------------------
# Character-level
# ---------------------------------------------------------------------------------------------
class CharTokenizer(Tokenizer):
    """One token per character: ``stoi`` maps char -> id, ``itos`` id -> char.

    >>> tok = CharTokenizer("hello")
    >>> tok.stoi
    {'e': 0, 'h': 1, 'l': 2, 'o': 3}
    >>> tok.encode("hell"), tok.decode([3, 2, 1])
    ([1, 0, 2, 2], 'olh')
    """

    kind = "char"

    def __init__(self, chars: Sequence[str], *, sort: bool = True):
        """``chars``: the vocabulary (any iterable of single characters, duplicates allowed).

        ``sort=False`` keeps the given order, so ids stored in a checkpoint stay exactly as
        they were even if that vocab was not built by sorting; duplicates are then an error.
        """
        chars = list(chars)
        for c in chars:
            if not isinstance(c, str) or len(c) != 1:
                raise ValueError(f"a char vocabulary holds single characters, got {c!r}")
        if sort:
            chars = sorted(set(chars))
        elif len(set(chars)) != len(chars):
            dupes = _distinct(c for i, c in enumerate(chars) if c in chars[:i])
            raise ValueError(f"duplicate characters in vocabulary: {', '.join(map(repr, dupes))}")
        if not chars:
            raise ValueError("a char vocabulary needs at least one character")
        self.itos: list[str] = chars
        self.stoi: dict[str, int] = {c: i for i, c in enumerate(chars)}
        # Prefer a replacement that reads as "something was here" when decoded.
        self._replacement = "?" if "?" in self.stoi else " " if " " in self.stoi else chars[0]

    @classmethod
    def from_text(cls, text: str) -> CharTokenizer:
        """The vocabulary of ``text``: ``sorted(set(text))``.

        >>> CharTokenizer.from_text("abracadabra").itos
        ['a', 'b', 'c', 'd', 'r']
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return cls(set(text))

    @property
    def vocab_size(self) -> int:
        return len(self.itos)

    @property
    def replacement_char(self) -> str:
        return self._replacement

    def _unknown_positions(self, text: str) -> list[int]:
        missing = set(text) - self.stoi.keys()  # one C-speed pass for the common all-known case
        return [i for i, c in enumerate(text) if c in missing] if missing else []

    def _encode_ids(self, text: str) -> list[int]:
        stoi = self.stoi
        return [stoi[c] for c in text]

    def _encode_spans(self, text: str) -> list[tuple[int, int, int]]:
        stoi = self.stoi
        return [(stoi[c], i, i + 1) for i, c in enumerate(text)]

    def decode(self, ids) -> str:
        itos = self.itos
        return "".join([itos[i] for i in self._ids_list(ids)])

    def token_str(self, id: int) -> str:
        return self.itos[self._check_id(id)]

    def token_bytes(self, id: int) -> bytes:
        # surrogatepass: a vocab built from arbitrary str may hold a lone surrogate.
        return self.token_str(id).encode("utf-8", errors="surrogatepass")

    def _payload(self) -> dict[str, Any]:
        return {"chars": list(self.itos)}

    @classmethod
    def _from_payload(cls, d: dict[str, Any]) -> CharTokenizer:
        chars = d.get("chars")
        if not isinstance(chars, list):
            raise ValueError("char tokenizer dict needs 'chars': a list of single characters")
        return cls(chars, sort=False)  # keep the stored order: ids must not move


# ---------------------------------------------------------------------------------------------
# Byte-level BPE
# ---------------------------------------------------------------------------------------------
def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2's byte -> printable-char table, the alphabet HF's ByteLevel pre-tokenizer uses.

    Printable Latin-1 bytes stand for themselves; the rest are shifted to U+0100 upwards so
    every byte has a visible, non-whitespace symbol:

    >>> table = _bytes_to_unicode()
    >>> table[ord("a")], table[ord(" ")], table[0]
    ('a', 'Ġ', 'Ā')
    """
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1),
                 *range(ord("®"), ord("ÿ") + 1)]
    table, shifted = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + shifted)
            shifted += 1
    return table


_BYTE_OF_SYMBOL = {symbol: b for b, symbol in _bytes_to_unicode().items()}


def _is_utf8_continuation(b: int) -> bool:
    return b & 0xC0 == 0x80  # 10xxxxxx: never the first byte of a character


_CONTINUATION_BYTES = bytes(b for b in range(256) if _is_utf8_continuation(b))


def readable_bytes(data: bytes) -> str:
    """A token's bytes as text a learner can read: valid UTF-8 as itself, each stray byte of a character split
    over several tokens as <0xNN> (SentencePiece's spelling), never U+FFFD.

    >>> readable_bytes("中".encode()[:2]), readable_bytes(b" the")
    ('<0xE4><0xB8>', ' the')
    """
    return data.decode("utf-8", errors="gpt_explorer_hex")


codecs.register_error("gpt_explorer_hex", lambda err: (
    "".join(f"<0x{b:02X}>" for b in err.object[err.start:err.end]), err.end))
PADDING_TOKEN = "<unused {id}>"  # what an embedding row past the tokenizer's vocabulary decodes to


class BPETokenizer(Tokenizer):
    """Byte-level BPE (GPT-2 style) backed by a Hugging Face ``tokenizers.Tokenizer``.

    The first 256 tokens are the bytes; training adds merges of frequent neighbours.

    >>> tok = BPETokenizer.train("low lower lowest " * 50, vocab_size=260)
    >>> tok.vocab_size, tok.token_str(tok.encode(" low")[0])
    (260, ' low')
    >>> tok.decode(tok.encode("naïve 🙂"))
    'naïve 🙂'

    A pretrained model's tokenizer.json loads with ``from_json`` (GPT-2, SmolLM2, Llama 3: byte-level BPE).
    """

    kind = "bpe"

    def __init__(self, hf_tokenizer):
        """Wrap a trained HF tokenizer; it must be byte-level BPE (see ``_check_hf_json``)."""
        from tokenizers import Tokenizer as HFTokenizer

        if not isinstance(hf_tokenizer, HFTokenizer):
            raise TypeError("BPETokenizer wraps a tokenizers.Tokenizer")
        self._init_from_json(hf_tokenizer.to_str(), hf_tokenizer)

    @classmethod
    def from_json(cls, hf_json: str, vocab_size: int | None = None) -> BPETokenizer:
        """A Hugging Face tokenizer.json (byte-level BPE). vocab_size: the model's embedding rows, when the
        model pads its vocabulary past the tokenizer's (the extra ids decode to PADDING_TOKEN)."""
        tok = cls.__new__(cls)
        tok._init_from_json(hf_json, padded_to=vocab_size)
        return tok

    def _init_from_json(self, hf_json: str, hf_tokenizer=None, padded_to: int | None = None) -> None:
        from tokenizers import Tokenizer as HFTokenizer

        spec = _check_hf_json(hf_json)
        if hf_tokenizer is None:
            try:
                hf_tokenizer = HFTokenizer.from_str(hf_json)
            except Exception as exc:  # the Rust side raises plain Exception
                raise ValueError(f"HF tokenizer JSON does not load: {exc}") from None
        self.hf_tokenizer = hf_tokenizer
        self._json = hf_json
        # Per-id tables so decode/spans never call back into HF one token at a time.
        vocab = dict(spec["model"]["vocab"])
        added = {t["id"]: t["content"] for t in spec.get("added_tokens") or []}
        size = max([*vocab.values(), *added.keys()], default=-1) + 1
        table: list[bytes | None] = [None] * size
        for symbols, id_ in vocab.items():
            table[id_] = bytes(_BYTE_OF_SYMBOL[s] for s in symbols)
        for id_, content in added.items():  # special tokens are literal text, not byte symbols
            table[id_] = content.encode("utf-8")
        if padded_to is not None:
            if padded_to < size:
                raise ValueError(f"the tokenizer has {size} tokens but the model only {padded_to} embedding rows")
            table += [PADDING_TOKEN.format(id=i).encode() for i in range(size, padded_to)]
        if None in table:
            raise ValueError("HF tokenizer vocabulary has gaps in its ids")
        self._padded_to = padded_to
        self._bytes: list[bytes] = table  # type: ignore[assignment]
        # How many characters start inside each token: the basis of encode_pieces' spans.
        self._char_starts = [len(t.translate(None, _CONTINUATION_BYTES)) for t in table]

    @classmethod
    def train(cls, text: str, vocab_size: int = 512) -> BPETokenizer:
        """Train on ``text`` in memory (offline, well under a second for 100 kB).

        ``vocab_size`` counts the 256 byte tokens; a short text may stop with fewer merges
        than asked for, so check ``vocab_size`` on the result.
        """
        from tokenizers import Tokenizer as HFTokenizer
        from tokenizers import decoders, models, pre_tokenizers, trainers

        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if isinstance(vocab_size, bool) or not isinstance(vocab_size, int) or vocab_size < 256:
            raise ValueError(f"vocab_size must be an int >= 256 (the byte tokens), got {vocab_size!r}")
        # Lone surrogates have no UTF-8 bytes; replacing them keeps training total.
        text = text.encode("utf-8", errors="replace").decode("utf-8")
        hf = HFTokenizer(models.BPE())
        # add_prefix_space=False: otherwise " " is glued to the front and decode(encode(x)) != x.
        hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
        hf.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),  # all 256 bytes: nothing unknown
            special_tokens=[],
            show_progress=False,
        )
        hf.train_from_iterator([text], trainer)
        return cls(hf)

    @property
    def vocab_size(self) -> int:
        return len(self._bytes)

    @property
    def replacement_char(self) -> str:
        return "\ufffd"

    def _unknown_positions(self, text: str) -> list[int]:
        try:
            text.encode("utf-8")
            return []
        except UnicodeEncodeError:  # only lone surrogates fail
            return [i for i, c in enumerate(text) if "\ud800" <= c <= "\udfff"]

    def _encode_ids(self, text: str) -> list[int]:
        return self.hf_tokenizer.encode(text, add_special_tokens=False).ids if text else []

    def _encode_spans(self, text: str) -> list[tuple[int, int, int]]:
        """Spans that partition ``text``: each character belongs to the token holding its first byte.

        HF's own offsets give every token the characters it touches, so the tokens of a
        character split across tokens share one span and overlap. We want a partition the view
        can colour, so a token spans from the first character starting inside it to the first
        character starting after it; a token of only continuation bytes gets an empty span.
        Those spans always lie inside HF's offsets. "🙂" = F0 9F 99 82 split as [F0 9F][99 82]:

        HF offsets  (0, 1) (0, 1)
        ours        (0, 1) (1, 1)
        """
        ids = self._encode_ids(text)
        spans, pos = [], 0
        for id_ in ids:
            nxt = pos + self._char_starts[id_]
            spans.append((id_, pos, nxt))
            pos = nxt
        return spans

    def decode(self, ids) -> str:
        # Join bytes first: a character split across tokens only decodes once reassembled.
        table = self._bytes
        data = b"".join([table[i] for i in self._ids_list(ids)])
        return data.decode("utf-8", errors="replace")

    def token_bytes(self, id: int) -> bytes:
        return self._bytes[self._check_id(id)]

    def token_str(self, id: int) -> str:
        """The token's text; the bytes of a partial UTF-8 character show as <0xNN> (see readable_bytes)."""
        return readable_bytes(self.token_bytes(id))

    def _payload(self) -> dict[str, Any]:
        payload = {"hf_tokenizer_json": self._json}
        if getattr(self, "_padded_to", None) is not None:
            payload["padded_to"] = self._padded_to
        return payload

    @classmethod
    def _from_payload(cls, d: dict[str, Any]) -> BPETokenizer:
        hf_json = d.get("hf_tokenizer_json")
        if not isinstance(hf_json, str):
            raise ValueError("bpe tokenizer dict needs 'hf_tokenizer_json': a tokenizer.json string")
        padded_to = d.get("padded_to")
        if padded_to is not None and (type(padded_to) is not int or padded_to < 1):
            raise ValueError("bpe tokenizer 'padded_to' must be a positive integer")
        tok = cls.__new__(cls)
        tok._init_from_json(hf_json, padded_to=padded_to)
        return tok


_SPLITTERS = ("Split", "Digits", "Punctuation")  # pre-tokenizers that only cut the text, never change it


def _check_hf_json(hf_json: str) -> dict[str, Any]:
    """Refuse HF tokenizers whose pipeline would break ``decode(encode(x)) == x`` or spans."""
    try:
        spec = json.loads(hf_json)
    except json.JSONDecodeError as exc:
        raise ValueError(f"HF tokenizer JSON is not valid JSON: {exc}") from None
    if not isinstance(spec, dict):
        raise ValueError("HF tokenizer JSON must be an object")
    model = spec.get("model")
    if not isinstance(model, dict) or model.get("type") != "BPE" or not isinstance(model.get("vocab"), dict):
        raise ValueError("HF tokenizer must have a BPE model with a vocab")
    if spec.get("normalizer") is not None:
        raise ValueError("HF tokenizer must have no normalizer (it would change the text)")
    pre = spec.get("pre_tokenizer")
    # GPT-2: ByteLevel alone; SmolLM2 and Llama 3 split digits or by a regex first, then ByteLevel
    steps = pre.get("pretokenizers") if isinstance(pre, dict) and pre.get("type") == "Sequence" else [pre]
    byte_level = [p for p in steps or [] if isinstance(p, dict) and p.get("type") == "ByteLevel"]
    others = [p for p in steps or [] if not (isinstance(p, dict) and p.get("type") in ("ByteLevel", *_SPLITTERS))]
    if len(byte_level) != 1 or byte_level[0].get("add_prefix_space") or others:
        raise ValueError("HF tokenizer needs a byte-level BPE: a ByteLevel pre-tokenizer with add_prefix_space=False "
                         "(SentencePiece tokenizers such as Llama 2's are not supported)")
    vocab = model["vocab"]
    if not all(isinstance(t, str) and isinstance(i, int) and i >= 0 for t, i in vocab.items()):
        raise ValueError("HF tokenizer vocab must map token strings to non-negative ids")
    added = spec.get("added_tokens") or []
    added_contents = {t.get("content") for t in added if isinstance(t, dict)}
    strays = [t for t in vocab if t not in added_contents and not all(s in _BYTE_OF_SYMBOL for s in t)]
    if strays:
        raise ValueError(f"HF tokenizer vocab has non byte-level tokens, e.g. {strays[0]!r}")
    missing = [s for s in _BYTE_OF_SYMBOL if s not in vocab]
    if missing:
        raise ValueError(f"HF tokenizer vocab lacks {len(missing)} of the 256 byte tokens")
    return spec


# ---------------------------------------------------------------------------------------------
# Serialisation and display helpers
# ---------------------------------------------------------------------------------------------
_KINDS: dict[str, type[Tokenizer]] = {"char": CharTokenizer, "bpe": BPETokenizer}


def tokenizer_from_dict(d: dict) -> Tokenizer:
    """Rebuild a tokenizer from ``to_dict()`` output, with a clear ValueError on bad input.

    >>> tokenizer_from_dict({"kind": "char", "version": 1, "chars": ["a", "b"]}).stoi
    {'a': 0, 'b': 1}
    """
    if not isinstance(d, dict):
        raise ValueError(f"tokenizer description must be a dict, not {type(d).__name__}")
    kind = d.get("kind")
    if kind not in _KINDS:
        raise ValueError(f"unknown tokenizer kind {kind!r}; expected one of {sorted(_KINDS)}")
    version = d.get("version")
    if type(version) is not int or version != FORMAT_VERSION:  # type(): True == 1 otherwise
        raise ValueError(f"unsupported tokenizer format version {version!r}; expected {FORMAT_VERSION}")
    return _KINDS[kind]._from_payload(d)


_VISIBLE = {"\n": "⏎", " ": "␣", "\t": "⇥", "\r": "␍"}
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}


def describe_char(c: str) -> str:
    """A visible label for a character (tick labels, token chips).

    Newline, space and tab get symbols; other control, format and space characters get their
    escape; a leading combining mark sits on a dotted circle so it has something to combine
    with. A longer string is labelled char by char.

    >>> [describe_char(c) for c in ["\\n", " ", "\\t", "\\x00", "\\u200d", "\\u0301", "a"]]
    ['⏎', '␣', '⇥', '\\\\x00', '\\\\u200d', '◌́', 'a']
    """
    out = []
    for i, ch in enumerate(c):
        category = unicodedata.category(ch)
        if ch in _VISIBLE:
            out.append(_VISIBLE[ch])
        elif category in _INVISIBLE_CATEGORIES:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000
                       else f"\\U{code:08x}")
        elif category.startswith("M") and i == 0:
            out.append("◌" + ch)
        else:
            out.append(ch)
    return "".join(out)


def token_label(text: str) -> str:
    """The one display label of a token (chips, axes, tables, prose): describe_char on each character, "∅" if empty.

    >>> token_label(" the\u00a0end"), token_label("")
    ('␣the\\\\xa0end', '∅')
    """
    return describe_char(text) if text else "∅"


# The order is the legend order on every page, so a colour means the same kind for every model.
TOKEN_KINDS = ("uppercase", "lowercase", "letter", "vowel", "digit", "punctuation", "whitespace", "byte", "other")
_VOWELS = frozenset("aeiouAEIOU")
_BYTE_MARK = re.compile(r"<0x[0-9A-F]{2}>")


def token_kind(s: str) -> str:
    """A coarse kind of a token's text (``Tokenizer.token_str``), for colouring a vocabulary.

    A token is judged by its text without surrounding spaces: all whitespace -> "whitespace"; a
    piece of a multi-byte character (token_str shows its bytes as <0xNN>, or U+FFFD) -> "byte"; one vowel (accents
    ignored) -> "vowel"; all digits -> "digit"; all punctuation or math/currency symbols ->
    "punctuation"; otherwise the first character decides: a cased letter -> "uppercase" /
    "lowercase", a letter without case (CJK, kana, Hangul, Arabic...) -> "letter", else "other"
    (emoji, control characters). Pass decoded text: GPT-2's byte symbols ('Ġthe' for ' the') are
    not text.

    >>> [token_kind(s) for s in ["B", " the", "é", "42", "?!", "\\n", "中文", "\\ufffd", "🙂"]]
    ['uppercase', 'lowercase', 'vowel', 'digit', 'punctuation', 'whitespace', 'letter', 'byte', 'other']
    """
    if s and s.isspace():
        return "whitespace"
    core = s.strip()
    if not core:
        return "other"
    if "\ufffd" in core or _BYTE_MARK.search(core):
        return "byte"
    if len(core) == 1 and unicodedata.normalize("NFD", core)[0] in _VOWELS:
        return "vowel"
    if core.isdigit():
        return "digit"
    if all(unicodedata.category(c)[0] == "P" or unicodedata.category(c) in ("Sm", "Sc", "Sk") for c in core):
        return "punctuation"
    if core[0].isalpha():
        return "uppercase" if core[0].isupper() else "lowercase" if core[0].islower() else "letter"
    return "other"
