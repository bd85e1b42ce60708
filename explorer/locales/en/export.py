"""English strings of explorer/ui/export.py (the sidebar's Export section)."""
STRINGS = {
    "export.header": "⬇️ Export",
    "export.chart_format": "Chart pictures as",
    "export.chart_format_help": "What the camera button in a chart's toolbar (top right of the chart, on hover) "
                                "downloads: PNG (a picture at twice the screen size) or SVG (vector, for papers "
                                "and slides). Your browser draws the file; nothing is sent to the server.",
    "export.charts_caption": "Every chart: its toolbar's camera button saves the picture, the button under it "
                             "saves its numbers (CSV or JSON).",
    "export.ckpt_button": "Download this model ({mb:,.1f} MB)",
    "export.ckpt_caption": "One .safetensors file with the weights, the config, the tokenizer and the training "
                           "record; load it in the sidebar (Load a checkpoint) or with "
                           "gpt_core.checkpoint.load_checkpoint.",
    "export.ckpt_folder": "This model's weights are {mb:,.0f} MB, more than the {limit} MB a download is built "
                          "from in memory. It is already a folder on disk (Hugging Face format): copy that folder "
                          "to share it.",
    "export.ckpt_too_big": "This model's weights are {mb:,.0f} MB, more than the {limit} MB a download is built "
                           "from in memory; save it with gpt_core.checkpoint.save_checkpoint instead.",
}
