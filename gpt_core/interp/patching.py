"""Activation patching: run a corrupted prompt, put one activation from the clean run back, see how much of the
clean behaviour returns.

Metric: the logit difference logit[answer] - logit[wrong] at the last position. Recovered fraction of a patch:
(patched - corrupt) / (clean - corrupt): 1 means that activation alone restores the clean answer, 0 nothing.
Patched from clean into corrupt (TransformerLens's "denoising" direction): the residual stream before each layer
at each position, each head's output z at every position, each MLP's output at each position.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..capture import act_name

CHUNK = 32  # patched runs per batched forward pass


@dataclass(frozen=True)
class PatchingResult:
    clean_diff: float  # logit difference on the clean prompt
    corrupt_diff: float
    resid_pre: np.ndarray  # [L, T] recovered fraction, patching the residual entering layer l at position t
    head_out: np.ndarray  # [L, nh] recovered fraction, patching head h's z at every position
    mlp_out: np.ndarray  # [L, T] recovered fraction, patching the MLP output of layer l at position t
    raw: dict  # the same three as patched logit differences (before normalising)


def logit_diff(logits: torch.Tensor, answer: int, wrong: int) -> torch.Tensor:
    """logit[answer] - logit[wrong] at the last position, per sequence: logits [B, T, V] -> [B]."""
    return logits[:, -1, answer] - logits[:, -1, wrong]


def _check(model, clean, corrupt, answer: int, wrong: int) -> None:
    if clean.numel() != corrupt.numel():
        raise ValueError(f"the clean prompt has {clean.numel()} tokens and the corrupted one {corrupt.numel()}: "
                         "activation patching compares them position by position, so they need the same length")
    if clean.numel() == 0:
        raise ValueError("the prompts are empty")
    V = model.config.vocab_size
    for name, token in (("answer", answer), ("wrong", wrong)):
        if not 0 <= int(token) < V:
            raise ValueError(f"{name} token id {token} is outside the vocabulary [0, {V})")
    if int(answer) == int(wrong):
        raise ValueError("the answer and the wrong token are the same: their logit difference is always 0")


@torch.no_grad()
def _patched_diffs(model, corrupt: torch.Tensor, hook: str, clean_act: torch.Tensor, rows: list, answer: int,
                   wrong: int) -> np.ndarray:
    """Logit differences of the corrupted prompt with clean_act put back at rows[i] (an index into the hook's
    tensor after its batch dimension) in run i; batched CHUNK runs at a time."""
    out = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]

        def edit(tensor, chunk=chunk):
            tensor = tensor.clone()
            for b, where in enumerate(chunk):
                tensor[(b, *where)] = clean_act[where]
            return tensor

        batch = corrupt[None].expand(len(chunk), -1)  # [b, T]
        logits, _ = model.run_with_cache(batch, names_filter=lambda name: False, edits={hook: edit})
        out.append(logit_diff(logits, answer, wrong).double().numpy())
    return np.concatenate(out)


@torch.no_grad()
def activation_patching(model, clean_ids, corrupt_ids, answer: int, wrong: int) -> PatchingResult:
    """Patch every residual (per layer and position), head output (per layer and head) and MLP output (per layer
    and position) from the clean run into the corrupted one; token ids [T] each, of equal length."""
    clean = torch.as_tensor(clean_ids, dtype=torch.long).reshape(-1)  # [T]
    corrupt = torch.as_tensor(corrupt_ids, dtype=torch.long).reshape(-1)  # [T]
    _check(model, clean, corrupt, answer, wrong)
    cfg, T = model.config, clean.numel()
    clean_logits, cache = model.run_with_cache(clean[None])
    corrupt_logits, _ = model(corrupt[None])
    clean_diff = float(logit_diff(clean_logits, answer, wrong))
    corrupt_diff = float(logit_diff(corrupt_logits, answer, wrong))
    gap = clean_diff - corrupt_diff
    if abs(gap) < 1e-6:
        raise ValueError(f"both prompts give the same logit difference ({clean_diff:.4f}): there is nothing to "
                         "recover; choose prompts that change the answer")
    raw = {}
    for name, rows in (("resid_pre", [(t,) for t in range(T)]), ("mlp_out", [(t,) for t in range(T)]),
                       ("z", [(h,) for h in range(cfg.n_head)])):
        per_layer = []
        for layer in range(cfg.n_layer):
            hook = act_name(name, layer)
            # resid_pre, mlp_out [1, T, C] -> one position; z [1, nh, T, hs] -> one head at every position
            per_layer.append(_patched_diffs(model, corrupt, hook, cache[hook][0], rows, answer, wrong))
        raw["head_out" if name == "z" else name] = np.stack(per_layer)  # [L, T] or [L, nh]

    def recovered(diffs: np.ndarray) -> np.ndarray:
        return (diffs - corrupt_diff) / gap

    return PatchingResult(clean_diff, corrupt_diff, recovered(raw["resid_pre"]), recovered(raw["head_out"]),
                          recovered(raw["mlp_out"]), raw)
