"""简体中文 strings of explorer/widgets.py."""
STRINGS = {
    "widgets.download": "下载数据（{fmt}）",
}
