"""1 · Data, tokenizer, model and training settings, and the Start button."""
from __future__ import annotations

import streamlit as st

from explorer.ui import state
from explorer.i18n import current_language, error_text, t
from explorer.jobs import JobError, JobSpec
from gpt_core.config import ACTIVATIONS, POS_ENCODINGS, PRESETS, ConfigError, GPTConfig
from gpt_core.interp.params import parameter_count_for_config
from gpt_core.optim import OPTIMIZERS
from gpt_core.train import TrainConfig, TrainConfigError

from .corpus import choose_corpus, distinct_chars
from .persist import MODEL_KEYS, load_preset, setting

# AdamW moves every weight by about lr per step whatever its gradient, and these models' weights start near 0.02.
# Measured on the sort task, "tiny" preset, 300 steps: 3e-3 to 3e-2 learn; 1e-1 already stays at ln(V), and
# 3e-1 or 1.0 only fail the same way (1.0 first jumps to ~3x ln V). So the slider stops at 1e-1: high enough
# to watch a too-large rate fail, no higher. 6e-3 is the default and the fast-cpu preset's rate (with Muon).
LR_CHOICES = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 6e-3, 1e-2, 3e-2, 1e-1]
CUSTOM = "custom"  # the preset picker's entry for hand-set fields


def _tokenizer(corpus, disabled: bool, lang: str) -> tuple[str, int | None]:
    """The tokenizer kind and the vocabulary size V it gives (None while there is no corpus)."""
    st.subheader(t("train.tokenizer"))
    kind = st.radio(t("train.tokenizer"), ["char", "bpe"], **setting("train_tokenizer"), horizontal=True,
                    format_func=lambda name: t(f"train.tokenizer_kind.{name}", lang), label_visibility="collapsed",
                    disabled=disabled)
    if kind == "bpe":
        st.number_input(t("train.bpe_vocab"), min_value=256, max_value=8192, step=64, **setting("train_bpe_vocab"),
                        disabled=disabled)
        st.caption(t("train.bpe_note"))
        return kind, int(st.session_state["train_bpe_vocab"])
    return kind, distinct_chars(corpus.text) if corpus is not None else None


def _model_fields(disabled: bool, lang: str) -> list:
    st.subheader(t("train.model"))
    st.selectbox(t("train.preset"), [*PRESETS, CUSTOM], key="train_preset", on_change=load_preset,
                 format_func=lambda name: t("train.custom", lang) if name == CUSTOM else name, disabled=disabled)
    cols = st.columns(4)
    cols[0].number_input(t("train.n_layer"), 1, 12, **setting("train_n_layer"), disabled=disabled)
    cols[1].number_input(t("train.n_head"), 1, 16, **setting("train_n_head"), disabled=disabled)
    cols[2].number_input(t("train.n_embd"), 1, 1024, step=8, **setting("train_n_embd"), disabled=disabled)
    cols[3].number_input(t("train.block_size"), 2, 512, step=8, **setting("train_block_size"), disabled=disabled)
    cols = st.columns(4)
    cols[0].selectbox(t("train.pos"), POS_ENCODINGS, **setting("train_pos"), disabled=disabled)
    cols[1].selectbox(t("train.act"), ACTIVATIONS, **setting("train_act"), disabled=disabled)
    cols[2].number_input(t("train.dropout"), 0.0, 0.9, step=0.05, **setting("train_dropout"), disabled=disabled)
    return cols


def _model(vocab: int | None, disabled: bool, lang: str) -> tuple[dict, bool]:
    """The model fields (GPTConfig minus vocab_size) and whether they build; the live parameter count."""
    cols = _model_fields(disabled, lang)
    model = {field: st.session_state[key] for field, key in MODEL_KEYS.items()}
    model["dropout"] = float(model["dropout"])
    try:
        cfg = GPTConfig(**model, vocab_size=vocab or 1)
    except ConfigError as exc:
        st.error(t("train.model_error", error=error_text(exc)))
        return model, False
    if vocab:
        counts = parameter_count_for_config(cfg)
        cols[3].metric(t("train.params"), f"{counts['total']:,}")
        st.caption(t("train.params_caption", vocab=vocab, C=cfg.n_embd, wte=counts["wte"], wpe=counts["wpe"],
                     attn=counts["attention"], mlp=counts["mlp"], ln=counts["layernorm"]))
    return model, True


def _training(block_size: int, disabled: bool, lang: str) -> TrainConfig | None:
    st.subheader(t("train.training"))
    st.radio(t("train.optimizer"), OPTIMIZERS, **setting("train_optimizer"), horizontal=True,
             format_func=lambda name: t(f"train.optimizer.{name}", lang), help=t("train.optimizer_help", lang),
             disabled=disabled)
    cols = st.columns(4)
    cols[0].number_input(t("train.steps"), 1, 100_000, step=100, **setting("train_steps"), disabled=disabled)
    cols[1].number_input(t("train.batch"), 1, 512, step=8, **setting("train_batch"), disabled=disabled)
    cols[2].select_slider(t("train.lr"), LR_CHOICES, **setting("train_lr"), format_func=lambda v: f"{v:g}",
                          disabled=disabled)
    cols[3].number_input(t("train.seed"), 0, 2**31 - 1, **setting("train_seed"), disabled=disabled)
    steps = int(st.session_state["train_steps"])
    every = max(1, steps // 10)
    lr = float(st.session_state["train_lr"])
    try:
        train = TrainConfig(steps=steps, batch_size=int(st.session_state["train_batch"]), lr=lr, min_lr=lr / 10,
                            warmup_steps=min(100, steps // 10), eval_every=every, eval_batches=8,
                            sample_every_evals=3, sample_tokens=min(200, 4 * int(block_size)), sample_prompt="\n",
                            seed=int(st.session_state["train_seed"]),
                            optimizer=str(st.session_state["train_optimizer"]))
    except TrainConfigError as exc:
        st.error(error_text(exc))
        return None
    st.caption(t(f"train.training_caption.{train.optimizer}", tokens=train.batch_size * block_size, every=every))
    return train


def _settings(disabled: bool) -> JobSpec | None:
    """Draw the settings; returns a JobSpec when they describe a run that can start, else None."""
    lang = current_language()  # bound now: Streamlit may call a format_func after the run
    corpus = choose_corpus(disabled)
    if corpus is not None:
        st.markdown(t("train.corpus_summary", name=corpus.name, chars=len(corpus.text),
                      distinct=distinct_chars(corpus.text)))
    kind, vocab = _tokenizer(corpus, disabled, lang)
    model, model_ok = _model(vocab, disabled, lang)
    train = _training(model["block_size"], disabled, lang)
    if train is None or corpus is None or not model_ok:
        return None
    return JobSpec(corpus=corpus, train=train, model=model, tokenizer=kind,
                   bpe_vocab_size=int(st.session_state["train_bpe_vocab"]), probe_text=state.get("text") or "",
                   label=t("train.spec_label", corpus=corpus.name))


def render(registry, session_id: str, view) -> None:
    """The settings expander (open until a run exists) and Start, which starts a job and points the URL at it."""
    busy = view is not None and view.active
    with st.expander(t("train.setup"), expanded=view is None):
        spec = _settings(disabled=busy)
        if busy:
            st.info(t("train.busy"))
        if st.button(t("train.start"), key="train_start", type="primary", disabled=busy or spec is None,
                     help=t("train.start_help")):
            try:
                job = registry.start(session_id, spec)
            except JobError as exc:  # incl. JobLimitError, the server-wide cap
                st.error(t(exc.key, **exc.fields))
            else:
                st.query_params["job"] = job.token
                st.rerun()
