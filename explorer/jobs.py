"""Background training jobs: each run in its own worker process; the server only keeps what the page draws.

Why a process: a training step holds the interpreter (and its cores) for tens of milliseconds at a time, and
a thread in the server competes with every learner's page for them. So a job's run happens in a worker
process (explorer/worker.py: the Trainer, the model, the runs folder's files), started from a fork server
that has torch loaded already (a start costs milliseconds, not the seconds of importing torch). The worker
streams its events back over a queue; a listener thread here applies them to a lock-protected state, and
the page polls `job.view()` (an immutable copy) from an `st.fragment(run_every=...)`. A crash, an
out-of-memory kill or a NaN in a run ends that process only: the page gets the reason.

A `JobRegistry` is plain Python (unit-testable); the app shares one per server through
`shared_registry()` (st.cache_resource). It enforces:
- one job per browser session (a new start replaces that session's finished job);
- a server-wide cap on concurrently *running* jobs, $GPT_EXPLORER_MAX_JOBS (default 2); further starts wait
  in a first-come queue ($GPT_EXPLORER_MAX_QUEUE long, default 30) and the page shows their position;
- cleanup: a job whose session is gone (Streamlit's Runtime says the session is no longer active for
  `orphan_grace_s`, or, where there is no Runtime, no page has touched it for `heartbeat_timeout_s`)
  is stopped and released from memory (its files stay in the runs folder). The grace period lets a page
  reload re-attach first (the page keeps the job token in the URL's query string).

Example (no Streamlit needed):

    >>> from gpt_core.data import make_task_corpus
    >>> import tempfile
    >>> registry = JobRegistry(max_running=1, session_alive=lambda sid: True, runs_root=tempfile.mkdtemp())
    >>> spec = JobSpec(corpus=make_task_corpus("sort", n_examples=200),
    ...                train=TrainConfig(steps=5, batch_size=4, eval_every=5, eval_batches=1, sample_every_evals=0))
    >>> job = registry.start("session-1", spec)
    >>> job.wait(120), job.view().status
    (True, 'done')
"""
from __future__ import annotations

import math
import multiprocessing
import os
import queue
import signal
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from gpt_core.checkpoint import Checkpoint, load_checkpoint, load_checkpoint_bytes
from gpt_core.config import GPTConfig
from gpt_core.data import Corpus
from gpt_core.tokenizers import token_kind
from gpt_core.train import (DoneEvent, EvalEvent, FailedEvent, SampleEvent, SnapshotEvent, StepEvent, TrainConfig)

from explorer import runs
from explorer.analysis.train import Probe, vocab_labels
from explorer.worker import (MAX_SNAPSHOTS, EndedEvent, PersistedEvent, PreparedEvent, WorkerCommand, add_snapshot,
                             probe_from, thin, worker_main)
from .i18n import DEFAULT_LANGUAGE, t

MAX_JOBS_ENV, MAX_QUEUE_ENV, THREADS_ENV = "GPT_EXPLORER_MAX_JOBS", "GPT_EXPLORER_MAX_QUEUE", "GPT_EXPLORER_WORKER_THREADS"
DEFAULT_MAX_JOBS, DEFAULT_MAX_QUEUE = 2, 30
RUNNING = ("preparing", "running", "stopping")
ACTIVE = ("queued", *RUNNING)
ENDED = ("done", "stopped", "failed")
MAX_SAMPLES = 16
_thin = thin  # older name, kept for callers
__all__ = ["MAX_SNAPSHOTS", "JobSpec", "JobView", "TrainingJob", "JobRegistry", "JobError", "JobLimitError"]


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
    """The server's queue of waiting jobs is full."""


