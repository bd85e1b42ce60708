"""Translate the fixed English labels that explorer.figures builders put on a figure.

The builders in explorer/figures/base.py write some words themselves (axis titles such as "key j", colorbar
titles, legend names, subplot titles, notes, hover texts). Rather than threading a label argument through each one,
a page calls `relabel(fig)` after building: every such string is looked up among the "figure_terms.*"
templates of the English catalogue and replaced by the same template in the current language, with any
{placeholders} carried over, e.g. "scaled scores q·k/√hs [T=57]" -> "缩放后的分数 q·k/√hs [T=57]".

No streamlit import here (explorer.i18n reads the language lazily); in English the figure is untouched.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache

import numpy as np

from explorer.i18n import CATALOGUES, DEFAULT_LANGUAGE, current_language, t

PREFIX = "figure_terms."


@lru_cache(maxsize=8)
def _patterns(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    """(regex matching the English template, key) per figure term; placeholders match any text."""
    out = []
    for key, english in CATALOGUES[DEFAULT_LANGUAGE].items():
        if not key.startswith(PREFIX):
            continue
        regex = ""
        for literal, field, _spec, _conv in string.Formatter().parse(english):
            regex += re.escape(literal)
            if field is not None:
                regex += f"(?P<{field}>.+?)"
        out.append((re.compile(regex, re.DOTALL), key))
    return tuple(out)


def translate_label(text, lang: str | None = None):
    """The label in lang if it is one of the figure terms (placeholders kept), else unchanged."""
    lang = lang or current_language()
    if lang == DEFAULT_LANGUAGE or not isinstance(text, str) or not text:
        return text
    for pattern, key in _patterns(lang):
        match = pattern.fullmatch(text)
        if match:
            # always format, even without placeholders: hover templates escape plotly's %{...} as %{{...}}
            # a filled-in value may itself be a term ("key j" in "key j · one label per 2 tokens"): translate it too
            values = {name: translate_label(value, lang) for name, value in match.groupdict().items()}
            return CATALOGUES[lang].get(key, CATALOGUES[DEFAULT_LANGUAGE][key]).format(**values)
    return text


def relabel(fig, lang: str | None = None):
    """Translate the builders' own labels on fig in place (titles, axes, ticks, notes, legend, colorbars, hovers)."""
    lang = lang or current_language()
    if lang == DEFAULT_LANGUAGE:
        return fig

    def tr(text):
        return translate_label(text, lang)

    layout = fig.layout
    if layout.title and layout.title.text:
        layout.title.text = tr(layout.title.text)
    for annotation in layout.annotations or ():
        annotation.text = tr(annotation.text)

    def axis(ax):
        if ax.title and ax.title.text:
            ax.title.text = tr(ax.title.text)
        if ax.ticktext:
            ax.ticktext = [tr(v) for v in ax.ticktext]

    fig.for_each_xaxis(axis)
    fig.for_each_yaxis(axis)
    for scene in fig.select_scenes():
        for ax in (scene.xaxis, scene.yaxis, scene.zaxis):
            axis(ax)
    if layout.coloraxis and layout.coloraxis.colorbar and layout.coloraxis.colorbar.title:
        layout.coloraxis.colorbar.title.text = tr(layout.coloraxis.colorbar.title.text)
    query_word, key_word = t("figure_terms.word_query", lang=lang), t("figure_terms.word_key", lang=lang)

    def cell_words(strings):
        # figures._hover_grid precomposes one "query 'a' (3) → key 'b' (1)" string per cell (heatmap
        # customdata, or the text of a clickable map's overlay points)
        if strings is None or isinstance(strings, str) or not len(strings):
            return None
        cells = np.asarray(strings, dtype=object)
        if not str(cells.flat[0]).startswith("query '"):
            return None
        cells = cells.astype(str)
        cells = np.char.replace(np.char.replace(cells, "query '", query_word, count=1), "→ key '", "→ " + key_word)
        return cells.astype(object)

    for trace in fig.data:
        if trace.type == "heatmap" and (cells := cell_words(getattr(trace, "customdata", None))) is not None:
            trace.customdata = cells
        if trace.type == "scatter" and (cells := cell_words(getattr(trace, "text", None))) is not None:
            trace.text = cells
        if getattr(trace, "name", None):
            trace.name = tr(trace.name)
        if getattr(trace, "hovertemplate", None):
            trace.hovertemplate = tr(trace.hovertemplate)
        colorbar = getattr(trace, "colorbar", None)
        if colorbar is not None and colorbar.title and colorbar.title.text:
            colorbar.title.text = tr(colorbar.title.text)
    return fig
