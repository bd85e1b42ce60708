"""Fixtures shared by every test under tests/ (the AppTest helpers themselves live in tests/apptest.py).

The checkpoints are loaded once per session: tests read them and never change them (a test that trains or
edits a model builds its own).
"""
from __future__ import annotations

import os
import tempfile

import pytest

from apptest import INDUCTION_MODEL, SHIPPED_MODEL
from gpt_core.checkpoint import Checkpoint, load_checkpoint

# Before any fixture runs (module-scoped AppTests list models before the per-test folder below exists): nothing a
# test trains may land in the user's runs folder. The browser tests' servers get folders of their own
# (tests/e2e/conftest.py); each test gets a fresh one below.
SESSION_RUNS = tempfile.mkdtemp(prefix="gpt-explorer-test-runs-")
os.environ["GPT_EXPLORER_RUNS"] = SESSION_RUNS


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
