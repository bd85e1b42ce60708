"""Background training jobs (explorer/jobs.py) and the Train page's pure analyses (explorer/analysis/train.py).

Tiny configs throughout (1 layer, n_embd 32, block 16, batch 8) so each run takes a second or two. Every run is
a worker process forked from one fork server (torch loaded once per test session); the model is read back from
the run's folder ($GPT_EXPLORER_RUNS, a tmp_path: tests/conftest.py). Worker faults, the queue and the runs
folder have their own file: tests/test_jobs_worker.py.
"""
from __future__ import annotations

import math
import time

import numpy as np
import pytest
import torch

from explorer.analysis.train import (Hint, align_signs, bucket_means, choose_probe, format_duration, induction_by_head, take_snapshot, training_hints)
from explorer.i18n import CATALOGUES, t
from explorer.jobs import (MAX_JOBS_ENV, JobError, JobLimitError, JobRegistry, JobSpec, _thin,
                           max_running_from_env)
from gpt_core.checkpoint import load_checkpoint_bytes
from gpt_core.config import GPTConfig
from gpt_core.data import make_task_corpus
from gpt_core.model import GPT
from gpt_core.tokenizers import CharTokenizer
from gpt_core.train import TrainConfig, prepare_corpus_ids

TINY_MODEL = dict(n_layer=1, n_head=2, n_embd=32, block_size=16)


def tiny_spec(steps=30, corpus="sort", **train) -> JobSpec:
    cfg = dict(steps=steps, batch_size=8, eval_every=10, eval_batches=2, sample_tokens=20, warmup_steps=5, lr=3e-3)
    cfg.update(train)
    return JobSpec(corpus=make_task_corpus(corpus, n_examples=300), train=TrainConfig(**cfg), model=dict(TINY_MODEL))


