"""AppTest of a view shared by URL: a link's parameters restore the view, bad ones fall back with a notice in the
reader's language, and the query string follows what the learner changes."""
from __future__ import annotations

import pytest

from explorer.analysis.share import MAX_TEXT_CHARS
from explorer.i18n import t

from apptest import canvas, new_app, page_path

TEXT = "ROMEO:\nBut soft, what light"
INDUCTION_KEY = "shipped:induction_2layer.safetensors"


def open_link(page: str, **params):
    """A fresh session opening /<page>?<params> (what a browser does with a shared link)."""
    at = new_app()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page_path(page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def share_notice(at) -> str:
    found = [i.value for i in at.info if i.value.startswith((t("share.notice_intro", "en"), t("share.notice_intro", "zh")))]
    assert len(found) <= 1, found
    return found[0] if found else ""


def test_a_link_restores_text_layer_head_and_cell_on_the_attention_page():
    at = open_link("attention", text=TEXT, layer="1", head="2", cell="5,3")
    assert at.sidebar.text_area(key="text").value == TEXT
    assert (at.session_state["layer"], at.session_state["head"]) == (1, 2)
    assert canvas(at, "L1 H2 attention pattern")["selected_cell"] == [5, 3]
    assert at.session_state["_attention_cell"] == (5, 3)
    assert t("attention.cell_hint") not in [i.value for i in at.info]  # the cell's maths is shown, not the hint
    assert not share_notice(at)
    assert dict(at.query_params) == {"text": TEXT, "layer": "1", "head": "2", "cell": "5,3"}  # kept as given
    link = at.sidebar.code[-1].value
    assert link.startswith("/attention?") and "layer=1&head=2&cell=5,3" in link


def test_bad_parameters_fall_back_with_a_notice():
    at = open_link("attention", text=TEXT, layer="abc", head="99", cell="1,2,3", zoom="<script>x</script>")
    assert (at.session_state["layer"], at.session_state["head"]) == (0, 0)
    canvas(at, "L0 H0 attention pattern")
    notice = share_notice(at)
    for piece in ("layer = “abc”: not a number", "head = “99”: outside 0–3", "cell = “1,2,3”", "not a setting"):
        assert piece in notice, notice
    assert "<script>" not in notice  # the link's words are escaped, never markup
    assert set(at.query_params) == {"text"}  # the unusable ones left the address bar


def test_the_notice_is_in_the_readers_language_and_scripts_in_the_text_are_refused():
    at = open_link("attention", lang="zh", text="<script>alert(1)</script>", head="x")
    notice = share_notice(at)
    assert notice.startswith(t("share.notice_intro", "zh")) and "看起来像网页代码" in notice and "不是数字" in notice
    assert at.sidebar.text_area(key="text").value != "<script>alert(1)</script>"
    assert at.session_state["lang"] == "zh" and at.query_params["lang"] == "zh"


def test_an_unknown_model_and_a_huge_text_fall_back_and_are_cut():
    at = open_link("overview", model="shipped:no_such_model.safetensors", text="a" * (MAX_TEXT_CHARS + 500))
    notice = share_notice(at)
    assert "no such model here" in notice and f"{MAX_TEXT_CHARS:,} of {MAX_TEXT_CHARS + 500:,}" in notice
    assert at.session_state["model_key"] in (None, "shipped:shakespeare_char.safetensors")
    assert len(at.sidebar.text_area(key="text").value) == MAX_TEXT_CHARS


def test_a_link_picks_a_model_by_its_key_and_the_pages_settings():
    at = open_link("next_token", model=INDUCTION_KEY, text="abcabc", temp="0.5", topk="5", seed="7")
    assert at.session_state["model_key"] == INDUCTION_KEY
    assert at.sidebar.text_area(key="text").value == "abcabc"  # not swapped for the model's suggestion
    assert at.slider(key="nt_temperature").value == 0.5 and at.slider(key="nt_top_k").value == 5
    assert at.number_input(key="nt_seed").value == 7
    assert not share_notice(at)
    assert at.query_params["model"] == INDUCTION_KEY and at.query_params["temp"] == "0.5"


def test_the_query_string_follows_the_learners_changes():
    at = open_link("attention", text=TEXT)
    assert dict(at.query_params) == {"text": TEXT}
    at.segmented_control(key="_attention_head").set_value(3).run()
    assert at.query_params["head"] == "3"
    at.sidebar.text_area(key="text").input("To be").run()
    assert at.query_params["text"] == "To be"
    at.segmented_control(key="_attention_head").set_value(0).run()
    assert "head" not in at.query_params  # back at the default: left out


@pytest.mark.parametrize("page, params, widget, expected", [
    ("softmax_mask", {"scale": "0", "tau": "2"}, ("toggle", "softmax_scale"), False),
    ("embeddings", {"dims": "3D"}, ("radio", "embeddings_dims"), "3D"),
    ("labs", {"lab": "mlp"}, ("segmented_control", "labs_topic_picker"), "mlp"),
])
def test_page_settings_are_restored(page, params, widget, expected):
    at = open_link(page, text=TEXT, **params)
    kind, key = widget
    assert getattr(at, kind)(key=key).value == expected
    assert {k: at.query_params[k] for k in params} == params
