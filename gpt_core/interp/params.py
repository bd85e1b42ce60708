"""Parameter counts in formulas, named configurations to compare against, and memory per storage format."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import GPTConfig
import torch

PARAMETER_GROUPS = ("wte", "wpe", "attention", "mlp", "layernorm", "lm_head")


def parameter_group(name: str) -> str:
    """The PARAMETER_GROUPS entry a GPT-2 style parameter name belongs to."""
    if name.startswith("transformer.wte."):
        return "wte"
    if name.startswith("transformer.wpe."):
        return "wpe"
    if ".attn." in name:
        return "attention"
    if ".mlp." in name:
        return "mlp"
    if ".ln_1." in name or ".ln_2." in name or name.startswith("transformer.ln_f."):
        return "layernorm"
    if name.startswith("lm_head."):
        return "lm_head"
    raise ValueError(f"parameter {name!r} belongs to no known group")


def parameter_breakdown(model: torch.nn.Module) -> dict[str, int]:
    """Parameters per group of a built model, plus "total" (== model.num_parameters()).

    Groups: wte (token embedding), wpe (learned position embedding; 0 for sinusoidal/rope/none,
    whose tables are fixed buffers), attention (c_attn + c_proj of every layer), mlp (c_fc + c_proj),
    layernorm (ln_1, ln_2 of every layer and ln_f), lm_head (0 when tied: it *is* wte).

    >>> from gpt_core import GPT
    >>> parameter_breakdown(GPT(GPTConfig(n_layer=1, n_head=1, n_embd=4, vocab_size=3, block_size=2)))["wte"]
    12
    """
    counts = {group: 0 for group in PARAMETER_GROUPS}
    for name, param in model.named_parameters():  # named_parameters() yields a tied weight once
        counts[parameter_group(name)] += param.numel()
    counts["total"] = sum(counts[group] for group in PARAMETER_GROUPS)
    return counts


def parameter_count_for_config(cfg: GPTConfig) -> dict[str, int]:
    """The same breakdown as parameter_breakdown, computed from the config alone (no model is built).

    Per layer: attention 4C^2 (+4C bias), MLP 2*r*C^2 (+ r*C + C bias), two LayerNorms 2C (+2C bias).
    GPT-3 (L 96, C 12288, V 50257, T 2048, tied) gives about 175 billion:

    >>> round(parameter_count_for_config(GPTConfig(n_layer=96, n_head=96, n_embd=12288,
    ...     vocab_size=50257, block_size=2048))["total"] / 1e9)
    175
    """
    C, L, V = cfg.n_embd, cfg.n_layer, cfg.vocab_size
    hidden, qkv = cfg.mlp_hidden_size, (cfg.n_head + 2 * cfg.kv_heads) * cfg.head_size  # qkv: 3C without GQA
    ab, mb = int(cfg.has_attn_bias), int(cfg.has_mlp_bias)
    attention = C * qkv + ab * qkv + C * C + ab * C  # c_attn [qkv, C] + c_proj [C, C]
    up = 2 if cfg.activation == "swiglu" else 1  # SwiGLU has a gate (c_gate) beside the up-projection (c_fc)
    mlp = up * (C * hidden + mb * hidden) + hidden * C + mb * C  # c_fc (+ c_gate) [H, C] + c_proj [C, H]
    layernorm = C + int(cfg.has_norm_bias) * C  # weight (+ bias) of one LayerNorm / RMSNorm
    counts = {
        "wte": V * C,
        "wpe": cfg.block_size * C if cfg.pos_encoding == "learned" else 0,
        "attention": L * attention,
        "mlp": L * mlp,
        "layernorm": (2 * L + 1) * layernorm,
        "lm_head": 0 if cfg.tie_weights else V * C,
    }
    counts["total"] = sum(counts.values())
    return counts


CONFIG_PRESETS = {
    # Radford et al. 2019 (GPT-2 small) and Brown et al. 2020 (GPT-3 175B); both tie lm_head to wte.
    "gpt2-small": dict(n_layer=12, n_embd=768, n_head=12, vocab_size=50257, block_size=1024, tie_weights=True),
    "gpt3": dict(n_layer=96, n_embd=12288, n_head=96, vocab_size=50257, block_size=2048, tie_weights=True),
}

BYTES_PER_PARAM = {  # weights only, except the training row
    "fp32": 4,
    "fp16": 2,
    "bf16": 2,
    "adamw_fp32": 16,  # fp32 weights 4 + gradients 4 + AdamW first moment 4 + second moment 4
}


def memory_estimate(n_params: int) -> dict[str, int]:
    """Bytes for n_params parameters per storage format (BYTES_PER_PARAM); activations are not included.

    >>> memory_estimate(10)["adamw_fp32"]
    160
    """
    return {name: int(n_params) * size for name, size in BYTES_PER_PARAM.items()}


def parameter_formulas(cfg: GPTConfig) -> dict[str, str]:
    """How each group's count follows from the config, "symbolic = numbers" (the numbers evaluate to the count
    of gpt_core.interp.params.parameter_count_for_config); a group with no parameters reads "0".

    >>> parameter_formulas(GPTConfig(n_layer=2, n_head=2, n_embd=8, vocab_size=5, block_size=4))["wte"]
    'V·C = 5·8'
    """
    C, L, r = cfg.n_embd, cfg.n_layer, cfg.mlp_ratio
    if _family_shaped(cfg):
        return _general_formulas(cfg)
    if cfg.bias:
        attention = f"L·(C·3C + 3C + C·C + C) = {L}·({C}·{3 * C} + {3 * C} + {C}·{C} + {C})"
        mlp = f"L·(C·{r}C + {r}C + {r}C·C + C) = {L}·({C}·{r * C} + {r * C} + {r * C}·{C} + {C})"
        layernorm = f"(2L + 1)·2C = {2 * L + 1}·{2 * C}"
    else:
        attention = f"L·(C·3C + C·C) = {L}·({C}·{3 * C} + {C}·{C})"
        mlp = f"L·(C·{r}C + {r}C·C) = {L}·({C}·{r * C} + {r * C}·{C})"
        layernorm = f"(2L + 1)·C = {2 * L + 1}·{C}"
    return _formulas(cfg, attention, mlp, layernorm)


def _formulas(cfg: GPTConfig, attention: str, mlp: str, norm: str) -> dict[str, str]:
    """The formula per parameter group, given the three that depend on the family's switches."""
    C, V, T = cfg.n_embd, cfg.vocab_size, cfg.block_size
    return {
        "wte": f"V·C = {V}·{C}",
        "wpe": f"T·C = {T}·{C}" if cfg.pos_encoding == "learned" else "0",
        "attention": attention,
        "mlp": mlp,
        "layernorm": norm,
        "lm_head": "0" if cfg.tie_weights else f"V·C = {V}·{C}",
    }


