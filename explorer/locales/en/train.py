"""English strings of the Train page (pages/train.py, explorer/ui/train/), its hints (explorer/analysis/train.py)
and the training jobs' errors (explorer/jobs.py)."""
STRINGS = {
    "train.title": "Train a tiny GPT",
    "train.intro": (
        "Pick some text, a tokenizer and a model size, and train a GPT from random weights right here. "
        "The loss is the cross-entropy of the next-token predictions in nats per token: it starts near ln(V), "
        "the score of guessing uniformly among the V tokens, and falls as the model learns. At every evaluation "
        "the run also feeds one fixed probe text through the model and records its attention patterns, its "
        "next-token probabilities and a map of its token embeddings, so you can scrub back through training "
        "and watch structure appear."
    ),
    "train.job_gone": "The run this link pointed to is no longer on the server (it ended with its session).",
    # ---- 1 · settings
    "train.setup": "1 · Data, tokenizer, model and training settings",
    "train.data": "Training text",
    "train.source.task": "A synthetic task (fast, crisp attention)",
    "train.source.shakespeare": "Tiny Shakespeare",
    "train.source.upload": "Upload a .txt file",
    "train.source.paste": "Paste text",
    "train.task": "Task",
    # one per gpt_core.data.TASKS entry; the English text is the task's own description there
    "train.task_desc.reverse": "Reverse a string of letters: 'dbca>acbd'.",
    "train.task_desc.sort": "Sort a string of letters: 'dbca>abcd'.",
    "train.task_desc.repeat": "A random string, then the same string again: learnable only by an induction head.",
    "train.task_desc.induction": (
        "A random string of varying length, then the same string again: a fixed offset cannot solve it, so a "
        "two-layer model grows a previous-token head and an induction head."
    ),
    "train.shakespeare_found": "Tiny Shakespeare found at `{path}`.",
    "train.shakespeare_missing": (
        "Tiny Shakespeare (1.1 MB, Karpathy's char-rnn data) is not on this machine. Nothing is downloaded "
        "unless you press the button."
    ),
    "train.shakespeare_reading": "Reading Tiny Shakespeare…",
    "train.download": "Download Tiny Shakespeare (1.1 MB)",
    "train.downloading": "Downloading… {done:,} bytes",
    "train.downloading_of": "Downloading… {done:,} of {total:,} bytes",
    "train.downloaded": "Downloaded and verified (sha256) to `{path}`.",
    "train.upload": "A plain-text (.txt) file, UTF-8, up to {mb} MB",
    "train.upload_prompt": "Choose a .txt file to train on.",
    "train.paste": "Text to train on",
    "train.paste_prompt": "Paste at least a few hundred characters to train on.",
    "train.corpus_summary": "**{name}**: {chars:,} characters, {distinct} distinct.",
    "train.tokenizer": "Tokenizer",
    "train.tokenizer_kind.char": "characters (one token per character)",
    "train.tokenizer_kind.bpe": "byte-level BPE (learned merges)",
    "train.bpe_vocab": "BPE vocabulary size (256 byte tokens + merges)",
    "train.bpe_note": (
        "A short text may stop with fewer merges; the real vocabulary size is shown once the run starts."
    ),
    "train.model": "Model",
    "train.preset": "Start from a preset",
    "train.custom": "custom",
    "train.n_layer": "layers",
    "train.n_head": "heads",
    "train.n_embd": "n_embd (C)",
    "train.block_size": "context (block size T)",
    "train.pos": "position encoding",
    "train.act": "MLP activation",
    "train.dropout": "dropout",
    "train.params": "parameters",
    "train.params_caption": (
        "for V = {vocab} tokens: embedding wte [V={vocab}, C={C}] {wte:,} · positions {wpe:,} · attention {attn:,} · "
        "MLP {mlp:,} · LayerNorm {ln:,} (lm_head is tied to wte)"
    ),
    "train.model_error": "This model cannot be built: {error}",
    "train.training": "Training",
    "train.steps": "steps",
    "train.batch": "batch size",
    "train.lr": "peak learning rate",
    "train.seed": "seed",
    "train.optimizer": "optimizer",
    "train.optimizer.adamw": "AdamW",
    "train.optimizer.muon": "Muon + AdamW",
    "train.optimizer_help": (
        "AdamW moves every weight by about the learning rate, scaled per number. Muon treats each weight matrix "
        "of the blocks as a whole: it turns the update into an orthogonal matrix (a few Newton–Schulz steps), so "
        "every direction moves by the same amount; embeddings, norms and biases stay with AdamW. On this page's "
        "sort task Muon reaches in 500 steps a lower loss than AdamW in 1,000."
    ),
    "train.training_caption.adamw": (
        "{tokens:,} tokens per step (batch × T). AdamW with warmup and cosine decay; an evaluation (with a "
        "snapshot) every {every} steps, a text sample every third one."
    ),
    "train.training_caption.muon": (
        "{tokens:,} tokens per step (batch × T). Muon on the blocks' matrices and AdamW on the rest, with warmup "
        "and cosine decay; an evaluation (with a snapshot) every {every} steps, a text sample every third one."
    ),
    "train.start": "Start training",
    "train.start_help": "Trains in the background: you can switch pages while it runs.",
    "train.busy": "A run is in progress: stop it to change the settings or start another.",
    "train.spec_label": "trained: {corpus}",
    # ---- 2 · the run
    "train.run": "2 · The run",
    "train.status.new": "Waiting to start…",
    "train.status.preparing": "Building the tokenizer and the model…",
    "train.status.running": "Training…",
    "train.status.stopping": "Stopping after the current step…",
    "train.status.done": "Finished.",
    "train.status.stopped": "Stopped: the model keeps the weights it had.",
    "train.status.failed": "The run failed.",
    "train.progress": "step {step:,} / {total:,} · {tps:,.0f} tokens/s · elapsed {elapsed} · ETA {eta}",
    "train.device": "Trains on {device}.",
    "train.progress_no_speed": "step {step:,} / {total:,} · – tokens/s · elapsed {elapsed} · ETA {eta}",
    "train.stop": "Stop",
    "train.loss_title": "loss of '{corpus}' (nats per token)",
    "train.baseline_uniform": "uniform ln(V)",
    "train.baseline_bigram": "bigram",
    "train.series_batch": "batch loss",
    "train.batch_hover": "step %{{x}}: batch %{{y:{number}}}<extra></extra>",
    "train.loss_caption": (
        "Cross-entropy loss [nats/token] of model `{corpus}` (V = {vocab}). Train and validation are measured on "
        "the same fixed batches at each evaluation, so points are comparable across steps; the faint line is each "
        "step's own batch loss{bucket}. The dashed line is ln(V) = {uniform:.3f}, guessing uniformly; the dotted one "
        "a bigram model counted from the training text ({bigram:.3f})."
    ),
    "train.bucket": " (mean of every {n} steps)",
    "train.no_evals": "The first evaluation (at step 0, about ln(V)) appears in a moment.",
    "train.samples": "Samples: text the model generates from '⏎' (same seed each time)",
    "train.sample_at": "step {step}",
    "train.older_samples": "Earlier samples",
    # hints (explorer.analysis.train.training_hints)
    "train.hint.failed": "{error} The model keeps its last good weights.",
    "train.hint.failed_unknown": "The run failed. The model keeps its last good weights.",
    "train.hint.not_finite": (
        "An evaluation returned NaN or infinity: the weights are broken. Lower the learning rate and start again."
    ),
    "train.hint.above_uniform": (
        "The training loss ({loss:.3f}) is above ln(V) = {uniform:.3f}: worse than guessing every token with equal "
        "probability. The learning rate is probably too high; try a value 3-10x smaller."
    ),
    "train.hint.stuck_lower": (
        "After {step} steps the loss is still about ln(V) = {uniform:.3f}: the model has not started to learn. "
        "The learning rate {lr:g} is too high, not too low: AdamW moves every weight by about that much per step, "
        "more than these small weights (about 0.02) can take. Try a value 10-30x smaller, such as 3e-3."
    ),
    "train.hint.stuck_rose": (
        "After {step} steps the loss is still about ln(V) = {uniform:.3f} and higher than at step 0: the model "
        "has not started to learn. The learning rate is probably too high; try a value 3-10x smaller."
    ),
    "train.hint.stuck_higher": (
        "After {step} steps the loss is still about ln(V) = {uniform:.3f}: the model has not started to learn. "
        "Try a higher learning rate than {lr:g} or more steps (the repeat task often sits on such a plateau until "
        "an induction head forms)."
    ),
    "train.hint.stuck": (
        "After {step} steps the loss is still about ln(V) = {uniform:.3f}: the model has not started to learn. "
        "Try more steps, or a learning rate near 3e-3 (the repeat task often sits on such a plateau until an "
        "induction head forms)."
    ),
    "train.hint.overfitting": (
        "The validation loss has risen for two evaluations while the training loss keeps falling: the model is "
        "memorising its training text (overfitting). Stop here, or use more text, a smaller model or dropout."
    ),
    "train.hint.below_bigram": (
        "The validation loss ({loss:.3f}) is below the bigram baseline ({bigram:.3f}): the model uses more than "
        "the previous token to predict the next one."
    ),
    # ---- 3 · watch it learn
    "train.watch": "3 · Watch it learn",
    "train.watch_intro": (
        "At each evaluation the run fed the same probe ({source}, {T} tokens) through the model. Drag the slider "
        "to see what the model did with it at that step."
    ),
    "train.probe_source.repeat": "repeat probe",
    "train.probe_source.sidebar": "your sidebar text",
    "train.probe_source.validation": "validation text",
    "train.no_snapshots": "The first snapshot (the random initial weights, step 0) appears in a moment.",
    "train.snapshot": "snapshot at step",
    "train.tab.attention": "Attention",
    "train.tab.next": "Next token",
    "train.tab.embed": "Embeddings",
    "train.attention_title": "attention patterns [L={L}, nh={nh}, T={T}, T={T}] at step {step}",
    "train.attention_caption": (
        "Attention pattern [nh={nh}, T={T}, T={T}] of each of the {L} layers on the probe at step {step}: row = "
        "query token, column = key token, grey = masked future. Random weights attend almost uniformly; learned "
        "heads sharpen into stripes."
    ),
    "train.induction_caption": (
        " The probe is a random string written twice: an induction head puts its weight {offset} positions before "
        "the diagonal in the second half (the token that followed the current one last time); the score under "
        "each head is that average weight."
    ),
    "train.induction_label": "induction {score:.2f}",
    "train.next_title": "next-token probabilities after '{last}' at step {step} (top {k} of V={vocab})",
    "train.next_series": "softmax at step {step}",
    "train.next_caption": (
        "Softmax of the logits [V={vocab}] at the probe's last position (token {pos}, '{last}') at step {step}. "
        "Loss inside the probe: {loss:.3f} nats/token."
    ),
    "train.next_expected": " The true next token '{token}' gets p = {p:.3f}.",
    "train.embed_title": "token embeddings wte [V={vocab}, C={C}] on their top-2 principal axes at step {step}",
    "train.embed_caption": (
        "Each point is one row of the token embedding wte [V={vocab}, C={C}] projected on the two directions of "
        "largest variance at this step ({var:.0%} of it); larger outlined points occur in the probe. Tokens the "
        "model treats alike drift together as it learns."
    ),
    # ---- 4 · results
    "train.results": "4 · Keep the model",
    "train.explore": "Explore this model",
    "train.explore_help": "Make it the active model on every page (it is listed in the sidebar for this session).",
    "train.explored": "'{label}' is now the active model on every page.",
    "train.listed": "The trained model is listed in the sidebar's model picker as '{label}' for this session.",
    "train.download_ckpt": "Download the checkpoint (.safetensors)",
    "train.resume": "Resume to step {target:,}",
    "train.resume_failed": "Resume to step {target:,} with learning rate {lr:g}",
    "train.resume_help": "Continues from the current weights and optimizer state.",
    "train.label": "trained: {corpus} · {steps:,} steps{suffix}",
    "train.label_suffix.stopped": " (stopped)",
    "train.label_suffix.failed": " (failed, last good weights)",
    # ---- job errors (explorer.jobs.JobError; str(exc) is the English text)
    "train.job_error.job_busy": "this job is already training",
    "train.job_error.never_built": "this run never got as far as building a model; start a new one",
    "train.job_error.stop_first": "the model is still training; stop it first",
    "train.job_error.no_model": "this run has no model",
    "train.job_error.session_busy": "This session is already training a model: stop it before starting another.",
    "train.job_error.still_training": "This run is still training.",
    "train.job_error.limit_one": (
        "The server is already training {running} model, its limit (set by {env}={limit}). Try again when it "
        "finishes."
    ),
    "train.job_error.limit_many": (
        "The server is already training {running} models, its limit (set by {env}={limit}). Try again when one of "
        "them finishes."
    ),
}
