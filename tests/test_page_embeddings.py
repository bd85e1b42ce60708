"""AppTest checks of pages/embeddings.py against numbers computed directly with gpt_core."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from gpt_core.checkpoint import Checkpoint
from gpt_core.config import GPTConfig
from gpt_core.interp.geometry import cosine_similarity_matrix, pca_project
from gpt_core.model import GPT, sinusoidal_table
from gpt_core.tokenizers import CharTokenizer

from apptest import all_canvases, canvas, chart, chart_specs, notices, open_page
from plotly_json import decode

PAGE = "embeddings"
TEXT = "JULIET:\nO Romeo, Romeo! wherefore art thou Romeo?"


@pytest.fixture(scope="module")
def page():
    return open_page(PAGE, TEXT)


@pytest.fixture(scope="module")
def reference(shipped):
    ids = shipped.tokenizer.encode(TEXT)
    _, cache = shipped.model.run_with_cache(torch.tensor([ids]))
    return ids, {name: t[0].numpy() for name, t in cache.items()}


def test_wte_projection_is_pca_of_the_table(page, shipped, reference):
    assert not page.exception
    V = shipped.config.vocab_size
    spec = chart(page, f"wte [V={V}")
    points = {}
    for trace in spec["data"]:
        for token_id, x, y in zip(decode(trace["customdata"]), decode(trace["x"]), decode(trace["y"])):
            points[int(token_id)] = (x, y, "highlighted" in trace["name"])
    assert sorted(points) == list(range(V))  # every vocabulary entry exactly once
    coords, _ = pca_project(shipped.model.transformer.wte.weight.detach(), 2)
    np.testing.assert_allclose([points[i][:2] for i in range(V)], coords.numpy(), atol=1e-5)
    ids, _ = reference
    assert {i for i, p in points.items() if p[2]} == set(ids)  # the input's tokens are highlighted


def test_3d_toggle(page, shipped):
    page.radio(key="embeddings_dims").set_value("3D").run()
    assert not page.exception
    spec = chart(page, f"wte [V={shipped.config.vocab_size}")
    assert {t["type"] for t in spec["data"]} == {"scatter3d"}
    page.radio(key="embeddings_dims").set_value("2D").run()


def test_position_tables_learned_next_to_sinusoidal(page, shipped):
    cfg = shipped.config
    if cfg.pos_encoding != "learned":
        pytest.skip("the shipped model is expected to learn its positions")
    learned = canvas(page, "learned wpe")["z"]
    np.testing.assert_allclose(learned, shipped.model.transformer.wpe.weight.detach().numpy(), rtol=1e-6)
    formula = canvas(page, "sinusoidal formula")["z"]
    np.testing.assert_allclose(formula, sinusoidal_table(cfg.block_size, cfg.n_embd).numpy(), atol=1e-6)
    assert formula.shape == learned.shape == (cfg.block_size, cfg.n_embd)


def test_input_embedding_is_tok_plus_pos(page, shipped, reference):
    ids, _ = reference
    T = len(ids)
    z = canvas(page, "tok_emb + pos_emb")["z"]
    with torch.no_grad():
        expected = shipped.model.transformer.wte.weight[ids] + shipped.model.position_embedding(T)
    assert z.shape == (T, shipped.config.n_embd)
    np.testing.assert_allclose(z, expected.numpy(), atol=1e-6)
    page.radio(key="embeddings_sum").set_value("pos").run()
    z = canvas(page, "pos_emb")["z"]
    np.testing.assert_allclose(z, shipped.model.position_embedding(T).detach().numpy(), atol=1e-6)


def test_trajectories_and_cosine_similarity(page, shipped, reference):
    ids, acts = reference
    L, T = shipped.config.n_layer, len(ids)
    spec = chart(page, "residual stream")
    lines = [t for t in spec["data"] if t.get("mode") == "lines+markers"]
    assert len(lines) == min(T, 16) and all(len(decode(t["x"])) == L + 1 for t in lines)
    # one PCA fit on all (L+1)*T states: the coordinates keep every pairwise distance along PC1+PC2 space
    states = np.stack([acts["transformer.h.0.hook_resid_pre"]] +
                      [acts[f"transformer.h.{i}.hook_resid_post"] for i in range(L)])
    coords, _ = pca_project(torch.tensor(states.reshape(-1, states.shape[-1])), 2)
    coords = coords.numpy().reshape(L + 1, T, 2)
    first = int(lines[0]["name"].split(":")[0])
    np.testing.assert_allclose(np.c_[decode(lines[0]["x"]), decode(lines[0]["y"])], coords[:, first], atol=1e-4)

    page.selectbox(key="embeddings_cos").set_value(L).run()  # after the last layer
    assert not page.exception
    sim = canvas(page, "cosine similarity")["z"]
    expected = cosine_similarity_matrix(torch.tensor(acts[f"transformer.h.{L - 1}.hook_resid_post"])).numpy()
    np.testing.assert_allclose(sim, expected, atol=1e-5)
    assert f"after layer {L - 1}" in canvas(page, "cosine similarity")["title"]


@pytest.mark.parametrize("pos_encoding", ["rope", "sinusoidal"])
def test_models_without_a_learned_table(pos_encoding):
    tokenizer = CharTokenizer("abcdefgh ")
    torch.manual_seed(0)
    cfg = GPTConfig(n_layer=2, n_head=2, n_embd=16, block_size=16, vocab_size=tokenizer.vocab_size,
                    pos_encoding=pos_encoding)
    ckpt = Checkpoint(model=GPT(cfg).eval(), tokenizer=tokenizer, config=cfg, name=f"tiny {pos_encoding}")
    at = open_page(PAGE, "abc bad cab", user_models={"user:pos": ckpt}, model_key="user:pos")  # no exception
    titles = list(chart_specs(at)) + [c["title"] for c in all_canvases(at)]
    assert not any(t.startswith("learned wpe") for t in titles)
    assert any(t.startswith("residual stream") for t in titles)
    if pos_encoding == "rope":
        assert any("no additive position table" in i.value for i in at.info)
        assert not any(t.startswith("sinusoidal formula") for t in titles)
    else:  # the model's own table is the formula
        table = canvas(at, "sinusoidal formula")["z"]
        np.testing.assert_allclose(table, ckpt.model.sinusoidal_pe.numpy(), atol=1e-6)


@pytest.mark.parametrize("text, message, charts", [
    ("", "Type some text", 0),
    ("€€€", "nothing to show", 0),
    ("a" * 10_000, "showing the last", 8),
])
def test_bad_input_shows_a_notice(text, message, charts):
    at = open_page(PAGE, text)  # and no exception
    shown = notices(at)
    assert any(message in n for n in shown), shown
    assert len(at.get("plotly_chart")) + len(all_canvases(at)) == charts
