"""A static SVG picture in the page (explorer/figures/svg.py), with its picture and its numbers as downloads."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.figures.export import safe_stem
from explorer.figures.svg import embedded
from explorer.i18n import t
from explorer.ui.widgets import data_download


def svg_chart(svg: str, key: str, data: pd.DataFrame | dict | None = None, file_stem: str | None = None) -> None:
    """Draw the SVG (no plotly.js to fetch), then a download of the picture (.svg) and of its numbers."""
    stem = safe_stem(file_stem or key)
    st.markdown(embedded(svg, key), unsafe_allow_html=True)  # st.html's sanitiser would drop the SVG
    picture, numbers = st.columns(2)
    picture.download_button(t("widgets.download_picture", fmt="SVG"), svg.encode("utf-8"), file_name=f"{stem}.svg",
                            mime="image/svg+xml", key=f"svg-{key}", on_click="ignore")
    if data is not None:
        with numbers:
            data_download(data, stem, key)
