"""Where training runs: pick a device, and the per-device speed settings (TF32, bf16 autocast).

    >>> select_device("auto", cuda_available=False, mps_available=True).type
    'mps'
    >>> select_device("cuda", cuda_available=False, mps_available=False)
    Traceback (most recent call last):
    ...
    gpt_core.devices.DeviceError: device cuda is not available on this machine (torch finds: cpu)

Only the training loop runs on the chosen device; a checkpoint is always written as float32 tensors on
the CPU (gpt_core.checkpoint.model_tensors), so a model trained on a GPU loads on any machine.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable

import torch

from .errors import GPTCoreError

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


class DeviceError(GPTCoreError):
    """A device that is unknown or not present on this machine."""


def _cuda_available() -> bool:
    return torch.cuda.is_available()


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def available_devices(cuda_available: bool | None = None, mps_available: bool | None = None) -> list[str]:
    """The device kinds usable here, best first (cuda, mps, cpu). The flags override detection (tests)."""
    cuda = _cuda_available() if cuda_available is None else cuda_available
    mps = _mps_available() if mps_available is None else mps_available
    return [kind for kind, ok in (("cuda", cuda), ("mps", mps), ("cpu", True)) if ok]


def select_device(requested: str | torch.device | None = "auto", *, cuda_available: bool | None = None,
                  mps_available: bool | None = None, local_rank: int | None = None) -> torch.device:
    """'auto' -> the best available (cuda, then mps, then cpu); 'cpu' / 'cuda' / 'mps' / 'cuda:1' as asked.

    An explicit device that is absent is an error rather than a silent CPU run (a learner who asked for the
    GPU should know it is not being used). Under torchrun, `local_rank` picks this process's GPU.
    """
    text = "auto" if requested is None else str(requested)
    kind, _, index = text.partition(":")
    if kind not in DEVICE_CHOICES or (index and (kind not in ("cuda",) or not index.isdigit())):
        raise DeviceError(code="device.unknown", value=text, choices=", ".join(DEVICE_CHOICES))
    present = available_devices(cuda_available, mps_available)
    if kind == "auto":
        kind = present[0]
    elif kind not in present:
        raise DeviceError(code="device.unavailable", device=kind, available=", ".join(present))
    if kind == "cuda":
        if index:
            return torch.device("cuda", int(index))
        return torch.device("cuda", local_rank or 0)
    return torch.device(kind)


def configure_device(device: torch.device) -> None:
    """Process-wide speed settings for `device`: on CUDA, float32 matmuls may use TF32 tensor cores.

    TF32 keeps float32's range with a 10-bit mantissa in the matmul inputs: the loss curve of a small GPT does
    not change visibly and Ampere+ GPUs run the matmuls several times faster. Nothing changes on a CPU.
    """
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        torch.set_float32_matmul_precision("high")


def autocast_for(device: torch.device) -> Callable[[], contextlib.AbstractContextManager]:
    """A factory of the context the forward pass runs under: bf16 autocast on CUDA, nothing elsewhere.

    bf16 has float32's exponent range, so (unlike fp16) it needs no loss scaling; the weights and the
    optimizer stay float32, only the matmuls and activations inside the context are bf16. On a CPU, bf16
    autocast is slower than float32 for these small matrices, and MPS's bf16 support varies by macOS version.
    """
    if device.type == "cuda":
        return lambda: torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext


def describe_device(device: torch.device) -> str:
    """'cpu (2 threads)', 'cuda:0 (NVIDIA H200, bf16 autocast, TF32)', 'mps' — for logs and the Train page."""
    if device.type == "cuda":
        return f"{device} ({torch.cuda.get_device_name(device)}, bf16 autocast, TF32)"
    if device.type == "cpu":
        return f"cpu ({torch.get_num_threads()} threads)"
    return str(device)