# ---- processes -------------------------------------------------------------------------------------------
def usable_cores() -> int:
    """Cores this process may run on: the affinity mask (taskset, containers) where the OS reports one."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS, Windows
        return os.cpu_count() or 1


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return max(minimum, int(value)) if value else default
    except ValueError:
        return default


def worker_threads(max_running: int) -> int:
    """torch threads per worker: $GPT_EXPLORER_WORKER_THREADS, else the cores minus one for the server's pages,
    shared by the jobs that may run at once (2 cores, 2 jobs: 1 thread each; 16 cores, 2 jobs: 7 each).
    os.cpu_count() would ignore a taskset/container limit and oversubscribe, hence the affinity mask."""
    return _env_int(THREADS_ENV, max(1, (usable_cores() - 1) // max(1, max_running)))


_context = None
_context_lock = threading.Lock()


def worker_context():
    """The multiprocessing context for workers: a fork server that preloads torch (explorer.worker_boot) where
    the platform has one, else spawn. Never plain fork: the server has threads (Streamlit's, the listeners)."""
    global _context
    with _context_lock:
        if _context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                _context = multiprocessing.get_context("forkserver")
                # "__main__" first: the fork server imports the main script once (`streamlit run` is one), so
                # a worker does not import it again at every start
                _context.set_forkserver_preload(["__main__", "explorer.worker_boot"])
            else:  # pragma: no cover - Windows
                _context = multiprocessing.get_context("spawn")
        return _context


# ---- what to train ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobSpec:
    """Everything a run needs, as plain data; the tokenizer and model are built in the worker process."""

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
    status: str  # new | queued | preparing | running | stopping | done | stopped | failed
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
    labels: tuple
    categories: tuple
    spec: JobSpec
    version: int
    runs: int  # finished runs (a resume adds one)
    # the same reason by code and params (a gpt_core.errors.Message or a coded error), for the page to show in
    # the user's language with explorer.i18n.error_text; None when there is none (then show `error`)
    error_reason: Any = None
    error_key: str = ""  # an app-side reason (the worker died): t(error_key, **error_fields)
    error_fields: dict = field(default_factory=dict)
    lr: float = math.nan  # the peak learning rate of the last run (a resume may have lowered it)
    queue_position: int | None = None  # 1 = next to start, while queued
    queue_length: int = 0
    persist_problem: runs.PersistProblem | None = None  # why the runs folder does not hold the last step
    folder: str = ""  # the run's folder in the runs folder
    has_model: bool = False  # a finished run whose weights the server can hand out (from disk or memory)
    device: str = ""  # where the worker trains, described ("cpu (1 threads)", "cuda:0 (...)"), once it has started

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def ended(self) -> bool:
        return self.status in ENDED


class TrainingJob:
    """One training run (and its resumes), each run in a worker process. Thread-safe; no Streamlit."""

    def __init__(self, spec: JobSpec, session_id: str, token: str | None = None, folder: Path | None = None,
                 threads: int = 1, fault: str = "", on_ended: Callable[[TrainingJob], None] | None = None) -> None:
        self.token = token or uuid.uuid4().hex  # unguessable: it is what a page reload re-attaches with
        self.spec = spec
        self.session_id = session_id
        self.folder = Path(folder) if folder is not None else runs.new_run_dir(runs.runs_root(), spec.label or spec.corpus.name, self.token)
        self.threads, self.fault, self.on_ended = threads, fault, on_ended
        self.created_at = time.time()
        self.last_seen = time.monotonic()  # heartbeat from the page
        self.orphan_since: float | None = None  # when its session was first seen inactive
        self._lock = threading.Lock()
        self._idle = threading.Event()  # set while no run is queued or running (what wait() waits for)
        self._idle.set()
        self._listener: threading.Thread | None = None
        self._process = None
        self._stop_event = None
        self._stop_asked = False
        self._status = "new"
        self._status_before_queue = "new"
        self._pending: tuple[int | None, float | None] = (None, None)  # a queued launch's target steps and lr
        self._error, self._error_reason, self._error_key, self._error_fields = "", None, "", {}
        self._step = 0
        self._total = spec.train.steps
        self._lr = spec.train.lr
        self._device = ""
        self._last_step: StepEvent | None = None
        self._evals: list[dict] = []
        self._batch_steps: list[int] = []
        self._batch_losses: list[float] = []
        self._samples: list[tuple[int, str]] = []
        self._snapshots: list = []
        self._baselines: dict = {}
        self._vocab_size: int | None = None
        self._n_params: int | None = None
        self._probe: Probe | None = None
        self._labels: tuple = ()
        self._categories: tuple = ()
        self._version = 0
        self._runs = 0
        self._built = False  # a model exists (on disk or in memory) that a resume continues from
        self._fallback: bytes | None = None  # the checkpoint, when the runs folder could not take it
        self._persist_problem: runs.PersistProblem | None = None
        self._queue_position: int | None = None
        self._queue_length = 0

    # -- state for the page ------------------------------------------------------------------------
    @property
    def status(self) -> str:
        with self._lock:
            return self._status

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    def touch(self) -> None:
        """Heartbeat: a page of the owning session is looking at this job."""
        self.last_seen = time.monotonic()

    def _has_model(self) -> bool:
        return self._status in ENDED and self._built and self._step > 0 and (
            self._fallback is not None or (self.folder / runs.MODEL_FILE).is_file())

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
                error_reason=self._error_reason, error_key=self._error_key, error_fields=dict(self._error_fields),
                lr=self._lr, queue_position=self._queue_position, queue_length=self._queue_length,
                persist_problem=self._persist_problem, folder=str(self.folder), has_model=self._has_model(),
                device=self._device,
            )

    def _set(self, **changes: Any) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(self, f"_{name}", value)
            self._version += 1

    # -- control (callers go through JobRegistry, which enforces the cap and the queue) ------------------
    def _enqueue(self, target_steps: int | None = None, lr: float | None = None) -> None:
        with self._lock:
            if self._status in ACTIVE:
                raise JobError("train.job_error.job_busy")
            self._status_before_queue, self._status = self._status, "queued"
            self._idle.clear()
            self._pending = (target_steps, lr)
            self._stop_asked = False
            self._version += 1

    def _unqueue(self) -> None:
        """Leave the queue without running (Stop while waiting): back to how it was."""
        with self._lock:
            if self._status == "queued":
                self._status = "stopped" if self._status_before_queue == "new" else self._status_before_queue
                self._queue_position = None
                self._version += 1
                self._idle.set()

    def _launch(self, target_steps: int | None = None, lr: float | None = None) -> None:
        """Start (or resume) a worker process and the thread that listens to it."""
        spec = self._resume_spec() if self._built else self.spec  # may refuse: before anything changes
        with self._lock:
            if self._status in RUNNING:
                raise JobError("train.job_error.job_busy")
            if self._status not in ("new", "queued") and not self._built:
                raise JobError("train.job_error.never_built")
            if self._status == "queued":
                target_steps, lr = self._pending
            resume = self._built
            self._idle.clear()
            self._stop_asked = False
            self._error, self._error_reason, self._error_key, self._error_fields = "", None, "", {}
            self._status = "running" if resume else "preparing"
            self._queue_position = None
            self._version += 1
        ctx = worker_context()
        events, stop = ctx.Queue(), ctx.Event()
        command = WorkerCommand(spec=spec, token=self.token, folder=str(self.folder), resume=resume,
                                target_steps=target_steps, lr=lr, threads=self.threads, fault=self.fault)
        process = ctx.Process(target=worker_main, args=(command, events, stop), name=f"train-{self.token[:8]}",
                              daemon=True)
        self._stop_event = stop
        try:
            process.start()
        except Exception as exc:  # no process could be made (out of memory, too many processes)
            self._finish(None, died=("train.worker.no_start", {"error": f"{type(exc).__name__}: {exc}"}))
            return
        self._process = process
        self._listener = threading.Thread(target=self._listen, args=(process, events), name=f"listen-{self.token[:8]}",
                                          daemon=True)
        self._listener.start()

    def _resume_spec(self) -> JobSpec:
        """A resume continues the weights on disk; a run that only lives in memory (the disk refused it) first
        goes back to its folder if it can."""
        if self._fallback is not None and not (self.folder / runs.MODEL_FILE).is_file():
            problem = runs.write_files(self.folder, {runs.MODEL_FILE: self._fallback})
            if problem is not None:
                raise JobError("train.job_error.cannot_resume", problem=t(problem.key, lang=DEFAULT_LANGUAGE,
                                                                           **problem.fields))
        return self.spec

    def stop(self) -> None:
        """Ask the run to end after the current optimizer step; the weights stay as they are."""
        with self._lock:
            self._stop_asked = True
            if self._status in ("preparing", "running"):
                self._status = "stopping"
                self._version += 1
            queued = self._status == "queued"
        if queued and self.on_ended is not None:
            self._unqueue()
            self.on_ended(self)  # the registry drops it from its queue
        stop = self._stop_event
        if stop is not None:
            stop.set()

    def kill(self) -> None:
        """End the worker at once (SIGKILL), as the OS does to a process out of memory; the page says so."""
        process = self._process
        if process is not None and process.is_alive():
            process.kill()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job is neither queued nor running, its last run recorded (tests, benchmarks)."""
        return self._idle.wait(timeout)

    def resume_target(self) -> int:
        """Where Resume trains to: the planned total if the run stopped short, else as many steps again."""
        with self._lock:
            if not self._built:
                return self.spec.train.steps
            if self._step < self._total:
                return self._total
            return self._step + self.spec.train.steps

    # -- the listener thread -------------------------------------------------------------------------
    def _listen(self, process, events) -> None:
        ended = None
        while ended is None:
            try:
                event = events.get(timeout=0.25)
            except queue.Empty:
                if process.is_alive():
                    continue
                try:  # it has exited: whatever it sent before is still in the pipe
                    event = events.get(timeout=1.0)
                except queue.Empty:
                    break
            except (EOFError, OSError, ValueError):  # a broken pipe or a message that cannot be read
                break
            if isinstance(event, EndedEvent):
                ended = event
            else:
                self._on_event(event)
        process.join(timeout=30)
        if ended is None:
            code = process.exitcode
            if code is not None and code < 0:
                try:
                    name = signal.Signals(-code).name
                except ValueError:
                    name = str(-code)
                died = ("train.worker.killed", {"signal": name})
            else:
                died = ("train.worker.exited", {"code": code})
            self._finish(None, died=died)
        else:
            self._finish(ended)
        events.close()

    def _finish(self, ended: EndedEvent | None, died: tuple[str, dict] | None = None) -> None:
        """The status flips to an ended state only here, after the worker has gone."""
        with self._lock:
            if ended is not None:
                self._status, self._error, self._error_reason = ended.status, ended.error, ended.reason
                self._step = max(ended.step, 0)
                if not math.isnan(ended.lr):
                    self._lr = ended.lr
                if ended.fallback is not None:
                    self._fallback = ended.fallback
                elif (self.folder / runs.MODEL_FILE).is_file():
                    self._fallback = None
            else:
                key, fields = died
                self._status, self._error_key, self._error_fields = "failed", key, fields
                self._error, self._error_reason = t(key, lang=DEFAULT_LANGUAGE, **fields), None
                self._step = self._saved_step()  # what the runs folder kept from before the crash
            self._built = self._fallback is not None or (self.folder / runs.MODEL_FILE).is_file()
            self._runs += 1
            self._process, self._stop_event = None, None
            self._version += 1
            self._idle.set()
        if self.on_ended is not None:
            self.on_ended(self)

    def _saved_step(self) -> int:
        saved = runs.read_run(self.folder)
        if saved is None or not saved.has_model:
            return 0
        self._total = int(saved.meta.get("total_steps") or self._total)
        return saved.step

    def _on_event(self, event) -> None:
        """One event from the worker; keeps the lock for microseconds only."""
        with self._lock:
            if isinstance(event, StepEvent):
                self._step = event.step
                self._last_step = event
                self._batch_steps.append(event.step)
                self._batch_losses.append(event.loss)
            elif isinstance(event, EvalEvent):
                self._step = max(self._step, event.step)
                self._evals = [e for e in self._evals if e["step"] != event.step]
                self._evals.append({"step": event.step, "train_loss": event.train_loss, "val_loss": event.val_loss})
            elif isinstance(event, SampleEvent):
                self._samples = (self._samples + [(event.step, event.text)])[-MAX_SAMPLES:]
            elif isinstance(event, SnapshotEvent):
                self._snapshots = add_snapshot(self._snapshots, event.payload)
            elif isinstance(event, PreparedEvent):
                self._baselines, self._vocab_size, self._n_params = dict(event.baselines), event.vocab_size, event.n_params
                self._probe, self._labels, self._categories = event.probe, event.labels, event.categories
                self._total, self._lr = event.total_steps, event.lr
                self._device = event.device
                if self._status == "preparing":
                    self._status = "running"
            elif isinstance(event, PersistedEvent):
                self._persist_problem = event.problem
            elif isinstance(event, (DoneEvent, FailedEvent)):
                self._step = event.step
            self._version += 1

    # -- results ---------------------------------------------------------------------------------
    def _ended_check(self) -> None:
        with self._lock:
            if self._status in ACTIVE:
                raise JobError("train.job_error.stop_first")
            if not self._has_model():
                raise JobError("train.job_error.no_model")

    def export_checkpoint(self, name: str = "") -> Checkpoint:
        """The run's model, read from its folder (or from memory when the disk refused it): a copy, so a later
        Resume never changes a model being explored."""
        self._ended_check()
        fallback = self._fallback
        ckpt = load_checkpoint_bytes(fallback) if fallback is not None else load_checkpoint(self.folder / runs.MODEL_FILE)
        ckpt.model.eval()
        record = dict(ckpt.record or {})
        # The sidebar model card reads train_loss / val_loss.
        record["train_loss"], record["val_loss"] = record.get("final_train_loss"), record.get("final_val_loss")
        ckpt.record = record
        ckpt.name = name or self.spec.label
        return ckpt

    def record(self) -> dict:
        return self.export_checkpoint().record

    def checkpoint_bytes(self) -> bytes:
        """The .safetensors download (weights, tokenizer, record, AdamW state: it can be resumed elsewhere)."""
        self._ended_check()
        fallback = self._fallback
        return fallback if fallback is not None else (self.folder / runs.MODEL_FILE).read_bytes()

    def release(self) -> None:
        """Drop the recorded views from memory (after the session is gone); the files stay in the runs folder."""
        self.stop()
        if not self.wait(30):
            self.kill()
            self.wait(10)
        with self._lock:
            self._snapshots = []
            self._samples = []
            self._batch_steps, self._batch_losses = [], []
            self._version += 1

    # -- a saved run, re-opened (after a server restart) -------------------------------------------------
    @classmethod
    def from_saved(cls, saved: runs.SavedRun, session_id: str, threads: int = 1,
                   on_ended: Callable[[TrainingJob], None] | None = None) -> TrainingJob:
        """An ended job for a run folder, ready to be explored or resumed; JobError when it cannot be read."""
        meta = saved.meta
        text = runs.read_corpus(saved.folder)
        try:
            ckpt = load_checkpoint(saved.model_path)
        except Exception as exc:
            raise JobError("train.job_error.saved_unreadable", name=saved.name, error=str(exc)) from None
        if text is None:
            raise JobError("train.job_error.saved_unreadable", name=saved.name, error=runs.CORPUS_FILE)
        record = ckpt.record or {}
        try:
            train = TrainConfig.from_dict(record.get("train_config", {}))
        except ValueError as exc:
            raise JobError("train.job_error.saved_unreadable", name=saved.name, error=str(exc)) from None
        model = {k: v for k, v in ckpt.config.to_dict().items() if k != "vocab_size"}
        corpus = Corpus(name=str(meta.get("corpus") or record.get("corpus") or "?"), text=text,
                        source=str(meta.get("corpus_source") or "saved"))
        spec = JobSpec(corpus=corpus, train=train, model=model, tokenizer=str(meta.get("tokenizer") or "char"),
                       bpe_vocab_size=int(meta.get("bpe_vocab_size") or 512), probe_text=str(meta.get("probe_text") or ""),
                       label=saved.label)
        token = str(meta.get("token") or uuid.uuid4().hex)
        job = cls(spec, session_id, token=token, folder=saved.folder, threads=threads, on_ended=on_ended)
        status = str(meta.get("status") or "stopped")
        batch = [p for p in meta.get("batch", []) if isinstance(p, list) and len(p) == 2]
        tokenizer = ckpt.tokenizer
        job._set(status=status if status in ENDED else "stopped", step=int(record.get("steps", saved.step)),
                 total=int(meta.get("total_steps") or train.steps), lr=train.lr, built=True,
                 evals=[{"step": h["step"], "train_loss": h["train_loss"], "val_loss": h["val_loss"]}
                        for h in record.get("history", [])],
                 batch_steps=[int(s) for s, _ in batch], batch_losses=[float(v) for _, v in batch],
                 snapshots=runs.load_snapshots(saved.folder / runs.SNAPSHOTS_FILE),
                 baselines=dict(record.get("baselines", {})), vocab_size=tokenizer.vocab_size,
                 n_params=ckpt.model.num_parameters(), probe=probe_from(meta.get("probe")),
                 labels=tuple(vocab_labels(tokenizer)),
                 categories=tuple(token_kind(tokenizer.token_str(i)) for i in range(tokenizer.vocab_size)),
                 runs=1, error=str(record.get("failure") or ""))
        return job


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
    return _env_int(MAX_JOBS_ENV, default)


def max_queue_from_env(default: int = DEFAULT_MAX_QUEUE) -> int:
    return _env_int(MAX_QUEUE_ENV, default, minimum=0)


class JobRegistry:
    """All training jobs of this server: start/resume under a cap (then queued), one per session, reaping the orphans."""

    def __init__(self, max_running: int | None = None, max_queue: int | None = None,
                 session_alive: Callable[[str], bool | None] = runtime_session_alive,
                 orphan_grace_s: float = 90.0, heartbeat_timeout_s: float = 1800.0, reap_every_s: float = 15.0,
                 start_reaper: bool = True, runs_root: str | Path | None = None) -> None:
        self._runs_root = Path(runs_root) if runs_root is not None else None  # None: $GPT_EXPLORER_RUNS at each start
        self._max_running, self._max_queue, self._start_reaper = max_running, max_queue, start_reaper
        self.session_alive = session_alive
        # how long an orphan waits for a reload to re-attach, the no-Runtime fallback, and the reaper's period
        self.orphan_grace_s, self.heartbeat_timeout_s, self.reap_every_s = orphan_grace_s, heartbeat_timeout_s, reap_every_s
        self._lock = threading.RLock()  # re-entered when a job ends (or leaves the queue) inside a registry call
        self._jobs: dict[str, TrainingJob] = {}
        self._queue: list[TrainingJob] = []  # first come, first served
        self._by_session: dict[str, str] = {}
        self._reaper: threading.Thread | None = None

    @property
    def max_running(self) -> int:
        """The cap; read from $GPT_EXPLORER_MAX_JOBS at each start unless given explicitly."""
        return self._max_running if self._max_running is not None else max_running_from_env()

    @property
    def max_queue(self) -> int:
        return self._max_queue if self._max_queue is not None else max_queue_from_env()

    def running_count(self) -> int:
        with self._lock:
            return self._running()

    def _running(self) -> int:
        return sum(job.status in RUNNING for job in self._jobs.values())

    def queued(self) -> list[TrainingJob]:
        with self._lock:
            return list(self._queue)

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

    def _launch_or_queue(self, job: TrainingJob, target_steps: int | None = None, lr: float | None = None) -> None:
        """Run now below the cap; else join the queue (JobLimitError when that is full too). Lock held."""
        if self._running() < self.max_running and not self._queue:
            job._launch(target_steps, lr)
            return
        if len(self._queue) >= self.max_queue:
            raise JobLimitError("train.job_error.queue_full", running=self._running(), queued=len(self._queue),
                                env=MAX_QUEUE_ENV, limit=self.max_queue)
        job._enqueue(target_steps, lr)
        self._queue.append(job)
        self._number_queue()

    def _number_queue(self) -> None:
        for position, job in enumerate(self._queue, start=1):
            job._set(queue_position=position, queue_length=len(self._queue))

    def _job_ended(self, job: TrainingJob) -> None:
        """A run ended (or a queued job was stopped): start the next ones in line while below the cap."""
        with self._lock:
            if job in self._queue and job.status != "queued":
                self._queue.remove(job)
            while self._queue and self._running() < self.max_running:
                nxt = self._queue.pop(0)
                if nxt.status == "queued" and nxt.token in self._jobs:
                    try:
                        nxt._launch()
                    except JobError:
                        nxt._unqueue()
            self._number_queue()

    def _new_job(self, spec: JobSpec, session_id: str, fault: str = "") -> TrainingJob:
        token = uuid.uuid4().hex
        root = self._runs_root if self._runs_root is not None else runs.runs_root()
        return TrainingJob(spec, session_id, token=token, folder=runs.new_run_dir(root, spec.label or spec.corpus.name, token),
                           threads=worker_threads(self.max_running), fault=fault, on_ended=self._job_ended)

    def start(self, session_id: str, spec: JobSpec, fault: str = "") -> TrainingJob:
        """Start a new job for this session (replacing its finished one); queued at the cap. `fault` is for tests
        (explorer.worker.WorkerCommand.fault)."""
        with self._lock:
            old = self._jobs.get(self._by_session.get(session_id, ""))
            if old is not None and old.active:
                raise JobError("train.job_error.session_busy")
            job = self._new_job(spec, session_id, fault)
            self._launch_or_queue(job)
            if old is not None:
                self._jobs.pop(old.token, None)
            self._jobs[job.token] = job
            self._by_session[session_id] = job.token
            self._ensure_reaper()
        if old is not None:
            old.release()
        return job

    def resume(self, job: TrainingJob, target_steps: int | None = None, lr: float | None = None) -> None:
        with self._lock:
            if job.active:
                raise JobError("train.job_error.still_training")
            self._launch_or_queue(job, target_steps if target_steps is not None else job.resume_target(), lr)
            self._ensure_reaper()

    def open_saved(self, session_id: str, saved: runs.SavedRun) -> TrainingJob:
        """A saved run (e.g. from before a restart) as this session's job; the live job when it is still here."""
        token = str(saved.meta.get("token") or "")
        live = self.get(token)
        if live is not None:
            return self.attach(token, session_id)
        with self._lock:
            current = self._jobs.get(self._by_session.get(session_id, ""))
            if current is not None and current.active:
                raise JobError("train.job_error.session_busy")
        job = TrainingJob.from_saved(saved, session_id, threads=worker_threads(self.max_running),
                                     on_ended=self._job_ended)
        with self._lock:
            if current is not None:
                self._jobs.pop(current.token, None)
            self._jobs[job.token] = job
            self._by_session[session_id] = job.token
            self._ensure_reaper()
        if current is not None:
            current.release()
        return job

    def release(self, token: str) -> None:
        with self._lock:
            job = self._jobs.pop(token, None)
            if job is not None and self._by_session.get(job.session_id) == token:
                del self._by_session[job.session_id]
            if job is not None and job in self._queue:
                self._queue.remove(job)
                job._unqueue()
                self._number_queue()
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
