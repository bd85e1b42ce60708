"""Parameter counts in formulas, named configurations to compare against, and memory per storage format."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import GPTConfig
from ..inspect import PARAMETER_GROUPS, parameter_breakdown
from ..inspect import _parameter_group as parameter_group

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
    of gpt_core.inspect.parameter_count_for_config); a group with no parameters reads "0".

    >>> parameter_formulas(GPTConfig(n_layer=2, n_head=2, n_embd=8, vocab_size=5, block_size=4))["wte"]
    'V·C = 5·8'
    """
    C, L, V, r, T = cfg.n_embd, cfg.n_layer, cfg.vocab_size, cfg.mlp_ratio, cfg.block_size
    if cfg.bias:
        attention = f"L·(C·3C + 3C + C·C + C) = {L}·({C}·{3 * C} + {3 * C} + {C}·{C} + {C})"
        mlp = f"L·(C·{r}C + {r}C + {r}C·C + C) = {L}·({C}·{r * C} + {r * C} + {r * C}·{C} + {C})"
        layernorm = f"(2L + 1)·2C = {2 * L + 1}·{2 * C}"
    else:
        attention = f"L·(C·3C + C·C) = {L}·({C}·{3 * C} + {C}·{C})"
        mlp = f"L·(C·{r}C + {r}C·C) = {L}·({C}·{r * C} + {r * C}·{C})"
        layernorm = f"(2L + 1)·C = {2 * L + 1}·{C}"
    return {
        "wte": f"V·C = {V}·{C}",
        "wpe": f"T·C = {T}·{C}" if cfg.pos_encoding == "learned" else "0",
        "attention": attention,
        "mlp": mlp,
        "layernorm": layernorm,
        "lm_head": "0" if cfg.tie_weights else f"V·C = {V}·{C}",
    }


@dataclass(frozen=True)
class ParamGroup:
    key: str  # one of gpt_core.inspect.PARAMETER_GROUPS
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
