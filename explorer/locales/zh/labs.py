"""概念实验页（pages/labs.py）的简体中文文本。"""
STRINGS = {
    "labs.title": "概念实验",
    "labs.intro": (
        "五个小实验，全部在当前加载的模型和你输入的文本上运行：Transformer 如何知道 token 的位置，注意力分数为什么要除以 "
        "√d_k，MLP 对每个 token 做了什么，任意规模的 GPT 有多少参数，以及注意力分数背后那次矩阵乘法的两种读法。"
        "每个数字都直接读自本模型的权重和激活值，或由它们重新算出，所以会随侧边栏里的文本而变化。"
    ),
    "labs.pick": "选择一个实验",
    "labs.tab.positions": "位置编码",
    "labs.tab.scaling": "为什么 ÷ √d_k",
    "labs.tab.mlp": "MLP",
    "labs.tab.params": "参数计算器",
    "labs.tab.matmul": "矩阵乘法的两种视角",
    "labs.layer": "层",
    "labs.head": "头",
    # ---- 位置编码
    "labs.pos.intro": (
        "单靠注意力是看不到顺序的：它用点积比较每个 query 和每个 key，所以把输入 token 打乱，输出也只是按同样的方式被打乱，"
        "别的什么都不变。因此本模型（位置编码：**{pos}**）{how}。推理时，任何长度为 T 的输入得到的都是完全相同的 "
        "0…T−1 位置向量——能区分两个输入的只有它们的 token。"
    ),
    "labs.pos.how.learned": (
        "会给位置 t 上那个 token 的嵌入加上一个学到的向量：x<sub>t</sub> = wte[id<sub>t</sub>] + wpe[t]"
    ),
    "labs.pos.how.sinusoidal": "会给位置 t 上那个 token 的嵌入加上一个固定的正弦向量 PE[t]",
    "labs.pos.how.rope": "在每个注意力层内部，按随位置增大的角度旋转每个头的 query 和 key（旋转位置编码）",
    "labs.pos.how.none": "完全没有位置编码：只有因果掩码（位置 t 能看到 t+1 个 token）还带着一点位置线索",
    "labs.pos.content": (
        "**为什么位置向量与内容无关？** 它只按下标查表，因此一张表适用于所有文本，模型只需学一次“位置 5 是什么样”，"
        "而不必对每个词各学一次。内容通过 token 嵌入进入；两者在第一个注意力层相遇，token i 与 j 的分数（忽略 "
        "LayerNorm 和偏置）展开为 (x<sub>i</sub>+p<sub>i</sub>) W<sub>q</sub> W<sub>k</sub><sup>T</sup> "
        "(x<sub>j</sub>+p<sub>j</sub>)<sup>T</sup> = 内容·内容 + 内容·位置 + 位置·内容 + 位置·位置。所以两个毫不相关、"
        "长度相同的句子，位置部分完全一样，只在这一共同项上“相似”；决定其余部分的是各自不同的 token。"
    ),
    "labs.pos.tables_header": "模型加上的位置表，以及它本可以使用的公式",
    "labs.pos.learned_title": "学到的位置表 wpe [P={P}, C={C}]",
    "labs.pos.sin_title": "正弦位置表 PE [P={P}, C={C}]",
    "labs.pos.axis_dim": "维度 c",
    "labs.pos.axis_pos": "位置 t",
    "labs.pos.axis_i": "位置 i",
    "labs.pos.axis_j": "位置 j",
    "labs.pos.learned_caption": (
        "`transformer.wpe.weight` 的第 0…{last} 行 [P={P}, C={C}]（block_size = {block}）：第 t 行加到位置 t 上的"
        "任何 token 上。它和其他权重一样由梯度下降学得，没有任何东西强迫它具有某种结构。"
    ),
    "labs.pos.no_learned": "本模型没有学习得到的位置表（位置编码：{pos}）。",
    "labs.pos.sin_caption": (
        "按本模型形状生成的正弦位置表 [P={P}, C={C}]（`gpt_core.model.sinusoidal_table`）："
        "PE[t, 2i] = sin(t / 10000^(2i/C))，PE[t, 2i+1] = cos(t / 10000^(2i/C))。每一对列都是一个有自己频率的时钟，"
        "从每 2π ≈ 6.3 个位置转一圈（左侧）到周期长达数万个位置（右侧）；对任意 t，PE[t+k] 都是 PE[t] 经过同一个旋转"
        "得到的，因此相对偏移很容易读出来。"
    ),
    "labs.pos.int_header": "为什么不直接输入整数下标？",
    "labs.pos.int_text": (
        "最简单的位置信号就是把数字 t 本身当作一个额外的输入特征。它有三个问题。**尺度：** t 最大到 {int_max:.0f}，"
        "而{whose}各分量的标准差只有 {emb_std:.3f}——这一个特征会淹没其他所有特征。**范围：** 更长的上下文会产生"
        "训练中从未见过的数值（查表时那里根本没有对应的行；正弦值则始终在 [−1, 1] 内）。**几何：** 注意力用点积比较位置，"
        "而 i·j 在 j 取最后一个位置时最大：对任何 i > 0，“最相似”的位置都是 {last}，从来不是 i 自己（只有 "
        "{self_int:.0%} 的行在对角线上取最大）。向量可以表达“离我近”：{table} 中两行的余弦相似度，相邻位置平均为 "
        "{near:.2f}，相距 {d_mid} 时为 {mid:.2f}，相距 {d_far} 时为 {far:.2f}；并且有 {adjacent:.0%} 的位置，与之最相似"
        "的其他位置正是紧挨着的邻居（正弦表：{adjacent_sin:.0%}）。"
    ),
    "labs.pos.int_title": "原始整数：i·j [P={P}, P={P}]",
    "labs.pos.emb_title": "位置向量：cosine({table}_i, {table}_j) [P={P}, P={P}]",
    "labs.pos.int_caption": "原始位置的点积 i·j：随两个下标一起增长（最大到 {max:,.0f}），而且每一行都在最后一列取最大。",
    "labs.pos.emb_caption": (
        "{whose}（{table} [P={P}, C={C}]）两两之间的余弦相似度：介于 ±1 之间，沿对角线一带最大——相近的位置"
        "有相似的向量。"
    ),
    "labs.pos.rope_header": "旋转位置编码（RoPE）：把位置变成旋转",
    "labs.pos.rope_text": (
        "RoPE（LLaMA 以及大多数新模型都在用）不往嵌入里加任何东西。它在注意力内部把每个 query 和 key 分成 {pairs} 对 "
        "(x<sub>c</sub>, x<sub>c+hs/2</sub>)，并把位置 t 上向量的第 c 对旋转角度 t·θ<sub>c</sub>，θ<sub>c</sub> = "
        "{theta:g}<sup>−2c/hs</sup>{own}。旋转不改变长度；把 q 旋转 m·θ、把 k 旋转 n·θ，两者之间的夹角只改变 (n − m)·θ："
        "**分数只取决于两个 token 之间的偏移，而与它们所在的绝对位置无关**。下面用一对固定的随机向量 q、k（维度为本模型"
        "的头大小 hs = {hs}），放到每个 query 位置 m 和 key 位置 n < {P} 上。"
    ),
    "labs.pos.whose.model": "本模型的位置向量",
    "labs.pos.whose.sinusoidal": "正弦表的向量（本模型并不加位置向量）",
    "labs.pos.rope_own_theta": "（本模型的底数）",
    "labs.pos.rope_odd": "旋转位置编码要求头大小为偶数；本模型的头大小是 {hs}。",
    "labs.pos.rope_matrix_title": "rot(q, m) · rot(k, n) [P={P}, P={P}]",
    "labs.pos.axis_query_m": "query 位置 m",
    "labs.pos.axis_key_n": "key 位置 n",
    "labs.pos.rope_matrix_caption": (
        "每条对角线（n − m 不变）上只有一个值：同一条对角线上任意两项的最大差值是 {spread:.1e}，只是浮点舍入误差。"
        "不做旋转时，对所有 (m, n) 都有 q·k = {plain:.4f}：完全不含位置信息。"
    ),
    "labs.pos.rope_lines_title": "分数与偏移 n − m 的关系，取三个 query 位置",
    "labs.pos.rope_x": "偏移 n − m",
    "labs.pos.rope_y": "rot(q, m) · rot(k, n)",
    "labs.pos.rope_row": "query 在 m = {m}",
    "labs.pos.rope_lines_caption": "几条曲线完全重合：把两个 token 平移相同的距离，它们的分数不变。",
    "labs.pos.shuffle_header": "打乱位置，看看预测怎么变",
    "labs.pos.shuffle_text": (
        "让模型在你的文本上再运行一次，但位置向量被**打乱**（token t 按一个固定的随机排列拿到另一个位置的位置向量）"
        "或被**置零**。token 完全相同，变的只是模型对顺序的感知。"
    ),
    "labs.pos.mode": "位置向量",
    "labs.pos.mode.shuffle": "打乱",
    "labs.pos.mode.zero": "置零",
    "labs.pos.seed": "排列的随机种子",
    "labs.pos.not_applicable": "本模型的位置编码（{pos}）不是加到嵌入上的向量，因此这里无法打乱或置零。",
    "labs.pos.perm_caption_shuffle": (
        "每个 token 拿到的位置向量（token ← 表中的行，{T} 个中的前 {n} 个）：{pairs}。读自打乱那次运行的 "
        "`transformer.hook_pos_emb` [T={T}, C]。"
    ),
    "labs.pos.perm_caption_zero": (
        "每个 token 拿到的都是零向量（∅），而不是位置向量：{pairs}。模型看到的是一袋 token，只有因果掩码还保留着顺序。"
    ),
    # ---- 前后对比
    "labs.cmp.before": "正常",
    "labs.cmp.after_shuffle": "位置被打乱",
    "labs.cmp.after_zero": "位置被置零",
    "labs.cmp.loss_before": "你文本上的损失（正常）",
    "labs.cmp.loss_after": "你文本上的损失（改动后）",
    "labs.cmp.top1_changed": "最可能预测发生变化的位置",
    "labs.cmp.one_token": "只有一个 token：文本内部没有可预测的下一个 token，因此没有损失。",
    "labs.cmp.bars_title": "'{last}' 之后的下一个 token：候选项，正常 vs 改动后 [V={V}]",
    "labs.cmp.prob": "概率",
    "labs.cmp.loss_help": (
        "损失 = 预测你文本中每个下一个 token 的平均交叉熵（共 {n} 次预测），单位为 nat；越低越好，均匀瞎猜的得分是 "
        "ln V = {lnv:.2f}。柱状图是两次运行在最后一个位置上的 softmax(`hook_logits`)，取两者候选项的并集。"
    ),
    # ---- 缩放
    "labs.scale.intro": (
        "**为什么要除以 √d_k？** 如果 q 和 k 的 d 个分量相互独立、均值为 0、方差为 1，那么 q·k = Σ<sub>c</sub> "
        "q<sub>c</sub>k<sub>c</sub> 是 d 个方差为 1 的项之和，方差为 d，典型大小为 √d。softmax 把分数之差变成权重之比"
        "（e<sup>Δ</sup>），所以分数越分散，结果越极端：一个 key 几乎拿走全部权重，经过其他 key 的梯度几乎消失。"
        "除以 √d_k 让方差无论头大小如何都回到 1——模型的权重从一个 softmax 仍然“柔和”、学习能够进行的状态开始。"
    ),
    "labs.scale.demo_title": "随机的 q、k：点积随 d 增大，softmax 趋于饱和",
    "labs.scale.demo_left": "q·k 的方差（q、k ∈ ℝᵈ）",
    "labs.scale.demo_right": "每行最大的 softmax 权重（16 个 key）",
    "labs.scale.demo_x": "d（头大小）",
    "labs.scale.demo_var": "方差",
    "labs.scale.demo_max": "最大权重",
    "labs.scale.demo_caption": (
        "`gpt_core.interp.attention_math.scaling_demo`，单位方差的随机向量：d = {d} 时，var(q·k) = {var:.1f}，var(q·k/√d) = "
        "{scaled:.2f}；在 16 个 key 上做 softmax，不缩放时最大权重平均为 {unscaled_max:.2f}，缩放后为 {scaled_max:.2f}。"
    ),
    "labs.scale.real_header": "在本模型真实的 q、k 上做同样的测量",
    "labs.scale.var_dot": "var(q·k)，未缩放",
    "labs.scale.var_scaled": "var(q·k / √hs)，softmax 实际看到的",
    "labs.scale.real_title": "每层 q_i·k_j（j ≤ i）的方差 [L={L}；合并 nh={nh} 个头 × T={T}；hs={hs}]",
    "labs.scale.axis_layer": "层",
    "labs.scale.axis_var": "方差（对数坐标）",
    "labs.scale.real_caption": (
        "来自每一层的 `attn.hook_q` 和 `attn.hook_k` [nh={nh}, T={T}, hs={hs}]：所有头中所有可见点积 q_i·k_j（j ≤ i）"
        "的方差。虚线是 hs 和 1，即单位方差随机向量会给出的值。"
    ),
    "labs.scale.real_text": (
        "训练过的模型的 q 和 k 并不是单位方差的随机向量：它们各分量的方差在 {qlo:.2f} 到 {qhi:.2f}（q）和 {klo:.2f} 到 "
        "{khi:.2f}（k）之间，均值不为零，而且彼此相关——头正是靠这一点学会匹配的。所以这里未缩放的方差（{lo:.1f} 到 "
        "{hi:.1f}）并不等于 hs = {hs}，即使 ÷√hs 之后也是 {slo:.2f} 到 {shi:.2f}，而不是 1。这个系数由架构固定，"
        "训练则围绕它调整了权重的大小。去掉它（见下方），每个分数都会比模型训练时大 √{hs} 倍。"
    ),
    "labs.scale.too_short": "请至少输入两个 token，才能测量点积的方差。",
    "labs.scale.toggle_header": "在真实模型中关掉缩放",
    "labs.scale.on_title": "L{layer} H{head} 注意力模式，有 ÷√d_k [T={T}, T={T}]",
    "labs.scale.off_title": "L{layer} H{head} 注意力模式，没有 ÷√d_k [T={T}, T={T}]",
    "labs.scale.entropy": "每行熵的平均值（nat）",
    "labs.scale.toggle_caption": (
        "`transformer.h.{layer}.attn.hook_pattern` 的第 {head} 个头 [T={T}, T={T}]，来自模型的两次运行：按训练时的"
        "样子，以及在每一层都去掉 1/√d_k 系数（`Interventions(scale_scores=False)`）。每行熵的平均值（第 1…T−1 行）："
        "{on:.3f} → {off:.3f} nat；均匀分布的行平均为 {uniform:.3f}。熵越低 = 每行越尖锐，越接近 one-hot。"
    ),
    # ---- MLP
    "labs.mlp.intro": (
        "注意力在位置之间搬运信息之后，MLP **对每个 token 单独处理**：同一个两层网络作用在每个位置上，这里没有任何 "
        "token 能看到别的 token。它把 {C} 维向量扩宽 {r} 倍到 {H} 个隐藏单元，对每个单元施加 {act}，再投影回 {C} 维。"
        "宽阔的中间层提供许多几乎互不相关的方向（在高维空间里，几乎两两正交的方向远比维数多），而夹在两个线性映射之间的"
        "非线性，使它能算出单个矩阵算不出的东西——没有它，两个矩阵会合并成一个。每个隐藏单元像一个 key：当 token 的向量"
        "中出现某种模式时被激活，并把自己的输出方向写回残差流；模型“知道”的很多东西就是这样存储的。"
    ),
    "labs.mlp.intro_swiglu": (
        "注意力在位置之间搬运信息之后，MLP **对每个 token 单独处理**：同一个网络作用在每个位置上，这里没有任何 token "
        "能看到别的 token。本模型的 MLP 是门控的（{act}，与 Llama 相同）：它把 {C} 维向量**两次**投影到 {H} 个隐藏单元"
        "（扩宽 {r} 倍），一次作为**门（gate）**，一次作为**上投影（up）**，再把 SiLU(gate) 与 up 逐个单元相乘，最后把这个"
        "**乘积**投影回 {C} 维。门接近 0 的地方，无论 up 是多少，这个单元都保持关闭；门为负时，会把 up 的符号翻转。"
        "于是一个投影决定另一个投影能通过多少，这是普通 MLP（一次投影，再过一条固定曲线）做不到的。每个隐藏单元仍然把"
        "自己的输出方向写回残差流；模型“知道”的很多东西就是这样存储的。"
    ),
    "labs.mlp.show": "显示",
    "labs.mlp.show_post": "{act} 之后（mlp.hook_post）",
    "labs.mlp.show_pre": "{act} 之前（mlp.hook_pre）",
    "labs.mlp.show_swiglu_post": "乘积 SiLU(gate)·up（mlp.hook_post）",
    "labs.mlp.show_swiglu_pre": "门 gate（mlp.hook_pre）",
    "labs.mlp.show_swiglu_up": "上投影 up（mlp.hook_pre_linear）",
    "labs.mlp.plus_bias": " + b",
    "labs.mlp.shapes": (
        "ln_2(x)                 [T={T}, C={C}]\n"
        "c_fc   W [{C}→{H}]{b}    [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_pre\n"
        "{act}                  [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_post\n"
        "c_proj W [{H}→{C}]{b}    [T={T}, C={C}]  transformer.h.{layer}.mlp.hook_out  → 加回残差流"
    ),
    "labs.mlp.shapes_swiglu": (
        "ln_2(x)                   [T={T}, C={C}]\n"
        "gate = c_gate W [{C}→{H}]{b}  [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_pre\n"
        "up   = c_fc   W [{C}→{H}]{b}  [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_pre_linear\n"
        "SiLU(gate) · up           [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_post\n"
        "c_proj W [{H}→{C}]{b}       [T={T}, C={C}]  transformer.h.{layer}.mlp.hook_out  → 加回残差流"
    ),
    "labs.mlp.heat_title_post": "L{layer} MLP 隐藏层激活（非线性之后）[T={T}, H={H}]",
    "labs.mlp.heat_title_pre": "L{layer} MLP 隐藏层预激活 [T={T}, H={H}]",
    "labs.mlp.heat_title_swiglu_post": "L{layer} MLP 乘积 SiLU(gate)·up [T={T}, H={H}]",
    "labs.mlp.heat_title_swiglu_pre": "L{layer} MLP 门 gate（SiLU 之前）[T={T}, H={H}]",
    "labs.mlp.heat_title_swiglu_up": "L{layer} MLP 上投影 up [T={T}, H={H}]",
    "labs.mlp.axis_neuron": "隐藏单元（神经元）",
    "labs.mlp.axis_token": "词元",
    "labs.mlp.heat_caption_post": (
        "`transformer.h.{layer}.mlp.hook_post` [T={T}, H={H}]（显示前 {shown} 个单元）：每行一个 token，每列一个"
        "隐藏单元；红色为正，蓝色为负。大多数格子接近 0：每个 token 只强烈激活少数几个单元。"
    ),
    "labs.mlp.heat_caption_pre": (
        "`transformer.h.{layer}.mlp.hook_pre` [T={T}, H={H}]（显示前 {shown} 个单元）：c_fc 在非线性之前的输出；"
        "所有蓝色的部分都会被激活函数压扁。"
    ),
    "labs.mlp.heat_caption_swiglu_post": (
        "`transformer.h.{layer}.mlp.hook_post` [T={T}, H={H}]（显示前 {shown} 个单元）：SiLU(gate) 乘以 up，即 c_proj "
        "读取的内容；每行一个 token，每列一个隐藏单元，红色为正，蓝色为负。只有门打开、同时 up 也很大的地方，单元才会很大。"
    ),
    "labs.mlp.heat_caption_swiglu_pre": (
        "`transformer.h.{layer}.mlp.hook_pre` [T={T}, H={H}]（显示前 {shown} 个单元）：c_gate 的输出，即 SiLU 读取的"
        "内容。蓝色（负）的门经过 SiLU 后接近 0 或略小于 0：这些单元被关上了。"
    ),
    "labs.mlp.heat_caption_swiglu_up": (
        "`transformer.h.{layer}.mlp.hook_pre_linear` [T={T}, H={H}]（显示前 {shown} 个单元）：c_fc 的输出，也就是门"
        "放行的那些值；没有任何非线性作用在它们上面。"
    ),
    "labs.mlp.swiglu_check": (
        "**重新计算门乘以 up。** 用上面两张图算出的 SiLU(gate)·up 与第 {layer} 层的 `mlp.hook_post` 相差不超过 "
        "{diff:.1e}。在 {closed:.1%} 的单元中 |SiLU(gate)| < 0.05：门几乎不让 up 通过。在 {flipped:.1%} 的单元中 "
        "SiLU(gate) 为负，所以乘积与 up 的符号相反。"
    ),
    "labs.mlp.top_header": "**每个 token 最活跃的隐藏单元**（非线性之后）",
    "labs.mlp.top_header_swiglu": "**每个 token 最活跃的隐藏单元**（乘积 SiLU(gate)·up）",
    "labs.mlp.col_position": "位置",
    "labs.mlp.col_token": "词元",
    "labs.mlp.col_rank": "第 {rank} 名单元（值）",
    "labs.mlp.top_caption": (
        "第 {layer} 层：在 {T} 个 token 中，共有 {distinct} 个不同的单元当过最活跃的那个；单元 #{busiest} 在其中 "
        "{times} 个 token 上领先。在相同字符上领先的单元，可能是该模式的“检测器”。"
    ),
    "labs.mlp.act_header": "ReLU 还是 GELU，负输入会怎样",
    "labs.mlp.act_header_swiglu": "门上的 SiLU，以及负的门会怎样",
    "labs.mlp.act_title": "激活函数与第 {layer} 层真实预激活的分布 [T={T} × {H}]",
    "labs.mlp.act_x": "预激活 x",
    "labs.mlp.act_y": "激活(x)",
    "labs.mlp.act_hist_y": "预激活所占比例",
    "labs.mlp.act_hist": "第 {layer} 层预激活（截断到 ±4）",
    "labs.mlp.act_hist_gate": "第 {layer} 层门的取值（截断到 ±4）",
    "labs.mlp.act_text_gelu": (
        "本模型使用 **{act}**。在第 {layer} 层，你文本上有 **{neg:.1%}** 的隐藏层预激活是负数：ReLU 会把它们全部置为"
        "恰好 0。GELU(x) = x·Φ(x)（Φ 为标准正态分布函数）则把它们映射到 [−0.17, 0)——这里平均为 {mean:.3f}"
        "（最低 {lo:.3f}）——只有低于 −3 的那 {deep:.1%} 输出与 0 相差不到 0.005。这一小段负值尾巴和 0 处的平滑弯曲，"
        "让梯度在 ReLU 梯度恰好为零的地方仍能流动。"
    ),
    "labs.mlp.act_text_gelu_tanh": (
        "本模型使用 **{act}**，即 GPT-2 的 “gelu_new”：0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))，与 GELU(x) = "
        "x·Φ(x) 相差不到 0.001。在第 {layer} 层，你文本上有 **{neg:.1%}** 的隐藏层预激活是负数：ReLU 会把它们全部置为"
        "恰好 0。GELU 则把它们映射到 [−0.17, 0)——这里平均为 {mean:.3f}（最低 {lo:.3f}）——只有低于 −3 的那 {deep:.1%} "
        "输出与 0 相差不到 0.005。这一小段负值尾巴和 0 处的平滑弯曲，让梯度在 ReLU 梯度恰好为零的地方仍能流动。"
    ),
    "labs.mlp.act_text_relu": (
        "本模型使用 **{act}**。在第 {layer} 层，你文本上有 **{neg:.1%}** 的隐藏层预激活是负数，ReLU 把它们全部置为恰好 "
        "0，梯度也恰好为 0：一个对所有输入都为负的单元就不再学习。作为对比画出的 GELU(x) = x·Φ(x) 会把它们映射到 "
        "[−0.17, 0)——这里平均为 {mean:.3f}（最低 {lo:.3f}）——只有低于 −3 的那 {deep:.1%} 输出才会与 0 相差不到 0.005。"
    ),
    "labs.mlp.act_text_swiglu": (
        "本模型的门先经过 **SiLU(x) = x·σ(x)**（σ 为 logistic sigmoid 函数），再去乘 up。在第 {layer} 层，你文本上有 "
        "**{neg:.1%}** 的门取值为负：SiLU 把它们映射到 [−0.28, 0)——这里平均为 {mean:.3f}（最低 {lo:.3f}）——而不是 0。"
        "即使在 −3 处 SiLU 仍为 {at3:.3f}（GELU：−0.004），所以负的门只能近似地关上一个单元；有 {deep:.1%} 的门低于 −3。"
        "由于结果还要乘以 up，略为负的门不会让 up 沉默，而是翻转它的符号。"
    ),
    "labs.mlp.col_layer": "层",
    "labs.mlp.col_negative": "预激活 < 0（ReLU → 0）",
    "labs.mlp.col_deep": "预激活 < −3（{act}(−3) = {at3:.3f}）",
    "labs.mlp.col_act_mean": "负预激活的 {act} 平均值",
    "labs.mlp.why": (
        "**为什么宽 4 倍？** 这个比例是原始 Transformer（512 维配 2048 个隐藏单元）留下的惯例，GPT-2 和 GPT-3 沿用了它："
        "足够宽，能容纳许多特征；又足够便宜，MLP 约占每个块参数的三分之二（12C² 中的 8C²）。用 2 倍或 8 倍也不会出问题，"
        "只是在容量和计算量之间做不同的取舍。"
    ),
    "labs.mlp.why_other": (
        "**为什么宽 {r} 倍？** 原始 Transformer、GPT-2 和 GPT-3 都扩宽 4 倍；本模型在 C = {C} 时用 H = {H}。这个比例是"
        "一种选择而不是规则：更宽能容纳更多特征，更窄则计算更省。"
    ),
    "labs.mlp.why_swiglu": (
        "**为什么是 {r} 倍而不是 4 倍？** SwiGLU 有三个矩阵（gate、up、down），而 GPT 的 MLP 只有两个。Llama 取 H ≈ "
        "8/3·C（再取整），使三个矩阵共 3·C·H ≈ 8C²，与 4 倍宽的两矩阵 MLP 花费相同。这里 C = {C} 时 H = {H}：每层 "
        "3·C·H = {weights:,} 个权重，而 8C² = {four:,}。"
    ),
    # ---- 参数计算器
    "labs.params.intro": (
        "只根据配置就数出 GPT-2 式模型的每一个权重——不构建模型，所以数 GPT-3 和数本模型一样快"
        "（`gpt_core.interp.params.parameter_count_for_config`）。每层注意力有 4C²（W_q、W_k、W_v、W_O），MLP 有 2·4C²："
        "**每层 12·C²**，所以规模随 d_model 的平方、随层数线性增长。GPT-3 175B：d_model 12288，96 层，96 个 128 维的头，"
        "词表 50,257 个 token，上下文 2048 个 token。"
    ),
    "labs.params.preset": "起点",
    "labs.params.preset.model": "本模型",
    "labs.params.preset.gpt2-small": "GPT-2 small（124M）",
    "labs.params.preset.gpt3": "GPT-3（175B）",
    "labs.params.preset.custom": "自定义",
    "labs.params.n_layer": "层数 L",
    "labs.params.n_embd": "d_model C",
    "labs.params.n_head": "头数 nh",
    "labs.params.vocab_size": "词表大小 V",
    "labs.params.block_size": "上下文 T",
    "labs.params.mlp_ratio": "MLP 倍数",
    "labs.params.tie": "lm_head 与 wte 共享权重",
    "labs.params.bias": "偏置",
    "labs.params.pos": "位置编码",
    "labs.params.pos.learned": "可学习的位置表",
    "labs.params.pos.sinusoidal": "正弦",
    "labs.params.pos.rope": "旋转（RoPE）",
    "labs.params.pos.none": "无",
    "labs.params.invalid": "这个配置无法构建 GPT：{error}",
    "labs.params.family": "沿用已加载模型的设置（其模型家族的开关，这里不能修改）：{switches}。",
    "labs.params.total": "参数总数",
    "labs.params.bar_title": "各组件的参数量：共 {total}",
    "labs.params.axis_params": "参数量",
    "labs.params.col_group": "组件",
    "labs.params.col_count": "参数量",
    "labs.params.col_share": "占比",
    "labs.params.col_formula": "公式",
    "labs.params.matches": "公式给出 {counted:,}；已加载模型的 `num_parameters()` 数出 {actual:,}（共享的 lm_head 只算一次）。",
    "labs.params.memory_header": "**存放权重所需的内存**",
    "labs.params.col_format": "存储方式",
    "labs.params.col_bytes": "每个参数的字节数",
    "labs.params.col_memory": "内存",
    "labs.params.mem.fp32": "fp32 权重",
    "labs.params.mem.fp16": "fp16 权重",
    "labs.params.mem.bf16": "bf16 权重",
    "labs.params.mem.adamw_fp32": "用 AdamW 以 fp32 训练（权重 + 梯度 + 两个动量）",
    "labs.params.memory_caption": (
        "只算权重：激活值（随 batch 大小 × 上下文 × d_model × 层数增长）、推理时的 KV 缓存和框架开销都**不**包括在内。"
        "使用二进制单位（1 GiB = 2³⁰ 字节）。用 AdamW 以 fp32 训练时，每个参数要存 4 个数：权重、梯度，以及优化器的两个"
        "滑动动量，共 16 字节。"
    ),
    "labs.params.per_layer.gpt": "12·C² 加上偏置和 LayerNorm",
    "labs.params.per_layer.family": "按本模型家族的开关计算：见表中注意力和 MLP 的公式",
    "labs.params.scale_text": (
        "这个配置的一层有 {per_layer} 个参数（{how}，C = {C}）。注意力占总数的 {attn:.1%}，"
        "MLP 占 {mlp:.1%}，嵌入表占 {emb:.1%}。嵌入表按 V·C 增长，各层按 12·L·C² 增长，所以模型越深越宽，嵌入所占的"
        "比例就越小：同样是 50,257 个 token 的词表，嵌入约占 GPT-2 small 的三分之一，却不到 GPT-3 的 0.4%。"
    ),
    # ---- 矩阵乘法的两种视角
    "labs.matmul.intro": (
        "一行注意力分数是一次矩阵–向量乘法 q<sub>i</sub> Kᵀ，它有两种读法。**按行看是点积：** 第 j 项是 "
        "q<sub>i</sub>·k<sub>j</sub>，表示 key j 与这个 query 有多匹配。**按列看是加权和：** 整行等于 Σ<sub>c</sub> "
        "q<sub>i,c</sub>·K[:, c]，即 K 的 hs 列（每列对每个 key 一个数）各自乘上 query 的一个分量再相加。数字相同，"
        "只是相加的顺序不同。下面使用所选头真实的 q 和 K。"
    ),
    "labs.matmul.query": "Query 位置 i",
    "labs.matmul.formula": (
        r"(q_i K^\top)_j \;=\; \underbrace{\sum_c q_{i,c}\,K_{j,c}}_{\text{第 } j \text{ 行：一个点积}}"
        r"\qquad q_i K^\top \;=\; \underbrace{\sum_c q_{i,c}\,K_{:,c}}_{\text{各列的加权和}}"
    ),
    "labs.matmul.row_title": "按行看：q_i ⊙ k_j [T={T}, hs={hs}]，i = {i}",
    "labs.matmul.col_title": "按列看：加权和的累加 [hs={hs}, T={T}]，i = {i}",
    "labs.matmul.axis_c": "分量 c",
    "labs.matmul.axis_key": "键 j",
    "labs.matmul.axis_partial": "已加入的列（0…c）",
    "labs.matmul.axis_score": "分数",
    "labs.matmul.row_caption": (
        "第 j 行是 {hs} 个乘积 q<sub>i,c</sub>·k<sub>j,c</sub>（q_i 来自 `attn.hook_q` [T={T}, hs={hs}]，K 来自 "
        "`attn.hook_k`）；沿行相加就得到点积 q_i·k_j。"
    ),
    "labs.matmul.col_caption": (
        "第 c 行是 Σ<sub>c'≤c</sub> q<sub>i,c'</sub>·K[:, c'] [T={T}]：加入前 c+1 列之后的加权和。最后一行"
        "（c = {last}）就是完整的 q_i Kᵀ。"
    ),
    "labs.matmul.series_row": "按行计算 × 1/√hs",
    "labs.matmul.series_col": "按列计算 × 1/√hs",
    "labs.matmul.series_model": "模型：attn.hook_scores",
    "labs.matmul.cmp_title": "L{layer} H{head} query {i} 的分数 [T={T}]：两种算法 vs 模型",
    "labs.matmul.agree": (
        "两种算法乘以 1/√{hs} = {scale:.4f} 后，都等于模型 `transformer.h.{layer}.attn.hook_scores` 的第 {i} 行"
        "（第 {head} 个头，掩码之前）：最大差值 {row:.1e}（按行）和 {col:.1e}（按列）。"
    ),
}
