"""The Overview's stage names in the reader's language (the picture itself: explorer/figures/svg.py)."""
from __future__ import annotations

from explorer.i18n import t  # streamlit-safe: English outside a Streamlit run

# explorer.analysis.overview.flow_stages' names -> catalogue keys (the names stay the data; the boxes show the translation)
STAGE_KEYS = {
    "token ids": "token_ids", "tok_emb + pos_emb": "embed_sum", "LayerNorm ln_1": "ln_1",
    "masked multi-head attention": "attention", "+ residual": "residual", "LayerNorm ln_2": "ln_2",
    "MLP (4C hidden)": "mlp", "final LayerNorm ln_f": "ln_f", "lm_head → logits": "logits",
    "softmax → next-token probabilities": "softmax",
    "tok_emb (RoPE acts in attention)": "embed_rope", "tok_emb (no positions)": "embed_none",
    "RMSNorm ln_1": "ln_1_rms", "RMSNorm ln_2": "ln_2_rms", "final RMSNorm ln_f": "ln_f_rms",
    "masked grouped-query attention": "attention_gqa", "MLP (H hidden)": "mlp_h", "SwiGLU MLP (H hidden)": "mlp_swiglu",
}


def stage_label(name: str) -> str:
    key = STAGE_KEYS.get(name)
    return t(f"figures_views.stage.{key}") if key else name
