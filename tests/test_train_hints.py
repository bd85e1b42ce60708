"""The Train page's hints (explorer.analysis.train.training_hints): a loss stuck at ln(V) points the learning rate
the right way, and every hint is a catalogue key whose fields fill both languages."""
from __future__ import annotations

import math

import pytest

from explorer.analysis.train import HIGH_LR, training_hints
from explorer.i18n import CATALOGUES, LANGUAGES, t

V = 18
UNIFORM = math.log(V)
BASE = {"uniform": UNIFORM, "bigram": UNIFORM - 0.6}


def stuck_run(losses, steps=(0, 100, 200, 300)):
    return [{"step": s, "train_loss": loss, "val_loss": loss} for s, loss in zip(steps, losses)]


def stuck_hint(evals, lr):
    hints = training_hints(evals, BASE, "running", step=evals[-1]["step"], total_steps=500, lr=lr)
    assert len(hints) == 1, hints
    return hints[0]


def english(hint) -> str:
    return t(hint.key, lang="en", **hint.fields)


@pytest.mark.parametrize("lr", [HIGH_LR, 1e-1])
def test_a_high_rate_stuck_at_ln_v_is_told_to_lower_it(lr):
    """lr 1e-1 on the sort task: the loss stays at ln(V) from step 0 — raising the rate would only make it worse."""
    flat = stuck_run([UNIFORM, UNIFORM - 0.01, UNIFORM, UNIFORM - 0.005])
    hint = stuck_hint(flat, lr)
    assert hint.key == "train.hint.stuck_lower" and hint.fields["lr"] == lr
    text = english(hint)
    assert "too high" in text and "smaller" in text and "higher" not in text
    assert f"{lr:g}" in text and f"{UNIFORM:.3f}" in text


def test_a_loss_that_rose_from_step_0_is_told_to_lower_the_rate():
    rose = stuck_run([UNIFORM - 0.02, UNIFORM, UNIFORM + 0.02, UNIFORM + 0.03])  # up, but not past ln V + 0.05
    hint = stuck_hint(rose, lr=1e-2)  # even at a rate that usually learns
    assert hint.key == "train.hint.stuck_rose"
    assert "too high" in english(hint) and "higher learning rate" not in english(hint)


def test_a_small_rate_stuck_at_ln_v_is_told_to_raise_it():
    flat = stuck_run([UNIFORM, UNIFORM - 0.01, UNIFORM - 0.02, UNIFORM - 0.03])
    hint = stuck_hint(flat, lr=1e-5)
    assert hint.key == "train.hint.stuck_higher"
    text = english(hint)
    assert "higher learning rate than 1e-05" in text and "too high" not in text


def test_an_unknown_rate_is_not_pushed_either_way():
    flat = stuck_run([UNIFORM, UNIFORM - 0.01, UNIFORM - 0.02, UNIFORM - 0.03])
    assert stuck_hint(flat, lr=None).key == "train.hint.stuck"


def test_a_learning_run_gets_no_stuck_hint():
    learning = stuck_run([UNIFORM, 2.0, 1.5, 1.2])
    keys = [h.key for h in training_hints(learning, BASE, "running", step=300, total_steps=500, lr=1e-1)]
    assert not [k for k in keys if k.startswith("train.hint.stuck")] and "train.hint.below_bigram" in keys


def test_every_hint_renders_in_every_language():
    runs = {
        "failed": ([], "failed", "boom"), "failed_unknown": ([], "failed", ""),
        "not_finite": (stuck_run([UNIFORM, math.nan]), "running", ""),
        "above_uniform": (stuck_run([UNIFORM, UNIFORM + 1]), "running", ""),
        "overfitting": ([{"step": s, "train_loss": a, "val_loss": b}
                         for s, a, b in ((0, 3, 3), (100, 2.0, 2.1), (200, 1.8, 2.2), (300, 1.5, 2.4))], "running", ""),
    }
    seen = set()
    for name, (evals, status, error) in runs.items():
        hints = training_hints(evals, BASE, status, error, step=300, total_steps=500, lr=3e-3)
        assert f"train.hint.{name}" in [h.key for h in hints], (name, hints)
        for hint in hints:
            seen.add(hint.key)
            for lang in LANGUAGES:
                assert t(hint.key, lang=lang, **hint.fields)  # the fields fill every placeholder
    for lr, evals in ((1e-1, stuck_run([UNIFORM] * 4)), (1e-4, stuck_run([UNIFORM] * 4))):
        hint = stuck_hint(evals, lr)
        seen.add(hint.key)
        assert t(hint.key, lang="zh", **hint.fields) != english(hint)
    assert seen <= set(CATALOGUES["en"]) and {"train.hint.stuck_lower", "train.hint.stuck_higher"} <= seen
