"""Per-call activation capture and interventions.

Both travel as arguments of one forward call, never as state on the modules: the model is shared by
every browser session and thread, so two captures running at once must not see each other's tensors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import torch

POS_MODES = ("normal", "zero", "shuffle")


@dataclass(frozen=True)
class Interventions:
    """What-if switches for one forward pass (hashable, so the UI can cache on it).

    ablate_heads: (layer, head) pairs whose output z is zeroed before c_proj.
    causal_mask: False lets every position attend to the future (the model cheats).
    scale_scores: False drops the 1/sqrt(hs) factor on Q K^T.
    positions: "zero" removes the position embedding, "shuffle" permutes it across positions
      (seeded by shuffle_seed); learned and sinusoidal encodings only.
    """

    ablate_heads: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    causal_mask: bool = True
    scale_scores: bool = True
    positions: str = "normal"
    shuffle_seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "ablate_heads", frozenset((int(l), int(h)) for l, h in self.ablate_heads))
        if self.positions not in POS_MODES:
            raise ValueError(f"positions must be one of {POS_MODES}, got {self.positions!r}")

    @property
    def is_default(self) -> bool:
        return self == Interventions()

    @classmethod
    def ablating(cls, heads: Iterable[tuple[int, int]], **kwargs) -> "Interventions":
        return cls(ablate_heads=frozenset(heads), **kwargs)


NO_INTERVENTIONS = Interventions()


class Recorder:
    """Collects named activations during one forward call (detached, in call order)."""

    def __init__(self, names_filter=None) -> None:
        self.store: dict[str, torch.Tensor] = {}
        self._filter = names_filter

    def wants(self, name: str) -> bool:
        return self._filter is None or self._filter(name)

    def __call__(self, name: str, tensor: torch.Tensor) -> None:
        if self.wants(name):
            self.store[name] = tensor.detach()


class ActivationCache(dict):
    """name -> tensor, in the order the forward pass produced them.

    Names are module paths with a hook_ prefix on the last part, e.g.
    "transformer.h.0.attn.hook_pattern" [B, nh, T, T].
    """

    def block(self, layer: int, name: str) -> torch.Tensor:
        """cache.block(0, "attn.hook_pattern") == cache["transformer.h.0.attn.hook_pattern"]"""
        return self[f"transformer.h.{layer}.{name}"]

    def stack(self, name: str) -> torch.Tensor:
        """One per-block activation stacked over layers: [n_layer, ...]."""
        layers = sorted(
            int(key.split(".")[2]) for key in self if key.startswith("transformer.h.") and key.endswith("." + name)
        )
        return torch.stack([self.block(i, name) for i in layers])
