"""Bad input, each answered with a clear message and nothing lost: every URL parameter, the model path, the Train
page's fields, uploads, a job killed mid-step and the runs folder going away (the last two: test_jobs_worker.py).

Two levels: every parameter of explorer.analysis.share.PARAMS through parse_query (fast, exhaustive), and whole
pages under AppTest with every parameter of the page set to the same bad value at once (the page must render,
raise nothing, and never echo the value as HTML).
"""
from __future__ import annotations

import math
from urllib.parse import unquote

import pytest

from explorer.analysis.share import PARAMS, parse_query
from explorer.model_paths import PathRefused, resolve_model_path
from gpt_core.checkpoint import CheckpointError, load_checkpoint_bytes
from gpt_core.data import CorpusError, corpus_from_bytes

from apptest import SHIPPED_MODEL, new_app, page_path

BAD = {
    "empty": "",
    "huge": "9" * 5000,
    # %FF%FE caf%E9 in a URL: Streamlit unquotes query strings with errors="replace" (urllib), so U+FFFD arrives
    "non_utf8": unquote("%FF%FE caf%E9"),
    "negative": "-3",
    "nan": "NaN",
    "traversal": "../../etc/passwd",
    "script": "<script>alert(1)</script>",
}
PAGES = sorted({page for p in PARAMS for page in p.pages})


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("page", PAGES)
def test_every_parameter_refuses_bad_values(page, kind):
    value = BAD[kind]
    names = {p.name for p in PARAMS if not p.pages or page in p.pages}
    parsed = parse_query({name: value for name in names}, page)
    for name, typed in parsed.values.items():
        if isinstance(typed, float):
            assert math.isfinite(typed) and typed >= 0, (name, typed)
        if isinstance(typed, int) and not isinstance(typed, bool):
            assert typed >= 0, (name, typed)
        if isinstance(typed, str) and name != "model":  # a model value is checked against the listing later
            assert "<script" not in typed.lower(), (name, typed)
    if kind in ("negative", "nan", "script", "huge"):
        assert parsed.problems, f"{kind} for {sorted(names)} gave no notice"


def no_html_echo(at) -> None:
    for element in at.markdown:
        if getattr(element.proto, "allow_html", False):
            assert "<script" not in element.value.lower(), element.value


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("page", ["attention", "next_token", "train"])
def test_pages_render_with_every_parameter_bad(page, kind):
    at = new_app()
    value = BAD[kind]
    names = {p.name for p in PARAMS if not p.pages or page in p.pages} | {"model", "job"}
    for name in names:
        at.query_params[name] = value
    at.switch_page(page_path(page)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title or at.info, "the page did not render"  # no text to show: it says so instead of drawing
    assert at.info or at.warning or at.error, "a bad link was answered without a notice"
    no_html_echo(at)


@pytest.mark.parametrize("kind", BAD)
def test_the_train_pasted_text_field(kind):
    at = new_app(train_source="paste", train_paste=BAD[kind], train_n_layer=1, train_n_embd=16, train_block_size=16)
    at.switch_page(page_path("train")).run()
    assert not at.exception, [e.message for e in at.exception]
    no_html_echo(at)
    if kind == "empty":
        assert at.button(key="train_start").disabled  # nothing to train on: Start waits for a text


@pytest.mark.parametrize("field, value", [("train_steps", -5), ("train_steps", 10**12), ("train_batch", 0),
                                          ("train_lr", float("nan")), ("train_seed", -1), ("train_n_embd", -8),
                                          ("train_block_size", 10**9), ("train_dropout", float("nan"))])
def test_the_train_number_fields(field, value):
    """A value no widget would give (a stale or forged session state): refused or clamped, never a crash."""
    at = new_app(**{field: value})
    at.switch_page(page_path("train")).run()
    assert not at.exception, [e.message for e in at.exception]


@pytest.mark.parametrize("kind", BAD)
def test_model_paths(kind):
    with pytest.raises(PathRefused):
        resolve_model_path(BAD[kind])


def upload_cases():
    good = SHIPPED_MODEL.read_bytes()
    return {"truncated": good[: len(good) // 2], "zero_byte": b"", "header_only": good[:8],
            "renamed_text": b"To be, or not to be" * 100, "renamed_zip": b"PK\x03\x04" + b"\x00" * 200}


@pytest.mark.parametrize("kind", ["truncated", "zero_byte", "header_only", "renamed_text", "renamed_zip"])
def test_checkpoint_uploads(kind):
    with pytest.raises(CheckpointError) as refused:
        load_checkpoint_bytes(upload_cases()[kind])
    assert str(refused.value)  # a message to show


def test_corpus_uploads_too_large_empty_and_binary():
    with pytest.raises(CorpusError, match="MB"):
        corpus_from_bytes(b"a" * 10_000, "big.txt", max_bytes=1_000)  # 10x the limit
    with pytest.raises(CorpusError):
        corpus_from_bytes(b"", "empty.txt")
    with pytest.raises(CorpusError):
        corpus_from_bytes(SHIPPED_MODEL.read_bytes()[:50_000], "weights.txt")  # a renamed binary
