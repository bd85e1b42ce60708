"""简体中文 labels drawn by explorer/figures_pages1.py."""
STRINGS = {
    "figures_pages1.flow_title": "数据流：文本 → 下一个词元（实时形状）",
    "figures_pages1.blocks_note": "<b>× {L} 个块</b>（显示第 0 块的形状；每个块都相同）",
    "figures_pages1.residual": "残差",
    "figures_pages1.stage.token_ids": "词元 id",
    "figures_pages1.stage.embed_sum": "tok_emb + pos_emb",
    "figures_pages1.stage.ln_1": "LayerNorm ln_1",
    "figures_pages1.stage.attention": "带掩码的多头注意力",
    "figures_pages1.stage.residual": "+ 残差",
    "figures_pages1.stage.ln_2": "LayerNorm ln_2",
    "figures_pages1.stage.mlp": "MLP（隐藏层 4C）",
    "figures_pages1.stage.ln_f": "最终 LayerNorm ln_f",
    "figures_pages1.stage.logits": "lm_head → logits",
    "figures_pages1.stage.softmax": "softmax → 下一个词元的概率",
    "figures_pages1.position": "位置",
    "figures_pages1.token_at": "'{label}'（位置 {p}）",
}
