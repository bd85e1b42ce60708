"""Tokenizer tests: every tokenizer x awkward strings (the minbpe pattern), plus the contract
the rest of the app relies on: unknown-character reporting, encode_pieces spans, and a
versioned save/load that refuses malformed input."""
from __future__ import annotations

import doctest
import json
import os
import pickle
import time
from pathlib import Path

import numpy as np
import pytest

import gpt_core.tokenizers as tokenizers_module
from gpt_core.tokenizers import (
    BPETokenizer,
    CharTokenizer,
    Encoding,
    TokenPiece,
    Tokenizer,
    UnknownCharactersError,
    describe_char,
    tokenizer_from_dict,
)

# A ~100 kB mixed-script string: long enough to catch quadratic code, varied enough for BPE.
LONG = ("To be, or not to be 🙂 你好，世界 שלום e\u0301\n\tcafé\x00 — ok?\r\n" * 2000)[:100_000]

AWKWARD = {
    "empty": "",
    "ascii": "hello",
    "newlines": "a\nb\n\n",
    "emoji": "🙂👍🏽",  # 4-byte chars and a skin-tone modifier
    "cjk": "你好，世界",
    "rtl": "שלום",
    "combining": "e\u0301 n\u0303 \u0915\u094d\u0937",  # decomposed accents, Devanagari conjunct
    "control": "\x00\x01\x1f\x7f\x80\u200b\ufeff",
    "mixed": "Hello 🙂 你好 שלום!\r\n",
    "long": LONG,
}

# Many distinct emoji and CJK chars share lead bytes: with a small vocab BPE merges those
# prefixes but not whole characters, so some tokens hold part of a character.
BPE_CORPUS = (
    "the quick brown fox jumps over the lazy dog " * 200
    + " ".join(chr(0x1F600 + i) + chr(0x4E00 + 7 * i) for i in range(80)) * 5
    + "".join(AWKWARD.values())
)


@pytest.fixture(scope="module")
def bpe() -> BPETokenizer:
    return BPETokenizer.train(BPE_CORPUS, vocab_size=300)


def make_tokenizer(kind: str, text: str, bpe: BPETokenizer) -> Tokenizer:
    """A tokenizer able to encode ``text``: chars from the text itself, or the shared BPE."""
    return CharTokenizer.from_text(text or "a") if kind == "char" else bpe


KINDS = ["char", "bpe"]
texts = pytest.mark.parametrize("text", list(AWKWARD.values()), ids=list(AWKWARD))
kinds = pytest.mark.parametrize("kind", KINDS)


@kinds
@texts
def test_round_trip(kind, text, bpe):
    tok = make_tokenizer(kind, text, bpe)
    ids = tok.encode(text)
    assert all(type(i) is int and 0 <= i < tok.vocab_size for i in ids)
    assert tok.decode(ids) == text
    assert (ids == []) == (text == "")


@kinds
@texts
def test_encode_pieces_cover_text(kind, text, bpe):
    """The guarantee the tokenizer view draws on: pieces partition the text, in order."""
    tok = make_tokenizer(kind, text, bpe)
    enc = tok.encode_pieces(text)
    assert enc.ids == tok.encode(text) == [p.id for p in enc.pieces]
    assert enc.unknown_positions == [] and enc.unknown_chars == []
    pos = 0
    for p in enc.pieces:
        assert p.start == pos and p.start <= p.end and p.text == text[p.start:p.end]
        pos = p.end
    assert pos == len(text)
    assert "".join(p.text for p in enc.pieces) == text
    assert b"".join(tok.token_bytes(p.id) for p in enc.pieces) == text.encode("utf-8")


@texts
def test_bpe_spans_lie_inside_hf_offsets(text, bpe):
    """Our partition only narrows HF's offsets, which share a span across a split character."""
    enc = bpe.encode_pieces(text)
    hf = bpe.hf_tokenizer.encode(text, add_special_tokens=False)
    assert hf.ids == enc.ids
    for p, (hf_start, hf_end) in zip(enc.pieces, hf.offsets):
        assert hf_start <= p.start <= p.end <= hf_end


