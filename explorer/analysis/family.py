"""The loaded model's family switches in words: its norm and activation by name, and the notes a view adds when
grouped-query attention or rotary positions change what its hooks hold. Strings: explorer/locales/<lang>/family.py."""
from __future__ import annotations

from gpt_core.config import GPTConfig
from gpt_core.interp.kv_heads import kv_group

from explorer.i18n import t


# Names and formulas that read the same in every language (so they are not in the catalogues).
NORM_NAMES = {"layernorm": "LayerNorm", "rmsnorm": "RMSNorm"}
FORMULAS = {
    "gelu": "GELU(x) = x·Φ(x)",
    "gelu_tanh": "GELU(x) ≈ 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))",
    "relu": "ReLU(x) = max(0, x)",
    "swiglu": "SiLU(x) = x·σ(x)",
}


def norm_name(cfg: GPTConfig) -> str:
    """"LayerNorm" or "RMSNorm": what ln_1, ln_2 and ln_f are."""
    return NORM_NAMES[cfg.norm]


def activation_name(name: str) -> str:
    """config.activation by its name: "GELU (tanh approximation)" for gelu_tanh, "SwiGLU" for swiglu."""
    return t(f"family.act.{name}")


def activation_formula(name: str) -> str:
    """The non-linearity as a formula (SwiGLU's is the SiLU its gate goes through)."""
    return FORMULAS[name]


def is_gqa(cfg: GPTConfig) -> bool:
    return cfg.kv_heads != cfg.n_head


def gqa_note(cfg: GPTConfig, head: int) -> str | None:
    """What hook_k / hook_v hold under grouped-query attention, and which query heads share `head`'s key head."""
    if not is_gqa(cfg):
        return None
    return t("family.gqa", nkv=cfg.kv_heads, nh=cfg.n_head, g=cfg.n_head // cfg.kv_heads, head=head,
             kv=cfg.kv_head_of(head), group=", ".join(str(h) for h in kv_group(cfg, head)))


def rope_note(cfg: GPTConfig) -> str | None:
    """Under rotary positions the recorded q and k are the rotated ones."""
    return t("family.rope_qk", theta=cfg.rope_theta) if cfg.pos_encoding == "rope" else None
