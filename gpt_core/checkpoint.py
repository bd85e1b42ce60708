"""One self-describing checkpoint file: safetensors weights + JSON metadata (config, tokenizer, training record).

Loading never unpickles anything. A file that is truncated, has wrong shapes, missing tensors or bad
metadata raises CheckpointError with a message that names what is wrong.

Layout of the metadata (all values are JSON strings, as safetensors requires str -> str):
    format = "gpt-explorer", format_version = "1",
    config = GPTConfig.to_dict(), tokenizer = Tokenizer.to_dict(), record = training record,
    optimizer = (optional) AdamW bookkeeping; its tensors are stored as "optimizer.<param>.<exp_avg|exp_avg_sq>".
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load as load_safetensors_bytes
from safetensors.torch import save as save_safetensors_bytes

from .config import ConfigError, GPTConfig
from .errors import GPTCoreError, Message
from .model import GPT
from .tokenizers import Tokenizer, tokenizer_from_dict

FORMAT_NAME = "gpt-explorer"
FORMAT_VERSION = "1"
MAX_CHECKPOINT_BYTES = 512 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024 * 1024
OPTIMIZER_PREFIX = "optimizer."


class CheckpointError(GPTCoreError):
    """A checkpoint that cannot be loaded; the message says what is wrong and, where it can, how to fix it."""


@dataclass
class Checkpoint:
    model: GPT
    tokenizer: Tokenizer
    config: GPTConfig
    record: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    optimizer_tensors: dict[str, torch.Tensor] = field(default_factory=dict, repr=False)
    optimizer_meta: dict[str, Any] | None = None

    def restore_optimizer(self, optimizer: torch.optim.Optimizer) -> bool:
        """Load the stored AdamW state into an optimizer built over self.model's parameters."""
        if not self.optimizer_meta:
            return False
        params = dict(self.model.named_parameters())
        for name, step in self.optimizer_meta.get("steps", {}).items():
            if name not in params:
                raise CheckpointError(code="checkpoint.unknown_optimizer_param", name=name)
            optimizer.state[params[name]] = {
                "step": torch.tensor(float(step)),
                "exp_avg": self.optimizer_tensors[f"{OPTIMIZER_PREFIX}{name}.exp_avg"].clone(),
                "exp_avg_sq": self.optimizer_tensors[f"{OPTIMIZER_PREFIX}{name}.exp_avg_sq"].clone(),
            }
        for name in self.optimizer_meta.get("momentum", []):  # Muon's matrices (gpt_core/optim.py)
            if name not in params:
                raise CheckpointError(code="checkpoint.unknown_optimizer_param", name=name)
            optimizer.state[params[name]] = {
                "momentum_buffer": self.optimizer_tensors[f"{OPTIMIZER_PREFIX}{name}.momentum_buffer"].clone()}
        return True


# ---- saving ------------------------------------------------------------------------------------
def model_tensors(model: GPT) -> dict[str, torch.Tensor]:
    """The weights under nanoGPT names; a tied lm_head.weight is stored once (as transformer.wte.weight).

    Always float32 on the CPU, whatever the model was trained on (a GPU, bf16): the file loads anywhere."""
    tensors = {name: _portable(t) for name, t in model.state_dict().items()}
    if model.config.tie_weights:
        tensors.pop("lm_head.weight", None)
    return tensors


def _portable(t: torch.Tensor) -> torch.Tensor:
    t = t.detach().to("cpu")
    return (t.float() if t.is_floating_point() else t).contiguous()


def _optimizer_payload(model: GPT, optimizer: torch.optim.Optimizer) -> tuple[dict[str, torch.Tensor], dict]:
    names = {id(p): n for n, p in model.named_parameters()}
    tensors: dict[str, torch.Tensor] = {}
    steps: dict[str, float] = {}
    momentum: list[str] = []
    for group in optimizer.param_groups:
        for param in group["params"]:
            state = optimizer.state.get(param)
            if not state or id(param) not in names:
                continue
            name = names[id(param)]
            if "momentum_buffer" in state:  # a Muon matrix: one buffer, no step count
                tensors[f"{OPTIMIZER_PREFIX}{name}.momentum_buffer"] = _portable(state["momentum_buffer"])
                momentum.append(name)
                continue
            tensors[f"{OPTIMIZER_PREFIX}{name}.exp_avg"] = _portable(state["exp_avg"])
            tensors[f"{OPTIMIZER_PREFIX}{name}.exp_avg_sq"] = _portable(state["exp_avg_sq"])
            steps[name] = float(state["step"])
    meta = {"type": type(optimizer).__name__, "steps": steps}
    if momentum:
        meta["momentum"] = momentum
    return tensors, meta


