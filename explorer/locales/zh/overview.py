"""简体中文 strings of the Overview page (pages/overview.py)."""
STRINGS = {
    "overview.title": "总览：从你的文本到下一个词元",
    "overview.what": (
        "**我在看什么？** 已加载的模型对你的文本做一次前向传播，画成一串张量：词元 id [1, T={T}] 变成残差流 "
        "[1, T={T}, C={C}]，{L} 个结构相同的块依次把各自的注意力输出和 MLP 输出加到这条残差流上，最后的 "
        "{norm} 和 lm_head 把它变成 logits [1, T={T}, V={V}]。对最后一行 logits 做 softmax，得到覆盖全部 V={V} 个词元的概率分布，这就是模型对下一个"
        "词元的猜测。图中的形状都读取自这一次运行，产生它们的 {total:,} 个参数在页面底部逐项清点。"
    ),
    "overview.concept_link": "概念实验室：任意形状 GPT（包括 GPT-3）的参数量",
    "overview.symbols": (
        "形状字母：**B** = 批大小（1 段文本）· **T** = {T} 个词元 · **C** = n_embd {C} · **nh** = {nh} 个头 · "
        "**hs** = 每个头的维度 C/nh = {hs} · **V** = 词表大小 {V} · **L** = {L} 层 · **H** = MLP 隐藏层宽度 "
        "{hidden}{nkv}"
    ),
    "overview.symbols_nkv": " · **nkv** = {nkv} 个键/值头（分组查询注意力）",
    "overview.guess_intro": "读完你的文本后，模型对下一个词元的首选猜测是：",
    "overview.guess_link": "在“下一个词元”页面查看完整分布、温度与采样",
    "overview.flow_header": "数据流",
    "overview.flow_caption": (
        "形状读取自本次运行的激活值（显示批维度 B = 1）：id [1, T={T}] → 残差流 [1, T, C={C}] → 每个块内的注意力"
        "模式 [1, nh={nh}, T, T] 和 MLP 隐藏层 [1, T, H={hidden}] → logits [1, T, V={V}]。只有最后一个位置的 "
        "logits 行会成为下一个词元的分布 [V={V}]；其余 T-1 行是对你已输入文本的预测（训练时会用到）。"
    ),
    "overview.params_header": "参数都在哪里",
    "overview.params_caption": (
        "按组件归类的 model.named_parameters()（共 {n} 个组件）；总数 {total:,} 等于 model.num_parameters()。{tied}"
    ),
    "overview.tied": "lm_head 与词元嵌入共享权重（logits = h @ wteᵀ），所以这一个 [V, C] 矩阵只计算一次。",
    "overview.untied": "lm_head 有自己的 [V, C] 权重（不与 wte 共享）。",
    "overview.gpt3": (
        "用同样的计数规则计算 GPT-3 的形状（L 96，C 12288，V 50257，上下文 2048），得到 {n:,} ≈ "
        "{billions:.0f}B（十亿）个参数，约为本模型的 {ratio:,.0f} 倍。"
    ),
    "overview.col.component": "组件",
    "overview.col.parameters": "参数量",
    "overview.col.share": "占比",
    "overview.col.formula": "公式",
    "overview.col.tensors": "张量",
    "overview.note.wpe.sinusoidal": "固定的 sin/cos 表（缓冲区，不参与训练）",
    "overview.note.wpe.rope": "旋转位置编码旋转 q 和 k：没有位置表",
    "overview.note.wpe.none": "没有位置信息",
    "overview.note.layernorm.bias": "权重 + 偏置",
    "overview.note.layernorm.no_bias": "只有权重",
    "overview.note.layernorm.rms": "RMSNorm：只有权重，不减均值，也没有偏置",
    "overview.note.attention.gqa": "分组查询：{nkv} 个键/值头服务 {nh} 个查询头",
    "overview.note.mlp.swiglu": "{act}：gate 和 up 各为 [H={H}, C]，然后是 down",
    "overview.note.lm_head.tied": "共享：lm_head.weight 就是 wte.weight（只计一次）",
    "overview.note.lm_head.untied": "不共享",
    "overview.component.wte": "词元嵌入（wte）",
    "overview.component.wpe": "位置嵌入（wpe）",
    "overview.component.attention": "注意力",
    "overview.component.mlp": "MLP",
    "overview.component.layernorm": "LayerNorm 层",
    "overview.component.rmsnorm": "RMSNorm 层",
    "overview.component.lm_head": "lm_head",
    "overview.component.total": "合计",
    "overview.pages_header": "每个阶段在哪里探索",
    "overview.link.tokenization": "分词：文本 → {T} 个词元 id [1, {T}]，stoi/itos，one-hot 与嵌入",
    "overview.link.embeddings_rope": "嵌入：wte [{V}, {C}] → [1, {T}, {C}]（没有位置表：RoPE 的旋转），以及逐层的残差流",
    "overview.link.embeddings": "嵌入：wte [{V}, {C}] + 位置表 → [1, {T}, {C}]，以及逐层的残差流",
    "overview.link.attention": "注意力：Q、K、V 以及每个头的注意力模式 [1, {nh}, {T}, {T}]",
    "overview.link.softmax_mask": "Softmax 与掩码：缩放后的分数 → 对角线以上设为 -inf → softmax",
    "overview.link.next_token": "下一个词元：logits [1, {T}, {V}] → softmax → 采样 → 追加",
}
