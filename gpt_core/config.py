"""Model configuration: a typed, validated dataclass plus named presets.

Example:
    >>> cfg = GPTConfig(n_layer=2, n_head=2, n_embd=32, block_size=16, vocab_size=65)
    >>> cfg.head_size
    16
    >>> preset("tiny", vocab_size=65).n_layer
    2
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from .errors import GPTCoreError

POS_ENCODINGS = ("learned", "sinusoidal", "rope", "none")
# gelu: exact erf GELU (nanoGPT); gelu_tanh: GPT-2's tanh approximation ("gelu_new"); swiglu: Llama's gated MLP,
# down(silu(gate(x)) * up(x))
ACTIVATIONS = ("gelu", "gelu_tanh", "relu", "swiglu")
NORMS = ("layernorm", "rmsnorm")


class ConfigError(GPTCoreError):
    """A model configuration that cannot build a GPT; the message says which field and why."""


@dataclass(frozen=True)
class GPTConfig:
    vocab_size: int = 65
    block_size: int = 128  # maximum context length T
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128  # C, the residual stream width
    dropout: float = 0.0
    bias: bool = True  # biases in Linear and LayerNorm, as GPT-2
    pos_encoding: str = "learned"  # learned | sinusoidal | rope | none
    activation: str = "gelu"  # gelu | relu
    tie_weights: bool = True  # lm_head.weight is transformer.wte.weight
    mlp_ratio: int = 4  # MLP hidden width = mlp_ratio * n_embd, unless mlp_hidden is set
    # The fields below let one class hold GPT-2 and Llama-family checkpoints; their defaults are our own models'.
    mlp_hidden: int | None = None  # MLP hidden width when it is not a multiple of n_embd (Llama: intermediate_size)
    norm: str = "layernorm"  # layernorm | rmsnorm (Llama): ln_1, ln_2 and ln_f
    norm_eps: float = 1e-5
    n_kv_head: int | None = None  # key/value heads (grouped-query attention); None: one per query head
    rope_theta: float = 10000.0  # base of the rotary frequencies (pos_encoding "rope")
    attn_bias: bool | None = None  # biases in c_attn and attn.c_proj; None: follow `bias`
    mlp_bias: bool | None = None  # biases in the MLP's Linear layers; None: follow `bias`

    def __post_init__(self) -> None:
        for name in ("vocab_size", "block_size", "n_layer", "n_head", "n_embd", "mlp_ratio", "mlp_hidden", "n_kv_head"):
            value = getattr(self, name)
            if value is None and name in ("mlp_hidden", "n_kv_head"):
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(code="config.not_positive_int", name=name, value=value)
        if self.n_head % self.kv_heads:
            raise ConfigError(code="config.kv_heads_not_divisor", n_head=self.n_head, n_kv_head=self.kv_heads)
        if self.norm not in NORMS:
            raise ConfigError(code="config.bad_norm", choices=NORMS, value=self.norm)
        for name in ("norm_eps", "rope_theta"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value < float("inf"):
                raise ConfigError(code="config.not_positive_number", name=name, value=value)
        if self.norm_eps >= 1:
            raise ConfigError(code="config.norm_eps_too_large", value=self.norm_eps)
        if self.n_embd % self.n_head:
            raise ConfigError(code="config.not_divisible", n_embd=self.n_embd, n_head=self.n_head)
        if self.pos_encoding == "rope" and self.head_size % 2:
            raise ConfigError(code="config.rope_odd_head_size", head_size=self.head_size)
        if not isinstance(self.dropout, (int, float)) or not 0.0 <= self.dropout < 1.0:
            raise ConfigError(code="config.bad_dropout", value=self.dropout)
        if self.pos_encoding not in POS_ENCODINGS:
            raise ConfigError(code="config.bad_pos_encoding", choices=POS_ENCODINGS, value=self.pos_encoding)
        if self.activation not in ACTIVATIONS:
            raise ConfigError(code="config.bad_activation", choices=ACTIVATIONS, value=self.activation)
        for name in ("bias", "tie_weights", "attn_bias", "mlp_bias"):
            value = getattr(self, name)
            if not isinstance(value, bool) and not (value is None and name in ("attn_bias", "mlp_bias")):
                raise ConfigError(code="config.not_bool", name=name, value=value)
        if self.vocab_size > 2**20:
            raise ConfigError(code="config.vocab_too_large", vocab_size=self.vocab_size)

    @property
    def head_size(self) -> int:
        """hs = C / nh: the width of each head's query, key and value."""
        return self.n_embd // self.n_head

    @property
    def kv_heads(self) -> int:
        """Key/value heads: n_kv_head, or n_head when every query head has its own (no grouped-query attention)."""
        return self.n_head if self.n_kv_head is None else self.n_kv_head

    def kv_head_of(self, head: int) -> int:
        """The key/value head query head `head` reads (grouped-query attention: consecutive query heads share one).

        >>> GPTConfig(n_head=4, n_kv_head=2, n_embd=16).kv_head_of(3)
        1
        """
        return head // (self.n_head // self.kv_heads)

    @property
    def mlp_hidden_size(self) -> int:
        return self.mlp_ratio * self.n_embd if self.mlp_hidden is None else self.mlp_hidden

    @property
    def has_attn_bias(self) -> bool:
        return self.bias if self.attn_bias is None else self.attn_bias

    @property
    def has_mlp_bias(self) -> bool:
        return self.bias if self.mlp_bias is None else self.mlp_bias

    @property
    def has_norm_bias(self) -> bool:
        """LayerNorm carries a bias when `bias` is on; RMSNorm never does."""
        return self.bias and self.norm == "layernorm"

    def family_traits(self) -> list[str]:
        """What sets this configuration apart from nanoGPT's GPT-2 shape, in words (empty for our own presets).

        >>> GPTConfig(n_head=4, n_kv_head=2, n_embd=16, norm="rmsnorm", activation="swiglu",
        ...           pos_encoding="rope", rope_theta=5e5).family_traits()
        ['RMSNorm', 'SwiGLU MLP (hidden 64)', 'grouped-query attention (2 key/value heads)', 'rope θ = 500000']
        """
        traits = []
        if self.norm == "rmsnorm":
            traits.append("RMSNorm")
        if self.activation in ("swiglu", "gelu_tanh") or self.mlp_hidden is not None:
            kind = {"swiglu": "SwiGLU", "gelu_tanh": "tanh-GELU"}.get(self.activation, self.activation.upper())
            traits.append(f"{kind} MLP (hidden {self.mlp_hidden_size})")
        if self.kv_heads != self.n_head:
            traits.append(f"grouped-query attention ({self.kv_heads} key/value heads)")
        if self.pos_encoding == "rope" and self.rope_theta != 10000.0:
            traits.append(f"rope θ = {self.rope_theta:g}")
        if not self.tie_weights:
            traits.append("untied unembedding")
        return traits

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GPTConfig":
        """Build from a dict (e.g. checkpoint metadata); unknown keys are an error, missing keys take defaults."""
        if not isinstance(data, dict):
            raise ConfigError(code="config.not_a_mapping", type=type(data).__name__)
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(code="config.unknown_keys", keys=", ".join(unknown))
        return cls(**data)

    def replace(self, **changes: Any) -> "GPTConfig":
        return replace(self, **changes)