def test_bpe_splits_characters_somewhere(bpe):
    """Sanity check that the span tests above meet tokens holding part of a character."""
    enc = bpe.encode_pieces(AWKWARD["mixed"] + AWKWARD["emoji"] + AWKWARD["cjk"])
    partial = [p for p in enc.pieces if "<0x" in bpe.token_str(p.id)]  # its stray bytes, spelled out
    assert partial, "expected some token to hold an incomplete UTF-8 character"
    assert any(p.start == p.end for p in enc.pieces)  # continuation-only tokens: empty span


def test_bpe_spans_equal_hf_offsets_for_ascii(bpe):
    text = "the quick brown fox, 42 times!\n"
    enc = bpe.encode_pieces(text)
    hf = bpe.hf_tokenizer.encode(text, add_special_tokens=False)
    assert [(p.start, p.end) for p in enc.pieces] == hf.offsets


@kinds
def test_decode_accepts_arrays_and_rejects_bad_ids(kind, bpe):
    tok = make_tokenizer(kind, "hello world", bpe)
    ids = tok.encode("hello world")
    assert tok.decode(tuple(ids)) == tok.decode(np.array(ids)) == "hello world"
    torch = pytest.importorskip("torch")
    assert tok.decode(torch.tensor(ids)) == "hello world"
    assert tok.decode(torch.tensor(ids[0])) == tok.token_str(ids[0])  # 0-d tensor
    for bad in ([tok.vocab_size], [-1]):
        with pytest.raises(ValueError, match="outside this vocabulary"):
            tok.decode(bad)
    with pytest.raises(ValueError, match="1-D"):
        tok.decode(np.array([ids, ids]))
    with pytest.raises(ValueError):
        tok.token_str(tok.vocab_size)


def test_unknown_mode_is_checked(bpe):
    for tok in (CharTokenizer.from_text("ab"), bpe):
        with pytest.raises(ValueError, match="unknown must be one of"):
            tok.encode("ab", unknown="ignore")
        with pytest.raises(TypeError):
            tok.encode(b"ab")


# --- unknown characters ------------------------------------------------------------------------
def test_char_unknown_error_names_chars_and_positions():
    tok = CharTokenizer.from_text("abc ?")
    with pytest.raises(UnknownCharactersError) as info:
        tok.encode("ab€c\x00€")
    err = info.value
    assert isinstance(err, ValueError)
    assert err.chars == ["€", "\x00"] and err.positions == [2, 4, 5]
    message = str(err)
    assert "'€'" in message and repr("\x00") in message and "3 positions" in message
    again = pickle.loads(pickle.dumps(err))  # travels across processes/threads intact
    assert (again.chars, again.positions, str(again)) == (err.chars, err.positions, message)


def test_char_unknown_skip_reports_positions():
    tok = CharTokenizer.from_text("abc ?")
    text = "ab€c\x00€"
    assert tok.encode(text, unknown="skip") == tok.encode("abc")
    enc = tok.encode_pieces(text, unknown="skip")
    assert enc.unknown_positions == [2, 4, 5] and enc.unknown_chars == ["€", "\x00"]
    assert [(p.text, p.start, p.end) for p in enc.pieces] == [("a", 0, 1), ("b", 1, 2), ("c", 3, 4)]
    assert tok.decode(enc.ids) == "abc"


def test_char_unknown_replace_reports_positions():
    tok = CharTokenizer.from_text("abc ?")
    enc = tok.encode_pieces("a€b", unknown="replace")
    assert enc.ids == tok.encode("a€b", unknown="replace") == tok.encode("a?b")
    assert enc.unknown_positions == [1] and enc.unknown_chars == ["€"]
    # The piece keeps the input's text and span; only its id stands in.
    assert enc.pieces[1] == TokenPiece(tok.stoi["?"], "€", 1, 2)


@pytest.mark.parametrize(
    "vocab, expected", [("ab ?", "?"), ("ab c", " "), ("cab", "a")], ids=["question", "space", "first"]
)
def test_char_replacement_char_preference(vocab, expected):
    assert CharTokenizer.from_text(vocab).replacement_char == expected


