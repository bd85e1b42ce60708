"""The runs folder: every training run's checkpoint, snapshots and settings on disk, so nothing is lost.

Pure (no streamlit, no torch): the worker process writes here (explorer/worker.py), the server lists and reads.

    $GPT_EXPLORER_RUNS/                 default: $XDG_DATA_HOME/gpt-explorer/runs (~/.local/share/...)
        task_sort-20250101-120000-1a2b3c4d/
            model.safetensors           weights + tokenizer + record + AdamW state (resumable)
            snapshots.npz               the Train page's snapshot views (numpy only, no pickle)
            run.json                    the settings, the probe, batch losses, the status
            corpus.txt                  the training text (a resume re-tokenizes it)

Every file is written atomically (a temp file beside it, fsync, rename): a crash mid-write leaves the last
good version. A run's folder name is sanitised and checked to lie inside the root, so a label like
`../../etc/passwd` can only ever name `___etc_passwd-…` inside it. A write that fails (disk full, read-only,
the folder deleted) gives a `PersistProblem` (a catalogue key and its fields) instead of an exception:
the run keeps training and the page says why its files are not kept.

    >>> safe_name("../../etc/passwd")
    'etc_passwd'
    >>> safe_name("<script>alert(1)</script>")
    'script_alert_1_script'
"""
from __future__ import annotations

import errno
import io
import json
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np

RUNS_ENV = "GPT_EXPLORER_RUNS"
MODEL_FILE, SNAPSHOTS_FILE, RUN_FILE, CORPUS_FILE = "model.safetensors", "snapshots.npz", "run.json", "corpus.txt"
MAX_NAME_CHARS = 48
MAX_LISTED_RUNS = 200  # a huge folder is not walked to the end
MAX_RUN_JSON_BYTES = 16 * 1024 * 1024
RUN_FORMAT = 1


def runs_root(env: Mapping[str, str] | None = None) -> Path:
    """$GPT_EXPLORER_RUNS, else the user data folder ($XDG_DATA_HOME or ~/.local/share)/gpt-explorer/runs."""
    env = os.environ if env is None else env
    if env.get(RUNS_ENV, "").strip():
        return Path(env[RUNS_ENV].strip()).expanduser()
    data_home = env.get("XDG_DATA_HOME", "").strip() or "~/.local/share"
    return Path(data_home).expanduser() / "gpt-explorer" / "runs"


def safe_name(text: str, max_chars: int = MAX_NAME_CHARS) -> str:
    """A folder name made of [A-Za-z0-9._-] only, never starting with a dot; "run" when nothing is left."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", text)
    text = re.sub(r"\.{2,}", "_", text).strip("._-")  # no "..", no hidden or dangling names
    text = re.sub(r"_+", "_", text)
    return text[:max_chars].strip("._-") or "run"


def is_inside(root: Path, path: Path) -> bool:
    """Whether `path` (resolved, symlinks followed) is a child of `root` (resolved)."""
    try:
        root, path = root.resolve(), path.resolve()
    except OSError:
        return False
    return path != root and path.is_relative_to(root)


def new_run_dir(root: Path, label: str, token: str, now: float | None = None) -> Path:
    """Where a new run's files go: root/<label>-<date>-<token prefix>; refused (ValueError) if outside root."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now if now is not None else time.time()))
    folder = root / f"{safe_name(label)}-{stamp}-{safe_name(token)[:8]}"
    if not is_inside(root, folder):  # cannot happen with a safe name; checked anyway, it is cheap
        raise ValueError(f"{folder} is outside {root}")
    return folder


def run_dir_named(root: Path, name: str) -> Path | None:
    """The run folder a name from outside (a URL, a picker key) points to, or None if it is not a plain child."""
    if not name or name != safe_name(name, max_chars=200) or len(name) > 200:
        return None
    folder = root / name
    return folder if is_inside(root, folder) and (folder / RUN_FILE).is_file() else None


# ---- writing ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersistProblem:
    """Why a run's files could not be written: a catalogue key ("runs.problem.<reason>") and its fields."""

    reason: str  # disk_full | read_only | missing | other
    path: str
    detail: str = ""

    @property
    def key(self) -> str:
        return f"runs.problem.{self.reason}"

    @property
    def fields(self) -> dict:
        return {"path": self.path, "detail": self.detail}


