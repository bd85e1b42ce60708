"""One training run in a worker process: build (or resume) the Trainer, stream its events, keep its files.

The server (explorer/jobs.py) starts `worker_main` in a child process and reads what it puts on `events`:
gpt_core.train's events (StepEvent, EvalEvent, SampleEvent, SnapshotEvent, DoneEvent, FailedEvent) plus the
three below. The model never leaves this process; the server holds only the snapshots it draws. Files go to
the run's folder (explorer/runs.py) at every evaluation and when the run ends; a write that fails is reported
(PersistedEvent.problem) and training goes on. If even the final write fails, EndedEvent carries the checkpoint
bytes so the server can still offer the download: nothing trained is lost.

No streamlit here: this module is imported (preloaded) by the worker processes only.
"""
from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import torch

from gpt_core.devices import describe_device, select_device
from gpt_core.checkpoint import checkpoint_bytes, load_checkpoint
from gpt_core.errors import GPTCoreError, Message
from gpt_core.model import GPT
from gpt_core.tokenizers import BPETokenizer, CharTokenizer, token_kind
from gpt_core.train import EvalEvent, SnapshotEvent, StepEvent, Trainer, prepare_corpus_ids

from explorer import runs
from explorer.analysis.train import Probe, choose_probe, take_snapshot, vocab_labels

MAX_SNAPSHOTS = 48  # older ones are thinned (every other one dropped), first and last always kept


@dataclass(frozen=True)
class WorkerCommand:
    """What one worker run does (plain data: it crosses the process boundary by pickling)."""

    spec: Any  # explorer.jobs.JobSpec
    token: str  # the job's token (stored in run.json: a re-opened run keeps it)
    folder: str  # the run's folder under the runs root
    resume: bool = False  # continue from folder/model.safetensors
    target_steps: int | None = None
    lr: float | None = None
    threads: int = 1  # torch intra-op threads for this process
    fault: str = ""  # tests only: "<kind>@<step>", kind raise | exit | nan | memory | slow (see _inject)


@dataclass
class PreparedEvent:
    """The run's fixed facts, once the tokenizer and the model exist."""

    baselines: dict
    vocab_size: int
    n_params: int
    probe: Probe
    labels: tuple
    categories: tuple
    total_steps: int
    lr: float
    device: str = ""  # where it trains, described (gpt_core.devices.describe_device, in this process)


@dataclass
class PersistedEvent:
    step: int
    problem: runs.PersistProblem | None  # None: the files on disk hold this step


@dataclass
class EndedEvent:
    status: str  # done | stopped | failed
    error: str  # English
    reason: Message | None  # the same by code and params
    step: int
    lr: float
    fallback: bytes | None = None  # the checkpoint, only when it could not be written to disk


def thin(snapshots: list) -> list:
    """Drop every other snapshot except the first and the last: bounded memory, the whole run still covered."""
    middle = snapshots[1:-1][1::2]
    return [snapshots[0], *middle, snapshots[-1]]


def add_snapshot(snapshots: list, snap) -> list:
    """Append (or replace the one of the same step), thinning past MAX_SNAPSHOTS."""
    if snapshots and snapshots[-1].step == snap.step:
        snapshots = [*snapshots[:-1], snap]
    else:
        snapshots = [*snapshots, snap]
    return thin(snapshots) if len(snapshots) > MAX_SNAPSHOTS else snapshots


def _reason(exc: BaseException) -> Message | None:
    """A coded error as a plain Message (an exception with kwargs does not always survive pickling)."""
    if isinstance(exc, GPTCoreError) and exc.code:
        try:
            return Message(exc.code, **exc.params)
        except KeyError:
            return None
    return None


