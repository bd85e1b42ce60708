"""AppTest checks of pages/tokenization.py against numbers computed directly with gpt_core."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from gpt_core.checkpoint import Checkpoint
from gpt_core.config import GPTConfig
from gpt_core.data import find_shakespeare
from gpt_core.model import GPT
from gpt_core.tokenizers import BPETokenizer

from apptest import canvas_by_key, chart_specs, notices, open_page
from plotly_json import decode

PAGE = "tokenization"
# "<b>", "€" and "5" are not in the Shakespeare vocabulary: skipped chips, and the HTML must stay text
TEXT = "ROMEO: <b>hi</b> & €5\nyes, my lord."


@pytest.fixture(scope="module")
def page():
    return open_page(PAGE, TEXT)


def test_chips_show_every_token_and_escape_html(page, shipped):
    assert not page.exception
    encoding = shipped.tokenizer.encode_pieces(TEXT, unknown="skip")
    body = page.html[0].proto.body
    assert body.count("tok-token") == len(encoding.ids)
    assert body.count("tok-skipped") == len(encoding.unknown_positions)
    assert "<b>" not in body and "&lt;" in body and "&amp;" in body
    first = encoding.pieces[0]
    assert f"id {first.id} · bytes {ord(first.text):02x}" in body
    assert "⏎" in body and "␣" in body  # whitespace is visible
    assert page.code[0].value == str(encoding.ids)


def test_vocab_table_is_itos(page, shipped):
    table = page.dataframe[0].value
    assert len(table) == shipped.config.vocab_size
    itos = shipped.tokenizer.itos
    assert [chr(int(cp[2:], 16)) for cp in table["code_point"]] == itos
    ids = shipped.tokenizer.encode(TEXT, unknown="skip")
    assert int(table.loc[table.id == ids[0], "count_in_text"].iloc[0]) == ids.count(ids[0])


def test_char_vs_bpe_counts(page, shipped):
    counts = page.dataframe[1].value
    own = counts.iloc[0]
    assert int(own["tokens"]) == len(shipped.tokenizer.encode(TEXT, unknown="skip"))
    skipped = shipped.tokenizer.encode_pieces(TEXT, unknown="skip").unknown_positions
    assert int(own["skipped_characters"]) == len(skipped)
    other = counts.iloc[1]
    assert other["kind"] == "bpe"
    corpus = find_shakespeare()
    if corpus is not None:  # the page trains the same BPE (256 bytes + 256 merges) on Tiny Shakespeare
        bpe = BPETokenizer.train(corpus.read_text(encoding="utf-8"), 512)
        assert int(other["vocab_size"]) == 512
        assert int(other["tokens"]) == len(bpe.encode(TEXT))
        clean = "yes, my lord. " * 4  # text both can encode fully: merges make it shorter
        assert len(bpe.encode(clean)) < len(shipped.tokenizer.encode(clean))
    assert [int(m.value.replace(",", "")) for m in page.metric] == [int(own["tokens"]), int(other["tokens"])]


def test_lookup_one_hot_and_row_match_the_model(page, shipped):
    ids = shipped.tokenizer.encode(TEXT, unknown="skip")
    position = 3
    page.selectbox(key="tokenization_position").set_value(position).run()
    assert not page.exception
    token_id = ids[position]
    specs = chart_specs(page)
    one_hot = decode(specs[f"one-hot [V={shipped.config.vocab_size}] of id {token_id}"]["data"][0]["z"]).reshape(-1)
    assert one_hot.shape == (shipped.config.vocab_size,) and one_hot[token_id] == 1 and one_hot.sum() == 1
    row = decode(specs[f"wte[{token_id}] [C={shipped.config.n_embd}]"]["data"][0]["z"]).reshape(-1)
    np.testing.assert_allclose(row, shipped.model.transformer.wte.weight[token_id].detach().numpy(), rtol=1e-6)
    table = canvas_by_key(page, "tokenization-wte")  # the whole table, float32: the model's numbers exactly
    assert table["title"] == f"W_E = wte [V={shipped.config.vocab_size}, C={shipped.config.n_embd}]"
    np.testing.assert_array_equal(table["z"], shipped.model.transformer.wte.weight.detach().numpy())
    assert (table["highlight_row"], table["row_offset"]) == (token_id, 0)  # the looked-up row is outlined
    assert "= 0.0e+00" in page.success[0].value and "difference 0.0e+00" in page.success[0].value


def test_replaced_characters_are_marked(shipped):
    at = open_page(PAGE, "a€b", unknown_mode="replace")  # and no exception
    body = at.html[0].proto.body
    assert body.count("tok-replaced") == 1 and "tok-skipped" not in body
    replacement_id = shipped.tokenizer.stoi[shipped.tokenizer.replacement_char]
    assert f">{replacement_id}</span>" in body


def test_bpe_model_shows_merges_and_a_char_counterpart():
    corpus = "the cat sat on the mat, the hat is flat. " * 30
    tokenizer = BPETokenizer.train(corpus, vocab_size=300)
    torch.manual_seed(0)
    cfg = GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=32, vocab_size=tokenizer.vocab_size)
    ckpt = Checkpoint(model=GPT(cfg).eval(), tokenizer=tokenizer, config=cfg, name="tiny bpe")
    at = open_page(PAGE, "the cat sat", user_models={"user:bpe": ckpt}, model_key="user:bpe")  # no exception
    merges = at.dataframe[0].value
    assert (merges["id"] >= 256).all() and (merges["merge_of"].str.contains(r" \+ ")).all()
    counts = at.dataframe[1].value
    assert list(counts["kind"]) == ["bpe", "char"]
    assert int(counts.iloc[0]["tokens"]) == len(tokenizer.encode("the cat sat"))
    assert int(counts.iloc[1]["tokens"]) == len("the cat sat")


@pytest.mark.parametrize("text, message, charts", [
    ("", "Type some text", 0),
    ("€€€", "nothing to show", 0),
    ("a" * 10_000, "showing the last", 3),
])
def test_bad_input_shows_a_notice(text, message, charts):
    at = open_page(PAGE, text)  # and no exception
    shown = notices(at)
    assert any(message in n for n in shown), shown
    assert len(at.get("plotly_chart")) + len(at.get("bidi_component")) == charts  # plotly strips and the W_E canvas
