"""Why this prediction? Direct logit attribution, activation patching and MLP neurons for the text and model.

Sections: explorer/ui/attribution/ (one is drawn at a time); prose: explorer/locales/<lang>/attribution.py.
"""
from __future__ import annotations

import streamlit as st

from explorer.i18n import current_language, t
from explorer.ui.attribution import TOOLS
from explorer.ui.context import page_context
from explorer.ui.widgets import topic_picker

ctx = page_context()
config = ctx.config
lang = current_language()  # bound now: Streamlit may call a format_func after the run

st.title(t("attribution.title"))
st.markdown(t("attribution.what", T=len(ctx.prepared.ids), L=config.n_layer, nh=config.n_head,
              V=config.vocab_size))
st.page_link("pages/attention.py", label=t("attribution.attention_link"), icon="👀")
topic = topic_picker(t("attribution.pick"), TOOLS, "attribution_topic", lambda name: t(f"attribution.tab.{name}", lang))
TOOLS[topic](ctx)
