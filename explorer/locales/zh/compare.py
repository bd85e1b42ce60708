"""简体中文 strings of the Compare page."""
STRINGS = {
    "compare.title": "对比",
    "compare.what": "**我在看什么？** 两次运行并排显示：**A** 是当前模型读取侧边栏文本（T={T} 个词元）；**B** 要么是另一个"
                    "模型读取同一段文本，要么是同一个模型读取第二段文本。每一边都显示某个头的注意力模式、下一个词元的概率分布，"
                    "以及模型的哪些部分把某个下一个词元推高或压低，并标出从 A 到 B 的变化。",
    "compare.attention_link": "注意力页面：详细查看一次运行的每个头",
    "compare.mode": "对比方式",
    "compare.mode.models": "两个模型，一段文本",
    "compare.mode.prompts": "一个模型，两段文本",
    "compare.no_other_model": "目前只有一个模型可用，没有第二个模型可以对比。可以改为在这个模型上对比两段文本，"
                              "或者添加一个模型（侧边栏：加载检查点、训练一个，或从 Hugging Face Hub 获取）。",
    "compare.model_b": "模型 B（A 是侧边栏中的当前模型）",
    "compare.side_notice": "{side}：{message}",
    "compare.side_model": "{side} · {label}",
    "compare.side_prompt": "{side} · {which}",
    "compare.prompt_sidebar": "侧边栏文本",
    "compare.prompt_b": "提示 B",
    "compare.text_b": "提示 B（A 是侧边栏文本）",
    "compare.text_b_help": "改动一两个词：当两段文本的词元数相同时，页面会逐个位置显示注意力模式的差值。",
    "compare.attention_header": "同一个头：A 与 B",
    "compare.layer": "层",
    "compare.head": "头",
    "compare.heads_shared": "只能选择两个模型都有的头：{L} 层 × {nh} 个头（A 有 {La} × {nha}，B 有 {Lb} × {nhb}）。",
    "compare.pattern_title": "{side}：L{layer} H{head} 注意力模式 [T={T}, T={T}]",
    "compare.no_difference.lengths": "无法画出 B − A：A 读取 {Ta} 个词元，B 读取 {Tb} 个，位置 i 在两边不是同一个地方。"
                                     "请直接比较两张图，或让两段文本的词元数相同。",
    "compare.no_difference.tokenizers": "无法画出 B − A：两个模型把文本切成了不同的词元（长度都是 {Ta}，但切分不同），"
                                        "位置 i 在两边不是同一段文本。",
    "compare.diff_title": "B − A：L{layer} H{head} 模式 [T={T}, T={T}]",
    "compare.axis_key": "键 j（被关注的位置）",
    "compare.axis_query": "查询 i（发出关注的位置）",
    "compare.diff_value": "B − A",
    "compare.diff_caption": "红色：B 比 A 关注得多；蓝色：关注得少；最大的变化是 {biggest:.3f}。",
    "compare.diff_positions": "两段文本在位置 {where} 的词元不同（标为 a→b）。位置 {first} 之前的每一行都恰好为 0："
                              "在因果掩码下，查询只能看到自己和更早的词元，而这些在两段文本中完全相同。",
    "compare.diff_same_tokens": "两次运行读取的词元完全相同：所有变化都来自模型权重的不同。",
    "compare.next_header": "文本之后的下一个词元",
    "compare.top": "{side} 最可能的下一个词元",
    "compare.tv": "总变差距离",
    "compare.tv_help": "所有词元概率变化的绝对值之和的一半：0 表示分布相同，1 表示完全不重叠。KL(A‖B) = {kl:.3f} 奈特。",
    "compare.vocab_differs": "两个词表不同（分别有 {Va:,} 和 {Vb:,} 个词元）：按词元的文本对齐，某一边没有的词元在那一边不画柱。",
    "compare.next_title": "下一个词元的概率：每边最可能的 {k} 个，共 {n} 个词元",
    "compare.axis_probability": "概率",
    "compare.axis_change": "B − A",
    "compare.hover_a": "A · %{customdata}：%{x:.4f}<extra></extra>",
    "compare.hover_b": "B · %{customdata}：%{x:.4f}<extra></extra>",
    "compare.hover_change": "B − A · %{customdata}：%{x:+.4f}<extra></extra>",
    "compare.next_caption": "左：这些词元在最后一个位置上的概率，A 与 B；右：B 比 A 多（或少）多少。"
                            "图中是两边各自最可能的 {k} 个词元的并集。",
    "compare.attr_header": "为什么是这个词元？直接 logit 归因：A 与 B",
    "compare.attr_intro": "最后一个位置的最终残差是各部分之和：嵌入、每个头的输出、每个 MLP 的输出以及偏置。把最终归一化的缩放"
                          "固定为每次运行自己的值（TransformerLens 的约定）后，每一部分对该词元 logit 的贡献都是精确的，"
                          "所有贡献加起来正好等于 logit。",
    "compare.target": "要解释的词元",
    "compare.target_option": "{token}",
    "compare.attr_missing": "{side} 的词表中没有词元 {token}。",
    "compare.logit": "{side}：该词元的 logit",
    "compare.logit_help": "各部分之和为 {total:.4f}；模型自己的 logit 为 {logit:.4f}。",
    "compare.attr_title": "对 {token} 的 logit 的贡献：最大的 {n} 个部分",
    "compare.axis_contribution": "对 logit 的贡献",
    "compare.hover_attr_a": "A · %{customdata}：%{x:.3f}<extra></extra>",
    "compare.hover_attr_b": "B · %{customdata}：%{x:.3f}<extra></extra>",
    "compare.hover_attr_change": "B − A · %{customdata}：%{x:+.3f}<extra></extra>",
    "compare.attr_caption": "两边中贡献最大的 {n} 个部分，按模型中的顺序排列（全部 {total} 个在数据下载中）。"
                            "某个模型没有的部分（层数或头数不同、没有偏置）在那一边没有柱。",
}
