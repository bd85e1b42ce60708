"""English strings of the Concept labs page (pages/labs.py)."""
STRINGS = {
    "labs.title": "Concept labs",
    "labs.intro": (
        "Five small experiments on the loaded model and your text: how a transformer knows where a token is, why "
        "attention scores are divided by √d_k, what the MLP does to each token, how many parameters a GPT of any "
        "size has, and two ways to read the matrix product behind the attention scores. Every number is read from "
        "this model's weights and activations or recomputed from them, so it changes with the text in the sidebar."
    ),
    "labs.pick": "Choose a lab",
    "labs.tab.positions": "Position encodings",
    "labs.tab.scaling": "Why ÷ √d_k",
    "labs.tab.mlp": "MLP",
    "labs.tab.params": "Parameter calculator",
    "labs.tab.matmul": "Two views of matmul",
    "labs.layer": "Layer",
    "labs.head": "Head",
    # ---- position encodings
    "labs.pos.intro": (
        "Attention alone is blind to order: it compares every query with every key by a dot product, so "
        "permuting the input tokens permutes the outputs in the same way and changes nothing else. This model "
        "(positions: **{pos}**) therefore {how}. At inference every input of T tokens gets exactly the same "
        "position vectors for 0…T−1 — what tells two inputs apart is their tokens alone."
    ),
    "labs.pos.how.learned": (
        "adds a learned vector to the embedding of the token at position t: x<sub>t</sub> = wte[id<sub>t</sub>] "
        "+ wpe[t]"
    ),
    "labs.pos.how.sinusoidal": "adds a fixed sinusoidal vector PE[t] to the embedding of the token at position t",
    "labs.pos.how.rope": (
        "rotates the queries and keys of every head by angles that grow with the position, inside each attention "
        "layer (rotary encoding)"
    ),
    "labs.pos.how.none": (
        "has no position encoding at all: only the causal mask (position t sees t+1 tokens) carries any hint of "
        "where a token is"
    ),
    "labs.pos.content": (
        "**Why the position vector ignores the content.** It is a lookup by index alone, so one table serves every "
        "text and the model learns \"what is at position 5\" once, not once per word. Content comes in through the "
        "token embedding; the two meet in the first attention layer, whose score for tokens i and j expands "
        "(before LayerNorm, ignoring biases) into (x<sub>i</sub>+p<sub>i</sub>) W<sub>q</sub> W<sub>k</sub><sup>T"
        "</sup> (x<sub>j</sub>+p<sub>j</sub>)<sup>T</sup> = content·content + content·position + position·content + "
        "position·position. So two unrelated sentences of equal length share their position part exactly and are "
        "\"similar\" only in that shared term; their token part, which decides the rest, differs."
    ),
    "labs.pos.tables_header": "The table the model adds, and the formula it could have used",
    "labs.pos.learned_title": "learned position table wpe [P={P}, C={C}]",
    "labs.pos.sin_title": "sinusoidal table PE [P={P}, C={C}]",
    "labs.pos.axis_dim": "dimension c",
    "labs.pos.axis_pos": "position t",
    "labs.pos.axis_i": "position i",
    "labs.pos.axis_j": "position j",
    "labs.pos.learned_caption": (
        "`transformer.wpe.weight` rows 0…{last} [P={P}, C={C}] (block_size = {block}): row t is added to whatever "
        "token sits at position t. It is learned by gradient descent like every other weight; nothing forces a "
        "structure on it."
    ),
    "labs.pos.no_learned": "This model has no learned position table (positions: {pos}).",
    "labs.pos.sin_caption": (
        "The sinusoidal table for this shape [P={P}, C={C}] (`gpt_core.model.sinusoidal_table`): "
        "PE[t, 2i] = sin(t / 10000^(2i/C)), PE[t, 2i+1] = cos(t / 10000^(2i/C)). Each column pair is a clock with "
        "its own frequency, from one turn every 2π ≈ 6.3 positions (left) to periods of tens of thousands of "
        "positions (right); PE[t+k] is the same rotation of PE[t] for every t, which makes offsets easy to read."
    ),
    "labs.pos.int_header": "Why not feed the integer index itself?",
    "labs.pos.int_text": (
        "The simplest position signal would be the number t itself, as one more input feature. It fails three "
        "ways. **Scale:** t runs up to {int_max:.0f}, while the entries of {whose} have a "
        "standard deviation of {emb_std:.3f} — one feature would drown all the others. **Range:** a longer "
        "context produces numbers never seen in training (a table simply has no row there; sinusoids stay in "
        "[−1, 1]). **Geometry:** attention compares positions by dot products, and i·j is largest when j is the "
        "last position: for every i > 0 the \"most similar\" position is {last}, never i itself (only "
        "{self_int:.0%} of rows peak on the diagonal). Vectors can express \"near me\": the cosine similarity of "
        "two rows of {table} averages {near:.2f} for neighbours, {mid:.2f} at distance {d_mid} and {far:.2f} at "
        "distance {d_far}, and for {adjacent:.0%} of positions the most similar other position is an immediate "
        "neighbour (the sinusoidal table: {adjacent_sin:.0%})."
    ),
    "labs.pos.int_title": "raw integers: i·j [P={P}, P={P}]",
    "labs.pos.emb_title": "position vectors: cosine({table}_i, {table}_j) [P={P}, P={P}]",
    "labs.pos.int_caption": (
        "Dot products of raw positions, i·j: they grow with both indices (up to {max:,.0f}) and every row peaks in "
        "the last column."
    ),
    "labs.pos.emb_caption": (
        "Cosine similarity of {whose} ({table} [P={P}, C={C}]) with each other: bounded by "
        "±1, largest along the diagonal band — nearby positions have similar vectors."
    ),
    "labs.pos.rope_header": "Rotary encoding (RoPE): position as a rotation",
    "labs.pos.rope_text": (
        "RoPE (LLaMA and most recent models) adds nothing to the embeddings. Inside attention it splits each query "
        "and key into {pairs} pairs (x<sub>c</sub>, x<sub>c+hs/2</sub>) and rotates pair c of the vector at "
        "position t by the angle t·θ<sub>c</sub>, θ<sub>c</sub> = {theta:g}<sup>−2c/hs</sup>{own}. A rotation keeps lengths, "
        "and rotating q by m·θ and k by n·θ changes the angle between them by (n − m)·θ only: **the score depends on "
        "the offset between two tokens, not on where they are**. Below: one fixed pair of random vectors q, k of "
        "this model's head size hs = {hs}, placed at every query position m and key position n < {P}."
    ),
    "labs.pos.whose.model": "this model's position vectors",
    "labs.pos.whose.sinusoidal": "the sinusoidal table's vectors (this model adds none)",
    "labs.pos.rope_own_theta": " (this model's base)",
    "labs.pos.rope_odd": "Rotary encoding needs an even head size; this model's is {hs}.",
    "labs.pos.rope_matrix_title": "rot(q, m) · rot(k, n) [P={P}, P={P}]",
    "labs.pos.axis_query_m": "query position m",
    "labs.pos.axis_key_n": "key position n",
    "labs.pos.rope_matrix_caption": (
        "Each diagonal (constant n − m) holds a single value: the largest difference between two entries of the "
        "same diagonal is {spread:.1e}, float rounding. Without the rotation q·k = {plain:.4f} for every (m, n): "
        "no position information at all."
    ),
    "labs.pos.rope_lines_title": "score against the offset n − m, for three query positions",
    "labs.pos.rope_x": "offset n − m",
    "labs.pos.rope_y": "rot(q, m) · rot(k, n)",
    "labs.pos.rope_row": "query at m = {m}",
    "labs.pos.rope_lines_caption": (
        "The curves lie on top of each other: moving both tokens by the same amount leaves their score unchanged."
    ),
    "labs.pos.shuffle_header": "Scramble the positions and watch the prediction",
    "labs.pos.shuffle_text": (
        "The model runs again on your text with its position vectors **shuffled** (token t receives the position "
        "vector of another position, by a fixed random permutation) or **zeroed**. The tokens are the same; only "
        "the model's sense of order changes."
    ),
    "labs.pos.mode": "Position vectors",
    "labs.pos.mode.shuffle": "shuffled",
    "labs.pos.mode.zero": "zeroed",
    "labs.pos.seed": "Permutation seed",
    "labs.pos.not_applicable": (
        "This model's positions ({pos}) are not an added vector, so they cannot be shuffled or zeroed here."
    ),
    "labs.pos.perm_caption_shuffle": (
        "Position vector each token received (token ← table row, first {n} of {T}): {pairs}. Read from "
        "`transformer.hook_pos_emb` [T={T}, C] of the shuffled run."
    ),
    "labs.pos.perm_caption_zero": (
        "Every token received the zero vector (∅) instead of a position vector: {pairs}. The model sees a bag of "
        "tokens, ordered only through the causal mask."
    ),
    # ---- before / after
    "labs.cmp.before": "normal",
    "labs.cmp.after_shuffle": "positions shuffled",
    "labs.cmp.after_zero": "positions zeroed",
    "labs.cmp.loss_before": "loss on your text, normal",
    "labs.cmp.loss_after": "loss on your text, after",
    "labs.cmp.top1_changed": "positions whose top prediction changed",
    "labs.cmp.one_token": "One token: nothing inside the text to predict, so no loss.",
    "labs.cmp.bars_title": "next token after '{last}': top candidates, normal vs after [V={V}]",
    "labs.cmp.prob": "probability",
    "labs.cmp.loss_help": (
        "Loss = mean cross-entropy of predicting each next token of your text ({n} predictions), in nats; lower "
        "is better, and a uniform guess scores ln V = {lnv:.2f}. The bars are softmax(`hook_logits`) at the last "
        "position for both runs, on the union of their top candidates."
    ),
    # ---- scaling
    "labs.scale.intro": (
        "**Why divide by √d_k.** If the d components of q and k are independent with mean 0 and variance 1, "
        "q·k = Σ<sub>c</sub> q<sub>c</sub>k<sub>c</sub> is a sum of d terms of variance 1, so its variance is d "
        "and its typical size √d. Softmax turns score differences into weight ratios (e<sup>Δ</sup>), so scores "
        "that spread grow more extreme with d: one key takes nearly all the weight and the gradient through the "
        "others nearly vanishes. Dividing by √d_k brings the variance back to 1 whatever the head size — the "
        "model's weights start in a regime where softmax is soft and learning works."
    ),
    "labs.scale.demo_title": "random q, k: the dot product grows with d, softmax saturates",
    "labs.scale.demo_left": "variance of q·k, q and k in ℝᵈ",
    "labs.scale.demo_right": "largest softmax weight per row (16 keys)",
    "labs.scale.demo_x": "d (head size)",
    "labs.scale.demo_var": "variance",
    "labs.scale.demo_max": "largest weight",
    "labs.scale.demo_caption": (
        "`gpt_core.interp.attention_math.scaling_demo`, random unit-variance vectors: at d = {d}, var(q·k) = {var:.1f} and "
        "var(q·k/√d) = {scaled:.2f}; a softmax over 16 keys gives its largest weight {unscaled_max:.2f} on average "
        "without the scale and {scaled_max:.2f} with it."
    ),
    "labs.scale.real_header": "The same measurement on this model's q and k",
    "labs.scale.var_dot": "var(q·k), raw",
    "labs.scale.var_scaled": "var(q·k / √hs), what softmax sees",
    "labs.scale.real_title": "variance of q_i·k_j (j ≤ i) per layer [L={L}; nh={nh} heads × T={T} pooled; hs={hs}]",
    "labs.scale.axis_layer": "layer",
    "labs.scale.axis_var": "variance (log scale)",
    "labs.scale.real_caption": (
        "From `attn.hook_q` and `attn.hook_k` [nh={nh}, T={T}, hs={hs}] of every layer: the variance of all visible "
        "dot products q_i·k_j (j ≤ i) of all heads. Dashed lines: hs and 1, what unit-variance random vectors "
        "would give."
    ),
    "labs.scale.real_text": (
        "A trained model's q and k are not unit-variance random vectors: their components have variances from "
        "{qlo:.2f} to {qhi:.2f} (q) and {klo:.2f} to {khi:.2f} (k), nonzero means, and they are correlated — that is "
        "how heads learn to match. So the raw variance here ({lo:.1f} to {hi:.1f}) is not hs = {hs}, and even after "
        "÷√hs it is {slo:.2f} to {shi:.2f}, not 1. The factor is fixed by the architecture; training sized the "
        "weights around it. Remove it (below) and every score is √{hs} times larger than the model was trained for."
    ),
    "labs.scale.too_short": "Type at least two tokens to measure dot-product variances.",
    "labs.scale.toggle_header": "Switch the scale off in the real model",
    "labs.scale.on_title": "L{layer} H{head} pattern with ÷√d_k [T={T}, T={T}]",
    "labs.scale.off_title": "L{layer} H{head} pattern without ÷√d_k [T={T}, T={T}]",
    "labs.scale.entropy": "mean row entropy (nats)",
    "labs.scale.toggle_caption": (
        "`transformer.h.{layer}.attn.hook_pattern`, head {head} [T={T}, T={T}], from two runs of the model: as "
        "trained, and with the 1/√d_k factor removed in every layer (`Interventions(scale_scores=False)`). Mean "
        "row entropy (rows 1…T−1): {on:.3f} → {off:.3f} nats; a uniform row would average {uniform:.3f}. Lower "
        "entropy = sharper rows, closer to one-hot."
    ),
    # ---- MLP
    "labs.mlp.intro": (
        "After attention has moved information between positions, the MLP works on **each token on its own**: "
        "the same two-layer network is applied to every position, and no token sees another here. It widens the "
        "{C}-dimensional vector {r}× to {H} hidden units, applies {act} to each unit, and projects back to {C}. "
        "The wide middle gives many nearly independent directions (in high dimension, many more directions than "
        "dimensions are almost orthogonal), and a nonlinearity between two linear maps is what lets it compute "
        "anything a single matrix could not — without it, the two matrices would collapse into one. Each hidden "
        "unit acts like a key that fires on a pattern in the token's vector and writes its own output direction "
        "back into the residual stream; much of what a model \"knows\" is stored this way."
    ),
    "labs.mlp.intro_swiglu": (
        "After attention has moved information between positions, the MLP works on **each token on its own**: "
        "the same network is applied to every position, and no token sees another here. This model's MLP is "
        "gated ({act}, as in Llama): it projects the {C}-dimensional vector **twice** to {H} hidden units ({r}× "
        "wider), once as a **gate** and once as an **up**-projection, multiplies SiLU(gate) with up unit by unit, "
        "and projects that **product** back to {C}. Where the gate is near 0 a unit stays shut whatever up holds; "
        "a negative gate flips up's sign. So one projection decides how much of the other gets through, which a "
        "plain MLP (one projection, then a fixed curve) cannot do. Each hidden unit still writes its own output "
        "direction back into the residual stream; much of what a model \"knows\" is stored this way."
    ),
    "labs.mlp.show": "Show",
    "labs.mlp.show_post": "after {act} (mlp.hook_post)",
    "labs.mlp.show_pre": "before {act} (mlp.hook_pre)",
    "labs.mlp.show_swiglu_post": "product SiLU(gate)·up (mlp.hook_post)",
    "labs.mlp.show_swiglu_pre": "gate (mlp.hook_pre)",
    "labs.mlp.show_swiglu_up": "up (mlp.hook_pre_linear)",
    "labs.mlp.plus_bias": " + b",
    "labs.mlp.shapes": (
        "ln_2(x)                 [T={T}, C={C}]\n"
        "c_fc   W [{C}→{H}]{b}    [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_pre\n"
        "{act}                  [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_post\n"
        "c_proj W [{H}→{C}]{b}    [T={T}, C={C}]  transformer.h.{layer}.mlp.hook_out  → added to the residual stream"
    ),
    "labs.mlp.shapes_swiglu": (
        "ln_2(x)                   [T={T}, C={C}]\n"
        "gate = c_gate W [{C}→{H}]{b}  [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_pre\n"
        "up   = c_fc   W [{C}→{H}]{b}  [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_pre_linear\n"
        "SiLU(gate) · up           [T={T}, H={H}]  transformer.h.{layer}.mlp.hook_post\n"
        "c_proj W [{H}→{C}]{b}       [T={T}, C={C}]  transformer.h.{layer}.mlp.hook_out  → added to the residual stream"
    ),
    "labs.mlp.heat_title_post": "L{layer} MLP hidden activations after the nonlinearity [T={T}, H={H}]",
    "labs.mlp.heat_title_pre": "L{layer} MLP hidden pre-activations [T={T}, H={H}]",
    "labs.mlp.heat_title_swiglu_post": "L{layer} MLP product SiLU(gate)·up [T={T}, H={H}]",
    "labs.mlp.heat_title_swiglu_pre": "L{layer} MLP gate, before SiLU [T={T}, H={H}]",
    "labs.mlp.heat_title_swiglu_up": "L{layer} MLP up-projection [T={T}, H={H}]",
    "labs.mlp.axis_neuron": "hidden unit (neuron)",
    "labs.mlp.axis_token": "token",
    "labs.mlp.heat_caption_post": (
        "`transformer.h.{layer}.mlp.hook_post` [T={T}, H={H}] (first {shown} units shown): one row per token, one "
        "column per hidden unit; red positive, blue negative. Most cells are near 0: each token switches on only "
        "a few units strongly."
    ),
    "labs.mlp.heat_caption_pre": (
        "`transformer.h.{layer}.mlp.hook_pre` [T={T}, H={H}] (first {shown} units shown): c_fc's output before the "
        "nonlinearity; everything blue is what the activation squashes."
    ),
    "labs.mlp.heat_caption_swiglu_post": (
        "`transformer.h.{layer}.mlp.hook_post` [T={T}, H={H}] (first {shown} units shown): SiLU(gate) times up, "
        "what c_proj reads; one row per token, one column per hidden unit, red positive, blue negative. A unit "
        "is large only where the gate is open and up is large at once."
    ),
    "labs.mlp.heat_caption_swiglu_pre": (
        "`transformer.h.{layer}.mlp.hook_pre` [T={T}, H={H}] (first {shown} units shown): c_gate's output, what "
        "SiLU reads. Blue (negative) gates come out of SiLU near 0 or slightly negative: those units are shut."
    ),
    "labs.mlp.heat_caption_swiglu_up": (
        "`transformer.h.{layer}.mlp.hook_pre_linear` [T={T}, H={H}] (first {shown} units shown): c_fc's output, "
        "the values the gate lets through; no nonlinearity touches them."
    ),
    "labs.mlp.swiglu_check": (
        "**Gate times up, recomputed.** SiLU(gate)·up from the two maps above equals layer {layer}'s "
        "`mlp.hook_post` to {diff:.1e}. In {closed:.1%} of the units |SiLU(gate)| < 0.05: the gate lets almost "
        "nothing of up through. In {flipped:.1%} SiLU(gate) is negative, so the product has the opposite sign "
        "to up."
    ),
    "labs.mlp.top_header": "**The most active hidden units for each token** (after the nonlinearity)",
    "labs.mlp.top_header_swiglu": "**The most active hidden units for each token** (the product SiLU(gate)·up)",
    "labs.mlp.col_position": "position",
    "labs.mlp.col_token": "token",
    "labs.mlp.col_rank": "#{rank} unit (value)",
    "labs.mlp.top_caption": (
        "Layer {layer}: across the {T} tokens, {distinct} different units are the most active one; unit "
        "#{busiest} leads for {times} of them. Units that lead for the same characters are candidates for "
        "\"detectors\" of that pattern."
    ),
    "labs.mlp.act_header": "ReLU or GELU, and what happens to negative inputs",
    "labs.mlp.act_header_swiglu": "SiLU on the gate, and what happens to negative gates",
    "labs.mlp.act_title": "activation functions over layer {layer}'s real pre-activations [T={T} × {H}]",
    "labs.mlp.act_x": "pre-activation x",
    "labs.mlp.act_y": "activation(x)",
    "labs.mlp.act_hist_y": "share of pre-activations",
    "labs.mlp.act_hist": "layer {layer} pre-activations (clipped to ±4)",
    "labs.mlp.act_hist_gate": "layer {layer} gate values (clipped to ±4)",
    "labs.mlp.act_text_gelu": (
        "This model uses **{act}**. In layer {layer}, **{neg:.1%}** of the hidden pre-activations on your text are "
        "negative: ReLU would set every one of them to exactly 0. GELU(x) = x·Φ(x) (Φ the standard normal CDF) "
        "maps them into [−0.17, 0) instead — here they average {mean:.3f} (lowest {lo:.3f}) — and only the "
        "{deep:.1%} below −3 come out within 0.005 of 0. That small negative tail and its smooth bend at 0 keep a "
        "gradient flowing where ReLU's is exactly zero."
    ),
    "labs.mlp.act_text_gelu_tanh": (
        "This model uses **{act}**, GPT-2's \"gelu_new\": 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), within "
        "0.001 of GELU(x) = x·Φ(x). In layer {layer}, **{neg:.1%}** of the hidden pre-activations on your text are "
        "negative: ReLU would set every one of them to exactly 0. GELU maps them into [−0.17, 0) instead — here "
        "they average {mean:.3f} (lowest {lo:.3f}) — and only the {deep:.1%} below −3 come out within 0.005 of 0. "
        "That small negative tail and its smooth bend at 0 keep a gradient flowing where ReLU's is exactly zero."
    ),
    "labs.mlp.act_text_relu": (
        "This model uses **{act}**. In layer {layer}, **{neg:.1%}** of the hidden pre-activations on your text are "
        "negative, and ReLU sets every one of them to exactly 0, with a gradient of exactly 0: a unit that is "
        "negative on every input stops learning. GELU(x) = x·Φ(x), drawn for comparison, would map them into "
        "[−0.17, 0) instead — here to {mean:.3f} on average (lowest {lo:.3f}) — and only the {deep:.1%} below −3 "
        "would come out within 0.005 of 0."
    ),
    "labs.mlp.act_text_swiglu": (
        "This model's gate goes through **SiLU(x) = x·σ(x)** (σ the logistic sigmoid) before it multiplies up. In "
        "layer {layer}, **{neg:.1%}** of the gate values on your text are negative: SiLU maps them into [−0.28, 0) "
        "— here they average {mean:.3f} (lowest {lo:.3f}) — rather than to 0. Even at −3 SiLU is still {at3:.3f} "
        "(GELU: −0.004), so a negative gate shuts a unit only approximately; {deep:.1%} of the gates are below −3. "
        "Because the result is multiplied by up, a slightly negative gate flips up's sign instead of silencing it."
    ),
    "labs.mlp.col_layer": "layer",
    "labs.mlp.col_negative": "pre-activations < 0 (ReLU → 0)",
    "labs.mlp.col_deep": "pre-activations < −3 ({act}(−3) = {at3:.3f})",
    "labs.mlp.col_act_mean": "mean {act} of the negative ones",
    "labs.mlp.why": (
        "**Why 4× wider?** The ratio is a convention from the original Transformer (2048 hidden for 512) kept by "
        "GPT-2 and GPT-3: wide enough to hold many features, cheap enough that the MLP is about two thirds of "
        "each block's parameters (8C² of 12C²). Nothing breaks at 2× or 8×; it trades capacity for compute."
    ),
    "labs.mlp.why_other": (
        "**Why {r}× wide?** The original Transformer, GPT-2 and GPT-3 widen 4×; this model uses H = {H} for C = "
        "{C}. The ratio is a choice, not a rule: wider holds more features, narrower costs less compute."
    ),
    "labs.mlp.why_swiglu": (
        "**Why {r}× and not 4×?** SwiGLU has three matrices (gate, up, down) where a GPT MLP has two. Llama picks "
        "H ≈ 8/3·C (then rounds it) so that the three cost 3·C·H ≈ 8C², what a 4× two-matrix MLP costs. Here H = "
        "{H} for C = {C}: 3·C·H = {weights:,} weights per layer, against 8C² = {four:,}."
    ),
    # ---- parameter calculator
    "labs.params.intro": (
        "Every weight of a GPT-2-style model, counted from its configuration alone — no model is built, so GPT-3 "
        "counts as fast as this model (`gpt_core.interp.params.parameter_count_for_config`). Each layer holds 4C² in "
        "attention (W_q, W_k, W_v, W_O) and 2·4C² in the MLP: **12·C² per layer**, so size grows with the square "
        "of d_model and linearly with depth. GPT-3 175B: d_model 12288, 96 layers, 96 heads of 128, a 50,257-token "
        "vocabulary and a 2048-token context."
    ),
    "labs.params.preset": "Start from",
    "labs.params.preset.model": "this model",
    "labs.params.preset.gpt2-small": "GPT-2 small (124M)",
    "labs.params.preset.gpt3": "GPT-3 (175B)",
    "labs.params.preset.custom": "custom",
    "labs.params.n_layer": "layers L",
    "labs.params.n_embd": "d_model C",
    "labs.params.n_head": "heads nh",
    "labs.params.vocab_size": "vocabulary V",
    "labs.params.block_size": "context T",
    "labs.params.mlp_ratio": "MLP ratio",
    "labs.params.tie": "lm_head tied to wte",
    "labs.params.bias": "biases",
    "labs.params.pos": "positions",
    "labs.params.pos.learned": "learned",
    "labs.params.pos.sinusoidal": "sinusoidal",
    "labs.params.pos.rope": "rotary (RoPE)",
    "labs.params.pos.none": "none",
    "labs.params.invalid": "This configuration cannot build a GPT: {error}",
    "labs.params.family": "Kept from the loaded model (its family's switches, not editable here): {switches}.",
    "labs.params.total": "parameters in total",
    "labs.params.bar_title": "parameters by component: {total} in total",
    "labs.params.axis_params": "parameters",
    "labs.params.col_group": "component",
    "labs.params.col_count": "parameters",
    "labs.params.col_share": "share",
    "labs.params.col_formula": "formula",
    "labs.params.matches": (
        "The formula gives {counted:,}; the loaded model's `num_parameters()` counts {actual:,} (a tied lm_head "
        "is counted once)."
    ),
    "labs.params.memory_header": "**Memory for the weights**",
    "labs.params.col_format": "stored as",
    "labs.params.col_bytes": "bytes per parameter",
    "labs.params.col_memory": "memory",
    "labs.params.mem.fp32": "fp32 weights",
    "labs.params.mem.fp16": "fp16 weights",
    "labs.params.mem.bf16": "bf16 weights",
    "labs.params.mem.adamw_fp32": "training with AdamW, fp32 (weights + gradients + 2 moments)",
    "labs.params.memory_caption": (
        "Weights only: activations (which grow with batch size × context × d_model × layers), the KV cache at "
        "inference and framework overhead are **not** included. Binary units (1 GiB = 2³⁰ bytes). Training with "
        "AdamW in fp32 keeps 4 numbers per parameter: the weight, its gradient and the optimizer's two running "
        "moments, 16 bytes."
    ),
    "labs.params.per_layer.gpt": "12·C² plus biases and LayerNorms",
    "labs.params.per_layer.family": "with this family's switches: the attention and MLP formulas in the table",
    "labs.params.scale_text": (
        "One layer of this configuration holds {per_layer} parameters ({how}, C = {C}). "
        "Attention holds {attn:.1%} of the total, the MLPs {mlp:.1%}, and the embedding tables {emb:.1%}. The "
        "tables grow like V·C and the layers like 12·L·C², so the embeddings' share shrinks as a model gets deeper "
        "and wider: with the same 50,257-token vocabulary they are about a third of GPT-2 small and under 0.4% of "
        "GPT-3."
    ),
    # ---- two views of matmul
    "labs.matmul.intro": (
        "One row of attention scores is a matrix–vector product, q<sub>i</sub> Kᵀ, and it can be read two ways. "
        "**Rows as dot products:** entry j is q<sub>i</sub>·k<sub>j</sub>, how well key j matches the query. "
        "**Columns as a weighted sum:** the whole row is Σ<sub>c</sub> q<sub>i,c</sub>·K[:, c], each of the hs "
        "columns of K (one number per key) weighted by one component of the query. Same numbers, different "
        "order of adding. Below, with the chosen head's real q and K."
    ),
    "labs.matmul.query": "Query position i",
    "labs.matmul.formula": (
        r"(q_i K^\top)_j \;=\; \underbrace{\sum_c q_{i,c}\,K_{j,c}}_{\text{row } j\text{: a dot product}}"
        r"\qquad q_i K^\top \;=\; \underbrace{\sum_c q_{i,c}\,K_{:,c}}_{\text{a weighted sum of columns}}"
    ),
    "labs.matmul.row_title": "row view: q_i ⊙ k_j [T={T}, hs={hs}], i = {i}",
    "labs.matmul.col_title": "column view: running weighted sum [hs={hs}, T={T}], i = {i}",
    "labs.matmul.axis_c": "component c",
    "labs.matmul.axis_key": "key j",
    "labs.matmul.axis_partial": "columns added (0…c)",
    "labs.matmul.axis_score": "score",
    "labs.matmul.row_caption": (
        "Row j holds the {hs} products q<sub>i,c</sub>·k<sub>j,c</sub> (q_i from `attn.hook_q` [T={T}, hs={hs}], K "
        "from `attn.hook_k`); adding along the row gives the dot product q_i·k_j."
    ),
    "labs.matmul.col_caption": (
        "Row c holds Σ<sub>c'≤c</sub> q<sub>i,c'</sub>·K[:, c'] [T={T}]: the weighted sum after adding c+1 "
        "columns. Its last row (c = {last}) is the finished q_i Kᵀ."
    ),
    "labs.matmul.series_row": "row view × 1/√hs",
    "labs.matmul.series_col": "column view × 1/√hs",
    "labs.matmul.series_model": "model: attn.hook_scores",
    "labs.matmul.cmp_title": "L{layer} H{head} scores of query {i} [T={T}]: both views vs the model",
    "labs.matmul.agree": (
        "Both views, times 1/√{hs} = {scale:.4f}, equal row {i} of the model's `transformer.h.{layer}.attn."
        "hook_scores` (head {head}, before the mask): largest difference {row:.1e} (rows) and {col:.1e} (columns)."
    ),
}
