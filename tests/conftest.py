"""Fixtures shared by every test under tests/ (the AppTest helpers themselves live in tests/apptest.py).

The checkpoints are loaded once per session: tests read them and never change them (a test that trains or
edits a model builds its own).
"""
from __future__ import annotations

import pytest

from apptest import INDUCTION_MODEL, SHIPPED_MODEL
from gpt_core.checkpoint import Checkpoint, load_checkpoint


@pytest.fixture(autouse=True)
def runs_folder(tmp_path, monkeypatch):
    """Training runs write to a fresh runs folder per test, never to the user's ($GPT_EXPLORER_RUNS)."""
    folder = tmp_path / "runs"
    monkeypatch.setenv("GPT_EXPLORER_RUNS", str(folder))
    return folder


@pytest.fixture(scope="session")
def shipped() -> Checkpoint:
    """The shipped default model: the char-level Tiny Shakespeare checkpoint the app opens with."""
    return load_checkpoint(SHIPPED_MODEL)


@pytest.fixture(scope="session")
def induction() -> Checkpoint:
    """The shipped 2-layer model trained to continue repeated sequences (skips where it is not shipped)."""
    if not INDUCTION_MODEL.exists():
        pytest.skip("no induction model shipped")
    return load_checkpoint(INDUCTION_MODEL)
