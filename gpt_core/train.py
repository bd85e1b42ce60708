"""A Trainer that knows nothing of the UI: AdamW, warmup + cosine decay, clipping, evals, events.

It reports through one callback, ``on_event(event)``, with small dataclasses (StepEvent, EvalEvent,
SampleEvent, SnapshotEvent, DoneEvent, FailedEvent); the CLI draws a tqdm bar from them, the app
updates a lock-protected state object. Example:

    >>> from gpt_core.config import GPTConfig
    >>> from gpt_core.model import GPT
    >>> from gpt_core.tokenizers import CharTokenizer
    >>> text = "abcabcabd" * 20
    >>> tokenizer = CharTokenizer(text)
    >>> train_ids, val_ids = prepare_corpus_ids(text, tokenizer)
    >>> cfg = GPTConfig(n_layer=1, n_head=1, n_embd=8, vocab_size=tokenizer.vocab_size, block_size=8)
    >>> events = []
    >>> trainer = Trainer(GPT(cfg), tokenizer, train_ids, val_ids,
    ...                   TrainConfig(steps=3, batch_size=2, eval_every=3, eval_batches=1), on_event=events.append)
    >>> result = trainer.run()          # request_stop() from another thread ends it within one step
    >>> trainer.step, type(events[-1]).__name__
    (3, 'DoneEvent')

``trainer.save("model.safetensors")`` writes weights + tokenizer + record + AdamW state in one file.

Determinism: the batch of step s is drawn from ``np.random.default_rng([seed, s])`` and the evaluation
batches are fixed, so the same seed gives the same loss curve, and a run resumed from a checkpoint
draws the same batches an uninterrupted run would have (with dropout 0 it is the same run exactly;
dropout's torch RNG is re-seeded from (seed, step) at each ``run()``, so it differs after a resume).
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import asdict, dataclass, fields
from typing import Any, Callable

import numpy as np
import torch

from . import optim
from .capture import NO_INTERVENTIONS, Interventions
from .config import ConfigError
from .data import bigram_loss, fixed_batches, get_batch, split_train_val, to_token_array, uniform_loss
from .devices import autocast_for, configure_device, select_device
from .distributed import DistributedContext, all_reduce_mean, current_context, rank_slice
from .errors import GPTCoreError, Message
from .optim import OPTIMIZERS

RECORD_VERSION = 1


class TrainConfigError(ConfigError):
    """A training setting that cannot work; the message names the field and the allowed range."""


# ---- configuration ---------------------------------------------------------------------------------
@dataclass
class TrainConfig:
    steps: int = 2000  # total optimizer steps (a resumed run continues up to this number)
    batch_size: int = 32
    lr: float = 1e-3  # peak learning rate, reached after warmup
    min_lr: float = 1e-4  # where the cosine decay ends
    warmup_steps: int = 100
    weight_decay: float = 0.1  # applied to matrices (dim >= 2) only
    betas: tuple[float, float] = (0.9, 0.99)
    grad_clip: float = 1.0  # max global gradient norm; 0 = no clipping
    eval_every: int = 250  # steps between evaluations; 0 = only at the start and the end
    eval_batches: int = 20  # fixed batches per split per evaluation
    sample_every_evals: int = 1  # a text sample every N evaluations; 0 = never
    sample_tokens: int = 200
    sample_prompt: str = "\n"
    snapshot_every: int = 0  # steps between snapshots; 0 = at each evaluation
    seed: int = 1337
    optimizer: str = "adamw"  # "adamw", or "muon": Muon on the blocks' matrices, AdamW on the rest (gpt_core/optim.py)

    def __post_init__(self) -> None:
        if isinstance(self.betas, list):
            self.betas = tuple(self.betas)
        self.validate()

    def validate(self) -> None:
        def check_int(name: str, minimum: int) -> None:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
                raise TrainConfigError(code="train.not_int_at_least", name=name, minimum=minimum, value=value)

        def check_float(name: str, minimum: float, strict: bool = False) -> None:
            value = getattr(self, name)
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            if not ok or value < minimum or (strict and value == minimum):
                relation = ">" if strict else ">="
                raise TrainConfigError(code="train.not_finite_number", name=name, relation=relation, minimum=minimum,
                                       value=value)

        for name in ("steps", "batch_size", "eval_batches"):
            check_int(name, 1)
        for name in ("warmup_steps", "eval_every", "sample_every_evals", "sample_tokens", "snapshot_every", "seed"):
            check_int(name, 0)
        check_float("lr", 0.0, strict=True)
        check_float("min_lr", 0.0)
        check_float("weight_decay", 0.0)
        check_float("grad_clip", 0.0)
        if self.min_lr > self.lr:
            raise TrainConfigError(code="train.min_lr_above_lr", min_lr=self.min_lr, lr=self.lr)
        if (not isinstance(self.betas, tuple) or len(self.betas) != 2
                or not all(isinstance(b, (int, float)) and 0.0 <= b < 1.0 for b in self.betas)):
            raise TrainConfigError(code="train.bad_betas", value=self.betas)
        if self.optimizer not in OPTIMIZERS:
            raise TrainConfigError(code="train.unknown_optimizer", value=self.optimizer, known=", ".join(OPTIMIZERS))
        if not isinstance(self.sample_prompt, str):
            raise TrainConfigError(code="train.prompt_not_str", type=type(self.sample_prompt).__name__)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["betas"] = list(self.betas)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TrainConfig":
        """Unknown keys are an error (a typo should not silently train with a default)."""
        if not isinstance(data, dict):
            raise TrainConfigError(code="train.not_a_mapping", type=type(data).__name__)
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise TrainConfigError(code="train.unknown_keys", keys=", ".join(unknown))
        return cls(**data)

    def replace(self, **changes: Any) -> "TrainConfig":
        return TrainConfig.from_dict({**self.to_dict(), **changes})


def lr_at(step: int, cfg: TrainConfig) -> float:
    """Learning rate for optimizer step `step` (0-based): linear warmup, then cosine down to min_lr.

    >>> cfg = TrainConfig(steps=100, lr=1.0, min_lr=0.0, warmup_steps=10)
    >>> [round(lr_at(s, cfg), 6) for s in (0, 9, 10, 99)]
    [0.1, 1.0, 1.0, 0.0]
    """
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    decay_steps = cfg.steps - 1 - cfg.warmup_steps
    progress = 1.0 if decay_steps <= 0 else min(1.0, (step - cfg.warmup_steps) / decay_steps)  # 0 -> 1
    return cfg.min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (cfg.lr - cfg.min_lr)


def make_optimizer(model: torch.nn.Module, cfg: TrainConfig):
    """cfg.optimizer over the model's parameters (gpt_core/optim.py): AdamW with weight decay on matrices and
    embeddings only, or Muon on the blocks' matrices with that AdamW on the rest. A tied lm_head/wte weight is one
    parameter and appears once (parameters() deduplicates)."""
    return optim.make(model, cfg.optimizer, lr_at(0, cfg), cfg.betas, cfg.weight_decay)


# ---- events ----------------------------------------------------------------------------------------
@dataclass
class StepEvent:
    step: int  # optimizer steps done, counting this one (1-based)
    loss: float  # training loss on this step's batch, before the update
    lr: float
    tokens_per_s: float  # smoothed
    elapsed_s: float  # training wall time, including earlier runs of this model
    eta_s: float  # for the rest of this run, evaluations included
    grad_norm: float = float("nan")  # global gradient norm before clipping


@dataclass
class EvalEvent:
    step: int
    train_loss: float  # mean over the fixed eval batches
    val_loss: float


@dataclass
class SampleEvent:
    step: int
    text: str  # the generated continuation (prompt not included)
    prompt: str = ""


@dataclass
class SnapshotEvent:
    step: int
    payload: Any = None  # whatever snapshot_fn(model, step) returned


@dataclass
class DoneEvent:
    step: int
    stopped: bool  # True when request_stop() ended the run early
    train_loss: float  # from the last evaluation (a stopped run is not re-evaluated, so it ends at once)
    val_loss: float


@dataclass
class FailedEvent:
    step: int
    message: str  # in English
    reason: Message | None = None  # the same message by code and params (gpt_core.errors), for a translation


Event = StepEvent | EvalEvent | SampleEvent | SnapshotEvent | DoneEvent | FailedEvent


@dataclass
class TrainResult:
    step: int  # optimizer steps done in total
    stopped: bool = False
    failed: bool = False
    message: str = ""  # why it failed, in English
    reason: Message | None = None  # the same by code and params (gpt_core.errors)
    train_loss: float = float("nan")  # from the last evaluation
    val_loss: float = float("nan")
    wall_time_s: float = 0.0  # this run only
    tokens_seen: int = 0  # in total


# ---- helpers ---------------------------------------------------------------------------------------
def prepare_corpus_ids(corpus_text: str, tokenizer, val_fraction: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Encode a corpus and split it: the first 90% trains, the contiguous last 10% validates."""
    ids = to_token_array(tokenizer.encode(corpus_text))
    return split_train_val(ids, val_fraction)


