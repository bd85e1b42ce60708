"""AppTest checks of pages/overview.py against numbers computed directly with gpt_core."""
from __future__ import annotations

import html

import numpy as np
import pytest
import torch

from explorer.i18n import t
from explorer.analysis.text_prep import token_label

from apptest import notices, open_page, svg_bar_values, svg_charts, svg_texts

TEXT = "First Citizen:\nBefore we proceed any further, hear me speak."


@pytest.fixture(scope="module")
def overview():
    return open_page("overview", TEXT)  # the default page


def test_flow_diagram_uses_live_shapes(overview, shipped):
    assert not overview.exception
    cfg = shipped.config
    T = len(shipped.tokenizer.encode(TEXT))
    boxes = " ".join(svg_texts(svg_charts(overview)["overview-flow"]))
    for shape in (f"[1, {T}]", f"[1, {T}, {cfg.n_embd}]", f"[1, {cfg.n_head}, {T}, {T}]",
                  f"[1, {T}, {cfg.mlp_ratio * cfg.n_embd}]", f"[1, {T}, {cfg.vocab_size}]", f"[{cfg.vocab_size}]"):
        assert shape in boxes, shape
    assert f"× {cfg.n_layer} blocks" in boxes
    assert f"**T** = {T} tokens" in overview.markdown[1].value


def test_parameter_chart_and_table_total_num_parameters(overview, shipped):
    total = shipped.model.num_parameters()
    svg = svg_charts(overview)["overview-params"]
    bars = svg_bar_values(svg)
    assert sum(bars) == total and len(bars) == len(overview.dataframe[0].value) - 1  # one bar per group
    assert svg_texts(svg)[0].startswith(f"parameters: {total:,}")
    table = overview.dataframe[0].value
    assert table.iloc[-1]["component"] == "total" and int(table.iloc[-1]["parameters"]) == total
    assert int(table["parameters"].iloc[:-1].sum()) == total
    if shipped.config.tie_weights:
        assert int(table.set_index("component").loc["lm_head", "parameters"]) == 0
    assert not overview.error  # the regrouping matches gpt_core's parameter_breakdown


def test_top_guesses_match_the_model(overview, shipped):
    ids = shipped.tokenizer.encode(TEXT)
    with torch.no_grad():
        logits, _ = shipped.model(torch.tensor([ids]))
    probs = torch.softmax(logits[0, -1], dim=-1).numpy()
    top = np.argsort(-probs)[:5]
    body = overview.html[0].proto.body
    labels = [html.escape(token_label(shipped.tokenizer.token_str(int(i)))) for i in top[:2]]
    positions = [body.index(f">{label}<span") for label in labels]
    assert positions == sorted(positions)  # most likely first
    assert f"{probs[top[0]]:.1%}" in body
    links = {link.proto.label: link.proto.page for link in overview.get("page_link")}
    teaser = links[t("overview.guess_link")]  # the link right under the guesses
    assert "next_token" in teaser or teaser.endswith("next_token.py")
    assert "labs" in links[t("overview.concept_link")]  # the opening paragraph's concept link
    assert len(links) >= 7


@pytest.mark.parametrize("text, message, charts", [
    ("", "Type some text", 0),
    ("€€€", "nothing to show", 0),
    ("To be € or not", "not in this model's vocabulary", 2),
    ("a" * 10_000, "showing the last", 2),
])
def test_bad_input_shows_a_notice(text, message, charts):
    at = open_page("overview", text)  # and no exception
    shown = notices(at)
    assert any(message in n for n in shown), shown
    assert len(svg_charts(at)) == charts  # the page stops politely, or draws what is left
    assert not at.get("plotly_chart")  # the first page loads no plotly.js
