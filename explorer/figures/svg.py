"""The Overview page's two pictures as plain SVG: the data flow with live shapes, and the parameters per group.

Why not plotly: the Overview is the page a new visitor opens first, and the first plotly chart makes the browser
fetch and run plotly.js (4.7 MB) before anything is drawn; two static pictures need none of it. An SVG string
is also its own picture download. Pure: strings in, a string out; every word is translated by the caller or
looked up with `term()`, and every text is escaped.
"""
from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping

from explorer.figures.base import CATEGORY_COLORS, _human, term
from explorer.figures.overview import stage_label
from explorer.i18n import t

FONT = "font-family=\"'DejaVu Sans', 'Noto Sans CJK SC', sans-serif\""
BOX_W, BOX_H, GAP_X, ROW_H = 150, 64, 34, 120  # px of the flow diagram's boxes and rows
BLOCK_COLOUR, IO_COLOUR = ("#b35806", "#fee0b6"), ("#08519c", "#eff3ff")


def _text(x: float, y: float, s: str, size: int = 11, colour: str = "#111", anchor: str = "middle",
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{colour}" text-anchor="{anchor}" '
            f'font-weight="{weight}">{html.escape(s)}</text>')


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
            f'style="max-width:{width:.0f}px" role="img" {FONT}><title>{html.escape(title)}</title>'
            f'<rect width="100%" height="100%" fill="white"/>' + "".join(body) + "</svg>")


def _rows(stages) -> tuple[list[list], bool]:
    """Input stages, the repeated block, output stages (as flow_stages lists them)."""
    rows: list[list] = [[], [], []]
    seen_block = False
    for s in stages:
        if s.in_block:
            seen_block = True
            rows[1].append(s)
        else:
            rows[2 if seen_block else 0].append(s)
    return ([r for r in rows if r] if not seen_block else rows), seen_block


