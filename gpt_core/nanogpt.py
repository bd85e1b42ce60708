"""Import a nanoGPT checkpoint (ckpt.pt + meta.pkl from data/shakespeare_char) without running pickled code.

- ckpt.pt is read with torch.load(weights_only=True): only tensors and plain containers are allowed,
  so a file whose pickle would call arbitrary functions is refused before anything runs.
- meta.pkl is read by SafeUnpickler, which refuses every global lookup: plain dicts, lists, tuples,
  str, int, float, bool and None are all it can build.
"""
from __future__ import annotations

import io
import os
import pickle
import re
from pathlib import Path
from typing import Any

import torch

from .checkpoint import MAX_CHECKPOINT_BYTES, Checkpoint, CheckpointError, build_model
from .config import ConfigError, GPTConfig
from .tokenizers import CharTokenizer

MAX_META_BYTES = 10 * 1024 * 1024
_PLAIN_TYPES = (dict, list, tuple, str, int, float, bool, type(None))
_COMPILE_PREFIX = "_orig_mod."  # torch.compile wraps the model and prefixes every key


class UnsafePickleError(CheckpointError):
    """The pickle asked to construct something other than plain data."""


class SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:  # called for every global the pickle references
        raise UnsafePickleError(code="nanogpt.meta_global", module=module, name=name)

    def persistent_load(self, pid: Any) -> Any:
        raise UnsafePickleError(code="nanogpt.meta_persistent_id")


def _check_plain(value: Any, depth: int = 0) -> None:
    if depth > 20 or not isinstance(value, _PLAIN_TYPES):
        raise UnsafePickleError(code="nanogpt.meta_not_plain", type=type(value).__name__)
    if isinstance(value, dict):
        for k, v in value.items():
            _check_plain(k, depth + 1)
            _check_plain(v, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_plain(v, depth + 1)


def read_meta_pkl(data: bytes) -> CharTokenizer:
    """nanoGPT's meta.pkl ({'vocab_size', 'itos': {id: ch}, 'stoi': {ch: id}}) -> a CharTokenizer with the same ids."""
    if len(data) > MAX_META_BYTES:
        raise CheckpointError(code="nanogpt.meta_too_large", n_bytes=len(data), limit=MAX_META_BYTES)
    try:
        meta = SafeUnpickler(io.BytesIO(data)).load()
    except UnsafePickleError:
        raise
    except Exception as exc:
        raise CheckpointError(code="nanogpt.meta_unreadable", type=type(exc).__name__, error=exc) from None
    _check_plain(meta)
    if not isinstance(meta, dict) or not isinstance(meta.get("itos"), dict):
        raise CheckpointError(code="nanogpt.meta_no_itos")
    itos = meta["itos"]
    if sorted(itos) != list(range(len(itos))) or not all(isinstance(c, str) and len(c) == 1 for c in itos.values()):
        raise CheckpointError(code="nanogpt.meta_bad_itos")
    return CharTokenizer([itos[i] for i in range(len(itos))], sort=False)


def _refusal_reason(torch_message: str) -> str:
    """The one line of torch's weights_only refusal that names what was refused.

    torch's text runs to a dozen lines with terminal colour codes and suggests loading with
    weights_only=False, which is exactly what must not be done with an untrusted file.
    """
    plain = re.sub(r"\x1b\[[0-9;]*m", "", torch_message)
    found = re.search(r"(Unsupported (?:global|operand)[^\n]*)", plain)
    reason = found.group(1) if found else plain.strip().splitlines()[0] if plain.strip() else "unpickling refused"
    return reason.strip().rstrip(".")[:200]


def _load_ckpt_pt(data: bytes) -> dict:
    if len(data) > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(code="nanogpt.ckpt_too_large", mb=len(data) / 2**20, limit_mb=MAX_CHECKPOINT_BYTES // 2**20)
    try:
        ckpt = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        raise UnsafePickleError(code="nanogpt.ckpt_refused", reason=_refusal_reason(str(exc))) from None
    except Exception as exc:
        raise CheckpointError(code="nanogpt.ckpt_unreadable", type=type(exc).__name__, error=exc) from None
    if not isinstance(ckpt, dict) or "model" not in ckpt or "model_args" not in ckpt:
        raise CheckpointError(code="nanogpt.ckpt_not_nanogpt")
    return ckpt


def import_nanogpt_bytes(ckpt_data: bytes, meta_data: bytes | None, name: str = "nanogpt") -> Checkpoint:
    """Convert nanoGPT's ckpt.pt (+ meta.pkl) held in memory into a Checkpoint (model, tokenizer, record)."""
    if meta_data is None:
        raise CheckpointError(code="nanogpt.meta_needed")
    tokenizer = read_meta_pkl(meta_data)
    ckpt = _load_ckpt_pt(ckpt_data)
    args = ckpt["model_args"]
    if not isinstance(args, dict):
        raise CheckpointError(code="nanogpt.args_not_dict")
    try:
        config = GPTConfig(
            vocab_size=int(args["vocab_size"]), block_size=int(args["block_size"]), n_layer=int(args["n_layer"]),
            n_head=int(args["n_head"]), n_embd=int(args["n_embd"]), dropout=0.0, bias=bool(args.get("bias", True)),
            pos_encoding="learned", activation="gelu", tie_weights=True,
        )
    except (KeyError, ValueError, TypeError, ConfigError) as exc:
        raise CheckpointError(code="nanogpt.bad_args", error=exc) from None
    if tokenizer.vocab_size != config.vocab_size:
        raise CheckpointError(code="nanogpt.vocab_mismatch", meta_vocab=tokenizer.vocab_size,
                              model_vocab=config.vocab_size)
    weights = {}
    for key, tensor in ckpt["model"].items():
        key = key.removeprefix(_COMPILE_PREFIX)
        if key.endswith(".attn.bias") or key.endswith(".attn.masked_bias"):
            continue  # nanoGPT's causal-mask buffer on its slow path; we build the mask on the fly
        weights[key] = tensor
    model = build_model(config, weights)
    record = {
        "source": "nanoGPT",
        "steps": int(ckpt.get("iter_num", 0) or 0),
        "best_val_loss": float(ckpt["best_val_loss"]) if "best_val_loss" in ckpt else None,
        "corpus": str((ckpt.get("config") or {}).get("dataset", "")),
    }
    return Checkpoint(model=model, tokenizer=tokenizer, config=config, record=record, name=name)


def import_nanogpt(ckpt_path: str | os.PathLike, meta_path: str | os.PathLike | None) -> Checkpoint:
    ckpt_path = Path(ckpt_path)
    for path in (ckpt_path, meta_path):
        if path is not None and not Path(path).is_file():
            raise CheckpointError(code="nanogpt.no_file", path=path)
    meta = Path(meta_path).read_bytes() if meta_path is not None else None
    return import_nanogpt_bytes(ckpt_path.read_bytes(), meta, name=ckpt_path.parent.name or ckpt_path.stem)
