"""English strings of the Show the math page (pages/show_math.py)."""
STRINGS = {
    "show_math.title": "Show the math",
    "show_math.intro": (
        "Every weight in an attention pattern comes from the same short computation: a dot product of a query and "
        "a key, a scale of 1/√{hs}, the causal mask, and a softmax over the row. Pick a cell — {how} — and each "
        "step is done again here, with the model's own q and k, until the final number can be compared with the "
        "one the model produced."
    ),
    "show_math.how_click": "click it in the pattern, or type the query i and key j below",
    "show_math.layer": "Layer",
    "show_math.head": "Head",
    "show_math.query": "Query i (row)",
    "show_math.key": "Key j (column)",
    "show_math.pattern_title": "L{layer} H{head} attention pattern [T={T}, T={T}]: click a cell",
    "show_math.weight": "weight",
    "show_math.pattern_caption": (
        "`transformer.h.{layer}.attn.hook_pattern` [nh={nh}, T={T}, T={T}], head {head}. The red outline marks the "
        "cell worked out below."
    ),
    "show_math.cell_header": "pattern[{i}, {j}]: query '{qi}' ({i}) → key '{kj}' ({j})",
    "show_math.step1": (
        "**1. The query and the key.** q<sub>{i}</sub> is what token {i} is looking for and k<sub>{j}</sub> what "
        "token {j} offers: rows of `transformer.h.{layer}.attn.hook_q` and `attn.hook_k` for head {head}, "
        "{hs} numbers each (d_k = hs = n_embd / n_head)."
    ),
    "show_math.q_title": "q_{i} ('{qi}') [hs={hs}]",
    "show_math.k_title": "k_{j} ('{kj}') [hs={hs}]",
    "show_math.axis_c": "component c",
    "show_math.value": "value",
    "show_math.step2": (
        "**2. Multiply component by component, then add.** q<sub>{i}</sub>·k<sub>{j}</sub> = Σ<sub>c</sub> "
        "q<sub>{i},c</sub>·k<sub>{j},c</sub> over the {hs} components: the positive products add up to {pos:.4f}, "
        "the negative ones to {neg:.4f}, so the dot product is **{dot:.4f}**. Components where both vectors have "
        "the same sign push the score up."
    ),
    "show_math.products_title": "q_{i} ⊙ k_{j}, the {hs} products (their sum is the dot product)",
    "show_math.step3": (
        "**3. Scale.** score = {dot:.4f} × 1/√{hs} = {dot:.4f} × {scale:.4f} = **{score:.4f}**. The factor keeps "
        "the scores' spread about the same whatever the head size (see *Concept labs → Why ÷ √d_k*)."
    ),
    "show_math.step4_kept": (
        "**4. Mask.** Key {j} is not after query {i} (j ≤ i), so the score stays **{score:.4f}**."
    ),
    "show_math.step4_masked": (
        "**4. Mask.** Key {j} comes after query {i} (j > i): token {i} must not see it, so its score becomes "
        "**−∞** before the softmax."
    ),
    "show_math.step5": (
        "**5. Softmax over row {i}.** weight = e<sup>score</sup> / Σ e<sup>score</sup> over the {n} keys j' ≤ {i} "
        "(a masked key adds e<sup>−∞</sup> = 0): {num:.6g} / {den:.6g} = **{weight:.6f}**."
    ),
    "show_math.row_scores_title": "row {i}: scaled scores after the mask [T={T}] (✕ = −∞)",
    "show_math.row_softmax_title": "row {i}: softmax [T={T}] (sums to {total:.4f})",
    "show_math.axis_key_short": "key j",
    "show_math.score": "score",
    "show_math.check_header": "6. Compare with the model",
    "show_math.check": (
        "Recomputed: {weight:.8f}. The model's `transformer.h.{layer}.attn.hook_pattern`[{head}, {i}, {j}]: "
        "{model:.8f}. Absolute difference: {diff:.1e}."
    ),
    "show_math.note": (
        "The recomputation above (`gpt_core.interp.attention_math.show_the_math`) starts from the model's recorded q and k and "
        "repeats the model's steps in the same order; the model computes all T×T cells of all heads at once, as "
        "the matrix product Q Kᵀ, so float rounding can differ by a few units in the last place."
    ),
}
