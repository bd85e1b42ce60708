"""English labels drawn by explorer/figures/next_token.py."""
STRINGS = {
    "figures_next_token.sampled": "sampled",
    "figures_next_token.per_position_title": "p(actual next token) at each position [T-1={n}]",
    "figures_next_token.per_position_hover": (
        "position %{{x}} reads '%{{customdata[0]}}'<br>actual next '%{{customdata[1]}}': p=%{{y:.4f}}"
        "<br>top prediction '%{{customdata[2]}}': p=%{{customdata[3]:.4f}}"
    ),
    "figures_next_token.axis_position": "position t (the token just read)",
    "figures_next_token.axis_probability": "probability",
    "figures_next_token.nothing_yet": "(nothing generated yet)",
}
