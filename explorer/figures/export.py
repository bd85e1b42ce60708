"""How a chart downloads itself: plotly's own toolbar button, drawn by the browser (no server-side renderer).

Plotly's "download plot" camera button renders the figure in the browser, as PNG or as SVG (toImageButtonOptions);
the app passes this config to every chart (explorer.ui.widgets.chart) with the format the sidebar chose.

    >>> chart_config("attention_L0_H0", "svg")["toImageButtonOptions"]
    {'format': 'svg', 'filename': 'attention_L0_H0', 'scale': 1}
"""
from __future__ import annotations

import re

IMAGE_FORMATS = ("png", "svg")
PNG_SCALE = 2  # PNG at twice the screen size: sharp on a slide; SVG is vector, scale 1


def safe_stem(stem: str) -> str:
    """A file name stem any system accepts: letters, digits, '-', '_', '.' (others become '_'), at most 100."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:100] or "chart"


def chart_config(file_stem: str, image_format: str = "png") -> dict:
    """The plotly config of a chart whose camera button downloads `<file_stem>.<png|svg>`."""
    fmt = image_format if image_format in IMAGE_FORMATS else IMAGE_FORMATS[0]
    return {"toImageButtonOptions": {"format": fmt, "filename": safe_stem(file_stem),
                                     "scale": PNG_SCALE if fmt == "png" else 1},
            "displaylogo": False}
