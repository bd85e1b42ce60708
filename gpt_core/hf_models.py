"""Load a Hugging Face model folder (config.json + safetensors + tokenizer.json) into our GPT, never unpickling.

Families: model_type "gpt2" (nanoGPT's names already; Conv1D weights are stored [in, out] and are transposed),
and the Llama family "llama" / "mistral" (names mapped by LLAMA_NAMES). The folder may hold one
model.safetensors or shards listed in model.safetensors.index.json.

    >>> sorted(SUPPORTED_MODEL_TYPES)
    ['gpt2', 'llama', 'mistral']
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import torch

from .checkpoint import Checkpoint, CheckpointError, build_model
from .config import GPTConfig
from .errors import Message
from .tokenizers import BPETokenizer

MAX_CONFIG_BYTES = 1024 * 1024
MAX_TOKENIZER_BYTES = 64 * 1024 * 1024
WEIGHTS_FILE, INDEX_FILE, TOKENIZER_FILE, CONFIG_FILE = (
    "model.safetensors", "model.safetensors.index.json", "tokenizer.json", "config.json")

# Hugging Face Llama name (with {i} for the layer) -> ours. q_proj, k_proj and v_proj are stacked, in that
# order, into one c_attn.weight [(nh + 2 nkv)·hs, C], so attention splits them exactly as for GPT-2.
LLAMA_NAMES = {
    "model.embed_tokens.weight": "transformer.wte.weight",
    "model.layers.{i}.input_layernorm.weight": "transformer.h.{i}.ln_1.weight",
    "model.layers.{i}.self_attn.q_proj.weight": "transformer.h.{i}.attn.c_attn.weight (rows 0 .. nh·hs)",
    "model.layers.{i}.self_attn.k_proj.weight": "transformer.h.{i}.attn.c_attn.weight (next nkv·hs rows)",
    "model.layers.{i}.self_attn.v_proj.weight": "transformer.h.{i}.attn.c_attn.weight (last nkv·hs rows)",
    "model.layers.{i}.self_attn.o_proj.weight": "transformer.h.{i}.attn.c_proj.weight",
    "model.layers.{i}.post_attention_layernorm.weight": "transformer.h.{i}.ln_2.weight",
    "model.layers.{i}.mlp.gate_proj.weight": "transformer.h.{i}.mlp.c_gate.weight",
    "model.layers.{i}.mlp.up_proj.weight": "transformer.h.{i}.mlp.c_fc.weight",
    "model.layers.{i}.mlp.down_proj.weight": "transformer.h.{i}.mlp.c_proj.weight",
    "model.norm.weight": "transformer.ln_f.weight",
    "lm_head.weight": "lm_head.weight",
}
_GPT2_CONV1D = (".attn.c_attn.weight", ".attn.c_proj.weight", ".mlp.c_fc.weight", ".mlp.c_proj.weight")
_GPT2_ACTIVATIONS = {"gelu_new": "gelu_tanh", "gelu_pytorch_tanh": "gelu_tanh", "gelu": "gelu", "relu": "relu"}


def _gpt2_config(hf: dict[str, Any]) -> GPTConfig:
    for flag in ("scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn", "add_cross_attention"):
        if hf.get(flag):
            raise CheckpointError(code="hf.gpt2_unsupported_flag", flag=flag)
    if hf.get("scale_attn_weights") is False:
        raise CheckpointError(code="hf.gpt2_no_score_scaling")
    act = hf.get("activation_function", "gelu_new")
    if act not in _GPT2_ACTIVATIONS:
        raise CheckpointError(code="hf.gpt2_bad_activation", value=act, choices=", ".join(_GPT2_ACTIVATIONS))
    n_embd = int(hf["n_embd"])
    return GPTConfig(
        vocab_size=int(hf["vocab_size"]), block_size=int(hf["n_positions"]), n_layer=int(hf["n_layer"]),
        n_head=int(hf["n_head"]), n_embd=n_embd, dropout=0.0, bias=True, pos_encoding="learned",
        activation=_GPT2_ACTIVATIONS[act], tie_weights=bool(hf.get("tie_word_embeddings", True)),
        mlp_hidden=int(hf["n_inner"]) if hf.get("n_inner") else None, norm="layernorm",
        norm_eps=float(hf.get("layer_norm_epsilon", 1e-5)),
    )


def _rope_theta(hf: dict[str, Any]) -> float:
    """rope_theta from a config of either generation (transformers 5 nests it in rope_parameters)."""
    params = hf.get("rope_parameters") or hf.get("rope_scaling") or {}
    if not isinstance(params, dict):
        raise CheckpointError(code="hf.rope_not_object")
    kind = params.get("rope_type", params.get("type", "default"))
    if kind != "default":
        raise CheckpointError(code="hf.rope_scaling_unsupported", kind=kind)
    return float(params.get("rope_theta", hf.get("rope_theta", 10000.0)))


def _llama_config(hf: dict[str, Any]) -> GPTConfig:
    if hf.get("hidden_act", "silu") != "silu":
        raise CheckpointError(code="hf.llama_bad_hidden_act", value=hf.get("hidden_act"))
    n_embd, n_head = int(hf["hidden_size"]), int(hf["num_attention_heads"])
    head_dim = hf.get("head_dim")
    if head_dim is not None and n_head * int(head_dim) != n_embd:
        raise CheckpointError(code="hf.head_dim_mismatch", head_dim=head_dim, n_head=n_head, n_embd=n_embd)
    block = int(hf.get("max_position_embeddings", 2048))
    window = hf.get("sliding_window")
    if window:  # Mistral: within one window sliding-window attention is plain causal attention
        block = min(block, int(window))
    attn_bias, mlp_bias = bool(hf.get("attention_bias", False)), bool(hf.get("mlp_bias", False))
    return GPTConfig(
        vocab_size=int(hf["vocab_size"]), block_size=block, n_layer=int(hf["num_hidden_layers"]), n_head=n_head,
        n_embd=n_embd, dropout=0.0, bias=False, pos_encoding="rope", activation="swiglu",
        tie_weights=bool(hf.get("tie_word_embeddings", False)), mlp_hidden=int(hf["intermediate_size"]),
        norm="rmsnorm", norm_eps=float(hf.get("rms_norm_eps", 1e-6)),
        n_kv_head=int(hf.get("num_key_value_heads") or n_head), rope_theta=_rope_theta(hf),
        attn_bias=attn_bias, mlp_bias=mlp_bias,
    )


FAMILIES = {"gpt2": _gpt2_config, "llama": _llama_config, "mistral": _llama_config}
SUPPORTED_MODEL_TYPES = tuple(FAMILIES)


def config_from_hf(hf: dict[str, Any]) -> GPTConfig:
    """Our GPTConfig for a Hugging Face config.json dict; a clear CheckpointError for anything unsupported."""
    if not isinstance(hf, dict):
        raise CheckpointError(code="hf.config_not_object")
    model_type = hf.get("model_type")
    if model_type not in FAMILIES:
        raise CheckpointError(code="hf.unsupported_model_type", model_type=model_type, choices=", ".join(FAMILIES))
    try:
        return FAMILIES[model_type](hf)
    except KeyError as exc:
        raise CheckpointError(code="hf.config_missing_key", model_type=model_type, key=exc.args[0]) from None
    except (TypeError, ValueError) as exc:
        if isinstance(exc, CheckpointError):
            raise
        # a ConfigError (a ValueError) stays a message of its own, translated with this one
        raise CheckpointError(code="hf.config_invalid", model_type=model_type, error=exc) from None


def _read_json(path: Path, limit: int, what: Message) -> Any:
    if not path.is_file():
        raise CheckpointError(code="hf.no_json_file", folder=path.parent.name, file=path.name, what=what)
    if path.stat().st_size > limit:
        raise CheckpointError(code="hf.json_too_large", file=path.name, limit_mb=limit // 2**20)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(code="hf.json_invalid", file=path.name, error=exc) from None


def is_hf_folder(path: str | os.PathLike) -> bool:
    return Path(path).is_dir() and (Path(path) / CONFIG_FILE).is_file()


def weight_files(folder: Path) -> list[Path]:
    """The safetensors files of a folder (one file, or the shards its index names), all inside the folder."""
    if (folder / WEIGHTS_FILE).is_file():
        return [folder / WEIGHTS_FILE]
    if (folder / INDEX_FILE).is_file():
        index = _read_json(folder / INDEX_FILE, MAX_CONFIG_BYTES * 16, Message("hf.what.shard_index"))
        weight_map = index.get("weight_map") if isinstance(index, dict) else None
        if not isinstance(weight_map, dict) or not weight_map:
            raise CheckpointError(code="hf.index_no_weight_map")
        shards = []
        for name in dict.fromkeys(weight_map.values()):
            if not isinstance(name, str) or Path(name).name != name or not name.endswith(".safetensors"):
                raise CheckpointError(code="hf.shard_outside_folder", name=name)
            if not (folder / name).is_file():
                raise CheckpointError(code="hf.shard_missing", name=name)
            shards.append(folder / name)
        return shards
    if any(folder.glob("pytorch_model*.bin")) or any(folder.glob("*.pth")):
        raise CheckpointError(code="hf.pickle_only", folder=folder.name)
    raise CheckpointError(code="hf.no_weights", folder=folder.name)


def _header(path: Path) -> dict[str, Any]:
    """A safetensors file's JSON header (shapes and dtypes), read without touching the tensors."""
    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise CheckpointError(code="hf.weights_too_short", file=path.name)
        size = int.from_bytes(head, "little")
        if size > 100 * 2**20 or size + 8 > path.stat().st_size:
            raise CheckpointError(code="hf.weights_truncated", file=path.name)
        try:
            header = json.loads(f.read(size))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise CheckpointError(code="hf.weights_corrupt_header", file=path.name) from None
    if not isinstance(header, dict):
        raise CheckpointError(code="hf.weights_corrupt_header", file=path.name)
    header.pop("__metadata__", None)
    return header


