"""English strings of the What if… page (pages/what_if.py)."""
STRINGS = {
    "what_if.title": "What if…",
    "what_if.intro": (
        "Change one thing inside the real model and run it again on your text: switch off attention heads, remove "
        "the causal mask or the 1/√d_k scale, change the sampling temperature, or scramble the position vectors. "
        "Each tab compares the two runs: the next-token probabilities after your last token, and the loss on your "
        "text (how well the model predicts each of its next tokens)."
    ),
    "what_if.pick": "Choose what to change",
    "what_if.tab.heads": "Ablate heads",
    "what_if.tab.mask": "Remove the causal mask",
    "what_if.tab.scale": "Remove ÷ √d_k",
    "what_if.tab.temperature": "Temperature",
    "what_if.tab.positions": "Scramble positions",
    "what_if.layer": "Layer",
    "what_if.head": "Head",
    "what_if.layer_axis": "layer",
    "what_if.head_axis": "head",
    "what_if.source.shakespeare": "the training split of Tiny Shakespeare",
    "what_if.source.task": "a fresh sample of the model's training task",
    "what_if.source.input": "your text (the model's training text is not available here)",
    # ---- before / after
    "what_if.cmp.before": "as trained",
    "what_if.cmp.loss_before": "loss, as trained",
    "what_if.cmp.loss_after": "loss, after",
    "what_if.cmp.top1_changed": "top prediction changed",
    "what_if.cmp.kl": "KL at the last token (nats)",
    "what_if.cmp.one_token": "One token: nothing inside the text to predict, so no loss.",
    "what_if.cmp.bars_title": "next token after '{last}': as trained vs after [V={V}]",
    "what_if.cmp.prob": "probability",
    "what_if.cmp.per_pos_title": "loss at each position, as trained vs after [T−1={n}]",
    "what_if.cmp.per_pos_x": "position t (predicting token t+1)",
    "what_if.cmp.per_pos_y": "cross-entropy (nats)",
    "what_if.cmp.caption": (
        "Bars: softmax(`hook_logits` [T={T}, V={V}]) at the last position ('{last}') in both runs, on the union of "
        "their top candidates; top prediction '{top_before}' → '{top_after}'. Loss: mean cross-entropy of "
        "predicting each next token of your text ({n} predictions), in nats; lower is better, and a uniform guess "
        "scores ln V = {lnv:.2f}. \"Top prediction changed\" counts the positions whose most likely next token "
        "differs; KL(as trained ‖ after) says how far the last position's distribution moved."
    ),
    # ---- heads
    "what_if.heads.intro": (
        "**Multi-head attention, concretely.** Each layer splits its C = {C} dimensions into nh = {nh} heads of "
        "d_k = C / nh = {hs}: every head has its own slice of W_q, W_k and W_v, computes its own attention pattern "
        "and its own output z [T, {hs}]; the heads' outputs are concatenated back to [T, {C}] and mixed by W_O "
        "(c_proj). Heads cost no extra parameters — more heads means narrower ones — so their number trades many "
        "specialised patterns against enough width per pattern. **Ablating** a head sets its z to 0 before W_O, "
        "so its contribution to the residual stream disappears (c_proj's bias stays). This model has {L} layers × "
        "{nh} heads.{gqa}"
    ),
    "what_if.heads.gqa": (
        " Under this model's grouped-query attention only the queries are per head: its {nkv} key/value heads are "
        "each shared by {g} query heads, so ablating one query head leaves the keys and values its partners read "
        "untouched."
    ),
    "what_if.heads.pick": "Heads to ablate",
    "what_if.heads.none": "Pick one or more heads to switch off.",
    "what_if.heads.after": "without {heads}",
    "what_if.heads.z_title": "largest change of each head's output z [L={L}, nh={nh}]",
    "what_if.heads.z_caption": (
        "max |z<sub>after</sub> − z<sub>before</sub>| per head, from `attn.hook_z` [nh, T={T}, hs={hs}] of every "
        "layer [L={L}, nh={nh}]. An ablated head's change is its whole output (now 0). Every head before layer "
        "{first}, and the other heads of layer {first}, change by exactly 0: their input is the same. Heads in "
        "later layers read a residual stream that lost the ablated output, so they change too."
    ),
    # ---- mask
    "what_if.mask.intro": (
        "**Where the mask acts: training and inference alike.** In training, one forward pass makes T predictions "
        "at once; the mask makes prediction t depend on tokens 0…t only, so the T predictions are T honest "
        "exercises computed in parallel. At inference the model must see the same kind of input it was trained "
        "on, so the mask stays (and it is what lets a key/value cache reuse the earlier positions when a token is "
        "appended). An RNN needs no mask: it reads one token after another, so the future has not arrived yet; a "
        "transformer sees the whole sequence at once and must hide the future explicitly — by setting those "
        "scores to −∞ *before* softmax, so that e<sup>−∞</sup> = 0 and each row still sums to 1. Below, the mask "
        "is removed in every layer of this model."
    ),
    "what_if.mask.pattern_title": "L{layer} H{head} pattern without the mask [T={T}, T={T}]",
    "what_if.mask.future": "future →",
    "what_if.mask.pattern_caption": (
        "`transformer.h.{layer}.attn.hook_pattern`, head {head}, from a run with the mask removed in every layer "
        "[T={T}, T={T}]: right of the dashed diagonal is weight on later tokens — {future:.0%} of all weight."
    ),
    "what_if.mask.after": "without the mask",
    "what_if.mask.train_header": "On a training batch",
    "what_if.mask.no_batch": "The text is too short for a batch.",
    "what_if.mask.loss_masked": "loss with the mask",
    "what_if.mask.loss_unmasked": "loss without the mask",
    "what_if.mask.train_caption": (
        "One fixed batch [B={B}, T={T}] from {source}; mean next-token cross-entropy in nats."
    ),
    "what_if.mask.train_text_up": (
        "The loss **rises** ({masked:.3f} → {unmasked:.3f}), although the answers are now in plain view. This model "
        "was trained with the mask, so none of its heads ever learned to look ahead: without the mask each row "
        "just spreads part of its weight over later tokens it has no use for, and every later layer receives "
        "inputs unlike any it was trained on. Reading the future only pays for a model trained to read it — the "
        "experiment below trains one."
    ),
    "what_if.mask.train_text_down": (
        "The loss **drops** ({masked:.3f} → {unmasked:.3f}): with the future in view, the model can partly read "
        "the tokens it is asked to predict — it cheats."
    ),
    "what_if.mask.cheat_header": "Trained without the mask, a model cheats",
    "what_if.mask.cheat_intro": (
        "The button trains two tiny transformers (1 layer, 2 heads, d_model 32, rotary positions, context 32) for "
        "{steps} steps on the same text, one with the mask and one without. The one without can see token t+1 "
        "while it predicts token t+1 — and learns to copy it."
    ),
    "what_if.mask.cheat_button": "Train both ({steps} steps each, a few seconds)",
    "what_if.mask.cheat_spinner": "Training two tiny models…",
    "what_if.mask.cheat_too_short": "The text is too short to train on (it needs more than 33 tokens).",
    "what_if.mask.cheat_with": "trained with the mask",
    "what_if.mask.cheat_without": "trained without the mask",
    "what_if.mask.cheat_title": "training loss of two tiny models, {steps} steps",
    "what_if.mask.step": "step",
    "what_if.mask.train_loss": "training loss (nats)",
    "what_if.mask.col_model": "model",
    "what_if.mask.col_eval_masked": "loss, evaluated with the mask",
    "what_if.mask.col_eval_unmasked": "loss, evaluated without the mask",
    "what_if.mask.cheat_pattern_title": "the cheater's head {head} on a training window [T={T}, T={T}]",
    "what_if.mask.cheat_caption": (
        "Trained on {source}. Head {head} of the model trained without the mask puts {share:.0%} of each row's "
        "weight on key i+1 — the very token it has to predict. Its training loss ends near {cheat:.2f} while the "
        "honest model's is {honest:.2f}. Put the mask back and the cheater scores {broken:.2f}: what it learned is "
        "useless when the future is missing — as in generation, where the next token does not exist yet."
    ),
    # ---- scale
    "what_if.scale.intro": (
        "Without the 1/√d_k factor every score is √{hs} ≈ {sqrt:.1f} times larger (d_k = {hs}), in every layer. "
        "Softmax rows get sharper, closer to one-hot, and every later layer receives inputs it was not trained on."
    ),
    "what_if.scale.after": "without ÷√d_k",
    "what_if.scale.entropy_title": "mean row entropy per layer, averaged over the {nh} heads [L={L}]",
    "what_if.scale.entropy_y": "entropy (nats)",
    "what_if.scale.entropy_caption": (
        "From `attn.hook_pattern` [nh={nh}, T={T}, T={T}] of each layer in both runs; rows 1…T−1 (row 0 can only "
        "attend to itself). Lower = sharper."
    ),
    # ---- temperature
    "what_if.temp.intro": (
        "Temperature divides the logits before the softmax: p = softmax(z / τ). It acts after the model, so the "
        "activations are untouched and so is the **ranking** of next tokens — the most likely one stays the most "
        "likely (\"top prediction changed\" is always 0%). τ < 1 sharpens the distribution, τ > 1 flattens it "
        "towards uniform. The loss shows how well the sharpened or flattened probabilities still fit what really "
        "came next."
    ),
    "what_if.temp.slider": "Temperature τ",
    "what_if.temp.after": "τ = {tau:g}",
    "what_if.temp.curve": "loss on your text",
    "what_if.temp.curve_title": "loss on your text against τ [{n} predictions]",
    "what_if.temp.curve_caption": (
        "Lowest at τ = {best:.2f} ({loss:.3f} nats); at τ = 1, the model as trained, {one:.3f}. Training minimises "
        "this loss at τ = 1, so on text like the training data the minimum sits close to 1."
    ),
    # ---- positions
    "what_if.pos.intro": (
        "The position vectors are shuffled (a fixed random permutation: token t receives the vector of another "
        "position) or zeroed; the tokens stay where they are. The Concept labs page shows what these vectors are."
    ),
    "what_if.pos.not_applicable": (
        "This model's positions ({pos}) are not an added vector, so they cannot be shuffled or zeroed."
    ),
    "what_if.pos.rope": (
        "This model's positions are rotary (RoPE): there is no position vector to shuffle or zero. Position acts "
        "inside every attention layer as a rotation of q and k by their position (the Embeddings page draws it), "
        "so only the order of the tokens themselves could be changed, and that would change the text."
    ),
    "what_if.pos.mode": "Position vectors",
    "what_if.pos.shuffle": "shuffled",
    "what_if.pos.zero": "zeroed",
    "what_if.pos.seed": "Permutation seed",
    "what_if.pos.after_shuffle": "positions shuffled",
    "what_if.pos.after_zero": "positions zeroed",
}
