"""The shared test helpers (tests/apptest.py): AppTest's private API stays in one place; lookups fail loudly."""
from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from explorer.i18n import t

import apptest
from apptest import chart, chart_by_key, charts_containing, metric, open_page, page_path, trace

TESTS = Path(__file__).resolve().parent
# Spelled in pieces so that this file does not match itself.
PRIVATE = re.compile(re.escape("." + "_tree") + r"\b|" + re.escape("." + "_run("))
THE_ONE_PLACE = TESTS / "apptest.py"


def private_uses(source: str) -> list[str]:
    """The lines of source that use AppTest's private API (its _tree attribute, its _run method)."""
    return [line.strip() for line in source.splitlines() if PRIVATE.search(line)]


def test_the_scan_finds_private_calls():
    assert private_uses("states = at." + "_tree.get_widget_states()\nat." + "_run(states)\n") == [
        "states = at." + "_tree.get_widget_states()", "at." + "_run(states)"]
    assert private_uses("at.run()\nself.subtree = 1\nat.tree\nat._running = True\n") == []
    assert private_uses(THE_ONE_PLACE.read_text(encoding="utf-8")), "click_chart no longer uses the private API?"


def test_apptest_private_api_is_used_only_in_apptest_py():
    offenders = {str(path.relative_to(TESTS)): uses for path in sorted(TESTS.rglob("*.py"))
                 if path != THE_ONE_PLACE and (uses := private_uses(path.read_text(encoding="utf-8")))}
    assert not offenders, f"AppTest's private API outside tests/apptest.py (wrap it there): {offenders}"


def test_page_path_takes_a_name_or_a_path():
    assert page_path("attention") == page_path("pages/attention.py") == "pages/attention.py"
    assert (apptest.REPO / page_path("next_token")).is_file()
    assert apptest.APP.is_file() and apptest.SHIPPED_MODEL.is_file()


@pytest.mark.parametrize("page", ["next_token", "pages/attention.py", "overview"])
def test_open_page_lands_on_the_page_asked_for(page):
    """open_page switches before any run (no custom url_path in app.py's navigation); the page shown is that one."""
    name = page_path(page).removeprefix("pages/").removesuffix(".py")
    at = open_page(page, "To be, or not to be")
    assert [title.value for title in at.title][:1] == [t(f"{name}.title")]


# ---- lookups on a stand-in for an AppTest run: only what the helpers read ------------------------------------


def fake_run(titles: list[str], metrics: dict[str, str] | None = None):
    elements = [SimpleNamespace(proto=SimpleNamespace(id=f"$$ID-{n}-chart_{n}", spec=json.dumps(
        {"layout": {"title": {"text": title}}, "data": [{"name": "a", "y": [n]}, {"name": "b"}]})))
        for n, title in enumerate(titles)]
    shown = [SimpleNamespace(label=label, value=value) for label, value in (metrics or {}).items()]
    return SimpleNamespace(get=lambda kind: elements if kind == "plotly_chart" else [], metric=shown)


def test_chart_wants_exactly_one_title_match():
    at = fake_run(["loss [steps=3]", "L0 H0 pattern", "L0 H0 pattern", "L1 H0 pattern"])
    assert chart(at, "loss")["layout"]["title"]["text"] == "loss [steps=3]"
    with pytest.raises(AssertionError, match="0 charts"):
        chart(at, "missing")
    with pytest.raises(AssertionError, match="2 charts"):  # same-titled charts are not collapsed into one
        chart(at, "L0 H0")
    assert len(charts_containing(at, "pattern")) == 3
    with pytest.raises(AssertionError, match="not in"):
        charts_containing(at, "missing")


def test_chart_by_key_trace_and_metric():
    at = fake_run(["x", "y"], {"loss, after": "1.5", "loss, after ablation": "2.0", "entropy": "0.1"})
    assert chart_by_key(at, "chart_1")["layout"]["title"]["text"] == "y"
    with pytest.raises(AssertionError, match="no chart with key"):
        chart_by_key(at, "chart_9")
    spec = chart(at, "x")
    assert trace(spec, "a") == {"name": "a", "y": [0]}
    with pytest.raises(AssertionError, match="no trace"):
        trace(spec, "c")
    assert metric(at, "entropy") == "0.1"
    assert metric(at, "loss, after", exact=True) == "1.5"
    with pytest.raises(AssertionError, match="2 metrics"):  # a prefix shared by two labels is ambiguous
        metric(at, "loss, after")
    with pytest.raises(AssertionError, match="0 metrics"):
        metric(at, "loss, aft", exact=True)