def parameter_count(files: list[Path]) -> int:
    """Numbers stored across the files (from their headers alone)."""
    total = 0
    for path in files:
        for name, info in _header(path).items():
            shape = info.get("shape") if isinstance(info, dict) else None
            if not isinstance(shape, list) or not all(isinstance(n, int) and n >= 0 for n in shape):
                raise CheckpointError(code="hf.tensor_bad_shape", file=path.name, name=name)
            count = 1
            for n in shape:
                count *= n
            total += count
    return total


def available_memory() -> int | None:
    """Bytes this process could still allocate (MemAvailable, capped by a cgroup limit), or None if unknown."""
    values = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                values.append(int(line.split()[1]) * 1024)
    except OSError:
        pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
        if limit.isdigit():
            values.append(int(limit) - used)
    except (OSError, ValueError):
        pass
    return min(values) if values else None


def check_fits_in_memory(n_params: int, name: str) -> None:
    """Refuse, before reading any weight, a model whose float32 weights (4 bytes each) exceed free memory."""
    need, free = 4 * n_params, available_memory()
    if free is not None and need > free:
        raise CheckpointError(code="hf.too_big_for_memory", name=name, millions=n_params / 1e6,
                              need_gib=need / 2**30, free_gib=free / 2**30)


def _read_tensors(files: list[Path]) -> dict[str, torch.Tensor]:
    from safetensors import safe_open

    tensors: dict[str, torch.Tensor] = {}
    for path in files:
        try:
            with safe_open(str(path), framework="pt", device="cpu") as f:
                for name in f.keys():
                    tensors[name] = f.get_tensor(name)
        except CheckpointError:
            raise
        except Exception as exc:  # safetensors raises its own error types for corrupt data
            raise CheckpointError(code="hf.unreadable_weights", file=path.name, error=exc) from None
    return tensors


