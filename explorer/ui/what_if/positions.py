"""What if… the positions are shuffled or zeroed."""
from __future__ import annotations

import streamlit as st

from explorer.i18n import current_language, t
from gpt_core.capture import Interventions

from .common import compare_view, md


def render(ctx) -> None:
    LANG = current_language()  # bound now: Streamlit may call a format_func after the run
    cfg = ctx.config
    md(t("what_if.pos.intro"))
    if cfg.pos_encoding not in ("learned", "sinusoidal"):
        st.info(t("what_if.pos.not_applicable", pos=cfg.pos_encoding))
    else:
        left, right = st.columns(2)
        mode = left.radio(t("what_if.pos.mode"), ["shuffle", "zero"], format_func=lambda m: t(f"what_if.pos.{m}", LANG),
                          horizontal=True, key="what_if_pos_mode")
        seed = int(right.number_input(t("what_if.pos.seed"), 0, 10_000, 0, key="what_if_pos_seed",
                                      disabled=mode != "shuffle"))
        after = ctx.analysis(Interventions(positions=mode, shuffle_seed=seed if mode == "shuffle" else 0))
        compare_view(ctx, after.logits, "what_if_pos", t(f"what_if.pos.after_{mode}"))