def checkpoint_bytes(model: GPT, tokenizer: Tokenizer, record: dict | None = None,
                     optimizer: torch.optim.Optimizer | None = None) -> bytes:
    """The checkpoint as bytes (for a download button); save_checkpoint writes the same bytes."""
    if tokenizer.vocab_size != model.config.vocab_size:
        raise CheckpointError(code="checkpoint.model_vocab_mismatch", tokenizer_vocab=tokenizer.vocab_size,
                              model_vocab=model.config.vocab_size)
    tensors = model_tensors(model)
    metadata = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "config": json.dumps(model.config.to_dict()),
        "tokenizer": json.dumps(tokenizer.to_dict()),
        "record": json.dumps(record or {}),
    }
    if optimizer is not None:
        opt_tensors, opt_meta = _optimizer_payload(model, optimizer)
        tensors.update(opt_tensors)
        metadata["optimizer"] = json.dumps(opt_meta)
    return save_safetensors_bytes(tensors, metadata=metadata)


def save_checkpoint(path: str | os.PathLike, model: GPT, tokenizer: Tokenizer, record: dict | None = None,
                    optimizer: torch.optim.Optimizer | None = None) -> Path:
    """Write one .safetensors file atomically (a crash mid-write never leaves a half file under the name)."""
    path = Path(path)
    data = checkpoint_bytes(model, tokenizer, record, optimizer)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


