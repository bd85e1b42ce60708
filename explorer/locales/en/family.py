"""English names of the model-family switches (norm, activation, grouped-query attention, rotary positions), shared
by every page that describes the loaded model (explorer/analysis/family.py)."""
STRINGS = {
    "family.act.gelu": "GELU",
    "family.act.gelu_tanh": "GELU (tanh approximation)",
    "family.act.relu": "ReLU",
    "family.act.swiglu": "SwiGLU",
    "family.act.silu": "SiLU",
    "family.gqa": (
        "**Grouped-query attention.** This layer has {nkv} key/value heads for its {nh} query heads: every {g} "
        "consecutive query heads share one key head and one value head (query head h reads key/value head "
        "⌊h / {g}⌋). `attn.hook_k` and `attn.hook_v` still hold one [T, hs] slice per *query* head, [nh={nh}, T, "
        "hs], each shared head repeated: head {head} reads key/value head {kv}, shared by query heads {group}, whose "
        "slices of hook_k and hook_v are therefore identical."
    ),
    "family.rope_qk": (
        "**Rotary positions.** `attn.hook_q` and `attn.hook_k` hold q and k *after* the rotation by their "
        "position (base θ = {theta:g}), so their dot product already depends on how far apart the two tokens are."
    ),
}
