"""简体中文 strings of the Next token page (pages/next_token.py)."""
STRINGS = {
    "next_token.title": "下一个词元",
    "next_token.what": (
        "**我在看什么？** 对你的文本做一次前向传播得到的 logits `hook_logits` [T={T}, V={V}]，以及它们的 softmax，"
        "即概率 [T={T}, V={V}]：第 t 行给词表中全部 V={V} 个条目打分，作为位置 t 之后的词元。柱状图展示其中一行"
        "（默认是最后一行——生成时唯一用到的那一行），温度、top-k 和 top-p 在抽取词元之前如何重塑它，模型一次一个"
        "词元写出的文本，以及借助 logit lens 在 {L} 个块各自之后解码出的同一行。"
    ),
    "next_token.concept_link": "训练时一次给全部 {T} 行打分（每个位置一个损失）：训练页面",
    "next_token.position": "预测此位置之后的词元",
    "next_token.position_help": "生成使用的是最后一个位置；更早的位置展示模型在你的文本内部做出的预测。",
    "next_token.temperature": "温度 τ",
    "next_token.temperature_help": "在 softmax 之前除以 logits。0 = 贪心（总是选最可能的词元）。",
    "next_token.top_k": "top-k（0 = 关闭）",
    "next_token.top_k_help": "只保留最可能的 k 个词元。",
    "next_token.top_p": "top-p（1.0 = 关闭）",
    "next_token.top_p_help": "保留最可能的词元，直到它们的概率之和达到 p。",
    "next_token.k_show": "显示的柱数",
    "next_token.dist_header": "位置 {pos} {label} 之后的分布",
    "next_token.dist_caption": (
        "hook_logits[{pos}] 的 softmax——一次前向传播的 logits [T={T}, V={V}] 中的一行 [V={V}]。浅色柱：原始 "
        "softmax（τ = 1，无过滤）；深色柱：实际用于采样的分布（{settings}）。按原始概率排序；显示 {V} 个中的前 "
        "{k} 个。"
    ),
    "next_token.survivors": "通过过滤的词元数",
    "next_token.entropy_raw": "熵，原始 softmax",
    "next_token.entropy_filtered": "熵，过滤之后",
    "next_token.entropy_help": "H = −Σ p ln p，单位为奈特（除以 ln 2 得到比特）；e^H = 相当于多少个等可能的选择。",
    "next_token.entropy_value": "{nats:.3f} 奈特",
    "next_token.entropy_delta": "{bits:.2f} 比特 · ≈ {eff:.1f} 个选择",
    "next_token.actual_next": (
        "在你的文本中，位置 {pos} 之后是 **{token}**：模型给它的概率是 **p = {raw:.4f}**（在 {V} 个中排第 "
        "{rank}）；过滤之后为 **p = {filtered:.4f}**。{never}"
    ),
    "next_token.actual_never": "在这些设置下它永远不可能被生成。",
    "next_token.last_position": "这是最后一个位置：文本没有告诉我们接下来是什么——这正是下面的生成要采样的。",
    "next_token.numbers_expander": "具体数值：logits → softmax",
    "next_token.why_softmax": (
        "**为什么用 softmax。** logits 是可正可负、没有上下界的实数。softmax，p_i = exp(z_i) / Σ_j exp(z_j)，让每个"
        "值都为正且 V 个值之和为 1，保持它们的大小顺序（logit 越大，概率越大），并且只取决于差值：给每个 logit 加上"
        "同一个常数不会改变任何结果。训练最小化真实下一个词元的 −ln p（交叉熵），所以学到的 logits 就是相差一个常数"
        "的对数概率。"
    ),
    "next_token.filters": (
        "**温度 τ** 在 softmax 之前除以 logits：τ < 1 让分布更尖锐（最可能的词元占比更大），τ > 1 让它趋于均匀，"
        "τ = 0 即贪心（全部概率集中在最可能的词元上）。它从不改变顺序。接着 **top-k** 只保留最大的 k 个 logits（其余"
        "变为 −∞，概率为 0）。然后 **top-p**（核采样）保留最可能的词元，直到它们的概率之和达到 p——最可能的词元总会"
        "保留。每次过滤之后，保留下来的词元重新归一化，使和为 1。这正是 `gpt_core.sampling.filtered_probs` 应用它们"
        "的顺序，深色柱就是它的输出。"
    ),
    "next_token.forward_header": "一次前向传播，T 个预测",
    "next_token.forward": (
        "模型一次读入全部 T 个词元，由于因果掩码，位置 t 只能看到词元 0…t。因此 logits [T, V] 包含 T 个下一个词元"
        "的预测，每个位置一个，全部来自同一次前向传播。训练会用到其中每一个：目标是整体右移一位的文本，每个序列得到 "
        "T 个交叉熵损失。生成只保留最后一行，采样一个词元，把它追加上去，再运行一次模型。图中展示的是：对你的文本的"
        "每个位置，模型给真正跟在后面的那个词元的概率；深色柱标出首选猜测正确的位置。"
    ),
    "next_token.forward_caption": (
        "在位置 0…{last} 上读取实际下一个词元处的 probs [T={T}, V={V}]（hook_logits 的 softmax）：共 {T1} 个可核对"
        "的预测。平均 −ln p = {loss:.3f} 奈特（这段文本在训练中贡献的损失；均匀猜测为 ln V = {uniform:.3f}）；首选"
        "猜测在 {T1} 个位置中猜对了 {hits} 个。"
    ),
    "next_token.forward_single": "这段文本只有一个词元，所以文本内部没有可以核对的下一个词元。",
    "next_token.generate_header": "生成",
    "next_token.generate": (
        "**下一步** 在输入加上目前已生成的内容（截取最后 block_size = {block} 个词元）上运行模型，只保留最后一个位置"
        "的 logits，应用上面的设置，并用以 *随机种子* 初始化的随机数生成器抽取一个词元。生成器的状态在各步之间保留，"
        "因此在 **重置** 之后，按 N 次“下一步”得到的词元与用相同种子和设置 **生成 N 个** 完全一致（那个按钮调用 "
        "`model.generate`，从种子开始新的一次运行）。换一个种子可以得到不同的样本；温度为 0 时种子不起作用。"
    ),
    "next_token.seed": "随机种子",
    "next_token.n_tokens": "N",
    "next_token.next_step": "下一步",
    "next_token.generate_n": "生成 N 个",
    "next_token.reset": "重置",
    "next_token.accept": "接受并加入输入文本",
    "next_token.accept_help": "把生成的文本追加到侧边栏中共用的输入文本后面。",
    "next_token.accept_too_long": "输入文本将超过 {max} 个字符。",
    "next_token.generating": "正在采样 {n} 个词元…",
    "next_token.generated": "已用 model.generate(seed={seed}, {settings}) 追加了 {n} 个词元。",
    "next_token.reseeded": "随机种子已改变：采样器从种子 {seed} 重新开始。",
    "next_token.continuation_caption": (
        "灰色：模型读到的输入；红色：生成的 {n} 个词元。模型始终只能看到其中最后 {block} 个词元。"
    ),
    "next_token.step_header": "第 {n} 步：采样到 {token}",
    "next_token.step_caption": (
        "第 {n} 步的分布：上下文为 {ctx} 个词元时，最后一个位置的 logits [V={V}] 的 softmax，浅色为原始分布，深色为"
        "应用 {settings} 之后；{V} 个词元中有 {survivors} 个可能被抽到。被采样的词元（描边，▶）原始概率 p = {raw:.4f}，"
        "实际抽取时的概率 p = {filtered:.4f}。"
    ),
    "next_token.lens_header": "逐层观察：logit lens",
    "next_token.lens": (
        "每个块都把自己的输出加到残差流上。用模型自己的最终 {norm} 和 lm_head（`gpt_core.interp.lens.logit_lens`）"
        "解码嵌入之后以及每个块之后的残差流，就能看到模型如果在那里停下会预测什么。最后一行位于最后一个块之后——"
        "就是模型真正的预测，与上面浅色柱的数值相同。"
    ),
    "next_token.lens_caption": (
        "对位置 {pos} {label} 处的残差流 [L+1={rows}, C={C}] 依次应用 ln_f → lm_head → softmax；每行显示前 {k} 个"
        "词元。"
    ),
    "next_token.lens_tied": (
        "**为什么嵌入那一行给出的是当前词元。** 这个模型的反嵌入是绑定（tied）的：`lm_head.weight` 就是 "
        "`wte.weight`。嵌入行是该词元自己的向量{plus_pos}，经过 ln_f 再用同一个矩阵读回来，"
        "所以它的 logits 是与每个词元嵌入的点积——通常与词元自身的点积最大。因此这一行显示的是残差流里已有的 "
        "{label}，而不是对下一个词元的猜测；把它推向真正预测的是上面的各个块。"
    ),
    "next_token.lens_plus_pos": "（加上它所在位置的向量）",
    "next_token.position_option": "{i}：{label}",
    "next_token.highlight_actual": "实际的下一个",
    "next_token.highlight_sampled": "已采样",
    "next_token.bars_title": "位置 {pos} 之后下一个词元的概率 [V={V} 中的前 {k} 个]",
    "next_token.step_bars_title": "第 {n} 步：下一个词元的概率 [V={V} 中的前 {k} 个]",
    "next_token.survivors_value": "{n} / {V}",
    "next_token.settings.temperature": "温度 {tau:g}",
    "next_token.settings.greedy": "温度 0（贪心）",
    "next_token.settings.top_k": "top-k {k}",
    "next_token.settings.top_k_off": "top-k 关闭",
    "next_token.settings.top_p": "top-p {p:g}",
    "next_token.settings.top_p_off": "top-p 关闭",
    "next_token.settings.join": "，",
    "next_token.lens_title": "位置 {pos} 处的 logit lens [L+1={rows}，前 {k} 个]",
    "next_token.lens_stage.embedding": "嵌入",
    "next_token.lens_stage.after": "第 {i} 块之后",
    "next_token.col.rank": "排名",
    "next_token.col.id": "id",
    "next_token.col.token": "词元",
    "next_token.col.logit": "logit",
    "next_token.col.logit_temperature": "logit / 温度",
    "next_token.col.softmax_raw": "softmax（原始）",
    "next_token.col.after_filters": "过滤之后",
}