def wait_until(predicate, timeout=120.0, every=0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(every)
    return False


@pytest.fixture
def registry():
    reg = JobRegistry(max_running=2, session_alive=lambda sid: True, start_reaper=False)
    yield reg
    reg.clear()


# ---- jobs ---------------------------------------------------------------------------------------------
def test_job_runs_reports_progress_and_records_snapshots(registry):
    job = registry.start("s1", tiny_spec(steps=30, corpus="repeat"))
    seen_running = wait_until(lambda: job.view().step > 0 and job.view().active, timeout=60)
    assert job.wait(120)
    view = job.view()
    assert seen_running, "the page must be able to see progress while the run is active"
    assert view.status == "done" and view.step == 30 and not view.error
    assert list(view.batch_steps) == list(range(1, 31))
    assert all(math.isfinite(x) for x in view.batch_losses)
    assert [e["step"] for e in view.evals] == [0, 10, 20, 30]
    assert view.evals[0]["val_loss"] == pytest.approx(view.baselines["uniform"], abs=0.15)  # random init ~ ln V
    assert view.evals[-1]["train_loss"] < view.evals[0]["train_loss"]
    assert [s.step for s in view.snapshots] == [0, 10, 20, 30]
    assert view.samples and view.samples[0][0] == 0
    # The repeat probe: a random string and its copy minus the last letter; snapshots have every head's pattern.
    probe = view.probe
    assert probe.source == "repeat probe" and probe.repeat_len and len(probe) == 2 * probe.repeat_len - 1
    snap = view.snapshots[-1]
    assert snap.attention.shape == (1, 2, len(probe), len(probe))
    assert np.allclose(snap.attention.sum(-1), 1.0, atol=1e-5)
    assert snap.embedding_xy.shape == (view.vocab_size, 2) and snap.induction.shape == (1, 2)
    assert view.n_params == GPT(GPTConfig(**TINY_MODEL, vocab_size=view.vocab_size)).num_parameters()


def test_snapshot_numbers_match_a_direct_forward_pass(registry):
    job = registry.start("s1", tiny_spec(steps=10))
    assert job.wait(120) and job.view().status == "done"
    view, model = job.view(), job.export_checkpoint().model  # the weights the worker saved at the end
    snap = view.snapshots[-1]
    assert snap.step == 10
    with torch.no_grad():
        logits, _ = model(torch.tensor([view.probe.ids]))
    probs = torch.softmax(logits[0, -1], -1)
    top = probs.topk(len(snap.top_ids))
    assert snap.top_ids.tolist() == top.indices.tolist()
    assert np.allclose(snap.top_probs, top.values.numpy(), atol=1e-6)
    _, cache = model.run_with_cache(torch.tensor([view.probe.ids]))
    assert np.allclose(snap.attention[0], cache["transformer.h.0.attn.hook_pattern"][0].numpy(), atol=1e-6)


def test_stop_ends_within_one_step_and_resume_continues(registry):
    job = registry.start("s1", tiny_spec(steps=100_000, eval_every=0, batch_size=32))
    assert wait_until(lambda: job.view().step >= 3, timeout=60)
    job.stop()
    at_stop = job.view().step
    assert job.wait(30)
    view = job.view()
    assert view.status == "stopped"
    # The worker ends after the step it is in (worker.py checks at every step event). This process sees the steps
    # through a queue, so a step or two may be done but not yet seen: CI on 2 busy cores saw 2 (a 4-step run
    # that had reached 6). 100,000 steps would mean the stop was ignored.
    assert view.step <= at_stop + 3, "a stop must take effect after the current step"
    weights = [p.detach().clone() for p in job.export_checkpoint().model.parameters()]
    assert job.export_checkpoint().record["steps"] == view.step  # the folder holds the stopped weights
    # Stop keeps the model as it is; a resume continues from there (here to 5 more steps).
    stopped_at = view.step
    registry.resume(job, target_steps=stopped_at + 5)
    assert job.wait(60)
    view = job.view()
    assert view.status == "done" and view.step == stopped_at + 5 and view.runs == 2
    assert list(view.batch_steps) == list(range(1, stopped_at + 6))  # one continuous history
    assert [e["step"] for e in view.evals].count(0) == 1  # the step-0 evaluation is not repeated
    assert any(not torch.equal(a, b) for a, b in zip(weights, job.export_checkpoint().model.parameters()))


def test_stop_before_the_model_is_built(registry):
    job = registry.start("s1", tiny_spec(steps=50))
    job.stop()  # usually still preparing: the run must end without training
    assert job.wait(60)
    assert job.view().status in ("stopped", "done")
    assert job.view().step <= 1


def test_cap_queues_in_order_and_one_job_per_session(monkeypatch):
    monkeypatch.setenv(MAX_JOBS_ENV, "1")
    reg = JobRegistry(session_alive=lambda sid: True, start_reaper=False, max_queue=2)
    try:
        assert reg.max_running == 1
        first = reg.start("a", tiny_spec(steps=100_000, eval_every=0))
        second = reg.start("b", tiny_spec(steps=5))  # past the cap: waits, first come first served
        third = reg.start("c", tiny_spec(steps=5))
        assert (second.view().status, second.view().queue_position) == ("queued", 1)
        assert (third.view().queue_position, third.view().queue_length) == (2, 2)
        with pytest.raises(JobError, match="already training") as refused:
            reg.start("a", tiny_spec())
        # str(exc) is the English text; the key and fields give the page the user's language
        assert refused.value.key == "train.job_error.session_busy"
        assert t(refused.value.key, lang="zh", **refused.value.fields) == CATALOGUES["zh"][refused.value.key]
        with pytest.raises(JobLimitError) as full:  # the queue has a length too
            reg.start("d", tiny_spec())
        assert full.value.fields["limit"] == 2 and "GPT_EXPLORER_MAX_QUEUE=2" in t(full.value.key, lang="zh",
                                                                                   **full.value.fields)
        assert reg.running_count() == 1
        first.stop()
        assert second.wait(60) and second.view().status == "done"  # it started when the slot freed ...
        assert third.view().status != "done" or third.view().runs == 1
        assert third.wait(60) and third.view().status == "done"  # ... and the next one after it
        # Resuming also waits its turn.
        fourth = reg.start("e", tiny_spec(steps=100_000, eval_every=0))
        reg.resume(second, target_steps=10)
        assert second.view().status == "queued" and second.view().queue_position == 1
        second.stop()  # Stop leaves the queue: back to the finished run, nothing lost
        assert second.view().status == "done" and second.view().step == 5 and reg.queued() == []
        fourth.stop()
    finally:
        reg.clear()


def test_max_jobs_env_parsing(monkeypatch):
    monkeypatch.delenv(MAX_JOBS_ENV, raising=False)
    assert max_running_from_env() == 2
    monkeypatch.setenv(MAX_JOBS_ENV, "5")
    assert max_running_from_env() == 5
    monkeypatch.setenv(MAX_JOBS_ENV, "lots")
    assert max_running_from_env() == 2


def test_huge_learning_rate_fails_with_a_message_and_finite_weights(registry):
    job = registry.start("s1", tiny_spec(steps=40, lr=1e6, warmup_steps=0, grad_clip=0.0))
    assert job.wait(120)
    view = job.view()
    assert view.status == "failed"
    assert "nan" in view.error or "inf" in view.error
    assert "learning rate" in view.error  # says what to try
    assert all(torch.isfinite(p).all() for p in job.export_checkpoint().model.parameters())  # last good weights kept
    hints = training_hints(view.evals, view.baselines, view.status, view.error, view.step, view.total_steps)
    assert hints[0].level == "error" and view.error in hint_texts(hints)[0]


def test_poisoned_weight_is_reported_and_rolled_back(registry):
    # the worker sets a weight to NaN right after step 2 (WorkerCommand.fault), as a broken update would
    job = registry.start("s1", tiny_spec(steps=100_000, eval_every=0), fault="nan@2")
    assert job.wait(60)
    view = job.view()
    assert view.status == "failed" and "weights became nan after step 2" in view.error
    ckpt = job.export_checkpoint("poisoned")
    assert all(torch.isfinite(p).all() for p in ckpt.model.parameters())  # rolled back
    assert view.step <= 2 and ckpt.record["steps"] == view.step
    # A failed run keeps a usable model: it can be exported and resumed (here at a lower learning rate).
    assert ckpt.record["status"] == "failed"
    job.fault = ""
    registry.resume(job, target_steps=view.step + 2, lr=1e-4)
    assert job.wait(60) and job.view().status == "done"


def test_bad_corpus_fails_cleanly(registry):
    from gpt_core.data import corpus_from_text

    spec = JobSpec(corpus=corpus_from_text("abcabc"), train=TrainConfig(steps=5), model=dict(TINY_MODEL))
    job = registry.start("s1", spec)
    assert job.wait(60)
    view = job.view()
    assert view.status == "failed" and "training split" in view.error
    with pytest.raises(JobError):
        job.export_checkpoint()
    with pytest.raises(JobError):
        registry.resume(job)


def test_export_is_a_copy_and_the_download_loads(registry):
    job = registry.start("s1", tiny_spec(steps=10))
    assert job.wait(60)
    ckpt = job.export_checkpoint("mine")
    assert ckpt.name == "mine" and ckpt.record["steps"] == 10 and ckpt.record["corpus"] == "task:sort"
    assert ckpt.record["val_loss"] == ckpt.record["final_val_loss"]
    with torch.no_grad():
        ckpt.model.transformer.wte.weight.add_(1.0)  # a page changing its copy
    again = job.export_checkpoint()
    assert not torch.equal(ckpt.model.transformer.wte.weight, again.model.transformer.wte.weight)
    loaded = load_checkpoint_bytes(job.checkpoint_bytes())
    assert torch.equal(loaded.model.transformer.wte.weight, again.model.transformer.wte.weight)
    assert loaded.record["steps"] == 10


def test_running_job_cannot_be_exported(registry):
    job = registry.start("s1", tiny_spec(steps=100_000, eval_every=0))
    try:
        assert wait_until(lambda: job.view().step >= 1, timeout=60)
        with pytest.raises(JobError, match="still training"):
            job.export_checkpoint()
    finally:
        job.stop()


def test_reload_reattaches_by_token(registry):
    job = registry.start("old-session", tiny_spec(steps=5))
    assert registry.attach(None, "new-session") is None
    assert registry.attach("not-a-token", "new-session") is None
    assert registry.attach(job.token, "new-session") is job
    assert job.session_id == "new-session"
    assert registry.for_session("new-session") is job and registry.for_session("old-session") is None
    job.wait(60)


def test_reaper_stops_and_releases_jobs_of_gone_sessions():
    alive = {"s1": True}
    reg = JobRegistry(max_running=2, session_alive=lambda sid: alive.get(sid), orphan_grace_s=5,
                      heartbeat_timeout_s=10, start_reaper=False)
    try:
        job = reg.start("s1", tiny_spec(steps=100_000, eval_every=0))
        assert wait_until(lambda: job.view().step >= 1, timeout=60)
        now = time.monotonic()
        assert reg.reap(now) == [] and job.active  # alive: untouched
        alive["s1"] = False
        assert reg.reap(now) == [] and job.active  # gone, but within the grace period (a reload re-attaches)
        reg.reap(now + 6)  # past the grace period: stopped ...
        assert job.wait(30) and job.view().status == "stopped"
        assert reg.reap(now + 7) == [job.token]  # ... and released once its worker ended
        assert reg.get(job.token) is None and job.view().snapshots == () and job.pid is None
        # Without a Streamlit runtime (None) the page's heartbeat decides.
        other = reg.start("s2", tiny_spec(steps=3))
        other.wait(60)
        assert reg.reap(time.monotonic()) == []
        assert reg.reap(other.last_seen + 11) == [other.token]
    finally:
        reg.clear()


def test_reaper_thread_runs_and_exits_when_empty():
    reg = JobRegistry(max_running=1, session_alive=lambda sid: False, orphan_grace_s=0.0, reap_every_s=0.05)
    job = reg.start("gone", tiny_spec(steps=100_000, eval_every=0))
    assert wait_until(lambda: reg.get(job.token) is None, timeout=60)
    assert job.view().status == "stopped"
    assert wait_until(lambda: reg._reaper is None, timeout=10)


def test_thin_keeps_first_and_last():
    assert _thin(list(range(10))) == [0, 2, 4, 6, 8, 9]
    assert _thin([0, 1, 2]) == [0, 2]


# ---- analysis_train ----------------------------------------------------------------------------------
def _sort_tokenizer_and_val():
    corpus = make_task_corpus("sort", n_examples=100)
    tok = CharTokenizer.from_text(corpus.text)
    _, val = prepare_corpus_ids(corpus.text, tok)
    return tok, val


def test_probe_prefers_the_sidebar_text_when_it_tokenizes():
    tok, val = _sort_tokenizer_and_val()
    probe = choose_probe(tok, "task:sort", val, "abc>abc\n", block_size=16)
    assert probe.source == "your sidebar text" and probe.text == "abc>abc\n"
    assert probe.labels[-1] == "⏎"
    # 'R' is not in the sort vocabulary: fall back to the validation text, starting at a whole example.
    probe = choose_probe(tok, "task:sort", val, "ROMEO", block_size=16)
    assert probe.source == "validation text" and len(probe) == 16
    assert tok.decode(probe.ids) == probe.text and tok.decode(val).split("\n")[1].startswith(probe.text[:8])
    assert probe.expected_next == int(val[tok.decode(val).index("\n") + 1 + 16])


def test_probe_for_repeat_tasks_is_seq_plus_seq_minus_one():
    corpus = make_task_corpus("repeat", n_examples=200)
    tok = CharTokenizer.from_text(corpus.text)
    _, val = prepare_corpus_ids(corpus.text, tok)
    probe = choose_probe(tok, "task:repeat", val, "", block_size=32)
    S = probe.repeat_len
    assert S == 16 and len(probe) == 31
    assert probe.ids[:S - 1] == probe.ids[S:]
    assert probe.expected_next == probe.ids[S - 1]  # the letter that followed last time
    small = choose_probe(tok, "task:induction", val, "", block_size=8)
    assert small.repeat_len == 4 and len(small) == 7


def test_induction_by_head_scores_an_ideal_head_one():
    S, T = 4, 7
    ideal = np.zeros((1, 2, T, T), dtype=np.float32)
    ideal[..., np.arange(T), np.arange(T)] = 1.0  # head 1: attends to itself
    for q in range(S, T):
        ideal[0, 0, q] = 0
        ideal[0, 0, q, q - S + 1] = 1.0  # head 0: the token after the previous occurrence
    scores = induction_by_head(ideal, S)
    assert scores[0, 0] == pytest.approx(1.0) and scores[0, 1] == pytest.approx(0.0)


def test_take_snapshot_aligns_pca_signs_with_the_previous_one():
    torch.manual_seed(0)
    tok, val = _sort_tokenizer_and_val()
    model = GPT(GPTConfig(**TINY_MODEL, vocab_size=tok.vocab_size)).eval()
    probe = choose_probe(tok, "task:sort", val, "", block_size=16)
    first = take_snapshot(model, probe, 0)
    flipped = type(first)(**{**first.__dict__, "embedding_xy": -first.embedding_xy})
    again = take_snapshot(model, probe, 1, previous=flipped)
    assert np.allclose(again.embedding_xy, -first.embedding_xy, atol=1e-5)
    assert not again.embedding_xy.flags.writeable and again.induction is None


def test_align_signs_and_bucket_means():
    xy = np.array([[1.0, 2.0], [-1.0, -2.0]])
    assert align_signs(xy, None) is xy
    assert align_signs(xy, -xy).tolist() == (-xy).tolist()
    assert bucket_means([1, 2, 3], [1.0, 2.0, 3.0], max_points=5) == ([1, 2, 3], [1.0, 2.0, 3.0])
    xs, ys = bucket_means(list(range(1, 11)), [float(v) for v in range(1, 11)], max_points=4)
    assert xs == [3, 6, 9, 10] and ys == [2.0, 5.0, 8.0, 10.0]


def hint_texts(hints) -> list[str]:
    """The English text of each hint (training_hints returns catalogue keys and fields)."""
    return [t(h.key, lang="en", **h.fields) for h in hints]


def test_training_hints():
    base = {"uniform": 2.9, "bigram": 2.5}
    evals = [{"step": 0, "train_loss": 2.9, "val_loss": 2.9}]
    assert training_hints(evals, base, "running") == []
    too_high = evals + [{"step": 10, "train_loss": 4.0, "val_loss": 4.1}]
    assert "above ln(V)" in hint_texts(training_hints(too_high, base, "running", step=10, total_steps=100))[0]
    stuck = evals + [{"step": 50, "train_loss": 2.88, "val_loss": 2.88}]
    assert "has not started to learn" in hint_texts(training_hints(stuck, base, "running", step=50,
                                                                   total_steps=100))[0]
    overfit = evals + [{"step": s, "train_loss": t, "val_loss": v}
                       for s, t, v in ((10, 2.0, 2.1), (20, 1.8, 2.2), (30, 1.5, 2.4))]
    texts = hint_texts(training_hints(overfit, base, "running", step=30, total_steps=100))
    assert any("overfitting" in t for t in texts) and any("bigram" in t for t in texts)
    nan = evals + [{"step": 10, "train_loss": float("nan"), "val_loss": float("nan")}]
    assert training_hints(nan, base, "running")[0].level == "error"
    failed = training_hints(evals, base, "failed", error="loss became nan at step 3")
    assert failed[0] == Hint("error", "train.hint.failed", {"error": "loss became nan at step 3"})
    assert hint_texts(failed)[0] == "loss became nan at step 3 The model keeps its last good weights."


def test_format_duration():
    assert format_duration(65) == "1:05"
    assert format_duration(3723) == "1:02:03"
    assert format_duration(float("nan")) == "–" and format_duration(None) == "–"


def test_job_classes_do_not_import_streamlit_at_module_level():
    """Streamlit is imported lazily, inside the two glue functions only, so the classes stay unit-testable."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for rel in ("explorer/jobs.py", "explorer/analysis/train.py", "explorer/analysis/text_prep.py"):
        tree = ast.parse((root / rel).read_text())
        top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        names = [a.name for n in top_level if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in top_level if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] in ("streamlit", "plotly")], rel
