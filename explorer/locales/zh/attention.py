"""简体中文 strings of the Attention page (pages/attention.py)."""
STRINGS = {
    "attention.title": "注意力",
    "attention.what": (
        "**我在看什么？** 你的文本在每一层、每个头上的注意力模式 `attn.hook_pattern`：一个 [L={L}, nh={nh}, "
        "T={T}, T={T}] 的张量。元素 [l, h, i, j] 表示第 l 层第 h 个头中，查询位置 i 从键位置 j 读取了多少；每一行"
        "都是一次 softmax，所以和为 1，而因果掩码让对角线以上的元素恰好为 0。从 {n} 个头中选一个（点击它，或使用"
        "选择器）即可放大查看，并看到产生它的查询、键和值 [T={T}, hs={hs}]。"
    ),
    "attention.concept_link": "一行是怎么算出来的——分数、缩放、掩码、softmax：Softmax 与掩码页面",
    "attention.labs_link": "概念实验室：为什么要除以 √d_k，以及解读 q·kᵀ 的两种方式",
    "attention.grid_header": "所有的头",
    "attention.induction_tip": (
        "**提示：** 这 {n} 个头中有 {mixed} 个是“混合”：在真实文本上训练的模型会让大多数头同时兼顾好几种模式。"
        "随附的模型 **{label}**（在侧边栏的模型选择器里）被训练来接续重复出现的字母序列，它的头标注得很清楚："
        "第 0 层有一个前一个词元头，第 1 层是归纳头。"
    ),
    "attention.induction_switch": "切换到 {label}",
    "attention.grid_title": "注意力模式 [L={L}, nh={nh}, T={T}, T={T}]（行：查询，列：键）",
    "attention.grid_caption": (
        "注意力模式 `transformer.h.*.attn.hook_pattern` [L={L}, nh={nh}, T={T}, T={T}]，每个头一张小图：行 = "
        "查询 i，列 = 键 j，颜色越深 = 权重越大，灰色 = 被掩码的未来。每个头下方的一行字是它的角色（见底部的表格）。"
        "点击一张小图即可在下方打开它。"
    ),
    "attention.hover_note": "{role}熵 {entropy:.2f}",
    "attention.role_sep": "{role} · ",
    "attention.picker_header": "单个头",
    "attention.layer": "层",
    "attention.head": "头",
    "attention.pattern_title": "L{layer} H{head} 注意力模式 [T={T}, T={T}]",
    "attention.pattern_caption": (
        "第 {layer} 层第 {head} 个头的注意力模式：[T={T}, T={T}]，是 `transformer.h.{layer}.attn.hook_pattern` "
        "[nh={nh}, T={T}, T={T}] 的一个切片。悬停在格子上可查看权重；{how}可查看其背后的计算。"
    ),
    "attention.how_click": "点击一个格子",
    "attention.how_sliders": "用下面的滑块选择一个格子",
    "attention.pick_query": "查询 i（行）",
    "attention.pick_key": "键 j（列）",
    "attention.pick_hint": "文本超过 {max_t} 个词元时，在这里选择格子（为每个格子放置点击目标会拖慢每次重绘）。",
    "attention.cell_hint": "点击注意力模式中的一个格子，查看它的权重是如何由 q 和 k 算出来的。",
    "attention.cell_math": (
        "**查询 '{qi}'（{i}）→ 键 '{kj}'（{j}）**：q<sub>{i}</sub>·k<sub>{j}</sub> = {dot:.4f}；"
        "× {scale_text} = 分数 {score:.4f}；在 {allowed} 个满足 j ≤ {i} 的键上做 softmax："
        "权重 = {weight:.4f}（模型的注意力模式中是 {pattern_value:.4f}）。"
        "现在第 {i} 行就是 *Softmax 与掩码* 页面上的查询行。"
    ),
    "attention.cell_math_masked": (
        "**查询 '{qi}'（{i}）→ 键 '{kj}'（{j}）**：q<sub>{i}</sub>·k<sub>{j}</sub> = {dot:.4f}，但键 {j} 位于查询 "
        "{i} 之后：掩码在 softmax 之前把它的分数设为 −inf，而 exp(−inf) = 0，所以权重恰好是 {pattern_value:.1f}。"
        "现在第 {i} 行就是 *Softmax 与掩码* 页面上的查询行。"
    ),
    "attention.qkv_header": "注意力模式从何而来：查询、键、值",
    "attention.qkv_text": (
        "这一层把每个词元的 {C} 维向量（经过 {norm} 之后）投影成一个查询、一个键和一个值，这个头拥有其中各自的"
        "一段 hs = n_embd / n_head = {C} / {nh} = {hs} 维。它对查询 i 和键 j 的分数是点积 q<sub>i</sub>·k<sub>j"
        "</sub> ÷ √{hs}——一个词元发出询问（q），每个更早的词元亮出自己的标签（k），匹配上就意味着权重——而这个头对"
        "词元 i 的输出是值行的加权和，z<sub>i</sub> = Σ<sub>j</sub> pattern[i, j] · v<sub>j</sub>。"
        "行 = 位置，列 = 这个头的 {hs} 个维度；红色为正，蓝色为负。"
    ),
    "attention.axis_dimension": "维度",
    "attention.q_caption": "第 {layer} 层第 {head} 个头的查询 q：[T={T}, hs={hs}]（`attn.hook_q` 的形状是 [nh={nh}, T, hs]）。",
    "attention.k_caption": "第 {layer} 层第 {head} 个头的键 k：[T={T}, hs={hs}]（`attn.hook_k`）。",
    "attention.v_caption": "第 {layer} 层第 {head} 个头的值 v：[T={T}, hs={hs}]（`attn.hook_v`）。",
    "attention.k_caption_gqa": (
        "第 {layer} 层第 {head} 个头的键 k：[T={T}, hs={hs}]（`attn.hook_k`），即键/值头 {kv} 的键，查询头 {group} "
        "看到的完全相同。"
    ),
    "attention.v_caption_gqa": (
        "第 {layer} 层第 {head} 个头的值 v：[T={T}, hs={hs}]（`attn.hook_v`），即键/值头 {kv} 的值，查询头 {group} "
        "看到的完全相同。"
    ),
    "attention.summary_header": "每个头在做什么",
    "attention.summary_text": (
        "每个头一行，在你的文本上测量（查询行 1…T−1；第 0 行只能看到自己）：每一行的 **熵**，单位为奈特（0 = 全部"
        "权重落在一个键上；均匀分布的第 i 行熵为 ln(i+1)），以及落在 **第一个词元** 上的平均权重（没有有用信息可读"
        "的头常把权重停放在那里：一个“汇聚点”）、落在 **前一个词元** 上的平均权重，和落在 **自身** 上的平均权重。"
    ),
    "attention.summary_text_roles": (
        "另有三项分数看词和行从哪里开始——字符级模型得自己找出这些位置（空格或换行词元算作空白）：**词首** 是落在"
        "查询所在词的第一个词元上的平均权重，即查询处或之前最近一个空格或换行之后的那个词元；**词前空白** 是落在那个"
        "空格或换行本身上的平均权重；**行前换行** 是落在查询处或之前最近一个换行上的平均权重。每项只对比被计分的键"
        "至少靠后两个词元的查询求平均，因此这个键既不是查询自身，也不是紧挨着它的前一个词元（那两种情况分别是"
        "*自身* 和 *前一个词元*）。"
    ),
    "attention.summary_induction": (
        "**归纳** 分数在一个单独的探针上测量：{S} 个由字母或数字组成的随机词元，重复两遍；它是第二遍中每个词元指向"
        "“第一遍中同一词元之后那个词元”的平均权重——正是这一步让模型能接续它见过的模式。一个头的 **角色** 是它最高"
        "的那项分数（若达到 {threshold:.1f}），否则为“混合”。"
    ),
    "attention.summary_no_probe": "上下文长度（{block}）太短，无法运行归纳探针，因此不标注角色。",
    "attention.metric": "要绘制的分数",
    "attention.metric.previous-token": "前一个词元",
    "attention.metric.first-token": "第一个词元",
    "attention.metric.self": "自身",
    "attention.metric.induction": "归纳",
    "attention.metric.entropy": "熵",
    "attention.metric.word-start": "词首",
    "attention.metric.last-space": "词前空白",
    "attention.metric.last-newline": "行前换行",
    "attention.role.mixed": "混合",
    "attention.scores_title": "每个头的{metric}分数 [L={L}, nh={nh}]",
    "attention.summary_caption": "每个头的{metric}分数 [L={L}, nh={nh}]；下面的表格列出了所有分数。",
    "attention.col.layer": "层",
    "attention.col.head": "头",
    "attention.col.role": "角色",
    "attention.probe_spinner": "正在用一个重复的随机序列探测各个头…",
}
