"""What every page needs: the active model, the prepared input, and the cached analysis."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from gpt_core.capture import NO_INTERVENTIONS, Interventions
from gpt_core.checkpoint import Checkpoint

from explorer.ui import share, state
from explorer.i18n import t
from explorer.ui.frame import page_setup
from explorer.ui.resources import Analysis, active_model, analyse
from explorer.analysis.text_prep import PreparedInput, prepare_input


@dataclass
class PageContext:
    model_key: str
    ckpt: Checkpoint
    prepared: PreparedInput

    @property
    def config(self):
        return self.ckpt.config

    @property
    def tokenizer(self):
        return self.ckpt.tokenizer

    @property
    def labels(self) -> list[str]:
        return self.prepared.labels

    def analysis(self, interventions: Interventions = NO_INTERVENTIONS) -> Analysis:
        return analyse(self.ckpt, self.model_key, tuple(self.prepared.ids), interventions)


def page_context(require_text: bool = True) -> PageContext:
    """Resolve model + text, show the input notices; stop the page politely when there is nothing to show."""
    page_setup()  # a page opened without app.py (direct URL on a fresh server, AppTest): run the frame first
    state.init_state()
    active = active_model()
    if active is None:
        st.error(t("context.no_model"))
        st.stop()  # no model: no view to link
    key, ckpt = active
    prepared = prepare_input(ckpt.tokenizer, state.get("text") or "", ckpt.config.block_size, state.get("unknown_mode"))
    for notice in prepared.notices:
        (st.warning if notice.level == "warning" else st.info)(notice.message)
    if require_text and prepared.empty:
        share.finish()  # st.stop() ends the run before the frame's own call: the link of an empty text
        st.stop()
    return PageContext(model_key=key, ckpt=ckpt, prepared=prepared)
