"""简体中文 strings of explorer/ui/widgets.py."""
STRINGS = {
    "widgets.download": "下载数据（{fmt}）",
    "widgets.download_picture": "下载图片（{fmt}）",
}
