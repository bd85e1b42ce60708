"""The sidebar's Export section: the format of chart pictures, and the active model as a checkpoint file.

Pictures are drawn by the browser (plotly's camera button, configured by explorer.figures.export); every chart's
numbers have their own CSV/JSON button under it (explorer.ui.widgets.chart). The checkpoint is our one-file
format (gpt_core.checkpoint: weights, config, tokenizer and record), built only when the button is clicked, for
any model up to MAX_CHECKPOINT_MB; a larger one (a Hugging Face model) is already a folder on disk.
"""
from __future__ import annotations

import streamlit as st

from gpt_core.checkpoint import Checkpoint, checkpoint_bytes

from explorer.figures.export import IMAGE_FORMATS, safe_stem
from explorer.i18n import t
from explorer.figures.markup import md_escape

MAX_CHECKPOINT_MB = 200  # a download is built in memory: past this, point at the files on disk instead
PRIVATE_RECORD_KEYS = ("folder",)  # where the model lies on this server: not written into a download


def weights_bytes(ckpt: Checkpoint) -> int:
    """The size of the model's weights (tied ones once): about the size of its checkpoint file."""
    return sum(p.numel() * p.element_size() for p in ckpt.model.parameters())


def checkpoint_payload(ckpt: Checkpoint) -> bytes:
    """The active model as one .safetensors checkpoint (what the download button sends; no optimizer state)."""
    record = {k: v for k, v in (ckpt.record or {}).items() if k not in PRIVATE_RECORD_KEYS}
    return checkpoint_bytes(ckpt.model, ckpt.tokenizer, record)


def checkpoint_file_name(ckpt: Checkpoint) -> str:
    name = (ckpt.name or "model").rsplit("/", 1)[-1].removesuffix(".safetensors")
    return f"{safe_stem(name.removeprefix('upload: ').removeprefix('nanoGPT: '))}.safetensors"


def render_export(ckpt: Checkpoint | None) -> None:
    """Inside the sidebar's Export expander."""
    st.radio(t("export.chart_format"), IMAGE_FORMATS, format_func=str.upper, key="chart_format", horizontal=True,
             help=t("export.chart_format_help"))
    st.caption(t("export.charts_caption"))
    if ckpt is None:
        return
    mb = weights_bytes(ckpt) / 2**20
    if mb > MAX_CHECKPOINT_MB:
        record = ckpt.record or {}
        key = "export.ckpt_folder" if record.get("source") == "huggingface" else "export.ckpt_too_big"
        st.caption(t(key, mb=mb, limit=MAX_CHECKPOINT_MB, name=md_escape(ckpt.name or "")))
        return
    st.download_button(t("export.ckpt_button", mb=mb), lambda: checkpoint_payload(ckpt),
                       file_name=checkpoint_file_name(ckpt), mime="application/octet-stream", key="export_checkpoint",
                       on_click="ignore", icon="💾")
    st.caption(t("export.ckpt_caption"))