# ---- loading -----------------------------------------------------------------------------------
def read_metadata(data: bytes) -> dict[str, str]:
    """Parse the safetensors header by hand, with size checks, to get the metadata without loading tensors."""
    if len(data) < 8:
        raise CheckpointError(code="checkpoint.too_short", n_bytes=len(data))
    (header_len,) = struct.unpack("<Q", data[:8])
    if header_len > MAX_HEADER_BYTES or 8 + header_len > len(data):
        raise CheckpointError(code="checkpoint.truncated")
    try:
        header = json.loads(data[8 : 8 + header_len].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(code="checkpoint.header_not_json", error=exc) from None
    if not isinstance(header, dict):
        raise CheckpointError(code="checkpoint.header_not_object")
    metadata = header.get("__metadata__") or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise CheckpointError(code="checkpoint.metadata_not_strings")
    return metadata


def _json_field(metadata: dict[str, str], key: str, required: bool = True) -> Any:
    if key not in metadata:
        if required:
            raise CheckpointError(code="checkpoint.missing_metadata", key=key)
        return None
    try:
        return json.loads(metadata[key])
    except json.JSONDecodeError as exc:
        raise CheckpointError(code="checkpoint.metadata_not_json", key=key, error=exc) from None


def load_checkpoint_bytes(data: bytes, name: str = "checkpoint") -> Checkpoint:
    """Validate and load a checkpoint held in memory (e.g. an upload)."""
    if len(data) > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(code="checkpoint.too_large", mb=len(data) / 2**20, limit_mb=MAX_CHECKPOINT_BYTES // 2**20)
    metadata = read_metadata(data)
    if metadata.get("format") != FORMAT_NAME:
        raise CheckpointError(code="checkpoint.wrong_format", format=metadata.get("format"), expected=FORMAT_NAME)
    if metadata.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(code="checkpoint.wrong_version", version=metadata.get("format_version"),
                              expected=FORMAT_VERSION)
    try:
        config = GPTConfig.from_dict(_json_field(metadata, "config"))
    except (ConfigError, TypeError) as exc:
        raise CheckpointError(code="checkpoint.bad_config", error=exc) from None
    try:
        tokenizer = tokenizer_from_dict(_json_field(metadata, "tokenizer"))
    except ValueError as exc:
        raise CheckpointError(code="checkpoint.bad_tokenizer", error=exc) from None
    if tokenizer.vocab_size != config.vocab_size:
        raise CheckpointError(code="checkpoint.config_vocab_mismatch", tokenizer_vocab=tokenizer.vocab_size,
                              config_vocab=config.vocab_size)
    record = _json_field(metadata, "record", required=False) or {}
    if not isinstance(record, dict):
        raise CheckpointError(code="checkpoint.record_not_object")
    optimizer_meta = _json_field(metadata, "optimizer", required=False)

    try:
        tensors = load_safetensors_bytes(data)
    except Exception as exc:  # safetensors raises its own error types for corrupt data
        raise CheckpointError(code="checkpoint.unreadable_tensors", error=exc) from None
    optimizer_tensors = {k: v for k, v in tensors.items() if k.startswith(OPTIMIZER_PREFIX)}
    weights = {k: v for k, v in tensors.items() if not k.startswith(OPTIMIZER_PREFIX)}
    model = build_model(config, weights)
    if optimizer_meta is not None:
        for pname in optimizer_meta.get("steps", {}):
            for kind in ("exp_avg", "exp_avg_sq"):
                if f"{OPTIMIZER_PREFIX}{pname}.{kind}" not in optimizer_tensors:
                    raise CheckpointError(code="checkpoint.optimizer_state_incomplete", name=pname, kind=kind)
        for pname in optimizer_meta.get("momentum", []):
            if f"{OPTIMIZER_PREFIX}{pname}.momentum_buffer" not in optimizer_tensors:
                raise CheckpointError(code="checkpoint.optimizer_state_incomplete", name=pname, kind="momentum_buffer")
    return Checkpoint(model=model, tokenizer=tokenizer, config=config, record=record, name=name,
                      optimizer_tensors=optimizer_tensors, optimizer_meta=optimizer_meta)


META_BUILD_MIN_WEIGHTS = 8_000_000  # numbers in the file; beyond this the model is built on the meta device


def build_model(config: GPTConfig, weights: dict[str, torch.Tensor]) -> GPT:
    """A GPT in eval mode holding exactly `weights`; names every missing, unexpected or mis-shaped tensor."""
    n_weights = sum(math.prod(tuple(v.shape)) for v in weights.values())  # tensors, or arrays from a bad caller
    # Shapes only for a big model: no time spent drawing random weights that are overwritten next. A small one is
    # built on the CPU: a meta-device build makes torch import torch._dynamo (nn.Embedding's init runs through
    # torch._refs there), about a second of the app's cold start for a model whose random init takes milliseconds.
    with torch.device("meta") if n_weights > META_BUILD_MIN_WEIGHTS else contextlib.nullcontext():
        model = GPT(config, init_weights=False)
    expected = dict(model.state_dict())
    if config.tie_weights:
        # lm_head.weight *is* wte.weight; a copy (nanoGPT writes both names) carries nothing new
        expected.pop("lm_head.weight", None)
        weights = {k: v for k, v in weights.items() if k != "lm_head.weight"}
    problems = []
    missing = sorted(set(expected) - set(weights))
    unexpected = sorted(set(weights) - set(expected))
    if missing:
        problems.append(Message("checkpoint.problem.missing", names=", ".join(missing[:8]),
                                more=" ..." if len(missing) > 8 else ""))
    if unexpected:
        problems.append(Message("checkpoint.problem.unexpected", names=", ".join(unexpected[:8]),
                                more=" ..." if len(unexpected) > 8 else ""))
    for key in sorted(set(expected) & set(weights)):
        if tuple(weights[key].shape) != tuple(expected[key].shape):
            problems.append(Message("checkpoint.problem.shape", key=key, shape=tuple(weights[key].shape),
                                    expected=tuple(expected[key].shape)))
        elif not weights[key].is_floating_point():
            problems.append(Message("checkpoint.problem.dtype", key=key, dtype=weights[key].dtype))
        elif not torch.isfinite(weights[key].sum(dtype=torch.float64)):  # a NaN or an Inf anywhere makes the sum one
            problems.append(Message("checkpoint.problem.not_finite", key=key))
    if problems:
        raise CheckpointError(code="checkpoint.config_mismatch", problems=problems)
    model.load_state_dict({k: v.float() for k, v in weights.items()}, strict=not config.tie_weights,
                          assign=True)
    if config.tie_weights:
        model.lm_head.weight = model.transformer.wte.weight  # assign replaced wte's parameter: tie them again
    model.fixed_tables()
    return model.eval()


def load_checkpoint(path: str | os.PathLike, map_location: str = "cpu") -> Checkpoint:
    """Our .safetensors file, a nanoGPT ckpt.pt (its meta.pkl beside it), or a Hugging Face model folder."""
    path = Path(path)
    if path.is_dir():
        from .hf_models import load_hf_folder

        checkpoint = load_hf_folder(path)
        checkpoint.model.to(map_location)
        return checkpoint
    if path.suffix == ".pt" and path.is_file():
        from .nanogpt import import_nanogpt

        meta = path.parent / "meta.pkl"
        checkpoint = import_nanogpt(path, meta if meta.is_file() else None)
        checkpoint.model.to(map_location)
        return checkpoint
    if not path.is_file():
        raise CheckpointError(code="checkpoint.no_file", path=path)
    size = path.stat().st_size
    if size > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(code="checkpoint.file_too_large", name=path.name, mb=size / 2**20,
                              limit_mb=MAX_CHECKPOINT_BYTES // 2**20)
    checkpoint = load_checkpoint_bytes(path.read_bytes(), name=path.stem)
    checkpoint.model.to(map_location)
    return checkpoint


def checkpoint_summary(path: str | os.PathLike) -> dict[str, Any]:
    """Config and record of a checkpoint without building the model (for listings)."""
    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise CheckpointError(code="checkpoint.file_too_short", path=path)
        (header_len,) = struct.unpack("<Q", head)
        if header_len > MAX_HEADER_BYTES:
            raise CheckpointError(code="checkpoint.not_safetensors", path=path)
        metadata = read_metadata(head + f.read(header_len))
    return {"config": _json_field(metadata, "config"), "record": _json_field(metadata, "record", required=False) or {}}
