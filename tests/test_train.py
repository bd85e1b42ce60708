"""Trainer, schedule, optimizer groups, stop/resume, NaN guard, baselines and the `train` CLI.

Every model here is 1 layer, n_embd 32, context 16, so the whole file runs in a few seconds on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import math
import threading

import numpy as np
import pytest
import torch

from gpt_core import GPT, GPTConfig
from gpt_core.tokenizers import CharTokenizer
from gpt_core.train import (
    DoneEvent,
    EvalEvent,
    FailedEvent,
    SampleEvent,
    SnapshotEvent,
    StepEvent,
    TrainConfig,
    TrainConfigError,
    Trainer,
    lr_at,
    make_optimizer,
    prepare_corpus_ids,
)

# Period 13 < context 16, so every next character is determined by the context, but not by the
# previous character alone: after 'l' comes 'l', 'o' or 'd'; after 'o', ' ' or 'r'; after ' ', 'w' or 'h'.
TEXT = "hello world, " * 60


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Ops this small gain nothing from a second thread, and on a busy machine threads that wait for each
    other make the file several times slower."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def data():
    tok = CharTokenizer.from_text(TEXT)
    train_ids, val_ids = prepare_corpus_ids(TEXT, tok)
    return tok, train_ids, val_ids


def tiny_model(vocab_size: int, seed: int = 0, dropout: float = 0.0) -> GPT:
    torch.manual_seed(seed)
    return GPT(GPTConfig(vocab_size=vocab_size, n_layer=1, n_head=2, n_embd=32, block_size=16, dropout=dropout))


def quick_cfg(**kw) -> TrainConfig:
    base = dict(steps=30, batch_size=8, lr=3e-3, min_lr=3e-4, warmup_steps=3, eval_every=10, eval_batches=2,
                sample_tokens=0)
    return TrainConfig(**{**base, **kw})


def weights(model: GPT) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def assert_same_weights(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> None:
    assert a.keys() == b.keys()
    for k in a:
        assert torch.equal(a[k], b[k]), k


def step_losses(events) -> list[float]:
    return [e.loss for e in events if isinstance(e, StepEvent)]


# ---- config, schedule, optimizer ------------------------------------------------------------------
def test_train_config_validates_and_round_trips():
    cfg = TrainConfig(steps=10, betas=[0.8, 0.95])
    assert cfg.betas == (0.8, 0.95)
    again = TrainConfig.from_dict(json.loads(json.dumps(cfg.to_dict())))
    assert again == cfg
    for bad, field in [(dict(steps=0), "steps"), (dict(lr=-1.0), "lr"), (dict(lr=float("nan")), "lr"),
                       (dict(lr=1e-3, min_lr=1e-2), "min_lr"), (dict(betas=(0.9, 1.0)), "betas"),
                       (dict(batch_size=2.5), "batch_size"), (dict(grad_clip=-1.0), "grad_clip")]:
        with pytest.raises(TrainConfigError, match=field):
            TrainConfig(**bad)
    with pytest.raises(ValueError, match="unknown train config keys: stpes"):
        TrainConfig.from_dict({"stpes": 3})


def test_lr_schedule_warms_up_linearly_then_decays_by_cosine_to_min_lr():
    cfg = TrainConfig(steps=100, lr=1.0, min_lr=0.1, warmup_steps=10)
    lrs = [lr_at(s, cfg) for s in range(cfg.steps)]
    assert lrs[0] == pytest.approx(0.1) and lrs[4] == pytest.approx(0.5)
    assert np.allclose(np.diff(lrs[:10]), 0.1)  # linear warmup
    assert lrs[9] == pytest.approx(1.0) and lrs[10] == pytest.approx(1.0)  # peak
    assert all(a >= b for a, b in zip(lrs[10:], lrs[11:]))  # then never rises
    midpoint = 10 + (cfg.steps - 1 - 10) / 2
    assert lr_at(int(midpoint), cfg) == pytest.approx(0.55, abs=0.02)  # cosine: halfway in value at half time
    assert lrs[-1] == pytest.approx(0.1) and lr_at(500, cfg) == pytest.approx(0.1)
    no_warmup = TrainConfig(steps=10, lr=1.0, min_lr=0.0, warmup_steps=0)
    assert lr_at(0, no_warmup) == 1.0
    all_warmup = TrainConfig(steps=5, lr=1.0, min_lr=0.0, warmup_steps=100)  # never reaches the peak
    assert [lr_at(s, all_warmup) for s in range(5)] == pytest.approx([0.01, 0.02, 0.03, 0.04, 0.05])


def test_weight_decay_applies_to_matrices_only_and_tied_weight_once():
    model = tiny_model(20)
    assert model.lm_head.weight is model.transformer.wte.weight
    opt = make_optimizer(model, TrainConfig(weight_decay=0.1))
    decay, no_decay = opt.param_groups
    assert decay["weight_decay"] == 0.1 and no_decay["weight_decay"] == 0.0
    names = {id(p): n for n, p in model.named_parameters()}  # deduplicated: no lm_head.weight
    decayed = {names[id(p)] for p in decay["params"]}
    not_decayed = {names[id(p)] for p in no_decay["params"]}
    assert "transformer.wte.weight" in decayed and "transformer.h.0.attn.c_attn.weight" in decayed
    assert all(p.dim() >= 2 for p in decay["params"]) and all(p.dim() < 2 for p in no_decay["params"])
    assert "transformer.h.0.ln_1.weight" in not_decayed and "transformer.h.0.mlp.c_fc.bias" in not_decayed
    all_ids = [id(p) for g in opt.param_groups for p in g["params"]]
    assert len(all_ids) == len(set(all_ids)) == len(list(model.parameters()))


# ---- training ------------------------------------------------------------------------------------
def test_tiny_model_overfits_a_repeated_string(data):
    tok, train_ids, val_ids = data
    events = []
    trainer = Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids,
                      quick_cfg(steps=150, batch_size=16, lr=1e-2, min_lr=1e-3, warmup_steps=10, eval_every=50),
                      on_event=events.append)
    result = trainer.run()
    assert not result.failed and not result.stopped and result.step == 150
    # The bigram model cannot resolve 'l' -> l/o/d and friends: ~0.47 nats (0.55 with its add-one
    # smoothing). The context of 16 > period 13
    # determines every character, so a model that uses attention must go well below half of that.
    bigram = trainer.baselines["bigram"]
    assert 0.35 < bigram < 0.6
    assert result.val_loss < 0.5 * bigram, (result.val_loss, bigram)
    assert trainer.history[0]["step"] == 0 and trainer.history[0]["val_loss"] > 1.5  # starts near ln V
    assert [h["step"] for h in trainer.history] == [0, 50, 100, 150]
    assert isinstance(events[-1], DoneEvent) and events[-1].stopped is False
    assert events[-1].val_loss == result.val_loss
    steps = [e for e in events if isinstance(e, StepEvent)]
    assert [e.step for e in steps] == list(range(1, 151))
    assert all(e.tokens_per_s > 0 and e.eta_s >= 0 and math.isfinite(e.grad_norm) for e in steps)
    assert steps[-1].eta_s == 0 and steps[-1].lr == pytest.approx(1e-3)
    assert trainer.tokens_seen == 150 * 16 * 16
    assert not trainer.model.training  # handed back ready for inference


def test_same_seed_same_loss_curve_and_another_seed_differs(data):
    tok, train_ids, val_ids = data

    def curve(seed: int) -> list[float]:
        events = []
        cfg = quick_cfg(steps=15, seed=seed)
        Trainer(tiny_model(tok.vocab_size, dropout=0.1), tok, train_ids, val_ids, cfg, on_event=events.append).run()
        return step_losses(events)

    first = curve(7)
    assert first == curve(7)
    assert first != curve(8)


def test_eval_sample_and_snapshot_events(data):
    tok, train_ids, val_ids = data
    modes = []

    def snapshot_fn(model, step):
        modes.append(model.training)
        return {"step": step, "wte_norm": float(model.transformer.wte.weight.norm())}

    events = []
    trainer = Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids,
                      quick_cfg(steps=20, eval_every=10, sample_tokens=12, sample_every_evals=2),
                      on_event=events.append, snapshot_fn=snapshot_fn)
    trainer.run()
    evals = [e.step for e in events if isinstance(e, EvalEvent)]
    samples = [e for e in events if isinstance(e, SampleEvent)]
    snapshots = [e for e in events if isinstance(e, SnapshotEvent)]
    assert evals == [0, 10, 20]
    assert [s.step for s in samples] == [0, 20]  # every 2nd evaluation
    assert all(len(s.text) == 12 and set(s.text) <= set(TEXT) for s in samples)
    assert [s.step for s in snapshots] == [0, 10, 20] and snapshots[1].payload["step"] == 10
    assert modes == [False, False, False]  # snapshots see the model in eval mode


def test_stop_from_callback_ends_after_that_step_with_its_weights(data):
    tok, train_ids, val_ids = data
    seen = {}
    events = []

    def on_event(event):
        events.append(event)
        if isinstance(event, StepEvent) and event.step == 3:
            seen["weights"] = weights(trainer.model)
            trainer.request_stop()

    trainer = Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids, quick_cfg(steps=50), on_event=on_event)
    result = trainer.run()
    assert result.stopped and not result.failed and result.step == trainer.step == 3
    assert isinstance(events[-1], DoneEvent) and events[-1].stopped and events[-1].step == 3
    assert max(e.step for e in events if isinstance(e, StepEvent)) == 3
    assert_same_weights(weights(trainer.model), seen["weights"])
    # The stop request is consumed: run() again continues where it stopped.
    assert trainer.run().step == 50


def test_stop_from_another_thread(data):
    tok, train_ids, val_ids = data
    at_step_2, stop_sent = threading.Event(), threading.Event()

    def on_event(event):  # runs on the training thread; holds it at step 2 until the stop was sent
        if isinstance(event, StepEvent) and event.step == 2:
            at_step_2.set()
            assert stop_sent.wait(10)

    trainer = Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids, quick_cfg(steps=1000), on_event=on_event)
    results = []
    worker = threading.Thread(target=lambda: results.append(trainer.run()))
    worker.start()
    assert at_step_2.wait(30)
    trainer.request_stop()
    stop_sent.set()
    worker.join(30)
    assert results and results[0].stopped and results[0].step == 2


def test_stop_requested_before_run_returns_at_once(data):
    tok, train_ids, val_ids = data
    trainer = Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids, quick_cfg())
    before = weights(trainer.model)
    trainer.request_stop()
    result = trainer.run()
    assert result.stopped and result.step == 0
    assert_same_weights(weights(trainer.model), before)


def test_resume_continues_step_count_history_and_loss(data, tmp_path):
    tok, train_ids, val_ids = data
    cfg = quick_cfg(steps=40, eval_every=10)
    uninterrupted = []
    Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids, cfg, on_event=uninterrupted.append).run()

    first_leg = []

    def stop_at_20(event):
        first_leg.append(event)
        if isinstance(event, StepEvent) and event.step == 20:
            trainer.request_stop()

    trainer = Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids, cfg, corpus_name="hello",
                      on_event=stop_at_20)
    trainer.run()
    trainer.evaluate_and_record()
    path = tmp_path / "leg1.safetensors"
    trainer.save(path)

    second_leg = []
    resumed = Trainer.resume(path, train_ids, val_ids, on_event=second_leg.append)
    assert resumed.restored_optimizer and resumed.step == 20 and resumed.corpus_name == "hello"
    assert resumed.cfg == cfg and resumed.history == trainer.history
    result = resumed.run()
    assert result.step == 40
    assert [e.step for e in second_leg if isinstance(e, StepEvent)] == list(range(21, 41))
    assert [h["step"] for h in resumed.history] == [0, 10, 20, 30, 40]
    assert resumed.tokens_seen == 40 * cfg.batch_size * 16
    # The loss carries on from where it stopped instead of starting again at ln(V)...
    leg1, leg2 = step_losses(first_leg), step_losses(second_leg)
    assert leg2[0] < leg1[0] - 0.5 and abs(leg2[0] - leg1[-1]) < 0.3
    # ...and, with dropout 0, weights + AdamW state + per-step batches make it the uninterrupted run exactly.
    assert leg1 + leg2 == pytest.approx(step_losses(uninterrupted), abs=1e-6)
    # A larger total continues the count from the checkpoint, with the new schedule.
    longer = Trainer.resume(path, train_ids, val_ids, cfg.replace(steps=25))
    assert longer.run().step == 25


def test_poisoned_weights_fail_cleanly_and_roll_back_to_the_last_finite_ones(data):
    tok, train_ids, val_ids = data
    snapshots = {}
    events = []

    def on_event(event):
        events.append(event)
        if isinstance(event, StepEvent):
            snapshots[event.step] = weights(trainer.model)
            if event.step == 3:
                with torch.no_grad():
                    trainer.model.transformer.h[0].mlp.c_fc.weight[0, 0] = float("nan")

    trainer = Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids, quick_cfg(steps=20), on_event=on_event)
    result = trainer.run()
    assert result.failed and not result.stopped
    failed = [e for e in events if isinstance(e, FailedEvent)]
    assert len(failed) == 1 and events[-1] is failed[0]
    assert not any(isinstance(e, DoneEvent) for e in events)
    assert "became nan" in failed[0].message and "step 2" in failed[0].message
    assert "lower learning rate" in failed[0].message
    # The weights after step 3 were changed after the trainer verified them, so it hands back step 2's.
    assert result.step == trainer.step == 2
    final = weights(trainer.model)
    assert all(torch.isfinite(t).all() for t in final.values())
    assert_same_weights(final, snapshots[2])
    assert trainer.record()["status"] == "failed"


def test_nan_loss_from_a_huge_learning_rate_keeps_the_weights_that_produced_it(data):
    tok, train_ids, val_ids = data
    events, last_good = [], {}
    model = tiny_model(tok.vocab_size)

    def on_event(event):
        events.append(event)
        if isinstance(event, StepEvent):
            last_good["w"] = weights(model)

    trainer = Trainer(model, tok, train_ids, val_ids, quick_cfg(steps=50, lr=1e6, min_lr=0.0, warmup_steps=0),
                      on_event=on_event)
    result = trainer.run()
    assert result.failed and 0 < result.step < 50
    message = [e for e in events if isinstance(e, FailedEvent)][0].message
    assert f"at step {result.step + 1}" in message and f"weights from step {result.step}" in message
    final = weights(model)
    assert all(torch.isfinite(t).all() for t in final.values())
    assert_same_weights(final, last_good["w"])  # the failing step never reached the optimizer


def test_nan_loss_is_caught_before_the_update(data, monkeypatch):
    tok, train_ids, val_ids = data
    model = tiny_model(tok.vocab_size)
    calls = {"n": 0}
    real_forward = model.forward

    def forward(idx, targets=None, interventions=None):
        logits, loss = real_forward(idx, targets, interventions)
        if model.training:
            calls["n"] += 1
            if calls["n"] == 5:
                loss = loss * float("inf")
        return logits, loss

    monkeypatch.setattr(model, "forward", forward)
    trainer = Trainer(model, tok, train_ids, val_ids, quick_cfg(steps=20))
    before = {}
    trainer.on_event = lambda e: isinstance(e, StepEvent) and before.update(w=weights(model))
    result = trainer.run()
    assert result.failed and result.step == 4 and "loss became inf at step 5" in result.message
    assert_same_weights(weights(model), before["w"])


# ---- baselines and record ------------------------------------------------------------------------
def test_baselines_on_the_same_split_and_record_is_json(data):
    tok, train_ids, val_ids = data
    trainer = Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids, quick_cfg(steps=5), corpus_name="hello")
    assert trainer.baselines["uniform"] == pytest.approx(math.log(tok.vocab_size))
    assert trainer.baselines["bigram"] < trainer.baselines["uniform"]
    trainer.run()
    record = json.loads(json.dumps(trainer.record()))
    assert record["corpus"] == "hello" and record["tokenizer"] == "char" and record["steps"] == 5
    assert record["status"] == "done" and record["final_eval_step"] == 5
    assert record["final_val_loss"] == trainer.history[-1]["val_loss"]
    assert record["train_config"] == quick_cfg(steps=5).to_dict()
    assert record["tokens_seen"] == 5 * 8 * 16 and record["wall_time_s"] > 0
    assert set(record["baselines"]) == {"uniform", "bigram"}
    assert set(record["history"][0]) == {"step", "train_loss", "val_loss", "lr", "elapsed_s"}


def test_prepare_corpus_ids_splits_90_10(data):
    tok, train_ids, val_ids = data
    assert len(train_ids) == int(len(TEXT) * 0.9) and len(train_ids) + len(val_ids) == len(TEXT)
    assert train_ids.dtype == np.uint16
    assert tok.decode(val_ids.tolist()) == TEXT[len(train_ids):]


def test_data_too_short_for_the_context_is_a_clear_error():
    tok = CharTokenizer.from_text("abcdefghij")
    train_ids, val_ids = prepare_corpus_ids("abcdefghij" * 3, tok)  # 27 train, 3 val tokens
    with pytest.raises(ValueError, match="needs at least 17"):
        Trainer(tiny_model(tok.vocab_size), tok, train_ids[:10], val_ids, quick_cfg())  # context 16 needs 17
    # A val split shorter than the context is evaluated with a shorter context instead of refused.
    assert Trainer(tiny_model(tok.vocab_size), tok, train_ids, val_ids, quick_cfg()).eval_block_size == 2
    with pytest.raises(ValueError, match="outside"):
        Trainer(tiny_model(5), tok, train_ids, val_ids, quick_cfg())


# ---- CLI -----------------------------------------------------------------------------------------
def run_cli(argv: list[str]) -> int:
    from gpt_core.cli_train import add_train_parser

    parser = argparse.ArgumentParser(prog="gpt_core")
    add_train_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    threads = torch.get_num_threads()
    try:
        return args.func(args)
    finally:
        torch.set_num_threads(threads)  # --threads must not leak into the tests that follow


def test_cli_trains_a_task_end_to_end_and_resumes(tmp_path, capsys):
    from gpt_core.checkpoint import load_checkpoint

    out = tmp_path / "repeat.safetensors"
    tiny = ["--n-layer", "1", "--n-embd", "32", "--block-size", "16", "--batch-size", "8", "--eval-batches", "2",
            "--sample-tokens", "20", "--threads", "1", "--task-examples", "100"]
    rc = run_cli(["train", "--corpus", "task:repeat", "--steps", "20", "--eval-every", "10", *tiny, "--out", str(out)])
    printed = capsys.readouterr().out
    assert rc == 0, printed
    assert "step 10: train" in printed and "(uniform 3.30, bigram" in printed
    assert "final train loss" in printed and "sample:" in printed
    ckpt = load_checkpoint(out)
    assert ckpt.record["steps"] == 20 and ckpt.record["corpus"] == "task:repeat"
    assert ckpt.config.n_layer == 1 and ckpt.optimizer_meta

    more = tmp_path / "more.safetensors"
    rc = run_cli(["train", "--resume", str(out), "--steps", "30", "--threads", "1", "--task-examples", "100",
                  "--out", str(more)])
    printed = capsys.readouterr().out
    assert rc == 0 and "resuming at step 20 of 30" in printed
    assert load_checkpoint(more).record["steps"] == 30


def test_cli_user_errors_exit_2_with_one_line(tmp_path, capsys):
    out = str(tmp_path / "x.safetensors")
    assert run_cli(["train", "--corpus", str(tmp_path / "missing.txt"), "--out", out]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: File not found") and err.count("\n") == 1
    assert run_cli(["train", "--corpus", "task:nope", "--out", out]) == 2
    assert "Unknown task" in capsys.readouterr().err
    assert run_cli(["train", "--corpus", "task:sort", "--n-embd", "30", "--n-head", "4", "--out", out]) == 2
    assert "divisible" in capsys.readouterr().err
    assert run_cli(["train", "--corpus", "task:sort", "--lr", "-1", "--out", out]) == 2
    assert "lr must be" in capsys.readouterr().err


def test_a_preset_carries_its_training_settings_and_flags_override_them():
    from gpt_core.cli_train import add_train_parser, build_train_config

    parser = argparse.ArgumentParser(prog="gpt_core")
    add_train_parser(parser.add_subparsers(dest="command", required=True))

    def config(*flags):
        return build_train_config(parser.parse_args(["train", "--out", "x.safetensors", *flags]))

    fast = config("--preset", "fast-cpu")  # bench/README.md's recipe, with no other flag
    assert (fast.steps, fast.batch_size, fast.lr, fast.min_lr, fast.warmup_steps, fast.eval_every,
            fast.eval_batches, fast.optimizer) == (350, 32, 6e-3, 6e-4, 50, 50, 8, "muon")
    nano = config("--preset", "nanogpt-cpu")  # nanoGPT's README CPU command
    assert (nano.steps, nano.batch_size, nano.lr, nano.eval_every, nano.eval_batches) == (2000, 12, 1e-3, 250, 20)
    mixed = config("--preset", "fast-cpu", "--lr", "2e-3", "--steps", "100", "--batch-size", "8")
    assert (mixed.lr, mixed.min_lr, mixed.steps, mixed.warmup_steps, mixed.batch_size, mixed.eval_every) == (
        2e-3, 2e-4, 100, 10, 8, 50)
    plain = config("--preset", "tiny")  # a preset without training settings keeps the defaults
    assert (plain.steps, plain.batch_size, plain.lr, plain.optimizer) == (2000, 32, 1e-3, "adamw")
    assert config("--preset", "fast-cpu", "--optimizer", "adamw").optimizer == "adamw"  # the flag wins
