"""`python -m gpt_core train`: train a small GPT from the command line.

Examples:
    python -m gpt_core train --corpus shakespeare --preset nanogpt-cpu --steps 2000 --out shakespeare.safetensors
    python -m gpt_core train --corpus task:reverse --steps 1500 --out reverse.safetensors
    python -m gpt_core train --corpus shakespeare --resume shakespeare.safetensors --steps 4000 --out more.safetensors
    python -m gpt_core train --corpus shakespeare --preset fast-cpu --device cuda --out gpu.safetensors
    torchrun --nproc_per_node 2 -m gpt_core train --corpus shakespeare --preset fast-cpu --out ddp.safetensors

Ctrl-C stops after the current step and still saves; a second Ctrl-C aborts without saving.
Under torchrun every rank trains on its own slice of each step's batch (--batch-size is per rank); rank 0
evaluates, prints and saves.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from typing import Any

import torch

from . import distributed
from .config import PRESET_TRAINING, PRESETS, ConfigError, preset
from .data import CorpusError, corpus_from_file, load_shakespeare, make_task_corpus
from .devices import DEVICE_CHOICES, describe_device, select_device
from .model import GPT
from .optim import OPTIMIZERS
from .train import EvalEvent, FailedEvent, SampleEvent, StepEvent, TrainConfig, Trainer, prepare_corpus_ids
from .wait_policy import usable_cores

DEFAULT_PRESET = "tiny"
DEFAULT_BPE_VOCAB = 512

# CLI flag (argparse dest) -> TrainConfig field. Flags default to None so that only the ones given
# override the base config (the defaults, or the checkpoint's own config when resuming).
TRAIN_FLAGS = {
    "steps": "steps", "batch_size": "batch_size", "lr": "lr", "min_lr": "min_lr", "warmup": "warmup_steps",
    "weight_decay": "weight_decay", "grad_clip": "grad_clip", "eval_every": "eval_every",
    "eval_batches": "eval_batches", "seed": "seed", "sample_tokens": "sample_tokens", "optimizer": "optimizer",
}
MODEL_FLAGS = {
    "n_layer": "n_layer", "n_head": "n_head", "n_embd": "n_embd", "block_size": "block_size",
    "dropout": "dropout", "pos_encoding": "pos_encoding", "activation": "activation",
}


class TrainCLIError(ValueError):
    """A user mistake on the command line: printed as one line, exit code 2."""


def add_train_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "train", help="train a small GPT on a corpus and save a .safetensors checkpoint",
        description="Train a small GPT. Reference losses: ln(vocab) is a uniform guess, the bigram loss is what "
                    "'which token follows which' alone achieves on the validation split.")
    p.add_argument("--corpus", default=None,
                   help="'shakespeare' (Tiny Shakespeare), 'task:reverse|sort|repeat', or a text file path "
                        "(default: shakespeare; when resuming, the checkpoint's corpus if it is one of the first two)")
    p.add_argument("--task-examples", type=int, default=2000, help="lines of a task:NAME corpus (default 2000)")
    p.add_argument("--out", required=True, help="checkpoint to write (.safetensors)")
    p.add_argument("--resume", metavar="CKPT", help="continue training a checkpoint (weights, AdamW state, history)")

    m = p.add_argument_group("model (refused with --resume: the checkpoint fixes the model and tokenizer)")
    m.add_argument("--preset", choices=sorted(PRESETS), default=None,
                   help=f"model size (default {DEFAULT_PRESET}); {' and '.join(PRESET_TRAINING)} also set the training "
                        "settings (steps, batch, lr, warmup, eval cadence), which flags override")
    m.add_argument("--n-layer", type=int)
    m.add_argument("--n-head", type=int)
    m.add_argument("--n-embd", type=int)
    m.add_argument("--block-size", type=int, help="context length T")
    m.add_argument("--dropout", type=float)
    m.add_argument("--pos-encoding", choices=["learned", "sinusoidal", "rope", "none"])
    m.add_argument("--activation", choices=["gelu", "relu"])
    m.add_argument("--tokenizer", choices=["char", "bpe"], default=None, help="default char")
    m.add_argument("--bpe-vocab", type=int, default=None, help=f"BPE vocabulary size (default {DEFAULT_BPE_VOCAB})")

    t = p.add_argument_group("training")
    t.add_argument("--steps", type=int, help="total optimizer steps (default 2000; with --resume, the new total)")
    t.add_argument("--batch-size", type=int, help="default 32")
    t.add_argument("--lr", type=float, help="peak learning rate (default 1e-3)")
    t.add_argument("--min-lr", type=float, help="end of the cosine decay (default 1e-4, or lr/10 if --lr is given)")
    t.add_argument("--warmup", type=int, help="linear warmup steps (default min(100, steps/10))")
    t.add_argument("--weight-decay", type=float, help="default 0.1 (matrices only)")
    t.add_argument("--optimizer", choices=list(OPTIMIZERS), help="adamw (default), or muon: torch's Muon on the "
                   "blocks' matrices and AdamW on the rest (fewer steps to the same loss; fast-cpu uses it)")
    t.add_argument("--grad-clip", type=float, help="max gradient norm, 0 = off (default 1.0)")
    t.add_argument("--eval-every", type=int, help="steps between evaluations (default 250)")
    t.add_argument("--eval-batches", type=int, help="batches per split per evaluation (default 20)")
    t.add_argument("--sample-tokens", type=int, help="tokens in the text sample printed at the end (default 200, 0 = none)")
    t.add_argument("--seed", type=int, help="seeds the model init, batches and dropout (default 1337)")
    t.add_argument("--threads", type=int, default=None,
                   help="torch CPU threads (default: the usable cores, shared out between torchrun's local ranks)")
    t.add_argument("--device", choices=DEVICE_CHOICES, default="auto",
                   help="where to train: auto (default) = cuda if present, then mps, then cpu. On CUDA the matmuls "
                        "use TF32 and bf16 autocast; the checkpoint is always float32 on the CPU")
    p.set_defaults(func=run_train)
    return p


# ---- building blocks ---------------------------------------------------------------------------------
def load_corpus(spec: str, task_examples: int = 2000):
    """'shakespeare', 'task:NAME' or a file path -> Corpus (raises CorpusError with a user-facing message)."""
    if spec == "shakespeare":
        return load_shakespeare()
    if spec.startswith("task:"):
        return make_task_corpus(spec[len("task:"):], n_examples=task_examples, seed=0)
    return corpus_from_file(spec)


def build_tokenizer(kind: str, text: str, bpe_vocab: int | None):
    from .tokenizers import BPETokenizer, CharTokenizer

    if kind == "bpe":
        return BPETokenizer.train(text, vocab_size=bpe_vocab or DEFAULT_BPE_VOCAB)
    if bpe_vocab is not None:
        raise TrainCLIError("--bpe-vocab needs --tokenizer bpe")
    return CharTokenizer.from_text(text)


def _given(args: argparse.Namespace, flags: dict[str, str]) -> dict[str, Any]:
    return {field: getattr(args, dest) for dest, field in flags.items() if getattr(args, dest, None) is not None}


def build_train_config(args: argparse.Namespace, base: dict[str, Any] | None = None) -> TrainConfig:
    """The flags given on top of `base` (a checkpoint's train config), the preset's training settings, or the
    defaults."""
    overrides = _given(args, TRAIN_FLAGS)
    preset_training = PRESET_TRAINING.get(getattr(args, "preset", None) or "")
    if base is None and preset_training:
        merged = {**preset_training, **overrides}
        if "lr" in overrides and "min_lr" not in overrides:
            merged["min_lr"] = overrides["lr"] / 10
        if "steps" in overrides and "warmup_steps" not in overrides:
            merged["warmup_steps"] = min(merged["warmup_steps"], overrides["steps"] // 10)
        return TrainConfig(**merged)
    if base is None:
        steps = overrides.get("steps", TrainConfig.steps)
        # Short runs would otherwise never leave warmup; nanoGPT's min_lr = lr / 10 rule keeps min_lr <= lr.
        overrides.setdefault("warmup_steps", min(TrainConfig.warmup_steps, steps // 10))
        if "lr" in overrides:
            overrides.setdefault("min_lr", overrides["lr"] / 10)
        return TrainConfig(**overrides)
    merged = {**base, **overrides}
    if "lr" in overrides and "min_lr" not in overrides:
        merged["min_lr"] = min(merged.get("min_lr", overrides["lr"] / 10), overrides["lr"])
    return TrainConfig.from_dict(merged)


def _corpus_spec_from_record(record: dict) -> str:
    name = str(record.get("corpus", ""))
    if name == "tinyshakespeare":
        return "shakespeare"
    if name.startswith("task:"):
        return name
    raise TrainCLIError(f"the checkpoint was trained on {name or 'an unnamed corpus'!r}; "
                        "pass --corpus with the same text to resume it")


def _prepare(args: argparse.Namespace, device: torch.device | None = None,
             ranks: distributed.DistributedContext = distributed.SINGLE_PROCESS) -> tuple[Trainer, Any]:
    """Corpus, tokenizer, model and Trainer from the flags; every user mistake raises a one-line error."""
    if args.resume:
        from .checkpoint import load_checkpoint

        given = sorted(f"--{d.replace('_', '-')}" for d in [*MODEL_FLAGS, "preset", "tokenizer", "bpe_vocab"]
                       if getattr(args, d, None) is not None)
        if given:
            raise TrainCLIError(f"{', '.join(given)} cannot change when resuming: the checkpoint fixes the model "
                                "and its tokenizer")
        ckpt = load_checkpoint(args.resume)
        corpus = load_corpus(args.corpus or _corpus_spec_from_record(ckpt.record), args.task_examples)
        train_ids, val_ids = prepare_corpus_ids(corpus.text, ckpt.tokenizer)
        base = ckpt.record.get("train_config")
        cfg = build_train_config(args, base)
        done = int(ckpt.record.get("steps", 0))
        if cfg.steps <= done:
            raise TrainCLIError(f"the checkpoint has already trained {done} steps; pass --steps larger than that "
                                "(it is the new total)")
        trainer = Trainer.resume(ckpt, train_ids, val_ids, cfg, corpus_name=corpus.name, device=device,
                                 distributed=ranks)
        return trainer, corpus

    corpus = load_corpus(args.corpus or "shakespeare", args.task_examples)
    tokenizer = build_tokenizer(args.tokenizer or "char", corpus.text, args.bpe_vocab)
    train_ids, val_ids = prepare_corpus_ids(corpus.text, tokenizer)
    model_config = preset(args.preset or DEFAULT_PRESET, vocab_size=tokenizer.vocab_size, **_given(args, MODEL_FLAGS))
    cfg = build_train_config(args)
    torch.manual_seed(cfg.seed)  # the initial weights
    model = GPT(model_config)
    return Trainer(model, tokenizer, train_ids, val_ids, cfg, corpus_name=corpus.name, device=device,
                   distributed=ranks), corpus


def _user_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [CorpusError, ConfigError, TrainCLIError, ValueError, OSError]
    try:
        from .checkpoint import CheckpointError

        errors.append(CheckpointError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


# ---- the command ---------------------------------------------------------------------------------------
def run_train(args: argparse.Namespace) -> int:
    ranks = distributed.context_from_env()  # torchrun's RANK / WORLD_SIZE, or a single process
    # torchrun's local ranks share this machine's cores (it sets OMP_NUM_THREADS=1 unless told otherwise)
    torch.set_num_threads(max(1, args.threads or usable_cores() // ranks.local_world_size))
    try:
        device = select_device(getattr(args, "device", "auto"), local_rank=ranks.local_rank)
    except _user_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    distributed.init_process_group(ranks, device)
    try:
        return _train_and_save(args, device, ranks)
    finally:
        distributed.shutdown()


def _train_and_save(args: argparse.Namespace, device: torch.device, ranks: distributed.DistributedContext) -> int:
    try:
        trainer, corpus = _prepare(args, device, ranks)
    except _user_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not ranks.is_main:  # the other ranks train silently; rank 0 prints and saves
        previous_handler = _install_stop_handler(trainer, quiet=True)  # torchrun forwards Ctrl-C to every rank
        try:
            result = trainer.run()
        finally:
            if previous_handler is not None:
                signal.signal(signal.SIGINT, previous_handler)
        distributed.barrier(ranks)  # rank 0 has saved
        return 1 if result.failed else 0

    from tqdm import tqdm

    cfg, model = trainer.cfg, trainer.model
    mc = model.config
    base = trainer.baselines
    print(f"corpus {corpus.name}: {len(corpus.text):,} chars -> {len(trainer.train_data):,} train / "
          f"{len(trainer.val_data):,} val tokens ({trainer.tokenizer.kind} tokenizer, vocab {mc.vocab_size})")
    print(f"model: {mc.n_layer} layers, {mc.n_head} heads, n_embd {mc.n_embd}, context {mc.block_size}, "
          f"{model.num_parameters():,} parameters; device {describe_device(trainer.device)}, "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset: spin briefly, then sleep)')}")
    if ranks.enabled:
        print(f"torchrun: {ranks.world_size} ranks ({distributed.backend_for(trainer.device)}), batch {cfg.batch_size} "
              f"per rank = {cfg.batch_size * ranks.world_size} per step")
    print(f"reference losses: uniform ln({mc.vocab_size}) = {base['uniform']:.2f}, bigram {base['bigram']:.2f}")
    if trainer.step:
        print(f"resuming at step {trainer.step} of {cfg.steps}")

    refs = f"(uniform {base['uniform']:.2f}, bigram {base['bigram']:.2f})"
    bar = tqdm(total=cfg.steps, initial=trainer.step, unit="step", dynamic_ncols=True, disable=None)
    last: dict[str, Any] = {}

    def on_event(event) -> None:
        if isinstance(event, StepEvent):
            bar.update(1)
            bar.set_postfix(loss=f"{event.loss:.3f}", tok_s=f"{event.tokens_per_s:,.0f}", refresh=False)
            last["tokens_per_s"] = event.tokens_per_s
        elif isinstance(event, EvalEvent):
            tqdm.write(f"step {event.step}: train {event.train_loss:.2f}, val {event.val_loss:.2f} {refs}")
        elif isinstance(event, SampleEvent):
            last["sample"] = event.text
        elif isinstance(event, FailedEvent):
            tqdm.write(f"failed: {event.message}")

    trainer.on_event = on_event
    previous_handler = _install_stop_handler(trainer)
    start = time.perf_counter()
    tokens_before = trainer.tokens_seen
    try:
        result = trainer.run()
    finally:
        bar.close()
        if previous_handler is not None:
            signal.signal(signal.SIGINT, previous_handler)
    wall = time.perf_counter() - start
    if result.stopped:  # its last evaluation is older than its weights
        losses = trainer.evaluate_and_record()
        result.train_loss, result.val_loss = losses["train"], losses["val"]

    if last.get("sample"):
        print("sample:")
        print(last["sample"])
    how = "stopped" if result.stopped else "failed" if result.failed else "done"
    tok_s = (trainer.tokens_seen - tokens_before) / max(wall, 1e-9)
    print(f"{how} after {result.step} steps in {wall:.1f} s ({tok_s:,.0f} tokens/s): "
          f"final train loss {result.train_loss:.4f}, val loss {result.val_loss:.4f} {refs}")
    try:
        path = trainer.save(args.out)
    except _user_errors() as exc:
        print(f"error: could not save {args.out}: {exc}", file=sys.stderr)
        distributed.barrier(ranks)
        return 2
    print(f"saved {path}")
    distributed.barrier(ranks)
    return 1 if result.failed else 0


def _install_stop_handler(trainer: Trainer, quiet: bool = False):
    """First Ctrl-C: stop after this step (and save). Second: the usual KeyboardInterrupt."""
    def handler(signum, frame):
        if trainer.stop_requested:
            raise KeyboardInterrupt
        trainer.request_stop()
        if not quiet:
            print("\nstopping after this step (Ctrl-C again to abort without saving)", file=sys.stderr)

    try:
        return signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: no signal handling there
        return None