# torch's default RNG is process-wide: code that seeds it and then draws from it (building a model,
# starting a run) holds this lock so concurrent threads (the app's training jobs) cannot interleave.
GLOBAL_RNG_LOCK = threading.Lock()


def _torch_seed(seed: int, step: int) -> int:
    return int(np.random.SeedSequence([seed, step]).generate_state(1)[0])


@torch.no_grad()
def _finiteness_probe(tensors: list[torch.Tensor]) -> torch.Tensor:
    """A 0-d tensor that is finite iff every element is (sum of L2 norms; ~0.3 ms for 0.8M weights). No sync.

    Weights beyond ~1e19 overflow the squares and read as inf too: such weights are broken anyway.
    """
    if hasattr(torch, "_foreach_norm"):
        return torch.stack(torch._foreach_norm(tensors)).sum()
    return torch.stack([t.norm() for t in tensors]).sum()  # pragma: no cover - older torch


def _copy_all(dst: list[torch.Tensor], src: list[torch.Tensor]) -> None:
    with torch.no_grad():
        if hasattr(torch, "_foreach_copy_"):
            torch._foreach_copy_(dst, [t.detach() for t in src])
        else:  # pragma: no cover - older torch
            for d, t in zip(dst, src):
                d.copy_(t)


def _nan_or_inf(value: float) -> str:
    return "nan" if math.isnan(value) else "inf"


