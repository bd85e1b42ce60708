"""Unit tests for explorer.analysis and explorer.figures (Overview, Tokenization, Embeddings)."""
from __future__ import annotations


import numpy as np
import pytest
import torch

import explorer.analysis.embeddings as embeddings_data
import explorer.analysis.overview as overview_data
import explorer.analysis.tokenization as tokenization_data
import explorer.figures.markup as html_pieces
import gpt_core.tokenizers as tokenizers
import explorer.figures.embeddings as embedding_figures
import explorer.figures.overview as overview_figures
from explorer.analysis.text_prep import prepare_input
from explorer.ui.resources import vocabulary
from gpt_core.config import GPTConfig
from gpt_core.interp.geometry import cosine_similarity_matrix
from gpt_core.interp import geometry
from gpt_core.interp.positions import position_tables
from gpt_core.model import GPT, sinusoidal_table
from gpt_core.tokenizers import BPETokenizer, CharTokenizer

VOCAB = "\n !&',-.:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def tiny(**overrides) -> GPT:
    torch.manual_seed(0)
    cfg = dict(n_layer=2, n_head=2, n_embd=16, block_size=16, vocab_size=len(VOCAB))
    return GPT(GPTConfig(**{**cfg, **overrides})).eval()


def acts_of(model, ids) -> dict:
    _, cache = model.run_with_cache(torch.tensor([ids]))
    return {name: t[0].numpy() for name, t in cache.items()}


@pytest.fixture(scope="module")
def char_tok():
    return CharTokenizer(VOCAB)


@pytest.fixture(scope="module")
def bpe_tok():
    return BPETokenizer.train("the cat sat on the mat. the hat is flat. " * 40, vocab_size=280)


# ---- overview ------------------------------------------------------------------------------------


def test_flow_stages_read_live_shapes(char_tok):
    model = tiny()
    ids = char_tok.encode("Hello there")
    stages = overview_data.flow_stages(acts_of(model, ids), model.config.n_layer)
    shapes = {s.name: s.shape_str for s in stages}
    T = len(ids)
    assert shapes["token ids"] == f"[1, {T}]"
    assert shapes["tok_emb + pos_emb"] == f"[1, {T}, 16]"
    assert shapes["masked multi-head attention"] == f"[1, 2, {T}, {T}]"
    assert shapes["MLP (4C hidden)"] == f"[1, {T}, 64]"
    assert shapes["lm_head → logits"] == f"[1, {T}, {len(VOCAB)}]"
    assert stages[-1].shape == (len(VOCAB),)
    assert sum(s.in_block for s in stages) == 6


def test_top_guesses_sorted_and_labelled(char_tok):
    probs = np.zeros(len(VOCAB))
    probs[char_tok.stoi[" "]], probs[char_tok.stoi["\n"]], probs[char_tok.stoi["e"]] = 0.5, 0.3, 0.2
    guesses = overview_data.top_guesses(probs, char_tok, k=3)
    assert [g[1] for g in guesses] == ["␣", "⏎", "e"]
    assert [g[2] for g in guesses] == [0.5, 0.3, 0.2]


# ---- tokenization --------------------------------------------------------------------------------


def test_chips_mark_skipped_and_escape_html(char_tok):
    text = "a<b>€&c\n"
    prepared = prepare_input(char_tok, text, 64, "skip")
    chips = tokenization_data.token_chips(prepared, char_tok, "skip")
    kinds = [c.kind for c in chips]
    assert kinds == ["token", "skipped", "token", "skipped", "skipped", "token", "token", "token"]
    assert chips[-1].label == "⏎" and chips[-1].line_break
    html = html_pieces.chips_html(chips)
    assert "<b>" not in html and "&lt;" in html and "&gt;" in html and "&amp;" in html
    assert html.count("tok-skipped") == 3 and html.count("tok-token") == len(prepared.ids)
    assert f"id {char_tok.stoi['a']} · bytes 61" in html


