"""AppTest of pages/attribution.py ("Why this prediction?"): the numbers drawn are the model's own, checked against
independent runs of gpt_core; clicks, pickers and bad input behave; every family renders; zh has no English prose."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from explorer.analysis.attribution import parse_token, visible_vocab
from explorer.i18n import t
from gpt_core.interp.neurons import most_active_neurons, neuron_vocab_effect
from gpt_core.interp.patching import activation_patching

from apptest import (all_charts, canvas, chart, chart_element, click_chart, english_prose, main_area_strings, notices,
                     open_page, title_of)
from plotly_json import decode, decode_float

PAGE = "attribution"
TEXT = "ROMEO:\nBut soft, what light"  # T = 27: patching stays quick (4 x (2 x 27 + 4) runs)


def bar_values(spec: dict) -> dict[str, float]:
    """Every bar of the attribution chart: its label (customdata[2]) -> its value."""
    out = {}
    for trace in spec["data"]:
        for custom, value in zip(trace["customdata"], decode_float(trace["x"])):
            out[custom[2]] = float(value)
    return out


def bar_order(spec: dict) -> list[str]:
    """The bars' labels from the top of the chart down."""
    rows = [(int(y), custom[2]) for trace in spec["data"] for y, custom in zip(decode(trace["y"]), trace["customdata"])]
    return [label for _, label in sorted(rows)]


@pytest.fixture(scope="module")
def ref(shipped):
    ids = shipped.tokenizer.encode(TEXT)
    with torch.no_grad():
        logits, cache = shipped.model.run_with_cache(torch.tensor([ids]))  # an independent forward pass
    return {"ids": ids, "T": len(ids), "logits": logits[0].double().numpy(), "cache": cache,
            "L": shipped.config.n_layer, "nh": shipped.config.n_head,
            "vocab": visible_vocab(shipped.tokenizer, shipped.config.vocab_size)}


# ---- attribution -------------------------------------------------------------------------------------------------


def test_bars_add_up_to_the_models_logit_of_its_top_prediction(ref):
    at = open_page(PAGE, TEXT)
    last = ref["T"] - 1
    top = int(np.argmax(ref["logits"][last]))
    spec = chart(at, "logit of ")
    assert title_of(spec).startswith(f"logit of '{ref['vocab'][top]}' after position {last} ")
    values = bar_values(spec)
    L, nh = ref["L"], ref["nh"]
    assert len(values) == 2 + L * (nh + 2) + 1  # embed, pos_embed, per layer nh heads + bias + MLP, ln_f bias
    assert {f"L{layer} H{head}" for layer in range(L) for head in range(nh)} <= set(values)
    assert abs(sum(values.values()) - ref["logits"][last, top]) < 1e-4
    assert float(at.metric[0].value) == pytest.approx(ref["logits"][last, top], abs=1e-4)
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "frozen" in text and "TransformerLens" in text and "add up to" in text


def test_a_chosen_position_and_target_update_the_chart(ref):
    at = open_page(PAGE, TEXT)
    position = 6  # after "ROMEO:\n"
    at.select_slider(key="attr_position").set_value(position).run()
    options = at.selectbox(key=f"attr_target_{position}").options
    second = int(np.argsort(-ref["logits"][position])[1])  # the model's second most likely token there
    assert len(options) == 10
    at.selectbox(key=f"attr_target_{position}").set_value(second).run()
    assert not at.exception
    spec = chart(at, f"logit of '{ref['vocab'][second]}' after position {position} ")
    assert abs(sum(bar_values(spec).values()) - ref["logits"][position, second]) < 1e-4
    # any single token typed in wins over the list, and a bad one is said so
    at.text_input(key="attr_typed").input("z").run()
    spec = chart(at, f"logit of 'z' after position {position} ")
    assert abs(sum(bar_values(spec).values()) - ref["logits"][position, ref["vocab"].index("z")]) < 1e-4
    at.text_input(key="attr_typed").input("zz").run()
    assert any("not exactly one token" in w.value for w in at.warning)
    chart(at, f"logit of '{ref['vocab'][second]}' after position {position} ")


def test_bars_sort_by_value_or_by_layer(ref):
    at = open_page(PAGE, TEXT)
    spec = chart(at, "logit of ")
    values = bar_values(spec)
    by_value = bar_order(spec)
    assert [values[label] for label in by_value] == sorted(values.values(), reverse=True)
    at.button_group(key="attr_sort").set_value("layer").run()
    by_layer = bar_order(chart(at, "logit of "))
    assert by_layer[:3] == ["token embedding (wte)", "position embedding (wpe)", "L0 H0"]
    assert by_layer[-1] == "final norm bias (ln_f)" and by_layer.index("L0 MLP") < by_layer.index("L1 H0")


