"""简体中文 labels drawn by explorer/figures_views.py."""
STRINGS = {
    "figures_views.flow_title": "数据流：文本 → 下一个词元（实时形状）",
    "figures_views.blocks_note": "<b>× {L} 个块</b>（显示第 0 块的形状；每个块都相同）",
    "figures_views.residual": "残差",
    "figures_views.stage.token_ids": "词元 id",
    "figures_views.stage.embed_sum": "tok_emb + pos_emb",
    "figures_views.stage.ln_1": "LayerNorm ln_1",
    "figures_views.stage.attention": "带掩码的多头注意力",
    "figures_views.stage.residual": "+ 残差",
    "figures_views.stage.ln_2": "LayerNorm ln_2",
    "figures_views.stage.mlp": "MLP（隐藏层 4C）",
    "figures_views.stage.ln_f": "最终 LayerNorm ln_f",
    "figures_views.stage.logits": "lm_head → logits",
    "figures_views.stage.softmax": "softmax → 下一个词元的概率",
    "figures_views.position": "位置",
    "figures_views.token_at": "'{label}'（位置 {p}）",
}
