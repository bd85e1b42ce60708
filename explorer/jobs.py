"""Background training jobs: one Trainer per job, run in a thread; the page only reads their state.

Why a thread and a lock: Streamlit reruns the page script for every interaction and must never
block on training, and Streamlit commands must not be called from our own threads. So a job's
thread only updates a lock-protected state (status, step, losses, samples, snapshots, error), and
the page polls `job.view()` (an immutable copy) from an `st.fragment(run_every=...)`.

A `JobRegistry` is plain Python (unit-testable); the app shares one per server through
`shared_registry()` (st.cache_resource). It enforces:
- one job per browser session (a new start replaces that session's finished job);
- a server-wide cap on concurrently *running* jobs: $GPT_EXPLORER_MAX_JOBS, default 2;
- cleanup: a job whose session is gone (Streamlit's Runtime says the session is no longer active for
  `orphan_grace_s`, or, where there is no Runtime, no page has touched it for `heartbeat_timeout_s`)
  is stopped and its model released. The grace period lets a page reload re-attach first (the page
  keeps the job token in the URL's query string).

Example (no Streamlit needed):

    >>> from gpt_core.data import make_task_corpus
    >>> registry = JobRegistry(max_running=1, session_alive=lambda sid: True)
    >>> spec = JobSpec(corpus=make_task_corpus("sort", n_examples=200),
    ...                train=TrainConfig(steps=5, batch_size=4, eval_every=5, eval_batches=1, sample_every_evals=0))
    >>> job = registry.start("session-1", spec)
    >>> job.wait(60), job.view().status
    (True, 'done')
"""
from __future__ import annotations

import copy
import math
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import torch

from gpt_core.checkpoint import Checkpoint, checkpoint_bytes
from gpt_core.config import GPTConfig
from gpt_core.data import Corpus
from gpt_core.devices import select_device
from gpt_core.errors import GPTCoreError
from gpt_core.model import GPT
from gpt_core.tokenizers import BPETokenizer, CharTokenizer, token_kind
from gpt_core.train import GLOBAL_RNG_LOCK
from gpt_core.train import (DoneEvent, EvalEvent, FailedEvent, SampleEvent, SnapshotEvent, StepEvent, TrainConfig,
                            Trainer, prepare_corpus_ids)

from explorer.analysis.train import Probe, TrainingSnapshot, choose_probe, take_snapshot, vocab_labels
from .i18n import DEFAULT_LANGUAGE, t


MAX_JOBS_ENV = "GPT_EXPLORER_MAX_JOBS"
DEFAULT_MAX_JOBS = 2
ACTIVE = ("preparing", "running", "stopping")
ENDED = ("done", "stopped", "failed")
MAX_SNAPSHOTS = 48  # older ones are thinned (every other one dropped), first and last always kept
MAX_SAMPLES = 16


class JobError(RuntimeError):
    """A request the job cannot honour right now (e.g. resuming a running job).

    Raised with a catalogue key ("train.job_error.<name>") and its fields: str(exc) is the English text (logs,
    tests), and a page shows t(exc.key, **exc.fields) in the user's language.
    """

    def __init__(self, key: str, **fields: Any) -> None:
        self.key = key
        self.fields = fields
        super().__init__(t(key, lang=DEFAULT_LANGUAGE, **fields))


class JobLimitError(JobError):
    """The server-wide cap on running jobs is reached."""


# ---- torch threads ----------------------------------------------------------------------------------
_threads_configured = False
_threads_lock = threading.Lock()


