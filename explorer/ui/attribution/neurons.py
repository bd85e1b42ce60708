"""MLP neurons: the most active ones on the text, one neuron's activation over the text, and what it writes
towards the vocabulary."""
from __future__ import annotations

from functools import partial

import streamlit as st

from gpt_core.interp.neurons import neuron_activations

from explorer.analysis.attribution import top_neuron
from explorer.figures.attribution import activation_tokens_html, neuron_bars, vocab_effect_bars
from explorer.i18n import t
from explorer.ui.selection import clamp_index, selected_head
from explorer.ui.widgets import chart

from . import compute

CHOICE = "neuron_choice"  # (layer, neuron) the learner picked; None -> the text's most active neuron


def _on_bar_select(chart_key: str, L: int, H: int) -> None:
    choice = selected_head(st.session_state.get(chart_key), L, H)  # customdata [layer, neuron, ...]
    if choice is not None:
        st.session_state[CHOICE] = choice


def _on_pick() -> None:
    st.session_state[CHOICE] = (int(st.session_state["neuron_layer_pick"]), int(st.session_state["neuron_index_pick"]))


def render(ctx) -> None:
    analysis, config, labels = ctx.analysis(), ctx.config, ctx.labels
    L = config.n_layer
    H = analysis.block(0, "mlp.hook_post").shape[-1]  # [T, H]
    vocab = compute.vocab_labels(ctx.tokenizer, ctx.model_key, config.vocab_size)
    st.subheader(t("attribution.neurons.header"))
    st.markdown(t("attribution.neurons.intro", L=L, H=H, C=config.n_embd))
    k = st.slider(t("attribution.neurons.k"), 1, 10, 5, key="neuron_k")
    table = compute.most_active(analysis, ctx.model_key, tuple(ctx.prepared.ids), k, tuple(labels))
    layer, neuron = st.session_state.get(CHOICE) or top_neuron(table)
    layer, neuron = clamp_index(layer, L), clamp_index(neuron, H)
    key = f"neuron_bars_{layer}_{neuron}_{k}"  # a fresh key per choice: clicking the same bar again registers
    fig = neuron_bars(table["layer"], table["neuron"], table["max_activation"], table["token"], table["position"],
                      t("attribution.neurons.bars_title", k=k, L=L, H=H), selected=(layer, neuron))
    chart(fig, key=key, data=table, file_stem="most_active_neurons", on_select=partial(_on_bar_select, key, L, H),
          selection_mode="points")
    st.caption(t("attribution.neurons.bars_caption"))

    st.session_state["neuron_layer_pick"], st.session_state["neuron_index_pick"] = layer, neuron
    left, right = st.columns(2)
    left.selectbox(t("attribution.neurons.layer"), list(range(L)), format_func=lambda v: f"L{v}",
                   key="neuron_layer_pick", on_change=_on_pick)
    right.number_input(t("attribution.neurons.neuron", H=H), min_value=0, max_value=H - 1, step=1,
                       key="neuron_index_pick", on_change=_on_pick)
    acts = neuron_activations(compute.mlp_cache(analysis, [layer]), layer, neuron)  # [T]
    peak = int(acts.argmax())
    st.markdown(t("attribution.neurons.over_text", layer=layer, neuron=neuron, peak=float(acts[peak]), pos=peak,
                  label=labels[peak], low=float(acts.min())))
    st.html(activation_tokens_html(labels, acts, [t("attribution.neurons.token_title", i=i, label=labels[i],
                                                    value=float(v)) for i, v in enumerate(acts)]))
    effect = compute.vocab_effect(ctx.ckpt.model, ctx.model_key, layer, neuron, 10)
    up, down = st.columns(2)
    with up:
        chart(vocab_effect_bars([vocab[i] for i in effect["promoted_ids"]], effect["promoted_values"],
                                t("attribution.neurons.promoted_title", layer=layer, neuron=neuron), promoted=True),
              key="neuron_promoted", file_stem=f"neuron_L{layer}_N{neuron}_promoted",
              data={"ids": effect["promoted_ids"], "values": effect["promoted_values"]})
    with down:
        chart(vocab_effect_bars([vocab[i] for i in effect["suppressed_ids"]], effect["suppressed_values"],
                                t("attribution.neurons.suppressed_title", layer=layer, neuron=neuron),
                                promoted=False),
              key="neuron_suppressed", file_stem=f"neuron_L{layer}_N{neuron}_suppressed",
              data={"ids": effect["suppressed_ids"], "values": effect["suppressed_values"]})
    st.caption(t("attribution.neurons.effect_caption", C=config.n_embd, V=config.vocab_size))
