"""Cached loaders and the one cached model pass per (model, text, interventions).

st.cache_resource objects are shared by every session, so nothing here is mutated after it is built:
analysis arrays are made read-only.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

from gpt_core.capture import NO_INTERVENTIONS, Interventions
from gpt_core.checkpoint import Checkpoint, load_checkpoint

from explorer.ui import state
from explorer.models import ModelEntry, shipped_models


@st.cache_resource(show_spinner="Loading model…", max_entries=8)
def load_shipped(path: str, mtime: float) -> Checkpoint:
    """One copy per file version for the whole server; mtime in the key reloads an updated file."""
    return load_checkpoint(path)


def available_models() -> list[ModelEntry]:
    entries = shipped_models()
    for key, ckpt in state.get("user_models").items():
        entries.append(ModelEntry(key=key, label=ckpt.name or key))
    return entries


def add_user_model(ckpt: Checkpoint, label: str) -> str:
    """Register an uploaded or trained model for this session and make it active; returns its key."""
    key = f"user:{uuid.uuid4().hex[:10]}"  # unique across sessions: analysis caches are server-wide
    ckpt.name = label
    ckpt.model.eval()
    state.get("user_models")[key] = ckpt
    state.put("model_key", key)
    return key


def active_model() -> tuple[str, Checkpoint] | None:
    """(key, checkpoint) of the active model, falling back to the default shipped one; None if there is none."""
    key = state.get("model_key")
    user_models = state.get("user_models")
    if key in user_models:
        return key, user_models[key]
    entries = shipped_models()
    entry = next((e for e in entries if e.key == key), entries[0] if entries else None)
    if entry is None:
        return None
    return entry.key, load_shipped(str(entry.path), entry.path.stat().st_mtime)


@dataclass(frozen=True)
class Analysis:
    """Everything one explicit forward pass recorded, as read-only numpy arrays without the batch dimension."""

    ids: tuple[int, ...]
    acts: dict  # hook name -> np.ndarray, e.g. "transformer.h.0.attn.hook_pattern" [nh, T, T]
    n_layer: int

    @property
    def logits(self) -> np.ndarray:  # [T, V]
        return self.acts["hook_logits"]

    @property
    def probs(self) -> np.ndarray:  # [T, V] softmax of the logits at every position
        return self.acts["probs"]

    def block(self, layer: int, name: str) -> np.ndarray:
        return self.acts[f"transformer.h.{layer}.{name}"]

    def stack(self, name: str) -> np.ndarray:
        """[n_layer, ...] for a per-block activation, e.g. stack("attn.hook_pattern") [L, nh, T, T]."""
        return np.stack([self.block(i, name) for i in range(self.n_layer)])


@st.cache_resource(show_spinner=False, max_entries=64)
def analyse(_ckpt: Checkpoint, model_key: str, ids: tuple[int, ...],
            interventions: Interventions = NO_INTERVENTIONS) -> Analysis:
    """The single cached run_with_cache per (model, ids, interventions); pages only read its arrays."""
    logits, cache = _ckpt.model.run_with_cache(torch.tensor([ids]), interventions)  # logits [1, T, V]
    acts = {}
    for name, tensor in cache.items():
        arr = tensor[0].float().numpy()
        arr.flags.writeable = False
        acts[name] = arr
    probs = torch.softmax(logits[0].float(), dim=-1).numpy()  # [T, V]
    probs.flags.writeable = False
    acts["probs"] = probs
    return Analysis(ids=ids, acts=acts, n_layer=_ckpt.config.n_layer)
