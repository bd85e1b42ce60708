"""Train a tiny GPT in the browser and watch it learn.

Thin page: the run lives in explorer.jobs (a background thread); the numbers come from
explorer.analysis.train; this file only reads settings, starts/stops jobs and draws their state.
"""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer import figures
from explorer.ui import sidebar, state
from explorer.analysis.train import bucket_means, format_duration, training_hints
from explorer.figures.embeddings import vocab_scatter
from explorer.ui.frame import page_setup
from explorer.i18n import t
from explorer.jobs import JobError, JobSpec, current_session_id, shared_registry
from explorer.ui.resources import add_user_model
from explorer.ui.widgets import chart
from gpt_core.config import ACTIVATIONS, POS_ENCODINGS, PRESETS, ConfigError, GPTConfig
from gpt_core.data import (TASKS, CorpusError, corpus_from_bytes, corpus_from_text, download_shakespeare,
                           find_shakespeare, load_shakespeare, make_task_corpus)
from gpt_core.tokenizers import TOKEN_KINDS
from gpt_core.train import TrainConfig, TrainConfigError

TEXT = {
    "title": "Train a tiny GPT",
    "intro": (
        "Pick some text, a tokenizer and a model size, and train a GPT from random weights right here. "
        "The loss is the cross-entropy of the next-token predictions in nats per token: it starts near ln(V), "
        "the score of guessing uniformly among the V tokens, and falls as the model learns. At every evaluation "
        "the run also feeds one fixed probe text through the model and records its attention patterns, its "
        "next-token probabilities and a map of its token embeddings, so you can scrub back through training "
        "and watch structure appear."
    ),
    "setup": "1 · Data, tokenizer, model and training settings",
    "data": "Training text",
    "source_labels": {"task": "A synthetic task (fast, crisp attention)", "shakespeare": "Tiny Shakespeare",
                      "upload": "Upload a .txt file", "paste": "Paste text"},
    "task": "Task",
    "shakespeare_found": "Tiny Shakespeare found at `{path}`.",
    "shakespeare_missing": ("Tiny Shakespeare (1.1 MB, Karpathy's char-rnn data) is not on this machine. "
                            "Nothing is downloaded unless you press the button."),
    "download": "Download Tiny Shakespeare (1.1 MB)",
    "downloading": "Downloading… {done:,} of {total} bytes",
    "downloaded": "Downloaded and verified (sha256) to `{path}`.",
    "upload": "A plain-text (.txt) file, UTF-8, up to {mb} MB",
    "upload_prompt": "Choose a .txt file to train on.",
    "paste": "Text to train on",
    "paste_prompt": "Paste at least a few hundred characters to train on.",
    "corpus_summary": "**{name}**: {chars:,} characters, {distinct} distinct.",
    "tokenizer": "Tokenizer",
    "tokenizer_labels": {"char": "characters (one token per character)", "bpe": "byte-level BPE (learned merges)"},
    "bpe_vocab": "BPE vocabulary size (256 byte tokens + merges)",
    "bpe_note": "A short text may stop with fewer merges; the real vocabulary size is shown once the run starts.",
    "model": "Model",
    "preset": "Start from a preset",
    "custom": "custom",
    "n_layer": "layers", "n_head": "heads", "n_embd": "n_embd (C)", "block_size": "context (block size T)",
    "pos": "position encoding", "act": "MLP activation", "dropout": "dropout",
    "params": "parameters",
    "params_caption": ("for V = {vocab} tokens: embedding wte [V={vocab}, C={C}] {wte:,} · positions {wpe:,} · "
                       "attention {attn:,} · MLP {mlp:,} · LayerNorm {ln:,} (lm_head is tied to wte)"),
    "training": "Training",
    "steps": "steps", "batch": "batch size", "lr": "peak learning rate", "seed": "seed",
    "training_caption": ("{tokens:,} tokens per step (batch × T). AdamW with warmup and cosine decay; "
                         "an evaluation (with a snapshot) every {every} steps, a text sample every third one."),
    "start": "Start training",
    "start_help": "Trains in the background: you can switch pages while it runs.",
    "busy": "A run is in progress: stop it to change the settings or start another.",
    "run": "2 · The run",
    "status": {"new": "Waiting to start…", "preparing": "Building the tokenizer and the model…",
               "running": "Training…", "stopping": "Stopping after the current step…",
               "done": "Finished.", "stopped": "Stopped: the model keeps the weights it had.",
               "failed": "The run failed."},
    "progress": "step {step:,} / {total:,} · {tps} tokens/s · elapsed {elapsed} · ETA {eta}",
    "stop": "Stop",
    "loss_caption": ("Cross-entropy loss [nats/token] of model `{corpus}` (V = {vocab}). Train and validation are "
                     "measured on the same fixed batches at each evaluation, so points are comparable across steps; "
                     "the faint line is each step's own batch loss{bucket}. The dashed line is ln(V) = {uniform:.3f}, "
                     "guessing uniformly; the dotted one a bigram model counted from the training text ({bigram:.3f})."),
    "bucket": " (mean of every {n} steps)",
    "no_evals": "The first evaluation (at step 0, about ln(V)) appears in a moment.",
    "samples": "Samples: text the model generates from '⏎' (same seed each time)",
    "sample_at": "step {step}",
    "older_samples": "Earlier samples",
    "watch": "3 · Watch it learn",
    "watch_intro": ("At each evaluation the run fed the same probe ({source}, {T} tokens) through the model. Drag the "
                    "slider to see what the model did with it at that step."),
    "probe": "Probe text",
    "no_snapshots": "The first snapshot (the random initial weights, step 0) appears in a moment.",
    "snapshot": "snapshot at step",
    "tab_attention": "Attention", "tab_next": "Next token", "tab_embed": "Embeddings",
    "attention_title": "attention patterns [L={L}, nh={nh}, T={T}, T={T}] at step {step}",
    "attention_caption": ("Attention pattern [nh={nh}, T={T}, T={T}] of each of the {L} layers on the probe at step {step}: "
                          "row = query token, column = key token, grey = masked future. Random weights attend "
                          "almost uniformly; learned heads sharpen into stripes."),
    "induction_caption": (" The probe is a random string written twice: an induction head puts its weight "
                          "{offset} positions before the diagonal in the second half (the token that followed the "
                          "current one last time); the score under each head is that average weight."),
    "induction_label": "induction {score:.2f}",
    "next_title": "next-token probabilities after '{last}' at step {step} (top {k} of V={vocab})",
    "next_caption": ("Softmax of the logits [V={vocab}] at the probe's last position (token {pos}, '{last}') at step "
                     "{step}. Loss inside the probe: {loss:.3f} nats/token."),
    "next_expected": " The true next token '{token}' gets p = {p:.3f}.",
    "embed_title": "token embeddings wte [V={vocab}, C={C}] on their top-2 principal axes at step {step}",
    "embed_caption": ("Each point is one row of the token embedding wte [V={vocab}, C={C}] projected on the two "
                      "directions of largest variance at this step ({var:.0%} of it); larger outlined points occur "
                      "in the probe. Tokens the model treats alike drift together as it learns."),
    "results": "4 · Keep the model",
    "explore": "Explore this model",
    "explore_help": "Make it the active model on every page (it is listed in the sidebar for this session).",
    "explored": "'{label}' is now the active model on every page.",
    "listed": "The trained model is listed in the sidebar's model picker as '{label}' for this session.",
    "download_ckpt": "Download the checkpoint (.safetensors)",
    "resume": "Resume to step {target:,}",
    "resume_failed": "Resume to step {target:,} with learning rate {lr:g}",
    "resume_help": "Continues from the current weights and optimizer state.",
    "job_gone": "The run this link pointed to is no longer on the server (it ended with its session).",
    "label": "trained: {corpus} · {steps:,} steps{suffix}",
}

