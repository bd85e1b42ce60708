"""Reading and writing a view's link (explorer/analysis/share.py): every kind of bad value is dropped with a
problem, never an exception; writing keeps only what differs from the defaults."""
from __future__ import annotations

import re

import pytest

from explorer.analysis import share
from explorer.analysis.share import (MAX_TEXT_CHARS, Limits, check_limits, encode_view, parse_query, params_for)

from apptest import REPO

LIMITS = Limits(n_layer=4, n_head=4, vocab_size=65, n_tokens=20)


def codes(parsed_or_problems) -> list[tuple[str, str]]:
    problems = getattr(parsed_or_problems, "problems", parsed_or_problems)
    return [(p.code, p.name) for p in problems]


def test_a_good_link_parses_to_typed_values():
    parsed = parse_query({"text": "To be", "layer": "1", "head": "2", "cell": "5, 3", "lang": "zh",
                          "model": "shipped:induction_2layer.safetensors"}, "attention")
    assert parsed.values == {"text": "To be", "layer": 1, "head": 2, "cell": (5, 3), "lang": "zh",
                             "model": "shipped:induction_2layer.safetensors"}
    assert not parsed.problems
    assert check_limits(parsed.values, LIMITS, "attention") == (parsed.values, [])


@pytest.mark.parametrize("name, value, code", [
    ("layer", "abc", "not_a_number"), ("layer", "-1", "not_a_number"), ("layer", "1.5", "not_a_number"),
    ("layer", "1e3", "not_a_number"), ("layer", "", "not_a_number"), ("layer", "0x1", "not_a_number"),
    ("layer", "99999999999", "not_a_number"), ("head", "２", "not_a_number"),  # a full-width digit is no digit here
    ("layer", "<script>alert(1)</script>", "not_a_number"), ("head", "1;DROP TABLE", "not_a_number"),
    ("cell", "3", "not_a_cell"), ("cell", "a,b", "not_a_cell"), ("cell", "1,2,3", "not_a_cell"),
    ("cell", "-1,0", "not_a_cell"), ("lang", "fr", "not_a_choice"), ("unknown", "drop", "not_a_choice"),
    ("layer", "1\x00", "control_chars"), ("model", "x" * 1001, "too_long"), ("model", "\ufffd\ufffd", "bad_encoding"),
    ("model", "<img src=x onerror=alert(1)>", "model"), ("model", "", "model"),
    ("text", "caf\ufffd", "bad_encoding"), ("text", "a\x07b", "control_chars"),
    ("text", "<script>alert('x')</script>", "markup"), ("text", "<IMG SRC=x OnError=alert(1)>", "markup"),
    ("text", "click javascript:alert(1)", "markup"), ("text", "<svg/onload=alert(1)>", "markup"),
])
def test_every_bad_value_is_dropped_with_a_problem(name, value, code):
    parsed = parse_query({name: value}, "attention")
    assert name not in parsed.values
    assert codes(parsed) == [(code, name)]


@pytest.mark.parametrize("page, name, value, code", [
    ("next_token", "temp", "nan", "not_a_number"), ("next_token", "temp", "inf", "not_a_number"),
    ("next_token", "temp", "1e-3", "not_a_number"), ("next_token", "temp", "2.5", "out_of_range"),
    ("next_token", "topp", "0", "out_of_range"), ("next_token", "seed", "4294967296", "out_of_range"),
    ("softmax_mask", "tau", "0.01", "out_of_range"), ("softmax_mask", "scale", "maybe", "not_a_choice"),
    ("embeddings", "dims", "4D", "not_a_choice"), ("labs", "lab", "unicorns", "not_a_choice"),
    ("what_if", "exp", "../../etc", "not_a_choice"),
])
def test_page_settings_with_fixed_ranges_are_checked_at_once(page, name, value, code):
    parsed = parse_query({name: value}, page)
    assert name not in parsed.values and codes(parsed) == [(code, name)]


def test_floats_go_onto_the_slider_grid_and_booleans_read_words():
    assert parse_query({"temp": "0.333", "topp": ".9"}, "next_token").values == {"temp": 0.35, "topp": 0.9}
    assert parse_query({"scale": "off"}, "softmax_mask").values == {"scale": False}
    assert parse_query({"scale": "1"}, "softmax_mask").values == {"scale": True}


def test_model_ranges_are_checked_against_the_loaded_model_and_text():
    values = parse_query({"layer": "4", "head": "3", "cell": "19,20"}, "attention").values
    kept, problems = check_limits(values, LIMITS, "attention")
    assert kept == {"head": 3}
    assert [(p.code, p.name, p.params) for p in problems] == [
        ("out_of_range", "layer", {"lo": 0, "hi": 3}), ("out_of_range", "cell", {"lo": 0, "hi": 19})]
    one_token = Limits(n_layer=1, n_head=1, vocab_size=65, n_tokens=1)  # no earlier position to pick
    assert codes(check_limits({"pos": 0}, one_token, "next_token")[1]) == [("out_of_range", "pos")]
    assert check_limits({"topk": 65, "bars": 40}, LIMITS, "next_token")[0] == {"topk": 65, "bars": 40}
    assert codes(check_limits({"bars": 41}, LIMITS, "next_token")[1]) == [("out_of_range", "bars")]