def test_chips_replaced_and_dropped(char_tok):
    prepared = prepare_input(char_tok, "ab€cd", 3, "replace")
    chips = tokenization_data.token_chips(prepared, char_tok, "replace")
    assert chips[0].kind == "dropped" and "2 tokens" in chips[0].label
    replaced = [c for c in chips if c.kind == "replaced"]
    assert len(replaced) == 1 and replaced[0].label == "€" and replaced[0].id == char_tok.stoi["?"]
    assert [c.id for c in chips if c.id is not None] == prepared.ids


def test_chips_bpe_cover_every_token(bpe_tok):
    text = "the cat 🙂 sat"
    prepared = prepare_input(bpe_tok, text, 64)
    chips = tokenization_data.token_chips(prepared, bpe_tok)
    assert [c.id for c in chips] == bpe_tok.encode(text)
    assert all(c.label for c in chips)  # a continuation-byte token still gets a visible label


def test_vocab_tables(char_tok, bpe_tok):
    ids = char_tok.encode("aab")
    table = tokenization_data.vocab_table(char_tok, ids)
    assert len(table) == len(VOCAB) and table.loc[char_tok.stoi["a"], "count_in_text"] == 2
    assert table.loc[0, "token"] == "⏎" and table.loc[0, "code_point"] == "U+000A"
    merges = tokenization_data.bpe_merges(bpe_tok)
    assert len(merges) == bpe_tok.vocab_size - 256
    for left, right, merged in merges:
        assert bpe_tok.token_bytes(left) + bpe_tok.token_bytes(right) == bpe_tok.token_bytes(merged)
    bpe_table = tokenization_data.vocab_table(bpe_tok, bpe_tok.encode("the cat"), limit=5)
    assert list(bpe_table["id"]) == [m for _, _, m in merges[:5]]


def test_counts_and_counterparts(char_tok):
    text = "the cat sat on the mat " * 20
    bpe = tokenization_data.counterpart_tokenizer("char", text, bpe_vocab=300)
    assert bpe.kind == "bpe"
    char_count = tokenization_data.count_tokens("char", char_tok, text + "€")
    bpe_count = tokenization_data.count_tokens("bpe", bpe, text)
    assert char_count.n_tokens == len(text) and char_count.unknown == 1
    assert bpe_count.n_tokens < char_count.n_tokens and bpe_count.chars_per_token > 1
    assert tokenization_data.counterpart_tokenizer("bpe", "abca").itos == ["a", "b", "c"]


def test_one_hot_lookup_is_exact():
    model = tiny()
    W = tokenization_data.token_embedding_table(model)
    assert not W.flags.writeable
    out = geometry.one_hot_lookup(W, 7)
    assert out["one_hot"].sum() == 1 and out["one_hot"][7] == 1
    assert out["max_abs_diff"] == 0.0
    np.testing.assert_array_equal(out["via_matmul"], model.transformer.wte.weight[7].detach().numpy())


# ---- embeddings ----------------------------------------------------------------------------------


def test_token_kind_classes():
    assert [tokenizers.token_kind(c) for c in "Bb e7!\n"] == ["uppercase", "lowercase", "whitespace", "vowel", "digit",
                                                      "punctuation", "whitespace"]
    assert tokenizers.token_kind(" The") == "uppercase" and tokenizers.token_kind("") == "other"
    tok = CharTokenizer(VOCAB)
    words = vocabulary(tok, "test:char-vocab", tok.vocab_size)  # the per-model table the pages read
    assert words.kinds == tuple(tokenizers.token_kind(c) for c in tok.itos)
    assert set(words.kinds) <= set(tokenizers.TOKEN_KINDS)
    assert words.labels == tuple(tokenizers.token_label(c) for c in tok.itos) and words.strings == tuple(tok.itos)


