"""English strings of the Softmax & mask page (pages/softmax_mask.py)."""
STRINGS = {
    "softmax_mask.title": "Softmax & mask",
    "softmax_mask.what": (
        "**What am I looking at?** How head {head} of layer {layer} turns queries and keys into attention weights, "
        "one step at a time, with this model's own numbers for your text: the dot products q·kᵀ [T={T}, T={T}] of "
        "q and k [T={T}, d_k={d_k}], the scores `attn.hook_scores` (q·kᵀ × 1/√d_k), the masked scores "
        "`attn.hook_masked_scores` (every future key j > i set to −inf) and their row-wise softmax "
        "`attn.hook_pattern`, each a [T={T}, T={T}] slice of a [nh={nh}, T, T] tensor. Beside the real order are "
        "two the model never uses — softmax without the mask, and the mask applied after the softmax — so you can "
        "see what each would break."
    ),
    "softmax_mask.concept_link": "Concept labs: the √d_k argument on this model's own queries and keys",
    "softmax_mask.attention_link": "Every head's pattern at once: the Attention page",
    "softmax_mask.layer": "Layer",
    "softmax_mask.head": "Head",
    "softmax_mask.scale_toggle": "Scale the scores by 1/√d_k",
    "softmax_mask.scale_help": (
        "Switching this off runs the model again without the factor, in every layer: from layer 1 on, Q and K "
        "change too, because the earlier layers' outputs changed."
    ),
    "softmax_mask.scale_off_note": (
        "Scaling is off, so the model itself was run again without the factor, in every layer: from layer 1 on "
        "the unscaled q·kᵀ map changes too, because q and k come from earlier layers whose outputs changed. Only "
        "layer 0's q and k, computed straight from the embeddings, stay the same."
    ),
    "softmax_mask.temperature": "Temperature τ (divides the scores before softmax)",
    "softmax_mask.temperature_help": (
        "A what-if on this page only; the model always uses τ = 1. τ < 1 sharpens each row towards its largest "
        "score, τ > 1 flattens it towards uniform over the allowed keys. It changes steps 3–5; the wrong-order "
        "demo further down keeps the model's own scores (τ = 1)."
    ),
    "softmax_mask.step_scores": "1–2. Dot products, then the 1/√d_k scale",
    "softmax_mask.raw_title": "{where} q·kᵀ [T={T}, T={T}] (unscaled)",
    "softmax_mask.raw_caption": (
        "q·kᵀ of layer {layer}, head {head}: [T={T}, T={T}], from `attn.hook_q` and `attn.hook_k` "
        "[T={T}, d_k={d_k}] — every pair, the future included."
    ),
    "softmax_mask.scores_title": "{where} scores = q·kᵀ × {scale} [T={T}, T={T}]",
    "softmax_mask.scaled_caption": (
        "Scores `transformer.h.{layer}.attn.hook_scores`, head {head}: [T={T}, T={T}] = q·kᵀ × {factor_text}."
    ),
    "softmax_mask.factor_on": "1/√d_k = 1/√{d_k} = {factor:.4f}",
    "softmax_mask.factor_off": "1 (scaling switched off; it would be 1/√{d_k} = {factor:.4f})",
    "softmax_mask.why_scale": (
        "**Why divide by √d_k.** Here d_k = hs = n_embd / n_head = {d_k}, and q·k adds up {d_k} products "
        "q_c·k_c. If the components of q and k were independent with mean 0 and variance 1, q·k would have "
        "variance {d_k} (standard deviation √{d_k} ≈ {sqrt:.2f}); whatever their size, the spread of q·k grows "
        "like √d_k. Softmax turns differences of scores into ratios of weights (e^Δ), so widely spread scores make "
        "it saturate: one key takes almost all the weight and the gradient through the others is almost zero, "
        "which stalls learning. Dividing by √d_k divides every score, and so their standard deviation, by "
        "√{d_k} ≈ {sqrt:.2f}: the spread no longer grows with the head size. It lands near 1 only if q and k "
        "have unit-variance components, like the random vectors of the demo at the bottom of this page; a "
        "trained model's q and k need not."
    ),
    "softmax_mask.spread": (
        "**In this head, on your text:** the entries of q and k [T, d_k={d_k}] have standard deviation "
        "{q_std:.2f} and {k_std:.2f}, so q·k over the visible pairs (j ≤ i) has standard deviation {std_raw:.2f}. "
        "÷√{d_k} divides it by {sqrt:.2f}, to {std_scaled:.2f}: {verdict} The largest weight in a row averages "
        "{max_weight_scaled:.2f} with the scale and {max_weight_unscaled:.2f} without it (1.00 = saturated)."
    ),
    "softmax_mask.spread_far": (
        "still far from 1, because this model's q and k are not unit-variance — training set their size."
    ),
    "softmax_mask.spread_near": "close to 1 here.",
    "softmax_mask.step_mask": "3–4. Mask the future with −inf, then softmax each row",
    "softmax_mask.masked_title": "{where} masked scores [T={T}, T={T}]",
    "softmax_mask.masked_caption": (
        "The model's masked scores [T={T}, T={T}]: above the diagonal every entry is −inf (grey) — "
        "`attn.hook_masked_scores`. The slider's τ divides them just before the softmax on the right (the row "
        "inspector below shows one row divided)."
    ),
    "softmax_mask.softmax_title": "{where} softmax(masked scores) [T={T}, T={T}]",
    "softmax_mask.softmax_caption": (
        "softmax along each row of the masked scores ÷ τ = {tau:g}: the attention pattern [T={T}, T={T}]."
    ),
    "softmax_mask.model_match": (
        "This is the model's own pattern `transformer.h.{layer}.attn.hook_pattern` (head {head}): the largest "
        "difference is {diff:.1e}. Every row sums to 1 (smallest row sum {lo:.6f}) and the upper triangle is "
        "exactly 0."
    ),
    "softmax_mask.model_tau": (
        "With τ = {tau:g} this is no longer the model's pattern (the model uses τ = 1): set τ to 1 to compare."
    ),
    "softmax_mask.step_wrong": "What the mask prevents, and why it goes before the softmax",
    "softmax_mask.why_mask": (
        "**Why −inf before softmax.** softmax(s)<sub>j</sub> = e<sup>s<sub>j</sub></sup> / Σ<sub>j'</sub> "
        "e<sup>s<sub>j'</sub></sup>. A masked score of −inf becomes e<sup>−inf</sup> = 0: a future key gets "
        "exactly 0 weight and adds nothing to the denominator, so the allowed keys j ≤ i share all the weight and "
        "every row still sums to 1. Zeroing the future *after* softmax removes weight that had already been "
        "handed out: each row i < T−1 then sums to less than 1 (only the last row, which has no future, keeps 1), "
        "and the past keys' weights were divided by a sum that included the future keys' scores — the future "
        "still leaks in. Without any mask, every row spreads weight over tokens that come later, which the model "
        "cannot see when it generates: trained that way, it would learn to copy the next token instead of "
        "predicting it."
    ),
    "softmax_mask.unmasked_title": "{where} softmax without the mask [T={T}, T={T}]",
    "softmax_mask.future_arrow": "future →",
    "softmax_mask.unmasked_caption": (
        "softmax without the mask [T={T}, T={T}] (from the pre-mask scores): weight right of the dashed diagonal "
        "is weight on the future; the upper triangle holds {future:.0%} of all weight."
    ),
    "softmax_mask.wrong_title": "{where} softmax, then zero the future [T={T}, T={T}]",
    "softmax_mask.wrong_caption": (
        "softmax first, then zero the future [T={T}, T={T}]: the same grey triangle as the real pattern, but the "
        "rows no longer sum to 1."
    ),
    "softmax_mask.sums.masked_softmax": "mask → softmax (the model)",
    "softmax_mask.sums.unmasked_softmax": "softmax, no mask",
    "softmax_mask.sums.softmax_then_zero": "softmax → zero the future",
    "softmax_mask.row_sums_title": "{where} row sums [T={T}]: mask before vs after softmax",
    "softmax_mask.row_sums_caption": (
        "Sum of each query row [T={T}] for the three orders: mask → softmax and softmax without mask are 1 on "
        "every row; softmax → zero drops below 1 on every row but the last (smallest: {lo:.3f} at row {lo_row})."
    ),
    "softmax_mask.step_row": "Row inspector: one query, three steps",
    "softmax_mask.query_row": "Query position i",
    "softmax_mask.row_title": "{where} row inspector: query '{token}' ({i})",
    "softmax_mask.row_caption": (
        "Row {i} ('{token}') [T={T}]{tau_text}: scaled scores, masked scores (✕ = −inf: keys {first}…{last}), "
        "and the softmax weights, which sum to {total:.4f}. Applied after the softmax, the mask would leave "
        "{wrong:.4f}: the {n_future} future keys had taken {lost:.4f} of the weight."
    ),
    "softmax_mask.row_caption_last": (
        "Row {i} ('{token}') [T={T}]{tau_text}: scaled scores, masked scores and softmax weights (sum {total:.4f}). "
        "The last row has no future keys, so the mask changes nothing here — pick an earlier row to see it act."
    ),
    "softmax_mask.demo_header": "The √d_k argument on random vectors",
    "softmax_mask.demo_text": (
        "Random q and k with unit-variance components, for head sizes d from 4 to 1024: the variance of q·k grows "
        "like d (left; the scaled version stays near 1), and softmax over 16 keys saturates without the scale "
        "(right: mean largest weight per row)."
    ),
}
