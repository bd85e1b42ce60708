"""简体中文 strings of the Softmax & mask page (pages/softmax_mask.py)."""
STRINGS = {
    "softmax_mask.title": "Softmax 与掩码",
    "softmax_mask.what": (
        "**我在看什么？** 第 {layer} 层第 {head} 个头如何一步一步把查询和键变成注意力权重，用的是本模型在你的文本上"
        "的真实数值：q 与 k [T={T}, d_k={d_k}] 的点积 q·kᵀ [T={T}, T={T}]、分数 `attn.hook_scores`（q·kᵀ × "
        "1/√d_k）、掩码后的分数 `attn.hook_masked_scores`（每个未来的键 j > i 都设为 −inf），以及对它逐行做的 "
        "softmax `attn.hook_pattern`，每一个都是 [nh={nh}, T, T] 张量中的一个 [T={T}, T={T}] 切片。在真实顺序旁边"
        "还有模型从不使用的两种做法——不加掩码的 softmax，以及在 softmax 之后才加掩码——让你看到它们各自会破坏什么。"
    ),
    "softmax_mask.concept_link": "概念实验室：用本模型自己的查询和键验证 √d_k 的论证",
    "softmax_mask.attention_link": "一次看全部头的注意力模式：注意力页面",
    "softmax_mask.layer": "层",
    "softmax_mask.head": "头",
    "softmax_mask.scale_toggle": "用 1/√d_k 缩放分数",
    "softmax_mask.scale_help": (
        "关掉它会在每一层都去掉这个因子重新运行模型：从第 1 层开始，Q 和 K 也会变化，因为前面各层的输出变了。"
    ),
    "softmax_mask.scale_off_note": (
        "缩放已关闭，所以模型本身在每一层都去掉这个因子重新运行了：从第 1 层开始，未缩放的 q·kᵀ 图也会变，因为 q 和 k "
        "来自前面各层，而那些层的输出变了。只有第 0 层的 q 和 k 直接由嵌入算出，保持不变。"
    ),
    "softmax_mask.temperature": "温度 τ（在 softmax 之前除以分数）",
    "softmax_mask.temperature_help": (
        "只在本页面上的假设实验；模型本身始终使用 τ = 1。τ < 1 让每一行更集中于最大的分数，τ > 1 让它在允许的键上"
        "趋于均匀。它只改变第 3–5 步；下面错误顺序的演示始终用模型自己的分数（τ = 1）。"
    ),
    "softmax_mask.step_scores": "1–2. 点积，然后乘以 1/√d_k",
    "softmax_mask.raw_title": "{where} q·kᵀ [T={T}, T={T}]（未缩放）",
    "softmax_mask.raw_caption": (
        "第 {layer} 层第 {head} 个头的 q·kᵀ：[T={T}, T={T}]，由 `attn.hook_q` 和 `attn.hook_k` [T={T}, d_k={d_k}] "
        "算出——包含所有位置对，未来也在内。"
    ),
    "softmax_mask.scores_title": "{where} 分数 = q·kᵀ × {scale} [T={T}, T={T}]",
    "softmax_mask.scaled_caption": (
        "分数 `transformer.h.{layer}.attn.hook_scores`，第 {head} 个头：[T={T}, T={T}] = q·kᵀ × {factor_text}。"
    ),
    "softmax_mask.factor_on": "1/√d_k = 1/√{d_k} = {factor:.4f}",
    "softmax_mask.factor_off": "1（缩放已关闭；否则应为 1/√{d_k} = {factor:.4f}）",
    "softmax_mask.why_scale": (
        "**为什么要除以 √d_k。** 这里 d_k = hs = n_embd / n_head = {d_k}，q·k 是 {d_k} 个乘积 q_c·k_c 之和。"
        "如果 q 和 k 的各分量相互独立、均值为 0、方差为 1，q·k 的方差就是 {d_k}（标准差 √{d_k} ≈ {sqrt:.2f}）；"
        "无论分量本身多大，q·k 的离散程度都按 √d_k 增长。softmax 把分数之差变成权重之比（e^Δ），所以分数分得很开时"
        "它会饱和：一个键拿走几乎全部权重，流向其他键的梯度几乎为零，学习就停滞了。除以 √d_k 会把每个分数、因而把"
        "它们的标准差都除以 √{d_k} ≈ {sqrt:.2f}：离散程度不再随头的维度增长。只有当 q 和 k 的分量方差为 1 时"
        "（比如本页底部演示里的随机向量），结果才会接近 1；训练过的模型的 q 和 k 并不一定如此。"
    ),
    "softmax_mask.spread": (
        "**在这个头上、在你的文本上：** q 和 k [T, d_k={d_k}] 各元素的标准差分别为 {q_std:.2f} 和 {k_std:.2f}，"
        "所以可见位置对（j ≤ i）上 q·k 的标准差是 {std_raw:.2f}。÷√{d_k} 把它除以 {sqrt:.2f}，得到 "
        "{std_scaled:.2f}：{verdict}每行最大权重的平均值在缩放时为 {max_weight_scaled:.2f}，不缩放时为 "
        "{max_weight_unscaled:.2f}（1.00 = 饱和）。"
    ),
    "softmax_mask.spread_far": "仍然远离 1，因为本模型的 q 和 k 方差并不是 1——它们的大小是训练决定的。",
    "softmax_mask.spread_near": "在这里接近 1。",
    "softmax_mask.step_mask": "3–4. 用 −inf 掩盖未来，然后对每一行做 softmax",
    "softmax_mask.masked_title": "{where} 掩码后的分数 [T={T}, T={T}]",
    "softmax_mask.masked_caption": (
        "模型掩码后的分数 [T={T}, T={T}]：对角线以上每个元素都是 −inf（灰色）——`attn.hook_masked_scores`。滑块的 τ "
        "在右侧的 softmax 之前除以这些分数（下面的行检查器显示其中一行除以 τ 之后的样子）。"
    ),
    "softmax_mask.softmax_title": "{where} softmax(掩码后的分数) [T={T}, T={T}]",
    "softmax_mask.softmax_caption": "沿每一行对掩码后的分数 ÷ τ = {tau:g} 做 softmax：得到注意力模式 [T={T}, T={T}]。",
    "softmax_mask.model_match": (
        "这就是模型自己的注意力模式 `transformer.h.{layer}.attn.hook_pattern`（第 {head} 个头）：最大差值为 "
        "{diff:.1e}。每一行的和都是 1（最小的行和为 {lo:.6f}），上三角恰好为 0。"
    ),
    "softmax_mask.model_tau": "当 τ = {tau:g} 时，这已不再是模型的注意力模式（模型使用 τ = 1）：把 τ 设为 1 即可对比。",
    "softmax_mask.step_wrong": "掩码防止了什么，以及为什么它要放在 softmax 之前",
    "softmax_mask.why_mask": (
        "**为什么在 softmax 之前设为 −inf。** softmax(s)<sub>j</sub> = e<sup>s<sub>j</sub></sup> / Σ<sub>j'</sub> "
        "e<sup>s<sub>j'</sub></sup>。被掩码的分数 −inf 变成 e<sup>−inf</sup> = 0：未来的键得到的权重恰好为 0，"
        "也不给分母增加任何东西，于是允许的键 j ≤ i 分享全部权重，每一行的和仍然是 1。在 softmax *之后* 再把未来清零，"
        "去掉的是已经分配出去的权重：每个 i < T−1 的行之和都会小于 1（只有没有未来的最后一行保持为 1），而且过去的键"
        "的权重是除以一个包含了未来键分数的和得到的——未来仍然渗漏了进来。如果完全不加掩码，每一行都会把权重分给后面"
        "的词元，而模型在生成时看不到它们：这样训练出来的模型会学会抄写下一个词元，而不是预测它。"
    ),
    "softmax_mask.unmasked_title": "{where} 不加掩码的 softmax [T={T}, T={T}]",
    "softmax_mask.future_arrow": "未来 →",
    "softmax_mask.unmasked_caption": (
        "不加掩码的 softmax [T={T}, T={T}]（由掩码前的分数算出）：虚线对角线右侧的权重是落在未来上的权重；上三角占了"
        "全部权重的 {future:.0%}。"
    ),
    "softmax_mask.wrong_title": "{where} 先 softmax，再把未来清零 [T={T}, T={T}]",
    "softmax_mask.wrong_caption": (
        "先做 softmax，再把未来清零 [T={T}, T={T}]：灰色三角与真实的注意力模式相同，但各行的和不再是 1。"
    ),
    "softmax_mask.sums.masked_softmax": "掩码 → softmax（模型的做法）",
    "softmax_mask.sums.unmasked_softmax": "softmax，不加掩码",
    "softmax_mask.sums.softmax_then_zero": "softmax → 把未来清零",
    "softmax_mask.row_sums_title": "{where} 行和 [T={T}]：掩码在 softmax 之前与之后",
    "softmax_mask.row_sums_caption": (
        "三种顺序下每个查询行的和 [T={T}]：掩码 → softmax 与不加掩码的 softmax 在每一行都等于 1；softmax → 清零 "
        "在除最后一行外的每一行都小于 1（最小值：第 {lo_row} 行的 {lo:.3f}）。"
    ),
    "softmax_mask.step_row": "行检查器：一个查询，三个步骤",
    "softmax_mask.query_row": "查询位置 i",
    "softmax_mask.row_title": "{where} 行检查器：查询 '{token}'（{i}）",
    "softmax_mask.row_caption": (
        "第 {i} 行（'{token}'）[T={T}]{tau_text}：缩放后的分数、掩码后的分数（✕ = −inf：键 {first}…{last}），"
        "以及 softmax 权重，其和为 {total:.4f}。如果在 softmax 之后才加掩码，剩下的和只有 {wrong:.4f}："
        "{n_future} 个未来的键拿走了 {lost:.4f} 的权重。"
    ),
    "softmax_mask.row_caption_last": (
        "第 {i} 行（'{token}'）[T={T}]{tau_text}：缩放后的分数、掩码后的分数和 softmax 权重（和为 {total:.4f}）。"
        "最后一行没有未来的键，所以掩码在这里不起作用——选一个更早的行来看它的效果。"
    ),
    "softmax_mask.demo_header": "在随机向量上验证 √d_k 的论证",
    "softmax_mask.demo_text": (
        "分量方差为 1 的随机 q 和 k，头的维度 d 从 4 到 1024：q·k 的方差随 d 线性增长（左图；缩放后的版本保持在 1 "
        "附近），而不缩放时，对 16 个键做的 softmax 会饱和（右图：每行最大权重的平均值）。"
    ),
}