def test_a_click_on_a_head_bar_opens_that_head_on_the_attention_page(ref):
    at = open_page(PAGE, TEXT)
    bars = chart_element(at, "logit of ")
    click_chart(at, bars, [{"curve_number": 2, "point_number": 0, "point_index": 0, "x": 0.5, "y": 3,
                            "customdata": [2, 1, "L2 H1"]}])
    assert (at.session_state["layer"], at.session_state["head"]) == (2, 1)
    assert not at.exception
    assert at.title[0].value == t("attention.title", lang="en")
    canvas(at, "L2 H1 attention pattern")
    # a click on a part that is not a head (an MLP: no head) stays on the page
    at = open_page(PAGE, TEXT)
    click_chart(at, chart_element(at, "logit of "), [{"curve_number": 4, "point_number": 0, "point_index": 0,
                                                      "x": 1.0, "y": 0, "customdata": [3, -1, "L3 MLP"]}])
    assert at.title[0].value == t("attribution.title", lang="en")


# ---- patching ----------------------------------------------------------------------------------------------------


def patching_page(text: str = TEXT, **state):
    return open_page(PAGE, text, attribution_topic="patching", **state)


def text_area(at, label: str):
    (found,) = [a for a in at.text_area if a.label.startswith(label)]
    return found


def token_box(at, label: str):
    (found,) = [box for box in at.text_input if box.label.startswith(label)]
    return found


def test_patching_heatmaps_are_gpt_cores_and_layer_0_recovers_the_edited_position(shipped, ref):
    at = patching_page()
    assert not all_charts(at)  # nothing is computed before the button
    clean, corrupt = text_area(at, "Clean prompt").value, text_area(at, "Corrupted prompt").value
    assert clean == TEXT and corrupt != clean
    clean_ids, corrupt_ids = shipped.tokenizer.encode(clean), shipped.tokenizer.encode(corrupt)
    differ = [p for p in range(len(clean_ids)) if clean_ids[p] != corrupt_ids[p]]
    assert len(corrupt_ids) == len(clean_ids) and len(differ) == 1  # a one-token edit
    answer, wrong = (parse_token(shipped.tokenizer, token_box(at, label).value, ref["vocab"])
                     for label in ("Answer token", "Wrong token"))
    at.button(key="patch_run").click().run()
    assert not at.exception
    L, nh, T = ref["L"], ref["nh"], ref["T"]
    resid = decode_float(chart(at, "residual stream before each layer")["data"][0]["z"])
    heads = decode_float(chart(at, "each head's output")["data"][0]["z"])
    mlp = decode_float(chart(at, "each MLP's output")["data"][0]["z"])
    assert resid.shape == (L, T) and heads.shape == (L, nh) and mlp.shape == (L, T)
    expected = np.zeros(T)
    expected[differ[0]] = 1.0
    np.testing.assert_allclose(resid[0], expected, atol=1e-5)  # layer 0: exactly the edited position
    assert np.all(np.abs(resid[:, :differ[0]]) < 1e-6)  # nothing before it
    reference = activation_patching(shipped.model, clean_ids, corrupt_ids, answer, wrong)
    np.testing.assert_allclose(resid, reference.resid_pre, atol=1e-4)
    np.testing.assert_allclose(heads, reference.head_out, atol=1e-4)
    np.testing.assert_allclose(mlp, reference.mlp_out, atol=1e-4)
    layout = chart(at, "residual stream before each layer")["layout"]
    assert "→" in layout["xaxis"]["ticktext"][differ[0]]  # the edited token on the axis: clean→corrupted
    assert [s["x0"] for s in layout["shapes"]] == [differ[0] - 0.5]  # its column outlined


@pytest.mark.parametrize("corrupt,expected", [
    ("ROMEO:\nBut soft, what lights", "need the same number of tokens"),
    ("ROMEO:\nBut soft, what light", "nothing for patching to recover"),
    ("", "at least one token"),
])
def test_patching_bad_prompts_get_a_clear_message_and_no_exception(corrupt, expected):
    at = patching_page()
    text_area(at, "Corrupted prompt").input(corrupt).run()
    assert not at.exception
    shown = [e.value for e in [*at.error, *at.info]]
    assert any(expected in s for s in shown), shown
    assert not [b for b in at.button if b.key == "patch_run"]
    assert not all_charts(at)


def test_a_long_text_is_patched_on_its_last_64_tokens(shipped):
    text = "To be, or not to be, that is the question:\n" * 3  # 129 tokens
    at = patching_page(text)
    assert any("the clean prompt is its last 64" in n for n in notices(at)), notices(at)
    clean = text_area(at, "Clean prompt").value
    assert text.endswith(clean) and len(shipped.tokenizer.encode(clean)) == 64
    assert at.button(key="patch_run").label.endswith(f"({shipped.config.n_layer * (2 * 64 + 4)} patched forward passes)")


def test_patching_unequal_lengths_in_chinese():
    at = patching_page(lang="zh")
    text_area(at, t("attribution.patch.corrupt", lang="zh")).input(TEXT + "s").run()
    assert not at.exception
    assert at.error[0].value == t("attribution.patch.problem.unequal", lang="zh", clean=27, corrupt=28)


def test_patching_same_answer_and_wrong_tokens_say_so():
    at = patching_page()
    answer = token_box(at, "Answer token").value
    token_box(at, "Wrong token").input(answer).run()
    assert not at.exception and "are the same" in at.error[0].value


