"""English strings of explorer/widgets.py."""
STRINGS = {
    "widgets.download": "Download data ({fmt})",
}
