"""The Train settings' source of truth: a plain dict in session state that survives pages and hidden widgets."""
from __future__ import annotations

import streamlit as st

from gpt_core.config import PRESET_TRAINING, PRESETS, GPTConfig

# Widget defaults: a synthetic task with the "tiny" preset trains in well under a minute on 2 CPU cores.
# Muon, 500 steps at 6e-3: on the sort task it ends at val 1.53, where AdamW (1000 steps at 3e-3) ends at 1.58
# and reaches 1.72 at step 500 (bench/README.md, "Training speed side by side").
DEFAULTS = {
    "train_source": "task", "train_task": "sort", "train_tokenizer": "char", "train_bpe_vocab": 512,
    "train_preset": "tiny", "train_n_layer": 2, "train_n_head": 2, "train_n_embd": 64, "train_block_size": 32,
    "train_pos": "learned", "train_act": "gelu", "train_dropout": 0.0,
    "train_steps": 500, "train_batch": 32, "train_lr": 6e-3, "train_optimizer": "muon", "train_seed": 1337,
    "train_paste": "",
}
# TrainConfig field -> setting key: what a preset's training settings (gpt_core.config.PRESET_TRAINING) fill in
TRAINING_KEYS = {"steps": "train_steps", "batch_size": "train_batch", "lr": "train_lr", "optimizer": "train_optimizer"}
MODEL_KEYS = {"n_layer": "train_n_layer", "n_head": "train_n_head", "n_embd": "train_n_embd",
              "block_size": "train_block_size", "pos_encoding": "train_pos", "activation": "train_act",
              "dropout": "train_dropout"}
SETTINGS_KEY = "_train_settings"  # a plain dict: the settings' source of truth (see restore_settings)


def saved_settings() -> dict:
    if SETTINGS_KEY not in st.session_state:  # first visit: the defaults, or values set before it (tests)
        st.session_state[SETTINGS_KEY] = {key: st.session_state.get(key, d) for key, d in DEFAULTS.items()}
    return st.session_state[SETTINGS_KEY]


def restore_settings() -> None:
    """Give every setting widget its saved value before it is drawn.

    Streamlit forgets a widget's value after a run that did not draw it (every run of another page, and on
    this page the task or the pasted text while another source is chosen); it may even bring back an older
    value under the same key. A plain dict is kept, so it is the truth, and widgets write to it on change.
    """
    saved = saved_settings()
    for key in DEFAULTS:
        st.session_state[key] = saved[key]


def remember(key: str) -> None:
    saved_settings()[key] = st.session_state[key]


def setting(key: str) -> dict:
    """Widget arguments of a setting: its key, and a callback that saves every change."""
    return dict(key=key, on_change=remember, args=(key,))


def load_preset() -> None:
    remember("train_preset")
    name = st.session_state["train_preset"]
    if name in PRESETS:
        values = GPTConfig(**PRESETS[name]).to_dict()
        for field, key in MODEL_KEYS.items():
            st.session_state[key] = values[field]
            remember(key)
    for field, key in TRAINING_KEYS.items():  # a preset that carries a recipe sets it too (fast-cpu: Muon, 350 steps)
        if field in PRESET_TRAINING.get(name, {}):
            st.session_state[key] = PRESET_TRAINING[name][field]
            remember(key)
