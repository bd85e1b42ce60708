"""The Overview page's data: the forward pass as stages with live shapes, and the top guesses."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gpt_core.config import GPTConfig
from gpt_core.tokenizers import Tokenizer, token_label


@dataclass(frozen=True)
class Stage:
    """One box of the data-flow diagram: what it is, the tensor's live shape, and where to explore it."""

    name: str
    shape: tuple[int, ...]
    in_block: bool = False  # repeated n_layer times
    page: str | None = None  # pages/<file>.py that explores this stage

    @property
    def shape_str(self) -> str:
        return "[" + ", ".join(str(d) for d in self.shape) + "]"


def flow_stages(acts: dict, n_layer: int, config: GPTConfig | None = None) -> list[Stage]:
    """The stages text -> next token, each with the shape read from this run's activations (batch B=1 restored).

    Block stages show block 0's shapes; every block has the same ones. With the model's config, the names say
    its family's choices: RMSNorm or LayerNorm, no added position vector under rope, grouped-query attention,
    the MLP's real width and SwiGLU (whose box shows the gate, [1, T, H] like the up-projection and product).
    """
    names = stage_names(config)
    def b(name: str) -> tuple[int, ...]:
        return (1, *acts[name].shape)

    h0 = "transformer.h.0."
    T = acts["hook_logits"].shape[0]
    stages = [
        Stage("token ids", (1, T), page="pages/tokenization.py"),
        Stage(names["embed"], b(h0 + "hook_resid_pre"), page="pages/embeddings.py"),
    ]
    if n_layer:
        stages += [
            Stage(f"{names['norm']} ln_1", b(h0 + "ln_1.hook_normalized"), True),
            Stage(names["attention"], b(h0 + "attn.hook_pattern"), True, "pages/attention.py"),
            Stage("+ residual", b(h0 + "hook_resid_mid"), True, "pages/embeddings.py"),
            Stage(f"{names['norm']} ln_2", b(h0 + "ln_2.hook_normalized"), True),
            Stage(names["mlp"], b(h0 + "mlp.hook_pre"), True),
            Stage("+ residual", b(h0 + "hook_resid_post"), True, "pages/embeddings.py"),
        ]
    stages += [
        Stage(f"final {names['norm']} ln_f", b("transformer.ln_f.hook_normalized")),
        Stage("lm_head → logits", b("hook_logits"), page="pages/next_token.py"),
        Stage("softmax → next-token probabilities", (acts["hook_logits"].shape[-1],), page="pages/next_token.py"),
    ]
    return stages


def stage_names(config: GPTConfig | None) -> dict[str, str]:
    """The family-dependent stage names (English: the data; explorer.figures.overview translates the boxes)."""
    if config is None:  # nanoGPT's shape
        return {"embed": "tok_emb + pos_emb", "norm": "LayerNorm", "attention": "masked multi-head attention",
                "mlp": "MLP (4C hidden)"}
    gated, four_c = config.activation == "swiglu", config.mlp_hidden_size == 4 * config.n_embd
    return {
        "embed": {"rope": "tok_emb (RoPE acts in attention)", "none": "tok_emb (no positions)"}.get(
            config.pos_encoding, "tok_emb + pos_emb"),
        "norm": "RMSNorm" if config.norm == "rmsnorm" else "LayerNorm",
        "attention": "masked grouped-query attention" if config.kv_heads != config.n_head
        else "masked multi-head attention",
        "mlp": "SwiGLU MLP (H hidden)" if gated else "MLP (4C hidden)" if four_c else "MLP (H hidden)",
    }


def top_guesses(probs_row, tokenizer: Tokenizer, k: int = 5) -> list[tuple[int, str, float]]:
    """(id, visible label, probability) of the k most likely next tokens, most likely first."""
    p = np.asarray(probs_row, dtype=float)
    order = np.argsort(-p, kind="stable")[: min(k, p.size)]
    return [(int(i), token_label(tokenizer.token_str(int(i))), float(p[i])) for i in order]
