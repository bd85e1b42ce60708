"""Small HTML pieces the pages show with st.html / markdown: token chips, the guesses line, escaping."""
from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.analysis.tokenization import Chip


_CHIP_COLOURS = ("#e3f2fd", "#fff3e0", "#e8f5e9", "#f3e5f5")
_CHIP_BASE = ("display:inline-block;margin:2px 1px;padding:1px 5px;border-radius:4px;text-align:center;"
              "font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:14px;line-height:1.15;"
              "vertical-align:top;")
_ID_STYLE = "display:block;font-size:10px;color:#555;"


def chips_html(chips: list[Chip]) -> str:
    """The chips as HTML spans; every piece of token text and hover text is escaped."""
    parts = []
    for n, chip in enumerate(chips):
        if chip.kind == "skipped":
            style = _CHIP_BASE + "background:#fdecea;border:1px dashed #d62728;text-decoration:line-through;"
            sub = "skip"
        elif chip.kind == "replaced":
            style = _CHIP_BASE + "background:#fff8e1;border:2px solid #ff9800;"
            sub = str(chip.id)
        elif chip.kind == "dropped":
            style = _CHIP_BASE + "background:#eeeeee;border:1px dashed #999;color:#666;"
            sub = "cut"
        else:
            style = _CHIP_BASE + f"background:{_CHIP_COLOURS[n % len(_CHIP_COLOURS)]};border:1px solid #bbb;"
            sub = str(chip.id)
        parts.append(f'<span class="tok tok-{chip.kind}" style="{style}" title="{html.escape(chip.title, quote=True)}">'
                     f"{html.escape(chip.label)}<span style=\"{_ID_STYLE}\">{html.escape(sub)}</span></span>")
        if chip.line_break:
            parts.append("<br>")
    return '<div style="line-height:1.9">' + "".join(parts) + "</div>"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:])")


def md_escape(s: str) -> str:
    """Backslash-escape markdown (and Streamlit's $ math) so token text prints literally."""
    return _MD_SPECIAL.sub(r"\\\1", s)


def guesses_html(guesses: list[tuple[int, str, float]]) -> str:
    """The top guesses as escaped chips with the probability under each token."""
    parts = []
    for n, (token_id, label, p) in enumerate(guesses):
        style = _CHIP_BASE + f"background:{_CHIP_COLOURS[n % len(_CHIP_COLOURS)]};border:1px solid #bbb;"
        parts.append(f'<span class="guess" style="{style}" title="id {token_id} · p = {p:.4f}">{html.escape(label)}'
                     f'<span style="{_ID_STYLE}">{p:.1%}</span></span>')
    return "".join(parts)
