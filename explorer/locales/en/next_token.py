"""English strings of the Next token page (pages/next_token.py)."""
STRINGS = {
    "next_token.title": "Next token",
    "next_token.what": (
        "**What am I looking at?** The logits `hook_logits` [T={T}, V={V}] of one forward pass over your text "
        "and their softmax, the probabilities [T={T}, V={V}]: row t scores every one of the V={V} vocabulary "
        "entries as the token after position t. The bars show one row (the last by default — the only one "
        "generation uses), how temperature, top-k and top-p reshape it before a token is drawn, the text the "
        "model writes one token at a time, and, with the logit lens, the same row decoded after each of the {L} "
        "blocks."
    ),
    "next_token.concept_link": "Training scores all {T} rows at once (one loss per position): the Train page",
    "next_token.position": "Predict the token after position",
    "next_token.position_help": (
        "The last position is what generation uses; earlier ones show what the model predicted inside your "
        "text."
    ),
    "next_token.temperature": "Temperature τ",
    "next_token.temperature_help": "Divides the logits before softmax. 0 = greedy (always the most likely token).",
    "next_token.top_k": "top-k (0 = off)",
    "next_token.top_k_help": "Keep only the k most likely tokens.",
    "next_token.top_p": "top-p (1.0 = off)",
    "next_token.top_p_help": "Keep the most likely tokens until their probability adds up to p.",
    "next_token.k_show": "Bars to show",
    "next_token.dist_header": "The distribution after position {pos} {label}",
    "next_token.dist_caption": (
        "softmax of hook_logits[{pos}] — one row [V={V}] of the logits [T={T}, V={V}] of one forward pass. "
        "Light bars: raw softmax (τ = 1, no filter); dark bars: the distribution actually sampled from "
        "({settings}). Sorted by raw probability; top {k} of {V} shown."
    ),
    "next_token.survivors": "Tokens that survive the filters",
    "next_token.entropy_raw": "Entropy, raw softmax",
    "next_token.entropy_filtered": "Entropy, after filters",
    "next_token.entropy_help": (
        "H = −Σ p ln p in nats (÷ ln 2 for bits); e^H = how many equally likely choices it is worth."
    ),
    "next_token.entropy_value": "{nats:.3f} nats",
    "next_token.entropy_delta": "{bits:.2f} bits · ≈ {eff:.1f} choices",
    "next_token.actual_next": (
        "In your text position {pos} is followed by **{token}**: the model gave it **p = {raw:.4f}** (rank "
        "{rank} of {V}); after the filters **p = {filtered:.4f}**.{never}"
    ),
    "next_token.actual_never": " These settings could never have produced it.",
    "next_token.last_position": (
        "This is the last position: the text does not say what comes next — that is what generation (below) "
        "samples."
    ),
    "next_token.numbers_expander": "The numbers: logits → softmax",
    "next_token.why_softmax": (
        "**Why softmax.** Logits are unbounded real numbers of any sign. Softmax, p_i = exp(z_i) / Σ_j "
        "exp(z_j), makes every value positive and the V values sum to 1, keeps their order (a larger logit "
        "always gets a larger probability) and depends only on differences: adding one constant to every logit "
        "changes nothing. Training minimises −ln p of the true next token (cross-entropy), so the logits are "
        "learned to be log-probabilities up to that constant."
    ),
    "next_token.filters": (
        "**Temperature τ** divides the logits before softmax: τ < 1 sharpens the distribution (the top token "
        "gains), τ > 1 flattens it toward uniform, τ = 0 is greedy (all mass on the most likely token). It "
        "never changes the order. **Top-k** then keeps the k largest logits (the others become −∞, probability "
        "0). **Top-p** (nucleus) then keeps the most likely tokens until their probability reaches p — the top "
        "token always survives. After each filter the survivors are renormalised to sum to 1. This is the order "
        "`gpt_core.sampling.filtered_probs` applies them, and the dark bars are its output."
    ),
    "next_token.forward_header": "One forward pass, T predictions",
    "next_token.forward": (
        "The model reads all T tokens at once, and because of the causal mask position t sees only tokens 0…t. "
        "So the logits [T, V] hold T next-token predictions, one per position, from a single pass. Training "
        "uses every one of them: the targets are the text shifted by one, giving T cross-entropy losses per "
        "sequence. Generation keeps only the last row, samples a token, appends it and runs the model again. "
        "The chart shows, for each position of your text, the probability the model gave the token that really "
        "follows; dark bars mark positions where its top guess was right."
    ),
    "next_token.forward_caption": (
        "probs [T={T}, V={V}] (softmax of hook_logits) read at the actual next token for positions 0…{last}: "
        "{T1} checkable predictions. Mean −ln p = {loss:.3f} nats (the loss this text would add in training; "
        "uniform guessing gives ln V = {uniform:.3f}); top guess right at {hits} of {T1} positions."
    ),
    "next_token.forward_single": "The text has a single token, so there is no next token inside it to check against.",
    "next_token.generate_header": "Generate",
    "next_token.generate": (
        "**Next step** runs the model on the input plus what has been generated so far (cropped to the last "
        "block_size = {block} tokens), keeps only the last position's logits, applies the settings above and "
        "draws ONE token with a random generator seeded by *seed*. The generator's state is kept between steps, "
        "so after **Reset**, pressing Next step N times gives exactly the tokens of **Generate N** with the "
        "same seed and settings (that button calls `model.generate`, starting a fresh run from the seed). "
        "Change the seed for a different sample; at temperature 0 the seed makes no difference."
    ),
    "next_token.seed": "Seed",
    "next_token.n_tokens": "N",
    "next_token.next_step": "Next step",
    "next_token.generate_n": "Generate N",
    "next_token.reset": "Reset",
    "next_token.accept": "Accept into input text",
    "next_token.accept_help": "Append the generated text to the shared input text in the sidebar.",
    "next_token.accept_too_long": "The input text would exceed {max} characters.",
    "next_token.generating": "Sampling {n} tokens…",
    "next_token.generated": "Appended {n} tokens with model.generate(seed={seed}, {settings}).",
    "next_token.reseeded": "The seed changed: the sampler restarted from seed {seed}.",
    "next_token.continuation_caption": (
        "Grey: the input as the model reads it; red: {n} generated token(s). The model only ever sees the last "
        "{block} tokens of this."
    ),
    "next_token.step_header": "Step {n}: sampled {token}",
    "next_token.step_caption": (
        "The distribution of step {n}: softmax of the last-position logits [V={V}] for a context of {ctx} "
        "tokens, light raw, dark after {settings}; {survivors} of {V} tokens could be drawn. The sampled token "
        "(outlined, ▶) had raw p = {raw:.4f} and was drawn with p = {filtered:.4f}."
    ),
    "next_token.lens_header": "Layer by layer: the logit lens",
    "next_token.lens": (
        "Each block adds its output to the residual stream. Decoding the stream after the embeddings and after "
        "every block with the model's own final {norm} and lm_head (`gpt_core.interp.lens.logit_lens`) shows "
        "what the model would predict if it stopped there. The last row is after the last block — the model's "
        "real prediction, the same numbers as the light bars above."
    ),
    "next_token.lens_caption": (
        "ln_f → lm_head → softmax applied to the residual stream [L+1={rows}, C={C}] at position {pos} {label}; "
        "top {k} tokens per row."
    ),
    "next_token.lens_tied": (
        "**Why the embedding row names the current token.** This model's unembedding is tied: `lm_head.weight` "
        "*is* `wte.weight`. The embedding row is the token's own vector{plus_pos} read back through "
        "ln_f and that same matrix, so its logits are dot products with every token's embedding — usually largest "
        "for the token itself. That row therefore shows what the stream holds, {label}, not a guess at the next "
        "token; the blocks above are what move it toward a prediction."
    ),
    "next_token.lens_plus_pos": " (plus its position's)",
    "next_token.position_option": "{i}: {label}",
    "next_token.highlight_actual": "actual next",
    "next_token.highlight_sampled": "sampled",
    "next_token.bars_title": "next-token probabilities after position {pos} [top {k} of V={V}]",
    "next_token.step_bars_title": "step {n}: next-token probabilities [top {k} of V={V}]",
    "next_token.survivors_value": "{n} of {V}",
    "next_token.settings.temperature": "temperature {tau:g}",
    "next_token.settings.greedy": "temperature 0 (greedy)",
    "next_token.settings.top_k": "top-k {k}",
    "next_token.settings.top_k_off": "top-k off",
    "next_token.settings.top_p": "top-p {p:g}",
    "next_token.settings.top_p_off": "top-p off",
    "next_token.settings.join": ", ",
    "next_token.lens_title": "logit lens at position {pos} [L+1={rows}, top {k}]",
    "next_token.lens_stage.embedding": "embedding",
    "next_token.lens_stage.after": "after block {i}",
    "next_token.col.rank": "rank",
    "next_token.col.id": "id",
    "next_token.col.token": "token",
    "next_token.col.logit": "logit",
    "next_token.col.logit_temperature": "logit / temperature",
    "next_token.col.softmax_raw": "softmax (raw)",
    "next_token.col.after_filters": "after filters",
}
