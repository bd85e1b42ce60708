"""简体中文 labels for what explorer/figures.py builders write themselves (see explorer.figure_i18n)."""
STRINGS = {
    "figure_terms.key_attended": "键 j（被关注的位置）",
    "figure_terms.query_attending": "查询 i（发出关注的位置）",
    "figure_terms.weight": "权重",
    "figure_terms.masked_note": "灰色 = 被掩码的未来位置（j > i）",
    "figure_terms.key_j": "键 j",
    "figure_terms.query_i": "查询 i",
    "figure_terms.score": "分数",
    "figure_terms.row_scaled": "缩放后的分数 q·k/√hs [T={T}]",
    "figure_terms.row_masked": "掩码后的分数 [T={T}]（未来 → -inf）",
    "figure_terms.row_softmax": "softmax 权重 [T={T}]（和 = {total}）",
    "figure_terms.one_line": "1（一个概率分布）",
    "figure_terms.query_row": "查询行 i",
    "figure_terms.row_sum_axis": "该行权重之和",
    "figure_terms.scaling_title": "为什么要除以 √d_k",
    "figure_terms.scaling_variance": "两个 d 维向量点积的方差",
    "figure_terms.scaling_max": "每行最大 softmax 权重的平均值",
    "figure_terms.head_size": "d（头的维度）",
    "figure_terms.variance": "方差",
    "figure_terms.max_weight": "最大权重",
    "figure_terms.raw_softmax": "原始 softmax",
    "figure_terms.after_filters": "经过温度 / top-k / top-p 之后",
    "figure_terms.probability": "概率",
    "figure_terms.rank": "排名",
    "figure_terms.prob": "概率",
    "figure_terms.embedding": "嵌入",
    "figure_terms.after_block": "第 {i} 块之后",
    "figure_terms.highlighted": "{name}（高亮）",
    "figure_terms.parameters": "参数量",
    "figure_terms.parameters_title": "参数量：共 {total} 个（{short}）",
    "figure_terms.head": "头",
    "figure_terms.layer": "层",
    "figure_terms.masked_before_softmax": "灰色 = -inf（在 softmax 之前被掩码）",
    "figure_terms.hover_cell": (
        "查询 '%{{customdata[0]}}'（%{{customdata[2]}}）→ 键 '%{{customdata[1]}}'（%{{customdata[3]}}）："
        "%{{z:.3f}}<extra></extra>"
    ),
    "figure_terms.hover_cell_click": (
        "查询 '%{{customdata[0]}}'（%{{customdata[2]}}）→ 键 '%{{customdata[1]}}'（%{{customdata[3]}}）："
        "%{{customdata[4]:.3f}}<extra></extra>"
    ),
    "figure_terms.hover_score": (
        "查询 '%{{customdata[0]}}'（%{{customdata[2]}}）→ 键 '%{{customdata[1]}}'（%{{customdata[3]}}）："
        "%{{customdata[4]}}<extra></extra>"
    ),
    "figure_terms.hover_grid": "L{layer} H{head} 查询 %{{y}} → 键 %{{x}}：%{{z:.3f}}<extra></extra>",
    "figure_terms.hover_key": "键 '%{{customdata}}'（%{{x}}）：%{{y:.3f}}<extra></extra>",
    "figure_terms.hover_key_masked": "键 '%{{customdata}}'（%{{x}}）：-inf<extra></extra>",
    "figure_terms.hover_row_sum": "{name}：第 %{{x}} 行 '%{{customdata}}' 的和为 %{{y:.3f}}<extra></extra>",
    "figure_terms.hover_raw": "'%{{customdata}}'：原始概率 %{{x:.4f}}<extra></extra>",
    "figure_terms.hover_sampled": "'%{{customdata}}'：采样概率 %{{x:.4f}}<extra></extra>",
    "figure_terms.hover_lens": "%{{customdata}}，排名 %{{x}}：'%{{text}}' p=%{{z:.4f}}<extra></extra>",
    "figure_terms.hover_parameters": "%{{customdata}}：%{{x:,}} 个参数<extra></extra>",
}
