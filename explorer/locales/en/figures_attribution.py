"""English labels drawn by explorer/figures/attribution.py (the "Why this prediction?" page's charts)."""
STRINGS = {
    "figures_attribution.part.embed": "token embedding (wte)",
    "figures_attribution.part.pos_embed": "position embedding (wpe)",
    "figures_attribution.part.head": "L{layer} H{head}",
    "figures_attribution.part.attn_bias": "L{layer} attention bias",
    "figures_attribution.part.mlp": "L{layer} MLP",
    "figures_attribution.part.norm_bias": "final norm bias (ln_f)",
    "figures_attribution.kind.embed": "token embedding",
    "figures_attribution.kind.pos_embed": "position embedding",
    "figures_attribution.kind.head": "attention head",
    "figures_attribution.kind.attn_bias": "attention output bias",
    "figures_attribution.kind.mlp": "MLP",
    "figures_attribution.kind.norm_bias": "final norm bias",
    "figures_attribution.axis_contribution": "share of the logit",
    "figures_attribution.axis_layer": "layer",
    "figures_attribution.recovered": "recovered",
    "figures_attribution.recovered_full": "1 = clean",
    "figures_attribution.axis_activation": "largest activation on the text",
    "figures_attribution.neuron_hover": (
        "%{{customdata[4]}}: largest activation %{{y:.3f}} at '%{{customdata[2]}}' (position %{{customdata[3]}})"
    ),
    "figures_attribution.axis_effect": "effect on the logit per unit of activation",
}
