"""简体中文 names of the model-family switches (explorer/analysis/family.py)."""
STRINGS = {
    "family.act.gelu": "GELU",
    "family.act.gelu_tanh": "GELU（tanh 近似）",
    "family.act.relu": "ReLU",
    "family.act.swiglu": "SwiGLU",
    "family.act.silu": "SiLU",
    "family.gqa": (
        "**分组查询注意力（GQA）。** 这一层有 {nh} 个查询头，却只有 {nkv} 个键/值头：每 {g} 个相邻的查询头共用一个键头和"
        "一个值头（查询头 h 读取键/值头 ⌊h / {g}⌋）。`attn.hook_k` 和 `attn.hook_v` 仍按*查询*头各存一份 [T, hs]，"
        "即 [nh={nh}, T, hs]，共用的头被重复存放：头 {head} 读取键/值头 {kv}，查询头 {group} 共用它，所以它们在 hook_k 和 "
        "hook_v 中的切片完全相同。"
    ),
    "family.rope_qk": (
        "**旋转位置编码。** `attn.hook_q` 和 `attn.hook_k` 存的是按各自位置旋转*之后*的 q 和 k（底数 θ = {theta:g}），"
        "所以它们的点积本身就已经取决于两个词元相隔多远。"
    ),
}