# ---- neurons -----------------------------------------------------------------------------------------------------


def test_neurons_are_the_most_active_ones_and_a_pick_shows_its_vocab_effect(shipped, ref):
    at = open_page(PAGE, TEXT, attribution_topic="neurons")
    spec = chart(at, "most active neurons")
    expected = most_active_neurons(ref["cache"], ref["L"], 5)
    custom = spec["data"][0]["customdata"]
    assert [(c[0], c[1]) for c in custom] == [(n.layer, n.neuron) for row in expected for n in row]
    np.testing.assert_allclose(decode_float(spec["data"][0]["y"]), [n.max_activation for row in expected for n in row],
                               atol=1e-5)
    top = max((n for row in expected for n in row), key=lambda n: n.max_activation)
    assert chart(at, f"L{top.layer} N{top.neuron} promotes")  # the default: the text's most active neuron
    at.selectbox(key="neuron_layer_pick").set_value(1).run()
    at.number_input(key="neuron_index_pick").set_value(7).run()
    assert not at.exception and at.session_state["neuron_choice"] == (1, 7)
    effect = neuron_vocab_effect(shipped.model, 1, 7, 10)
    promoted = chart(at, "L1 N7 promotes")["data"][0]
    np.testing.assert_allclose(decode_float(promoted["x"]), effect["promoted_values"], atol=1e-5)
    assert list(promoted["customdata"]) == [ref["vocab"][i] for i in effect["promoted_ids"]]
    suppressed = chart(at, "L1 N7 suppresses")["data"][0]
    np.testing.assert_allclose(decode_float(suppressed["x"]), effect["suppressed_values"], atol=1e-5)
    # its activation over the text, one shaded token per position with the value in its hover title
    acts = ref["cache"]["transformer.h.1.mlp.hook_post"][0, :, 7].numpy()
    html = at.get("html")[0].proto.body
    assert html.count('class="act-tok"') == ref["T"] and f"activation {acts[3]:.4f}" in html
    # a click on a bar picks that neuron
    bars = chart_element(at, "most active neurons")
    first = custom[0]
    click_chart(at, bars, [{"curve_number": 0, "point_number": 0, "point_index": 0, "x": 0, "y": 1.0,
                            "customdata": first}])
    assert at.session_state["neuron_choice"] == (first[0], first[1])
    chart(at, f"L{first[0]} N{first[1]} promotes")


# ---- both languages, every family ----------------------------------------------------------------------------


@pytest.mark.parametrize("topic", ["dla", "patching", "neurons"])
def test_chinese_has_no_exception_and_no_english_prose(topic):
    at = open_page(PAGE, TEXT, lang="zh", attribution_topic=topic)
    if topic == "patching":
        at.button(key="patch_run").click().run()
        assert not at.exception and len(all_charts(at)) == 3
    shown = main_area_strings(at)
    phrases, labels = english_prose()
    leaks = sorted({p for p in phrases if any(p in s for s in shown)} | {s for s in shown if s in labels})
    assert not leaks, leaks
    assert at.title[0].value == "为什么这样预测"


@pytest.fixture(scope="module")
def family_models(tmp_path_factory):
    pytest.importorskip("transformers")
    from gpt_core.checkpoint import load_checkpoint
    from hf_fixtures import fixture_tokenizer, save_family

    tokenizer = fixture_tokenizer()
    out = {}
    for name in ("gpt2", "llama-gqa"):
        folder = tmp_path_factory.mktemp(name)
        save_family(name, folder, tokenizer)
        out[name] = load_checkpoint(folder)
    return out


@pytest.mark.parametrize("name", ["gpt2", "llama-gqa"])
def test_every_view_works_on_gpt2_and_llama_with_grouped_query_attention(family_models, name):
    ckpt = family_models[name]
    text = "hello world and more text to read"
    ids = ckpt.tokenizer.encode(text)
    key = f"user:{name}"
    with torch.no_grad():
        logits, _ = ckpt.model(torch.tensor([ids]))
    at = open_page(PAGE, text, user_models={key: ckpt}, model_key=key)
    values = bar_values(chart(at, "logit of "))
    assert abs(sum(values.values()) - float(logits[0, -1].max())) < 1e-3 * max(1.0, abs(float(logits[0, -1].max())))
    assert sum(label.startswith("L0 H") for label in values) == ckpt.config.n_head  # query heads under GQA too
    at = open_page(PAGE, text, user_models={key: ckpt}, model_key=key, attribution_topic="patching")
    at.button(key="patch_run").click().run()  # a one-token corruption was suggested for this BPE text too
    assert not at.exception
    heads = decode_float(chart(at, "each head's output")["data"][0]["z"])
    assert heads.shape == (ckpt.config.n_layer, ckpt.config.n_head)
    resid = decode_float(chart(at, "residual stream before each layer")["data"][0]["z"])
    assert resid.shape == (ckpt.config.n_layer, len(ids)) and np.isclose(resid[0].max(), 1.0, atol=1e-4)
    open_page(PAGE, text, user_models={key: ckpt}, model_key=key, attribution_topic="neurons")
