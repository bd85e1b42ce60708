"""简体中文 strings of the Embeddings page (pages/embeddings.py)."""
STRINGS = {
    "embeddings.title": "嵌入：每个词元从哪里出发，又如何移动",
    "embeddings.what": (
        "**我在看什么？** 你的 {T} 个词元的初始向量，以及它们之后的去向。每个词元 id 从词元表 wte [V={V}, C={C}] "
        "中取出一行；{pos_part}两者之和就是进入第 0 块的残差流 [T={T}, C={C}]，{L} 个块中的每一个都把自己的注意力"
        "输出和 MLP 输出加到它上面，所以页面最后展示的是每个块之后的残差流 [L+1={S}, T={T}, C={C}]。"
    ),
    "embeddings.what_pos.learned": "位置项加上的是可学习位置表 wpe [{P}, {C}] 的第 0…{last} 行，每个位置一行。",
    "embeddings.what_pos.sinusoidal": "位置项加上的是固定正弦位置表 [{P}, {C}] 的第 0…{last} 行，每个位置一行。",
    "embeddings.what_pos.rope": "本模型不加位置向量（旋转位置编码在注意力内部起作用），所以位置项为 0。",
    "embeddings.what_pos.none": "本模型没有位置编码，所以位置项为 0。",
    "embeddings.concept_link": "概念实验室：为什么注意力需要位置向量，为什么不直接用整数下标",
    "embeddings.wte_header": "词元嵌入表 wte",
    "embeddings.dims": "投影",
    "embeddings.wte_caption": (
        "wte [V={V}, C={C}] 投影到前 {k} 个主成分上（解释了 {explained} 的方差）；词表中每个条目一个点，按类别着色。"
        "带描边的大点是你的文本中出现的 {n_used} 个不同词元。模型对待方式相似的词元会靠在一起（训练充分的模型里，"
        "例如元音或大写字母会聚成一团）；训练不足的模型，其嵌入表基本上仍是随机初始化的样子。"
    ),
    "embeddings.wte_sampled": (
        "词表有 {V:,} 个条目，点太多画不过来：这里显示 {n:,} 个，即你文本中的 {used} 个不同词元，再加上其余 id 中大约每 "
        "{step} 个取一个。主成分轴仍然是用全部 {V:,} 行拟合的。"
    ),
    "embeddings.kind.uppercase": "大写字母",
    "embeddings.kind.lowercase": "小写字母",
    "embeddings.kind.letter": "无大小写的文字（如汉字）",
    "embeddings.kind.vowel": "元音",
    "embeddings.kind.digit": "数字",
    "embeddings.kind.punctuation": "标点",
    "embeddings.kind.whitespace": "空白",
    "embeddings.kind.byte": "字符的一部分（UTF-8 字节）",
    "embeddings.kind.other": "其他",
    "embeddings.pos_header": "位置嵌入",
    "embeddings.pos_learned": (
        "本模型的位置表是学出来的：wpe 是一个经过训练的 [block_size={P}, C={C}] 矩阵，每个位置一行，加到词元行上。"
        "旁边是 *Attention Is All You Need* 中同样形状的固定正弦表（PE[t, 2i] = sin(t / 10000^(2i/C))，"
        "PE[t, 2i+1] = cos(...)），它没有参数。位置行与文本内容无关：两段长度相同的不同文本得到的是同样的 {T} 行；"
        "让它们不同的只有词元行。"
    ),
    "embeddings.pos_sinusoidal": (
        "本模型使用固定的正弦位置表 [block_size={P}, C={C}]：PE[t, 2i] = sin(t / 10000^(2i/C))，"
        "PE[t, 2i+1] = cos(...)。它是算出来的而不是训练出来的（0 个参数），加到词元行上。"
    ),
    "embeddings.pos_none.rope": (
        "本模型使用旋转位置编码（RoPE）：没有加性的位置表。位置信息在注意力内部进入——每个头的 q 和 k 按与位置相关的"
        "角度旋转——所以下面一个词元的嵌入在任何位置都相同。"
    ),
    "embeddings.pos_none.none": (
        "本模型完全没有位置编码：没有加性的位置表，只有因果掩码能区分位置（一个词元能看到它前面有多少个词元）。"
    ),
    "embeddings.rope_text": (
        "**用旋转代替位置表。** 每个头把它的查询和键（hs = {hs}）分成 {pairs} 对 (x<sub>c</sub>, x<sub>c+hs/2</sub>)，"
        "并把位置 t 上词元的第 c 对旋转角度 t·θ<sub>c</sub>，θ<sub>c</sub> = {theta:g}<sup>−2c/hs</sup>。左图：位置 "
        "0…{last} 的 cos(t·θ<sub>c</sub>)，即本模型的注意力乘到 q 和 k 上的值；右图：每一对转完一整圈需要多少个位置。"
    ),
    "embeddings.rope_title": "RoPE 旋转 cos(t·θ_c) [P={P}, hs/2={pairs}]，θ = {theta:g}",
    "embeddings.axis_pair": "第 c 对",
    "embeddings.rope_wave_title": "每一对转一整圈所需的位置数 2π/θ_c [hs/2={pairs}]",
    "embeddings.rope_wave_y": "每圈的位置数",
    "embeddings.rope_caption": (
        "第 0 对每 {fast:.1f} 个位置转一圈，第 {last_pair} 对每 {slow:,.0f} 个位置才转一圈：转得快的对区分相邻位置，"
        "转得慢的对在整个上下文里仍各不相同。你文本的 {T} 个词元位于第 0…{last} 行。数值读自模型自己的旋转缓冲区"
        "（与公式的最大差异：{diff:.1e}）。"
    ),
    "embeddings.rope_lab_link": "概念实验室：为什么旋转让分数只取决于偏移",
    "embeddings.sum_zero_pos.rope": (
        "本模型的 pos_emb 全为零（旋转位置编码在注意力内部起作用），所以 tok_emb + pos_emb = tok_emb。"
    ),
    "embeddings.sum_zero_pos.none": "本模型没有位置编码：pos_emb 全为零。",
    "embeddings.table.learned": "可学习",
    "embeddings.table.sinusoidal": "正弦",
    "embeddings.learned_title": "可学习的 wpe [block_size={P}, C={C}]",
    "embeddings.sin_title": "正弦公式 [block_size={P}, C={C}]",
    "embeddings.axis_dimension": "维度 c",
    "embeddings.axis_position": "位置 t",
    "embeddings.axis_token": "词元",
    "embeddings.learned_caption": "本模型的 transformer.wpe.weight [{P}, {C}]；各行对应位置 0..{last}。",
    "embeddings.sin_caption": "按本模型的 block_size 和 C，由公式得到的正弦表 [{P}, {C}]。",
    "embeddings.path_title": "{name}位置行 → PCA 二维",
    "embeddings.path_caption": (
        "{name}表 [{P}, {C}] 的每一行投影到二维（解释了 {explained} 的方差），相邻位置用线连接，颜色 = 位置；"
        "带描边的点是你的文本用到的 {T} 个位置。"
    ),
    "embeddings.sum_header": "你的文本的 tok_emb + pos_emb",
    "embeddings.sum_choice": "显示",
    "embeddings.sum_option.sum": "tok_emb + pos_emb（块的输入）",
    "embeddings.sum_option.tok": "tok_emb = wte[ids]",
    "embeddings.sum_option.pos": "pos_emb（位置项）",
    "embeddings.sum_caption": "你的文本的 {what} [T={T}, C={C}]；行是你的词元，列是 {C} 个维度。",
    "embeddings.traj_header": "残差流，逐层变化",
    "embeddings.traj_intro": (
        "嵌入之后，每个块都把自己的注意力输出和 MLP 输出加到每个词元的向量上（即残差流）。这里在全部 {S} × {T} 个"
        "状态（嵌入以及每个块的 resid_post）上一起拟合一个二维 PCA 基，所以每条线都在同一组坐标轴中展示一个词元的"
        "向量如何随深度移动。"
    ),
    "embeddings.traj_select": "要绘制的词元",
    "embeddings.traj_title": "残差流 [L+1={S}, T={T}, C={C}] → 共享 PCA 二维",
    "embeddings.traj_caption": (
        "残差状态 [L+1={S}, T={T}, C={C}] 投影到二维（解释了 {explained} 的方差）；小点 = 嵌入，带标签的大点 = "
        "第 {last} 层之后。"
    ),
    "embeddings.stage.embeddings": "嵌入",
    "embeddings.stage.after": "第 {i} 层之后",
    "embeddings.cos_header": "你的哪些词元看起来相像",
    "embeddings.cos_select": "阶段",
    "embeddings.cos_title": "余弦相似度 [T={T}, T={T}]，{stage}",
    "embeddings.cos_at_embeddings": "在嵌入处",
    "embeddings.cos_caption": (
        "你的词元的残差向量（{stage}）的余弦相似度 [T={T}, T={T}]：1 = 方向相同，0 = 正交。在嵌入处，重复出现的字符"
        "只有位置行不同；越往深处，混入的上下文越多。"
    ),
}
