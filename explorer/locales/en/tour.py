"""English strings of the guided tour (pages/tour.py)."""
STRINGS = {
    "app.nav.tour": "Guided tour",
    "tour.title": "Guided tour: from your text to the next token",
    "tour.progress": "Step {k} of {n}",
    "tour.back": "← Back",
    "tour.next": "Next →",
    "tour.col_token": "token",
    "tour.col_id": "id",
    "tour.axis_dim": "dimension",
    "tour.axis_token": "token",
    "tour.axis_neuron": "neuron",
    "tour.axis_prob": "probability",
    "tour.text.title": "Your text",
    "tour.text.text": (
        "Everything starts with the text in the sidebar. Change it at any step and the whole tour follows: every "
        "view below is this model running on your words."
    ),
    "tour.tokens.title": "Tokens",
    "tour.tokens.text": (
        "The tokenizer cuts the text into {T} tokens, the units the model reads. Its vocabulary has {V} entries; "
        "the first token of your text is `{first}`."
    ),
    "tour.ids.title": "Token ids",
    "tour.ids.text": (
        "Each token is replaced by its number in the vocabulary: `{first}` is id {first_id}. The model never sees "
        "letters, only these {T} integers."
    ),
    "tour.embedding.title": "Token embeddings",
    "tour.embedding.text": (
        "Each id picks one row of the embedding matrix [{V}, {C}]: a vector of {C} numbers per token. Related "
        "tokens get nearby vectors through training."
    ),
    "tour.embedding.chart": "Token embedding rows [{T}, {C}] (first 32 dimensions)",
    "tour.positions.title": "Positions",
    "tour.positions.text": (
        "Attention alone does not know the order of the tokens. This model's position encoding tells it: one "
        "vector per position 0..{T}−1, the same for every text."
    ),
    "tour.positions.chart": "Position embedding rows [{T}, {C}] (first 32 dimensions)",
    "tour.positions.rope": (
        "This model adds no position vector: rotary positions rotate each query and key inside attention instead."
    ),
    "tour.input.title": "The input of layer 0",
    "tour.input.text": (
        "Token embedding plus position embedding: the residual stream starts here, one vector of {C} numbers per "
        "token. Each of the {L} layers reads it and adds to it."
    ),
    "tour.input.chart": "Input of layer 0 [{T}, {C}] (first 32 dimensions)",
    "tour.scores.title": "Queries meet keys",
    "tour.scores.text": (
        "Each head turns every token into a query and a key of {hs} dimensions. The score of query i and key j is "
        "q·k / √{hs}: how much token i wants to read token j."
    ),
    "tour.scores.chart": "Layer 0, head 0: scores q·k / √d_k",
    "tour.pattern.title": "Mask and softmax",
    "tour.pattern.text": (
        "Future tokens are set to −∞ (the causal mask) and each row goes through a softmax: weights that sum to 1 "
        "over the tokens so far. This is the head's attention pattern."
    ),
    "tour.pattern.chart": "Layer 0, head 0: attention pattern",
    "tour.heads.title": "Many heads",
    "tour.heads.text": (
        "Each layer has {nh} heads, each with its own pattern: one may look at the previous token, another at the "
        "start of the word. Their outputs are concatenated."
    ),
    "tour.heads.chart": "The first layers' heads",
    "tour.values.title": "Reading the values",
    "tour.values.text": (
        "Each head reads a weighted sum of the tokens' value vectors, weighted by its pattern: {hs} numbers per "
        "token that carry information from the tokens it attends to."
    ),
    "tour.values.chart": "Layer 0, head 0: pattern @ values [T, d_k]",
    "tour.mlp.title": "The MLP",
    "tour.mlp.text": (
        "Then each token goes through the MLP on its own: {C} numbers widened to {hidden}, a non-linearity, and "
        "back to {C}. Here the tokens do not talk to each other."
    ),
    "tour.mlp.chart": "Layer 0: MLP neurons after the non-linearity (first 64)",
    "tour.residual.title": "Layer after layer",
    "tour.residual.text": (
        "Attention and MLP add their results to the residual stream, and the next layer reads the sum. After {L} "
        "layers each token's vector holds what the model has worked out about what comes next."
    ),
    "tour.residual.input": "input",
    "tour.residual.series": "last token",
    "tour.residual.chart": "Length of the last token's vector after each layer",
    "tour.residual.x": "stage",
    "tour.residual.y": "‖x‖",
    "tour.logits.title": "Logits",
    "tour.logits.text": (
        "A final norm and the unembedding turn the last token's vector into {V} logits, one score per vocabulary "
        "entry. Higher means more likely next."
    ),
    "tour.logits.chart": "The 10 largest logits at the last token",
    "tour.next.title": "The next token",
    "tour.next.text": (
        "Softmax turns the logits into probabilities. The most likely next token is {top} with probability "
        "{p:.0%}; generation samples one, appends it and runs everything again."
    ),
    "tour.next.chart": "Next-token probabilities (top 10)",
}
