"""What if… the positions are shuffled or zeroed."""
from __future__ import annotations

import streamlit as st

from explorer.i18n import current_language, t
from explorer.ui.widgets import scrambled_positions

from .common import compare_view, md


def render(ctx) -> None:
    LANG = current_language()  # bound now: Streamlit may call a format_func after the run
    cfg = ctx.config
    md(t("what_if.pos.intro"))
    if cfg.pos_encoding == "rope":
        st.info(t("what_if.pos.rope"))
    elif cfg.pos_encoding not in ("learned", "sinusoidal"):
        st.info(t("what_if.pos.not_applicable", pos=cfg.pos_encoding))
    else:
        mode, after = scrambled_positions(ctx, "what_if_pos", t("what_if.pos.mode"),
                                          lambda m: t(f"what_if.pos.{m}", LANG), t("what_if.pos.seed"))
        compare_view(ctx, after.logits, "what_if_pos", t(f"what_if.pos.after_{mode}"))
