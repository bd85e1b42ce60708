"""English labels drawn by explorer/figures_pages1.py (Overview, Tokenization, Embeddings figures)."""
STRINGS = {
    "figures_pages1.flow_title": "data flow: text → next token (live shapes)",
    "figures_pages1.blocks_note": "<b>× {L} blocks</b> (block 0's shapes; every block has the same)",
    "figures_pages1.residual": "residual",
    "figures_pages1.stage.token_ids": "token ids",
    "figures_pages1.stage.embed_sum": "tok_emb + pos_emb",
    "figures_pages1.stage.ln_1": "LayerNorm ln_1",
    "figures_pages1.stage.attention": "masked multi-head attention",
    "figures_pages1.stage.residual": "+ residual",
    "figures_pages1.stage.ln_2": "LayerNorm ln_2",
    "figures_pages1.stage.mlp": "MLP (4C hidden)",
    "figures_pages1.stage.ln_f": "final LayerNorm ln_f",
    "figures_pages1.stage.logits": "lm_head → logits",
    "figures_pages1.stage.softmax": "softmax → next-token probabilities",
    "figures_pages1.position": "position",
    "figures_pages1.token_at": "'{label}' (position {p})",
}
