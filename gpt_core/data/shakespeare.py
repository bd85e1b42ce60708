"""Finding, downloading and loading Tiny Shakespeare (karpathy/char-rnn, 1,115,394 chars, 65-char vocab).

Nothing here downloads implicitly: `find_shakespeare`/`load_shakespeare` only look on disk, and the
app asks the user before calling `download_shakespeare`.
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

from ..errors import Message
from .corpus import Corpus, CorpusError, corpus_from_file

SHAKESPEARE_URL = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
SHAKESPEARE_SHA256 = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"
SHAKESPEARE_BYTES = 1115394
SHAKESPEARE_FILENAME = "tinyshakespeare.txt"
DATA_ENV_VAR = "GPT_EXPLORER_DATA"
CACHE_ENV_VAR = "GPT_EXPLORER_CACHE"

# parents[2] of gpt_core/data/shakespeare.py is the repository root; the shared data folder sits beside it.
REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA_PATH = REPO_ROOT.parent / "shared" / "data" / SHAKESPEARE_FILENAME

_CHUNK_BYTES = 64 * 1024


def default_cache_dir() -> Path:
    """$GPT_EXPLORER_CACHE, else $XDG_CACHE_HOME/gpt_explorer, else ~/.cache/gpt_explorer."""
    if os.environ.get(CACHE_ENV_VAR):
        return Path(os.environ[CACHE_ENV_VAR]).expanduser()
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]).expanduser() / "gpt_explorer"
    return Path.home() / ".cache" / "gpt_explorer"


def _resolve_candidate(path: str | os.PathLike) -> Path | None:
    """A file as-is, or a directory holding tinyshakespeare.txt / input.txt (char-rnn's name)."""
    path = Path(path).expanduser()
    if path.is_file():
        return path
    if path.is_dir():
        for filename in (SHAKESPEARE_FILENAME, "input.txt"):
            if (path / filename).is_file():
                return path / filename
    return None


def find_shakespeare(path: str | os.PathLike | None = None) -> Path | None:
    """Look for Tiny Shakespeare on disk; never downloads.

    Order: explicit `path`, $GPT_EXPLORER_DATA, the shared data folder next to the repo, the user cache.
    """
    candidates: list[str | os.PathLike] = []
    if path is not None:
        candidates.append(path)
    if os.environ.get(DATA_ENV_VAR):
        candidates.append(os.environ[DATA_ENV_VAR])
    candidates += [SHARED_DATA_PATH, default_cache_dir() / SHAKESPEARE_FILENAME]
    for candidate in candidates:
        found = _resolve_candidate(candidate)
        if found is not None:
            return found
    return None


def download_shakespeare(
    url: str = SHAKESPEARE_URL,
    dest_dir: str | os.PathLike | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    timeout: float = 30,
    expected_sha256: str | None = SHAKESPEARE_SHA256,
    expected_bytes: int = SHAKESPEARE_BYTES,
) -> Path:
    """Download to `dest_dir/tinyshakespeare.txt`, verifying the sha256 before the file appears.

    Streams into a temp file in the destination folder and renames it atomically, so a crash or a
    bad download never leaves a half-written corpus where `find_shakespeare` would pick it up.
    `expected_sha256=None` skips the check. Responses over 2x `expected_bytes` are refused.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise CorpusError(code="corpus.url_not_http", url=url)
    dest_dir = Path(dest_dir).expanduser() if dest_dir is not None else default_cache_dir()
    dest = dest_dir / SHAKESPEARE_FILENAME
    max_bytes = 2 * expected_bytes
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CorpusError(code="corpus.cannot_create_folder", folder=dest_dir, reason=err.strerror or err) from None

    manual_hint = Message("corpus.download_manually", url=url, dest=dest)
    tmp_path: Path | None = None
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            length_header = response.headers.get("Content-Length")
            total = int(length_header) if length_header and length_header.isdigit() else None
            if total is not None and total > max_bytes:
                raise CorpusError(code="corpus.download_announced_too_large", url=url, total=total,
                                  expected=expected_bytes)
            hasher = hashlib.sha256()
            done = 0
            with tempfile.NamedTemporaryFile(dir=dest_dir, prefix=".tinyshakespeare.", suffix=".part",
                                             delete=False) as tmp:
                tmp_path = Path(tmp.name)
                while chunk := response.read(_CHUNK_BYTES):
                    done += len(chunk)
                    # Servers may omit or lie about Content-Length; enforce the cap on what arrives.
                    if done > max_bytes:
                        raise CorpusError(code="corpus.download_too_large", url=url, max_bytes=max_bytes,
                                          expected=expected_bytes)
                    hasher.update(chunk)
                    tmp.write(chunk)
                    if progress is not None:
                        progress(done, total)
        digest = hasher.hexdigest()
        if expected_sha256 is not None and digest != expected_sha256.lower():
            raise CorpusError(code="corpus.download_corrupt", url=url, digest=digest, expected=expected_sha256,
                              hint=manual_hint)
        os.replace(tmp_path, dest)
        tmp_path = None
        return dest
    except urllib.error.HTTPError as err:
        raise CorpusError(code="corpus.download_http", url=url, status=err.code, reason=err.reason,
                          hint=manual_hint) from None
    except urllib.error.URLError as err:
        reason = err.reason.strerror if isinstance(err.reason, OSError) and err.reason.strerror else err.reason
        raise CorpusError(code="corpus.download_unreachable", url=url, reason=reason, hint=manual_hint) from None
    except (socket.timeout, TimeoutError):
        raise CorpusError(code="corpus.download_timeout", url=url, timeout=timeout, hint=manual_hint) from None
    except OSError as err:
        raise CorpusError(code="corpus.download_failed", url=url, reason=err.strerror or err,
                          hint=manual_hint) from None
    finally:
        if tmp_path is not None:
            tmp_path.unlink(missing_ok=True)


def load_shakespeare(path: str | os.PathLike | None = None) -> Corpus:
    """Load Tiny Shakespeare from disk (see `find_shakespeare`), or explain where to put it."""
    if path is not None and _resolve_candidate(path) is None:
        # An explicit path that is wrong is a user mistake worth reporting, not silently replacing.
        raise CorpusError(code="corpus.shakespeare_not_at", path=path, filename=SHAKESPEARE_FILENAME)
    found = find_shakespeare(path)
    if found is None:
        raise CorpusError(code="corpus.shakespeare_missing", url=SHAKESPEARE_URL,
                          dest=default_cache_dir() / SHAKESPEARE_FILENAME, env=DATA_ENV_VAR)
    corpus = corpus_from_file(found)
    return Corpus(name="tinyshakespeare", text=corpus.text, source=str(found))
