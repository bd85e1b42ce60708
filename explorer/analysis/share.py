"""A view as a URL: the query parameters' names, their defaults, and how a link's values are read (pure).

The one place that knows the parameter names. A link carries only what differs from the defaults, e.g.

    /attention?text=To+be%2C+or+not&layer=1&head=2&cell=5,3

Reading a link (`parse_query`, then `check_limits` once the model and the text are known) never raises: every
value that cannot be used is dropped with a Problem (a catalogue code, the parameter, the value), so the page
falls back to its default for it and says why. Writing one (`encode_view`) drops defaults and caps the text.
The streamlit side is explorer/ui/share.py.

    >>> parsed = parse_query({"layer": "1", "head": "x", "zoom": "9"}, "attention")
    >>> parsed.values, [(p.code, p.name) for p in parsed.problems]
    ({'layer': 1}, [('not_a_number', 'head'), ('unknown', 'zoom')])
    >>> values, problems = check_limits(parsed.values, Limits(n_layer=1, n_head=4, vocab_size=65, n_tokens=10))
    >>> values, [(p.code, p.name, p.params) for p in problems]
    ({}, [('out_of_range', 'layer', {'lo': 0, 'hi': 0})])
    >>> encode_view({"layer": 1, "head": 0, "text": "hi"}, "attention", {"text": "hi"})
    ({'layer': '1'}, False)
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

MAX_TEXT_CHARS = 2000  # what a link carries of the text (the sidebar takes 20,000; a URL should stay short)
MAX_VALUE_CHARS = 1000  # any other value (a model path is the longest); beyond, a value is refused unread
MAX_SHOWN_CHARS = 40  # of a refused value, in the notice
MAX_UNKNOWN_SHOWN = 8
# Parameters other parts of the app own: left alone (Train's ?job=, Streamlit's embedding options).
FOREIGN = frozenset({"job", "embed", "embed_options"})

ALL_PAGES = ()  # a parameter with pages=ALL_PAGES belongs to every page
LABS = ("positions", "scaling", "mlp", "params", "matmul")  # explorer/ui/labs LABS (a test keeps them equal)
EXPERIMENTS = ("heads", "mask", "scale", "temperature", "positions")  # explorer/ui/what_if EXPERIMENTS
COMPARE_MODES = ("models", "prompts")  # explorer.analysis.compare.MODES


@dataclass(frozen=True)
class Limits:
    """What the loaded model and the prepared text allow (ranges of layer, head, positions, top-k ...)."""

    n_layer: int
    n_head: int
    vocab_size: int
    n_tokens: int  # T of the text the model sees


Bound = int | float | Callable[[Limits], int | float]


@dataclass(frozen=True)
class Param:
    name: str  # in the URL
    state_key: str  # the session-state key it restores and is read from
    kind: str  # text | model | choice | bool | int | float | cell
    pages: tuple[str, ...] = ALL_PAGES  # pages whose links carry it
    default: Any = None  # a callable of Limits when it depends on the model (k bars shown, the last position)
    lo: Bound | None = None
    hi: Bound | None = None
    step: float | None = None  # floats are put on the slider's grid
    choices: tuple[str, ...] = ()


def _last(limits: Limits) -> int:
    return limits.n_tokens - 1


PARAMS: tuple[Param, ...] = (
    Param("model", "model_key", "model"),
    Param("text", "text", "text"),
    Param("lang", "lang", "choice", default="en", choices=("en", "zh")),
    Param("unknown", "unknown_mode", "choice", default="skip", choices=("skip", "replace")),
    # layer and head are shared by the pages that show one head
    Param("layer", "layer", "int", ("attention", "softmax_mask", "show_math", "compare"), 0, 0,
          lambda m: m.n_layer - 1),
    Param("head", "head", "int", ("attention", "softmax_mask", "show_math", "compare"), 0, 0, lambda m: m.n_head - 1),
    Param("cell", "_attention_cell", "cell", ("attention",), None, 0, _last),
    Param("cell", "_math_cell", "cell", ("show_math",), None, 0, _last),
    Param("row", "query_row", "int", ("softmax_mask",), None, 0, _last),
    Param("scale", "softmax_scale", "bool", ("softmax_mask",), True),
    Param("tau", "softmax_temperature", "float", ("softmax_mask",), 1.0, 0.1, 5.0, 0.05),
    Param("pos", "nt_position_choice", "int", ("next_token",), None, 0, lambda m: m.n_tokens - 2),
    Param("temp", "nt_temperature", "float", ("next_token",), 1.0, 0.0, 2.0, 0.05),
    Param("topk", "nt_top_k", "int", ("next_token",), 0, 0, lambda m: m.vocab_size),
    Param("topp", "nt_top_p", "float", ("next_token",), 1.0, 0.05, 1.0, 0.05),
    Param("bars", "nt_k_show", "int", ("next_token",), lambda m: min(m.vocab_size, 10), 3,
          lambda m: min(m.vocab_size, 40)),
    Param("seed", "nt_seed", "int", ("next_token",), 0, 0, 2**31 - 1),
    Param("dims", "embeddings_dims", "choice", ("embeddings",), "2D", choices=("2D", "3D")),
    Param("sum", "embeddings_sum", "choice", ("embeddings",), "sum", choices=("sum", "tok", "pos")),
    Param("stage", "embeddings_cos", "int", ("embeddings",), 0, 0, lambda m: m.n_layer),
    Param("pos", "tokenization_position", "int", ("tokenization",), _last, 0, _last),
    Param("lab", "labs_topic", "choice", ("labs",), LABS[0], choices=LABS),
    Param("exp", "what_if_topic", "choice", ("what_if",), EXPERIMENTS[0], choices=EXPERIMENTS),
    # Compare: side B is a second listed model (by key only, never a path) or a second text
    Param("mode", "compare_mode", "choice", ("compare",), COMPARE_MODES[0], choices=COMPARE_MODES),
    Param("b", "compare_model_b", "model", ("compare",)),
    Param("textb", "compare_text_b", "text", ("compare",)),
)


def params_for(page: str) -> dict[str, Param]:
    """name -> Param of the parameters a link to `page` carries (the shared ones and the page's own)."""
    return {p.name: p for p in PARAMS if not p.pages or page in p.pages}


KNOWN_NAMES = frozenset(p.name for p in PARAMS)


@dataclass(frozen=True)
class Problem:
    """A link's value that was not used. code: a catalogue suffix (share.problem.<code>)."""

    code: str  # unknown | too_long | bad_encoding | control_chars | markup | not_a_number | not_a_choice |
    #            out_of_range | not_a_cell | text_cut | model (the model could not be opened)
    name: str
    value: str = ""  # as given, cut to MAX_SHOWN_CHARS
    params: dict = field(default_factory=dict)  # e.g. lo, hi, choices, n


@dataclass
class Parsed:
    values: dict[str, Any]  # parameter name -> typed value, only those given and usable
    problems: list[Problem]


def shown(value: str) -> str:
    """A value as a notice shows it: one line, at most MAX_SHOWN_CHARS characters."""
    flat = re.sub(r"\s+", " ", value)
    return flat if len(flat) <= MAX_SHOWN_CHARS else flat[: MAX_SHOWN_CHARS - 1] + "…"


# A link is someone else's text: one that looks like web-page code is not taken, even though the app prints
# every text escaped (it is most likely an attack on some other site's parameters).
_MARKUP = re.compile(r"<\s*/?\s*(script|iframe|img|svg|object|embed|style|link|meta|body|html|form|input)\b"
                     r"|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # \t, \n, \r are text
_INT = re.compile(r"[0-9]{1,10}")
_FLOAT = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6})?|\.[0-9]{1,6}")
_TRUE, _FALSE = ("1", "true", "on", "yes"), ("0", "false", "off", "no")


