"""The text a model opens with (explorer.ui.state.suggested_text): it fits the model's context in the model's own
tokens and ends where the model has something to predict, so no page opens with a "dropped" warning."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.ui.state import DEFAULT_TEXT, suggested_text
from gpt_core.checkpoint import load_checkpoint
from gpt_core.data import TASKS, make_task_corpus
from gpt_core.tokenizers import BPETokenizer, CharTokenizer

REPO = Path(__file__).resolve().parents[1]


def task_tokenizer(task: str, kind: str):
    text = make_task_corpus(task, n_examples=300).text
    return CharTokenizer.from_text(text) if kind == "char" else BPETokenizer.train(text, vocab_size=300)


@pytest.mark.parametrize("kind", ["char", "bpe"])
@pytest.mark.parametrize("block_size", [64, 32, 16, 8])
@pytest.mark.parametrize("task", list(TASKS))
def test_a_task_models_text_fits_and_stops_before_an_answer(task, block_size, kind):
    tok = task_tokenizer(task, kind)
    text = suggested_text({"corpus": f"task:{task}"}, tok, block_size)
    assert text and not text.endswith("\n")
    assert len(tok.encode(text)) <= block_size  # raises if a character is outside the vocabulary
    spec = TASKS[task]
    last = text.split("\n")[-1]
    if spec.separator:  # the next token is the first of the answer
        assert text.endswith(spec.separator) and text.count(spec.separator) == text.count("\n") + 1
    elif len(last) < block_size:  # the example was not cut at the start: seq, then part of its copy
        copied = [n for n in range(1, len(last)) if 2 * n > len(last) and last[n:] == last[: len(last) - n]]
        assert copied, last
    lines = text.split("\n")
    assert all(line in make_task_corpus(task, n_examples=4, seed=7).text for line in lines[:-1])  # whole examples


def test_the_old_example_text_was_too_long_for_a_small_context():
    """The regression: the suggestion used to be three whole lines (54 characters) ending in a newline."""
    tok = task_tokenizer("sort", "char")
    assert len(tok.encode(make_task_corpus("sort", n_examples=3, seed=7).text)) > 32
    assert len(tok.encode(suggested_text({"corpus": "task:sort"}, tok, 32))) <= 32


@pytest.mark.parametrize("block_size", [128, 32, 5])
def test_a_plain_text_model_gets_the_default_cut_to_fit(block_size):
    ckpt = load_checkpoint(REPO / "assets" / "shakespeare_char.safetensors")
    text = suggested_text(ckpt.record, ckpt.tokenizer, block_size)
    assert text and not text[-1].isspace() and len(ckpt.tokenizer.encode(text)) <= block_size
    assert DEFAULT_TEXT.startswith(text)
    if len(ckpt.tokenizer.encode(DEFAULT_TEXT)) <= block_size:
        assert text == DEFAULT_TEXT  # the shipped model's sidebar text does not change


def test_a_plain_text_model_without_capitals_gets_no_unknown_characters():
    tok = CharTokenizer.from_text("abcdefghijklmnopqrstuvwxyz ,.\n")
    text = suggested_text({"corpus": "pasted"}, tok, 16)
    assert text and len(tok.encode(text)) <= 16  # encode raises on an unknown character


def test_without_a_tokenizer_the_default_is_returned():
    assert suggested_text({}) == DEFAULT_TEXT
    assert suggested_text({"corpus": "task:sort"}).endswith(">")
