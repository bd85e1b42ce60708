"""English originals of the labels explorer/figures/base.py builders write themselves (see explorer.figures.relabel).

Each value must stay identical to the string in explorer/figures/base.py (a test checks it), with {name} where
the builder inserts a value; no format specs.
"""
STRINGS = {
    # attention_heatmap / attention_grid / score_heatmap
    "figure_terms.key_attended": "key j (attended to)",
    "figure_terms.query_attending": "query i (attending)",
    "figure_terms.weight": "weight",
    "figure_terms.masked_note": "grey = masked future (j > i)",
    "figure_terms.key_j": "key j",
    "figure_terms.query_i": "query i",
    "figure_terms.score": "score",
    "figure_terms.axis_step": "{axis} · one label per {step} tokens",  # token_axis, when labels are left out
    # row_inspector / row_sums_bar
    "figure_terms.row_scaled": "scaled scores q·k/√hs [T={T}]",
    "figure_terms.row_masked": "masked scores [T={T}] (future → -inf)",
    "figure_terms.row_softmax": "softmax weights [T={T}] (sum = {total})",
    "figure_terms.one_line": "1 (a distribution)",
    "figure_terms.query_row": "query row i",
    "figure_terms.row_sum_axis": "sum of the row's weights",
    # scaling_figure
    "figure_terms.scaling_title": "why divide by √d_k",
    "figure_terms.scaling_variance": "variance of a dot product of two d-vectors",
    "figure_terms.scaling_max": "mean largest softmax weight per row",
    "figure_terms.head_size": "d (head size)",
    "figure_terms.variance": "variance",
    "figure_terms.max_weight": "max weight",
    # next_token_bars / logit_lens_figure
    "figure_terms.raw_softmax": "raw softmax",
    "figure_terms.after_filters": "after temperature / top-k / top-p",
    "figure_terms.probability": "probability",
    "figure_terms.rank": "rank",
    "figure_terms.prob": "prob",
    "figure_terms.embedding": "embedding",
    "figure_terms.after_block": "after block {i}",
    # embedding_scatter / parameter_bar / head_score_heatmap
    "figure_terms.highlighted": "{name} (highlighted)",
    "figure_terms.parameters": "parameters",
    "figure_terms.parameters_title": "parameters: {total} ({short}) in total",
    "figure_terms.head": "head",
    "figure_terms.layer": "layer",
    # hover texts (plotly's own %{...} placeholders are written %{{...}} here)
    "figure_terms.masked_before_softmax": "grey = -inf (masked before softmax)",
    "figure_terms.word_query": "query '",
    "figure_terms.word_key": "key '",
    "figure_terms.hover_key": "key '%{{customdata}}'(%{{x}}): %{{y:.3f}}<extra></extra>",
    "figure_terms.hover_key_masked": "key '%{{customdata}}'(%{{x}}): -inf<extra></extra>",
    "figure_terms.hover_row_sum": "{name}: row '%{{customdata}}'(%{{x}}) sums to %{{y:.3f}}<extra></extra>",
    "figure_terms.hover_raw": "'%{{customdata}}': raw %{{x:.4f}}<extra></extra>",
    "figure_terms.hover_sampled": "'%{{customdata}}': sampled with %{{x:.4f}}<extra></extra>",
    "figure_terms.hover_lens": "%{{customdata}}, rank %{{x}}: '%{{text}}' p=%{{z:.4f}}<extra></extra>",
    "figure_terms.hover_parameters": "%{{customdata}}: %{{x:,}} parameters<extra></extra>",
}