def _string_problem(name: str, value: str) -> Problem | None:
    """What makes a string unusable whatever it names: not valid UTF-8 (decoded as U+FFFD), control characters."""
    if "\ufffd" in value:
        return Problem("bad_encoding", name, shown(value))
    if _CONTROL.search(value):
        return Problem("control_chars", name, shown(_CONTROL.sub("", value)))
    return None


def _parse_one(param: Param, raw: str) -> tuple[Any, Problem | None]:
    """(value, None), or (None, problem), or for a cut text (cut value, problem)."""
    name = param.name
    if param.kind == "text":
        text = raw.replace("\r\n", "\n")
        problem = _string_problem(name, text)
        if problem is not None:
            return None, problem
        if _MARKUP.search(text):
            return None, Problem("markup", name, shown(text))
        if len(text) > MAX_TEXT_CHARS:
            return text[:MAX_TEXT_CHARS], Problem("text_cut", name, "", {"n": len(text), "max": MAX_TEXT_CHARS})
        return text, None
    value = raw.strip()
    if len(value) > MAX_VALUE_CHARS:
        return None, Problem("too_long", name, shown(value), {"max": MAX_VALUE_CHARS})
    problem = _string_problem(name, value)
    if problem is not None:
        return None, problem
    if param.kind == "model":
        if not value or _MARKUP.search(value):
            return None, Problem("model", name, shown(value))
        return value, None
    if param.kind == "choice":
        if value not in param.choices:
            return None, Problem("not_a_choice", name, shown(value), {"choices": ", ".join(param.choices)})
        return value, None
    if param.kind == "bool":
        if value.lower() in _TRUE:
            return True, None
        if value.lower() in _FALSE:
            return False, None
        return None, Problem("not_a_choice", name, shown(value), {"choices": "1, 0"})
    if param.kind == "int":
        if not _INT.fullmatch(value):
            return None, Problem("not_a_number", name, shown(value))
        return int(value), None
    if param.kind == "float":
        if not _FLOAT.fullmatch(value):
            return None, Problem("not_a_number", name, shown(value))
        number = float(value)
        if param.step:  # onto the slider's grid: 0.333 -> 0.35
            number = round(round(number / param.step) * param.step, 6)
        return number, None
    if param.kind == "cell":
        parts = value.split(",")
        if len(parts) != 2 or not all(_INT.fullmatch(p.strip()) for p in parts):
            return None, Problem("not_a_cell", name, shown(value))
        return (int(parts[0]), int(parts[1])), None
    raise ValueError(f"unknown parameter kind {param.kind!r}")  # a bug in PARAMS, not in a link


