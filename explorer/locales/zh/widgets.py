"""简体中文 strings of explorer/ui/widgets.py."""
STRINGS = {
    "widgets.download": "下载数据（{fmt}）",
}
