"""Where vectors lie: PCA projections, the residual stream stage by stage, cosine similarities, and the
embedding lookup written as a one-hot product. Inputs are activations without the batch dimension."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import torch

from ..capture import ActivationCache
from ..inspect import cosine_similarity_matrix, fit_pca, residual_stack


def project(x, k: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """PCA coordinates [N, k] of the rows of x [N, D] and the explained variance ratio [k]."""
    points = torch.tensor(np.asarray(x, dtype=np.float32))  # a copy: x may be a read-only view of weights
    pca = fit_pca(points, k)
    return pca.transform(points).numpy(), pca.explained.numpy()


def residual_states(acts: Mapping, n_layer: int) -> tuple[list[str], np.ndarray]:
    """gpt_core.inspect.residual_stack on activations without the batch dimension: names, states [L+1, T, C]."""
    names = ["transformer.h.0.hook_resid_pre"] + [f"transformer.h.{i}.hook_resid_post" for i in range(n_layer)]
    cache = ActivationCache({name: torch.as_tensor(np.array(acts[name], dtype=np.float32))[None] for name in names})
    stage_names, states = residual_stack(cache, n_layer)
    return stage_names, states.numpy()


def residual_trajectories(acts: Mapping, n_layer: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every token's residual state after every layer in ONE shared 2-D PCA basis.

    The basis is fit on all (L+1)·T states together, so a point moving between stages is a real change
    of the vector, not a change of axes. Returns names, coords [L+1, T, 2], explained [2].
    """
    names, states = residual_states(acts, n_layer)  # [S, T, C]
    S, T, C = states.shape
    flat = torch.as_tensor(states.reshape(S * T, C), dtype=torch.float32)
    pca = fit_pca(flat, 2)
    return names, pca.transform(flat).numpy().reshape(S, T, 2), pca.explained.numpy()


def stage_cosine(acts: Mapping, n_layer: int, stage: int) -> np.ndarray:
    """Cosine similarity [T, T] of the input's tokens at one residual stage (0 = embeddings, i+1 = after layer i)."""
    _, states = residual_states(acts, n_layer)
    return cosine_similarity_matrix(torch.as_tensor(states[stage], dtype=torch.float32)).numpy()


def one_hot_lookup(W_E, token_id: int) -> dict:
    """nn.Embedding is a table lookup: one_hot(id) @ W_E picks row id of W_E.

    The product's sum has one term 1·W_E[id] plus zeros, so it equals the row exactly (difference 0).

    >>> out = one_hot_lookup(np.arange(6.).reshape(3, 2), 1)
    >>> out["one_hot"].tolist(), out["via_matmul"].tolist(), out["max_abs_diff"]
    ([0.0, 1.0, 0.0], [2.0, 3.0], 0.0)
    """
    W = np.asarray(W_E, dtype=np.float32)  # [V, C]
    one_hot = np.zeros(W.shape[0], dtype=np.float32)  # [V]
    one_hot[int(token_id)] = 1.0
    via_matmul = one_hot @ W  # [C]
    via_index = W[int(token_id)]  # [C]
    return dict(one_hot=one_hot, via_matmul=via_matmul, via_index=via_index,
                max_abs_diff=float(np.abs(via_matmul - via_index).max(initial=0.0)))
