"""“展示计算过程”页（pages/show_math.py）的简体中文文本。"""
STRINGS = {
    "show_math.title": "展示计算过程",
    "show_math.intro": (
        "注意力模式中的每个权重都来自同一段简短的计算：一个 query 与一个 key 的点积，乘以 1/√{hs} 的缩放，因果掩码，"
        "再对整行做 softmax。选一个格子——{how}——这里会用模型自己的 q 和 k 把每一步重新算一遍，"
        "直到最后的数字可以和模型算出的那个直接比较。"
    ),
    "show_math.how_click": "在注意力模式中点击它，或在下方输入 query i 和 key j",
    "show_math.layer": "层",
    "show_math.head": "头",
    "show_math.query": "Query i（行）",
    "show_math.key": "Key j（列）",
    "show_math.pattern_title": "L{layer} H{head} 注意力模式 [T={T}, T={T}]：点击一个格子",
    "show_math.weight": "权重",
    "show_math.pattern_caption": (
        "`transformer.h.{layer}.attn.hook_pattern` [nh={nh}, T={T}, T={T}] 的第 {head} 个头。红框标出下面逐步计算的"
        "那个格子。"
    ),
    "show_math.cell_header": "pattern[{i}, {j}]：query '{qi}'（{i}）→ key '{kj}'（{j}）",
    "show_math.step1": (
        "**1. query 和 key。** q<sub>{i}</sub> 表示 token {i} 在寻找什么，k<sub>{j}</sub> 表示 token {j} 能提供什么："
        "它们是第 {head} 个头的 `transformer.h.{layer}.attn.hook_q` 和 `attn.hook_k` 中的行，各有 {hs} 个数"
        "（d_k = hs = n_embd / n_head）。"
    ),
    "show_math.q_title": "q_{i}（'{qi}'）[hs={hs}]",
    "show_math.k_title": "k_{j}（'{kj}'）[hs={hs}]",
    "show_math.axis_c": "分量 c",
    "show_math.value": "值",
    "show_math.step2": (
        "**2. 逐分量相乘，再相加。** q<sub>{i}</sub>·k<sub>{j}</sub> = Σ<sub>c</sub> q<sub>{i},c</sub>·"
        "k<sub>{j},c</sub>，对 {hs} 个分量求和：正的乘积加起来是 {pos:.4f}，负的加起来是 {neg:.4f}，所以点积是 "
        "**{dot:.4f}**。两个向量符号相同的分量会把分数往上推。"
    ),
    "show_math.products_title": "q_{i} ⊙ k_{j}，{hs} 个乘积（它们的和就是点积）",
    "show_math.step3": (
        "**3. 缩放。** 分数 = {dot:.4f} × 1/√{hs} = {dot:.4f} × {scale:.4f} = **{score:.4f}**。这个系数让分数的分散"
        "程度不随头大小而变（见“概念实验 → 为什么 ÷ √d_k”）。"
    ),
    "show_math.step4_kept": "**4. 掩码。** key {j} 不在 query {i} 之后（j ≤ i），所以分数保持 **{score:.4f}**。",
    "show_math.step4_masked": (
        "**4. 掩码。** key {j} 在 query {i} 之后（j > i）：token {i} 不能看到它，所以它的分数在 softmax 之前变成 "
        "**−∞**。"
    ),
    "show_math.step5": (
        "**5. 对第 {i} 行做 softmax。** 权重 = e<sup>分数</sup> / Σ e<sup>分数</sup>，对 {n} 个 key j' ≤ {i} 求和"
        "（被掩码的 key 贡献 e<sup>−∞</sup> = 0）：{num:.6g} / {den:.6g} = **{weight:.6f}**。"
    ),
    "show_math.row_scores_title": "第 {i} 行：掩码后的缩放分数 [T={T}]（✕ = −∞）",
    "show_math.row_softmax_title": "第 {i} 行：softmax [T={T}]（总和为 {total:.4f}）",
    "show_math.axis_key_short": "键 j",
    "show_math.score": "分数",
    "show_math.check_header": "6. 与模型对比",
    "show_math.check": (
        "重新计算：{weight:.8f}。模型的 `transformer.h.{layer}.attn.hook_pattern`[{head}, {i}, {j}]：{model:.8f}。"
        "绝对差值：{diff:.1e}。"
    ),
    "show_math.note": (
        "上面的重算（`gpt_core.interp.attention_math.show_the_math`）从模型记录下的 q 和 k 出发，按与模型相同的顺序重复每一步；"
        "模型则以矩阵乘法 Q Kᵀ 一次性算出所有头的全部 T×T 个格子，所以浮点舍入可能在最后几位上略有不同。"
    ),
}
