"""Data-parallel training under torchrun: one process per rank, gradients averaged by DistributedDataParallel.

    torchrun --nproc_per_node 2 -m gpt_core train --corpus shakespeare --preset fast-cpu --out F

torchrun starts N copies of the CLI with RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT in the
environment; `from_environment()` reads them and joins the process group (gloo on a CPU, nccl on CUDA).
The Trainer then wraps its model in DDP and gives each rank its own slice of one global batch (see
`rank_slice`), so N ranks with batch B train exactly like one process with batch N x B. Rank 0 alone
evaluates, samples, logs and writes the checkpoint.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class DistributedContext:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    local_world_size: int = 1

    @property
    def enabled(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        """The rank that evaluates, logs and saves."""
        return self.rank == 0


SINGLE_PROCESS = DistributedContext()


def launched_by_torchrun(environ: dict | None = None) -> bool:
    env = os.environ if environ is None else environ
    return int(env.get("WORLD_SIZE", "1")) > 1 and "RANK" in env


def context_from_env(environ: dict | None = None) -> DistributedContext:
    """The ranks torchrun describes in the environment (single-process when it did not launch us)."""
    env = os.environ if environ is None else environ
    if not launched_by_torchrun(env):
        return SINGLE_PROCESS
    return DistributedContext(rank=int(env["RANK"]), world_size=int(env["WORLD_SIZE"]),
                              local_rank=int(env.get("LOCAL_RANK", 0)),
                              local_world_size=int(env.get("LOCAL_WORLD_SIZE", env["WORLD_SIZE"])))


def backend_for(device: torch.device) -> str:
    """nccl between GPUs, gloo between CPU processes."""
    return "nccl" if device.type == "cuda" else "gloo"


def init_process_group(context: DistributedContext, device: torch.device) -> None:
    """Join torchrun's group (env:// rendezvous: MASTER_ADDR / MASTER_PORT). A no-op for a single process."""
    if context.enabled and not dist.is_initialized():
        if device.type == "cuda":
            torch.cuda.set_device(device)
        dist.init_process_group(backend=backend_for(device), rank=context.rank, world_size=context.world_size)


def current_context() -> DistributedContext:
    """The context of an already-initialised process group (tests start one with mp.spawn), else single."""
    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return SINGLE_PROCESS
    env_local = int(os.environ.get("LOCAL_WORLD_SIZE", dist.get_world_size()))
    return DistributedContext(rank=dist.get_rank(), world_size=dist.get_world_size(),
                              local_rank=int(os.environ.get("LOCAL_RANK", dist.get_rank())),
                              local_world_size=env_local)


def shutdown() -> None:
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()


def rank_slice(batch_size: int, context: DistributedContext) -> slice:
    """Rank r's rows of the global batch of world_size x batch_size windows drawn for one step.

    >>> rank_slice(6, DistributedContext(rank=1, world_size=2))
    slice(6, 12, None)

    Drawing the global batch from one generator seeded by (seed, step) and slicing it gives every rank
    its own data, reproducibly, and makes 2 ranks x batch 6 see exactly the windows of 1 process x batch 12.
    """
    return slice(context.rank * batch_size, (context.rank + 1) * batch_size)


def all_reduce_mean(values: torch.Tensor, context: DistributedContext) -> torch.Tensor:
    """The mean over ranks of a small tensor (the step's loss and stop flag); identity for a single process."""
    if not context.enabled:
        return values
    values = values.clone()
    dist.all_reduce(values, op=dist.ReduceOp.SUM)
    return values / context.world_size


def barrier(context: DistributedContext) -> None:
    if context.enabled:
        dist.barrier()
