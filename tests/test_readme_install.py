"""The README's install steps: a newcomer on stock Linux gets the CPU wheel, with the pin requirements.txt uses."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def pinned_torch() -> str:
    pins = re.findall(r"^torch==(\S+)", (REPO / "requirements.txt").read_text(), flags=re.M)
    assert len(pins) == 1, pins
    return pins[0]


def test_readme_installs_the_cpu_wheel_with_the_same_pin():
    version = pinned_torch()
    command = f"pip install torch=={version} --index-url https://download.pytorch.org/whl/cpu"
    assert command in README
    # ...and before the requirements, so pip finds torch already satisfied instead of fetching the CUDA build
    assert README.index(command) < README.index("pip install -r requirements.txt     #")


def test_readme_names_the_emoji_font_and_says_the_app_works_without_it():
    assert "fonts-noto-color-emoji" in README
    assert "every page works the same" in README
