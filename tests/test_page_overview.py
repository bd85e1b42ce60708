"""AppTest checks of pages/overview.py against numbers computed directly with gpt_core."""
from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from explorer.i18n import t
from explorer.analysis.text_prep import token_label
from gpt_core.checkpoint import load_checkpoint

from plotly_json import decode

REPO = Path(__file__).resolve().parents[1]
TEXT = "First Citizen:\nBefore we proceed any further, hear me speak."


@pytest.fixture(scope="module")
def ckpt():
    return load_checkpoint(REPO / "assets" / "shakespeare_char.safetensors")


def run_overview(text: str | None = None, **state) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    if text is not None:
        at.session_state["text"] = text
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()  # the Overview is the default page


def chart_specs(at: AppTest) -> dict[str, dict]:
    """Figure JSON per chart, keyed by the start of its title."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return {s["layout"]["title"]["text"]: s for s in specs}


@pytest.fixture(scope="module")
def overview():
    return run_overview(TEXT)


def test_flow_diagram_uses_live_shapes(overview, ckpt):
    assert not overview.exception
    cfg = ckpt.config
    T = len(ckpt.tokenizer.encode(TEXT))
    spec = next(s for title, s in chart_specs(overview).items() if title.startswith("data flow"))
    boxes = " ".join(a["text"] for a in spec["layout"]["annotations"])
    for shape in (f"[1, {T}]", f"[1, {T}, {cfg.n_embd}]", f"[1, {cfg.n_head}, {T}, {T}]",
                  f"[1, {T}, {cfg.mlp_ratio * cfg.n_embd}]", f"[1, {T}, {cfg.vocab_size}]", f"[{cfg.vocab_size}]"):
        assert shape in boxes, shape
    assert f"× {cfg.n_layer} blocks" in boxes
    assert f"**T** = {T} tokens" in overview.markdown[1].value


def test_parameter_chart_and_table_total_num_parameters(overview, ckpt):
    total = ckpt.model.num_parameters()
    spec = next(s for title, s in chart_specs(overview).items() if title.startswith("parameters"))
    bars = decode(spec["data"][0]["x"])
    assert int(bars.sum()) == total
    table = overview.dataframe[0].value
    assert table.iloc[-1]["component"] == "total" and int(table.iloc[-1]["parameters"]) == total
    assert int(table["parameters"].iloc[:-1].sum()) == total
    if ckpt.config.tie_weights:
        assert int(table.set_index("component").loc["lm_head", "parameters"]) == 0
    assert not overview.error  # the regrouping matches gpt_core's parameter_breakdown


def test_top_guesses_match_the_model(overview, ckpt):
    ids = ckpt.tokenizer.encode(TEXT)
    with torch.no_grad():
        logits, _ = ckpt.model(torch.tensor([ids]))
    probs = torch.softmax(logits[0, -1], dim=-1).numpy()
    top = np.argsort(-probs)[:5]
    body = overview.html[0].proto.body
    positions = [body.index(f">{html.escape(token_label(ckpt.tokenizer.token_str(int(i))))}<span") for i in top[:2]]
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
    at = run_overview(text)
    assert not at.exception
    notices = [e.value for e in [*at.warning, *at.info]]
    assert any(message in n for n in notices), notices
    assert len(at.get("plotly_chart")) == charts  # the page stops politely, or draws what is left
