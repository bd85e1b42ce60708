"""The cached computations of the "Why this prediction?" page, one per (model, inputs): arrays and small
dataclasses, never figures. A model argument is named _model (Streamlit cannot hash it); model_key stands in."""
from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from gpt_core.capture import ActivationCache, act_name
from gpt_core.interp import neurons
from gpt_core.interp.attribution import Attribution, logit_attribution
from gpt_core.interp.patching import PatchingResult, activation_patching

from explorer.analysis.attribution import Corruption, neuron_table, suggest_corruption, visible_vocab


@st.cache_data(show_spinner=False, max_entries=64)
def attribution(_model, model_key: str, ids: tuple[int, ...], target: int, position: int) -> Attribution:
    return logit_attribution(_model, list(ids), target, position)


@st.cache_data(show_spinner=False, max_entries=16)
def vocab_labels(_tokenizer, model_key: str, vocab_size: int) -> list[str]:
    return visible_vocab(_tokenizer, vocab_size)


@st.cache_data(show_spinner=False, max_entries=32)
def corruption(_model, _tokenizer, model_key: str, text: str, pieces: tuple, ids: tuple[int, ...],
               unknown: str) -> Corruption | None:
    return suggest_corruption(_model, _tokenizer, text, list(pieces), ids, unknown)


@st.cache_data(show_spinner=False, max_entries=64)
def last_logits(_model, model_key: str, ids: tuple[int, ...]) -> np.ndarray:
    """The logits at the last position [V] (float64)."""
    with torch.no_grad():
        logits, _ = _model(torch.tensor([list(ids)]))  # [1, T, V]
    return logits[0, -1].double().numpy()


@st.cache_data(show_spinner=False, max_entries=16)
def patching(_model, model_key: str, clean: tuple[int, ...], corrupt: tuple[int, ...], answer: int,
             wrong: int) -> PatchingResult:
    return activation_patching(_model, list(clean), list(corrupt), answer, wrong)


def mlp_cache(analysis, layers) -> ActivationCache:
    """The cached analysis' MLP activations (mlp.hook_post) of these layers as a cache gpt_core's functions take."""
    return ActivationCache.from_unbatched(analysis.acts, [act_name("mlp_post", layer) for layer in layers])


@st.cache_data(show_spinner=False, max_entries=32)
def most_active(_analysis, model_key: str, ids: tuple[int, ...], k: int, labels: tuple[str, ...]):
    """The k most active neurons per layer on this text, as a table (explorer.analysis.attribution.neuron_table)."""
    L = _analysis.n_layer
    return neuron_table(neurons.most_active_neurons(mlp_cache(_analysis, range(L)), L, k), list(labels))


@st.cache_data(show_spinner=False, max_entries=64)
def vocab_effect(_model, model_key: str, layer: int, neuron: int, k: int) -> dict[str, np.ndarray]:
    return neurons.neuron_vocab_effect(_model, layer, neuron, k)