# Refresh periods while a run is active. Every refresh builds figures in this process, competing with the
# training thread for the CPU (and the GIL): the cheap progress view polls often, the snapshot views rarely.
POLL_S = 1.0
WATCH_POLL_S = 5.0
UPLOAD_LIMIT_MB = 5
TASK_EXAMPLES = 2000
# Widget defaults: a synthetic task with the "tiny" preset trains in about a minute on 2 CPU cores.
DEFAULTS = {
    "train_source": "task", "train_task": "sort", "train_tokenizer": "char", "train_bpe_vocab": 512,
    "train_preset": "tiny", "train_n_layer": 2, "train_n_head": 2, "train_n_embd": 64, "train_block_size": 32,
    "train_pos": "learned", "train_act": "gelu", "train_dropout": 0.0,
    "train_steps": 1000, "train_batch": 32, "train_lr": 3e-3, "train_seed": 1337, "train_paste": "",
}
# AdamW moves every weight by about lr per step whatever its gradient, and these models' weights start near 0.02.
# Measured on the sort task, "tiny" preset, 300 steps: 3e-3 to 3e-2 learn; 1e-1 already stays at ln(V), and
# 3e-1 or 1.0 only fail the same way (1.0 first jumps to ~3x ln V). So the slider stops at 1e-1: high enough
# to watch a too-large rate fail, no higher.
LR_CHOICES = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]
MODEL_KEYS = {"n_layer": "train_n_layer", "n_head": "train_n_head", "n_embd": "train_n_embd",
              "block_size": "train_block_size", "pos_encoding": "train_pos", "activation": "train_act",
              "dropout": "train_dropout"}


