"""English / Simplified Chinese strings for every page.

Each language is one catalogue (explorer/locales/<lang>/), split into one module per page so several
people can edit it at once; the modules are merged into a single dict per language at import. Keys are
"<page>.<name>", e.g. "attention.title". A test checks both catalogues have exactly the same keys.

    >>> t("app.title")            # in the language chosen in the sidebar
    'GPT Explorer'

gpt_core's errors carry a code and params (gpt_core/errors.py); error_text(exc) shows one in the chosen language
from the catalogue's "errors.<code>" (explorer/locales/<lang>/errors.py).
"""
from __future__ import annotations

import importlib
import pkgutil

from gpt_core.errors import render

LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"


def _load(lang: str) -> dict[str, str]:
    package = importlib.import_module(f"explorer.locales.{lang}")
    merged: dict[str, str] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for key, value in module.STRINGS.items():
            if key in merged:
                raise ValueError(f"duplicate string key {key!r} in locale {lang!r}")
            merged[key] = value
    return merged


CATALOGUES: dict[str, dict[str, str]] = {lang: _load(lang) for lang in LANGUAGES}


def current_language() -> str:
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:  # outside a Streamlit run (unit tests, scripts)
        return DEFAULT_LANGUAGE
    lang = st.session_state.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, **fmt) -> str:
    """The string for key in the current language (English if the key is missing there), formatted with fmt."""
    catalogue = CATALOGUES[lang or current_language()]
    text = catalogue.get(key)
    if text is None:
        text = CATALOGUES[DEFAULT_LANGUAGE][key]  # a KeyError here is a bug: every key exists in English
    return text.format(**fmt) if fmt else text


def error_text(error, lang: str | None = None) -> str:
    """An error (or a failed run's reason) for the user: t("errors.<code>", **params) when it carries a code the
    catalogue knows, else str(error) (an error without a code, e.g. one the app wrote itself, or a plain string).

    >>> from gpt_core.config import GPTConfig
    >>> try:
    ...     GPTConfig(n_embd=30, n_head=4)
    ... except ValueError as exc:
    ...     print(error_text(exc, lang="zh"))
    n_embd（30）必须能被 n_head（4）整除：每个头分到 n_embd / n_head 维
    """
    catalogue, english = CATALOGUES[lang or current_language()], CATALOGUES[DEFAULT_LANGUAGE]

    def template(code: str) -> str | None:
        key = f"errors.{code}"
        return catalogue.get(key, english.get(key))

    try:
        return render(error, template)
    except (KeyError, IndexError, ValueError):  # a catalogue entry that does not fit the params: show the original
        return str(error)
