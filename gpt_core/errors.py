"""Errors by code: each of gpt_core's user-facing messages has a code, its English text lives here once.

gpt_core cannot translate (it never imports the app), so an error carries what a translation needs:

- ``code``: a key of MESSAGES, e.g. "config.not_divisible";
- ``params``: the values its text interpolates, e.g. {"n_embd": 30, "n_head": 4};
- ``str(exc)``: the English text, MESSAGES[code].format(**params), as the CLI and the logs print it.

The app formats its own catalogue's "errors.<code>" with the same params (explorer.i18n.error_text). A param
may itself be a message (a `Message`, or a coded error such as the ConfigError inside a bad checkpoint), or a
list of messages (joined with "; "): it is rendered in the same language.

    >>> exc = GPTCoreError(code="config.not_divisible", n_embd=30, n_head=4)
    >>> exc.code, exc.params, isinstance(exc, ValueError)
    ('config.not_divisible', {'n_embd': 30, 'n_head': 4}, True)
    >>> str(exc)
    'n_embd (30) must be divisible by n_head (4): each head gets n_embd / n_head dimensions'
    >>> str(Message("train.kept_step", step=3))
    'its weights from step 3'
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

__all__ = ["MESSAGES", "GPTCoreError", "Message", "render"]

# code -> English template (str.format). Grouped by the module that raises it.
MESSAGES: dict[str, str] = {
    # ---- gpt_core/config.py (ConfigError)
    "config.not_positive_int": "{name} must be a positive integer, got {value!r}",
    "config.not_divisible": (
        "n_embd ({n_embd}) must be divisible by n_head ({n_head}): each head gets n_embd / n_head dimensions"
    ),
    "config.kv_heads_not_divisor": (
        "n_head ({n_head}) must be a multiple of n_kv_head ({n_kv_head}): "
        "each key/value head serves the same number of query heads"
    ),
    "config.bad_norm": "norm must be one of {choices}, got {value!r}",
    "config.not_positive_number": "{name} must be a positive number, got {value!r}",
    "config.norm_eps_too_large": "norm_eps must be below 1, got {value!r}",
    "config.rope_odd_head_size": "pos_encoding 'rope' needs an even head size (n_embd / n_head), got {head_size}",
    "config.bad_dropout": "dropout must be in [0, 1), got {value!r}",
    "config.bad_pos_encoding": "pos_encoding must be one of {choices}, got {value!r}",
    "config.bad_activation": "activation must be one of {choices}, got {value!r}",
    "config.not_bool": "{name} must be true or false, got {value!r}",
    "config.vocab_too_large": "vocab_size {vocab_size} is implausibly large for this explorer",
    "config.not_a_mapping": "model config must be a mapping, got {type}",
    "config.unknown_keys": "unknown model config keys: {keys}",
    "config.unknown_preset": "unknown preset {name!r}; choose one of {choices}",
    # ---- gpt_core/train.py: TrainConfig (TrainConfigError)
    "train.not_int_at_least": "{name} must be an integer >= {minimum}, got {value!r}",
    "train.not_finite_number": "{name} must be a finite number {relation} {minimum}, got {value!r}",
    "train.min_lr_above_lr": "min_lr ({min_lr}) must not exceed lr ({lr})",
    "train.bad_betas": "betas must be two numbers in [0, 1), got {value!r}",
    "train.unknown_optimizer": "optimizer must be one of {known}, got {value!r}",
    "train.prompt_not_str": "sample_prompt must be a string, got {type}",
    "train.not_a_mapping": "train config must be a mapping, got {type}",
    "train.unknown_keys": "unknown train config keys: {keys}",
    "train.no_train_config": "{path} holds no training config; pass cfg=TrainConfig(...) to resume it",
    # ---- gpt_core/train.py: the Trainer's data (GPTCoreError, a ValueError)
    "train.split.training": "training",
    "train.split.validation": "validation",
    "train.ids_not_int": "the {split} data must hold integer token ids, got {dtype}",
    "train.ids_out_of_range": (
        "the {split} data has token ids outside [0, {vocab_size}) (found {low}..{high}): "
        "was it encoded with this tokenizer?"
    ),
    "train.split_too_short": (
        "the training split has {n_tokens} tokens, but a context of {block_size} needs at least {needed} "
        "(targets are shifted by one). Use more text or a smaller block size."
    ),
    "train.val_too_short": "the validation split has {n_tokens} tokens; it needs at least 2. Use more text.",
    # ---- gpt_core/train.py: a failed run (Trainer.failure_reason, FailedEvent.reason, TrainResult.reason)
    "train.diverged": (
        "{what}; the model keeps {kept}. Try a lower learning rate (now {lr:g}) or stronger gradient clipping."
    ),
    "train.weights_not_finite": "the weights became {value} after step {step}",
    "train.loss_not_finite": "loss became {value} at step {step}",
    "train.grad_not_finite": "the gradient norm became {value} at step {step}",
    "train.kept_initial": "its initial weights",
    "train.kept_step": "its weights from step {step}",
    "train.crashed": "training failed at step {step}: {type}: {error}",
    # ---- gpt_core/devices.py (DeviceError)
    "device.unknown": "unknown device {value!r}; choose one of {choices} (or cuda:N)",
    "device.unavailable": "device {device} is not available on this machine (torch finds: {available})",
    # ---- gpt_core/data/corpus.py (CorpusError)
    "corpus.too_large": (
        "{label} is {size} ({n_bytes:,} bytes), over the {limit} limit. Use a smaller file or a slice of it."
    ),
    "corpus.blank": "{label} is empty (it contains only whitespace).",
    "corpus.empty": "{label} is empty.",
    "corpus.empty_bytes": "{label} is empty (0 bytes).",
    "corpus.binary": "{label} looks like a binary file, not text. Please choose a plain-text (.txt) file.",
    "corpus.nul_bytes": (
        "{label} looks like a binary file (it contains NUL bytes), not text. Please choose a plain-text (.txt) file."
    ),
    "corpus.utf16": "{label} looks UTF-16 encoded. Please save it as UTF-8 text and try again.",
    "corpus.not_utf8": (
        "{label} is not valid UTF-8: first bad byte 0x{byte:02X} at byte offset {offset} (line {line}). "
        "Save the file as UTF-8 and try again."
    ),
    "corpus.not_found": "File not found: {path}",
    "corpus.unreadable": "Cannot read {path}: {reason}",
    "corpus.is_directory": "{path} is a directory, not a text file.",
    # ---- gpt_core/data/synthetic.py (CorpusError)
    "corpus.unknown_task": "Unknown task {name!r}. Valid tasks: {tasks}.",
    "corpus.bad_length": "Sequence length must be at least 1, got {length}.",
    "corpus.bad_n_examples": "Number of examples must be at least 1, got {n_examples}.",
    "corpus.bad_probe_length": "Probe length must be at least 1, got {length}.",
    # ---- gpt_core/data/shakespeare.py (CorpusError)
    "corpus.url_not_http": "Refusing to download from {url!r}: only http(s) URLs are supported.",
    "corpus.cannot_create_folder": "Cannot create the folder {folder}: {reason}",
    "corpus.download_manually": "You can also download it yourself from {url} and save it as {dest}.",
    "corpus.download_announced_too_large": (
        "Refusing to download {url}: the server reports {total:,} bytes, more than the expected {expected:,}."
    ),
    "corpus.download_too_large": (
        "Refusing to download {url}: the response exceeded {max_bytes:,} bytes, far more than the expected "
        "{expected:,}."
    ),
    "corpus.download_corrupt": (
        "The download from {url} is corrupt or has changed: its sha256 is {digest}, expected {expected}. "
        "Nothing was saved. {hint}"
    ),
    "corpus.download_http": "Could not download {url}: the server answered HTTP {status} ({reason}). {hint}",
    "corpus.download_unreachable": "Could not download {url}: {reason}. Check your internet connection. {hint}",
    "corpus.download_timeout": (
        "Could not download {url}: no answer within {timeout} s. Check your internet connection. {hint}"
    ),
    "corpus.download_failed": "Could not download {url}: {reason}. {hint}",
    "corpus.shakespeare_not_at": (
        "Tiny Shakespeare not found at {path}: expected a file, or a folder containing {filename} or input.txt."
    ),
    "corpus.shakespeare_missing": (
        "Tiny Shakespeare is not on this machine. Download it (the app offers a button; in Python call "
        "gpt_core.data.download_shakespeare()), or save it from {url} as {dest}, or point ${env} at the file "
        "or its folder."
    ),
    # ---- gpt_core/tokenizers.py (UnknownCharactersError)
    "tokenizer.unknown_chars": (
        "{chars} not in the tokenizer's vocabulary: {shown} at {positions} ({where}); "
        "use unknown='skip' or unknown='replace' to encode anyway"
    ),
    "tokenizer.n_chars.one": "{n} character",
    "tokenizer.n_chars.many": "{n} characters",
    "tokenizer.n_positions.one": "{n} position",
    "tokenizer.n_positions.many": "{n} positions",
    "tokenizer.shown_more": "{shown}, ... ({n} more)",
    # ---- gpt_core/checkpoint.py (CheckpointError)
    "checkpoint.unknown_optimizer_param": "optimizer state names an unknown parameter {name!r}",
    "checkpoint.model_vocab_mismatch": (
        "tokenizer has {tokenizer_vocab} tokens but the model's vocab_size is {model_vocab}"
    ),
    "checkpoint.too_short": "file is too short to be a safetensors checkpoint ({n_bytes} bytes)",
    "checkpoint.truncated": "not a safetensors file, or it is truncated (header length points past the end)",
    "checkpoint.header_not_json": "safetensors header is not valid JSON ({error})",
    "checkpoint.header_not_object": "safetensors header is not a JSON object",
    "checkpoint.metadata_not_strings": "safetensors metadata must map names to strings",
    "checkpoint.missing_metadata": (
        "checkpoint metadata has no {key!r}: this file was not written by GPT Explorer "
        "(nanoGPT ckpt.pt files can be imported instead)"
    ),
    "checkpoint.metadata_not_json": "checkpoint metadata {key!r} is not valid JSON ({error})",
    "checkpoint.too_large": "checkpoint is {mb:.0f} MB; the limit is {limit_mb} MB",
    "checkpoint.wrong_format": "not a GPT Explorer checkpoint (format {format!r}, expected {expected!r})",
    "checkpoint.wrong_version": "unsupported checkpoint version {version!r}; expected {expected}",
    "checkpoint.bad_config": "bad model config in checkpoint: {error}",
    "checkpoint.bad_tokenizer": "bad tokenizer in checkpoint: {error}",
    "checkpoint.config_vocab_mismatch": (
        "tokenizer has {tokenizer_vocab} tokens but config.vocab_size is {config_vocab}"
    ),
    "checkpoint.record_not_object": "checkpoint 'record' must be a JSON object",
    "checkpoint.unreadable_tensors": "could not read the tensors: {error}",
    "checkpoint.optimizer_state_incomplete": "optimizer state for {name!r} is missing its {kind}",
    "checkpoint.config_mismatch": "checkpoint does not match its config: {problems}",
    "checkpoint.problem.missing": "missing tensors: {names}{more}",
    "checkpoint.problem.unexpected": "unexpected tensors: {names}{more}",
    "checkpoint.problem.shape": "{key} has shape {shape}, expected {expected}",
    "checkpoint.problem.dtype": "{key} has dtype {dtype}, expected a float tensor",
    "checkpoint.problem.not_finite": "{key} contains NaN or Inf",
    "checkpoint.no_file": "no checkpoint file at {path}",
    "checkpoint.file_too_large": "{name} is {mb:.0f} MB; the limit is {limit_mb} MB",
    "checkpoint.file_too_short": "{path} is too short to be a checkpoint",
    "checkpoint.not_safetensors": "{path} is not a safetensors file",
    # ---- gpt_core/nanogpt.py (CheckpointError, UnsafePickleError)
    "nanogpt.meta_global": (
        "meta.pkl refers to {module}.{name}; only plain dicts, lists, strings and numbers are accepted, "
        "so it was not loaded"
    ),
    "nanogpt.meta_persistent_id": "meta.pkl uses persistent ids; refused",
    "nanogpt.meta_not_plain": "meta.pkl holds a {type}; only plain data is accepted",
    "nanogpt.meta_too_large": "meta.pkl is {n_bytes} bytes; the limit is {limit}",
    "nanogpt.meta_unreadable": "meta.pkl is not a readable pickle ({type}: {error})",
    "nanogpt.meta_no_itos": "meta.pkl has no 'itos' mapping; is it nanoGPT's data/shakespeare_char/meta.pkl?",
    "nanogpt.meta_bad_itos": "meta.pkl 'itos' must map 0..V-1 to single characters",
    "nanogpt.ckpt_too_large": "ckpt.pt is {mb:.0f} MB; the limit is {limit_mb} MB",
    "nanogpt.ckpt_refused": "ckpt.pt was refused: it holds objects other than tensors and plain data ({reason})",
    "nanogpt.ckpt_unreadable": "ckpt.pt is not a readable PyTorch checkpoint ({type}: {error})",
    "nanogpt.ckpt_not_nanogpt": (
        "ckpt.pt lacks 'model' and 'model_args': is it a checkpoint written by nanoGPT's train.py?"
    ),
    "nanogpt.meta_needed": (
        "a nanoGPT ckpt.pt does not carry its vocabulary: also give the meta.pkl written "
        "by nanoGPT's data/shakespeare_char/prepare.py"
    ),
    "nanogpt.args_not_dict": "ckpt.pt 'model_args' is not a dict",
    "nanogpt.bad_args": "ckpt.pt model_args are incomplete or invalid ({error})",
    "nanogpt.vocab_mismatch": (
        "meta.pkl has {meta_vocab} characters but the model's vocab_size is {model_vocab}: "
        "the two files do not belong together"
    ),
    "nanogpt.no_file": "no file at {path}",
    # ---- gpt_core/hf_models.py (CheckpointError): Hugging Face model folders
    "hf.gpt2_unsupported_flag": "this GPT-2 config sets {flag}, which GPT Explorer does not implement",
    "hf.gpt2_no_score_scaling": "this GPT-2 config turns off the 1/√hs score scaling; GPT Explorer always applies it",
    "hf.gpt2_bad_activation": "GPT-2 activation_function {value!r} is not supported; supported: {choices}",
    "hf.rope_not_object": "config.json rope_parameters must be an object",
    "hf.rope_scaling_unsupported": "rope scaling {kind!r} is not supported yet (only plain rotary positions)",
    "hf.llama_bad_hidden_act": "Llama hidden_act {value!r} is not supported; only 'silu' (SwiGLU)",
    "hf.head_dim_mismatch": (
        "head_dim {head_dim} × {n_head} heads ≠ hidden_size {n_embd}: "
        "GPT Explorer needs the heads to tile the residual stream"
    ),
    "hf.config_not_object": "config.json must hold a JSON object",
    "hf.unsupported_model_type": "model_type {model_type!r} is not supported; supported: {choices}",
    "hf.config_missing_key": "config.json of a {model_type} model lacks {key!r}",
    "hf.config_invalid": "config.json of a {model_type} model is invalid: {error}",
    "hf.no_json_file": "{folder}/ has no {file} ({what})",
    "hf.what.config": "the model's configuration",
    "hf.what.shard_index": "the shard index",
    "hf.json_too_large": "{file} is larger than {limit_mb} MB; refused",
    "hf.json_invalid": "{file} is not valid JSON ({error})",
    "hf.index_no_weight_map": "model.safetensors.index.json has no weight_map",
    "hf.shard_outside_folder": (
        "model.safetensors.index.json names a shard outside the folder or not safetensors: {name!r}"
    ),
    "hf.shard_missing": "shard {name} listed in model.safetensors.index.json is missing",
    "hf.pickle_only": (
        "{folder}/ has only PyTorch pickle weights (pytorch_model.bin), which GPT Explorer never unpickles. "
        "Get the safetensors: `hf download <repo> --include '*.safetensors' '*.json'`, or convert once on a "
        "machine you trust with transformers: "
        "AutoModelForCausalLM.from_pretrained(folder).save_pretrained(folder, safe_serialization=True)"
    ),
    "hf.no_weights": "{folder}/ has no model.safetensors or model.safetensors.index.json",
    "hf.weights_too_short": "{file} is too short to be a safetensors file",
    "hf.weights_truncated": "{file} is not a safetensors file, or it is truncated",
    "hf.weights_corrupt_header": "{file} has a corrupt safetensors header",
    "hf.tensor_bad_shape": "{file}: tensor {name!r} has no valid shape",
    "hf.too_big_for_memory": (
        "{name} has {millions:,.0f}M parameters: {need_gib:.1f} GiB as float32, "
        "but only {free_gib:.1f} GiB of memory is free; refused before loading"
    ),
    "hf.unreadable_weights": "could not read {file}: {error}",
    "hf.qkv_incomplete": "layer {layer} lacks one of q_proj, k_proj, v_proj {kind}",
    "hf.no_folder": "no model folder at {path}",
    "hf.no_tokenizer": (
        "{folder}/ has no tokenizer.json; GPT Explorer reads the tokenizer from it "
        "(vocab.json + merges.txt alone are not enough)"
    ),
    "hf.tokenizer_unusable": "tokenizer.json cannot be used: {error}",
}


def _is_message(value: Any) -> bool:
    return isinstance(getattr(value, "code", None), str) and isinstance(getattr(value, "params", None), Mapping)


def _plain(value: Any) -> Any:
    """A param as stored: a coded error becomes its Message (no traceback kept alive), any other exception its text."""
    if isinstance(value, BaseException):
        return Message(value.code, **value.params) if _is_message(value) and value.code else str(value)
    return value


def render(message: Any, template: Callable[[str], str | None] = MESSAGES.get) -> str:
    """The text of a coded message in one language: template(code) (None if that language lacks the code)
    formatted with its params, nested messages rendered the same way. Anything without a known code: str()."""
    text = template(message.code) if _is_message(message) else None
    if text is None:
        return str(message)

    def field_value(value: Any) -> Any:
        if isinstance(value, (list, tuple)) and value and all(_is_message(v) for v in value):
            return "; ".join(render(v, template) for v in value)
        return render(value, template) if _is_message(value) else value

    return text.format(**{name: field_value(value) for name, value in message.params.items()})


class Message:
    """A coded message that is not raised: a part of another message, or the reason a training run failed.

    str() is the English text; the code must be a key of MESSAGES.
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(f"no message {code!r} in gpt_core.errors.MESSAGES")
        self.code = code
        self.params = {name: _plain(value) for name, value in params.items()}

    def __str__(self) -> str:
        return render(self)

    def __repr__(self) -> str:
        return f"Message({self.code!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.code, self.params) == (other.code, other.params)

    __hash__ = None  # params is a dict


class GPTCoreError(ValueError):
    """Base of gpt_core's user-facing errors: str(exc) is the English text, plus `code` and `params`.

    Raise with ``SomeError(code="...", **params)``; ``SomeError("text")`` still works (code "" then: the text
    is shown as it is, untranslated, e.g. a message the app already wrote in the user's language).
    """

    def __init__(self, *args: Any, code: str = "", **params: Any) -> None:
        if code:
            if args:
                raise TypeError("give a code and its params, or a message, not both")
            message = Message(code, **params)
            self.code, self.params = code, message.params
            super().__init__(str(message))
        else:
            if params:
                raise TypeError(f"params without a code: {sorted(params)}")
            self.code, self.params = "", {}
            super().__init__(*args)