def flow_svg(stages, n_layer: int, title: str | None = None) -> str:
    """The data flow as three rows of boxes (input, the repeated block framed "× L", output), each box the stage's
    name and its live shape, arrows between them and the residual connections above the block's "+" boxes.

    stages: objects with name, shape_str and in_block (explorer.analysis.overview.Stage)."""
    rows, seen_block = _rows(stages)
    title = title or t("figures_views.flow_title")
    width = max(len(r) for r in rows) * (BOX_W + GAP_X) + 40
    top = 44
    body = [_text(16, 24, title, 14, anchor="start", weight="bold")]
    centres = []
    for r, row in enumerate(rows):
        y = top + 40 + r * ROW_H + (20 if seen_block and r >= 1 else 0)
        for c, s in enumerate(row):
            x = 20 + BOX_W / 2 + c * (BOX_W + GAP_X)
            centres.append((x, y))
            line, fill = BLOCK_COLOUR if s.in_block else IO_COLOUR
            body.append(f'<rect x="{x - BOX_W / 2:.1f}" y="{y - BOX_H / 2:.1f}" width="{BOX_W}" height="{BOX_H}" '
                        f'rx="6" fill="{fill}" stroke="{line}" stroke-width="1.5">'
                        f'<title>{html.escape(stage_label(s.name))}: {html.escape(s.shape_str)}</title></rect>')
            lines = textwrap.wrap(stage_label(s.name), 22) or [s.name]
            for k, piece in enumerate(lines[:2]):
                body.append(_text(x, y - 12 + 14 * k - (7 if len(lines) > 1 else 0), piece, 11, weight="bold"))
            body.append(_text(x, y + 20, s.shape_str, 10, "#333"))
    body.append('<defs><marker id="gx-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
                'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>')
    for (x0, y0), (x1, y1) in zip(centres, centres[1:]):
        if y0 == y1:
            path = f"M{x0 + BOX_W / 2:.1f},{y0:.1f} L{x1 - BOX_W / 2 - 2:.1f},{y1:.1f}"
        else:  # down to the next row's first box
            mid = (y0 + BOX_H / 2 + y1 - BOX_H / 2) / 2
            path = (f"M{x0:.1f},{y0 + BOX_H / 2:.1f} L{x0:.1f},{mid:.1f} L{x1:.1f},{mid:.1f} "
                    f"L{x1:.1f},{y1 - BOX_H / 2 - 2:.1f}")
        body.append(f'<path d="{path}" fill="none" stroke="#555" stroke-width="1.4" marker-end="url(#gx-arrow)"/>')
    height = top + 40 + (len(rows) - 1) * ROW_H + BOX_H / 2 + 24 + (20 if seen_block else 0)
    if seen_block and rows[1]:
        first = len(rows[0])
        xs = [centres[first + c][0] for c in range(len(rows[1]))]
        y = centres[first][1]
        x_left, x_right = xs[0] - BOX_W / 2 - 10, xs[-1] + BOX_W / 2 + 10
        body.append(f'<rect x="{x_left:.1f}" y="{y - BOX_H / 2 - 40:.1f}" width="{x_right - x_left:.1f}" '
                    f'height="{BOX_H + 52:.1f}" rx="8" fill="none" stroke="{BLOCK_COLOUR[0]}" stroke-width="1.5" '
                    f'stroke-dasharray="6 4"/>')
        note = t("figures_views.blocks_note", L=n_layer).replace("<b>", "").replace("</b>", "")
        body.append(_text(x_right - 6, y - BOX_H / 2 - 26, note, 11, BLOCK_COLOUR[0], anchor="end", weight="bold"))
        source = x_left + 4  # the block's input; then each "+ residual" is the source of the next
        for x, s in zip(xs, rows[1]):
            if s.name.startswith("+"):
                lane = y - BOX_H / 2 - 12
                body.append(f'<path d="M{source:.1f},{lane:.1f} L{x:.1f},{lane:.1f} L{x:.1f},{y - BOX_H / 2 - 2:.1f}" '
                            f'fill="none" stroke="#7f7f7f" stroke-width="1.3" stroke-dasharray="3 3" '
                            f'marker-end="url(#gx-arrow)"/>')
                body.append(_text((source + x) / 2, lane - 4, t("figures_views.residual"), 9, "#7f7f7f"))
                source = x
    return _svg(width, height, body, title)


def bars_svg(breakdown: Mapping[str, int], title: str | None = None) -> str:
    """Parameters per group as horizontal bars with count and share; a "total" key is the title, not a bar."""
    groups = [(k, int(v)) for k, v in breakdown.items() if k != "total"]
    total = int(breakdown.get("total", sum(v for _, v in groups)))
    title = title or term("figure_terms.parameters_title", total=f"{total:,}", short=_human(total))
    label_w = 12 + 7 * max((len(k) for k, _ in groups), default=4)
    bar_w, row_h, top = 420, 30, 44
    largest = max((v for _, v in groups), default=1) or 1
    body = [_text(16, 24, title, 14, anchor="start", weight="bold")]
    for i, (name, value) in enumerate(groups):
        y = top + i * row_h
        w = bar_w * value / largest
        share = f"{value / total:.1%}" if total else "0"
        body.append(_text(label_w, y + 18, name, 11, anchor="end"))
        body.append(f'<rect x="{label_w + 8}" y="{y + 6}" width="{w:.1f}" height="{row_h - 10}" '
                    f'fill="{CATEGORY_COLORS[i % len(CATEGORY_COLORS)]}"><title>{html.escape(name)}: {value:,}'
                    f'</title></rect>')
        body.append(_text(label_w + 14 + w, y + 18, f"{_human(value)} ({share})", 10, "#333", anchor="start"))
    height = top + len(groups) * row_h + 16
    return _svg(label_w + bar_w + 120, height, body, title)


def embedded(svg: str, key: str) -> str:
    """The markup a page writes for a picture: a div.gx-svg-chart naming its key (for tests and the benchmarks)."""
    return f'<div class="gx-svg-chart" data-key="{html.escape(key)}">{svg}</div>'