class WorkerRun:
    def __init__(self, command: WorkerCommand, emit: Callable[[Any], None], stop_requested: Callable[[], bool]):
        self.cmd, self.emit, self.stop_requested = command, emit, stop_requested
        self.folder = Path(command.folder)
        self.trainer: Trainer | None = None
        self.probe: Probe | None = None
        self.snapshots: list = []
        self.batch: list[list] = []  # [step, loss] of every optimizer step, for run.json
        self.meta: dict = {}
        self.fault_kind, _, fault_step = command.fault.partition("@")
        self.fault_step = int(fault_step) if fault_step else -1
        self.last_problem: runs.PersistProblem | None = None

    # -- building ---------------------------------------------------------------------------------
    def _prepare_new(self) -> None:
        spec = self.cmd.spec
        text = spec.corpus.text
        tokenizer = (BPETokenizer.train(text, spec.bpe_vocab_size) if spec.tokenizer == "bpe"
                     else CharTokenizer.from_text(text))
        config = spec.model_config(tokenizer.vocab_size)
        torch.manual_seed(spec.train.seed)  # the same seed gives the same initial weights (this process only)
        model = GPT(config)
        train_ids, val_ids = prepare_corpus_ids(text, tokenizer)
        self.probe = choose_probe(tokenizer, spec.corpus.name, val_ids, spec.probe_text, config.block_size,
                                  seed=spec.train.seed)
        self.trainer = Trainer(model, tokenizer, train_ids, val_ids, spec.train, corpus_name=spec.corpus.name,
                               on_event=self._on_event, snapshot_fn=self._snapshot, device=select_device("auto"))
        self.meta = {"token": self.cmd.token, "label": spec.label, "corpus": spec.corpus.name, "corpus_source": spec.corpus.source,
                     "model": dict(spec.model), "tokenizer": spec.tokenizer, "bpe_vocab_size": spec.bpe_vocab_size,
                     "probe_text": spec.probe_text, "probe": _probe_dict(self.probe), "created": time.time()}
        self._write({runs.CORPUS_FILE: text.encode("utf-8")})

    def _prepare_resume(self) -> None:
        spec = self.cmd.spec
        saved = runs.read_run(self.folder)
        ckpt = load_checkpoint(self.folder / runs.MODEL_FILE)
        train_ids, val_ids = prepare_corpus_ids(spec.corpus.text, ckpt.tokenizer)
        self.meta = dict(saved.meta) if saved else {}
        self.probe = _probe_from(self.meta.get("probe")) or choose_probe(
            ckpt.tokenizer, spec.corpus.name, val_ids, spec.probe_text, ckpt.config.block_size, seed=spec.train.seed)
        self.snapshots = runs.load_snapshots(self.folder / runs.SNAPSHOTS_FILE)
        self.batch = [list(p) for p in self.meta.get("batch", [])]
        # the checkpoint's own schedule (steps and lr as the last run left them); _apply_changes adjusts it
        self.trainer = Trainer.resume(ckpt, train_ids, val_ids, on_event=self._on_event, snapshot_fn=self._snapshot,
                                      device=select_device("auto"))

    def _apply_changes(self) -> None:
        trainer, cmd = self.trainer, self.cmd
        changes = {}
        if cmd.target_steps is not None and cmd.target_steps != trainer.cfg.steps:
            changes["steps"] = int(cmd.target_steps)
        if cmd.lr is not None and cmd.lr != trainer.cfg.lr:
            changes.update(lr=float(cmd.lr), min_lr=min(trainer.cfg.min_lr, float(cmd.lr)))
        if changes:  # only steps/lr change: the eval batches the Trainer drew from batch_size/seed stay valid
            trainer.cfg = trainer.cfg.replace(**changes)

    # -- events -----------------------------------------------------------------------------------
    def _snapshot(self, model, step: int):
        previous = self.snapshots[-1] if self.snapshots else None
        return take_snapshot(model, self.probe, step, previous)

    def _on_event(self, event) -> None:
        """The Trainer's callback (between steps): forward, keep what run.json needs, save at evaluations."""
        if isinstance(event, StepEvent):
            self.batch.append([event.step, event.loss])
            self._inject(event.step)
            if self.stop_requested():
                self.trainer.request_stop()  # the Trainer checks right after this event: within one step
        elif isinstance(event, SnapshotEvent):
            self.snapshots = add_snapshot(self.snapshots, event.payload)
        self.emit(event)
        if isinstance(event, SnapshotEvent) or (isinstance(event, EvalEvent) and self.trainer.snapshot_fn is None):
            self.save()  # after an evaluation and its snapshot: the files describe this step

    def _inject(self, step: int) -> None:
        """Simulated faults for the tests (WorkerCommand.fault); nothing happens when it is empty."""
        kind = self.fault_kind
        if kind == "slow":
            time.sleep(0.05)
        if step != self.fault_step:
            return
        if kind == "raise":
            raise RuntimeError("simulated crash in the worker")
        if kind == "memory":
            raise MemoryError("simulated out of memory")
        if kind == "exit":
            os._exit(3)  # the process dies at once: no event, no cleanup
        if kind == "nan":
            with torch.no_grad():
                next(self.trainer.model.parameters()).fill_(float("nan"))

    # -- files ------------------------------------------------------------------------------------
    def _write(self, files: dict[str, bytes]) -> runs.PersistProblem | None:
        problem = runs.write_files(self.folder, files)
        if problem != self.last_problem:  # say it when it starts and when it clears, not at every save
            self.emit(PersistedEvent(self.trainer.step if self.trainer else 0, problem))
        self.last_problem = problem
        return problem

    def save(self) -> runs.PersistProblem | None:
        trainer = self.trainer
        self.meta.update(step=trainer.step, status=trainer.status, batch=self.batch, updated=time.time(),
                         lr=trainer.cfg.lr, total_steps=trainer.cfg.steps)
        files = {runs.MODEL_FILE: checkpoint_bytes(trainer.model, trainer.tokenizer, trainer.record(),
                                                   trainer.optimizer),
                 runs.SNAPSHOTS_FILE: runs.snapshots_bytes(self.snapshots),
                 runs.RUN_FILE: runs.json_bytes(self.meta)}
        return self._write(files)

    # -- the run ----------------------------------------------------------------------------------
    def main(self) -> None:
        outcome: tuple[str, str, Message | None] | None = None
        try:
            self._prepare_resume() if self.cmd.resume else self._prepare_new()
            self._apply_changes()
            trainer = self.trainer
            tok = trainer.tokenizer
            self.emit(PreparedEvent(
                baselines=dict(trainer.baselines), vocab_size=tok.vocab_size, n_params=trainer.model.num_parameters(),
                probe=self.probe, labels=tuple(vocab_labels(tok)),
                categories=tuple(token_kind(tok.token_str(i)) for i in range(tok.vocab_size)),
                total_steps=trainer.cfg.steps, lr=trainer.cfg.lr, device=describe_device(trainer.device)))
            if self.stop_requested():
                outcome = ("stopped", "", None)
            else:
                result = trainer.run()
                if result.failed:
                    outcome = ("failed", result.message, result.reason)
                else:
                    outcome = ("stopped" if result.stopped else "done", "", None)
                    if result.stopped and trainer.step > 0:
                        self._measure_kept_weights()
        except BaseException as exc:  # a bad corpus/config, a crash or a MemoryError inside the Trainer
            message = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
            outcome = ("failed", message, _reason(exc))
        status, error, reason = outcome
        fallback = None
        trainer = self.trainer
        if trainer is not None:
            try:
                if self.save() is not None:  # the disk refused: hand the checkpoint to the server instead
                    fallback = checkpoint_bytes(trainer.model, trainer.tokenizer, trainer.record(), trainer.optimizer)
            except Exception:  # the weights themselves cannot be serialised: the run's message says enough
                fallback = None
        self.emit(EndedEvent(status, error, reason, trainer.step if trainer else 0,
                             trainer.cfg.lr if trainer else math.nan, fallback))

    def _measure_kept_weights(self) -> None:
        """A stopped run ends without the Trainer's final evaluation; add it (and a snapshot) here, so the loss
        chart, the checkpoint's record and the views describe the weights the user keeps."""
        trainer = self.trainer
        trainer.evaluate_and_record()  # emits an EvalEvent unless this step was just evaluated
        if not self.snapshots or self.snapshots[-1].step != trainer.step:
            trainer.model.eval()
            with torch.no_grad():
                self._on_event(SnapshotEvent(trainer.step, self._snapshot(trainer.model, trainer.step)))


def _probe_dict(probe: Probe) -> dict:
    return {"ids": list(probe.ids), "labels": list(probe.labels), "source": probe.source, "text": probe.text,
            "repeat_len": probe.repeat_len, "expected_next": probe.expected_next}


def _probe_from(data) -> Probe | None:
    if not isinstance(data, dict):
        return None
    try:
        return Probe(ids=tuple(int(i) for i in data["ids"]), labels=tuple(str(s) for s in data["labels"]),
                     source=str(data["source"]), text=str(data["text"]), repeat_len=data.get("repeat_len"),
                     expected_next=data.get("expected_next"))
    except (KeyError, TypeError, ValueError):
        return None


def probe_from(data) -> Probe | None:
    """The probe stored in a run.json (for the server when it re-opens a saved run)."""
    return _probe_from(data)


def worker_main(command: WorkerCommand, events, stop) -> None:
    """The child process's entry point: `events` a multiprocessing queue, `stop` a multiprocessing Event."""
    torch.set_num_threads(max(1, int(command.threads)))
    WorkerRun(command, events.put, stop.is_set).main()
    events.close()
    events.join_thread()  # every event is flushed to the pipe before the process exits
