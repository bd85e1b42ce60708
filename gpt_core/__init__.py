"""gpt_core: a small, inspectable GPT in PyTorch (no UI dependencies)."""
from .capture import ActivationCache, Interventions
from .config import PRESETS, ConfigError, GPTConfig, preset
from .model import GPT

__all__ = ["GPT", "GPTConfig", "PRESETS", "ConfigError", "preset", "Interventions", "ActivationCache"]
