"""English labels that explorer/figures/base.py builders write themselves: axis titles, colour-bar titles,
notes, legend names, subplot titles, hover texts and the default titles (a caller's title replaces those).

Each builder looks its words up with t("figure_terms.<key>", value=...), so {name} marks a value the builder
fills in; plotly's own %{...} hover placeholders are written %{{...}} (the builders always format).
A test checks every key here is looked up by some builder.
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
    "figure_terms.attention_title": "attention pattern [T={T}, T={T}]",
    "figure_terms.grid_title": "attention patterns [L={L}, nh={nh}, T={T}, T={T}] (rows: query, columns: key)",
    "figure_terms.scores_title": "attention scores [T={T}, T={T}]",
    # row_inspector / row_sums_bar
    "figure_terms.row_scaled": "scaled scores q·k/√hs [T={T}]",
    "figure_terms.row_masked": "masked scores [T={T}] (future → -inf)",
    "figure_terms.row_softmax": "softmax weights [T={T}] (sum = {total})",
    "figure_terms.row_title": "row inspector: query '{label}'({i})",
    "figure_terms.one_line": "1 (a distribution)",
    "figure_terms.query_row": "query row i",
    "figure_terms.row_sum_axis": "sum of the row's weights",
    "figure_terms.row_sums_title": "row sums [T={T}]: mask before vs after softmax",
    # scaling_figure
    "figure_terms.scaling_title": "why divide by √d_k",
    "figure_terms.scaling_variance": "variance of a dot product of two d-vectors",
    "figure_terms.scaling_max": "mean largest softmax weight per row",
    "figure_terms.head_size": "d (head size)",
    "figure_terms.variance": "variance",
    "figure_terms.max_weight": "max weight",
    # next_token_bars / logit_lens_figure / trajectory_figure
    "figure_terms.raw_softmax": "raw softmax",
    "figure_terms.after_filters": "after temperature / top-k / top-p",
    "figure_terms.probability": "probability",
    "figure_terms.next_token_title": "next-token probabilities (top {n} of [V])",
    "figure_terms.rank": "rank",
    "figure_terms.prob": "prob",
    "figure_terms.lens_title": "logit lens: ln_f → lm_head on each residual state [L+1={R}, top {k}]",
    "figure_terms.embedding": "embedding",
    "figure_terms.after_block": "after block {i}",
    "figure_terms.trajectory_title": "residual stream trajectories [L+1={S}, T={T}, 2] (one line per token)",
    # embedding_scatter / matrix_heatmap
    "figure_terms.points": "points",  # the one category when none is given (a legend entry)
    "figure_terms.highlighted": "{name} (highlighted)",
    "figure_terms.scatter_title": "embedding projection [N={N}, {dims}]",
    "figure_terms.row": "row",  # matrix_heatmap's hover, without axis titles
    "figure_terms.column": "column",
    "figure_terms.matrix_title": "matrix [{R}, {C}]",
    # loss_curve
    "figure_terms.train": "train",
    "figure_terms.validation": "validation",
    "figure_terms.step": "step",
    "figure_terms.loss": "loss",
    "figure_terms.loss_title": "cross-entropy loss (nats per token)",
    # parameter_bar / head_score_heatmap / flow_diagram
    "figure_terms.parameters": "parameters",
    "figure_terms.parameters_title": "parameters: {total} ({short}) in total",
    "figure_terms.head": "head",
    "figure_terms.layer": "layer",
    "figure_terms.head_scores_title": "head scores [L={L}, nh={nh}]",
    "figure_terms.flow_title": "data flow: text → next token (live shapes)",
    # hover texts
    "figure_terms.masked_before_softmax": "grey = -inf (masked before softmax)",
    "figure_terms.word_query": "query",  # _hover_grid's cells: "query 'a' (3) → key 'b' (1)"
    "figure_terms.word_key": "key",
    "figure_terms.hover_key": "key '%{{customdata}}'(%{{x}}): %{{y:.3f}}<extra></extra>",
    "figure_terms.hover_key_masked": "key '%{{customdata}}'(%{{x}}): -inf<extra></extra>",
    "figure_terms.hover_row_sum": "{name}: row '%{{customdata}}'(%{{x}}) sums to %{{y:.3f}}<extra></extra>",
    "figure_terms.hover_raw": "'%{{customdata}}': raw %{{x:.4f}}<extra></extra>",
    "figure_terms.hover_sampled": "'%{{customdata}}': sampled with %{{x:.4f}}<extra></extra>",
    "figure_terms.hover_lens": "%{{customdata}}, rank %{{x}}: '%{{text}}' p=%{{z:.4f}}<extra></extra>",
    "figure_terms.hover_parameters": "%{{customdata}}: %{{x:,}} parameters<extra></extra>",
    "figure_terms.hover_train": "step %{{x}}: train %{{y:.4f}}<extra></extra>",
    "figure_terms.hover_val": "step %{{x}}: val %{{y:.4f}}<extra></extra>",
    "figure_terms.hover_index_cell": "{row} %{{y}}, {column} %{{x}}: %{{z:.4f}}<extra></extra>",  # matrix_heatmap
    "figure_terms.canvas_row": "row",  # canvas heatmap (explorer/figures/canvas.py)
    "figure_terms.canvas_col": "column",
    "figure_terms.canvas_masked": "masked (−∞ before the softmax)",
    "figure_terms.canvas_click": "click (or Enter) to open",
    "figure_terms.canvas_png": "⤓ PNG",
    "figure_terms.canvas_png_help": "download this picture as PNG",
    "figure_terms.value": "value",
}