def usable_cores() -> int:
    """Cores this process may run on: the affinity mask (taskset, containers) where the OS reports one."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS, Windows
        return os.cpu_count() or 1


def configure_torch_threads() -> int:
    """Give torch every usable core, once per process, from the first training thread.

    Note that torch.set_num_threads is process-wide: the short model passes of every session's pages
    share the setting with the training loop. Two running jobs then share the cores, one reason the
    number of running jobs is capped. os.cpu_count() would ignore a taskset/container limit and
    oversubscribe (16 threads on 2 usable cores), hence the affinity mask.
    """
    global _threads_configured
    with _threads_lock:
        if not _threads_configured:
            torch.set_num_threads(max(1, usable_cores() - 0))  # "- 0": leave no core idle for a UI that mostly waits
            _threads_configured = True
    return torch.get_num_threads()


# ---- what to train ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobSpec:
    """Everything a run needs, as plain data; the tokenizer and model are built in the job's thread."""

    corpus: Corpus
    train: TrainConfig = field(default_factory=TrainConfig)
    model: dict = field(default_factory=lambda: dict(n_layer=2, n_head=2, n_embd=64, block_size=32))  # GPTConfig minus vocab_size
    tokenizer: str = "char"  # "char" | "bpe"
    bpe_vocab_size: int = 512
    probe_text: str = ""  # the user's sidebar text: the probe when it tokenizes
    label: str = ""  # shown in the sidebar model picker

    def model_config(self, vocab_size: int) -> GPTConfig:
        return GPTConfig(**{**self.model, "vocab_size": int(vocab_size)})


@dataclass(frozen=True)
class JobView:
    """An immutable copy of a job's state for drawing; `version` changes whenever anything did."""

    token: str
    status: str  # new | preparing | running | stopping | done | stopped | failed
    error: str  # why it failed, in English (logs, tests)
    step: int
    total_steps: int
    tokens_per_s: float
    eta_s: float
    elapsed_s: float
    evals: tuple  # dicts: step, train_loss, val_loss
    batch_steps: tuple  # every optimizer step ...
    batch_losses: tuple  # ... and its batch loss
    samples: tuple  # (step, text)
    snapshots: tuple  # TrainingSnapshot, oldest first
    baselines: dict
    vocab_size: int | None
    n_params: int | None
    probe: Probe | None
    labels: tuple  # visible label of every vocabulary entry
    categories: tuple
    spec: JobSpec
    version: int
    runs: int  # finished runs (a resume adds one)
    # the same reason by code and params (a gpt_core.errors.Message or a coded error), for the page to show in
    # the user's language with explorer.i18n.error_text; None when there is none (then show `error`)
    error_reason: Any = None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def ended(self) -> bool:
        return self.status in ENDED


def _thin(snapshots: list) -> list:
    """Drop every other snapshot except the first and the last: bounded memory, the whole run still covered."""
    middle = snapshots[1:-1][1::2]
    return [snapshots[0], *middle, snapshots[-1]]


