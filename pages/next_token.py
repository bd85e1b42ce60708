"""Next token: the distribution the model predicts, the sampling filters, step-by-step generation, logit lens.

Sections: explorer/ui/next_token/; prose: explorer/locales/<lang>/next_token.py.
"""
from __future__ import annotations

import streamlit as st

from explorer.ui.context import page_context
from explorer.i18n import t
from explorer.ui.next_token import controls, distribution, forward, generation, lens
from explorer.ui.next_token.view import NextTokenView

ctx = page_context()
view = NextTokenView(ctx)
T, V = len(view.ids), ctx.config.vocab_size
generation.follow_owner(view)

st.title(t("next_token.title"))
st.markdown(t("next_token.what", T=T, V=V, L=ctx.config.n_layer))
st.page_link("pages/train.py", label=t("next_token.concept_link", T=T), icon="🏋️")
position, sampling, k_show = controls.render(view)
distribution.render(view, position, sampling, k_show)
forward.render(view)
generation.render(view, sampling, k_show)
lens.render(view, position, k_show)
