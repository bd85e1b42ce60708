"""Bilingual UI: the en and zh catalogues match, every page renders in both languages, pages hold no prose.

1. Both catalogues have the same keys and, per key, the same format placeholders.
2. Every page of app.py renders under AppTest in English and in Simplified Chinese without an exception;
   the converted pages show their catalogue title and open with a "what am I looking at" paragraph
   that states the live shape T of the input, plus a link to a related page; the choice persists.
3. An AST scan: the converted pages (and the sidebar) pass no hard-coded English prose to Streamlit or
   to a figure builder, keep no TEXT dict, and every literal key they look up exists.
"""
from __future__ import annotations

import ast
import json
import math
import re
import string

import numpy as np
import pytest

from explorer import figures
from explorer.i18n import CATALOGUES, DEFAULT_LANGUAGE, LANGUAGES, t
from gpt_core.tokenizers import CharTokenizer

from apptest import REPO, all_canvases, chart_strings, english_prose, main_area_strings, new_app, open_page

ALL_PAGES = ("overview", "tokenization", "embeddings", "attention", "softmax_mask", "next_token", "attribution", "train",
             "labs", "what_if", "show_math")
CONVERTED = ("overview", "tokenization", "embeddings", "attention", "softmax_mask", "next_token", "attribution")
# Every file that draws: the pages and the streamlit layer (figures get their words from t() or the caller).
SCANNED_FILES = sorted((REPO / "pages").glob("*.py")) + sorted((REPO / "explorer" / "ui").rglob("*.py"))
TEXT = "ROMEO:\nBut soft, what light"  # short: 20 page renders must stay quick
WHAT = {"en": "**What am I looking at?**", "zh": "**我在看什么？**"}


# ---- 1. the catalogues ---------------------------------------------------------------------------------------


def placeholders(text: str):
    """The (field, format spec) pairs of a format string; None for text that is not one (e.g. raw LaTeX)."""
    try:
        return sorted({(field, spec) for _, field, spec, _ in string.Formatter().parse(text) if field is not None})
    except ValueError:
        return None


def test_both_catalogues_have_the_same_keys():
    en, zh = set(CATALOGUES["en"]), set(CATALOGUES["zh"])
    assert not en - zh, f"keys missing in zh: {sorted(en - zh)}"
    assert not zh - en, f"keys only in zh: {sorted(zh - en)}"


def test_every_key_has_the_same_placeholders_in_both_languages():
    en, zh = CATALOGUES["en"], CATALOGUES["zh"]
    different = {key: (placeholders(en[key]), placeholders(zh[key])) for key in en.keys() & zh.keys()
                 if placeholders(en[key]) != placeholders(zh[key])}
    assert not different, different


def test_placeholder_check_can_fail():
    assert placeholders("{T} tokens of {V:,}") != placeholders("{T} 个词元")
    assert placeholders("{T} tokens of {V:,}") == placeholders("{V:,} 中的 {T} 个词元")


def test_no_translation_is_left_empty_or_untranslated_prose():
    zh = CATALOGUES["zh"]
    empty = [key for key, value in zh.items() if not value.strip() and CATALOGUES["en"][key].strip()]
    assert not empty, empty
    # a converted page's sentences must not be copied over in English: titles and long texts differ
    for page in CONVERTED:
        assert zh[f"{page}.title"] != CATALOGUES["en"][f"{page}.title"], page
        assert zh[f"{page}.what"] != CATALOGUES["en"][f"{page}.what"], page


# ---- figure labels written by explorer/figures/base.py -------------------------------------------------------------


FIGURE_TERMS = "figure_terms."


def figure_term_keys_unused(source: str) -> list[str]:
    """The figure_terms keys that source never names as a literal "figure_terms.<key>" (builders look them up so)."""
    return sorted(key for key in CATALOGUES["en"] if key.startswith(FIGURE_TERMS)
                  and f'"{key}"' not in source and f"'{key}'" not in source)


