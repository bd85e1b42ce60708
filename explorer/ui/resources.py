"""The model listing, the cached loader, the active model, and the one cached model pass per (model, text, interventions).

st.cache_resource objects are shared by every session, so nothing here is mutated after it is built:
analysis arrays are made read-only.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

from gpt_core.capture import NO_INTERVENTIONS, Interventions
from gpt_core.checkpoint import Checkpoint, CheckpointError, load_checkpoint

from explorer.i18n import t
from explorer.models import ModelEntry, discover_models, hf_cache_dir, model_mtime, models_dirs
from explorer.ui import state


@st.cache_resource(show_spinner=False, max_entries=6)
def load_model(path: str, mtime: float) -> Checkpoint:
    """Any model on disk (ours, a nanoGPT ckpt.pt, a Hugging Face folder): one copy per file version for the
    whole server; mtime in the key reloads an updated model. A CheckpointError is raised, never cached."""
    return load_checkpoint(path)


load_shipped = load_model  # older name, kept for callers


def _listing_signature() -> tuple:
    """What the listing depends on: the folders to look in and when each last changed (a new model changes it)."""
    roots = [*models_dirs(), hf_cache_dir()]
    stamps = []
    for root in roots:
        try:
            stamps.append((str(root), root.stat().st_mtime))
        except OSError:
            stamps.append((str(root), None))
    return tuple(stamps)


@st.cache_resource(ttl=30, show_spinner=False, max_entries=16)
def _discovered(signature: tuple) -> tuple[ModelEntry, ...]:
    """The shared listing (every session sees the same folders); entries are frozen, never changed."""
    return tuple(discover_models())


def refresh_listing() -> None:
    """Forget the listing (after a download put a new model in the cache)."""
    _discovered.clear()


def disk_entries() -> list[ModelEntry]:
    """Every model on disk this session can pick: shipped, discovered, then the paths this session typed in."""
    entries = list(_discovered(_listing_signature()))
    known = {e.key for e in entries}
    entries += [e for key, e in state.get("typed_models").items() if key not in known]
    return entries


def available_models() -> list[ModelEntry]:
    """What the picker offers: the loadable models on disk, then this session's uploads and trained models."""
    entries = [e for e in disk_entries() if not e.problem]
    for key, ckpt in state.get("user_models").items():
        entries.append(ModelEntry(key=key, label=ckpt.name or key, source="session"))
    return entries


def unloadable_models() -> list[ModelEntry]:
    """Models found on disk that cannot be loaded, each with its reason."""
    return [e for e in disk_entries() if e.problem]


def entry_for(key: str) -> ModelEntry | None:
    return next((e for e in disk_entries() if e.key == key), None)


def load_entry(entry: ModelEntry) -> Checkpoint:
    """The entry's model through the shared cache, with a spinner while a first load reads the weights."""
    try:
        mtime = model_mtime(entry.path)
    except OSError as exc:
        raise CheckpointError(f"{entry.path} cannot be read: {exc}") from None
    key = (str(entry.path), mtime)
    if key in _LOADED:  # a cache hit: no spinner (each one starts a thread; a rerun asks for the model 4 times)
        return load_model(*key)
    with st.spinner(t("models.loading", name=entry.label)):  # drawn only when the load takes over 0.5 s
        ckpt = load_model(*key)
    _LOADED.add(key)
    return ckpt


_LOADED: set[tuple[str, float]] = set()  # (path, mtime) that load_model has returned once in this process


def add_user_model(ckpt: Checkpoint, label: str) -> str:
    """Register an uploaded or trained model for this session and make it active; returns its key."""
    key = f"user:{uuid.uuid4().hex[:10]}"  # unique across sessions: analysis caches are server-wide
    ckpt.name = label
    ckpt.model.eval()
    state.get("user_models")[key] = ckpt
    state.put("model_key", key)
    return key


