"""Driving the app under Streamlit's AppTest, shared by the page tests: open a page, find a chart, click one.

Every lookup asserts what it needs (a chart with that title exists, exactly once, ...) and says what the page
showed instead, so a test reads as the claims it makes about the page. `click_chart` is the one place in tests/
that uses AppTest's private API (tests/test_test_helpers.py keeps it so).
"""
from __future__ import annotations

import html
import json
import re
import string
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from explorer.figures.array_codec import decode_array
from explorer.i18n import CATALOGUES
from explorer.ui.canvas_chart import COMPONENT_NAME

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
SHIPPED_MODEL = REPO / "assets" / "shakespeare_char.safetensors"
INDUCTION_MODEL = REPO / "assets" / "induction_2layer.safetensors"
TIMEOUT = 120  # seconds per script run; AppTest's own default is 3 s, and two loaded cores are slow


def page_path(page: str) -> str:
    """ "attention" or "pages/attention.py" -> "pages/attention.py" (relative to app.py, as switch_page wants)."""
    return page if page.endswith(".py") else f"pages/{page}.py"


def new_app(text: str | None = None, timeout: float = TIMEOUT, **session_state) -> AppTest:
    """An AppTest of app.py with the sidebar text (when given) and session state preset, not yet run."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if text is not None:
        at.session_state["text"] = text
    for key, value in session_state.items():
        at.session_state[key] = value
    return at


def open_page(page: str, text: str | None = None, timeout: float = TIMEOUT, check: bool = True,
              **session_state) -> AppTest:
    """A first visit to one page, as a direct URL opens it: state preset, then switch_page(page).run().

    No run of the default page comes first: every page of app.py's st.navigation has the URL path of its
    file's stem, so switch_page finds it before any run (Streamlit's caveat concerns custom url_paths).
    With check, the run must end without an exception.
    """
    at = new_app(text, timeout, **session_state)
    at.switch_page(page_path(page)).run()
    if check:
        assert not at.exception, [e.message for e in at.exception]
    return at


# ---- charts: AppTest does not render plotly; each chart arrives as its figure JSON (element.proto.spec) ---------


def title_of(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def all_charts(at: AppTest) -> list[dict]:
    """Every plotly chart on the page, in page order, as figure JSON (same-titled charts all kept)."""
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def chart_specs(at: AppTest) -> dict[str, dict]:
    """Every plotly chart on the page as title -> figure JSON."""
    return {title_of(spec): spec for spec in all_charts(at)}


def _titled(at: AppTest, title_prefix: str) -> list[tuple[object, dict]]:
    pairs = [(element, json.loads(element.proto.spec)) for element in at.get("plotly_chart")]
    found = [(element, spec) for element, spec in pairs if title_of(spec).startswith(title_prefix)]
    assert len(found) == 1, f"{title_prefix!r}: {len(found)} charts in {[title_of(spec) for _, spec in pairs]}"
    return found


def chart(at: AppTest, title_prefix: str) -> dict:
    """The one chart whose title starts with title_prefix, as figure JSON."""
    return _titled(at, title_prefix)[0][1]


def chart_element(at: AppTest, title_prefix: str):
    """The AppTest element of the one chart whose title starts with title_prefix (what click_chart clicks)."""
    return _titled(at, title_prefix)[0][0]


def charts_containing(at: AppTest, fragment: str) -> list[dict]:
    """Every chart whose title contains fragment (at least one), as figure JSON."""
    specs = all_charts(at)
    found = [spec for spec in specs if fragment in title_of(spec)]
    assert found, f"{fragment!r} not in {[title_of(spec) for spec in specs]}"
    return found


def chart_by_key(at: AppTest, key: str) -> dict:
    """The chart drawn with st.plotly_chart(..., key=key), as figure JSON."""
    found = [e for e in at.get("plotly_chart") if e.proto.id.endswith("-" + key)]
    assert found, f"no chart with key {key!r} in {[e.proto.id for e in at.get('plotly_chart')]}"
    return json.loads(found[0].proto.spec)


def trace(spec: dict, name: str) -> dict:
    """The figure's first trace named name."""
    found = [d for d in spec["data"] if d.get("name") == name]
    assert found, f"no trace {name!r} in {[d.get('name') for d in spec['data']]}"
    return found[0]


# ---- canvas heatmaps (explorer/ui/canvas_chart.py): each arrives as its spec JSON, values as bytes --------------


def _canvas_elements(at: AppTest) -> list:
    return [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT_NAME]


