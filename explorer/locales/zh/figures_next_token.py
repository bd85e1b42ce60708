"""简体中文 labels drawn by explorer/figures/next_token.py."""
STRINGS = {
    "figures_next_token.sampled": "已采样",
    "figures_next_token.per_position_title": "每个位置上“实际下一个词元”的概率 [T-1={n}]",
    "figures_next_token.per_position_hover": (
        "位置 %{{x}} 读到 '%{{customdata[0]}}'<br>实际的下一个 '%{{customdata[1]}}'：p=%{{y:.4f}}"
        "<br>首选预测 '%{{customdata[2]}}'：p=%{{customdata[3]:.4f}}"
    ),
    "figures_next_token.axis_position": "位置 t（刚读到的词元）",
    "figures_next_token.axis_probability": "概率",
    "figures_next_token.nothing_yet": "（尚未生成任何内容）",
}
