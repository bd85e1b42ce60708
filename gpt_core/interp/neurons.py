"""MLP neurons: which fire on a text, where, and what each one writes towards the vocabulary.

A neuron is one of the H hidden units of a layer's MLP; its activation is `mlp.hook_post` [T, H] (for SwiGLU the
gated product silu(gate) * up, what c_proj reads). Its output direction is its column of c_proj [C]; read through
the unembedding (no final norm: the norm's scale depends on the whole residual), it says which next tokens the
neuron pushes up and which it pushes down when it fires.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..capture import ActivationCache


@dataclass(frozen=True)
class ActiveNeuron:
    layer: int
    neuron: int
    max_activation: float  # its largest activation over the text
    position: int  # where that is


def most_active_neurons(cache: ActivationCache, n_layer: int, k: int = 5, batch_index: int = 0) -> list[list[ActiveNeuron]]:
    """Per layer, the k neurons with the largest activation anywhere in the text (largest first)."""
    out = []
    for layer in range(n_layer):
        post = cache.act("mlp_post", layer)[batch_index].double()  # [T, H]
        peak, where = post.max(dim=0)  # [H] each
        top = torch.topk(peak, min(int(k), peak.numel())).indices
        out.append([ActiveNeuron(layer, int(n), float(peak[n]), int(where[n])) for n in top])
    return out


def neuron_activations(cache: ActivationCache, layer: int, neuron: int, batch_index: int = 0) -> np.ndarray:
    """One neuron's activation at every position [T]."""
    post = cache.act("mlp_post", layer)[batch_index]  # [T, H]
    if not 0 <= int(neuron) < post.shape[-1]:
        raise ValueError(f"layer {layer} has {post.shape[-1]} neurons; there is no neuron {neuron}")
    return post[:, int(neuron)].double().numpy()


@torch.no_grad()
def neuron_vocab_effect(model, layer: int, neuron: int, k: int = 10) -> dict[str, np.ndarray]:
    """The tokens a neuron's output direction promotes and suppresses: W_U @ c_proj[:, neuron] [V], top and bottom k.

    Returns promoted_ids, promoted_values, suppressed_ids, suppressed_values (each [k]; suppressed most negative
    first) and the whole effect [V].
    """
    mlp = model.transformer.h[int(layer)].mlp
    H = mlp.c_proj.weight.shape[1]
    if not 0 <= int(neuron) < H:
        raise ValueError(f"layer {layer} has {H} neurons; there is no neuron {neuron}")
    direction = mlp.c_proj.weight[:, int(neuron)].double()  # [C]
    effect = model.lm_head.weight.double() @ direction  # [V]
    k = min(int(k), effect.numel())
    up, down = torch.topk(effect, k), torch.topk(-effect, k)
    return {"promoted_ids": up.indices.numpy(), "promoted_values": up.values.numpy(),
            "suppressed_ids": down.indices.numpy(), "suppressed_values": (-down.values).numpy(),
            "effect": effect.numpy()}