# Named presets. vocab_size is filled in from the tokenizer at build time.
PRESETS: dict[str, dict[str, Any]] = {
    # Trains in seconds; for synthetic tasks and tests.
    "tiny": dict(n_layer=2, n_head=2, n_embd=64, block_size=32),
    # nanoGPT's CPU recipe (shakespeare_char on a laptop).
    "nanogpt-cpu": dict(n_layer=4, n_head=4, n_embd=128, block_size=64, dropout=0.0),
    # Fastest to val 1.88 on Tiny Shakespeare on a 2-core CPU (bench/find_fast_preset.py); trained with the
    # settings in PRESET_TRAINING.
    "fast-cpu": dict(n_layer=2, n_head=4, n_embd=128, block_size=64, dropout=0.0),
    # The shipped default Tiny Shakespeare model.
    "shakespeare": dict(n_layer=4, n_head=4, n_embd=128, block_size=128, dropout=0.0),
    # nanoGPT's GPU "baby GPT" (slow on a CPU).
    "baby-gpt": dict(n_layer=6, n_head=6, n_embd=384, block_size=256, dropout=0.2),
}


# Training settings a model preset carries (TrainConfig fields; a CLI flag or a Train page field overrides each).
# Presets not listed train with the defaults.
PRESET_TRAINING: dict[str, dict[str, Any]] = {
    # nanoGPT's README CPU command for shakespeare_char (lr decays to 1e-4 over the 2000 iterations)
    "nanogpt-cpu": dict(steps=2000, batch_size=12, lr=1e-3, min_lr=1e-4, warmup_steps=100, eval_every=250,
                        eval_batches=20),
    # the fast CPU recipe (bench/README.md, "The fast CPU preset"): with Muon, val <= 1.88 at step 300 (AdamW,
    # 700 steps at 5e-3, needed 550-600)
    "fast-cpu": dict(steps=350, batch_size=32, lr=6e-3, min_lr=6e-4, warmup_steps=50, eval_every=50,
                     eval_batches=8, optimizer="muon"),
}


def preset(name: str, **overrides: Any) -> GPTConfig:
    """A GPTConfig from a named preset, with any field overridden."""
    if name not in PRESETS:
        raise ConfigError(code="config.unknown_preset", name=name, choices=", ".join(PRESETS))
    return GPTConfig(**{**PRESETS[name], **overrides})
