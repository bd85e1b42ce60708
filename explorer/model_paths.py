"""Which model paths a visitor may make the app read: only inside the configured folders. Pure (no streamlit).

The folders are $GPT_EXPLORER_MODELS, the Hugging Face cache, assets/ and the runs folder ($GPT_EXPLORER_RUNS). A typed path is resolved first
(`~`, `..` and every symlink), then checked, so neither `../../etc/passwd` nor a symlink that points out of a
folder gets through. A relative path is read from the first models folder (else from assets/). The operator
may lift the rule with GPT_EXPLORER_ALLOW_ANY_PATH=1 (a private machine).

    >>> env = {"GPT_EXPLORER_MODELS": "/srv/models", "HF_HUB_CACHE": "/srv/hf"}
    >>> str(resolve_model_path("tiny-gpt2", env, must_exist=False))
    '/srv/models/tiny-gpt2'
    >>> resolve_model_path("../../etc/passwd", env, must_exist=False)
    Traceback (most recent call last):
    ...
    explorer.model_paths.PathRefused: outside
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from explorer.models import ASSETS, hf_cache_dir, models_dirs

ALLOW_ANY_ENV = "GPT_EXPLORER_ALLOW_ANY_PATH"
MAX_PATH_CHARS = 1000


class PathRefused(ValueError):
    """A path the app will not read. `reason` names why (a catalogue key suffix): empty | too_long | outside |
    missing; `path` is the resolved path (None when there is none)."""

    def __init__(self, reason: str, path: Path | None = None):
        super().__init__(reason)
        self.reason, self.path = reason, path


def allow_any(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get(ALLOW_ANY_ENV, "").strip().lower() in ("1", "true", "yes")


def allowed_roots(env: Mapping[str, str] | None = None, assets: Path = ASSETS) -> list[Path]:
    """The folders a path must lie in, resolved (symlinks followed), in the order relative paths try them."""
    from explorer.runs import runs_root

    return [p.resolve() for p in [*models_dirs(env), hf_cache_dir(env), assets, runs_root(env)]]


def is_inside(path: Path, roots: list[Path]) -> bool:
    """Whether an already resolved path is one of the roots or lies below one."""
    return any(path == root or path.is_relative_to(root) for root in roots)


def resolve_model_path(text: str, env: Mapping[str, str] | None = None, assets: Path = ASSETS,
                       must_exist: bool = True) -> Path:
    """The real path a visitor's text names, if the app may read it; else PathRefused."""
    text = (text or "").strip()
    if not text:
        raise PathRefused("empty")
    if len(text) > MAX_PATH_CHARS or "\x00" in text:
        raise PathRefused("too_long")
    roots = allowed_roots(env, assets)
    given = Path(text).expanduser()
    base = models_dirs(env)[0] if models_dirs(env) else assets
    path = (given if given.is_absolute() else base / given).resolve()  # `..` and symlinks, before the check
    if not allow_any(env) and not is_inside(path, roots):
        raise PathRefused("outside", path)
    if must_exist and not path.exists():
        raise PathRefused("missing", path)
    return path
