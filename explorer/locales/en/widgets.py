"""English strings of explorer/ui/widgets.py."""
STRINGS = {
    "widgets.download": "Download data ({fmt})",
    "widgets.download_picture": "Download picture ({fmt})",
}
