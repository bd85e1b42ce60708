"""简体中文 labels drawn by explorer/figures/attribution.py (the "Why this prediction?" page's charts)."""
STRINGS = {
    "figures_attribution.part.embed": "词元嵌入（wte）",
    "figures_attribution.part.pos_embed": "位置嵌入（wpe）",
    "figures_attribution.part.head": "L{layer} H{head}",
    "figures_attribution.part.attn_bias": "L{layer} 注意力偏置",
    "figures_attribution.part.mlp": "L{layer} MLP",
    "figures_attribution.part.norm_bias": "最终归一化偏置（ln_f）",
    "figures_attribution.kind.embed": "词元嵌入",
    "figures_attribution.kind.pos_embed": "位置嵌入",
    "figures_attribution.kind.head": "注意力头",
    "figures_attribution.kind.attn_bias": "注意力输出偏置",
    "figures_attribution.kind.mlp": "MLP",
    "figures_attribution.kind.norm_bias": "最终归一化偏置",
    "figures_attribution.axis_contribution": "对 logit 的贡献",
    "figures_attribution.axis_layer": "层",
    "figures_attribution.recovered": "恢复比例",
    "figures_attribution.recovered_full": "1 = 干净",
    "figures_attribution.axis_activation": "在文本上的最大激活",
    "figures_attribution.neuron_hover": (
        "%{{customdata[4]}}：最大激活 %{{y:.3f}}，位于 '%{{customdata[2]}}'（位置 %{{customdata[3]}}）"
    ),
    "figures_attribution.axis_effect": "每单位激活对 logit 的影响",
}
