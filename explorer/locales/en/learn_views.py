"""English strings of the Learn live views (explorer/ui/learn/), shared by the Questions page, the tour and the
quiz."""
STRINGS = {
    "learn.open_view": "Open this in its page",
    "learn.need_tokens": "This view needs at least {n} tokens of text.",
    # question 20
    "learn.terms.additive": (
        "Layer 0 reads x = X + P: token embedding plus position embedding. With the norm's scale fixed at this run, "
        "the query and the key each split into a content part and a position part, and q·k / √d_k into four "
        "terms and a bias term. The five heatmaps add up to the last one, the model's own scores."
    ),
    "learn.terms.rope": (
        "This model adds no position vector P (rotary positions): the four-term split does not apply. Positions "
        "rotate each query and key instead, so here the scores split into content (q·k with the rotation removed) "
        "and what the rotation changes, which depends only on the distance i − j."
    ),
    "learn.terms.none": "This model has no position encoding: every score is content-content.",
    "learn.terms.content_content": "content · content (X→X), head {head}",
    "learn.terms.content_position": "content · position (X→P)",
    "learn.terms.position_content": "position · content (P→X)",
    "learn.terms.position_position": "position · position (P→P)",
    "learn.terms.bias": "bias terms (β, b_q, b_k)",
    "learn.terms.content": "content only (no rotation), head {head}",
    "learn.terms.rotation": "what the rotation adds",
    "learn.terms.scores": "the model's scores (sum of the others)",
    "learn.terms.col_term": "term",
    "learn.terms.col_share": "share of |scores|",
    "learn.terms.check": "The terms add up to the model's scores: largest difference {diff:.2e}.",
    # question 17
    "learn.one.intro": (
        "Left: the head's real attention pattern. Middle: the same from one matrix W = W_q W_kᵀ ({C}+1 by {C}+1 "
        "with the biases), which gives exactly the same scores. Right: one matrix used on both sides, W Wᵀ, so "
        "score(i, j) = score(j, i). Two thin matrices cost {two:,} parameters; one full C x C matrix {one:,}."
    ),
    "learn.one.rope": "Rotary positions sit between the two matrices: W depends on the distance i − j.",
    "learn.one.scores": "the model's head (W_q, W_k)",
    "learn.one.one_matrix": "one matrix W = W_q W_kᵀ",
    "learn.one.symmetric": "symmetric W Wᵀ",
    "learn.one.shares": "weight on itself {self:.0%}, on the previous token {prev:.0%}",
    "learn.one.result": (
        "One matrix reproduces the scores (largest difference {diff:.1e}). The real scores are far from "
        "symmetric (‖S − Sᵀ‖ / ‖S‖ = {asym:.2f}); the symmetric version is a Gram matrix, whose cell (i, j) is at "
        "most √(s_ii · s_jj), so it leans toward each token itself and cannot say \"look at the previous token, "
        "not the next\"."
    ),
    # question 16
    "learn.content.seed": "Shuffle seed",
    "learn.content.intro": (
        "Left: the head's scores on your text. Right: the same tokens in a shuffled order, at the same positions. "
        "A learned score matrix A would be identical for both; q·k follows the tokens."
    ),
    "learn.content.yours": "scores on your text",
    "learn.content.shuffled": "scores on the shuffled tokens",
    "learn.content.result": "The scores changed by {change:.0%} (‖S_shuffled − S‖ / ‖S‖).",
    # question 11
    "learn.rank.intro": (
        "W_q W_kᵀ of this head is a {C} x {C} matrix, but only {hs} of its singular values are non-zero (rank "
        "{rank}): the score asks a question of d_k = {hs} dimensions. Stored as two thin matrices it costs "
        "{thin:,} parameters instead of {full:,}."
    ),
    "learn.rank.series": "singular value",
    "learn.rank.title": "Singular values of W_q W_kᵀ, layer {layer} head {head} ({C} of them)",
    "learn.rank.x": "index",
    "learn.rank.y": "singular value (log)",
    # question 19
    "learn.cross.intro": (
        "The same head, the same weights, twice. Self-attention: queries, keys and values from your text, with the "
        "causal mask. Cross-attention: queries from your text, keys and values from another text, no mask, as an "
        "encoder-decoder's decoder reads its encoder."
    ),
    "learn.cross.other": "The other text (keys and values)",
    "learn.cross.empty": "The other text has no token this model knows.",
    "learn.cross.self": "self-attention: your text → your text",
    "learn.cross.cross": "cross-attention: your text → the other text",
    "learn.cross.keys": "key (other text)",
    "learn.cross.queries": "query (your text)",
    "learn.cross.weight": "weight",
    "learn.cross.result": "{Tq} queries, {Tk} keys: each row still sums to 1, and nothing is masked.",
    # question 5
    "learn.arch.pos.learned": "learned positions",
    "learn.arch.pos.sinusoidal": "sinusoidal positions",
    "learn.arch.pos.rope": "rotary positions in attention",
    "learn.arch.pos.none": "no positions",
    "learn.arch.encoder": "encoder (BERT)",
    "learn.arch.decoder": "decoder of an encoder-decoder (T5)",
    "learn.arch.this": "decoder-only: this model",
    "learn.arch.embed": "embedding + positions",
    "learn.arch.self": "self-attention (no mask)",
    "learn.arch.ffn": "feed-forward",
    "learn.arch.masked": "masked self-attention",
    "learn.arch.cross": "cross-attention (reads the encoder)",
    "learn.arch.embed_this": "embedding, {pos}",
    "learn.arch.masked_this": "{norm} → masked self-attention",
    "learn.arch.ffn_this": "{norm} → MLP ({act})",
    "learn.arch.head": "final norm → lm_head → next token",
    "learn.arch.times": "block × {n}",
    "learn.arch.title": "Three transformer layouts; the loaded model's is outlined",
    "learn.arch.explain": (
        "This model stacks {L} blocks, each masked self-attention ({nh} heads) and an MLP on a width of {C}, each "
        "with a residual connection and a norm. That block is the transformer; only the cross-attention is gone."
    ),
    # question 21
    "learn.ablate.intro": (
        "Take one piece out of the model and run your text again: the loss of predicting each next token, and the "
        "mean length of the residual stream after each layer."
    ),
    "learn.ablate.what": "Remove",
    "learn.ablate.attn_residual": "the residual connection around attention",
    "learn.ablate.mlp_residual": "the residual connection around the MLP",
    "learn.ablate.ln_1": "the norm before attention",
    "learn.ablate.ln_2": "the norm before the MLP",
    "learn.ablate.ln_f": "the final norm",
    "learn.ablate.loss_before": "loss, whole model",
    "learn.ablate.loss_after": "loss, piece removed",
    "learn.ablate.series_before": "whole model",
    "learn.ablate.series_after": "piece removed",
    "learn.ablate.norm_title": "Size of the residual stream after each layer",
    "learn.ablate.norm_y": "mean ‖x‖ (log)",
    "learn.ablate.why.residual": (
        "Without the residual connection the layer's output replaces its input: everything earlier layers wrote "
        "is lost, and in training the gradient would have to pass through every layer instead of around it."
    ),
    "learn.ablate.why.norm": (
        "Without the norm the layer reads the raw residual stream, whose scale grows with depth and differs from "
        "token to token: the weights were trained for a steady scale, and the prediction suffers."
    ),
    # question 22
    "learn.xor.intro": (
        "XOR is 1 when exactly one input is 1. Left: a perceptron (one straight boundary). Right: an MLP with one "
        "hidden layer of tanh units. Both are trained here, on the four points, by gradient descent."
    ),
    "learn.xor.hidden": "Hidden units",
    "learn.xor.seed": "Seed",
    "learn.xor.class0": "XOR = 0",
    "learn.xor.class1": "XOR = 1",
    "learn.xor.perceptron": "perceptron: {acc:.0%} right",
    "learn.xor.mlp": "MLP with {hidden} hidden units: {acc:.0%} right",
    "learn.xor.accuracy": "accuracy on the four points",
    "learn.xor.why": (
        "A line can put at most three of the four points on their correct side. The hidden layer maps the points "
        "to a space where one line suffices, and that line, mapped back, is the curved boundary on the right."
    ),
    # question 4
    "learn.same.intro": (
        "Your text and another text, cut to the same length. Per position: how alike their position vectors, "
        "their token embeddings and their summed inputs are (cosine, 1 = same direction)."
    ),
    "learn.same.other": "The other text",
    "learn.same.rope": "This model adds no position vector (rotary or none): only the tokens enter the input.",
    "learn.same.pos": "position vectors",
    "learn.same.tok": "token embeddings",
    "learn.same.input": "input (token + position)",
    "learn.same.title": "Cosine between the two texts, {T} positions",
    "learn.same.x": "position",
    "learn.same.y": "cosine",
    "learn.same.stage_input": "input",
    "learn.same.series_stage": "mean cosine",
    "learn.same.stage_title": "How alike the two texts stay through the layers",
    "learn.same.stage_x": "layer",
    "learn.same.result": (
        "Over {T} positions the token embeddings have a mean cosine of {tok:.2f}; after the last layer the two "
        "texts' residual streams are at {last:.2f}. Identical positions do not make the texts alike."
    ),
    # question 12
    "learn.unembed.intro": (
        "At the last of your {T} tokens, lm_head turns the vector [{C}] into {V} logits [V = {V}], one per "
        "vocabulary entry; softmax makes them probabilities that sum to {total:.4f}."
    ),
    "learn.unembed.title": "The most likely next tokens",
    "learn.unembed.x": "token",
    "learn.unembed.y": "probability",
    "learn.unembed.tied": (
        "Tied: the unembedding is the embedding matrix, so a token's logit is the dot product of the final vector "
        "with that token's own embedding row (recomputed: largest difference {diff:.1e}); tying saves {saved:,} "
        "parameters."
    ),
    "learn.unembed.untied": (
        "Not tied: this model has its own unembedding matrix [{V}, {C}], next to the embedding matrix of the same "
        "shape."
    ),
}
