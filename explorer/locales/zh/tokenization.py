"""简体中文 strings of the Tokenization page (pages/tokenization.py)."""
STRINGS = {
    "tokenization.title": "分词：文本 → id → 向量",
    "tokenization.what": (
        "**我在看什么？** 模型实际接收到的你的文本：词元 id [1, T={T}]，即取自一个含 V={V} 个条目的词表（{kind} "
        "分词器）的整数；以及词元嵌入矩阵 wte [V={V}, C={C}]，这些 id 正是从中选取行。下面依次是切分结果本身、词表"
        "（stoi/itos）、另一种分词器会如何切分同一段文本，以及某一个词元的查表过程 id → one-hot [V={V}] → 嵌入行 "
        "[C={C}]。"
    ),
    "tokenization.concept_link": "下一步：这些行去了哪里，以及加在它们上面的位置项（嵌入）",
    "tokenization.chips_header": "你的文本切分成的词元",
    "tokenization.chips_caption": (
        "T = {T} 个词元，id [1, T={T}]。每个小块是一个词元，下方是它的 id；悬停可查看位置、id 和 UTF-8 字节。"
        "␣ 表示空格，⏎ 表示换行，⇥ 表示制表符。红色虚线小块是词表之外、已被跳过的字符（模型看不到它们）；橙色小块"
        "被替换成了 {replacement}；灰色小块代表为适应 {block} 个词元的上下文而从开头截掉的词元。"
    ),
    "tokenization.ids_label": "模型接收到的 id",
    "tokenization.vocab_header": "词表：stoi 与 itos",
    "tokenization.vocab_char": (
        "itos（id → 字符串）就是下面这张表，共 {V} 个条目；stoi（字符串 → id）是反过来读的同一张表。字符词表就是"
        "训练文本中所有字符排序后的集合，所以 id 按字符编码排列（先是空白和标点，然后是大写字母，再是小写字母）。"
    ),
    "tokenization.vocab_bpe": (
        "id 0-255 是 256 个单字节，因此任何文本都能编码。之后的每个 id 都是两个更早词元的合并，按顺序从训练文本中"
        "出现最频繁的相邻对学习得到。表中列出最先学到的那些合并。"
    ),
    "tokenization.merges_n": "显示的合并数",
    "tokenization.col.id": "id",
    "tokenization.col.token": "词元",
    "tokenization.col.code_point": "码位",
    "tokenization.col.count_in_text": "在文本中出现次数",
    "tokenization.col.bytes": "字节",
    "tokenization.col.merge_of": "由谁合并",
    "tokenization.compare_header": "同一段文本：字符分词与 BPE 分词",
    "tokenization.compare_intro": (
        "同一段文本，两种分词器。字符分词器每个字符需要一个 id，词表很小；字节级 BPE 把常见片段合并成单个词元，"
        "于是文本变短，而词表（以及嵌入表 [V, C]）变大。"
    ),
    "tokenization.spinner_corpus": "正在用 Tiny Shakespeare 训练一个小型 BPE 分词器…",
    "tokenization.spinner_text": "正在用你的文本构建一个分词器…",
    "tokenization.trained_on_corpus": "{name}：在这里用 Tiny Shakespeare（{chars:,} 字节）训练。",
    "tokenization.trained_on_text": (
        "{name}：磁盘上找不到 Tiny Shakespeare，所以这个分词器是用你自己的文本构建的；它对你的文本拟合得格外好。"
    ),
    "tokenization.this_model": "本模型的分词器（{kind}，V={V}）",
    "tokenization.other_bpe": "字节级 BPE（V={V}）",
    "tokenization.other_char": "字符分词器（V={V}）",
    "tokenization.count_metric": "你的文本的词元数",
    "tokenization.count_help": "平均每个词元 {ratio:.2f} 个字符",
    "tokenization.compare_caption": "小块只显示前 {n} 个字符；计数针对整段文本（{chars:,} 个字符）。",
    "tokenization.col.tokenizer": "分词器",
    "tokenization.col.kind": "类型",
    "tokenization.col.vocab_size": "词表大小",
    "tokenization.col.tokens": "词元数",
    "tokenization.col.characters": "字符数",
    "tokenization.col.chars_per_token": "每词元字符数",
    "tokenization.col.skipped_characters": "跳过的字符数",
    "tokenization.count_table_caption": "同一段 {chars:,} 个字符的文本的词元计数。",
    "tokenization.lookup_header": "一个词元：id → one-hot → 嵌入行",
    "tokenization.lookup_intro": (
        "nn.Embedding 就是一张查找表。把 id 写成 one-hot 向量（长度 V={V}，只在 id 处为 1），再乘以 W_E = wte "
        "[V, C]，得到的恰好是 W_E 的第 id 行，因为其余每一行都乘以 0。模型省掉这次乘法，直接按下标取出这一行；W_E "
        "和其他权重矩阵一样是训练出来的。"
    ),
    "tokenization.position_select": "你的文本中的词元位置",
    "tokenization.position_option": "{i}：'{label}'（id {id}）",
    "tokenization.token_facts": "词元 {pos}：**{label}** · id **{id}** · 字节 `{bytes}`",
    "tokenization.one_hot_title": "id {id} 的 one-hot [V={V}]",
    "tokenization.one_hot_caption": "id {id} 的 one-hot 向量 [V={V}]：下标 {id} 处为 1，其余为 0。",
    "tokenization.axis_dimension": "维度 c",
    "tokenization.axis_token_id": "词元 id",
    "tokenization.hover_dimension": "维度",
    "tokenization.table_caption": "W_E = transformer.wte.weight [V={V}, C={C}]；框出的第 {id} 行就是查表返回的结果。",
    "tokenization.table_window_title": "W_E = wte 的第 {start}…{last} 行，共 [V={V}, C={C}]",
    "tokenization.table_window_caption": (
        "W_E = transformer.wte.weight 共有 {V:,} 行：这里画出第 {id} 行附近的 {n} 行；框出的第 {id} 行就是查表返回的结果"
        "（悬停可看每一行的 id）。"
    ),
    "tokenization.row_caption": "嵌入行 wte[{id}] [C={C}]：这个词元的初始向量（加上位置项之前）。",
    "tokenization.check": (
        "用本模型的数值验证：max |one_hot @ W_E − W_E[{id}]| = {diff:.1e}；W_E[{id}] 与前向传播在位置 {pos} 计算出的"
        "词元嵌入相比：最大差值 {diff_model:.1e}。"
    ),
}
