"""English labels drawn by explorer/figures_views.py (Overview, Tokenization, Embeddings figures)."""
STRINGS = {
    "figures_views.flow_title": "data flow: text → next token (live shapes)",
    "figures_views.blocks_note": "<b>× {L} blocks</b> (block 0's shapes; every block has the same)",
    "figures_views.residual": "residual",
    "figures_views.stage.token_ids": "token ids",
    "figures_views.stage.embed_sum": "tok_emb + pos_emb",
    "figures_views.stage.ln_1": "LayerNorm ln_1",
    "figures_views.stage.attention": "masked multi-head attention",
    "figures_views.stage.residual": "+ residual",
    "figures_views.stage.ln_2": "LayerNorm ln_2",
    "figures_views.stage.mlp": "MLP (4C hidden)",
    "figures_views.stage.ln_f": "final LayerNorm ln_f",
    "figures_views.stage.logits": "lm_head → logits",
    "figures_views.stage.softmax": "softmax → next-token probabilities",
    "figures_views.position": "position",
    "figures_views.token_at": "'{label}' (position {p})",
}