class TrainingJob:
    """One training run (and its resumes) in a background thread. Thread-safe; no Streamlit."""

    def __init__(self, spec: JobSpec, session_id: str, token: str | None = None) -> None:
        self.token = token or uuid.uuid4().hex  # unguessable: it is what a page reload re-attaches with
        self.spec = spec
        self.session_id = session_id
        self.created_at = time.time()
        self.last_seen = time.monotonic()  # heartbeat from the page
        self.orphan_since: float | None = None  # when its session was first seen inactive
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.trainer: Trainer | None = None
        self._status = "new"
        self._error = ""
        self._error_reason = None
        self._step = 0
        self._total = spec.train.steps
        self._last_step: StepEvent | None = None
        self._evals: list[dict] = []
        self._batch_steps: list[int] = []
        self._batch_losses: list[float] = []
        self._samples: list[tuple[int, str]] = []
        self._snapshots: list[TrainingSnapshot] = []
        self._baselines: dict = {}
        self._vocab_size: int | None = None
        self._n_params: int | None = None
        self._probe: Probe | None = None
        self._probe_obj: Probe | None = None  # read by the training thread only
        self._labels: tuple = ()
        self._categories: tuple = ()
        self._version = 0
        self._runs = 0
        self._outcome: tuple[str, str, Any] | None = None  # (status, error, error_reason) of the last event
        self._bytes_cache: tuple[int, bytes] | None = None

    # -- state for the page ------------------------------------------------------------------------
    @property
    def status(self) -> str:
        with self._lock:
            return self._status

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def touch(self) -> None:
        """Heartbeat: a page of the owning session is looking at this job."""
        self.last_seen = time.monotonic()

    def view(self) -> JobView:
        with self._lock:
            last = self._last_step
            return JobView(
                token=self.token, status=self._status, error=self._error, step=self._step, total_steps=self._total,
                tokens_per_s=last.tokens_per_s if last else math.nan, eta_s=last.eta_s if last else math.nan,
                elapsed_s=last.elapsed_s if last else 0.0, evals=tuple(dict(e) for e in self._evals),
                batch_steps=tuple(self._batch_steps), batch_losses=tuple(self._batch_losses),
                samples=tuple(self._samples), snapshots=tuple(self._snapshots), baselines=dict(self._baselines),
                vocab_size=self._vocab_size, n_params=self._n_params, probe=self._probe, labels=self._labels,
                categories=self._categories, spec=self.spec, version=self._version, runs=self._runs,
                error_reason=self._error_reason,
            )

    def _set(self, **changes: Any) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(self, f"_{name}", value)
            self._version += 1

    # -- control ---------------------------------------------------------------------------------
    def _launch(self, target_steps: int | None = None, lr: float | None = None) -> None:
        """Start (or resume) the thread. Callers go through JobRegistry, which enforces the cap."""
        with self._lock:
            if self._status in ACTIVE:
                raise JobError("train.job_error.job_busy")
            if self._status != "new" and self.trainer is None:
                raise JobError("train.job_error.never_built")
            self._stop.clear()
            self._outcome = None
            self._error, self._error_reason = "", None
            self._status = "preparing" if self.trainer is None else "running"
            self._version += 1
        self._thread = threading.Thread(target=self._main, args=(target_steps, lr), name=f"train-{self.token[:8]}",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the run to end after the current optimizer step; the weights stay as they are."""
        self._stop.set()
        trainer = self.trainer
        if trainer is not None:
            trainer.request_stop()
        with self._lock:
            if self._status in ("preparing", "running"):
                self._status = "stopping"
                self._version += 1

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread ends (tests, benchmarks); True if it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def resume_target(self) -> int:
        """Where Resume trains to: the planned total if the run stopped short, else as many steps again."""
        trainer = self.trainer
        if trainer is None:
            return self.spec.train.steps
        if trainer.step < trainer.cfg.steps:
            return trainer.cfg.steps
        return trainer.step + self.spec.train.steps

    # -- the thread --------------------------------------------------------------------------------
    def _main(self, target_steps: int | None, lr: float | None) -> None:
        configure_torch_threads()
        try:
            if self.trainer is None:
                self._prepare()
            trainer = self.trainer
            changes = {}
            if target_steps is not None and target_steps != trainer.cfg.steps:
                changes["steps"] = int(target_steps)
            if lr is not None and lr != trainer.cfg.lr:
                changes.update(lr=float(lr), min_lr=min(trainer.cfg.min_lr, float(lr)))
            if changes:
                # Only steps/lr change: the eval batches the Trainer drew from batch_size/seed stay valid.
                trainer.cfg = trainer.cfg.replace(**changes)
            with self._lock:
                self._total = trainer.cfg.steps
                if self._status == "preparing":
                    self._status = "running"
                self._version += 1
            if self._stop.is_set():
                self._outcome = ("stopped", "", None)
            else:
                trainer.run()
                if self._outcome == ("stopped", "", None) and trainer.step > 0:
                    self._measure_kept_weights(trainer)
        except Exception as exc:  # a bad corpus/config, or a crash inside the Trainer
            message = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
            reason = exc if isinstance(exc, GPTCoreError) and exc.code else None  # its text is `message`
            if self._outcome is None or self._outcome[0] != "failed":
                self._outcome = ("failed", message, reason)
        finally:
            # The status flips to an ended state only here, after the Trainer has let go of the model,
            # so whatever the page does with an ended job (export, resume) never races the thread.
            status, error, reason = self._outcome or (self.trainer.status if self.trainer else "failed", "", None)
            if status not in ENDED:
                status = "stopped"
            with self._lock:
                self._status = status
                self._error, self._error_reason = error, reason
                self._runs += 1
                self._bytes_cache = None
                self._version += 1

    def _prepare(self) -> None:
        spec = self.spec
        text = spec.corpus.text
        tokenizer = BPETokenizer.train(text, spec.bpe_vocab_size) if spec.tokenizer == "bpe" else CharTokenizer.from_text(text)
        config = spec.model_config(tokenizer.vocab_size)
        with GLOBAL_RNG_LOCK:  # the torch RNG is process-global: two jobs starting together must not interleave
            torch.manual_seed(spec.train.seed)  # the same seed gives the same initial weights
            model = GPT(config)
        train_ids, val_ids = prepare_corpus_ids(text, tokenizer)
        probe = choose_probe(tokenizer, spec.corpus.name, val_ids, spec.probe_text, config.block_size,
                             seed=spec.train.seed)
        self._probe_obj = probe
        trainer = Trainer(model, tokenizer, train_ids, val_ids, spec.train, corpus_name=spec.corpus.name,
                          on_event=self._on_event, snapshot_fn=self._snapshot, device=select_device("auto"))
        if self._stop.is_set():
            trainer.request_stop()
        self.trainer = trainer
        kinds = tuple(token_kind(tokenizer.token_str(i)) for i in range(tokenizer.vocab_size))
        self._set(baselines=dict(trainer.baselines), vocab_size=tokenizer.vocab_size, n_params=model.num_parameters(),
                  probe=probe, labels=tuple(vocab_labels(tokenizer)), categories=kinds)

    def _measure_kept_weights(self, trainer: Trainer) -> None:
        """A stopped run ends without the Trainer's final evaluation; add it (and a snapshot) here, so the
        loss chart, the checkpoint's record and the views describe the weights the user keeps."""
        trainer.evaluate_and_record()  # emits an EvalEvent unless this step was just evaluated
        with self._lock:
            last = self._snapshots[-1] if self._snapshots else None
        if last is None or last.step != trainer.step:
            self._on_event(SnapshotEvent(trainer.step, take_snapshot(trainer.model, self._probe_obj, trainer.step, last)))

    def _snapshot(self, model, step: int) -> TrainingSnapshot:
        with self._lock:
            previous = self._snapshots[-1] if self._snapshots else None
        return take_snapshot(model, self._probe_obj, step, previous)

    def _on_event(self, event) -> None:
        """Called by the Trainer in this job's thread; keeps the lock for microseconds only."""
        with self._lock:
            if isinstance(event, StepEvent):
                self._step = event.step
                self._last_step = event
                self._batch_steps.append(event.step)
                self._batch_losses.append(event.loss)
            elif isinstance(event, EvalEvent):
                self._step = max(self._step, event.step)
                self._evals.append({"step": event.step, "train_loss": event.train_loss, "val_loss": event.val_loss})
            elif isinstance(event, SampleEvent):
                self._samples = (self._samples + [(event.step, event.text)])[-MAX_SAMPLES:]
            elif isinstance(event, SnapshotEvent):
                if self._snapshots and self._snapshots[-1].step == event.step:
                    self._snapshots[-1] = event.payload
                else:
                    self._snapshots.append(event.payload)
                if len(self._snapshots) > MAX_SNAPSHOTS:
                    self._snapshots = _thin(self._snapshots)
            elif isinstance(event, DoneEvent):
                self._step = event.step
                self._outcome = ("stopped" if event.stopped else "done", "", None)
            elif isinstance(event, FailedEvent):
                self._step = event.step
                self._outcome = ("failed", event.message, event.reason)
            self._version += 1

    # -- results ---------------------------------------------------------------------------------
    def _ended_trainer(self) -> Trainer:
        if self.active:
            raise JobError("train.job_error.stop_first")
        if self.trainer is None:
            raise JobError("train.job_error.no_model")
        return self.trainer

    def record(self) -> dict:
        trainer = self._ended_trainer()
        record = trainer.record()
        # The sidebar model card reads train_loss / val_loss.
        record["train_loss"], record["val_loss"] = record.get("final_train_loss"), record.get("final_val_loss")
        return record

    def export_checkpoint(self, name: str = "") -> Checkpoint:
        """A Checkpoint holding a *copy* of the weights, so a later Resume never changes a model being explored."""
        trainer = self._ended_trainer()
        model = copy.deepcopy(trainer.model).cpu().eval()  # the pages run on the CPU, wherever it trained
        return Checkpoint(model=model, tokenizer=trainer.tokenizer, config=model.config, record=self.record(),
                          name=name or self.spec.label)

    def checkpoint_bytes(self) -> bytes:
        """The .safetensors download (weights, tokenizer, record), built once per finished run."""
        trainer = self._ended_trainer()
        with self._lock:
            cached = self._bytes_cache
        if cached is not None and cached[0] == trainer.step:
            return cached[1]
        data = checkpoint_bytes(trainer.model, trainer.tokenizer, self.record())
        with self._lock:
            self._bytes_cache = (trainer.step, data)
        return data

    def release(self) -> None:
        """Drop the model and the recorded views (after the session is gone)."""
        self.stop()
        self.wait(30)
        with self._lock:
            self.trainer = None
            self._snapshots = []
            self._samples = []
            self._bytes_cache = None
            self._version += 1


# ---- the registry -----------------------------------------------------------------------------------
def runtime_session_alive(session_id: str) -> bool | None:
    """Whether Streamlit's server still has this browser session connected; None outside `streamlit run`."""
    try:
        from streamlit.runtime import Runtime
    except ImportError:  # pragma: no cover - streamlit is a dependency of the app
        return None
    if not Runtime.exists():
        return None
    return Runtime.instance().is_active_session(session_id)


def max_running_from_env(default: int = DEFAULT_MAX_JOBS) -> int:
    value = os.environ.get(MAX_JOBS_ENV, "").strip()
    try:
        return max(1, int(value)) if value else default
    except ValueError:
        return default


class JobRegistry:
    """All training jobs of this server: start/resume under a cap, one per session, reaping the orphans."""

    def __init__(self, max_running: int | None = None,
                 session_alive: Callable[[str], bool | None] = runtime_session_alive,
                 orphan_grace_s: float = 90.0, heartbeat_timeout_s: float = 1800.0, reap_every_s: float = 15.0,
                 start_reaper: bool = True) -> None:
        self._max_running, self._start_reaper = max_running, start_reaper
        self.session_alive = session_alive
        # how long an orphan waits for a reload to re-attach, the no-Runtime fallback, and the reaper's period
        self.orphan_grace_s, self.heartbeat_timeout_s, self.reap_every_s = orphan_grace_s, heartbeat_timeout_s, reap_every_s
        self._lock = threading.Lock()
        self._jobs: dict[str, TrainingJob] = {}
        self._by_session: dict[str, str] = {}
        self._reaper: threading.Thread | None = None

    @property
    def max_running(self) -> int:
        """The cap; read from $GPT_EXPLORER_MAX_JOBS at each start unless given explicitly."""
        return self._max_running if self._max_running is not None else max_running_from_env()

    def running_count(self) -> int:
        with self._lock:
            return sum(job.active for job in self._jobs.values())

    def get(self, token: str | None) -> TrainingJob | None:
        with self._lock:
            return self._jobs.get(token) if token else None

    def for_session(self, session_id: str) -> TrainingJob | None:
        with self._lock:
            token = self._by_session.get(session_id)
            return self._jobs.get(token) if token else None

    def attach(self, token: str | None, session_id: str) -> TrainingJob | None:
        """The session's job; a token from the URL (a reloaded page is a new session) re-attaches its job."""
        with self._lock:
            current = self._jobs.get(self._by_session.get(session_id, ""))
            job = self._jobs.get(token) if token else None
            if job is None or job is current:
                return current
            if current is not None and current.active:
                return current  # never swap away from a running job of this session
            if self._by_session.get(job.session_id) == job.token:
                del self._by_session[job.session_id]
            job.session_id = session_id
            job.orphan_since = None
            self._by_session[session_id] = job.token
            job.touch()
            return job

    def _check_cap(self) -> None:
        running = sum(job.active for job in self._jobs.values())
        if running >= self.max_running:
            raise JobLimitError("train.job_error.limit_one" if running == 1 else "train.job_error.limit_many",
                                running=running, env=MAX_JOBS_ENV, limit=self.max_running)

    def start(self, session_id: str, spec: JobSpec) -> TrainingJob:
        """Start a new job for this session (replacing its finished one); raises JobLimitError at the cap."""
        with self._lock:
            old = self._jobs.get(self._by_session.get(session_id, ""))
            if old is not None and old.active:
                raise JobError("train.job_error.session_busy")
            self._check_cap()
            if old is not None:
                self._jobs.pop(old.token, None)
            job = TrainingJob(spec, session_id)
            self._jobs[job.token] = job
            self._by_session[session_id] = job.token
            job._launch()
            self._ensure_reaper()
        if old is not None:
            old.release()
        return job

    def resume(self, job: TrainingJob, target_steps: int | None = None, lr: float | None = None) -> None:
        with self._lock:
            if job.active:
                raise JobError("train.job_error.still_training")
            self._check_cap()
            job._launch(target_steps if target_steps is not None else job.resume_target(), lr)
            self._ensure_reaper()

    def release(self, token: str) -> None:
        with self._lock:
            job = self._jobs.pop(token, None)
            if job is not None and self._by_session.get(job.session_id) == token:
                del self._by_session[job.session_id]
        if job is not None:
            job.release()

    def jobs(self) -> list[TrainingJob]:
        with self._lock:
            return list(self._jobs.values())

    def clear(self) -> None:
        """Stop and drop every job (tests)."""
        for job in self.jobs():
            self.release(job.token)

    # -- cleanup -----------------------------------------------------------------------------------
    def _is_orphan(self, job: TrainingJob, now: float) -> bool:
        alive = self.session_alive(job.session_id)
        if alive is None:  # no Streamlit runtime (tests, raw mode): fall back to the page's heartbeat
            return now - job.last_seen > self.heartbeat_timeout_s
        if alive:
            job.orphan_since = None
            return False
        if job.orphan_since is None:
            job.orphan_since = now
        return now - job.orphan_since > self.orphan_grace_s

    def reap(self, now: float | None = None) -> list[str]:
        """Stop orphaned running jobs; release orphaned ended ones. Returns the released tokens."""
        now = time.monotonic() if now is None else now
        released = []
        for job in self.jobs():
            if not self._is_orphan(job, now):
                continue
            if job.active:
                job.stop()  # released on a later pass, once its thread has ended
            else:
                self.release(job.token)
                released.append(job.token)
        return released

    def _ensure_reaper(self) -> None:
        """A daemon thread that reaps while any job exists, then exits (called with the lock held)."""
        if not self._start_reaper or (self._reaper is not None and self._reaper.is_alive()):
            return
        self._reaper = threading.Thread(target=self._reap_loop, name="train-job-reaper", daemon=True)
        self._reaper.start()

    def _reap_loop(self) -> None:
        while True:
            time.sleep(self.reap_every_s)
            try:
                self.reap()
            except Exception:  # never let cleanup kill the thread silently mid-way; try again next pass
                pass
            with self._lock:
                if not self._jobs:
                    self._reaper = None
                    return


# ---- Streamlit glue (imported lazily so the classes above stay Streamlit-free) ------------------------
_shared_registry_fn = None


def shared_registry() -> JobRegistry:
    """The server-wide JobRegistry, held by st.cache_resource (shared by every session)."""
    global _shared_registry_fn
    if _shared_registry_fn is None:
        import streamlit as st

        @st.cache_resource(show_spinner=False)
        def _server_job_registry() -> JobRegistry:
            return JobRegistry()

        _shared_registry_fn = _server_job_registry
    return _shared_registry_fn()


def current_session_id() -> str:
    """This browser session's id (a reload is a new session); "local" outside a Streamlit run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else "local"