def active_model() -> tuple[str, Checkpoint] | None:
    """(key, checkpoint) of the active model, falling back to the default (first) model on disk; None if there
    is none. A model that no longer loads (its files changed) is left for the default, with a message."""
    key = state.get("model_key")
    user_models = state.get("user_models")
    if key in user_models:
        return key, user_models[key]
    entries = [e for e in disk_entries() if not e.problem]
    chosen = next((e for e in entries if e.key == key), None)
    for entry in dict.fromkeys(e for e in (chosen, entries[0] if entries else None) if e is not None):
        try:
            ckpt = load_entry(entry)
        except CheckpointError as exc:
            st.session_state["_model_message"] = ("error", t("models.load_failed", name=entry.label, error=exc))
            continue
        if entry.key != key and key is not None:
            state.put("model_key", entry.key)
        return entry.key, ckpt
    return None


class LazyHeadActs(dict):
    """The activations of one run, where "hook_logits" [T, V] and "probs" [T, V] are computed on first use.

    Why: the Attention, Softmax and Embeddings pages never read the logits, and for GPT-2 small lm_head
    (768 x 50257) is about 30% of the pass and two 26 MB arrays. The lock keeps two sessions that share the
    cached run from computing them twice."""

    LAZY = ("hook_logits", "probs")

    def __init__(self, acts: dict, head) -> None:
        super().__init__(acts)
        self._head = head  # normalized [T, C] -> logits [T, V] as torch
        self._lock = threading.Lock()

    def __missing__(self, name: str) -> np.ndarray:
        if name not in self.LAZY:
            raise KeyError(name)
        with self._lock:
            if name not in self.keys():
                logits = self._head(torch.from_numpy(np.array(self["transformer.ln_f.hook_normalized"])))
                for key, arr in (("hook_logits", logits.float().numpy()),
                                 ("probs", torch.softmax(logits.float(), dim=-1).numpy())):  # [T, V] each
                    arr.flags.writeable = False
                    self[key] = arr
            return dict.__getitem__(self, name)


@dataclass(frozen=True)
class Analysis:
    """Everything one explicit forward pass recorded, as read-only numpy arrays without the batch dimension."""

    ids: tuple[int, ...]
    acts: dict  # hook name -> np.ndarray, e.g. "transformer.h.0.attn.hook_pattern" [nh, T, T] (LazyHeadActs)
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
    """The single cached run_with_cache per (model, ids, interventions); pages only read its arrays. The logits
    and probabilities are computed when a page first asks for them (LazyHeadActs)."""
    model = _ckpt.model
    _, cache = model.run_with_cache(torch.tensor([ids]), interventions, head=False)
    acts = {}
    for name, tensor in cache.items():
        arr = tensor[0].float().numpy()
        arr.flags.writeable = False
        acts[name] = arr

    def head(normalized: torch.Tensor) -> torch.Tensor:  # [T, C] -> [T, V]
        return model.logits_from_final(normalized.to(next(model.parameters()).dtype)[None])[0]

    return Analysis(ids=ids, acts=LazyHeadActs(acts, head), n_layer=_ckpt.config.n_layer)


@dataclass(frozen=True)
class Vocabulary:
    """Every id's text, three ways, per model (shared by every session: read-only)."""
    strings: tuple[str, ...]  # token_str(i)
    labels: tuple[str, ...]  # gpt_core.tokenizers.token_label: chips, axes, tables
    visible: tuple[str, ...]  # explorer.figures.visible_token_labels: bar labels, hovers
    kinds: tuple[str, ...]  # gpt_core.tokenizers.token_kind: the vocabulary map's colours


@st.cache_resource(show_spinner=False, max_entries=16)
def vocabulary(_tokenizer, model_key: str, vocab_size: int) -> Vocabulary:
    """Built once per model: for GPT-2's 50,257 ids the strings take 45 ms, the visible labels 380 ms and the kinds
    150 ms, which the Next token and Embeddings pages used to pay on every rerun."""
    from explorer.figures import visible_token_labels
    from gpt_core.tokenizers import token_kind, token_label

    strings = tuple(_tokenizer.token_str(i) for i in range(vocab_size))
    return Vocabulary(strings, tuple(token_label(s) for s in strings), tuple(visible_token_labels(list(strings))),
                      tuple(token_kind(s) for s in strings))
