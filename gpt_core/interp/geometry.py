"""Where vectors lie: PCA projections, the residual stream stage by stage, cosine similarities, and the
embedding lookup written as a one-hot product. Inputs are activations without the batch dimension."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import torch
from torch.nn import functional as F

from ..arrays import float_tensor
from ..capture import ActivationCache
from .lens import residual_stack


@dataclass
class PCA:
    """A fitted principal-component basis: project any [N, D] points into the same k axes.

    mean [D], components [k, D] (orthonormal rows), explained [k] (variance ratio of the fit data).
    """

    mean: torch.Tensor
    components: torch.Tensor
    explained: torch.Tensor

    def transform(self, y) -> torch.Tensor:
        """Coordinates [N, k] of points y [N, D] (or [..., D]) in this basis."""
        y = torch.as_tensor(y, dtype=self.mean.dtype)
        return (y - self.mean) @ self.components.T  # [..., k]


def fit_pca(x, k: int = 2) -> PCA:
    """Fit PCA on x [N, D] via SVD of the centred data (for N > 2D, the same axes from the eigenvectors of its
    [D, D] scatter matrix: several times faster for a large vocabulary); signs are fixed so results are deterministic.

    Each component's largest-|value| entry is made positive (SVD may return either sign). When k
    exceeds the rank that N or D allows, the extra components are zero with zero explained variance.

    >>> p = fit_pca(torch.tensor([[0., 0.], [2., 0.], [4., 0.]]), k=1)
    >>> p.components, p.explained
    (tensor([[1., 0.]]), tensor([1.]))
    """
    x = torch.as_tensor(x).float()
    if x.dim() != 2:
        raise ValueError(f"fit_pca expects [N, D] points, got shape {tuple(x.shape)}")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    N, D = x.shape
    mean = x.mean(0) if N else torch.zeros(D)  # [D]
    centred = x - mean  # [N, D]
    if N > 2 * D:  # a tall table (a 50k vocabulary): the [D, D] scatter's eigenvectors, not an [N, D] SVD
        scatter = (centred.T @ centred).double()  # [D, D]
        variance, vectors = torch.linalg.eigh(scatter)  # ascending: [D], [D, D] (columns)
        variance, Vh = variance.flip(0).clamp(min=0), vectors.flip(1).T.float()  # S^2 [D], Vh [D, D]
    else:
        _, S, Vh = torch.linalg.svd(centred, full_matrices=False)  # S [r], Vh [r, D], r = min(N, D)
        variance = S**2  # [r]
    r = min(k, Vh.shape[0])
    components = torch.zeros(k, D)  # [k, D]
    components[:r] = Vh[:r]
    biggest = components.abs().argmax(dim=1)  # [k]
    signs = torch.sign(components[torch.arange(k), biggest])  # [k]
    signs[signs == 0] = 1.0
    components = components * signs[:, None]
    total = variance.sum()
    explained = torch.zeros(k)  # [k]
    if total > 0:
        explained[:r] = variance[:r] / total
    return PCA(mean=mean, components=components, explained=explained)


def pca_project(x, k: int = 2) -> tuple[torch.Tensor, torch.Tensor]:
    """Coordinates [N, k] of x [N, D] on its own top-k principal axes, and their explained variance ratio [k]."""
    pca = fit_pca(x, k)
    return pca.transform(x), pca.explained


def project_with(pca: PCA, y) -> torch.Tensor:
    """Project y [N, D] into an already fitted basis (e.g. fit on all residual states, show one layer)."""
    return pca.transform(y)


def cosine_similarity_matrix(x) -> torch.Tensor:
    """Pairwise cosine similarity [N, N] of the rows of x [N, D]; a zero row is similar to nothing (0).

    >>> cosine_similarity_matrix(torch.tensor([[1., 0.], [0., 2.], [3., 0.]]))
    tensor([[1., 0., 1.],
            [0., 1., 0.],
            [1., 0., 1.]])
    """
    x = torch.as_tensor(x).float()
    unit = F.normalize(x, dim=-1, eps=1e-12)  # [N, D]
    return unit @ unit.T  # [N, N]


def project(x, k: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """PCA coordinates [N, k] of the rows of x [N, D] and the explained variance ratio [k]."""
    points = float_tensor(x)  # a copy: x may be a read-only view of weights
    pca = fit_pca(points, k)
    return pca.transform(points).numpy(), pca.explained.numpy()


def residual_states(acts: Mapping, n_layer: int) -> tuple[list[str], np.ndarray]:
    """gpt_core.interp.lens.residual_stack on activations without the batch dimension: names, states [L+1, T, C]."""
    names = ["transformer.h.0.hook_resid_pre"] + [f"transformer.h.{i}.hook_resid_post" for i in range(n_layer)]
    cache = ActivationCache.from_unbatched(acts, names)
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