def problem_for(exc: OSError, path: Path) -> PersistProblem:
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        reason = "disk_full"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = "read_only"
    elif code in (errno.ENOENT, errno.ENOTDIR, errno.EEXIST):
        reason = "missing"
    else:
        reason = "other"
    return PersistProblem(reason, str(path), f"{type(exc).__name__}: {exc.strerror or exc}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` under `path` so that a reader only ever sees the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)  # the folder may have been deleted while the run went on
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def write_files(folder: Path, files: dict[str, bytes]) -> PersistProblem | None:
    """Write each file atomically; the first failure is returned (the others are still tried), never raised."""
    problem = None
    for name, data in files.items():
        try:
            write_atomic(folder / name, data)
        except OSError as exc:
            problem = problem or problem_for(exc, folder / name)
    return problem


# ---- snapshots <-> npz --------------------------------------------------------------------------------------
_ARRAYS = ("attention", "top_ids", "top_probs", "embedding_xy", "explained")


def snapshots_bytes(snapshots: list) -> bytes:
    """TrainingSnapshots as one .npz (arrays only; allow_pickle stays off when reading)."""
    arrays: dict[str, np.ndarray] = {}
    for i, snap in enumerate(snapshots):
        for name in _ARRAYS:
            arrays[f"{i}.{name}"] = np.asarray(getattr(snap, name))
        scalars = [snap.step, np.nan if snap.expected_prob is None else snap.expected_prob, snap.probe_loss]
        arrays[f"{i}.scalars"] = np.asarray(scalars, dtype=np.float64)  # step, expected_prob, probe_loss
        if snap.induction is not None:
            arrays[f"{i}.induction"] = np.asarray(snap.induction)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def load_snapshots(path: Path) -> list:
    """The snapshots of snapshots_bytes, oldest first; [] when the file is missing or unreadable."""
    from explorer.analysis.train import TrainingSnapshot, _readonly

    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, EOFError):
        return []
    out = []
    for i in range(len({name.split(".")[0] for name in arrays})):
        try:
            step, expected, loss = arrays[f"{i}.scalars"].tolist()
            parts = {name: _readonly(arrays[f"{i}.{name}"]) for name in _ARRAYS}
        except (KeyError, ValueError):
            break
        induction = arrays.get(f"{i}.induction")
        out.append(TrainingSnapshot(step=int(step), expected_prob=None if np.isnan(expected) else float(expected),
                                    probe_loss=float(loss), induction=None if induction is None else _readonly(induction),
                                    **parts))
    return out


# ---- run.json -----------------------------------------------------------------------------------------------
@dataclass
class SavedRun:
    """One run folder as the server sees it (read from run.json; nothing loaded)."""

    folder: Path
    meta: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def model_path(self) -> Path:
        return self.folder / MODEL_FILE

    @property
    def has_model(self) -> bool:
        return self.model_path.is_file()

    @property
    def label(self) -> str:
        return str(self.meta.get("label") or self.name)

    @property
    def step(self) -> int:
        return int(self.meta.get("step") or 0)


def read_run(folder: Path) -> SavedRun | None:
    """The run in `folder`, or None when it holds no readable run.json (never raises)."""
    try:
        path = folder / RUN_FILE
        if path.stat().st_size > MAX_RUN_JSON_BYTES:
            return None
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != RUN_FORMAT:
        return None
    return SavedRun(folder, meta)


def list_runs(root: Path | None = None) -> list[SavedRun]:
    """The runs with a model, newest first (at most MAX_LISTED_RUNS); [] when the folder is missing."""
    root = runs_root() if root is None else root
    try:
        children = [p for p in root.iterdir() if not p.name.startswith(".") and p.is_dir()]
    except OSError:
        return []
    runs = [r for r in (read_run(p) for p in children[:MAX_LISTED_RUNS * 2]) if r is not None and r.has_model]
    runs.sort(key=lambda r: float(r.meta.get("updated") or 0.0), reverse=True)
    return runs[:MAX_LISTED_RUNS]


def read_corpus(folder: Path) -> str | None:
    try:
        return (folder / CORPUS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def json_bytes(meta: dict[str, Any]) -> bytes:
    return json.dumps({"format": RUN_FORMAT, **meta}, ensure_ascii=False, allow_nan=True).encode("utf-8")