def test_bpe_only_unknowns_are_lone_surrogates(bpe):
    text = "a\ud800b🙂"
    assert bpe.encode_pieces(AWKWARD["control"]).unknown_positions == []
    with pytest.raises(UnknownCharactersError) as info:
        bpe.encode(text)
    assert info.value.chars == ["\ud800"] and info.value.positions == [1]
    skipped = bpe.encode_pieces(text, unknown="skip")
    assert skipped.unknown_positions == [1] and bpe.decode(skipped.ids) == "ab🙂"
    assert all(p.text == text[p.start:p.end] for p in skipped.pieces)
    replaced = bpe.encode_pieces(text, unknown="replace")
    assert bpe.decode(replaced.ids) == "a\ufffdb🙂"
    assert "".join(p.text for p in replaced.pieces) == text


# --- construction --------------------------------------------------------------------------------
def test_char_tokenizer_basics():
    tok = CharTokenizer("hello")
    assert tok.kind == "char" and tok.vocab_size == 4
    assert tok.itos == ["e", "h", "l", "o"] and tok.stoi == {"e": 0, "h": 1, "l": 2, "o": 3}
    assert tok.token_str(2) == "l" and tok.token_bytes(2) == b"l"
    assert CharTokenizer(["b", "a"], sort=False).itos == ["b", "a"]
    for bad in ([], "", ["ab"], [1]):
        with pytest.raises(ValueError):
            CharTokenizer(bad)
    with pytest.raises(ValueError, match="duplicate"):
        CharTokenizer(["a", "a"], sort=False)


def test_bpe_train(bpe):
    assert bpe.kind == "bpe" and bpe.vocab_size == 300
    assert {bpe.token_bytes(i) for i in range(bpe.vocab_size)} >= {bytes([b]) for b in range(256)}
    assert any(len(bpe.token_bytes(i)) > 1 for i in range(bpe.vocab_size))  # merges happened
    assert bpe.encode("") == [] and bpe.encode_pieces("") == Encoding([], [], [], [])
    for bad in (255, 300.0, True):
        with pytest.raises(ValueError):
            BPETokenizer.train("abc", vocab_size=bad)


def test_bpe_train_is_fast_on_100kb():
    start = time.perf_counter()
    tok = BPETokenizer.train(LONG, vocab_size=512)
    assert time.perf_counter() - start < 1.0
    assert tok.decode(tok.encode(LONG)) == LONG


def test_byte_alphabet_matches_hf():
    from tokenizers import pre_tokenizers

    assert set(tokenizers_module._BYTE_OF_SYMBOL) == set(pre_tokenizers.ByteLevel.alphabet())


# --- save / load ---------------------------------------------------------------------------------
@kinds
def test_save_load_round_trip(kind, bpe, tmp_path):
    tok = make_tokenizer(kind, AWKWARD["mixed"] + AWKWARD["control"], bpe)
    text = AWKWARD["mixed"]
    d = tok.to_dict()
    assert d["kind"] == kind and d["version"] == 1
    via_json = tokenizer_from_dict(json.loads(json.dumps(d)))
    tok.save(tmp_path / "tok.json")
    via_file = Tokenizer.load(tmp_path / "tok.json")
    for loaded in (via_json, via_file):
        assert type(loaded) is type(tok) and loaded.to_dict() == d
        assert loaded.encode(text) == tok.encode(text)
        assert loaded.encode_pieces(text) == tok.encode_pieces(text)
    assert type(tok).load(tmp_path / "tok.json").vocab_size == tok.vocab_size
    other = BPETokenizer if kind == "char" else CharTokenizer
    with pytest.raises(ValueError, match="holds a"):
        other.load(tmp_path / "tok.json")


def test_char_load_keeps_stored_order():
    """Ids inside a checkpoint must not move, even for a vocab that was not sorted."""
    tok = tokenizer_from_dict({"kind": "char", "version": 1, "chars": ["z", "a", "\x00"]})
    assert tok.itos == ["z", "a", "\x00"] and tok.encode("az") == [1, 0]


def _bpe_json_with(bpe, **changes) -> str:
    spec = json.loads(bpe.to_dict()["hf_tokenizer_json"])
    for key, value in changes.items():
        spec[key] = value
    return json.dumps(spec)


