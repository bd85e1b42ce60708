"""One token-kind classifier (gpt_core.tokenizers.token_kind) for every page that colours a vocabulary.

1. Unit tests on awkward tokens: whitespace, digits, punctuation, CJK, emoji, BPE tokens and byte fragments.
2. The Embeddings page and the Train page name the same tokens' kinds the same way (AppTest, both languages'
   catalogue keys), so a legend entry means one thing across the app.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer.i18n import CATALOGUES, t
from explorer.jobs import shared_registry
from gpt_core.checkpoint import load_checkpoint
from gpt_core.tokenizers import TOKEN_KINDS, BPETokenizer, token_kind

from apptest import chart
from plotly_json import decode

REPO = Path(__file__).resolve().parents[1]


# ---- 1. the classifier ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("token,kind", [
    (" ", "whitespace"), ("\n", "whitespace"), ("\n\n", "whitespace"), ("\t", "whitespace"),
    ("\u3000", "whitespace"),  # ideographic space
    ("7", "digit"), ("42", "digit"), (" 2024", "digit"),
    ("!", "punctuation"), ("?!", "punctuation"), ("'", "punctuation"), ("$", "punctuation"), ("。", "punctuation"),
    ("B", "uppercase"), (" The", "uppercase"), ("b", "lowercase"), (" the", "lowercase"), ("ß", "lowercase"),
    ("e", "vowel"), ("A", "vowel"), ("é", "vowel"), (" a", "vowel"),
    ("中", "letter"), ("中文", "letter"), (" 東京", "letter"), ("ア", "letter"), ("한", "letter"),  # no case
    ("🙂", "other"), ("👍🏽", "other"), ("\x00", "other"), ("\u200d", "other"), ("", "other"),
    ("\ufffd", "byte"), (" \ufffd", "byte"), ("\ufffd\ufffd", "byte"),  # a piece of a multi-byte character
])
def test_token_kind_of_awkward_tokens(token, kind):
    assert token_kind(token) == kind


def test_every_kind_is_listed_and_translated():
    assert len(set(TOKEN_KINDS)) == len(TOKEN_KINDS)
    for lang in ("en", "zh"):
        assert all(f"embeddings.kind.{kind}" in CATALOGUES[lang] for kind in TOKEN_KINDS), lang


def test_bpe_tokens_are_judged_by_their_text_not_their_byte_symbols():
    """HF stores ' the' as the byte-level symbol 'Ġthe' ('Ġ' is a capital letter); token_str gives the text."""
    tok = BPETokenizer.train("the cat sat on the mat, the end. 東京 🙂 " * 40, vocab_size=300)
    (the,) = tok.encode(" the")
    vocab = json.loads(tok.to_dict()["hf_tokenizer_json"])["model"]["vocab"]
    assert vocab["Ġthe"] == the  # the awkward form is really what the tokenizer stores
    assert token_kind(tok.token_str(the)) == "lowercase"
    lead = next(i for i in range(tok.vocab_size) if tok.token_bytes(i) == b"\xf0")  # first byte of 🙂
    assert token_kind(tok.token_str(lead)) == "byte"
    space = next(i for i in range(tok.vocab_size) if tok.token_bytes(i) == b" ")
    assert token_kind(tok.token_str(space)) == "whitespace"


def test_the_shipped_vocabulary_has_the_expected_kinds():
    tok = load_checkpoint(REPO / "assets" / "shakespeare_char.safetensors").tokenizer
    kinds = {c: token_kind(c) for c in tok.itos}
    assert kinds["\n"] == kinds[" "] == "whitespace" and kinds["3"] == "digit" and kinds["Q"] == "uppercase"
    assert kinds["z"] == "lowercase" and kinds["o"] == kinds["O"] == "vowel" and kinds["&"] == "punctuation"
    assert set(kinds.values()) <= set(TOKEN_KINDS)


# ---- 2. both pages use it --------------------------------------------------------------------------------------
def kinds_by_label(spec: dict, lang: str) -> dict[str, str]:
    """Token label -> legend name of its trace (less the highlight mark), from an embedding scatter's figure JSON."""
    mark = CATALOGUES[lang]["figure_terms.highlighted"].format(name="")  # " (highlighted)", "（高亮）"
    out = {}
    for trace in spec["data"]:
        name = trace["name"].removesuffix(mark)
        for label in decode(trace["text"]).tolist():
            out[label] = name
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_embeddings_and_train_pages_name_the_same_tokens_alike(lang):
    """Train a 1-step model on text holding exactly the shipped vocabulary: same tokens, so same kinds on both pages."""
    vocab = load_checkpoint(REPO / "assets" / "shakespeare_char.safetensors").tokenizer.itos
    registry = shared_registry()
    registry.clear()
    try:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        at.session_state["lang"] = lang
        at.run()
        at.switch_page("pages/embeddings.py").run()
        assert not at.exception, at.exception
        shown = kinds_by_label(chart(at, "wte [V=65"), lang)
        assert len(shown) == 65

        for key, value in dict(train_source="paste", train_paste="".join(vocab) * 20, train_n_layer=1, train_n_head=1,
                               train_n_embd=8, train_block_size=8, train_batch=2, train_steps=1).items():
            at.session_state[key] = value  # the smallest run, set before the Train page's first visit
        at.switch_page("pages/train.py").run()
        at.button(key="train_start").click().run()
        job = registry.for_session("test session id")
        assert job is not None and job.wait(60) and job.view().status == "done"
        end = time.monotonic() + 30
        while not job.view().snapshots and time.monotonic() < end:
            time.sleep(0.05)
        at.run()
        assert not at.exception, at.exception
        title = t("train.embed_title", lang=lang, vocab=65, C=8, step=1)  # the Train page's map, in its language
        trained = kinds_by_label(chart(at, title), lang)
        assert trained == shown
        assert set(shown.values()) <= {CATALOGUES[lang][f"embeddings.kind.{kind}"] for kind in TOKEN_KINDS}
    finally:
        registry.clear()
