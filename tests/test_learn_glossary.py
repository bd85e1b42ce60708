"""The Learn strings keep to one glossary: where the English says token, query, head, layer, embedding or attention,
the Chinese uses the glossary's word for it."""
from __future__ import annotations

import re

from explorer.i18n import CATALOGUES

PREFIXES = ("learn.", "questions.", "tour.", "quiz.")
TERMS = ("token", "query", "head", "layer", "embedding", "attention", "probability")


def test_the_chinese_learn_strings_use_the_glossary_terms():
    en, zh = CATALOGUES["en"], CATALOGUES["zh"]
    misses = []
    for key, text in en.items():
        if not key.startswith(PREFIXES) or key.startswith("questions.view."):
            continue
        for term in TERMS:
            if re.search(rf"\b{term}s?\b", text, re.IGNORECASE) and zh[f"glossary.{term}"] not in zh[key]:
                misses.append((key, term))
    assert not misses, misses
