"""Get a model from the Hugging Face Hub into the local HF cache, only when the user asks. Pure (no streamlit).

Two steps, so nothing is downloaded before the user has seen its size:
    plan = plan_download("gpt2")          # one API call: /api/models/gpt2/revision/main?blobs=True
    plan.total_bytes, plan.n_params       # what the sidebar shows before the confirm button
    folder = download(plan, cache_dir, progress=lambda done, total, name: ...)   # the snapshot folder

Only the weights GPT Explorer reads (model.safetensors, or the index and its model-0000k-of-0000n shards) and
the top-level *.json files are fetched, each with huggingface_hub.hf_hub_download at the commit the plan saw;
a repo with only pickle weights (pytorch_model.bin) is refused. The endpoint is $HF_ENDPOINT read at call time
(the tests point it at a local server). No token is sent: a gated repo is refused with a hint.
Every failure is a HubError whose `reason` names a catalogue message (explorer/locales/*/models.py).
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

DEFAULT_ENDPOINT = "https://huggingface.co"
TIMEOUT_S = 20
SHARD = re.compile(r"model-\d+-of-\d+\.safetensors")
WEIGHTS, INDEX = "model.safetensors", "model.safetensors.index.json"


class HubError(Exception):
    """Why a Hub request failed. reason: bad_repo_id | not_found | gated | offline | network | server |
    pickle_only | no_weights | no_config | no_tokenizer | unsupported | too_big | no_disk | disk;
    details: the values its message shows (repo, detail, ...)."""

    def __init__(self, reason: str, **details):
        super().__init__(f"{reason}: {details}")
        self.reason, self.details = reason, {k: str(v) for k, v in details.items()}


@dataclass(frozen=True)
class HubFile:
    name: str  # relative to the repo root, top level only
    size: int  # bytes (0 when the Hub did not say)


@dataclass(frozen=True)
class DownloadPlan:
    repo_id: str
    commit: str  # the commit the sizes belong to; every file is fetched at it
    files: tuple[HubFile, ...]
    model_type: str = ""  # from the Hub's copy of config.json, "" when it did not send one
    n_params: int | None = None  # from the Hub's safetensors summary
    revision: str = "main"  # the branch the user asked for; refs/<revision> points at `commit` afterwards
    skipped: tuple[str, ...] = field(default=())  # files left out (other formats, subfolders)

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def check_repo_id(repo_id: str) -> str:
    """The repo id stripped, or HubError("bad_repo_id"): "name" or "org/name" of letters, digits, - _ ."""
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    repo_id = (repo_id or "").strip().strip("/")
    if repo_id.startswith(("https://huggingface.co/", "http://huggingface.co/")):
        repo_id = repo_id.split("huggingface.co/", 1)[1].strip("/")  # a pasted model page URL
    try:
        if not repo_id or repo_id.count("/") > 1:
            raise HFValidationError(repo_id)
        validate_repo_id(repo_id)
    except HFValidationError:
        raise HubError("bad_repo_id", repo=repo_id) from None
    return repo_id


def _translate(exc: Exception, repo_id: str) -> HubError:
    """A huggingface_hub / httpx error as a HubError."""
    import httpx2
    from huggingface_hub import errors

    if isinstance(exc, HubError):
        return exc
    if isinstance(exc, errors.GatedRepoError):
        return HubError("gated", repo=repo_id)
    if isinstance(exc, (errors.RepositoryNotFoundError, errors.RevisionNotFoundError, errors.DisabledRepoError)):
        return HubError("not_found", repo=repo_id)
    if isinstance(exc, errors.OfflineModeIsEnabled):
        return HubError("offline", repo=repo_id)
    if isinstance(exc, errors.HfHubHTTPError):
        status = getattr(getattr(exc, "response", None), "status_code", "?")
        return HubError("server", repo=repo_id, detail=f"HTTP {status}")
    if isinstance(exc, (httpx2.HTTPError, errors.LocalEntryNotFoundError, ConnectionError, TimeoutError)):
        return HubError("network", repo=repo_id, detail=type(exc).__name__)
    if isinstance(exc, OSError):
        return HubError("disk", repo=repo_id, detail=str(exc))
    return HubError("server", repo=repo_id, detail=f"{type(exc).__name__}: {exc}")


def choose_files(names_sizes: dict[str, int]) -> tuple[list[HubFile], list[str]]:
    """(files to fetch, files left out) of a repo listing; HubError when nothing GPT Explorer reads is there."""
    top = {n: s for n, s in names_sizes.items() if "/" not in n}
    if WEIGHTS in top:
        weights = [WEIGHTS]
    elif INDEX in top and any(SHARD.fullmatch(n) for n in top):
        weights = sorted(n for n in top if SHARD.fullmatch(n))
    elif any(n.endswith(".bin") or n.endswith(".pth") for n in top):
        raise HubError("pickle_only")
    else:
        raise HubError("no_weights")
    if "config.json" not in top:
        raise HubError("no_config")
    if "tokenizer.json" not in top:
        raise HubError("no_tokenizer")
    chosen = weights + sorted(n for n in top if n.endswith(".json"))
    return [HubFile(n, int(top[n] or 0)) for n in chosen], sorted(set(names_sizes) - set(chosen))


def _free_bytes(folder: Path) -> int | None:
    for path in [folder, *folder.parents]:
        if path.exists():
            return shutil.disk_usage(path).free
    return None


def plan_download(repo_id: str, cache_dir: Path | None = None, revision: str = "main") -> DownloadPlan:
    """What downloading `repo_id` would fetch (names, sizes, commit), from one Hub API call."""
    from gpt_core.checkpoint import CheckpointError
    from gpt_core.hf_models import SUPPORTED_MODEL_TYPES, check_fits_in_memory
    from huggingface_hub import HfApi

    repo_id = check_repo_id(repo_id)
    try:
        info = HfApi(endpoint=endpoint()).model_info(repo_id, revision=revision, files_metadata=True,
                                                      timeout=TIMEOUT_S, token=False)
    except Exception as exc:
        raise _translate(exc, repo_id) from None
    sizes = {s.rfilename: (s.lfs.size if s.lfs else s.size) or 0 for s in info.siblings or []}
    try:
        files, skipped = choose_files(sizes)
    except HubError as exc:
        raise HubError(exc.reason, repo=repo_id) from None
    model_type = str((info.config or {}).get("model_type", "")) if isinstance(info.config, dict) else ""
    if model_type and model_type not in SUPPORTED_MODEL_TYPES:
        raise HubError("unsupported", repo=repo_id, model_type=model_type,
                       supported=", ".join(SUPPORTED_MODEL_TYPES))
    n_params = int(info.safetensors.total) if info.safetensors and info.safetensors.total else None
    if n_params:
        try:
            check_fits_in_memory(n_params, repo_id)
        except CheckpointError as exc:
            raise HubError("too_big", repo=repo_id, detail=str(exc)) from None
    plan = DownloadPlan(repo_id=repo_id, commit=str(info.sha or revision), files=tuple(files),
                        model_type=model_type, n_params=n_params, revision=revision, skipped=tuple(skipped))
    free = _free_bytes(cache_dir) if cache_dir is not None else None
    if free is not None and plan.total_bytes > free:
        raise HubError("no_disk", repo=repo_id, need=f"{plan.total_bytes / 2**20:,.0f}", free=f"{free / 2**20:,.0f}")
    return plan


class _Reporter:
    """A stand-in for tqdm that hf_hub_download drives byte by byte: forwards each chunk to `report(n)`."""

    report: Callable[[int], None] = staticmethod(lambda n: None)

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int = 1) -> None:
        type(self).report(n)

    def close(self) -> None:
        pass


Progress = Callable[[int, int, str], None]  # (bytes done, bytes in all, file being fetched)


def download(plan: DownloadPlan, cache_dir: Path, progress: Progress | None = None) -> Path:
    """Fetch the plan's files into the HF cache at cache_dir; returns the snapshot folder (models--…/snapshots/<commit>)."""
    from huggingface_hub import hf_hub_download

    progress = progress or (lambda done, total, name: None)
    total, done_files = plan.total_bytes, 0
    folder: Path | None = None
    for hub_file in plan.files:
        moved = [0]

        def report(n: int, name: str = hub_file.name, moved: list = moved) -> None:
            moved[0] += n
            progress(min(done_files + moved[0], total), total, name)

        reporter = type("Reporter", (_Reporter,), {"report": staticmethod(report)})
        progress(done_files, total, hub_file.name)
        try:
            path = hf_hub_download(plan.repo_id, hub_file.name, revision=plan.commit, cache_dir=str(cache_dir),
                                   endpoint=endpoint(), token=False, tqdm_class=reporter, etag_timeout=TIMEOUT_S)
        except Exception as exc:
            raise _translate(exc, plan.repo_id) from None
        folder = Path(path).parent
        done_files += hub_file.size
        progress(min(done_files, total), total, hub_file.name)
    assert folder is not None  # choose_files always picks config.json
    if plan.revision != plan.commit and "/" not in plan.revision:  # as hf_hub_download(revision="main") would
        refs = folder.parents[1] / "refs"
        refs.mkdir(exist_ok=True)
        (refs / plan.revision).write_text(folder.name, encoding="utf-8")
    return folder