# ---- cached data ----------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=4)
def _task_corpus(name: str):
    return make_task_corpus(name, n_examples=TASK_EXAMPLES, seed=0)


@st.cache_resource(show_spinner="Reading Tiny Shakespeare…", max_entries=2)
def _shakespeare(path: str, mtime: float):
    return load_shakespeare(path)


@st.cache_data(show_spinner=False, max_entries=2)
def _upload_corpus(data: bytes, name: str):
    return corpus_from_bytes(data, name=name, max_bytes=UPLOAD_LIMIT_MB * 2**20)


@st.cache_data(show_spinner=False, max_entries=8)
def _distinct_chars(text: str) -> int:
    return len(set(text))


def _parameter_counts(cfg: GPTConfig) -> dict:
    try:
        from gpt_core.inspect import parameter_count_for_config
    except ImportError:  # older gpt_core: build the model and count
        from gpt_core.model import GPT

        total = GPT(cfg).num_parameters()
        return {"total": total, "wte": cfg.vocab_size * cfg.n_embd, "wpe": 0, "attention": 0, "mlp": 0, "layernorm": 0}
    return parameter_count_for_config(cfg)


# ---- session glue ---------------------------------------------------------------------------------
SETTINGS_KEY = "_train_settings"  # a plain dict: the settings' source of truth (see _restore_settings)


def _saved_settings() -> dict:
    if SETTINGS_KEY not in st.session_state:  # first visit: the defaults, or values set before it (tests)
        st.session_state[SETTINGS_KEY] = {key: st.session_state.get(key, d) for key, d in DEFAULTS.items()}
    return st.session_state[SETTINGS_KEY]


def _restore_settings() -> None:
    """Give every setting widget its saved value before it is drawn.

    Streamlit forgets a widget's value after a run that did not draw it (every run of another page, and on
    this page the task or the pasted text while another source is chosen); it may even bring back an older
    value under the same key. A plain dict is kept, so it is the truth, and widgets write to it on change.
    """
    saved = _saved_settings()
    for key in DEFAULTS:
        st.session_state[key] = saved[key]


def _remember(key: str) -> None:
    _saved_settings()[key] = st.session_state[key]


def _setting(key: str) -> dict:
    """Widget arguments of a setting: its key, and a callback that saves every change."""
    return dict(key=key, on_change=_remember, args=(key,))


