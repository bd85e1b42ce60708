"""简体中文 strings of the "Why this prediction?" page (pages/attribution.py, explorer/ui/attribution/)."""
STRINGS = {
    "attribution.title": "为什么这样预测",
    "attribution.what": (
        "**我在看什么？** 用三种方法拆解模型在你的文本之后做出的预测（T={T} 个词元，{L} 层、每层 {nh} 个头，"
        "词表 V={V} 项）。*归因* 把一个 logit 拆成模型各部分写进去的份额。*修补* 运行提示的一个被破坏的副本，"
        "每次把干净运行中的一个激活放回去，看哪些激活导致了答案。*神经元* 展示在你的文本上激活最强的 MLP "
        "单元，以及每个单元把哪些下一个词元推高或压低。"
    ),
    "attribution.attention_link": "查看每个头的注意力模式：注意力页面",
    "attribution.pick": "工具",
    "attribution.tab.dla": "🧾 归因：谁写出了这个 logit",
    "attribution.tab.patching": "🩹 修补：什么导致了答案",
    "attribution.tab.neurons": "💡 神经元：什么在激活",
    "attribution.position_option": "{i}：{label}",
    # ---- direct logit attribution
    "attribution.dla.header": "直接 logit 归因",
    "attribution.dla.intro": (
        "某个位置上最终的残差流是一个和：词元嵌入 + 位置嵌入 + 每个头的输出 + 每个注意力输出偏置 + 每个 MLP "
        "的输出。一个词元的 logit 就是这个和经过最终归一化、再乘以该词元的反嵌入行，所以它可以拆成每个部分各一份。"
        "正的长条表示这一部分把该词元的方向写进了残差流；负的长条表示它在反对这个词元。"
    ),
    "attribution.dla.position": "解释此位置之后的预测",
    "attribution.dla.position_help": "生成使用的是最后一个位置；更早的位置解释的是模型在你的文本内部做出的预测。",
    "attribution.dla.target": "目标词元（模型最可能的 10 个）",
    "attribution.dla.target_option": "{token}  · #{id} · p = {p:.3f}",
    "attribution.dla.typed": "……或输入任意一个词元",
    "attribution.dla.typed_help": (
        "这个模型的一个词元：它的文本，或页面上显示的标签（␣ 表示空格，⏎ 表示换行；也可以输入 \\n）。"
        "留空则使用列表中的选择。"
    ),
    "attribution.dla.typed_bad": "'{typed}' 不是这个模型的恰好一个词元，因此改为解释列表中选中的词元。",
    "attribution.dla.typed_used": "正在解释输入的词元 `{token}`（编号 {id}），而不是列表中的选择。",
    "attribution.dla.sort": "长条排序",
    "attribution.dla.sort_value": "按数值",
    "attribution.dla.sort_layer": "按层",
    "attribution.dla.show_all": "显示全部 {n} 个部分（否则只显示最大的 40 个）",
    "attribution.dla.chart_title": "位置 {pos} '{label}' 之后 '{token}' 的 logit，拆成 {n} 个部分",
    "attribution.dla.chart_title_some": "{title} · 显示最大的 {k} 个",
    "attribution.dla.click_hint": "点击某个头的长条（蓝色），在注意力页面打开这个头。",
    "attribution.dla.logit": "Logit（模型自己算出的）",
    "attribution.dla.sum_parts": "{n} 个部分之和",
    "attribution.dla.gap": "相差 {gap:+.1e}",
    "attribution.dla.scale": "冻结的归一化尺度",
    "attribution.dla.sum": (
        "模型在位置 {pos} 之后给 `{token}`（编号 {id}）的 logit 是 **{logit:.4f}**；{n} 个部分加起来是 "
        "**{total:.4f}**。"
    ),
    "attribution.dla.frozen_layernorm": (
        "约定（与 TransformerLens 相同）：最终 LayerNorm 的尺度冻结为本次运行的 σ = {scale:.4f}。"
        "这样 ln_f(x) = (x − mean x) / σ · γ + β 对 x 是线性的，每个部分的份额就是它自己去均值后的向量 / σ · γ · "
        "W_U[目标]，而 β · W_U[目标] 是额外的一个部分（最终归一化偏置）。如果不冻结，σ 同时取决于所有部分，"
        "任何拆分都加不回原值。"
    ),
    "attribution.dla.frozen_rmsnorm": (
        "约定（与 TransformerLens 相同）：最终 RMSNorm 的尺度冻结为本次运行的 rms = {scale:.4f}。"
        "这样 norm(x) = x / rms · γ 对 x 是线性的，每个部分的份额就是它自己的向量 / rms · γ · W_U[目标]。"
        "如果不冻结，rms 同时取决于所有部分，任何拆分都加不回原值。"
    ),
    # ---- activation patching
    "attribution.patch.header": "激活修补",
    "attribution.patch.intro": (
        "哪些激活*导致*了答案？取一个干净的提示和一个只改了一个词元的被破坏提示。度量是最后一个位置上答案词元与"
        "错误词元的 logit 之差。重新运行被破坏的提示，把干净运行中的某一个激活复制进来，计算恢复比例 "
        "(修补后 − 破坏) / (干净 − 破坏)：1 表示仅这一个激活就把干净的答案带了回来，0 表示毫无作用，小于 0 "
        "表示它往相反方向推。这里修补的是：进入 {L} 层中每一层、每个位置的残差流，{nh} 个头中每个头在所有位置"
        "上的输出，以及每个 MLP 在每个位置上的输出。"
    ),
    "attribution.patch.clean": "干净提示",
    "attribution.patch.corrupt": "被破坏的提示（词元数相同）",
    "attribution.patch.prompt_notice": "{which}：{message}",
    "attribution.patch.cut": "{which}有 {n} 个词元；修补只用最后 {cap} 个（每个位置、每一层都要两次前向传播）。",
    "attribution.patch.cut_default": "你的文本有 {n} 个词元；干净提示取其最后 {cap} 个（每个位置、每一层都要两次前向传播）。",
    "attribution.patch.token_help": "这个模型的一个词元：它的文本或标签（␣ 空格，⏎ 换行）。",
    "attribution.patch.suggested": (
        "建议的破坏方式：第 {pos} 个词元 `{old}` → `{new}`，这是模型自己在该处认为最可能的替代；它是在最后几个"
        "词元中挑出的、最能改变最后一个预测的修改。可以随意修改。"
    ),
    "attribution.patch.differ": "两个提示都有 {T} 个词元；它们在 {n} 个位置上不同：{where}。",
    "attribution.patch.answer": "答案词元（干净提示的）",
    "attribution.patch.wrong": "错误词元（被破坏提示的）",
    "attribution.patch.diffs": (
        "最后一个位置上 `{answer}` − `{wrong}` 的 logit 之差：干净 **{clean:.3f}**，被破坏 **{corrupt:.3f}**。"
        "默认选的是（在两次运行各自最可能的 10 个词元中）这个差被破坏改变得最多的两个词元。"
    ),
    "attribution.patch.problem.empty": "两个提示都至少需要包含这个模型的一个词元。",
    "attribution.patch.problem.unequal": (
        "干净提示有 {clean} 个词元，被破坏的提示有 {corrupt} 个。修补逐个位置比较两者，所以它们的词元数必须相同："
        "只改一个词元，不要增加或删除。"
    ),
    "attribution.patch.problem.same_tokens": "两个提示的词元完全相同：修补没有什么可恢复的。请改动被破坏提示中的一个词元。",
    "attribution.patch.problem.bad_token": "答案词元和错误词元都必须恰好是这个模型的一个词元。",
    "attribution.patch.problem.same_answer": "答案词元和错误词元相同：它们的 logit 之差永远是 0。请选两个不同的词元。",
    "attribution.patch.problem.no_gap": (
        "两个提示给出的 logit 之差相同：这次破坏没有改变这个答案，所以没有什么可恢复的。请换一种修改或换别的词元。"
    ),
    "attribution.patch.run": "运行激活修补（{runs} 次修补后的前向传播）",
    "attribution.patch.press": "按下按钮开始修补：每修补一个激活，就要把被破坏的提示运行一次。",
    "attribution.patch.spinner": "正在修补：{runs} 次前向传播……",
    "attribution.patch.failed": "修补无法运行：{error}",
    "attribution.patch.result": (
        "每个格子：只把这一个激活换成干净运行中的值时的恢复比例（红色 1 = 完全恢复，白色 0 = 毫无作用，蓝色 = "
        "往错误方向；颜色截断在 ±1，悬停可看精确值和修补后的 logit 之差）。"
    ),
    "attribution.patch.zoomed": (
        "位置图从位置 {start} 开始画：两个提示在位置 {first} 之前完全相同，在那里修补恢复不了任何东西。"
        "双击图表可查看全部 {T} 个位置。"
    ),
    "attribution.patch.resid_title": "每层之前的残差流（resid_pre）：恢复比例 [L={L}, T={T}]",
    "attribution.patch.axis_position": "位置（不同处标为 干净→被破坏）",
    "attribution.patch.hover_position": "L{layer}，位置 {x} '{label}'：恢复 {value:+.3f}（logit 之差 {raw:.3f}）",
    "attribution.patch.resid_caption": (
        "在第 0 层只有不同的那个位置起作用，在那里修补会把干净的提示完全还原（1）。顺着红色格子往下看各层，"
        "就能看到信息在哪里移动：它一直停留在自己的位置上，直到某一层的注意力把它复制到最后一个位置。"
        "加框的列是两个提示不同的位置；它之前的位置在两次运行中完全相同，恢复不了任何东西。"
    ),
    "attribution.patch.head_title": "每个头的输出：恢复比例 [L={L}, nh={nh}]",
    "attribution.patch.axis_head": "头",
    "attribution.patch.hover_head": "L{layer} {label}：恢复 {value:+.3f}（logit 之差 {raw:.3f}）",
    "attribution.patch.head_caption": "把一个头在所有位置上的输出 z 换成干净运行中的值：接近 1 的头独自承载了这个差别。",
    "attribution.patch.mlp_title": "每个 MLP 的输出（mlp_out）：恢复比例 [L={L}, T={T}]",
    "attribution.patch.mlp_caption": "把某一层 MLP 在某一个位置上的输出换成干净运行中的值。",
    # ---- neurons
    "attribution.neurons.header": "MLP 神经元",
    "attribution.neurons.intro": (
        "{L} 个 MLP 中的每一个都有 H={H} 个隐藏单元（神经元）。一个神经元在某个位置的激活是 `mlp.hook_post` "
        "[T, H] 中的一项；它激活时，会把自己的输出方向（它在 c_proj 中的那一列，C={C} 个数）按激活值缩放后加进残差流。"
        "长条展示在你的文本任意位置上激活最大的神经元；选一个（或点击它的长条），看它在哪里激活、写入了什么。"
    ),
    "attribution.neurons.k": "每层的神经元数",
    "attribution.neurons.bars_title": "激活最强的神经元：每层 H={H} 个中的前 {k} 个，共 {L} 层",
    "attribution.neurons.bars_caption": "长条高度：该神经元在文本上的最大激活；悬停可看位置。点击长条选中该神经元。",
    "attribution.neurons.layer": "层",
    "attribution.neurons.neuron": "神经元（0 到 {H} − 1）",
    "attribution.neurons.over_text": (
        "**L{layer} N{neuron} 在你的文本上**：红色是它激活的地方（最大 **{peak:.3f}**，在位置 {pos} `{label}`），"
        "蓝色是它为负的地方（最低 {low:.3f}）；颜色深浅 ∝ |激活|。"
    ),
    "attribution.neurons.token_title": "位置 {i} '{label}'：激活 {value:.4f}",
    "attribution.neurons.promoted_title": "L{layer} N{neuron} 推高的词元",
    "attribution.neurons.suppressed_title": "L{layer} N{neuron} 压低的词元",
    "attribution.neurons.effect_caption": (
        "W_U · c_proj[:, 神经元]：它的输出方向（C={C}）经过反嵌入，词表中每一项（V={V}）得到一个数。神经元正向激活时，"
        "这些词元的 logit 按激活值成比例地升高（左）或降低（右）；激活为负时方向相反。这里没有经过最终归一化："
        "它的尺度取决于整个残差流。"
    ),
}