def parse_query(query: Mapping[str, str], page: str) -> Parsed:
    """Every parameter of a link to `page`, typed; what is unusable is left out with a Problem.

    Parameters of other pages (a known name this page does not use) are ignored without a notice; names no page
    uses are reported once as "unknown". Ranges that depend on the model are checked by check_limits.
    """
    own = params_for(page)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    unknown = []
    for name, raw in query.items():
        if name in FOREIGN:
            continue
        if name not in own:
            if name not in KNOWN_NAMES:
                unknown.append(shown(str(name)))
            continue
        param = own[name]
        value, problem = _parse_one(param, str(raw))
        if value is not None and problem is None and not callable(param.lo) and not callable(param.hi):
            problem = _range_problem(param, value, None)  # a fixed range is checked now, the model's later
            value = None if problem is not None else value
        if value is not None:
            values[name] = value
        if problem is not None:
            problems.append(problem)
    if unknown:
        more = len(unknown) - MAX_UNKNOWN_SHOWN
        names = ", ".join(unknown[:MAX_UNKNOWN_SHOWN]) + (f" (+{more})" if more > 0 else "")
        problems.append(Problem("unknown", names, "", {"n": len(unknown)}))
    return Parsed(values, problems)


def _bound(bound: Bound | None, limits: Limits | None):
    if bound is None or not callable(bound):
        return bound
    return bound(limits) if limits is not None else None


def _range_problem(param: Param, value, limits: Limits | None) -> Problem | None:
    lo, hi = _bound(param.lo, limits), _bound(param.hi, limits)
    if lo is None and hi is None:
        return None
    items = value if param.kind == "cell" else (value,)
    if hi is not None and hi < (lo or 0):  # nothing to choose (a one-token text has no earlier position)
        return Problem("out_of_range", param.name, _format(param, value), {"lo": lo, "hi": "—"})
    if any((lo is not None and v < lo) or (hi is not None and v > hi) or
           (isinstance(v, float) and not math.isfinite(v)) for v in items):
        return Problem("out_of_range", param.name, _format(param, value), {"lo": _format_number(lo), "hi": _format_number(hi)})
    return None


def check_limits(values: Mapping[str, Any], limits: Limits, page: str | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """The values that fit the loaded model and text (layer < n_layer, head < n_head, positions < T, ...)."""
    own = params_for(page) if page else {p.name: p for p in PARAMS if p.name in values}
    kept, problems = {}, []
    for name, value in values.items():
        param = own.get(name)
        problem = _range_problem(param, value, limits) if param is not None else None
        if problem is None:
            kept[name] = value
        else:
            problems.append(problem)
    return kept, problems


def _format_number(v) -> Any:
    if isinstance(v, float):
        return f"{v:g}"
    return v


def _format(param: Param, value) -> str:
    if param.kind == "bool":
        return "1" if value else "0"
    if param.kind == "cell":
        return f"{int(value[0])},{int(value[1])}"
    if param.kind == "float":
        return f"{float(value):g}"
    return str(value)


def default_of(param: Param, limits: Limits | None):
    return param.default(limits) if callable(param.default) and limits is not None else (
        None if callable(param.default) else param.default)


def encode_view(values: Mapping[str, Any], page: str, defaults: Mapping[str, Any] | None = None,
                limits: Limits | None = None) -> tuple[dict[str, str], bool]:
    """The query parameters for a view: (name -> string, whether the text was cut to MAX_TEXT_CHARS).

    values: parameter name -> the session's value (None: not set); defaults: per-name defaults that override the
    table's (the text's default is the model's suggested prompt). Defaults are left out, names in PARAMS order.
    """
    defaults = defaults or {}
    out: dict[str, str] = {}
    cut = False
    for name, param in params_for(page).items():
        if name not in values:
            continue
        value = values[name]
        default = defaults[name] if name in defaults else default_of(param, limits)
        if value is None or value == default:
            continue
        if param.kind == "float" and isinstance(default, (int, float)) and math.isclose(float(value), default):
            continue
        if param.kind == "text":
            value = str(value)
            if len(value) > MAX_TEXT_CHARS:
                value, cut = value[:MAX_TEXT_CHARS], True
            out[name] = value
        else:
            out[name] = _format(param, value)
    return out, cut