def canvas_spec(element) -> dict:
    """A canvas chart's spec with its values decoded into "z": [R, C] for one matrix, [L, nh, T, T] for a grid."""
    spec = json.loads(element.proto.json)
    z = decode_array(spec["values"])  # [nbr, nbc, R, C]
    spec["z"] = z[0, 0] if spec["grid"] == [1, 1] else z
    return spec


def all_canvases(at: AppTest) -> list[dict]:
    """Every canvas heatmap on the page, in page order, decoded."""
    return [canvas_spec(e) for e in _canvas_elements(at)]


def _canvas_titled(at: AppTest, title_prefix: str):
    found = [e for e in _canvas_elements(at) if json.loads(e.proto.json)["title"].startswith(title_prefix)]
    assert len(found) == 1, (f"{title_prefix!r}: {len(found)} canvases in "
                             f"{[json.loads(e.proto.json)['title'] for e in _canvas_elements(at)]}")
    return found[0]


def canvas(at: AppTest, title_prefix: str) -> dict:
    """The one canvas heatmap whose title starts with title_prefix, decoded."""
    return canvas_spec(_canvas_titled(at, title_prefix))


def canvas_by_key(at: AppTest, key: str) -> dict:
    """The canvas drawn with canvas_chart(..., key=key), decoded."""
    found = [e for e in _canvas_elements(at) if e.proto.id.endswith("-" + key)]
    assert found, f"no canvas with key {key!r} in {[e.proto.id for e in _canvas_elements(at)]}"
    return canvas_spec(found[0])


def click_canvas(at: AppTest, title_prefix: str, value: dict, check: bool = True) -> AppTest:
    """Click a canvas chart: rerun with its "select" trigger set to value ({"block": [l, h]} or {"cell": [i, j]}),
    as the browser's setTriggerValue does. Private API, as click_chart: the trigger's widget id is the element id
    with Streamlit's internal prefix and "__events" (components v2's one trigger aggregator per component)."""
    from streamlit.components.v2.bidi_component.main import _make_trigger_id

    element = _canvas_titled(at, title_prefix)
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=_make_trigger_id(element.proto.id, "events"),
                                      json_trigger_value=json.dumps([{"event": "select", "value": value}])))
    at._run(states)
    if check:
        assert not at.exception, [e.message for e in at.exception]
    return at


def canvas_strings(spec: dict) -> list[str]:
    """What a canvas chart shows as words: title, axis and colour-bar titles, block titles, hover words."""
    out = [spec["title"], spec.get("row_title") or "", spec.get("col_title") or "", spec.get("colorbar") or ""]
    out += [word for row in spec.get("block_titles") or [] for pair in row for word in pair]
    return out + [v for v in spec["text"].values() if v]


# ---- SVG pictures (explorer/ui/svg_chart.py: markdown with a div.gx-svg-chart) ------------------------------------


def svg_charts(at: AppTest) -> dict[str, str]:
    """key -> SVG string of every static picture on the page."""
    found = {}
    for element in at.markdown:
        body = element.value
        match = re.match(r'<div class="gx-svg-chart" data-key="([^"]+)">(<svg.*</svg>)</div>$', body, re.S)
        if match:
            found[html.unescape(match.group(1))] = match.group(2)
    return found


