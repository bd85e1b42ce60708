"""“如果……会怎样”页（pages/what_if.py）的简体中文文本。"""
STRINGS = {
    "what_if.title": "如果……会怎样",
    "what_if.intro": (
        "在真实模型内部改动一处，然后在你的文本上再运行一次：关掉某些注意力头，去掉因果掩码或 1/√d_k 缩放，改变采样温度，"
        "或者打乱位置向量。每个标签页都会对比两次运行：你最后一个 token 之后的下一个 token 概率，以及你文本上的损失"
        "（模型预测文本中每个下一个 token 的准确程度）。"
    ),
    "what_if.pick": "选择要改变的部分",
    "what_if.tab.heads": "消融注意力头",
    "what_if.tab.mask": "去掉因果掩码",
    "what_if.tab.scale": "去掉 ÷ √d_k",
    "what_if.tab.temperature": "温度",
    "what_if.tab.positions": "打乱位置",
    "what_if.layer": "层",
    "what_if.head": "头",
    "what_if.layer_axis": "层",
    "what_if.head_axis": "头",
    "what_if.source.shakespeare": "Tiny Shakespeare 的训练集部分",
    "what_if.source.task": "模型训练任务的一份新样本",
    "what_if.source.input": "你的文本（这里拿不到模型的训练文本）",
    # ---- 前后对比
    "what_if.cmp.before": "训练时的原样",
    "what_if.cmp.loss_before": "损失（原样）",
    "what_if.cmp.loss_after": "损失（改动后）",
    "what_if.cmp.top1_changed": "最可能预测发生变化",
    "what_if.cmp.kl": "最后一个 token 处的 KL（nat）",
    "what_if.cmp.one_token": "只有一个 token：文本内部没有可预测的下一个 token，因此没有损失。",
    "what_if.cmp.bars_title": "'{last}' 之后的下一个 token：原样 vs 改动后 [V={V}]",
    "what_if.cmp.prob": "概率",
    "what_if.cmp.per_pos_title": "每个位置上的损失，原样 vs 改动后 [T−1={n}]",
    "what_if.cmp.per_pos_x": "位置 t（预测第 t+1 个 token）",
    "what_if.cmp.per_pos_y": "交叉熵（nat）",
    "what_if.cmp.caption": (
        "柱状图：两次运行在最后一个位置（'{last}'）上的 softmax(`hook_logits` [T={T}, V={V}])，取两者候选项的并集；"
        "最可能的预测从 '{top_before}' 变为 '{top_after}'。损失：预测你文本中每个下一个 token 的平均交叉熵（共 {n} 次"
        "预测），单位为 nat；越低越好，均匀瞎猜的得分是 ln V = {lnv:.2f}。“最可能预测发生变化”统计最可能的下一个 token "
        "不同的位置所占比例；KL(原样 ‖ 改动后) 衡量最后一个位置的分布移动了多远。"
    ),
    # ---- 注意力头
    "what_if.heads.intro": (
        "**多头注意力具体是什么。** 每一层把 C = {C} 个维度分给 nh = {nh} 个头，每个头 d_k = C / nh = {hs} 维："
        "每个头有自己那一份 W_q、W_k 和 W_v，算出自己的注意力模式和自己的输出 z [T, {hs}]；各头的输出拼接回 "
        "[T, {C}]，再由 W_O（c_proj）混合。头的数量不增加参数——头越多，每个头越窄——所以头数是在“更多专门化的模式”"
        "与“每个模式足够宽”之间的取舍。**消融**一个头，就是在 W_O 之前把它的 z 置为 0，它对残差流的贡献随之消失"
        "（c_proj 的偏置仍保留）。本模型有 {L} 层 × {nh} 个头。{gqa}"
    ),
    "what_if.heads.gqa": (
        "本模型使用分组查询注意力，只有查询是每个头各一份：{nkv} 个键/值头各由 {g} 个查询头共用，所以消融一个查询头时，"
        "同组其他头读取的键和值不受影响。"
    ),
    "what_if.heads.pick": "要消融的头",
    "what_if.heads.none": "选择一个或多个要关掉的头。",
    "what_if.heads.after": "去掉 {heads}",
    "what_if.heads.z_title": "每个头输出 z 的最大变化 [L={L}, nh={nh}]",
    "what_if.heads.z_caption": (
        "每个头的 max |z<sub>改动后</sub> − z<sub>原样</sub>|，来自每一层的 `attn.hook_z` [nh, T={T}, hs={hs}] "
        "[L={L}, nh={nh}]。被消融的头，变化就是它的全部输出（现在为 0）。第 {first} 层之前的所有头，以及第 {first} 层的"
        "其他头，变化恰好为 0：它们的输入没有变。后面各层的头读到的残差流少了被消融的输出，所以也跟着变化。"
    ),
    # ---- 掩码
    "what_if.mask.intro": (
        "**掩码在哪里起作用：训练和推理都用。** 训练时，一次前向传播同时做出 T 个预测；掩码让第 t 个预测只依赖 token "
        "0…t，于是这 T 个预测是 T 道诚实的练习题，并行完成。推理时模型必须看到与训练时同一种输入，所以掩码保留"
        "（追加一个 token 时，也正是它让 key/value 缓存可以复用前面位置的结果）。RNN 不需要掩码：它一个接一个地读 "
        "token，未来还没有到来；Transformer 一次看到整个序列，必须显式地把未来藏起来——在 softmax *之前*把这些分数设为 "
        "−∞，这样 e<sup>−∞</sup> = 0，而每行仍然加起来等于 1。下面在本模型的每一层都去掉掩码。"
    ),
    "what_if.mask.pattern_title": "L{layer} H{head} 去掉掩码后的注意力模式 [T={T}, T={T}]",
    "what_if.mask.future": "未来 →",
    "what_if.mask.pattern_caption": (
        "`transformer.h.{layer}.attn.hook_pattern` 的第 {head} 个头，来自每层都去掉掩码的一次运行 [T={T}, T={T}]："
        "虚线对角线右侧是落在后面 token 上的权重——占全部权重的 {future:.0%}。"
    ),
    "what_if.mask.after": "没有掩码",
    "what_if.mask.train_header": "在一个训练批次上",
    "what_if.mask.no_batch": "文本太短，凑不出一个批次。",
    "what_if.mask.loss_masked": "有掩码时的损失",
    "what_if.mask.loss_unmasked": "没有掩码时的损失",
    "what_if.mask.train_caption": "来自{source}的一个固定批次 [B={B}, T={T}]；下一个 token 的平均交叉熵，单位为 nat。",
    "what_if.mask.train_text_up": (
        "损失反而**上升**了（{masked:.3f} → {unmasked:.3f}），尽管答案现在就摆在眼前。这个模型是带着掩码训练的，它的"
        "头从来没学过往后看：去掉掩码后，每一行只是把一部分权重分给了它用不上的后续 token，后面每一层收到的输入都和"
        "训练时见过的不一样。只有被训练去读未来的模型，才能从读未来中得到好处——下面的实验就训练了一个。"
    ),
    "what_if.mask.train_text_down": (
        "损失**下降**了（{masked:.3f} → {unmasked:.3f}）：未来可见时，模型可以部分地读到它要预测的 token——它在作弊。"
    ),
    "what_if.mask.cheat_header": "不带掩码训练，模型就会作弊",
    "what_if.mask.cheat_intro": (
        "点击按钮，在同一份文本上把两个极小的 Transformer（1 层、2 个头、d_model 32、旋转位置编码、上下文 32）各训练 "
        "{steps} 步，一个带掩码，一个不带。不带掩码的那个在预测第 t+1 个 token 时能看到它——于是学会了照抄。"
    ),
    "what_if.mask.cheat_button": "训练两个模型（各 {steps} 步，几秒钟）",
    "what_if.mask.cheat_spinner": "正在训练两个极小的模型……",
    "what_if.mask.cheat_too_short": "文本太短，无法训练（需要超过 33 个 token）。",
    "what_if.mask.cheat_with": "带掩码训练",
    "what_if.mask.cheat_without": "不带掩码训练",
    "what_if.mask.cheat_title": "两个极小模型的训练损失，{steps} 步",
    "what_if.mask.step": "步数",
    "what_if.mask.train_loss": "训练损失（nat）",
    "what_if.mask.col_model": "模型",
    "what_if.mask.col_eval_masked": "损失（评估时有掩码）",
    "what_if.mask.col_eval_unmasked": "损失（评估时无掩码）",
    "what_if.mask.cheat_pattern_title": "作弊模型的第 {head} 个头在一个训练窗口上 [T={T}, T={T}]",
    "what_if.mask.cheat_caption": (
        "训练数据：{source}。不带掩码训练的模型，第 {head} 个头把每行 {share:.0%} 的权重放在 key i+1 上——正是它要预测"
        "的那个 token。它的训练损失最后降到约 {cheat:.2f}，而诚实模型的是 {honest:.2f}。把掩码放回去，作弊模型的损失"
        "变成 {broken:.2f}：未来一旦缺席，它学到的东西就毫无用处——生成时正是如此，下一个 token 还不存在。"
    ),
    # ---- 缩放
    "what_if.scale.intro": (
        "去掉 1/√d_k 系数后，每一层的每个分数都变大 √{hs} ≈ {sqrt:.1f} 倍（d_k = {hs}）。softmax 的每一行变得更尖锐、"
        "更接近 one-hot，后面每一层收到的输入都不是训练时的样子。"
    ),
    "what_if.scale.after": "没有 ÷√d_k",
    "what_if.scale.entropy_title": "每层每行熵的平均值，对 {nh} 个头取平均 [L={L}]",
    "what_if.scale.entropy_y": "熵（nat）",
    "what_if.scale.entropy_caption": (
        "来自两次运行中每一层的 `attn.hook_pattern` [nh={nh}, T={T}, T={T}]；第 1…T−1 行（第 0 行只能关注自己）。"
        "越低 = 越尖锐。"
    ),
    # ---- 温度
    "what_if.temp.intro": (
        "温度在 softmax 之前除 logits：p = softmax(z / τ)。它作用在模型之后，所以激活值不受影响，下一个 token 的"
        "**排序**也不变——最可能的那个仍然最可能（“最可能预测发生变化”始终为 0%）。τ < 1 让分布更尖锐，τ > 1 让它更"
        "平坦、趋向均匀。损失显示被变尖或变平的概率与真实的下一个 token 还有多吻合。"
    ),
    "what_if.temp.slider": "温度 τ",
    "what_if.temp.after": "τ = {tau:g}",
    "what_if.temp.curve": "你文本上的损失",
    "what_if.temp.curve_title": "你文本上的损失随 τ 的变化 [{n} 次预测]",
    "what_if.temp.curve_caption": (
        "τ = {best:.2f} 时最低（{loss:.3f} nat）；τ = 1 即训练时的模型，为 {one:.3f}。训练正是在 τ = 1 下最小化这个"
        "损失，所以在与训练数据相似的文本上，最低点会落在 1 附近。"
    ),
    # ---- 位置
    "what_if.pos.intro": (
        "位置向量被打乱（一个固定的随机排列：token t 拿到另一个位置的向量）或被置零；token 本身留在原处。这些向量是"
        "什么，见“概念实验”页。"
    ),
    "what_if.pos.not_applicable": "本模型的位置编码（{pos}）不是加到嵌入上的向量，因此无法打乱或置零。",
    "what_if.pos.rope": (
        "本模型使用旋转位置编码（RoPE）：没有可以打乱或置零的位置向量。位置在每个注意力层内部起作用，表现为按位置旋转 "
        "q 和 k（嵌入页面画出了这种旋转），所以能改变的只有词元本身的顺序，而那样就改变了文本。"
    ),
    "what_if.pos.mode": "位置向量",
    "what_if.pos.shuffle": "打乱",
    "what_if.pos.zero": "置零",
    "what_if.pos.seed": "排列的随机种子",
    "what_if.pos.after_shuffle": "位置被打乱",
    "what_if.pos.after_zero": "位置被置零",
}
