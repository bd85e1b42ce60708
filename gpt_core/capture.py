"""Per-call activation capture and interventions.

Both travel as arguments of one forward call, never as state on the modules: the model is shared by
every browser session and thread, so two captures running at once must not see each other's tensors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

import torch

from .arrays import float_tensor

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
    """Collects named activations during one forward call (detached, in call order), and applies the call's edits.

    edits: hook name -> function(tensor) -> tensor, applied where the forward pass produces that activation,
    before it is recorded and used (activation patching, neuron ablation). The model passes on what this returns.
    """

    def __init__(self, names_filter=None, edits: Mapping[str, Callable[[torch.Tensor], torch.Tensor]] | None = None):
        self.store: dict[str, torch.Tensor] = {}
        self._filter = names_filter
        self.edits = dict(edits or {})

    def wants(self, name: str) -> bool:
        return self._filter is None or self._filter(name)

    def __call__(self, name: str, tensor: torch.Tensor) -> torch.Tensor:
        edit = self.edits.get(name)
        if edit is not None:
            tensor = edit(tensor)
        if self.wants(name):
            self.store[name] = tensor.detach()
        return tensor


# Short names of the per-block activations -> their path inside block i (TransformerLens's get_act_name idea).
BLOCK_ACTS = {
    "resid_pre": "hook_resid_pre",  # [B, T, C] the residual stream entering the block
    "ln1": "ln_1.hook_normalized",  # [B, T, C]
    "q": "attn.hook_q", "k": "attn.hook_k", "v": "attn.hook_v",  # [B, nh, T, hs]
    "scores": "attn.hook_scores",  # [B, nh, T, T] q·kᵀ times the scale, before the mask
    "masked_scores": "attn.hook_masked_scores",  # [B, nh, T, T] the future set to -inf
    "pattern": "attn.hook_pattern",  # [B, nh, T, T] softmax of the masked scores
    "z": "attn.hook_z",  # [B, nh, T, hs] pattern @ v, per head
    "attn_out": "attn.hook_out",  # [B, T, C] after c_proj (W_O)
    "resid_mid": "hook_resid_mid",  # [B, T, C]
    "ln2": "ln_2.hook_normalized",  # [B, T, C]
    "mlp_pre": "mlp.hook_pre", "mlp_post": "mlp.hook_post",  # [B, T, 4C] before / after the activation
    "mlp_out": "mlp.hook_out",  # [B, T, C]
    "resid_post": "hook_resid_post",  # [B, T, C] the residual stream leaving the block
}
# Activations outside the blocks.
MODEL_ACTS = {"tok_emb": "transformer.hook_tok_emb", "pos_emb": "transformer.hook_pos_emb",
              "ln_final": "transformer.ln_f.hook_normalized", "logits": "hook_logits"}


def act_name(name: str, layer: int | None = None) -> str:
    """The full hook name of an activation.

    >>> act_name("pattern", 0)
    'transformer.h.0.attn.hook_pattern'
    >>> act_name("logits")
    'hook_logits'
    """
    if name in MODEL_ACTS:
        if layer is not None:
            raise ValueError(f"{name!r} is not a per-layer activation")
        return MODEL_ACTS[name]
    if name not in BLOCK_ACTS:
        raise KeyError(f"no activation named {name!r}; known: {', '.join([*BLOCK_ACTS, *MODEL_ACTS])}")
    if layer is None:
        raise ValueError(f"{name!r} is recorded once per layer: give the layer")
    return f"transformer.h.{layer}.{BLOCK_ACTS[name]}"


class ActivationCache(dict):
    """name -> tensor, in the order the forward pass produced them.

    Names are module paths with a hook_ prefix on the last part, e.g.
    "transformer.h.0.attn.hook_pattern" [B, nh, T, T]; `act_name("pattern", 0)` spells it.
    """

    def act(self, name: str, layer: int | None = None) -> torch.Tensor:
        """cache.act("pattern", 0) == cache["transformer.h.0.attn.hook_pattern"]"""
        return self[act_name(name, layer)]

    @classmethod
    def from_unbatched(cls, acts, names) -> "ActivationCache":
        """The named activations of a cache after remove_batch_dim() (tensors or numpy arrays, e.g. a page's
        cached copies) as a cache with a batch of one again, float32 copies, for functions that take a cache."""
        return cls({name: float_tensor(acts[name])[None] for name in names})

    def remove_batch_dim(self) -> "ActivationCache":
        """The same activations for a batch of one, without the batch dimension ([1, nh, T, T] -> [nh, T, T])."""
        sizes = {tensor.shape[0] for tensor in self.values()}
        if sizes - {1}:
            raise ValueError(f"remove_batch_dim needs a batch of one, got batch sizes {sorted(sizes)}")
        return ActivationCache({name: tensor[0] for name, tensor in self.items()})

    def block(self, layer: int, name: str) -> torch.Tensor:
        """cache.block(0, "attn.hook_pattern") == cache["transformer.h.0.attn.hook_pattern"]"""
        return self[f"transformer.h.{layer}.{name}"]

    def stack(self, name: str) -> torch.Tensor:
        """One per-block activation stacked over layers: [n_layer, ...]."""
        layers = sorted(
            int(key.split(".")[2]) for key in self if key.startswith("transformer.h.") and key.endswith("." + name)
        )
        return torch.stack([self.block(i, name) for i in layers])