def _family_shaped(cfg: GPTConfig) -> bool:
    """True when the config uses a switch nanoGPT's shape lacks (GQA, SwiGLU, RMSNorm, MLP width, split biases)."""
    return (cfg.kv_heads != cfg.n_head or cfg.activation == "swiglu" or cfg.norm != "layernorm"
            or cfg.mlp_hidden is not None or cfg.has_attn_bias != cfg.bias or cfg.has_mlp_bias != cfg.bias)


def _general_formulas(cfg: GPTConfig) -> dict[str, str]:
    """parameter_formulas for the GPT-2 / Llama switches: nkv key/value heads of hs, MLP width H, gate or not."""
    C, L, H = cfg.n_embd, cfg.n_layer, cfg.mlp_hidden_size
    nh, nkv, hs = cfg.n_head, cfg.kv_heads, cfg.head_size
    qkv = (nh + 2 * nkv) * hs
    attention = f"L·(C·(nh + 2·nkv)·hs + C·C) = {L}·({C}·{qkv} + {C}·{C})"
    if cfg.has_attn_bias:
        attention = f"L·(C·(nh + 2·nkv)·hs + (nh + 2·nkv)·hs + C·C + C) = {L}·({C}·{qkv} + {qkv} + {C}·{C} + {C})"
    mats = 3 if cfg.activation == "swiglu" else 2
    mlp = f"L·{mats}·C·H = {L}·{mats}·{C}·{H}"
    if cfg.has_mlp_bias:
        mlp = f"L·({mats}·C·H + {mats - 1}·H + C) = {L}·({mats}·{C}·{H} + {mats - 1}·{H} + {C})"
    norm = f"(2L + 1)·2C = {2 * L + 1}·{2 * C}" if cfg.has_norm_bias else f"(2L + 1)·C = {2 * L + 1}·{C}"
    return _formulas(cfg, attention, mlp, norm)


@dataclass(frozen=True)
class ParamGroup:
    key: str  # one of gpt_core.interp.params.PARAMETER_GROUPS
    count: int
    formula: str  # parameter_formulas' entry
    tensors: str  # the parameter tensors, layers folded: "h.{i}.attn.c_attn.weight [384, 128] ×4"


def parameter_groups(model) -> list[ParamGroup]:
    """parameter_breakdown's groups of a built model, each with its formula and its tensors; the counts sum to
    model.num_parameters() (named_parameters() yields a tied weight once, as wte, so a tied lm_head counts 0)."""
    counts = parameter_breakdown(model)
    shapes: dict[str, dict[tuple[str, tuple[int, ...]], int]] = {group: {} for group in PARAMETER_GROUPS}
    for name, param in model.named_parameters():
        folded = re.sub(r"\bh\.\d+\.", "h.{i}.", name.removeprefix("transformer."))
        key = (folded, tuple(param.shape))
        group = shapes[parameter_group(name)]
        group[key] = group.get(key, 0) + 1
    formulas = parameter_formulas(model.config)
    out = []
    for group in PARAMETER_GROUPS:
        tensors = ", ".join(f"{n} {list(s)}" + (f" ×{k}" if k > 1 else "") for (n, s), k in shapes[group].items())
        if group == "lm_head" and model.config.tie_weights:
            tensors = "lm_head.weight = wte.weight"
        out.append(ParamGroup(group, counts[group], formulas[group], tensors or "—"))
    return out