def _gpt2_weights(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    out = {}
    for name, tensor in tensors.items():
        if name.endswith((".attn.bias", ".attn.masked_bias")):
            continue  # old checkpoints store the causal mask as a buffer; we build it on the fly
        if not name.startswith(("transformer.", "lm_head.")):
            name = "transformer." + name  # saved from GPT2Model rather than GPT2LMHeadModel
        if name.endswith(_GPT2_CONV1D):
            tensor = tensor.t().contiguous()  # Conv1D stores [in, out]; nn.Linear wants [out, in] (a strided
            # view would make every one-token generation step ~30% slower)
        out[name] = tensor
    return out


def _llama_weights(tensors: dict[str, torch.Tensor], config: GPTConfig) -> dict[str, torch.Tensor]:
    out: dict[str, torch.Tensor] = {}
    qkv: dict[int, dict[str, torch.Tensor]] = {}
    layer_name = re.compile(r"model\.layers\.(\d+)\.(.+)")
    simple = {"input_layernorm.weight": "ln_1.weight", "post_attention_layernorm.weight": "ln_2.weight",
              "self_attn.o_proj.weight": "attn.c_proj.weight", "self_attn.o_proj.bias": "attn.c_proj.bias",
              "mlp.gate_proj.weight": "mlp.c_gate.weight", "mlp.up_proj.weight": "mlp.c_fc.weight",
              "mlp.down_proj.weight": "mlp.c_proj.weight", "mlp.gate_proj.bias": "mlp.c_gate.bias",
              "mlp.up_proj.bias": "mlp.c_fc.bias", "mlp.down_proj.bias": "mlp.c_proj.bias"}
    for name, tensor in tensors.items():
        if name == "model.embed_tokens.weight":
            out["transformer.wte.weight"] = tensor
        elif name == "model.norm.weight":
            out["transformer.ln_f.weight"] = tensor
        elif name == "lm_head.weight":
            out["lm_head.weight"] = tensor
        elif (match := layer_name.fullmatch(name)) is not None:
            i, rest = int(match.group(1)), match.group(2)
            if rest in simple:
                out[f"transformer.h.{i}.{simple[rest]}"] = tensor
            elif (proj := re.fullmatch(r"self_attn\.([qkv])_proj\.(weight|bias)", rest)) is not None:
                qkv.setdefault(i, {})[f"{proj.group(1)}.{proj.group(2)}"] = tensor
            elif rest.endswith("rotary_emb.inv_freq"):
                continue  # a recomputable buffer some checkpoints carry
            else:
                out[name] = tensor  # reported as unexpected by build_model
        else:
            out[name] = tensor
    for i, parts in qkv.items():
        for kind in ("weight", "bias"):
            found = [parts.get(f"{p}.{kind}") for p in "qkv"]
            if all(t is None for t in found):
                continue
            if any(t is None for t in found):
                raise CheckpointError(code="hf.qkv_incomplete", layer=i, kind=kind)
            out[f"transformer.h.{i}.attn.c_attn.{kind}"] = torch.cat(found, dim=0)  # [(nh + 2 nkv)·hs, ...]
    return out


def load_hf_folder(folder: str | os.PathLike, check_memory: bool = True) -> Checkpoint:
    """A Checkpoint from a Hugging Face model folder; every problem is a CheckpointError naming it."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CheckpointError(code="hf.no_folder", path=folder)
    hf = _read_json(folder / CONFIG_FILE, MAX_CONFIG_BYTES, Message("hf.what.config"))
    config = config_from_hf(hf)  # a ConfigError arrives wrapped, as hf.config_invalid
    files = weight_files(folder)
    name = folder.name
    if check_memory:
        check_fits_in_memory(parameter_count(files), name)
    tokenizer_path = folder / TOKENIZER_FILE
    if not tokenizer_path.is_file():
        raise CheckpointError(code="hf.no_tokenizer", folder=name)
    if tokenizer_path.stat().st_size > MAX_TOKENIZER_BYTES:
        raise CheckpointError(code="hf.json_too_large", file=TOKENIZER_FILE, limit_mb=MAX_TOKENIZER_BYTES // 2**20)
    try:
        tokenizer = BPETokenizer.from_json(tokenizer_path.read_text(encoding="utf-8"), vocab_size=config.vocab_size)
    except (ValueError, UnicodeDecodeError) as exc:
        # the tokenizer's own ValueError is English detail inside this coded, translated message
        raise CheckpointError(code="hf.tokenizer_unusable", error=exc) from None
    tensors = _read_tensors(files)
    if hf["model_type"] == "gpt2":
        weights = _gpt2_weights(tensors)
    else:
        weights = _llama_weights(tensors, config)
    del tensors
    model = build_model(config, weights)
    record = {"source": "huggingface", "model_type": hf["model_type"], "folder": str(folder),
              "architectures": hf.get("architectures") or []}
    return Checkpoint(model=model, tokenizer=tokenizer, config=config, record=record, name=name)
