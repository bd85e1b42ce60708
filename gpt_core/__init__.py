"""gpt_core: a small, inspectable GPT in PyTorch (no UI dependencies)."""
import os

# OpenMP's default keeps idle torch threads spinning; on a 2-core machine shared with a web server or a
# training thread that starves everything else (7-40x slower under load, see bench/README.md).
# setdefault: a user's own OMP_WAIT_POLICY wins. Must run before torch is first imported.
OMP_WAIT_POLICY_FROM_USER = "OMP_WAIT_POLICY" in os.environ  # the CLI (__main__) picks its own otherwise
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import importlib

# Loaded on first use, so a torch-free part (gpt_core.tokenizers, gpt_core.config) imports without torch.
_EXPORTS = {"GPT": "model", "GPTConfig": "config", "PRESETS": "config", "ConfigError": "config", "preset": "config",
            "Interventions": "capture", "ActivationCache": "capture"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