def test_a_huge_text_is_cut_with_a_notice():
    parsed = parse_query({"text": "ab" * 5000}, "overview")
    assert parsed.values["text"] == ("ab" * 5000)[:MAX_TEXT_CHARS]
    assert [(p.code, p.params) for p in parsed.problems] == [("text_cut", {"n": 10_000, "max": MAX_TEXT_CHARS})]


def test_ordinary_text_with_angle_brackets_newlines_and_cjk_is_kept():
    for text in ("a < b and c > d", "ROMEO:\r\nBut soft", "床前明月光，疑是地上霜。", "emoji 🙂 ok", "x\ty"):
        parsed = parse_query({"text": text}, "overview")
        assert parsed.values["text"] == text.replace("\r\n", "\n") and not parsed.problems, text


def test_unknown_names_are_reported_once_other_pages_and_foreign_ones_are_ignored():
    parsed = parse_query({"zoom": "9", "<b>x</b>": "1", "temp": "0.5", "job": "abc", "embed": "true"}, "attention")
    assert parsed.values == {}  # temp belongs to Next token: ignored here
    assert [(p.code, p.params["n"]) for p in parsed.problems] == [("unknown", 2)]
    assert "zoom" in parsed.problems[0].name
    many = parse_query({f"p{i}": "1" for i in range(30)}, "attention").problems[0]
    assert many.name.endswith("(+22)") and len(many.name) < 100


def test_shown_values_are_one_short_line():
    assert share.shown("a\nb\tc") == "a b c"
    assert len(share.shown("x" * 500)) == share.MAX_SHOWN_CHARS


def test_writing_keeps_only_what_differs_from_the_defaults():
    values = {"model": "shipped:a", "text": "hello", "lang": "en", "unknown": "skip", "layer": 0, "head": 2,
              "cell": None}
    params, cut = encode_view(values, "attention", {"model": "shipped:a", "text": "hello"}, LIMITS)
    assert params == {"head": "2"} and not cut
    params, _ = encode_view({**values, "model": "hf:gpt2", "cell": (5, 3), "lang": "zh"}, "attention",
                            {"model": "shipped:a", "text": "hi"}, LIMITS)
    assert params == {"model": "hf:gpt2", "text": "hello", "lang": "zh", "head": "2", "cell": "5,3"}
    nt = encode_view({"temp": 1.0, "topk": 0, "topp": 1.0, "bars": 10, "pos": None, "seed": 7}, "next_token",
                     limits=LIMITS)[0]
    assert nt == {"seed": "7"}  # bars' default min(V, 10) comes from the model
    assert encode_view({"temp": 0.35000000001, "scale": False}, "next_token", limits=LIMITS)[0] == {"temp": "0.35"}
    assert encode_view({"scale": False, "tau": 2.0}, "softmax_mask", limits=LIMITS)[0] == {"scale": "0", "tau": "2"}


def test_writing_caps_the_text():
    params, cut = encode_view({"text": "x" * 5000}, "overview", {"text": ""})
    assert cut and len(params["text"]) == MAX_TEXT_CHARS


@pytest.mark.parametrize("page", ["attention", "softmax_mask", "next_token", "embeddings", "tokenization", "labs",
                                  "what_if", "show_math", "overview", "compare"])
def test_a_written_link_reads_back_to_the_same_values(page):
    own = params_for(page)
    sample = {"text": "ROMEO: a < b", "lang": "zh", "unknown": "replace", "model": "hf:gpt2", "layer": 3, "head": 1,
              "cell": (7, 2), "row": 4, "scale": False, "tau": 2.5, "pos": 5, "temp": 0.7, "topk": 12, "topp": 0.85,
              "bars": 20, "seed": 42, "dims": "3D", "sum": "pos", "stage": 2, "lab": "mlp", "exp": "mask",
              "mode": "prompts", "b": "hf:gpt2", "textb": "What sound"}
    values = {name: value for name, value in sample.items() if name in own}
    params, _ = encode_view(values, page, {"model": "shipped:a", "text": ""}, LIMITS)
    parsed = parse_query(params, page)
    assert not parsed.problems
    assert check_limits(parsed.values, LIMITS, page) == (values, [])


def test_the_topic_names_match_the_pages():
    from explorer.ui.labs import LABS
    from explorer.ui.what_if import EXPERIMENTS

    from explorer.analysis.compare import MODES

    assert share.LABS == tuple(LABS) and share.EXPERIMENTS == tuple(EXPERIMENTS) and share.COMPARE_MODES == MODES


def test_every_state_key_is_one_the_app_uses():
    """A renamed widget key would silently break links: every parameter's key must appear in the app's code."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in
                       [*(REPO / "pages").glob("*.py"), *(REPO / "explorer" / "ui").rglob("*.py")])
    virtual = {"_math_cell"}  # explorer/ui/share.py maps it to _math_i and _math_j
    missing = [p.state_key for p in share.PARAMS
               if p.state_key not in virtual and not re.search(rf"[\"']{re.escape(p.state_key)}[\"']", source)
               and not p.state_key.endswith("_topic")]
    assert not missing, missing