def _bad_dicts(bpe):
    pre = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    no_bytes = json.loads(bpe.to_dict()["hf_tokenizer_json"])
    del no_bytes["model"]["vocab"]["a"]
    char, bpe_d = {"kind": "char", "version": 1}, {"kind": "bpe", "version": 1}
    return {
        "not a dict": ["char"],
        "empty": {},
        "unknown kind": {"kind": "word", "version": 1, "chars": ["a"]},
        "missing version": {"kind": "char", "chars": ["a"]},
        "future version": {"kind": "char", "version": 2, "chars": ["a"]},
        "string version": {"kind": "char", "version": "1", "chars": ["a"]},
        "bool version": {"kind": "char", "version": True, "chars": ["a"]},
        "missing chars": char,
        "chars not a list": {**char, "chars": "ab"},
        "multi-char entry": {**char, "chars": ["ab"]},
        "non-str entry": {**char, "chars": [1]},
        "duplicate chars": {**char, "chars": ["a", "a"]},
        "no chars": {**char, "chars": []},
        "missing hf json": bpe_d,
        "hf json not a str": {**bpe_d, "hf_tokenizer_json": {}},
        "hf json garbage": {**bpe_d, "hf_tokenizer_json": "{not json"},
        "hf json not BPE": {**bpe_d, "hf_tokenizer_json": _bpe_json_with(bpe, model={"type": "WordLevel"})},
        "hf prefix space": {**bpe_d, "hf_tokenizer_json": _bpe_json_with(bpe, pre_tokenizer=pre)},
        "hf normalizer": {**bpe_d, "hf_tokenizer_json": _bpe_json_with(bpe, normalizer={"type": "NFC"})},
        "hf missing byte": {**bpe_d, "hf_tokenizer_json": json.dumps(no_bytes)},
    }


def test_from_dict_rejects_bad_input(bpe):
    for name, bad in _bad_dicts(bpe).items():
        with pytest.raises(ValueError):
            tokenizer_from_dict(bad)
            pytest.fail(f"accepted: {name}")


def test_load_rejects_bad_file(tmp_path):
    path = tmp_path / "tok.json"
    path.write_text("{truncated", encoding="utf-8")
    with pytest.raises(ValueError):
        Tokenizer.load(path)


# --- display -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "char, label",
    [("\n", "⏎"), (" ", "␣"), ("\t", "⇥"), ("\x00", "\\x00"), ("\r", "␍"), ("\x7f", "\\x7f"),
     ("\u200b", "\\u200b"), ("\xa0", "\\xa0"), ("\u0301", "◌\u0301"), ("a", "a"), ("€", "€"),
     ("你", "你"), ("🙂", "🙂"), ("a\n", "a⏎"), ("", "")],
)
def test_describe_char(char, label):
    assert describe_char(char) == label


def test_docstring_examples():
    result = doctest.testmod(tokenizers_module)
    assert result.attempted > 0 and result.failed == 0


# --- the real corpus, when present ---------------------------------------------------------------
def _shakespeare_path() -> Path:
    """$GPT_EXPLORER_DATA (the file or its folder), else the shared data folder beside the repo."""
    env = os.environ.get("GPT_EXPLORER_DATA")
    if env:
        path = Path(env).expanduser()
        return path / "tinyshakespeare.txt" if path.is_dir() else path
    return Path(__file__).resolve().parents[2] / "shared/data/tinyshakespeare.txt"


def test_tiny_shakespeare_char_vocab():
    path = _shakespeare_path()
    if not path.exists():
        pytest.skip(f"{path} not found")
    text = path.read_text(encoding="utf-8")
    tok = CharTokenizer.from_text(text)
    assert tok.vocab_size == 65 and tok.itos[:2] == ["\n", " "]
    assert tok.decode(tok.encode(text)) == text


@pytest.mark.parametrize("text", ["a\u200db", "\u00a0x", "\r\n", " the", "\x00\x7f", "", "e\u0301", "👩‍👩‍👧"])
def test_one_token_label_for_chips_axes_and_tables(text):
    """Token chips (text_prep), chart axes (figures) and gpt_core agree on every label, invisible characters too."""
    from explorer.figures import visible_token_labels
    from explorer.analysis.text_prep import token_label as chip_label
    from gpt_core.tokenizers import token_label

    assert visible_token_labels([text]) == [chip_label(text)] == [token_label(text)]
    label = token_label(text)
    assert label and not any(c in label for c in "\u200d\u00a0\r\n\x00\x7f")  # nothing invisible is left bare
