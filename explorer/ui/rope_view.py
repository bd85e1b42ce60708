"""The rotation a rotary (RoPE) model applies instead of a position table, for the Embeddings page: cos(t·θ_c)
per position and pair, read from the model's own buffers, and how many positions each pair takes per turn."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.figures import canvas
from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import chart
from gpt_core.interp.positions import model_rope_rotation

MAX_POSITIONS = 256  # rows drawn (a 4096-token context is too many to read)


@st.cache_data(show_spinner=False, max_entries=8)
def _rotation(_model, model_key: str) -> dict:
    return model_rope_rotation(_model, MAX_POSITIONS)


def render(ctx) -> None:
    cfg, T = ctx.config, len(ctx.prepared.ids)
    rot = _rotation(ctx.ckpt.model, ctx.model_key)
    P, pairs = rot["cos"].shape
    st.markdown(t("embeddings.rope_text", hs=cfg.head_size, pairs=pairs, theta=rot["theta"], last=P - 1),
                unsafe_allow_html=True)  # the catalogue uses <sub>/<sup>
    left, right = st.columns(2)
    with left:
        spec = canvas.matrix_map(rot["cos"], title=t("embeddings.rope_title", P=P, pairs=pairs, theta=rot["theta"]),
                                 x_title=t("embeddings.axis_pair"), y_title=t("embeddings.axis_position"),
                                 zmin=-1.0, zmax=1.0, max_cell_px=12)
        canvas_chart(spec, key="embeddings-rope", data={"cos(t*theta_c) [P, hs/2]": rot["cos"]},
                     file_stem="rope_rotation")
    with right:
        fig = figures_labs.line_chart(list(range(pairs)), {t("embeddings.rope_wave_y"): rot["wavelengths"]},
                                      t("embeddings.rope_wave_title", pairs=pairs), t("embeddings.axis_pair"),
                                      t("embeddings.rope_wave_y"), log_y=True, markers=pairs <= 64)
        chart(fig, key="embeddings-rope-wavelengths", file_stem="rope_wavelengths",
              data=pd.DataFrame({"pair": range(pairs), "theta_c": rot["freqs"], "positions per turn": rot["wavelengths"]}))
    st.caption(t("embeddings.rope_caption", fast=float(rot["wavelengths"][0]), slow=float(rot["wavelengths"][-1]),
                 last_pair=pairs - 1, diff=rot["buffer_diff"], T=T, last=min(T, P) - 1))
    st.page_link("pages/labs.py", label=t("embeddings.rope_lab_link"), icon="🧪")
