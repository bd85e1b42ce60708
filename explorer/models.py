"""Which models can be explored: the shipped checkpoints in assets/, every model in $GPT_EXPLORER_MODELS and in
the local Hugging Face cache, plus those of this session. Pure (no streamlit): the sidebar lists what this finds.

Listing is cheap: it reads config.json files and safetensors headers (shapes), never a tensor, and never
raises; a model that cannot load is listed with the reason (`ModelEntry.problem`) so the sidebar can say why.

    $GPT_EXPLORER_MODELS/            one folder, or several joined with os.pathsep
        tiny-gpt2/                   a Hugging Face folder: config.json + model.safetensors + tokenizer.json
        mine.safetensors             our own checkpoint file
        out-shakespeare-char/        nanoGPT's out dir: ckpt.pt with meta.pkl beside it
        HuggingFaceTB/SmolLM2-135M/  one level more for org/name
    ~/.cache/huggingface/hub/models--ORG--NAME/snapshots/<rev>/   (refs/main names <rev>; else the newest)
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

ASSETS = Path(__file__).resolve().parents[1] / "assets"
DEFAULT_MODEL_FILE = "shakespeare_char.safetensors"
MODELS_ENV = "GPT_EXPLORER_MODELS"
MAX_ENTRIES_PER_ROOT = 200  # a huge folder is not walked to the end
MAX_CONFIG_BYTES = 1024 * 1024

# family -> how the picker names it (proper names: the same in every language). Our own format, "gpt-explorer",
# is the app's default and goes unnamed in labels (the model card names it in the reader's language).
FAMILY_NAMES = {"gpt2": "GPT-2", "llama": "Llama", "mistral": "Mistral", "nanoGPT": "nanoGPT"}
OUR_FAMILY = "gpt-explorer"


@dataclass(frozen=True)
class ModelEntry:
    key: str  # stable id used in session state and cache keys, e.g. "shipped:x.safetensors", "hf:gpt2", "path:/m/a"
    label: str  # what the picker shows, e.g. "gpt2 · GPT-2 · 124M"
    path: Path | None = None  # models on disk; session models (uploads, training runs) live in session state
    family: str = ""  # model_type ("gpt2", "llama", ...), "gpt-explorer" or "nanoGPT"; "" when unknown
    n_params: int | None = None  # numbers stored in the weights (from the headers), None when unknown
    source: str = "shipped"  # shipped | folder ($GPT_EXPLORER_MODELS) | hf-cache | runs (saved training runs) | typed
    problem: str = ""  # why it cannot be loaded; "" when it looks loadable


def format_size(n_params: int | None) -> str:
    """124439808 -> "124M", 1_100_000_000 -> "1.1B", 52000 -> "52K", 812 -> "812"; "" for None.

    >>> [format_size(n) for n in (812, 5_200, 52_000, 800_000, 124_439_808, 1_100_000_000)]
    ['812', '5.2K', '52K', '0.8M', '124M', '1.1B']
    """
    if n_params is None:
        return ""
    if n_params < 1_000:
        return str(n_params)
    if n_params < 100_000:
        value = n_params / 1e3
        return f"{value:.1f}K".replace(".0K", "K") if value < 10 else f"{value:.0f}K"
    if n_params < 1e9:
        value = n_params / 1e6
        return f"{value:.1f}M".replace(".0M", "M") if value < 10 else f"{value:.0f}M"
    return f"{n_params / 1e9:.1f}B".replace(".0B", "B")


def make_label(name: str, family: str, n_params: int | None) -> str:
    """ "name · family · size", e.g. "gpt2 · GPT-2 · 124M"; our own checkpoints read "shakespeare char · 0.8M"."""
    parts = [name, "" if family == OUR_FAMILY else FAMILY_NAMES.get(family, family), format_size(n_params)]
    return " · ".join(p for p in parts if p)


# ---- where to look -------------------------------------------------------------------------------------------
def hf_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """The Hugging Face hub cache: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub."""
    env = os.environ if env is None else env
    if env.get("HF_HUB_CACHE"):
        return Path(env["HF_HUB_CACHE"]).expanduser()
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser() / "hub"
    return Path("~/.cache/huggingface/hub").expanduser()


def models_dirs(env: Mapping[str, str] | None = None) -> list[Path]:
    """The folders named by $GPT_EXPLORER_MODELS (os.pathsep-separated), as given."""
    env = os.environ if env is None else env
    return [Path(p).expanduser() for p in env.get(MODELS_ENV, "").split(os.pathsep) if p.strip()]


# ---- one candidate -------------------------------------------------------------------------------------------
def _problem(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _hf_folder_facts(folder: Path) -> tuple[str, int | None, str]:
    """(model_type, parameters, problem) of a Hugging Face folder, from config.json and the safetensors headers."""
    from gpt_core.checkpoint import CheckpointError
    from gpt_core.config import ConfigError
    from gpt_core.hf_models import CONFIG_FILE, TOKENIZER_FILE, config_from_hf, parameter_count, weight_files

    config_path = folder / CONFIG_FILE
    try:
        if config_path.stat().st_size > MAX_CONFIG_BYTES:
            return "", None, f"{CONFIG_FILE} is larger than 1 MB"
        hf = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return "", None, f"{CONFIG_FILE} cannot be read: {exc}"
    model_type = str(hf.get("model_type", "")) if isinstance(hf, dict) else ""
    try:
        config_from_hf(hf)
        files = weight_files(folder)
        n_params = parameter_count(files) - _buffer_count(files)  # the headers are checked by parameter_count
    except (CheckpointError, ConfigError, OSError) as exc:
        return model_type, None, _problem(exc)
    if not (folder / TOKENIZER_FILE).is_file():
        return model_type, n_params, f"{folder.name}/ has no {TOKENIZER_FILE}"
    return model_type, n_params, ""


BUFFERS = (".attn.bias", ".attn.masked_bias", "rotary_emb.inv_freq")  # stored by some checkpoints, not weights


def _tensor_sizes(path: Path):
    """(name, number of elements) of every tensor in a safetensors file, from its header alone."""
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as f:
        for name in f.keys():
            count = 1
            for n in f.get_slice(name).get_shape():
                count *= n
            yield name, count


def _buffer_count(files: list[Path]) -> int:
    """Elements of the non-weight buffers (GPT-2's stored causal masks: 12 × 1024² numbers in gpt2's file), which
    the loader drops, so that gpt2 reads as its 124M parameters."""
    try:
        return sum(n for path in files for name, n in _tensor_sizes(path) if name.endswith(BUFFERS))
    except Exception:  # a header parameter_count accepted; nothing to subtract if safetensors disagrees
        return 0


def _our_file_facts(path: Path) -> tuple[int | None, str]:
    """(parameters, problem) of one of our .safetensors files, from its header (optimizer state not counted)."""
    from gpt_core.checkpoint import OPTIMIZER_PREFIX, CheckpointError, checkpoint_summary
    from gpt_core.config import ConfigError, GPTConfig

    try:
        GPTConfig.from_dict(checkpoint_summary(path)["config"])
        return sum(n for name, n in _tensor_sizes(path) if not name.startswith(OPTIMIZER_PREFIX)), ""
    except (CheckpointError, ConfigError, TypeError, OSError) as exc:
        return None, _problem(exc)
    except Exception as exc:  # safetensors raises its own error types for a corrupt header
        return None, f"{path.name} cannot be read: {exc}"


def describe(path: Path, name: str, key: str, source: str) -> ModelEntry | None:
    """The entry for a model folder or file; None when `path` is no kind of model (skipped silently)."""
    from gpt_core.hf_models import CONFIG_FILE

    try:
        if path.is_dir() and (path / CONFIG_FILE).is_file():
            family, n_params, problem = _hf_folder_facts(path)
        elif path.is_file() and path.suffix == ".safetensors":
            family = OUR_FAMILY
            n_params, problem = _our_file_facts(path)
        elif path.is_file() and path.suffix == ".pt":
            family, n_params = "nanoGPT", None  # its size is inside the pickle, which listing never opens
            problem = "" if (path.parent / "meta.pkl").is_file() else f"no meta.pkl beside {path.name}"
        else:
            return None
    except OSError as exc:  # unreadable folder, broken symlink, permission denied
        family, n_params, problem = "", None, _problem(exc)
    return ModelEntry(key=key, label=make_label(name, family, n_params), path=path, family=family,
                      n_params=n_params, source=source, problem=problem)


def path_key(path: Path) -> str:
    return f"path:{path}"


# ---- the three places ----------------------------------------------------------------------------------------
def shipped_models(assets: Path = ASSETS) -> list[ModelEntry]:
    """Shipped checkpoints, the default first."""
    files = sorted(assets.glob("*.safetensors"), key=lambda p: (p.name != DEFAULT_MODEL_FILE, p.name))
    out = []
    for p in files:
        n_params, problem = _our_file_facts(p)
        out.append(ModelEntry(key=f"shipped:{p.name}", label=make_label(p.stem.replace("_", " "), OUR_FAMILY, n_params),
                              path=p, family=OUR_FAMILY, n_params=n_params, problem=problem))
    return out


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))[:MAX_ENTRIES_PER_ROOT]
    except OSError:
        return []


def scan_models_dir(root: Path) -> list[ModelEntry]:
    """Models in one $GPT_EXPLORER_MODELS folder: its entries, and one level below folders that are no model."""
    out: list[ModelEntry] = []

    def add(path: Path, name: str) -> bool:
        entry = describe(path, name, path_key(path), "folder")
        if entry is not None:
            out.append(entry)
        return entry is not None

    for child in _children(root):
        try:
            if add(child, child.stem if child.is_file() else child.name) or not child.is_dir():
                continue
            for grandchild in _children(child):  # org/name, or a nanoGPT out dir holding ckpt.pt
                if grandchild.name == "ckpt.pt":
                    add(grandchild, child.name)
                elif grandchild.suffix != ".pt":
                    add(grandchild, f"{child.name}/{grandchild.stem if grandchild.is_file() else grandchild.name}")
        except OSError:  # permission denied on one entry: skip it
            continue
    return out


def snapshot_of(repo_dir: Path) -> Path | None:
    """The snapshot folder refs/main names, else the most recently changed one; None when there is none."""
    snapshots = repo_dir / "snapshots"
    try:
        ref = (repo_dir / "refs" / "main").read_text(encoding="utf-8").strip()
        if ref and "/" not in ref and (snapshots / ref).is_dir():
            return snapshots / ref
    except (OSError, UnicodeDecodeError):
        pass
    found = [p for p in _children(snapshots) if p.is_dir()]
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def repo_id_of(repo_dir: Path) -> str:
    """models--HuggingFaceTB--SmolLM2-135M -> HuggingFaceTB/SmolLM2-135M; models--gpt2 -> gpt2."""
    return "/".join(repo_dir.name.split("--")[1:])


def scan_hf_cache(cache: Path) -> list[ModelEntry]:
    """Model repos of the Hugging Face cache that hold a config.json (tokenizer-only repos are skipped)."""
    out = []
    for repo_dir in _children(cache):
        try:
            snapshot = snapshot_of(repo_dir) if repo_dir.name.startswith("models--") and repo_dir.is_dir() else None
        except OSError:
            continue
        if snapshot is None:
            continue
        repo_id = repo_id_of(repo_dir)
        entry = describe(snapshot, repo_id, f"hf:{repo_id}", "hf-cache")
        if entry is not None:
            out.append(entry)
    return out


def scan_runs(root: Path) -> list[ModelEntry]:
    """The saved training runs (explorer.runs: $GPT_EXPLORER_RUNS), newest first, named by their folder."""
    from explorer.runs import list_runs

    out = []
    for run in list_runs(root):
        n_params, problem = _our_file_facts(run.model_path)
        out.append(ModelEntry(key=f"run:{run.name}", label=make_label(run.name, OUR_FAMILY, n_params),
                              path=run.model_path, family=OUR_FAMILY, n_params=n_params, source="runs",
                              problem=problem))
    return out


def discover_models(env: Mapping[str, str] | None = None, assets: Path = ASSETS) -> list[ModelEntry]:
    """Shipped models first (the default first), then $GPT_EXPLORER_MODELS, the HF cache, then the saved training
    runs; one entry per real location (a models folder that points into the cache does not list a model twice)."""
    from explorer.runs import runs_root

    entries = shipped_models(assets)
    for scan, root in [*((scan_models_dir, r) for r in models_dirs(env)), (scan_hf_cache, hf_cache_dir(env)),
                       (scan_runs, runs_root(env))]:
        try:
            entries += scan(root)
        except OSError:  # a folder that vanished or cannot be read mid-scan: list the others
            continue
    seen, out = set(), []
    for entry in entries:
        where = _real(entry.path)
        if where in seen:
            continue
        seen.add(where)
        out.append(entry)
    return out


def _real(path: Path | None):
    try:
        return path.resolve() if path is not None else None
    except OSError:
        return path


def model_mtime(path: Path) -> float:
    """When the model last changed: a file's mtime, or the newest of a folder's files (symlinks followed)."""
    if not path.is_dir():
        return path.stat().st_mtime
    times = [path.stat().st_mtime]
    for child in path.iterdir():
        if child.suffix in (".json", ".safetensors"):
            try:
                times.append(child.stat().st_mtime)
            except OSError:
                pass
    return max(times)


def typed_entry(path: Path) -> ModelEntry:
    """The entry for a path a visitor typed (already allowed by explorer.model_paths), even if it is no model."""
    entry = describe(path, path.stem if path.is_file() else path.name, path_key(path), "typed")
    if entry is None:
        entry = ModelEntry(key=path_key(path), label=path.name, path=path, source="typed",
                           problem=f"{path.name} is not a model folder, a .safetensors file or a ckpt.pt")
    return replace(entry, source="typed")