def _kept_weights(step: int) -> Message:
    return Message("train.kept_initial") if step == 0 else Message("train.kept_step", step=step)


# ---- the trainer -----------------------------------------------------------------------------------
class Trainer:
    """Trains `model` on token arrays; reports through `on_event`; safe to stop from another thread."""

    def __init__(self, model, tokenizer, train_data: np.ndarray, val_data: np.ndarray, cfg: TrainConfig,
                 corpus_name: str = "", on_event: Callable[[Any], None] | None = None,
                 snapshot_fn: Callable[[Any, int], Any] | None = None,
                 interventions: Interventions = NO_INTERVENTIONS, device: str | torch.device | None = None,
                 distributed: DistributedContext | None = None) -> None:
        """device: 'auto' | 'cpu' | 'cuda' | 'mps' | a torch.device (None: wherever the model already is).
        distributed: the torchrun ranks (None: read from an initialised torch.distributed group, if any)."""
        if not isinstance(cfg, TrainConfig):
            raise TypeError(f"cfg must be a TrainConfig, got {type(cfg).__name__}")
        cfg.validate()
        self.model = model
        self.tokenizer = tokenizer
        self.cfg = cfg
        self.corpus_name = corpus_name
        self.on_event = on_event
        self.snapshot_fn = snapshot_fn
        self.interventions = interventions  # e.g. causal_mask=False: a model that may read the future (What if…)
        self.train_data = np.asarray(train_data).reshape(-1)
        self.val_data = np.asarray(val_data).reshape(-1)
        self.vocab_size = int(model.config.vocab_size)
        self.block_size = int(model.config.block_size)
        if device is not None:
            self.device = device if isinstance(device, torch.device) else select_device(device)
            model.to(self.device)  # before the optimizer is built: its state lives beside the weights
        else:
            self.device = next(model.parameters()).device
        configure_device(self.device)
        self._autocast = autocast_for(self.device)  # bf16 on CUDA; a no-op context elsewhere
        # Only a non-default intervention is passed on, so the DDP wrapper never has to carry the dataclass.
        self._forward_kwargs = {} if interventions == NO_INTERVENTIONS else {"interventions": interventions}
        self.dist = current_context() if distributed is None else distributed
        self._train_model = model  # what the training step calls: the model, or its DDP wrapper
        if self.dist.enabled:
            from torch.nn.parallel import DistributedDataParallel

            # DDP copies rank 0's weights to every rank here and averages the gradients in backward().
            # No buffers to broadcast: the model's buffers are constant tables (mask, positions).
            self._train_model = DistributedDataParallel(model, device_ids=None, forward_sync_buffers=False)
        self._check_data()

        # Eval batches are drawn once, so losses at different steps are measured on the same text.
        # A short val split is evaluated with a shorter context rather than refused.
        self.eval_block_size = min(self.block_size, len(self.val_data) - 1)
        self._eval_sets = {
            "train": fixed_batches(self.train_data, cfg.batch_size, self.block_size, cfg.eval_batches, cfg.seed),
            "val": fixed_batches(self.val_data, cfg.batch_size, self.eval_block_size, cfg.eval_batches, cfg.seed + 1),
        }
        self.baselines = {
            "uniform": uniform_loss(self.vocab_size),
            "bigram": bigram_loss(self.train_data, self.val_data, self.vocab_size),
        }

        self.optimizer = make_optimizer(model, cfg)
        self._params = [p for group in self.optimizer.param_groups for p in group["params"]]
        self.step = 0
        self.tokens_seen = 0
        self.wall_time_s = 0.0
        self.history: list[dict[str, float]] = []
        self.status = "new"  # new | resumed | running | done | stopped | failed
        self.failure: str = ""  # why the last run failed, in English
        self.failure_reason: Message | None = None  # the same by code and params
        self.restored_optimizer = False  # set by resume()
        self._stop = threading.Event()
        self._run_lock = threading.Lock()

    def _check_data(self) -> None:
        for split, data in ((Message("train.split.training"), self.train_data),
                            (Message("train.split.validation"), self.val_data)):
            if data.size and not np.issubdtype(data.dtype, np.integer):
                raise GPTCoreError(code="train.ids_not_int", split=split, dtype=data.dtype)
            if data.size and (int(data.min()) < 0 or int(data.max()) >= self.vocab_size):
                raise GPTCoreError(code="train.ids_out_of_range", split=split, vocab_size=self.vocab_size,
                                   low=int(data.min()), high=int(data.max()))
        if len(self.train_data) <= self.block_size:
            raise GPTCoreError(code="train.split_too_short", n_tokens=len(self.train_data), block_size=self.block_size,
                               needed=self.block_size + 1)
        if len(self.val_data) < 2:
            raise GPTCoreError(code="train.val_too_short", n_tokens=len(self.val_data))

    # -- control --------------------------------------------------------------------------------
    def request_stop(self) -> None:
        """Ask a running (or about to start) run() to end after the current step. Thread-safe."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def _emit(self, event) -> None:
        if self.on_event is not None:
            self.on_event(event)

    # -- evaluation -----------------------------------------------------------------------------
    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        """Mean loss over the fixed train and val batches, in eval mode (no dropout); restores train mode."""
        was_training = self.model.training
        self.model.eval()
        try:
            out = {}
            for split, batches in self._eval_sets.items():
                with self._autocast():
                    losses = [self.model(x.to(self.device), y.to(self.device), **self._forward_kwargs)[1]
                              for x, y in batches]
                out[split] = float(torch.stack(losses).float().mean())
            return out
        finally:
            self.model.train(was_training)

    @torch.no_grad()
    def sample(self, max_new_tokens: int | None = None, seed: int | None = None) -> str:
        """Generate from cfg.sample_prompt with a fixed seed, so samples at different steps are comparable."""
        cfg = self.cfg
        n = cfg.sample_tokens if max_new_tokens is None else max_new_tokens
        ids = self.tokenizer.encode(cfg.sample_prompt, unknown="skip") if cfg.sample_prompt else []
        if not ids:  # a prompt outside the vocabulary: start from the corpus's first token instead
            ids = [int(self.train_data[0])]
        ids = ids[-self.block_size:]
        was_training = self.model.training
        self.model.eval()
        try:
            idx = torch.tensor([ids], dtype=torch.long, device=self.device)
            out = self.model.generate(idx, n, temperature=1.0, seed=cfg.seed if seed is None else seed)
        finally:
            self.model.train(was_training)
        return self.tokenizer.decode(out[0, len(ids):].tolist())

    @torch.no_grad()
    def _snapshot(self, step: int) -> None:
        was_training = self.model.training
        self.model.eval()
        try:
            payload = self.snapshot_fn(self.model, step)
        finally:
            self.model.train(was_training)
        self._emit(SnapshotEvent(step, payload))

    def _evaluate_and_report(self, step: int, lr: float) -> None:
        losses = self.evaluate()
        self.history.append({"step": step, "train_loss": losses["train"], "val_loss": losses["val"],
                             "lr": lr, "elapsed_s": round(self.wall_time_s, 3)})
        self._emit(EvalEvent(step, losses["train"], losses["val"]))
        n_evals = len(self.history)
        if self.cfg.sample_every_evals and self.cfg.sample_tokens and (n_evals - 1) % self.cfg.sample_every_evals == 0:
            self._emit(SampleEvent(step, self.sample(), self.cfg.sample_prompt))
        if self.snapshot_fn is not None and self.cfg.snapshot_every == 0:
            self._snapshot(step)

    def evaluate_and_record(self) -> dict[str, float]:
        """Evaluate now and append to history (unless this step is already there), e.g. after a stopped run,
        whose last evaluation may be older than its weights; emits an EvalEvent."""
        if self.history and self.history[-1]["step"] == self.step:
            return {"train": self.history[-1]["train_loss"], "val": self.history[-1]["val_loss"]}
        losses = self.evaluate()
        self.history.append({"step": self.step, "train_loss": losses["train"], "val_loss": losses["val"],
                             "lr": lr_at(max(self.step - 1, 0), self.cfg), "elapsed_s": round(self.wall_time_s, 3)})
        self._emit(EvalEvent(self.step, losses["train"], losses["val"]))
        return losses

    def _last_losses(self) -> tuple[float, float]:
        if not self.history:
            return float("nan"), float("nan")
        return self.history[-1]["train_loss"], self.history[-1]["val_loss"]

    # -- training -------------------------------------------------------------------------------
    def run(self) -> TrainResult:
        """Train from self.step to cfg.steps; returns when done, stopped or failed (never raises on NaN)."""
        if not self._run_lock.acquire(blocking=False):
            raise RuntimeError("this Trainer is already running")
        try:
            return self._run()
        finally:
            self._stop.clear()
            self._run_lock.release()

    def _run(self) -> TrainResult:
        cfg, model = self.cfg, self.model
        run_start = time.perf_counter()
        wall_before = self.wall_time_s
        self.status = "running"
        with GLOBAL_RNG_LOCK:  # another thread may be seeding + building its model right now
            torch.manual_seed(_torch_seed(cfg.seed, self.step))  # dropout
        model.train()
        try:
            if self.step == 0 and not self.history and not self._stop.is_set() and self.dist.is_main:
                self._evaluate_and_report(0, lr_at(0, cfg))  # the starting point: about ln(V)
            outcome = self._loop(run_start, wall_before)
        except Exception as exc:
            self.wall_time_s = wall_before + (time.perf_counter() - run_start)
            self.failure_reason = Message("train.crashed", step=self.step + 1, type=type(exc).__name__, error=exc)
            self.status, self.failure = "failed", str(self.failure_reason)
            model.eval()
            try:  # the callback itself may be what raised; its error is the one to see
                self._emit(FailedEvent(self.step, self.failure, self.failure_reason))
            except Exception:
                pass
            raise
        self.wall_time_s = wall_before + (time.perf_counter() - run_start)
        model.eval()  # the views that use the model next expect inference mode
        train_loss, val_loss = self._last_losses()
        result = TrainResult(step=self.step, stopped=outcome == "stopped", failed=outcome == "failed",
                             message=self.failure if outcome == "failed" else "",
                             reason=self.failure_reason if outcome == "failed" else None, train_loss=train_loss,
                             val_loss=val_loss, wall_time_s=time.perf_counter() - run_start,
                             tokens_seen=self.tokens_seen)
        self.status = outcome
        if outcome == "failed":
            self._emit(FailedEvent(self.step, self.failure, self.failure_reason))
        else:
            self._emit(DoneEvent(self.step, outcome == "stopped", train_loss, val_loss))
        return result

    def _loop(self, run_start: float, wall_before: float) -> str:
        cfg, optimizer, params = self.cfg, self.optimizer, self._params
        B, T = cfg.batch_size, self.block_size
        ranks = self.dist
        tokens_per_step = B * T * ranks.world_size  # every rank's share of the global batch
        # The last weights verified finite, refreshed before every update (one copy: cheap next to
        # AdamW's own passes), so a failure can always hand back a usable model.
        backup = [p.detach().clone() for p in params]
        backup_step = self.step
        ema_tokens_per_s = None
        loop_start = time.perf_counter()
        first_step = self.step
        no_clip = float("inf")

        while self.step < cfg.steps:
            if self._stop.is_set() and not ranks.enabled:  # ranks stop together, at the end of a step (below)
                return "stopped"
            step = self.step  # 0-based index of the update about to happen
            t0 = time.perf_counter()
            lr = lr_at(step, cfg)
            for group in optimizer.param_groups:
                group["lr"] = lr
            # One global batch of world_size x B windows per step; each rank trains on its own slice of it.
            x, y = get_batch(self.train_data, B * ranks.world_size, T, np.random.default_rng([cfg.seed, step]))
            if ranks.enabled:
                x, y = x[rank_slice(B, ranks)], y[rank_slice(B, ranks)]  # [B, T] each
            x, y = x.to(self.device, non_blocking=True), y.to(self.device, non_blocking=True)

            weights_probe = _finiteness_probe(params)  # weights the last update or a callback may have broken
            with self._autocast():
                _, loss = self._train_model(x, y, **self._forward_kwargs)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # under DDP the gradients arrive averaged over the ranks
            grad_norm = torch.nn.utils.clip_grad_norm_(params, cfg.grad_clip if cfg.grad_clip > 0 else no_clip)
            loss_shared = loss.detach().float()
            stop_all = False
            if ranks.enabled:  # the global batch's loss, and whether any rank was asked to stop
                stop_flag = torch.tensor(float(self._stop.is_set()), device=loss_shared.device)
                loss_shared, stop_share = all_reduce_mean(torch.stack([loss_shared, stop_flag]), ranks).unbind()
                stop_all = bool(stop_share > 0)
            # The one host sync per step. Nothing has touched the weights yet, so a bad value costs nothing.
            loss_value, norm_value, weights_value = torch.stack(
                [loss_shared, grad_norm.float(), weights_probe.float()]).tolist()
            if not math.isfinite(weights_value):
                self._fail(Message("train.weights_not_finite", value=_nan_or_inf(weights_value), step=step),
                           backup, backup_step)
                return "failed"
            if not math.isfinite(loss_value):
                self._fail(Message("train.loss_not_finite", value=_nan_or_inf(loss_value), step=step + 1))
                return "failed"
            if not math.isfinite(norm_value):
                self._fail(Message("train.grad_not_finite", value=_nan_or_inf(norm_value), step=step + 1))
                return "failed"
            _copy_all(backup, params)
            backup_step = step
            optimizer.step()
            self.step = step + 1
            self.tokens_seen += tokens_per_step

            now = time.perf_counter()
            instant = tokens_per_step / max(now - t0, 1e-9)
            ema_tokens_per_s = instant if ema_tokens_per_s is None else 0.9 * ema_tokens_per_s + 0.1 * instant
            self.wall_time_s = wall_before + (now - run_start)
            per_step = (now - loop_start) / (self.step - first_step)  # includes evals: an honest ETA
            self._emit(StepEvent(self.step, loss_value, lr, ema_tokens_per_s, self.wall_time_s,
                                 per_step * (cfg.steps - self.step), norm_value))
            if stop_all if ranks.enabled else self._stop.is_set():
                return "stopped"

            eval_due = (cfg.eval_every and self.step % cfg.eval_every == 0) or self.step == cfg.steps
            snapshot_due = self.snapshot_fn is not None and cfg.snapshot_every and self.step % cfg.snapshot_every == 0
            if eval_due or snapshot_due:
                # Evaluating or sampling broken weights would only produce NaN curves and a crash in
                # multinomial; check them first (a sync, but only at these rare steps).
                weights_value = float(_finiteness_probe(params))
                if not math.isfinite(weights_value):
                    self._fail(Message("train.weights_not_finite", value=_nan_or_inf(weights_value), step=self.step),
                               backup, backup_step)
                    return "failed"
            if eval_due and ranks.is_main:  # the other ranks go on and wait for it in the next backward()
                self._evaluate_and_report(self.step, lr)
            if snapshot_due and ranks.is_main:
                self._snapshot(self.step)
        return "done"

    def _fail(self, what: Message, backup: list[torch.Tensor] | None = None, backup_step: int = 0) -> None:
        """Keep the last finite weights and explain; the optimizer has not applied the failing step."""
        if backup is not None:
            # The current weights are broken: roll back to the copy taken before the last update.
            with torch.no_grad():
                _copy_all(self._params, backup)
            # Adam's moments moved with the discarded update; start them afresh rather than trust them.
            self.optimizer.state.clear()
            self.tokens_seen -= (self.step - backup_step) * self.cfg.batch_size * self.block_size * self.dist.world_size
            self.step = backup_step
        self.failure_reason = Message("train.diverged", what=what, kept=_kept_weights(self.step), lr=self.cfg.lr)
        self.failure = str(self.failure_reason)
        self.status = "failed"

    # -- persistence ----------------------------------------------------------------------------
    def record(self) -> dict[str, Any]:
        """The JSON-able training record stored in a checkpoint (see checkpoint.save_checkpoint)."""
        train_loss, val_loss = self._last_losses()

        def finite_or_none(v: float) -> float | None:
            return v if math.isfinite(v) else None

        return {
            "record_version": RECORD_VERSION,
            "corpus": self.corpus_name,
            "tokenizer": getattr(self.tokenizer, "kind", type(self.tokenizer).__name__),
            "vocab_size": self.vocab_size,
            "steps": self.step,
            "tokens_seen": self.tokens_seen,
            "wall_time_s": round(self.wall_time_s, 3),
            "device": self.device.type,
            "world_size": self.dist.world_size,  # train_config.batch_size is per rank: the global batch is x this
            "status": self.status,
            "failure": self.failure,
            "train_tokens": int(len(self.train_data)),
            "val_tokens": int(len(self.val_data)),
            "train_config": self.cfg.to_dict(),
            "history": [dict(h) for h in self.history],
            "baselines": dict(self.baselines),
            "final_train_loss": finite_or_none(train_loss),
            "final_val_loss": finite_or_none(val_loss),
            "final_eval_step": self.history[-1]["step"] if self.history else None,
        }

    def save(self, path) -> Any:
        """Weights, tokenizer, record and AdamW state in one .safetensors file."""
        from .checkpoint import save_checkpoint

        return save_checkpoint(path, self.model, self.tokenizer, record=self.record(), optimizer=self.optimizer)

    @classmethod
    def resume(cls, path, train_data: np.ndarray, val_data: np.ndarray, cfg: TrainConfig | None = None,
               **kw: Any) -> "Trainer":
        """Continue a saved run: weights, AdamW moments, step count, history and wall time.

        cfg defaults to the checkpoint's own train config; pass one with a larger `steps` to train on
        (steps is the total, so the cosine schedule is recomputed over the new length).
        """
        from .checkpoint import load_checkpoint

        ckpt = path if hasattr(path, "restore_optimizer") else load_checkpoint(path)  # a path or a loaded Checkpoint
        record = ckpt.record or {}
        if cfg is None:
            if "train_config" not in record:
                raise TrainConfigError(code="train.no_train_config", path=path)
            cfg = TrainConfig.from_dict(record["train_config"])
        kw.setdefault("corpus_name", record.get("corpus", ""))
        trainer = cls(ckpt.model, ckpt.tokenizer, train_data, val_data, cfg, **kw)
        trainer.restored_optimizer = ckpt.restore_optimizer(trainer.optimizer)
        for param, state in trainer.optimizer.state.items():  # restored on the CPU; fused AdamW wants them beside
            for key, value in state.items():
                if torch.is_tensor(value):
                    state[key] = value.to(param.device)
        trainer.step = int(record.get("steps", 0))
        trainer.tokens_seen = int(record.get("tokens_seen", 0))
        trainer.wall_time_s = float(record.get("wall_time_s", 0.0))
        trainer.history = [dict(h) for h in record.get("history", [])]
        trainer.status = "resumed"
        return trainer
