"""gpt_core: a small, inspectable GPT in PyTorch (no UI dependencies)."""
import os

# OpenMP's default keeps idle torch threads spinning; on a 2-core machine shared with a web server or a
# training thread that starves everything else (7-40x slower under load, see bench/README.md).
# setdefault: a user's own OMP_WAIT_POLICY wins. Must run before torch is first imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
from .capture import ActivationCache, Interventions
from .config import PRESETS, ConfigError, GPTConfig, preset
from .model import GPT

__all__ = ["GPT", "GPTConfig", "PRESETS", "ConfigError", "preset", "Interventions", "ActivationCache"]
