"""The optimizers a Trainer can use: AdamW everywhere, or torch's Muon for the blocks' matrices plus AdamW for the rest.

Why Muon: it orthogonalises each 2-D update (a few Newton-Schulz iterations), and on the fast-cpu recipe it reached
val 1.88 on Tiny Shakespeare in 350 steps where AdamW needed 550-600 (bench/README.md). It is meant for hidden
matrices only: embeddings, the head, norms and biases stay with AdamW (as in Keller Jordan's recipe and torch's
docs). Its step is scaled to AdamW's RMS (0.2 * sqrt(max(rows, cols))), so one learning-rate schedule drives both.

Why our own Muon and not torch.optim.Muon: torch 2.13's runs the Newton-Schulz iterations in bfloat16, which this
CPU (no AVX512-BF16) emulates: 1.2-1.4 s per step for the fast-cpu model's eight matrices, against 2.6 ms for
AdamW's whole step. The same iteration in float32 is a few ms.
"""
from __future__ import annotations

from typing import Iterator

import torch

OPTIMIZERS = ("adamw", "muon")


def _fused_ok(params: list[torch.Tensor]) -> bool:
    # One fused kernel over all tensors: on a CPU, torch otherwise picks its per-tensor loop, which took ~4 ms of a
    # ~50 ms step for the 4-layer model (fused: 0.6 ms). Same algorithm and state.
    return all(p.device.type in ("cpu", "cuda") and p.dtype in (torch.float32, torch.float16, torch.bfloat16)
               for p in params)


def adamw(params: list[torch.Tensor], lr: float, betas, weight_decay: float) -> torch.optim.AdamW:
    """AdamW with two groups: weight decay on matrices and embeddings (dim >= 2), none on biases/norm gains.

    Decay pulls weights towards 0; on a norm gain that would fight the normalisation and on a bias it buys
    nothing, so (as in GPT-2 and nanoGPT) only the matrices are decayed."""
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=tuple(betas), fused=_fused_ok(params) or None)


def muon_parameters(model: torch.nn.Module) -> list[torch.Tensor]:
    """The blocks' 2-D weights (attention and MLP matrices): what Muon updates."""
    return [p for name, p in model.named_parameters() if p.requires_grad and p.dim() == 2 and ".h." in f".{name}"]


NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)  # the quintic Newton-Schulz iteration of the Muon write-up


def orthogonalise(g: torch.Tensor, steps: int = 5, eps: float = 1e-7) -> torch.Tensor:
    """An approximately orthogonal matrix with g's row and column spaces ([m, n] -> [m, n], float32): what
    U Vᵀ of g's SVD would be, with the singular values pushed towards 1 (to roughly 0.7-1.2) by `steps` iterations
    of X <- aX + (bA + cA²)X, A = XXᵀ, after scaling X so that its largest singular value is at most 1."""
    a, b, c = NS_COEFFICIENTS
    x = g.float()
    wide = x.size(0) > x.size(1)
    if wide:
        x = x.T  # iterate on the short side: A is min(m, n) square
    x = x / (x.norm() + eps)
    for _ in range(steps):
        A = x @ x.T  # [k, k], k = min(m, n)
        x = a * x + (b * A + c * A @ A) @ x
    return x.T if wide else x


class Muon(torch.optim.Optimizer):
    """Momentum, then the orthogonalised update, for 2-D parameters: p <- p(1 - lr·wd) - lr·s·O(m), with m the
    Nesterov momentum of the gradient and s = 0.2·sqrt(max(rows, cols)) so that the step's RMS matches AdamW's."""

    def __init__(self, params, lr: float = 1e-3, weight_decay: float = 0.1, momentum: float = 0.95,
                 nesterov: bool = True, ns_steps: int = 5) -> None:
        super().__init__(params, dict(lr=lr, weight_decay=weight_decay, momentum=momentum, nesterov=nesterov,
                                      ns_steps=ns_steps))
        for group in self.param_groups:
            if any(p.dim() != 2 for p in group["params"]):
                raise ValueError("Muon updates 2-D matrices only")

    @torch.no_grad()
    def step(self) -> None:
        for group in self.param_groups:
            lr, mu = group["lr"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = torch.zeros_like(p)
                buf = state["momentum_buffer"]
                buf.lerp_(p.grad, 1 - mu)  # m <- mu·m + (1 - mu)·g
                update = p.grad.lerp(buf, mu) if group["nesterov"] else buf
                o = orthogonalise(update, group["ns_steps"]).to(p.dtype)
                p.mul_(1 - lr * group["weight_decay"])
                p.add_(o, alpha=-lr * 0.2 * max(p.shape) ** 0.5)


class _MergedState:
    """Both optimizers' per-parameter state as one mapping (what the Trainer and checkpoints read and clear)."""

    def __init__(self, parts: list[torch.optim.Optimizer]) -> None:
        self._parts = parts

    def _owner(self, param) -> torch.optim.Optimizer:
        for part in self._parts:
            if any(p is param for group in part.param_groups for p in group["params"]):
                return part
        raise KeyError("the parameter belongs to neither optimizer")

    def get(self, param, default=None):
        for part in self._parts:
            if param in part.state:
                return part.state[param]
        return default

    def __getitem__(self, param):
        value = self.get(param)
        if value is None:
            raise KeyError("no state for this parameter")
        return value

    def __setitem__(self, param, value) -> None:
        self._owner(param).state[param] = value

    def __contains__(self, param) -> bool:
        return any(param in part.state for part in self._parts)

    def items(self) -> Iterator:
        for part in self._parts:
            yield from part.state.items()

    def __len__(self) -> int:
        return sum(len(part.state) for part in self._parts)

    def clear(self) -> None:
        for part in self._parts:
            part.state.clear()


class MuonWithAdamW:
    """Muon on the blocks' matrices, AdamW on everything else, stepped together. The param_groups are both
    optimizers' groups (AdamW's first), so a schedule that sets group["lr"] drives both."""

    def __init__(self, model: torch.nn.Module, lr: float, betas, weight_decay: float) -> None:
        matrices = muon_parameters(model)
        chosen = {id(p) for p in matrices}
        rest = [p for p in model.parameters() if p.requires_grad and id(p) not in chosen]
        self.adamw = adamw(rest, lr, betas, weight_decay)
        self.muon = Muon(matrices, lr=lr, weight_decay=weight_decay)
        self.param_groups = self.adamw.param_groups + self.muon.param_groups
        self.state = _MergedState([self.adamw, self.muon])

    def zero_grad(self, set_to_none: bool = True) -> None:
        self.adamw.zero_grad(set_to_none=set_to_none)
        self.muon.zero_grad(set_to_none=set_to_none)

    def step(self) -> None:
        self.adamw.step()
        self.muon.step()


def make(model: torch.nn.Module, name: str, lr: float, betas, weight_decay: float):
    """The optimizer named `name` ("adamw" or "muon") over model's trainable parameters."""
    if name == "muon":
        return MuonWithAdamW(model, lr, betas, weight_decay)
    return adamw([p for p in model.parameters() if p.requires_grad], lr, betas, weight_decay)
