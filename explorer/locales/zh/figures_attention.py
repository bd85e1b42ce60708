"""简体中文 labels drawn by explorer/figures/attention.py."""
STRINGS = {
    "figures_attention.click_to_open": "点击打开",
}