def _load_preset() -> None:
    _remember("train_preset")
    name = st.session_state["train_preset"]
    if name in PRESETS:
        values = GPTConfig(**PRESETS[name]).to_dict()
        for field, key in MODEL_KEYS.items():
            st.session_state[key] = values[field]
            _remember(key)


def _listed() -> dict:
    return st.session_state.setdefault("_train_listed", {})  # "job token:finished runs" -> (model key, label)


def _list_finished_run(job, view) -> None:
    """Put an ended run's model in the sidebar picker (without activating it), once per finished run."""
    if not view.ended or job.trainer is None or job.trainer.step == 0:
        return
    tag = f"{job.token}:{view.runs}"
    listed = _listed()
    if tag in listed and listed[tag][0] in state.get("user_models"):
        return
    suffix = {"stopped": " (stopped)", "failed": " (failed, last good weights)"}.get(view.status, "")
    label = TEXT["label"].format(corpus=view.spec.corpus.name, steps=job.trainer.step, suffix=suffix)
    previous = state.get("model_key")
    key = add_user_model(job.export_checkpoint(label), label)  # registers and activates ...
    state.set("model_key", previous)  # ... but listing must not change what the other pages show
    listed[tag] = (key, label)
    st.rerun()  # the sidebar was drawn before this page: redraw it with the new entry


# ---- 1 · settings ---------------------------------------------------------------------------------
def _choose_corpus(disabled: bool):
    source = st.radio(TEXT["data"], list(TEXT["source_labels"]), **_setting("train_source"), horizontal=True,
                      format_func=TEXT["source_labels"].get, disabled=disabled)
    if source == "task":
        name = st.selectbox(TEXT["task"], list(TASKS), **_setting("train_task"), disabled=disabled)
        st.caption(TASKS[name].description)
        return _task_corpus(name)
    if source == "shakespeare":
        path = find_shakespeare()
        if path is not None:
            st.caption(TEXT["shakespeare_found"].format(path=path))
            try:
                return _shakespeare(str(path), path.stat().st_mtime)
            except CorpusError as exc:
                st.error(str(exc))
                return None
        st.info(TEXT["shakespeare_missing"])
        if st.button(TEXT["download"], key="train_download"):
            bar = st.progress(0.0, text=TEXT["downloading"].format(done=0, total="?"))

            def progress(done, total):
                bar.progress(min(1.0, done / total) if total else 0.0,
                             text=TEXT["downloading"].format(done=done, total=f"{total:,}" if total else "?"))

            try:
                saved = download_shakespeare(progress=progress)
            except CorpusError as exc:
                bar.empty()
                st.error(str(exc))
                return None
            st.success(TEXT["downloaded"].format(path=saved))
            return _shakespeare(str(saved), saved.stat().st_mtime)
        return None
    if source == "upload":
        upload = st.file_uploader(TEXT["upload"].format(mb=UPLOAD_LIMIT_MB), type=["txt"], key="train_upload")
        if upload is None:
            st.caption(TEXT["upload_prompt"])
            return None
        try:
            return _upload_corpus(upload.getvalue(), upload.name)
        except CorpusError as exc:
            st.error(str(exc))
            return None
    pasted = st.text_area(TEXT["paste"], **_setting("train_paste"), height=160)
    if not pasted:
        st.caption(TEXT["paste_prompt"])
        return None
    try:
        return corpus_from_text(pasted, name="pasted", max_bytes=UPLOAD_LIMIT_MB * 2**20)
    except CorpusError as exc:
        st.error(str(exc))
        return None