def test_every_figure_term_is_looked_up_by_a_builder():
    """Each figure term is read by some builder in explorer/figures (else it is dead text, or a builder
    lost its translation by spelling the key another way)."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in sorted((REPO / "explorer" / "figures").glob("*.py")))
    assert not figure_term_keys_unused(source)
    assert figure_term_keys_unused(source.replace('"figure_terms.weight"', "")) == ["figure_terms.weight"]  # can fail


@pytest.fixture
def in_chinese(monkeypatch):
    """Figures built as inside a Streamlit run with the sidebar set to 简体中文 (t() reads the language lazily)."""
    monkeypatch.setattr("explorer.i18n.current_language", lambda: "zh")


def test_builders_write_their_own_labels_in_the_current_language(in_chinese):
    fig = figures.attention_heatmap([[1.0, 0.0], [0.4, 0.6]], ["a", "b"])
    assert fig.layout.xaxis.title.text == "键 j（被关注的位置）" == t("figure_terms.key_attended", lang="zh")
    assert fig.layout.yaxis.title.text == t("figure_terms.query_attending", lang="zh")
    assert fig.layout.title.text == "注意力模式 [T=2, T=2]"  # the default title too
    assert fig.layout.annotations[0].text == t("figure_terms.masked_note", lang="zh")
    assert fig.data[0].colorbar.title.text == "权重"
    assert fig.data[0].customdata[1][0] == "查询 'b' (1) → 键 'a' (0)"  # per-cell hover strings
    clickable = figures.attention_heatmap([[1.0, 0.0], [0.4, 0.6]], ["a", "b"], selectable=True)
    assert list(clickable.data[1].text) == ["查询 'a' (0) → 键 'a' (0): 1.000", "查询 'b' (1) → 键 'a' (0): 0.400",
                                            "查询 'b' (1) → 键 'b' (1): 0.600"]  # the click overlay's hover too
    row = figures.row_inspector([0.5, -0.2], [0.5, -math.inf], [1.0, 0.0], ["a", "b"], 0)
    assert [a.text for a in row.layout.annotations][0] == "缩放后的分数 q·k/√hs [T=2]"
    assert row.data[0].hovertemplate == "键 '%{customdata}'（%{x}）：%{y:.3f}<extra></extra>"  # plotly's %{...} intact
    loss = figures.loss_curve([{"step": 0, "train_loss": 4.0, "val_loss": 4.1}, {"step": 10, "train_loss": 3.0}])
    assert [d.name for d in loss.data] == ["训练", "验证"] and loss.layout.xaxis.title.text == "步数"
    assert loss.layout.title.text == "交叉熵损失（奈特/词元）"
    assert "第 %{x} 步" in loss.data[0].hovertemplate


def test_builders_write_english_outside_a_streamlit_run():
    fig = figures.attention_heatmap([[1.0, 0.0], [0.4, 0.6]], ["a", "b"])
    assert fig.layout.xaxis.title.text == "key j (attended to)"
    assert fig.data[0].customdata[1][0] == "query 'b' (1) → key 'a' (0)"
    row = figures.row_inspector([0.5, -0.2], [0.5, -math.inf], [1.0, 0.0], ["a", "b"], 0)
    assert row.data[0].hovertemplate == "key '%{customdata}'(%{x}): %{y:.3f}<extra></extra>"


def test_hover_grid_cache_keeps_the_languages_apart(monkeypatch):
    labels = ["x", "y"]
    english = figures.attention_heatmap([[1.0, 0.0], [0.4, 0.6]], labels).data[0].customdata
    monkeypatch.setattr("explorer.i18n.current_language", lambda: "zh")
    chinese = figures.attention_heatmap([[1.0, 0.0], [0.4, 0.6]], labels).data[0].customdata  # same tokens, cached
    assert english[1][0] == "query 'y' (1) → key 'x' (0)" and chinese[1][0] == "查询 'y' (1) → 键 'x' (0)"


def builders_labels() -> list[str]:
    """What every explorer.figures.base builder writes itself, with no title or label of the caller's: chart
    titles, notes, axis and colour-bar titles, legend entries."""
    causal = np.tril(np.ones((3, 3))) / np.arange(1, 4)[:, None]
    demo = {"d": [4, 16], "var_dot": [4.0, 16.0], "var_scaled": [1.0, 1.0], "max_prob_unscaled": [0.5, 0.9],
            "max_prob_scaled": [0.4, 0.4]}
    figs = [
        figures.attention_heatmap(causal, ["a", "b", "c"]),
        figures.attention_heatmap(np.tril(np.ones((128, 128))) / np.arange(1, 129)[:, None], ["a"] * 128),
        figures.attention_grid(np.tile(causal, (2, 2, 1, 1))),
        figures.score_heatmap(np.where(causal > 0, 1.0, -np.inf), ["a", "b", "c"]),
        figures.row_inspector([0.5, -0.2], [0.5, -math.inf], [1.0, 0.0], ["a", "b"], 0),
        figures.row_sums_bar({"m": [1.0, 1.0]}, ["a", "b"]),
        figures.next_token_bars(["a", "b"], [0.6, 0.4], [0.7, 0.3]),
        figures.logit_lens_figure([{"name": "x", "ids": [0, 1], "probs": [0.6, 0.4]}], ["a", "b"]),
        figures.embedding_scatter(np.eye(3)[:, :2], ["a", "b", "c"], highlight_mask=[True, False, False]),
        figures.trajectory_figure(np.zeros((3, 2, 2)), ["a", "b"]),
        figures.matrix_heatmap(np.eye(2)),
        figures.loss_curve([{"step": 0, "train_loss": 4.0, "val_loss": 4.1}]),
        figures.parameter_bar({"wte": 10, "total": 10}),
        figures.head_score_heatmap(np.eye(2)),
        figures.flow_diagram([("ids", "[1, 2]")]),
        figures.scaling_figure(demo),
    ]
    specs = [json.loads(fig.to_json()) for fig in figs]
    shown = [s for spec in specs for s in chart_strings(spec)]
    shown += [d["colorbar"].get("title", {}).get("text", "") for spec in specs for d in spec["data"] if "colorbar" in d]
    shown += [spec["layout"]["coloraxis"]["colorbar"]["title"]["text"] for spec in specs if "coloraxis" in spec["layout"]]
    return [s for s in shown if s]


def test_no_english_left_on_a_builders_chart_in_chinese(monkeypatch):
    phrases, labels = english_prose((FIGURE_TERMS,))

    def leaks(shown: list[str]) -> list[str]:
        return sorted({p for p in phrases if any(p in s for s in shown)} | {s for s in shown if s in labels})

    assert len(leaks(builders_labels())) > 20  # in English (outside a Streamlit run): the check can fail
    monkeypatch.setattr("explorer.i18n.current_language", lambda: "zh")
    assert not leaks(builders_labels())


def test_text_prep_notices_come_from_the_catalogue():
    from explorer.analysis.text_prep import prepare_input

    notices = prepare_input(CharTokenizer("ab "), "abzz", 8).notices  # outside a Streamlit run: English
    assert notices[0].message == t("text_prep.unknown_many", n=2, verb=t("text_prep.verb_skip"), shown="'z'",
                                   more="", where="2, 3")


# ---- 2. every page in both languages --------------------------------------------------------------------------


@pytest.fixture(scope="module", params=list(LANGUAGES))
def rendered(request):
    """One AppTest session per language walking through every page: page -> what it showed."""
    lang = request.param
    at = new_app(TEXT, lang=lang).run()
    # AppTest drops the sidebar block after switch_page under st.navigation (a real browser keeps it), so the
    # sidebar is read on the first run only
    shown = {"sidebar_headers": [e.value for e in at.sidebar.header]}
    for page in ALL_PAGES:
        at.switch_page(f"pages/{page}.py").run()
        shown[page] = {
            "exceptions": [e.message for e in at.exception],
            "titles": [e.value for e in at.title],
            "markdown": [e.value for e in at.markdown],
            "links": [e.proto.page for e in at.get("page_link")],
            "lang": at.session_state["lang"],
        }
    return lang, shown


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_renders_in_both_languages(rendered, page):
    lang, shown = rendered
    assert not shown[page]["exceptions"], (lang, shown[page]["exceptions"])
    assert shown[page]["lang"] == lang  # the choice persists from page to page


@pytest.mark.parametrize("page", [p for p in ALL_PAGES if p != "train"])  # Train: test_page_train, before/after a run
def test_no_english_prose_in_the_main_area_in_chinese(page):
    """Every page in zh: no phrase of the English catalogues (two or more words, or a whole one-word label) in
    the main area's text, widget labels, alerts, metrics or chart titles, axes and series; identifiers, code
    and model tokens are not catalogue prose, so they pass."""
    at = open_page(page, text=TEXT, lang="zh")
    shown = main_area_strings(at)
    phrases, labels = english_prose()
    leaks = sorted({p for p in phrases if any(p in s for s in shown)} | {s for s in shown if s in labels})
    assert not leaks, leaks


def test_the_english_prose_check_can_fail():
    at = open_page("attention", text=TEXT, lang="en")
    phrases, _ = english_prose()
    assert any(p in s for p in phrases for s in main_area_strings(at))


def test_the_sidebar_speaks_the_chosen_language(rendered):
    lang, shown = rendered
    assert shown["sidebar_headers"] == [t("sidebar.model_header", lang=lang), t("sidebar.input_header", lang=lang)]


@pytest.mark.parametrize("page", CONVERTED)
def test_converted_pages_open_with_their_title_and_what_am_i_looking_at(rendered, page, shipped):
    lang, shown = rendered
    assert shown[page]["titles"][0] == t(f"{page}.title", lang=lang)
    T = len(shipped.tokenizer.encode(TEXT))
    what = shown[page]["markdown"][0]
    assert what.startswith(WHAT[lang]) and f"T={T}" in what, what  # the live shape of this input
    assert any(link.rstrip("/").split("/")[-1] != page for link in shown[page]["links"])


def test_switching_the_language_redraws_the_open_page():
    """What the sidebar radio (key "lang") does. AppTest cannot drive a sidebar widget under st.navigation
    (the sidebar block vanishes after the interaction; a real browser behaves), so the key is set directly;
    that the choice then holds on every page is checked by `rendered` above."""
    at = new_app(TEXT).run()
    assert at.radio(key="lang").options == list(LANGUAGES.values())
    at.switch_page("pages/attention.py").run()
    assert at.title[0].value == t("attention.title", lang="en")
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception and at.title[0].value == t("attention.title", lang="zh")
    axis_titles = [spec["col_title"] for spec in all_canvases(at)]
    assert t("figure_terms.key_attended", lang="zh") in axis_titles  # the large pattern's key axis
    hover_words = all_canvases(at)[0]["text"]
    assert hover_words["click"] == t("figure_terms.canvas_click", lang="zh")  # the grid's hover, in Chinese


# ---- 3. no prose hard-coded in the converted files ------------------------------------------------------------

STREAMLIT_CALLS = {
    "title", "header", "subheader", "markdown", "write", "caption", "text", "info", "warning", "error", "success",
    "toast", "html", "button", "download_button", "selectbox", "multiselect", "radio", "slider", "select_slider",
    "number_input", "text_input", "text_area", "toggle", "checkbox", "segmented_control", "pills", "metric",
    "expander", "tabs", "spinner", "page_link", "file_uploader", "Column", "TextColumn", "NumberColumn",
}
TEXT_KEYWORDS = {"label", "help", "placeholder", "title", "x_title", "y_title", "highlight_label", "show_spinner",
                 "caption", "text", "hover_name"}
WORD = re.compile(r"[A-Za-z]{2,}")


def literal_prose(node: ast.AST) -> str | None:
    """The literal text of a str constant or f-string (placeholders dropped); None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def hard_coded_prose(source: str, min_words: int = 3) -> list[str]:
    """Every literal of min_words or more English words passed as text to st.* or as a title/label argument."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        candidates = [kw.value for kw in node.keywords if kw.arg in TEXT_KEYWORDS]
        if name in STREAMLIT_CALLS and node.args:
            candidates.append(node.args[0])
        for arg in candidates:
            text = literal_prose(arg)  # a literal without a space is a key, a path or a symbol, not prose
            if text is not None and " " in text.strip() and len(WORD.findall(text)) >= min_words:
                found.append(f"line {arg.lineno}: {text!r}")
    return found


def test_the_scan_finds_hard_coded_prose():
    bad = ('st.info("Type some text first")\ncol.metric(f"Tokens that survive ({n})", 3)\n'
           'chart(figures.matrix_heatmap(m, title="position rows projected"))\n'
           '@st.cache_resource(show_spinner="Training a tokenizer now")\ndef f(): pass\n')
    assert len(hard_coded_prose(bad)) == 4
    good = ('st.info(t("a.b"))\nst.page_link("pages/labs.py", label=t("x", T=3))\nst.code(str(ids))\n'
            'fig = figures.matrix_heatmap(m, title=f"L{layer} H{head} q [T={T}, hs={hs}]")\n'
            'st.radio(t("k"), ["2D", "3D"])\n')
    assert hard_coded_prose(good) == []


@pytest.mark.parametrize("path", SCANNED_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_drawing_files_hold_no_hard_coded_prose(path):
    source = path.read_text(encoding="utf-8")
    assert hard_coded_prose(source) == []
    tree = ast.parse(source)
    assert not [n for n in tree.body if isinstance(n, ast.Assign)
                and any(getattr(target, "id", "") == "TEXT" for target in n.targets)], "prose belongs in the catalogue"


@pytest.mark.parametrize("path", SCANNED_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_key_a_file_looks_up_exists(path):
    english = CATALOGUES[DEFAULT_LANGUAGE]
    unknown = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "t" and node.args):
            continue
        first = node.args[0]
        for key in (first.body, first.orelse) if isinstance(first, ast.IfExp) else (first,):
            if isinstance(key, ast.Constant) and key.value not in english:
                unknown.append(key.value)
            elif isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
                prefix = key.values[0].value  # t(f"page.kind.{name}"): some key must start so
                if not any(k.startswith(prefix) for k in english):
                    unknown.append(prefix + "…")
    assert not unknown, unknown
