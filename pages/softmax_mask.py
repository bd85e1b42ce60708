"""Softmax & mask: one head's scores step by step (q·k, scale, mask, softmax), and the two orders the model avoids.

Sections: explorer/ui/softmax/; prose: explorer/locales/<lang>/softmax_mask.py.
"""
from __future__ import annotations

import streamlit as st

from explorer.i18n import t
from explorer.ui import state
from explorer.ui.context import page_context
from explorer.ui.selection import clamp_index
from explorer.ui.softmax import orders, scale, temperature
from explorer.ui.softmax.view import softmax_head
from explorer.ui.widgets import index_picker

ctx = page_context()
cfg, T = ctx.config, len(ctx.prepared.ids)
L, nh = cfg.n_layer, cfg.n_head
layer, head = clamp_index(state.get("layer"), L), clamp_index(state.get("head"), nh)
state.put("layer", layer)
state.put("head", head)

st.title(t("softmax_mask.title"))
st.markdown(t("softmax_mask.what", layer=layer, head=head, T=T, d_k=cfg.head_size, nh=nh))
# one link per line, full width: side by side in two columns their labels were cut off
st.page_link("pages/labs.py", label=t("softmax_mask.concept_link"), icon="🧪")
st.page_link("pages/attention.py", label=t("softmax_mask.attention_link"), icon="👀")

pick_layer, pick_head = st.columns(2)  # the toggle on its own line: three across cut off H3 and its label
index_picker(t("softmax_mask.layer"), L, "_softmax_layer", "layer", "L", pick_layer)
index_picker(t("softmax_mask.head"), nh, "_softmax_head", "head", "H", pick_head)
scaled = st.toggle(t("softmax_mask.scale_toggle"), value=True, key="softmax_scale", help=t("softmax_mask.scale_help"))
if not scaled:
    st.info(t("softmax_mask.scale_off_note"))

view = softmax_head(ctx, layer, head, scaled)
scale.render(view)
temperature.tau_steps(view)
orders.render(view)
