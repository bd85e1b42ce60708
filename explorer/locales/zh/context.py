"""简体中文 strings of explorer/ui/context.py."""
STRINGS = {
    "context.no_model": "没有可用的模型：assets/ 文件夹里没有检查点。请在“训练”页面训练一个，或在侧边栏上传一个检查点。",
}