def _settings(disabled: bool):
    """Draw the settings; returns a JobSpec when they describe a run that can start, else None."""
    corpus = _choose_corpus(disabled)
    vocab = None
    if corpus is not None:
        distinct = _distinct_chars(corpus.text)
        st.markdown(TEXT["corpus_summary"].format(name=corpus.name, chars=len(corpus.text), distinct=distinct))
    st.subheader(TEXT["tokenizer"])
    kind = st.radio(TEXT["tokenizer"], ["char", "bpe"], **_setting("train_tokenizer"), horizontal=True,
                    format_func=TEXT["tokenizer_labels"].get, label_visibility="collapsed", disabled=disabled)
    if kind == "bpe":
        st.number_input(TEXT["bpe_vocab"], min_value=256, max_value=8192, step=64, **_setting("train_bpe_vocab"),
                        disabled=disabled)
        st.caption(TEXT["bpe_note"])
        vocab = int(st.session_state["train_bpe_vocab"])
    elif corpus is not None:
        vocab = distinct

    st.subheader(TEXT["model"])
    st.selectbox(TEXT["preset"], [*PRESETS, TEXT["custom"]], key="train_preset", on_change=_load_preset,
                 disabled=disabled)
    cols = st.columns(4)
    cols[0].number_input(TEXT["n_layer"], 1, 12, **_setting("train_n_layer"), disabled=disabled)
    cols[1].number_input(TEXT["n_head"], 1, 16, **_setting("train_n_head"), disabled=disabled)
    cols[2].number_input(TEXT["n_embd"], 1, 1024, step=8, **_setting("train_n_embd"), disabled=disabled)
    cols[3].number_input(TEXT["block_size"], 2, 512, step=8, **_setting("train_block_size"), disabled=disabled)
    cols = st.columns(4)
    cols[0].selectbox(TEXT["pos"], POS_ENCODINGS, **_setting("train_pos"), disabled=disabled)
    cols[1].selectbox(TEXT["act"], ACTIVATIONS, **_setting("train_act"), disabled=disabled)
    cols[2].number_input(TEXT["dropout"], 0.0, 0.9, step=0.05, **_setting("train_dropout"), disabled=disabled)
    model = {field: st.session_state[key] for field, key in MODEL_KEYS.items()}
    model["dropout"] = float(model["dropout"])
    model_ok = True
    try:
        cfg = GPTConfig(**model, vocab_size=vocab or 1)
    except ConfigError as exc:
        st.error(f"This model cannot be built: {exc}")
        model_ok = False
    else:
        if vocab:
            counts = _parameter_counts(cfg)
            cols[3].metric(TEXT["params"], f"{counts['total']:,}")
            st.caption(TEXT["params_caption"].format(vocab=vocab, C=cfg.n_embd, wte=counts["wte"], wpe=counts["wpe"],
                                                     attn=counts["attention"], mlp=counts["mlp"],
                                                     ln=counts["layernorm"]))

    st.subheader(TEXT["training"])
    cols = st.columns(4)
    cols[0].number_input(TEXT["steps"], 1, 100_000, step=100, **_setting("train_steps"), disabled=disabled)
    cols[1].number_input(TEXT["batch"], 1, 512, step=8, **_setting("train_batch"), disabled=disabled)
    cols[2].select_slider(TEXT["lr"], LR_CHOICES, **_setting("train_lr"), format_func=lambda v: f"{v:g}",
                          disabled=disabled)
    cols[3].number_input(TEXT["seed"], 0, 2**31 - 1, **_setting("train_seed"), disabled=disabled)
    steps = int(st.session_state["train_steps"])
    every = max(1, steps // 10)
    try:
        train = TrainConfig(steps=steps, batch_size=int(st.session_state["train_batch"]),
                            lr=float(st.session_state["train_lr"]), min_lr=float(st.session_state["train_lr"]) / 10,
                            warmup_steps=min(100, steps // 10), eval_every=every, eval_batches=8,
                            sample_every_evals=3, sample_tokens=min(200, 4 * int(model["block_size"])),
                            sample_prompt="\n",
                            seed=int(st.session_state["train_seed"]))
    except TrainConfigError as exc:
        st.error(str(exc))
        return None
    st.caption(TEXT["training_caption"].format(tokens=train.batch_size * model["block_size"], every=every))
    if corpus is None or not model_ok:
        return None
    return JobSpec(corpus=corpus, train=train, model=model, tokenizer=kind,
                   bpe_vocab_size=int(st.session_state["train_bpe_vocab"]), probe_text=state.get("text") or "",
                   label=f"trained: {corpus.name}")


# ---- 2 · the live run -----------------------------------------------------------------------------
def _loss_chart(view) -> None:
    if not view.evals:
        st.caption(TEXT["no_evals"])
        return
    baselines = {}
    if "uniform" in view.baselines:
        baselines["uniform ln(V)"] = view.baselines["uniform"]
    if "bigram" in view.baselines:
        baselines["bigram"] = view.baselines["bigram"]
    fig = figures.loss_curve(view.evals, baselines, title=f"loss of '{view.spec.corpus.name}' (nats per token)")
    xs, ys = bucket_means(view.batch_steps, view.batch_losses, max_points=400)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="batch loss", opacity=0.35,
                             line=dict(color=figures.TRAIN_COLOR, width=1),
                             hovertemplate="step %{x}: batch %{y:.4f}<extra></extra>"))
    batch = pd.DataFrame({"step": list(view.batch_steps), "batch_loss": list(view.batch_losses)})
    evals = pd.DataFrame(view.evals, columns=["step", "train_loss", "val_loss"])
    data = batch.merge(evals, on="step", how="outer").sort_values("step")
    chart(fig, key="train_loss_chart", data=data, file_stem="training_loss")
    bucket = TEXT["bucket"].format(n=-(-len(view.batch_steps) // 400)) if len(view.batch_steps) > 400 else ""
    st.caption(TEXT["loss_caption"].format(corpus=view.spec.corpus.name, vocab=view.vocab_size, bucket=bucket,
                                           uniform=view.baselines.get("uniform", float("nan")),
                                           bigram=view.baselines.get("bigram", float("nan"))))


def _samples(view) -> None:
    if not view.samples:
        return
    st.markdown(f"**{TEXT['samples']}**")
    step, text = view.samples[-1]
    st.caption(TEXT["sample_at"].format(step=step))
    st.code(text, language=None)
    if len(view.samples) > 1:
        with st.expander(TEXT["older_samples"]):
            for step, text in reversed(view.samples[:-1]):
                st.caption(TEXT["sample_at"].format(step=step))
                st.code(text, language=None)


def _pick_snapshot(view):
    """The snapshot the slider points at; it follows the newest one unless the user moved it back."""
    steps = [s.step for s in view.snapshots]
    chosen = st.session_state.get("train_snapshot")  # the slider's value from the last run
    newest_before = st.session_state.get("_train_snap_newest")
    if st.session_state.get("_train_snap_job") != view.token or chosen not in steps or chosen == newest_before:
        chosen = steps[-1]
    st.session_state["_train_snap_job"] = view.token
    st.session_state["_train_snap_newest"] = steps[-1]
    if len(steps) > 1:
        st.session_state["train_snapshot"] = chosen  # new snapshots change the options: keep the choice
        chosen = st.select_slider(TEXT["snapshot"], steps, key="train_snapshot")
    return view.snapshots[steps.index(chosen)]


def _watch(view) -> None:
    st.subheader(TEXT["watch"])
    probe = view.probe
    if probe is None or not view.snapshots:
        st.caption(TEXT["no_snapshots"])
        return
    T = len(probe)
    st.caption(TEXT["watch_intro"].format(source=probe.source, T=T))
    st.code(probe.text, language=None)
    snap = _pick_snapshot(view)
    L, nh = snap.attention.shape[:2]
    C = view.spec.model["n_embd"]
    tabs = st.tabs([TEXT["tab_attention"], TEXT["tab_next"], TEXT["tab_embed"]])
    with tabs[0]:
        labels = None
        if snap.induction is not None:
            labels = [[TEXT["induction_label"].format(score=snap.induction[l, h]) for h in range(nh)] for l in range(L)]
        fig = figures.attention_grid(snap.attention, labels=labels,
                                     title=TEXT["attention_title"].format(L=L, nh=nh, T=T, step=snap.step))
        chart(fig, key="train_attention", data={"step": snap.step, "tokens": list(probe.labels),
                                                "attention [L, nh, T, T]": snap.attention},
              file_stem=f"attention_step{snap.step}")
        caption = TEXT["attention_caption"].format(nh=nh, T=T, L=L, step=snap.step)
        if probe.repeat_len:
            caption += TEXT["induction_caption"].format(offset=probe.repeat_len - 1)
        st.caption(caption)
    with tabs[1]:
        tokens = [view.labels[i] for i in snap.top_ids]
        last = probe.labels[-1]
        fig = figures.next_token_bars(tokens, snap.top_probs, snap.top_probs,
                                      title=TEXT["next_title"].format(last=last, step=snap.step, k=len(tokens),
                                                                      vocab=view.vocab_size))
        fig.data = fig.data[:1]  # no sampling filters here: one series, the raw softmax
        fig.data[0].name = f"softmax at step {snap.step}"
        table = pd.DataFrame({"token": tokens, "id": snap.top_ids, "probability": snap.top_probs})
        chart(fig, key="train_next", data=table, file_stem=f"next_token_step{snap.step}")
        caption = TEXT["next_caption"].format(vocab=view.vocab_size, pos=T - 1, last=last, step=snap.step,
                                              loss=snap.probe_loss)
        if probe.expected_next is not None and snap.expected_prob is not None:
            caption += TEXT["next_expected"].format(token=view.labels[probe.expected_next], p=snap.expected_prob)
        st.caption(caption)
    with tabs[2]:
        probe_ids = set(probe.ids)
        in_probe = [i in probe_ids for i in range(len(view.labels))]
        # the Embeddings page's classifier, names and colours (gpt_core.tokenizers.token_kind)
        kinds = [t(f"embeddings.kind.{kind}") for kind in view.categories]
        fig = vocab_scatter(snap.embedding_xy, list(view.labels), kinds,
                            [t(f"embeddings.kind.{kind}") for kind in TOKEN_KINDS], in_probe, snap.explained,
                            title=TEXT["embed_title"].format(vocab=view.vocab_size, C=C, step=snap.step))
        table = pd.DataFrame({"token": list(view.labels), "pc1": snap.embedding_xy[:, 0],
                              "pc2": snap.embedding_xy[:, 1], "kind": list(view.categories)})
        chart(fig, key="train_embed", data=table, file_stem=f"embeddings_step{snap.step}")
        st.caption(TEXT["embed_caption"].format(vocab=view.vocab_size, C=C, var=float(sum(snap.explained))))


def _job_for_fragment(token: str, polling: bool):
    """The job's fresh state for a fragment run, or None; a fragment that finds the run ended redraws the page."""
    job = shared_registry().get(token)
    if job is None:
        return None, None
    job.touch()
    view = job.view()
    if polling and not view.active:
        st.rerun()  # the run just ended: redraw the whole page once, which turns the polling off
    return job, view


def _progress_panel(token: str, polling: bool) -> None:
    """Status, progress, Stop, hints and the loss chart: cheap, so refreshed every POLL_S seconds."""
    job, view = _job_for_fragment(token, polling)
    if job is None:
        return
    st.subheader(TEXT["run"])
    cols = st.columns([5, 1])
    with cols[1]:
        if view.active and st.button(TEXT["stop"], key="train_stop", disabled=view.status == "stopping"):
            job.stop()  # the Trainer ends after the current step; the next poll shows "stopped"
            view = job.view()
    with cols[0]:
        st.markdown(f"**{TEXT['status'][view.status]}**")
        fraction = min(1.0, view.step / view.total_steps) if view.total_steps else 0.0
        tps = f"{view.tokens_per_s:,.0f}" if view.tokens_per_s == view.tokens_per_s else "–"
        st.progress(fraction, text=TEXT["progress"].format(step=view.step, total=view.total_steps, tps=tps,
                                                           elapsed=format_duration(view.elapsed_s),
                                                           eta=format_duration(view.eta_s) if view.active else "0:00"))
    for hint in training_hints(view.evals, view.baselines, view.status, view.error, view.step, view.total_steps):
        getattr(st, hint.level)(hint.text)
    _loss_chart(view)


def _watch_panel(token: str, polling: bool) -> None:
    """Samples and the snapshot views. New snapshots arrive only at evaluations and these figures cost
    ~5x the loss chart to build, so this fragment refreshes every WATCH_POLL_S seconds."""
    job, view = _job_for_fragment(token, polling)
    if job is None:
        return
    _samples(view)
    _watch(view)


# ---- 4 · results ----------------------------------------------------------------------------------
def _explore(token: str, tag: str) -> None:
    """Button callback (runs before the rerun, so the sidebar's picker can still be set): activate the model."""
    key, label = _listed()[tag]
    if key not in state.get("user_models"):  # removed meanwhile: list it again
        job = shared_registry().get(token)
        if job is None:
            return
        key = add_user_model(job.export_checkpoint(label), label)
        _listed()[tag] = (key, label)
    sidebar.select_model(key)  # also swaps in the new model's suggested text; the picker follows model_key
    st.session_state["_train_explored"] = label


def _results(job, view) -> None:
    if not view.ended or job.trainer is None or job.trainer.step == 0:
        return
    st.subheader(TEXT["results"])
    tag = f"{job.token}:{view.runs}"
    entry = _listed().get(tag)
    cols = st.columns(3)
    if entry is not None:
        cols[0].button(TEXT["explore"], key="train_explore", type="primary", help=TEXT["explore_help"],
                       on_click=_explore, args=(job.token, tag))
    cols[1].download_button(TEXT["download_ckpt"], job.checkpoint_bytes(), key="train_download_ckpt",
                            file_name=f"{view.spec.corpus.name.replace(':', '_')}_{job.trainer.step}steps.safetensors",
                            mime="application/octet-stream", on_click="ignore")
    target = job.resume_target()
    lr = job.trainer.cfg.lr / 10 if view.status == "failed" else None
    resume_label = TEXT["resume_failed"].format(target=target, lr=lr) if lr else TEXT["resume"].format(target=target)
    if cols[2].button(resume_label, key="train_resume", help=TEXT["resume_help"]):
        try:
            shared_registry().resume(job, target, lr)
        except JobError as exc:  # includes the server-wide cap
            st.error(str(exc))
        else:
            st.rerun()
    explored = st.session_state.pop("_train_explored", None)
    if explored:
        st.success(TEXT["explored"].format(label=explored))
    elif entry is not None:
        st.caption(TEXT["listed"].format(label=entry[1]))


# ---- the page ---------------------------------------------------------------------------------------
page_setup()
state.init_state()
_restore_settings()
registry = shared_registry()
session_id = current_session_id()
url_token = st.query_params.get("job")
job = registry.attach(url_token, session_id)
if job is not None:
    job.touch()
    if url_token != job.token:
        st.query_params["job"] = job.token  # a reload of this URL re-attaches the run
elif url_token:
    del st.query_params["job"]
    st.info(TEXT["job_gone"])
view = job.view() if job is not None else None
if job is not None:
    _list_finished_run(job, view)

st.title(TEXT["title"])
st.markdown(TEXT["intro"])

busy = view is not None and view.active
with st.expander(TEXT["setup"], expanded=view is None):
    spec = _settings(disabled=busy)
    if busy:
        st.info(TEXT["busy"])
    if st.button(TEXT["start"], key="train_start", type="primary", disabled=busy or spec is None,
                 help=TEXT["start_help"]):
        try:
            job = registry.start(session_id, spec)
        except JobError as exc:  # incl. JobLimitError, the server-wide cap
            st.error(str(exc))
        else:
            st.query_params["job"] = job.token
            st.rerun()

if job is not None:
    st.fragment(_progress_panel, run_every=POLL_S if view.active else None)(job.token, view.active)
    st.fragment(_watch_panel, run_every=WATCH_POLL_S if view.active else None)(job.token, view.active)
    _results(job, view)