def svg_texts(svg: str) -> list[str]:
    """The texts an SVG picture shows, unescaped, in order."""
    return [html.unescape(m) for m in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def svg_tooltips(svg: str) -> list[str]:
    """The hover texts (<title> of each shape, the picture's own title first), unescaped."""
    return [html.unescape(m) for m in re.findall(r"<title>([^<]*)</title>", svg)]


def svg_bar_values(svg: str) -> list[int]:
    """The counts explorer.figures.svg.bars_svg writes into its bars' tooltips, in order."""
    return [int(v.replace(",", "")) for v in re.findall(r"<title>[^<]*: ([\d,]+)</title></rect>", svg)]


def metric(at: AppTest, label_prefix: str, *, exact: bool = False) -> str:
    """The value of the one st.metric whose label starts with label_prefix (is label_prefix, with exact)."""
    labels = [m.label for m in at.metric]
    found = [m.value for m in at.metric if (m.label == label_prefix if exact else m.label.startswith(label_prefix))]
    assert len(found) == 1, f"{label_prefix!r}: {len(found)} metrics in {labels}"
    return found[0]


def notices(at: AppTest) -> list[str]:
    """The texts of every st.warning and st.info the run showed."""
    return [e.value for e in [*at.warning, *at.info]]


# ---- clicks ----------------------------------------------------------------------------------------------------


def click_chart(at: AppTest, element, points: list[dict], check: bool = True) -> AppTest:
    """Click points of a chart drawn with st.plotly_chart(on_select="rerun"), then rerun the app.

    AppTest has no public way to click (or box/lasso-select on) a chart: its plotly element has no set_value.
    So this does what the browser does: rerun the script with the chart's widget state set to the selection
    event JSON. That takes AppTest's private API, here and nowhere else in tests/ (tests/test_test_helpers.py
    fails on any other use):
      - `at._tree.get_widget_states()`: the widget states of the last run (what at.run() itself sends);
      - `at._run(states)`: rerun with those states, the chart's own added.
    If a Streamlit upgrade changes either, this function is the only thing to fix.
    `points` are plotly's point dicts as the frontend sends them (curve_number, point_index, x, y, customdata).
    """
    states = at._tree.get_widget_states()
    selection = {"selection": {"points": points, "point_indices": [p.get("point_index", 0) for p in points],
                               "box": [], "lasso": []}}
    states.widgets.append(WidgetState(id=element.proto.id, string_value=json.dumps(selection)))
    at._run(states)
    if check:
        assert not at.exception, [e.message for e in at.exception]
    return at


# ---- what a page shows, as words (for the language checks) ------------------------------------------------
WORD = re.compile(r"[A-Za-z]{3,}")
CODE = re.compile(r"[_=`<>\[\]]|\w\.\w")  # identifiers, tensor names, shapes and markup are not prose


# The protobuf fields a reader sees (a widget's key, id, page path or column config is not shown as text).
VISIBLE_FIELDS = {"body", "label", "help", "options", "placeholder", "delta", "text", "caption", "value",
                  "default_value", "formatted_value", "display_value"}


def proto_strings(message) -> list[str]:
    """Every visible string field of a protobuf message, nested messages and repeated fields included."""
    out = []
    for field, value in message.ListFields():
        repeated = field.is_repeated if hasattr(field, "is_repeated") else field.label == field.LABEL_REPEATED
        values = value if repeated else [value]
        for item in values:
            if isinstance(item, str):
                if field.name in VISIBLE_FIELDS:
                    out.append(item)
            elif hasattr(item, "ListFields"):
                out += proto_strings(item)
    return out


def chart_strings(spec: dict) -> list[str]:
    """What a chart shows as words: its title, axis titles, annotations and series names."""
    layout = spec["layout"]
    out = [layout.get("title", {}).get("text", "")]
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    out += [v.get("title", {}).get("text", "") for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))]
    return out + [d.get("name", "") for d in spec["data"] if d.get("showlegend") is not False]  # legend entries


def main_area_strings(at) -> list[str]:
    """Every string the page's main area shows: headers, prose, alerts, widget labels/options/help, metrics,
    expander and tab labels, chart titles and series names; not the st.code blocks (probe text, samples)."""
    out = []

    def walk(node):
        kind = getattr(node, "type", "")
        if kind == "plotly_chart":
            out.extend(chart_strings(json.loads(node.proto.spec)))
        elif kind == "markdown" and 'class="gx-svg-chart"' in node.proto.body:
            out.extend(svg_texts(node.proto.body))
        elif kind == "bidi_component" and node.proto.component_name == COMPONENT_NAME:
            out.extend(canvas_strings(json.loads(node.proto.json)))
        elif kind != "code" and getattr(node, "proto", None) is not None:
            out.extend(proto_strings(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return [s.strip().strip("*").strip() for s in out if s and s.strip()]


NOT_PROSE = {"Tiny Shakespeare", "<extra></extra>"}  # a name the zh page keeps, and plotly hover markup


def english_prose(prefixes: tuple[str, ...] = ("",)) -> tuple[set[str], set[str]]:
    """(phrases, whole labels) of the en catalogue under the key prefixes: its literal runs of two or more words,
    and its one-word strings such as "Stop" (matched whole: "step" or "dropout" may sit inside a Chinese label).
    A string zh keeps identical (a name, a formula) is not English prose."""
    phrases, labels = set(), set()
    for key, text in CATALOGUES["en"].items():
        if not key.startswith(prefixes) or CATALOGUES["zh"].get(key) == text:
            continue
        try:
            pieces = [literal.strip(" .,:;·()") for literal, *_ in string.Formatter().parse(text) if literal]
        except ValueError:  # not a format string (a LaTeX formula): not prose
            continue
        phrases |= {piece for piece in pieces if len(WORD.findall(piece)) >= 2 and not CODE.search(piece)} - NOT_PROSE
        if len(pieces) == 1 and len(WORD.findall(text)) == 1:
            labels.add(text.strip())
    return phrases, labels