def test_residual_trajectories_share_one_basis(char_tok):
    model = tiny()
    ids = char_tok.encode("to be or not")
    acts = acts_of(model, ids)
    names, states = geometry.residual_states(acts, 2)
    assert names == ["embedding", "after block 0", "after block 1"] and states.shape == (3, len(ids), 16)
    np.testing.assert_allclose(states[0], acts["transformer.hook_tok_emb"] + acts["transformer.hook_pos_emb"],
                               atol=1e-6)
    _, coords, explained = geometry.residual_trajectories(acts, 2)
    flat = states.reshape(-1, 16)
    centred = flat - flat.mean(0)
    # PC1 carries the most variance of the pooled states; its coordinates are the projection on it
    _, _, vh = np.linalg.svd(centred, full_matrices=False)
    np.testing.assert_allclose(np.abs(coords.reshape(-1, 2)[:, 0]), np.abs(centred @ vh[0]), atol=1e-4)
    assert 0 < explained[1] <= explained[0] <= 1


def test_stage_cosine_and_positions(char_tok):
    model = tiny()
    acts = acts_of(model, char_tok.encode("abcab"))
    sim = geometry.stage_cosine(acts, 2, 2)
    ref = cosine_similarity_matrix(torch.tensor(acts["transformer.h.1.hook_resid_post"])).numpy()
    np.testing.assert_allclose(sim, ref, atol=1e-6)
    tables = position_tables(model)
    np.testing.assert_array_equal(tables["learned"], model.transformer.wpe.weight.detach().numpy())
    np.testing.assert_array_equal(tables["sinusoidal"], sinusoidal_table(16, 16).numpy())
    assert position_tables(tiny(pos_encoding="rope"))["learned"] is None
    assert embeddings_data.default_trajectory_positions(5) == [0, 1, 2, 3, 4]
    picks = embeddings_data.default_trajectory_positions(128)
    assert picks[0] == 0 and picks[-1] == 127 and len(picks) <= 16


def test_md_escape():
    assert html_pieces.md_escape("$x* _y_ [a](b)") == r"\$x\* \_y\_ \[a\]\(b\)"


# ---- figures -------------------------------------------------------------------------------------


def test_flow_picture_shows_shapes_and_block_count(char_tok):
    import xml.etree.ElementTree as ET

    from explorer.figures.svg import flow_svg

    model = tiny()
    stages = overview_data.flow_stages(acts_of(model, char_tok.encode("hey")), 2)
    svg = flow_svg(stages, 2)
    ET.fromstring(svg)
    for s in stages:
        assert f"{overview_figures.stage_label(s.name)}: {s.shape_str}" in svg
    assert "× 2 blocks" in svg


def test_vector_strip_and_position_path():
    strip = embedding_figures.vector_strip([0, 1, 0], "one-hot", ["a", " ", "b"], highlight=1, zmid=None)
    assert list(strip.data[0].z[0]) == [0, 1, 0] and list(strip.data[0].customdata[0]) == ["a", "␣", "b"]
    assert strip.layout.shapes[0].x0 == 0.5
    path = embedding_figures.position_path(np.random.default_rng(0).normal(size=(10, 2)), "pos", [0.5, 0.2], n_input=4)
    sizes = path.data[1].marker.size
    assert list(sizes[:4]) == [9] * 4 and list(sizes[4:]) == [6] * 6


def test_residual_trajectory_names_real_positions():
    coords = np.random.default_rng(0).normal(size=(3, 6, 2))
    fig = embedding_figures.residual_trajectory_figure(coords, list("abcdef"), [1, 4], ["e", "l0", "l1"], [0.4, 0.2])
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["1:b", "4:e"]
    np.testing.assert_allclose(lines[1].x, coords[:, 4, 0])
    assert fig.layout.xaxis.title.text == "PC1 (40%)"


def test_vocab_scatter_keeps_real_ids_and_kind_order():
    labels, kinds = ["x", "a", "B", "!"], ["lowercase", "vowel", "uppercase", "punctuation"]
    coords = np.arange(8, dtype=float).reshape(4, 2)
    fig = embedding_figures.vocab_scatter(coords, labels, kinds, tokenizers.TOKEN_KINDS, used=[False, True, False, False])
    assert [t.name for t in fig.data] == ["uppercase", "lowercase", "vowel (highlighted)", "punctuation"]
    for trace in fig.data:
        for token_id, x in zip(trace.customdata, trace.x):
            assert x == coords[token_id, 0]  # hover's "#id" is the token's own id
