"""English strings of the Attention page (pages/attention.py)."""
STRINGS = {
    "attention.title": "Attention",
    "attention.what": (
        "**What am I looking at?** The attention patterns `attn.hook_pattern` of every layer and head for your "
        "text: a tensor [L={L}, nh={nh}, T={T}, T={T}]. Entry [l, h, i, j] is how much query position i reads "
        "from key position j in head h of layer l; each row is a softmax, so it sums to 1, and the causal mask "
        "keeps everything above the diagonal at exactly 0. Pick one of the {n} heads (click it, or use the "
        "selectors) to see it large, with the queries, keys and values [T={T}, hs={hs}] that produced it."
    ),
    "attention.concept_link": "How one row is computed — scores, scale, mask, softmax: the Softmax & mask page",
    "attention.labs_link": "Concept labs: why divide by √d_k, and two ways to read q·kᵀ",
    "attention.grid_header": "All heads",
    "attention.induction_tip": (
        "**Tip:** {mixed} of these {n} heads are “mixed”: a model trained on real text spreads most heads over "
        "several patterns at once. The shipped model **{label}** (in the sidebar's model picker) was trained to "
        "continue repeated letter sequences, and its heads are cleanly labelled: a previous-token head in layer 0 "
        "and induction heads in layer 1."
    ),
    "attention.induction_switch": "Switch to {label}",
    "attention.grid_title": "attention patterns [L={L}, nh={nh}, T={T}, T={T}] (rows: query, columns: key)",
    "attention.grid_caption": (
        "Attention patterns `transformer.h.*.attn.hook_pattern` [L={L}, nh={nh}, T={T}, T={T}], one small map per "
        "head: rows = query i, columns = key j, darker = more weight, grey = the masked future. The line under "
        "each head is its role (see the table at the bottom). Click a map to open it below."
    ),
    "attention.hover_note": "{role}entropy {entropy:.2f}",
    "attention.role_sep": "{role} · ",
    "attention.picker_header": "One head",
    "attention.layer": "Layer",
    "attention.head": "Head",
    "attention.pattern_title": "L{layer} H{head} attention pattern [T={T}, T={T}]",
    "attention.pattern_caption": (
        "Attention pattern of layer {layer}, head {head}: [T={T}, T={T}], a slice of "
        "`transformer.h.{layer}.attn.hook_pattern` [nh={nh}, T={T}, T={T}]. Hover a cell for its weight; {how} "
        "to see the arithmetic behind it."
    ),
    "attention.how_click": "click one",
    "attention.how_sliders": "choose one with the sliders below",
    "attention.pick_query": "query i (row)",
    "attention.pick_key": "key j (column)",
    "attention.pick_hint": "Texts longer than {max_t} tokens choose the cell here (a click target per cell would slow every redraw).",
    "attention.cell_hint": "Click a cell of the pattern to see how its weight is computed from q and k.",
    "attention.cell_math": (
        "**query '{qi}' ({i}) → key '{kj}' ({j})**: q<sub>{i}</sub>·k<sub>{j}</sub> = {dot:.4f}; "
        "× {scale_text} = score {score:.4f}; softmax over the {allowed} keys j ≤ {i}: "
        "weight = {weight:.4f} (the model's pattern holds {pattern_value:.4f}). "
        "Row {i} is now the query row on the *Softmax & mask* page."
    ),
    "attention.cell_math_masked": (
        "**query '{qi}' ({i}) → key '{kj}' ({j})**: q<sub>{i}</sub>·k<sub>{j}</sub> = {dot:.4f}, but key {j} comes "
        "after query {i}: the mask sets its score to −inf before softmax, and exp(−inf) = 0, so the weight is "
        "exactly {pattern_value:.1f}. Row {i} is now the query row on the *Softmax & mask* page."
    ),
    "attention.qkv_header": "Where the pattern comes from: queries, keys, values",
    "attention.qkv_text": (
        "The layer projects each token's {C}-dimensional vector (after {norm}) to a query, a key and a value, "
        "and this head owns one slice of hs = n_embd / n_head = {C} / {nh} = {hs} dimensions of each. Its score "
        "for query i and key j is the dot product q<sub>i</sub>·k<sub>j</sub> ÷ √{hs} — a token asks (q), every "
        "earlier token advertises (k), and a match means weight — and the head's output for token i is the "
        "weighted sum of the value rows, z<sub>i</sub> = Σ<sub>j</sub> pattern[i, j] · v<sub>j</sub>. "
        "Rows = positions, columns = the head's {hs} dimensions; red positive, blue negative."
    ),
    "attention.axis_dimension": "dimension",
    "attention.q_caption": (
        "Queries q of layer {layer}, head {head}: [T={T}, hs={hs}] (`attn.hook_q` is [nh={nh}, T, hs])."
    ),
    "attention.k_caption": "Keys k of layer {layer}, head {head}: [T={T}, hs={hs}] (`attn.hook_k`).",
    "attention.v_caption": "Values v of layer {layer}, head {head}: [T={T}, hs={hs}] (`attn.hook_v`).",
    "attention.k_caption_gqa": (
        "Keys k of layer {layer}, head {head}: [T={T}, hs={hs}] (`attn.hook_k`), those of key/value head {kv}, "
        "the same for query heads {group}."
    ),
    "attention.v_caption_gqa": (
        "Values v of layer {layer}, head {head}: [T={T}, hs={hs}] (`attn.hook_v`), those of key/value head {kv}, "
        "the same for query heads {group}."
    ),
    "attention.summary_header": "What every head does",
    "attention.summary_text": (
        "One row per head, measured on your text (query rows 1…T−1; row 0 can only see itself): **entropy** of "
        "each row in nats (0 = all weight on one key; a uniform row i has ln(i+1)), and the mean weight on the "
        "**first token** (a head with nothing useful to read often parks its weight there: a sink), on the "
        "**previous token**, and on **itself**."
    ),
    "attention.summary_text_roles": (
        "Three more scores read where words and lines begin, since a character-level model has to find them itself "
        "(a space or newline token is whitespace): **start of word** is the mean weight on the first token of the "
        "query's word — the one just after the latest space or newline at or before the query; **space before "
        "word** is the mean weight on that space or newline itself; **newline before line** is the mean weight on "
        "the latest newline at or before the query. Each is averaged over the queries at least two tokens past the "
        "key it scores, so that key is never the query itself or the token just before it (those are *self* and "
        "*previous-token*)."
    ),
    "attention.summary_induction": (
        "**Induction** is measured on a separate probe: {S} random tokens made of letters or digits, "
        "repeated twice; it is the mean weight from each token of the second copy to the token that followed the "
        "same token in the first copy — the move that lets a model continue a pattern it has seen. A head's "
        "**role** is its highest score if that reaches {threshold:.1f}, otherwise \"mixed\"."
    ),
    "attention.summary_no_probe": (
        "The context ({block}) is too short for the induction probe, so roles are not labelled."
    ),
    "attention.metric": "Score to map",
    "attention.metric.previous-token": "previous-token",
    "attention.metric.first-token": "first-token",
    "attention.metric.self": "self",
    "attention.metric.induction": "induction",
    "attention.metric.entropy": "entropy",
    "attention.metric.word-start": "start of word",
    "attention.metric.last-space": "space before word",
    "attention.metric.last-newline": "newline before line",
    "attention.role.mixed": "mixed",
    "attention.scores_title": "{metric} per head [L={L}, nh={nh}]",
    "attention.summary_caption": "{metric} per head [L={L}, nh={nh}]; the table below has every score.",
    "attention.col.layer": "layer",
    "attention.col.head": "head",
    "attention.col.role": "role",
    "attention.probe_spinner": "Probing the heads with a repeated random sequence…",
}
