"""English strings of the Questions page (pages/questions.py): the 24 questions and their short answers."""
STRINGS = {
    "app.nav.questions": "Questions",
    "questions.title": "Questions learners ask",
    "questions.intro": (
        "Twenty-four questions people ask when they first meet a transformer. Each has a short answer and a live "
        "view of the loaded model on your text: drawn right here, or opened on the page that shows it."
    ),
    "questions.pick": "Question",
    "questions.elsewhere": "The live view is on another page: {page}.",
    "questions.q1": "Every input gets positions 0..T-1: what tells inputs apart?",
    "questions.a1": (
        "The token embeddings. The position rows are the same for every text of a given length; the input of "
        "layer 0 is token embedding + position embedding, so two texts differ exactly where their tokens differ."
    ),
    "questions.q2": "Why a learned position embedding, not the integer index?",
    "questions.a2": (
        "An integer is one growing number: position 100 would be 100 times position 1 and swamp the token. A "
        "learned row per position is a vector of the same size as a token embedding, and the model chooses how "
        "nearby positions relate."
    ),
    "questions.q3": "Why does the position embedding not depend on the content?",
    "questions.a3": (
        "It is a lookup by position alone: row t of a table. Content and position are added, and every layer "
        "after that mixes them; keeping the table content-free lets one table serve every text."
    ),
    "questions.q4": "Equal-length sentences get identical position vectors: are they similar?",
    "questions.a4": (
        "Only in that one part. Their position rows are identical (cosine 1), but the token embeddings differ, so "
        "the inputs differ, and the layers pull them further apart. The view compares your text with another of "
        "the same length."
    ),
    "questions.q5": "GPT keeps only the decoder: why is it still a transformer?",
    "questions.a5": (
        "A transformer is the block, not the encoder-decoder pair: self-attention and a feed-forward network, each "
        "with a residual connection and a norm, stacked. A decoder-only model keeps the masked self-attention and "
        "the feed-forward network and drops only the cross-attention, which has no encoder to read."
    ),
    "questions.q6": "What does the feed-forward network add; why 4x wider; why ReLU or GELU?",
    "questions.a6": (
        "Attention only mixes tokens with weights that sum to one; the MLP transforms each token on its own, and "
        "its non-linearity is what lets the model compute more than weighted averages. The wider hidden layer "
        "gives room for many features; 4x is GPT-2's choice, not a law."
    ),
    "questions.q7": "What is multi-head attention concretely; d_k = d_model / h; how many heads?",
    "questions.a7": (
        "The width C is split into h heads of C / h dimensions; each head has its own query, key and value and its "
        "own pattern, and their outputs are concatenated. The Attention page shows every head of every layer."
    ),
    "questions.q8": "Is the causal mask used in training, inference or both; how is that unlike an RNN?",
    "questions.a8": (
        "Both. In training it lets all T positions learn at once without seeing the future; at inference it "
        "keeps the same computation. An RNN reads one token after another; the transformer reads all of them in "
        "parallel and the mask alone enforces the order."
    ),
    "questions.q9": "How does a token id become a vector; is the embedding matrix part of the model?",
    "questions.a9": (
        "The id picks one row of the embedding matrix [V, C] (the same as multiplying a one-hot vector by it). "
        "The matrix is a parameter of the model, trained with everything else."
    ),
    "questions.q10": "In the MLP tokens do not talk to each other: so what does it do?",
    "questions.a10": (
        "It reads directions in each token's residual stream and writes others back: neurons that fire on "
        "patterns and push the prediction toward some tokens. In high dimension many nearly orthogonal "
        "directions fit, so it can store a lot."
    ),
    "questions.q11": "Why project queries and keys into a smaller space?",
    "questions.a11": (
        "The score only needs q·k, and W_q W_kᵀ has rank at most d_k whatever C is. Thin W_q and W_k cost "
        "2·C·d_k parameters instead of C² and leave room for several heads, each with its own low-rank question."
    ),
    "questions.q12": "Why do the unembedding's outputs become probabilities; what shape; why tie them?",
    "questions.a12": (
        "lm_head maps each position's vector [C] to one score per vocabulary entry [V] (the logits); softmax "
        "turns them into probabilities that sum to 1. Tying uses the embedding matrix again: the score of a token "
        "is the dot product with that token's own embedding, and V·C parameters are saved."
    ),
    "questions.q13": "Why divide by sqrt(d_k)?",
    "questions.a13": (
        "A dot product of d_k independent unit-variance parts has variance d_k; dividing by √d_k brings the "
        "scores back to variance 1, so the softmax does not saturate into one-hot rows with vanishing gradients."
    ),
    "questions.q14": "Why set the future to -inf before softmax instead of zeroing it afterwards?",
    "questions.a14": (
        "exp(-inf) = 0, so the softmax spreads the whole weight over the visible tokens and each row still sums "
        "to 1. Zeroing afterwards leaves rows that sum to less than 1, and the future still shaped the weights."
    ),
    "questions.q15": "A forward pass predicts T next tokens; generation keeps only the last: why compute the rest?",
    "questions.a15": (
        "In training every position's prediction is a lesson: T losses from one pass. In generation the earlier "
        "positions' keys and values are still needed (a KV cache keeps them); only their predictions are unused."
    ),
    "questions.q16": "Why not learn the attention score matrix directly?",
    "questions.a16": (
        "A learned T x T matrix would be the same for every text: position i would always look at the same "
        "places. X W_q W_kᵀ Xᵀ is a quadratic form in the content, so the pattern follows the tokens. The view "
        "shuffles your tokens and the head's scores change."
    ),
    "questions.q17": "Why two matrices W_q and W_k, not one?",
    "questions.a17": (
        "One matrix W = W_q W_kᵀ computes exactly the same scores (the view checks it); the two thin factors are "
        "cheaper. But using one matrix on both sides, X W Wᵀ Xᵀ, makes the scores symmetric: i would look at j "
        "as much as j at i, and a token would favour itself, which a previous-token head cannot afford."
    ),
    "questions.q18": "Token ids vs one-hot vs dense embeddings: what can each express?",
    "questions.a18": (
        "An id is a name with a false order (5 is not between 4 and 6 in meaning). One-hot removes the order but "
        "every pair of tokens is equally far apart. A dense embedding puts related tokens near each other in "
        "few dimensions."
    ),
    "questions.q19": "Self-attention vs cross-attention; encoder-only, decoder-only, encoder-decoder.",
    "questions.a19": (
        "Same code, different inputs: self-attention takes queries, keys and values from one sequence; "
        "cross-attention takes queries from one and keys and values from another (a decoder reading its "
        "encoder). The view runs this model's head both ways."
    ),
    "questions.q20": "Absolute vs relative position: what does (X+P) W_q W_kᵀ (X+P)ᵀ split into?",
    "questions.a20": (
        "Four terms: content-content, content-position, position-content and position-position (plus the "
        "biases). The view computes each on your text in layer 0; they add up to the model's scores. Rotary "
        "models add no P: they rotate q and k, which makes the score depend on the distance i−j."
    ),
    "questions.q21": "What do residual connections and LayerNorm buy?",
    "questions.a21": (
        "The residual stream carries each layer's input forward untouched, so a layer only adds a correction and "
        "gradients reach early layers; the norm keeps the scale each layer reads steady. Take one out and watch "
        "the loss and the residual stream's size."
    ),
    "questions.q22": "Perceptron, XOR and decision boundaries: why a hidden layer?",
    "questions.a22": (
        "A perceptron draws one straight line, and no line puts (0,1), (1,0) on one side and (0,0), (1,1) on the "
        "other. A hidden layer bends the space first; the view trains both on the four points."
    ),
    "questions.q23": "Two ways to read a matrix-vector product.",
    "questions.a23": (
        "Rows: each output is the dot product of one row with the vector. Columns: the output is a weighted sum "
        "of the columns, weighted by the vector's entries. The lab shows both on one row of q Kᵀ."
    ),
    "questions.q24": "Scale: GPT-3 has 12288-dim embeddings, ~50k vocabulary, 96 layers, ~175B parameters.",
    "questions.a24": (
        "About 12·L·C² parameters sit in the blocks (4C² in attention, 8C² in the MLP): 12 · 96 · 12288² ≈ 174B, "
        "and the embedding adds V·C ≈ 0.6B. The parameter calculator computes it for any configuration."
    ),
    "questions.view.overview": "Overview",
    "questions.view.tokenization": "Tokenization",
    "questions.view.embeddings": "Embeddings",
    "questions.view.embeddings.pos": "Embeddings (position embedding)",
    "questions.view.attention": "Attention",
    "questions.view.softmax": "Softmax & mask",
    "questions.view.next_token": "Next token",
    "questions.view.attribution.dla": "Why this prediction? (logit attribution)",
    "questions.view.attribution.neurons": "Why this prediction? (MLP neurons)",
    "questions.view.labs.positions": "Concept labs (position encodings)",
    "questions.view.labs.scaling": "Concept labs (why ÷ √d_k)",
    "questions.view.labs.mlp": "Concept labs (MLP)",
    "questions.view.labs.params": "Concept labs (parameter calculator)",
    "questions.view.labs.matmul": "Concept labs (two views of matmul)",
    "questions.view.what_if.mask": "What if… (no causal mask)",
    "questions.view.what_if.heads": "What if… (ablate heads)",
    "questions.view.show_math": "Show the math",
}
