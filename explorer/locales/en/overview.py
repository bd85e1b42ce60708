"""English strings of the Overview page (pages/overview.py)."""
STRINGS = {
    "overview.title": "Overview: from your text to the next token",
    "overview.what": (
        "**What am I looking at?** One forward pass of the loaded model over your text, as a chain of tensors: "
        "the token ids [1, T={T}] become the residual stream [1, T={T}, C={C}], each of the {L} identical "
        "blocks adds its attention output and then its MLP output to that stream, and the final {norm} and "
        "lm_head turn it into logits [1, T={T}, V={V}]. "
        "Softmax of the last logits row, a distribution over all V={V} tokens, is the model's guess for what "
        "comes next; the shapes in the diagram are read from this run, and the {total:,} parameters that "
        "produce them are counted at the bottom."
    ),
    "overview.concept_link": "Concept labs: the parameter count of any GPT shape, GPT-3 included",
    "overview.symbols": (
        "Shape letters: **B** = batch (1 text) · **T** = {T} tokens · **C** = n_embd {C} · **nh** = {nh} heads · "
        "**hs** = head size C/nh = {hs} · **V** = vocabulary {V} · **L** = {L} layers · **H** = MLP hidden width "
        "{hidden}{nkv}"
    ),
    "overview.symbols_nkv": " · **nkv** = {nkv} key/value heads (grouped-query attention)",
    "overview.guess_intro": "After your text, the model's top guesses for the next token are:",
    "overview.guess_link": "See the full distribution, temperature and sampling on the Next token page",
    "overview.flow_header": "The data flow",
    "overview.flow_caption": (
        "Shapes are read from this run's activations (batch dimension B = 1 shown): ids [1, T={T}] → residual "
        "stream [1, T, C={C}] → attention pattern [1, nh={nh}, T, T] and MLP hidden [1, T, H={hidden}] inside "
        "each block → logits [1, T, V={V}]. Only the last position's logits row becomes the next-token "
        "distribution [V={V}]; the other T-1 rows are predictions for text you already typed (used in training)."
    ),
    "overview.params_header": "Where the parameters are",
    "overview.params_caption": (
        "model.named_parameters() grouped by component [{n} components]; the total {total:,} equals "
        "model.num_parameters(). {tied}"
    ),
    "overview.tied": (
        "lm_head is tied to the token embedding (logits = h @ wteᵀ), so that one [V, C] matrix is counted once."
    ),
    "overview.untied": "lm_head has its own [V, C] weight (not tied to wte).",
    "overview.gpt3": (
        "The same counting rules for GPT-3's shape (L 96, C 12288, V 50257, context 2048) give {n:,} ≈ "
        "{billions:.0f} billion parameters, about {ratio:,.0f} times this model."
    ),
    "overview.col.component": "component",
    "overview.col.parameters": "parameters",
    "overview.col.share": "share",
    "overview.col.formula": "formula",
    "overview.col.tensors": "tensors",
    "overview.note.wpe.sinusoidal": "a fixed sin/cos table (a buffer, not trained)",
    "overview.note.wpe.rope": "rotary positions rotate q and k: no table",
    "overview.note.wpe.none": "no position information",
    "overview.note.layernorm.bias": "weight + bias",
    "overview.note.layernorm.no_bias": "weight only",
    "overview.note.layernorm.rms": "RMSNorm: a weight only, no mean subtracted and no bias",
    "overview.note.attention.gqa": "grouped-query: {nkv} key/value heads serve the {nh} query heads",
    "overview.note.mlp.swiglu": "{act}: gate and up [H={H}, C] each, then down",
    "overview.note.lm_head.tied": "tied: lm_head.weight is wte.weight (counted once)",
    "overview.note.lm_head.untied": "untied",
    "overview.component.wte": "token embedding (wte)",
    "overview.component.wpe": "position embedding (wpe)",
    "overview.component.attention": "attention",
    "overview.component.mlp": "MLP",
    "overview.component.layernorm": "LayerNorms",
    "overview.component.rmsnorm": "RMSNorms",
    "overview.component.lm_head": "lm_head",
    "overview.component.total": "total",
    "overview.pages_header": "Where each stage is explored",
    "overview.link.tokenization": "Tokenization: text → {T} token ids [1, {T}], stoi/itos, one-hot vs embedding",
    "overview.link.embeddings_rope": (
        "Embeddings: wte [{V}, {C}] → [1, {T}, {C}] (no position table: RoPE's rotation), the residual stream per layer"
    ),
    "overview.link.embeddings": (
        "Embeddings: wte [{V}, {C}] + position table → [1, {T}, {C}], the residual stream per layer"
    ),
    "overview.link.attention": "Attention: Q, K, V and every head's pattern [1, {nh}, {T}, {T}]",
    "overview.link.softmax_mask": "Softmax & mask: scaled scores → -inf above the diagonal → softmax",
    "overview.link.next_token": "Next token: logits [1, {T}, {V}] → softmax → sample → append",
}
