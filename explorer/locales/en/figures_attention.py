"""English labels drawn by explorer/figures/attention.py."""
STRINGS = {
    "figures_attention.click_to_open": "click to open",
}
