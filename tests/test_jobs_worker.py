"""Training in worker processes (explorer/worker.py via explorer/jobs.py): crashes stay in the worker, the
runs folder keeps every run, and a fresh registry (a restarted server) finds and resumes them.

Faults are injected inside the worker (WorkerCommand.fault, "<kind>@<step>"), because the model and the loop
live there; a kill is a real SIGKILL of the worker's pid, as the kernel's out-of-memory killer sends.
"""
from __future__ import annotations

import math
import os
import shutil
import time

import pytest
import torch

from explorer import runs
from explorer.i18n import CATALOGUES, t
from explorer.jobs import JobError, JobRegistry, JobSpec
from gpt_core.data import make_task_corpus
from gpt_core.train import TrainConfig

TINY_MODEL = dict(n_layer=1, n_head=2, n_embd=32, block_size=16)


def tiny_spec(steps=30, label="", **train) -> JobSpec:
    cfg = dict(steps=steps, batch_size=8, eval_every=10, eval_batches=2, sample_tokens=20, warmup_steps=5, lr=3e-3)
    cfg.update(train)
    return JobSpec(corpus=make_task_corpus("sort", n_examples=300), train=TrainConfig(**cfg), model=dict(TINY_MODEL),
                   label=label)


def wait_until(predicate, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def registry():
    reg = JobRegistry(max_running=2, session_alive=lambda sid: True, start_reaper=False)
    yield reg
    reg.clear()


def test_the_model_lives_in_a_worker_process(registry):
    job = registry.start("s1", tiny_spec(steps=100_000, eval_every=0))
    assert wait_until(lambda: job.view().step >= 2)
    assert job.pid is not None and job.pid != os.getpid()
    assert not hasattr(job, "trainer")  # the server holds views, never the Trainer
    job.stop()
    assert job.wait(30) and job.view().status == "stopped"


@pytest.mark.parametrize("fault, expect", [
    ("raise@3", "simulated crash"),  # an exception in the loop
    ("memory@3", "MemoryError"),  # Python's out-of-memory error, caught in the worker
    ("exit@3", "exit code 3"),  # the process vanishes without a word
])
def test_a_crash_in_the_worker_fails_the_job_and_the_server_goes_on(registry, fault, expect):
    job = registry.start("s1", tiny_spec(steps=100), fault=fault)
    assert job.wait(60)
    view = job.view()
    assert view.status == "failed" and expect in view.error, view.error
    if fault.startswith("exit"):  # the page's reason is a catalogue entry in both languages
        assert view.error_key == "train.worker.exited"
        assert t(view.error_key, lang="zh", **view.error_fields).startswith("训练进程意外结束")
    # the server still trains: another job in the same registry runs to the end
    other = registry.start("s2", tiny_spec(steps=5))
    assert other.wait(60) and other.view().status == "done"


def test_a_worker_killed_mid_step_is_explained_and_keeps_the_last_evaluation(registry):
    job = registry.start("s1", tiny_spec(steps=100_000, eval_every=5), fault="slow@0")
    assert wait_until(lambda: job.view().step >= 7)  # evaluated at step 5: the folder holds those weights
    job.kill()  # SIGKILL, as the out-of-memory killer does
    assert job.wait(30)
    view = job.view()
    assert view.status == "failed" and view.error_key == "train.worker.killed" and "SIGKILL" in view.error
    assert view.step >= 5 and view.step % 5 == 0 and view.has_model  # the last saved evaluation
    ckpt = job.export_checkpoint()
    assert ckpt.record["steps"] == view.step and all(torch.isfinite(p).all() for p in ckpt.model.parameters())
    job.fault = ""
    registry.resume(job, target_steps=view.step + 3)  # and it trains on from there
    assert job.wait(60) and (job.view().status, job.view().step) == ("done", view.step + 3)


def test_stop_takes_effect_within_one_step(registry):
    job = registry.start("s1", tiny_spec(steps=100_000, eval_every=0), fault="slow@0")  # 50 ms steps
    assert wait_until(lambda: job.view().step >= 3)
    job.stop()
    at_stop = job.view().step
    assert job.wait(30)
    assert job.view().status == "stopped" and job.view().step <= at_stop + 2  # the step in flight, plus one in the pipe


def test_runs_are_written_and_found_by_a_restarted_server(registry, runs_folder):
    job = registry.start("s1", tiny_spec(steps=20, label="../../etc/passwd <script>"))
    assert job.wait(60) and job.view().status == "done"
    folder = runs_folder / os.listdir(runs_folder)[0]
    assert folder.parent == runs_folder and folder.name.startswith("etc_passwd_script-")  # sanitised, inside
    assert sorted(os.listdir(folder)) == [runs.CORPUS_FILE, runs.MODEL_FILE, runs.RUN_FILE, runs.SNAPSHOTS_FILE]
    # The model picker lists it (a path inside the allowed folders), by its folder name.
    from explorer.model_paths import resolve_model_path
    from explorer.models import discover_models

    (entry,) = [e for e in discover_models() if e.source == "runs"]
    assert entry.key == f"run:{folder.name}" and not entry.problem and entry.n_params
    assert resolve_model_path(str(entry.path)) == entry.path.resolve()
    # A new registry (the server restarted) lists the run and re-opens it: curve, snapshots, resume.
    fresh = JobRegistry(max_running=1, session_alive=lambda sid: True, start_reaper=False)
    try:
        (saved,) = runs.list_runs(runs_folder)
        assert saved.step == 20 and saved.meta["token"] == job.token
        again = fresh.open_saved("new session", saved)
        before, after = job.view(), again.view()
        assert after.status == "done" and after.step == 20 and after.has_model
        assert after.evals == before.evals and after.batch_losses == pytest.approx(before.batch_losses)
        assert [s.step for s in after.snapshots] == [s.step for s in before.snapshots]
        assert (after.snapshots[-1].attention == before.snapshots[-1].attention).all()
        fresh.resume(again, target_steps=25)
        assert again.wait(60) and (again.view().status, again.view().step) == ("done", 25)
        assert list(again.view().batch_steps) == list(range(1, 26))  # one continuous history
        assert runs.read_run(folder).step == 25
    finally:
        fresh.clear()


def test_the_runs_folder_deleted_mid_run_is_recreated(registry, runs_folder):
    job = registry.start("s1", tiny_spec(steps=100_000, eval_every=5), fault="slow@0")
    assert wait_until(lambda: job.view().step >= 6)
    shutil.rmtree(runs_folder)  # an operator cleaning up while the run goes on
    job.stop()
    assert job.wait(30) and job.view().status == "stopped" and job.view().persist_problem is None
    assert runs.read_run(job.folder).step == job.view().step  # written again at the end


def test_an_unwritable_run_folder_keeps_training_and_keeps_the_model_in_memory(registry, runs_folder):
    job = registry.start("s1", tiny_spec(steps=100_000, eval_every=5), fault="slow@0")
    assert wait_until(lambda: job.view().step >= 6)
    shutil.rmtree(job.folder)
    job.folder.write_text("not a folder")  # mkdir now fails (root ignores chmod, this does not)
    assert wait_until(lambda: job.view().persist_problem is not None, timeout=30)
    problem = job.view().persist_problem
    assert problem.reason == "missing" and str(job.folder) in problem.path
    at = job.view().step
    assert wait_until(lambda: job.view().step >= at + 3), "the run stopped training"
    job.stop()
    assert job.wait(30) and job.view().has_model
    assert job.export_checkpoint().record["steps"] == job.view().step  # from memory: nothing lost
    for lang in CATALOGUES:
        assert str(job.folder) in t(problem.key, lang=lang, **problem.fields)
    with pytest.raises(JobError, match="cannot be resumed"):  # the weights must reach the disk first
        registry.resume(job, target_steps=job.view().step + 2)
    assert job.view().status == "stopped"  # the refusal changed nothing
    job.folder.unlink()  # the operator fixed the disk: Resume writes the kept model back, then trains on
    job.fault = ""
    registry.resume(job, target_steps=job.view().step + 2)
    assert job.wait(60) and job.view().status == "done" and runs.read_run(job.folder) is not None


def test_a_full_disk_is_a_problem_not_an_exception(tmp_path, monkeypatch):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runs.os, "fsync", full)
    problem = runs.write_files(tmp_path / "run", {"a.bin": b"123", "b.bin": b"456"})
    assert problem is not None and problem.reason == "disk_full" and problem.key == "runs.problem.disk_full"
    assert os.listdir(tmp_path / "run") == []  # no temp file left behind, nothing half-written


def test_view_numbers_are_finite_and_the_queue_is_empty_at_the_end(registry):
    job = registry.start("s1", tiny_spec(steps=10))
    assert job.wait(60)
    assert all(map(math.isfinite, job.view().batch_losses)) and registry.queued() == []
