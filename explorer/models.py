"""Which models can be explored: the shipped checkpoints in assets/ plus those of this session."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "assets"
DEFAULT_MODEL_FILE = "shakespeare_char.safetensors"


@dataclass(frozen=True)
class ModelEntry:
    key: str  # stable id used in session state and cache keys
    label: str  # what the picker shows
    path: Path | None = None  # shipped checkpoints live on disk; session models live in session state


def shipped_models(assets: Path = ASSETS) -> list[ModelEntry]:
    """Shipped checkpoints, the default first."""
    files = sorted(assets.glob("*.safetensors"), key=lambda p: (p.name != DEFAULT_MODEL_FILE, p.name))
    return [ModelEntry(key=f"shipped:{p.name}", label=p.stem.replace("_", " "), path=p) for p in files]
