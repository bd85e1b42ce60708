"""The Next token page words its sampling settings itself, in the learner's language (greedy at temperature 0)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer.i18n import CATALOGUES

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_temperature_zero_is_called_greedy(lang):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["nt_temperature"] = 0.0
    at.switch_page("pages/next_token.py").run()
    assert not at.exception
    greedy = CATALOGUES[lang]["next_token.settings.greedy"]
    assert any(greedy in c.value for c in at.caption), [c.value for c in at.caption]
