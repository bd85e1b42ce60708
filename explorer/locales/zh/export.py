"""简体中文 strings of explorer/ui/export.py."""
STRINGS = {
    "export.header": "⬇️ 导出",
    "export.chart_format": "图表图片格式",
    "export.chart_format_help": "图表工具栏（鼠标悬停时在图表右上角）里的相机按钮下载的格式：PNG（屏幕尺寸两倍的图片）"
                                "或 SVG（矢量图，适合论文和幻灯片）。文件由你的浏览器生成，不会发送到服务器。",
    "export.charts_caption": "每个图表：工具栏的相机按钮保存图片，图表下方的按钮保存它的数据（CSV 或 JSON）。",
    "export.ckpt_button": "下载此模型（{mb:,.1f} MB）",
    "export.ckpt_caption": "一个 .safetensors 文件，包含权重、配置、分词器和训练记录；可在侧边栏（加载检查点）"
                           "或用 gpt_core.checkpoint.load_checkpoint 加载。",
    "export.ckpt_folder": "此模型的权重有 {mb:,.0f} MB，超过在内存中生成下载文件的上限 {limit} MB。"
                          "它在磁盘上本来就是一个文件夹（Hugging Face 格式）：复制该文件夹即可分享。",
    "export.ckpt_too_big": "此模型的权重有 {mb:,.0f} MB，超过在内存中生成下载文件的上限 {limit} MB；"
                           "请改用 gpt_core.checkpoint.save_checkpoint 保存。",
}
