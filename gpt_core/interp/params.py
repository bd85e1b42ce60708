"""Parameter counts in formulas, named configurations to compare against, and memory per storage format."""
from __future__ import annotations

from ..config import GPTConfig

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
    """The arithmetic behind each group of gpt_core.inspect.parameter_count_for_config, with this config's numbers."""
    C, L, V, r = cfg.n_embd, cfg.n_layer, cfg.vocab_size, cfg.mlp_ratio
    b = "" if cfg.bias else "0·"
    return {
        "wte": f"V·C = {V:,}·{C:,}",
        "wpe": f"T·C = {cfg.block_size:,}·{C:,}" if cfg.pos_encoding == "learned" else f"0 ({cfg.pos_encoding})",
        "attention": f"L·(4C² + {b}4C) = {L}·(4·{C:,}² + {b}4·{C:,})",
        "mlp": f"L·(2·{r}C² + {b}({r}C + C)) = {L}·(2·{r}·{C:,}² + {b}{r + 1}·{C:,})",
        "layernorm": f"(2L + 1)·(C + {b}C) = {2 * L + 1}·{'2' if cfg.bias else '1'}·{C:,}",
        "lm_head": "0 (= wteᵀ)" if cfg.tie_weights else f"V·C = {V:,}·{C:,}",
    }
