"""AppTest of pages/attention.py: the numbers drawn are the shipped model's own; every way to choose a head works."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from gpt_core.interp.heads import content_token_ids, head_scores

from apptest import INDUCTION_MODEL, canvas, chart, click_canvas, notices, open_page
from plotly_json import decode_float

PAGE = "attention"
TEXT = "ROMEO:\nBut soft, what light through yonder window breaks?"
INDUCTION_KEY = "shipped:induction_2layer.safetensors"
ROLE_NAMES = {"last-space": "space before word", "word-start": "start of word",  # en display names
              "last-newline": "newline before line"}


def shown_roles(labels: list[list[str]]) -> list[str]:
    """gpt_core's role keys [L][nh] as the page's table shows them (English), flattened."""
    return [ROLE_NAMES.get(role, role) for row in labels for role in row]


def reference_scores(ckpt_or_model, tokenizer, ids):
    return head_scores(ckpt_or_model, probe_ids=ids, allowed_ids=content_token_ids(tokenizer), tokenizer=tokenizer)


@pytest.fixture(scope="module")
def ref(shipped):
    ids = shipped.tokenizer.encode(TEXT)
    with torch.no_grad():
        _, cache = shipped.model.run_with_cache(torch.tensor([ids]))
    get = lambda name: cache.stack(name)[:, 0].numpy()  # noqa: E731
    return {"model": shipped.model, "tokenizer": shipped.tokenizer, "block_size": shipped.config.block_size, "ids": ids,
            "T": len(ids), "L": shipped.config.n_layer, "nh": shipped.config.n_head,
            "pattern": get("attn.hook_pattern"), "q": get("attn.hook_q"), "k": get("attn.hook_k"),
            "v": get("attn.hook_v")}


def lower_and_upper(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    T = z.shape[0]
    return z[np.tril_indices(T)], z[np.triu_indices(T, 1)]


UINT8_HALF_STEP = 0.5 / 252 + 1e-6  # the grid sends weights as one byte a cell (explorer/figures/array_codec.py)
FLOAT32_ATOL = 1e-6  # one head's map is sent exactly (float32)


def test_grid_shows_the_models_patterns_with_a_click_target_per_head(ref):
    at = open_page(PAGE, TEXT)
    L, nh, T = ref["L"], ref["nh"], ref["T"]
    grid = canvas(at, "attention patterns [L=")
    z = grid["z"]  # [L, nh, T, T]
    assert z.shape == (L, nh, T, T) and grid["grid"] == [L, nh]
    for layer in range(L):
        for head in range(nh):
            lower, upper = lower_and_upper(z[layer, head])
            np.testing.assert_allclose(lower, ref["pattern"][layer, head][np.tril_indices(T)], atol=UINT8_HALF_STEP)
            assert np.all(np.isnan(upper))  # the masked future is drawn grey, not as 0
    assert grid["select"] == "block" and grid["rounded"]  # a click opens a head; the hover says "≈"
    assert grid["selected_block"] == [0, 0]
    assert [pair[0] for row in grid["block_titles"] for pair in row] == [
        f"L{layer} H{head}" for layer in range(L) for head in range(nh)]


def test_large_heatmap_and_qkv_are_the_chosen_heads(ref):
    at = open_page(PAGE, TEXT)
    T = ref["T"]
    big = canvas(at, "L0 H0 attention pattern")
    z = big["z"]
    lower, upper = lower_and_upper(z)
    np.testing.assert_allclose(lower, ref["pattern"][0, 0][np.tril_indices(T)], atol=FLOAT32_ATOL)
    assert np.all(np.isnan(upper))
    np.testing.assert_allclose(np.nansum(z, axis=1), 1.0, atol=1e-5)
    # every token labels its row and column, whitespace made visible
    assert big["row_labels"] == big["col_labels"] == [{" ": "␣", "\n": "⏎"}.get(c, c) for c in TEXT]
    assert big["select"] == "cell"
    for name in "qkv":
        shown = canvas(at, f"L0 H0 {name} [")["z"]
        np.testing.assert_allclose(shown, ref[name][0, 0], atol=1e-5)
    assert any(f"[T={T}, T={T}]" in c.value and "layer 0, head 0" in c.value for c in at.caption)


def test_session_keys_choose_the_head(ref):
    layer, head = ref["L"] - 1, ref["nh"] - 1
    at = open_page(PAGE, TEXT, layer=layer, head=head)
    z = canvas(at, f"L{layer} H{head} attention pattern")["z"]
    T = ref["T"]
    np.testing.assert_allclose(z[np.tril_indices(T)], ref["pattern"][layer, head][np.tril_indices(T)],
                               atol=FLOAT32_ATOL)
    assert not np.allclose(z[np.tril_indices(T)], ref["pattern"][0, 0][np.tril_indices(T)], atol=1e-2)
    np.testing.assert_allclose(canvas(at, f"L{layer} H{head} k [")["z"], ref["k"][layer, head], atol=1e-5)
    assert canvas(at, "attention patterns [L=")["selected_block"] == [layer, head]
    assert at.button_group(key="_attention_layer").value == layer
    # a model with fewer layers than the stored choice: clamped, no exception
    at = open_page(PAGE, TEXT, layer=99, head=-3)
    canvas(at, "L0 H0 attention pattern")


def test_selectors_write_the_shared_keys_which_the_softmax_page_reads(ref):
    at = open_page(PAGE, TEXT)
    at.button_group(key="_attention_layer").set_value(1).run()
    at.button_group(key="_attention_head").set_value(2).run()
    assert not at.exception
    assert (at.session_state["layer"], at.session_state["head"]) == (1, 2)
    z = canvas(at, "L1 H2 attention pattern")["z"]
    np.testing.assert_allclose(np.nan_to_num(z), ref["pattern"][1, 2], atol=FLOAT32_ATOL)
    at.switch_page("pages/softmax_mask.py").run()
    assert not at.exception
    canvas(at, "L1 H2 softmax(masked scores)")


def test_clicks_on_the_grid_and_on_a_cell(ref):
    at = open_page(PAGE, TEXT)
    click_canvas(at, "attention patterns [L=", {"block": [2, 1]})
    assert (at.session_state["layer"], at.session_state["head"]) == (2, 1)
    pattern = ref["pattern"][2, 1]
    click_canvas(at, "L2 H1 attention pattern", {"cell": [7, 2], "block": [0, 0]})
    assert at.session_state["query_row"] == 7
    text = " ".join(m.value for m in at.markdown)
    assert f"weight = {pattern[7, 2]:.4f}" in text and "over the 8 keys" in text
    score = float(ref["q"][2, 1][7] @ ref["k"][2, 1][2]) / np.sqrt(ref["q"].shape[-1])
    assert f"score {score:.4f}" in text
    assert canvas(at, "L2 H1 attention pattern")["selected_cell"] == [7, 2]  # outlined on the large map
    # a future cell: masked, exactly 0
    click_canvas(at, "L2 H1 attention pattern", {"cell": [3, 9], "block": [0, 0]})
    assert "exactly 0.0" in " ".join(m.value for m in at.markdown)
    # a hostile or stale click (outside the map, wrong types) changes nothing and raises nothing
    for bad in ({"cell": [999, 0]}, {"cell": ["a", 1]}, {"cell": None}, {"block": [7, 99]}, {}):
        click_canvas(at, "L2 H1 attention pattern", bad)
    assert canvas(at, "L2 H1 attention pattern")["selected_cell"] == [3, 9]


def test_head_summary_matches_gpt_core(ref):
    at = open_page(PAGE, TEXT)
    reference = reference_scores(ref["model"], ref["tokenizer"], ref["ids"])
    table = at.dataframe[0].value
    assert list(table["role"]) == shown_roles(reference.labels())
    np.testing.assert_allclose(table["word-start"].to_numpy(), reference.word_start.ravel(), atol=1e-5)
    np.testing.assert_allclose(table["first-token"].to_numpy(), reference.first.ravel(), atol=1e-5)
    heat = chart(at, "previous-token per head")
    np.testing.assert_allclose(decode_float(heat["data"][0]["z"]), reference.previous, atol=1e-5)
    at.button_group(key="attention_metric").set_value("induction").run()
    shown = decode_float(chart(at, "induction per head")["data"][0]["z"])
    np.testing.assert_allclose(shown, reference.induction, atol=1e-5)
    grid = canvas(at, "attention patterns [L=")
    assert grid["block_titles"][0][0] == ["L0 H0", shown_roles(reference.labels())[0]]


def test_the_shipped_induction_model_gets_induction_labels(induction):
    """The 2-layer model trained to continue repeated sequences: its heads are found and labelled as such."""
    text = "rlujpiotfrlujpiotf\nxqrpjaftuixqrpjaftui\n"
    at = open_page(PAGE, text, model_key=INDUCTION_KEY)
    ids = induction.tokenizer.encode(text)
    reference = reference_scores(induction.model, induction.tokenizer, ids)
    roles = list(at.dataframe[0].value["role"])
    assert roles == shown_roles(reference.labels()) and "induction" in roles
    titles = [pair for row in canvas(at, "attention patterns [L=")["block_titles"] for pair in row]
    n_heads = induction.config.n_layer * induction.config.n_head
    assert len(titles) == n_heads
    assert sum(sub == "induction" for _, sub in titles) == sum(row.count("induction") for row in reference.labels())


@pytest.mark.parametrize("text,notice", [
    ("", "Type some text"),
    ("To be €, or not", "'€'"),
    ("To be, or not to be: " * 480, "context"),  # 10,080 characters
])
def test_bad_input_shows_a_notice_and_no_exception(ref, text, notice):
    T = min(len(ref["tokenizer"].encode(text, unknown="skip")), ref["block_size"]) or None
    at = open_page(PAGE, text)
    notes = notices(at)
    assert any(notice in n for n in notes), notes
    if T is None:
        assert not at.get("plotly_chart") and not at.get("bidi_component")
    else:
        assert f"T={T}, T={T}]" in canvas(at, "L0 H0 attention pattern")["title"]


def test_long_texts_pick_the_cell_by_click_too():
    """At 116 tokens the large map still takes a click (the canvas has no per-cell click targets to slow it)."""
    text = (TEXT + "\n") * 2  # 116 characters: T > 64
    at = open_page(PAGE, text)
    assert canvas(at, "L0 H0 attention pattern")["select"] == "cell"
    assert not at.get("select_slider")
    click_canvas(at, "L0 H0 attention pattern", {"cell": [40, 3], "block": [0, 0]})
    assert at.session_state["_attention_cell"] == (40, 3) and at.session_state["query_row"] == 40
    text_shown = " ".join(m.value for m in at.markdown)
    assert "(40) → key" in text_shown and "(3)**" in text_shown
    assert canvas(at, "L0 H0 attention pattern")["selected_cell"] == [40, 3]


def test_the_default_page_labels_the_heads_a_learner_can_see_and_offers_clicks(shipped):
    from explorer.ui.state import DEFAULT_TEXT

    ids = shipped.tokenizer.encode(DEFAULT_TEXT)
    at = open_page(PAGE)  # a first visit: the default model and sidebar text
    roles = list(at.dataframe[0].value["role"])
    assert roles == shown_roles(reference_scores(shipped.model, shipped.tokenizer, ids).labels())
    assert roles.count("mixed") < len(roles)
    nh = shipped.config.n_head
    assert (roles[1 * nh + 0], roles[1 * nh + 1], roles[2 * nh + 1]) == (
        "space before word", "newline before line", "start of word")
    titles = canvas(at, "attention patterns [L=")["block_titles"]
    assert titles[2][1] == ["L2 H1", "start of word"], titles
    assert canvas(at, "L0 H0 attention pattern")["select"] == "cell"
    assert not at.get("select_slider")
    assert any("click one" in c.value for c in at.caption)


@pytest.mark.parametrize("lang,words", [
    ("en", ["**start of word**", "**space before word**", "**newline before line**", "two tokens"]),
    ("zh", ["**词首**", "**词前空白**", "**行前换行**"]),
])
def test_every_role_is_defined_on_the_page(lang, words):
    at = open_page(PAGE, lang=lang)  # the default model and sidebar text
    text = " ".join(m.value for m in at.markdown)
    for word in words:
        assert word in text, word


def test_a_pointer_to_the_induction_model_switches_to_it():
    if not INDUCTION_MODEL.exists():
        pytest.skip("no induction model shipped")
    at = open_page(PAGE)  # a first visit: the default model and sidebar text
    tip = " ".join(m.value for m in at.markdown if "induction 2layer" in m.value)
    assert "of these 16 heads are" in tip and "cleanly labelled" in tip, tip
    at.button(key="attention_induction_switch").click().run()
    assert not at.exception, at.exception
    assert at.session_state["model_key"] == INDUCTION_KEY
    roles = list(at.dataframe[0].value["role"])
    assert roles[0] == "previous-token" and roles[5:8] == ["induction"] * 3, roles
    # on the induction model itself there is nothing to point at
    assert not any("induction 2layer" in m.value for m in at.markdown if "cleanly labelled" in m.value)
    assert not [b for b in at.button if b.key == "attention_induction_switch"]


def test_the_in_page_links_are_full_width_one_per_line():
    """Two links in half-width columns were cut off ("…the Softmax &"): each gets its own line."""
    at = open_page(PAGE)  # a first visit: the default model and sidebar text
    links = at.get("page_link")
    assert [link.proto.page for link in links][:2] == ["softmax_mask", "labs"]
    assert not any(column.get("page_link") for column in at.columns)
