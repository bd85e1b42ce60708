"""The Train page under AppTest: settings, a live run, stop, resume, explore, and the server-wide cap.

AppTest cannot tick `run_every` fragments, so each test waits on the job itself (through the shared
registry) and then reruns the whole app with at.run(). Tiny models: 1 layer, n_embd 32, block 16, batch 8.
"""
from __future__ import annotations

import time

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from explorer import figures
from explorer.i18n import CATALOGUES
from explorer.jobs import MAX_JOBS_ENV, JobSpec, shared_registry
from gpt_core.config import preset
from gpt_core.data import make_task_corpus
from gpt_core.interp.params import parameter_count_for_config
from gpt_core.train import TrainConfig

from apptest import REPO, chart, english_prose, main_area_strings, open_page, trace
from plotly_json import decode_float

TINY = {"train_n_layer": 1, "train_n_head": 2, "train_n_embd": 32, "train_block_size": 16, "train_batch": 8}


@pytest.fixture
def registry():
    reg = shared_registry()
    reg.clear()
    yield reg
    reg.clear()


def wait_until(predicate, timeout=120.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def sidebar_card(at) -> str:
    for child in at.sidebar.children.values():
        if getattr(child, "type", "") == "expander" and child.label == "Model card":
            return "\n".join(m.value for m in child.markdown)
    raise AssertionError("no model card in the sidebar")


def test_defaults_and_live_parameter_count(registry):
    at = open_page("train")
    assert at.radio(key="train_source").value == "task" and at.selectbox(key="train_task").value == "sort"
    vocab = len(set(make_task_corpus("sort", n_examples=2000).text))
    expected = parameter_count_for_config(preset("tiny", vocab_size=vocab))["total"]
    assert at.metric[0].value == f"{expected:,}"
    at.number_input(key="train_n_layer").set_value(3).run()  # the count follows the fields
    expected3 = parameter_count_for_config(preset("tiny", vocab_size=vocab, n_layer=3))["total"]
    assert at.metric[0].value == f"{expected3:,}"
    assert not at.button(key="train_start").disabled
    # A model that cannot be built says why and cannot start.
    at.number_input(key="train_n_head").set_value(3).run()
    assert any("divisible" in e.value for e in at.error)
    assert at.button(key="train_start").disabled and not at.exception
    # Presets fill the fields.
    at.selectbox(key="train_preset").set_value("nanogpt-cpu").run()
    assert at.number_input(key="train_n_layer").value == 4 and at.number_input(key="train_n_embd").value == 128
    assert not at.error and not at.exception


def test_the_default_run_uses_muon_and_a_preset_brings_its_recipe(registry):
    at = open_page("train", **TINY, train_steps=6)
    assert at.radio(key="train_optimizer").value == "muon"
    assert any("Muon on the blocks' matrices" in c.value for c in at.caption)
    at.button(key="train_start").click().run()
    job = registry.for_session("test session id")
    assert job is not None and job.spec.train.optimizer == "muon" and job.spec.train.lr == 6e-3
    assert job.wait(120) and job.view().status == "done", job.view().error
    # fast-cpu carries its training recipe (gpt_core.config.PRESET_TRAINING): the fields take it
    at = open_page("train")
    at.selectbox(key="train_preset").set_value("fast-cpu").run()
    shown = (at.number_input(key="train_steps").value, at.number_input(key="train_batch").value,
             at.select_slider(key="train_lr").value, at.radio(key="train_optimizer").value)
    assert shown == (350, 32, 6e-3, "muon")
    assert at.number_input(key="train_n_layer").value == 2 and at.number_input(key="train_block_size").value == 64
    # a preset without a recipe leaves the training fields alone; AdamW is one click away and the caption says so
    at.radio(key="train_optimizer").set_value("adamw").run()
    at.selectbox(key="train_preset").set_value("tiny").run()
    assert at.number_input(key="train_steps").value == 350 and at.radio(key="train_optimizer").value == "adamw"
    assert any(c.value.startswith(f"{32 * 32:,} tokens per step (batch × T). AdamW") for c in at.caption)
    assert not at.exception and not at.error


def test_pasted_text_errors_are_shown(registry):
    at = open_page("train", **TINY)
    at.radio(key="train_source").set_value("paste").run()
    at.text_area(key="train_paste").set_value("   \n  ").run()
    assert any("empty" in e.value for e in at.error) and at.button(key="train_start").disabled
    # Too short for the context: the run fails with the Trainer's explanation, nothing crashes.
    at.text_area(key="train_paste").set_value("abcabcabc").run()
    at.button(key="train_start").click().run()
    job = registry.for_session("test session id")
    assert job is not None and job.wait(60)
    at.run()
    assert not at.exception
    assert any("training split" in e.value for e in at.error)


def test_live_run_stop_explore_and_resume(registry):
    at = open_page("train", **TINY, train_steps=20_000)  # long enough that it only ends when stopped
    before = at.session_state["model_key"]
    at.button(key="train_start").click().run()
    assert not at.exception, at.exception
    job = registry.for_session("test session id")
    assert job is not None and at.query_params["job"] == job.token  # a reload re-attaches with this

    assert wait_until(lambda: job.view().step >= 5)
    at.run()
    spec = chart(at, "loss of 'task:sort'")
    seen = len(decode_float(trace(spec, "batch loss")["x"]))
    assert seen >= 5
    view = job.view()
    assert decode_float(trace(spec, "validation")["y"])[0] == pytest.approx(view.evals[0]["val_loss"])  # step 0 ~ ln(V)
    assert any("ln(V)" in a["text"] for a in spec["layout"]["annotations"])
    assert any("Training" in m.value for m in at.markdown)

    assert wait_until(lambda: job.view().step >= seen + 5)
    at.run()  # the chart gains points as the run goes on
    assert len(decode_float(trace(chart(at, "loss of 'task:sort'"), "batch loss")["x"])) >= seen + 5

    at.button(key="train_stop").click().run()
    assert job.wait(30)
    at.run()
    assert not at.exception, at.exception
    assert job.view().status == "stopped"
    assert any("Stopped" in m.value for m in at.markdown)
    steps = job.view().step
    assert 0 < steps < 20_000

    # The stopped model is listed in the sidebar; "Explore this model" makes it the active one.
    assert at.session_state["model_key"] == before
    at.button(key="train_explore").click().run()
    assert not at.exception, at.exception
    key = at.session_state["model_key"]
    assert key != before and key in at.session_state["user_models"]
    explored = at.session_state["user_models"][key]
    assert explored.record["steps"] == steps
    card = sidebar_card(at)
    assert "task:sort" in card and "1 × 2" in card and f"{steps:,}" in card
    assert any("now the active model" in s.value for s in at.success)

    # Resume continues the same run (weights, optimizer, history); the explored copy does not change.
    weights = explored.model.transformer.wte.weight.detach().clone()
    at.button(key="train_resume").click().run()
    assert not at.exception, at.exception
    assert wait_until(lambda: job.view().step >= steps + 3)
    job.stop()
    assert job.wait(30)
    view = job.view()
    assert view.runs == 2 and list(view.batch_steps) == list(range(1, view.step + 1))
    assert torch.equal(explored.model.transformer.wte.weight, weights)
    at.run()
    assert at.session_state["model_key"] == key and not at.exception


def test_finished_run_views_match_the_model(registry):
    at = open_page("train", **TINY, train_steps=20)
    at.button(key="train_start").click().run()
    job = registry.for_session("test session id")
    assert job.wait(120) and job.view().status == "done"
    at.run()
    assert not at.exception, at.exception
    view = job.view()
    # The loss chart shows the job's evaluations, one every steps // 10.
    loss = chart(at, "loss of 'task:sort'")
    assert decode_float(trace(loss, "validation")["x"]).tolist() == list(range(0, 21, 2))
    assert np.allclose(decode_float(trace(loss, "validation")["y"]), [e["val_loss"] for e in view.evals])
    # The last snapshot's next-token bars are the trained model's own softmax on the probe.
    next_chart = chart(at, "next-token probabilities")
    with torch.no_grad():
        logits, _ = job.export_checkpoint().model(torch.tensor([view.probe.ids]))  # the weights it saved
    reference = torch.softmax(logits[0, -1], -1).topk(10).values.numpy()
    assert np.allclose(decode_float(next_chart["data"][0]["x"]), reference, atol=1e-5)
    attention = chart(at, "attention patterns [L=1, nh=2")
    z = decode_float(attention["data"][0]["z"])  # every head's block in one mosaic
    _, _, geo = figures.attention_grid_spec(view.snapshots[-1].attention)
    assert np.allclose(np.nan_to_num(z[geo.block(0, 0)]), np.tril(view.snapshots[-1].attention[0, 0]), atol=1e-5)
    # Scrubbing back to step 0 shows the random initial weights' predictions.
    at.select_slider(key="train_snapshot").set_value(0).run()
    assert np.allclose(decode_float(chart(at, "next-token probabilities")["data"][0]["x"]),
                       view.snapshots[0].top_probs, atol=1e-6)
    assert chart(at, "token embeddings wte [V=18, C=32]")
    # The checkpoint download is offered, and the model is listed in the sidebar without being activated.
    assert any(b.proto.label.startswith("Download the checkpoint") for b in at.get("download_button"))
    labels = [ckpt.name for ckpt in at.session_state["user_models"].values()]
    assert labels == ["trained: task:sort · 20 steps"]


def test_server_wide_cap_queues_and_shows_the_position(registry, monkeypatch):
    monkeypatch.setenv(MAX_JOBS_ENV, "1")
    other = registry.start("another browser", JobSpec(corpus=make_task_corpus("sort", n_examples=200),
                                                      train=TrainConfig(steps=100_000, batch_size=4, eval_every=0),
                                                      model=dict(n_layer=1, n_head=1, n_embd=8, block_size=8)))
    try:
        at = open_page("train", **TINY)
        at.button(key="train_start").click().run()
        assert not at.exception
        job = registry.for_session("test session id")
        assert job is not None and job.view().status == "queued"
        assert any("number 1 of 1 in the queue" in i.value for i in at.info), [i.value for i in at.info]
        assert any("Waiting for a free training slot" in m.value for m in at.markdown)
        other.stop()  # the slot frees: the queued run starts by itself
        assert wait_until(lambda: job.view().status in ("preparing", "running"), timeout=60)
        job.stop()
        assert job.wait(60)
    finally:
        other.stop()
        other.wait(30)


# ---- settings survive navigation and runs ---------------------------------------------------------------
CHANGED = {"train_task": "reverse", "train_tokenizer": "bpe", "train_bpe_vocab": 320, "train_preset": "custom",
           "train_n_layer": 3, "train_n_head": 4, "train_n_embd": 48, "train_block_size": 24, "train_pos": "rope",
           "train_act": "relu", "train_dropout": 0.1, "train_steps": 3000, "train_batch": 16, "train_lr": 1e-2,
           "train_seed": 7}
PASTED = "to be or not to be, that is the question. " * 12


def set_widget(at: AppTest, key: str, value) -> None:
    """Set one Train setting through its widget, as a user would, and rerun."""
    for kind in ("radio", "selectbox", "number_input", "select_slider", "text_area"):
        found = [w for w in getattr(at, kind) if w.key == key]
        if found:
            found[0].set_value(value).run()
            assert not at.exception, at.exception
            return
    raise AssertionError(f"no widget {key!r} on the page")


def assert_settings(at: AppTest, expected: dict) -> None:
    shown = {key: at.session_state[key] for key in expected}
    assert shown == expected, shown


def test_every_setting_survives_another_page_and_hidden_widgets(registry):
    at = open_page("train")
    for key, value in CHANGED.items():
        set_widget(at, key, value)
    set_widget(at, "train_source", "paste")
    set_widget(at, "train_paste", PASTED)
    set_widget(at, "train_source", "shakespeare")  # now the task and paste widgets are not drawn
    at.run()  # ... for more than one run
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/train.py").run()
    assert not at.exception, at.exception
    assert_settings(at, {**CHANGED, "train_source": "shakespeare", "train_paste": PASTED})
    assert at.radio(key="train_source").value == "shakespeare"
    assert at.number_input(key="train_steps").value == 3000 and at.select_slider(key="train_lr").value == 1e-2
    assert at.selectbox(key="train_pos").value == "rope" and at.number_input(key="train_n_embd").value == 48
    set_widget(at, "train_source", "task")
    assert at.selectbox(key="train_task").value == "reverse"
    set_widget(at, "train_source", "paste")
    assert at.text_area(key="train_paste").value == PASTED


def test_settings_survive_a_finished_run(registry):
    at = open_page("train", **TINY)
    chosen = {"train_task": "reverse", "train_steps": 7, "train_lr": 1e-2, "train_seed": 7, "train_pos": "sinusoidal"}
    for key, value in chosen.items():
        set_widget(at, key, value)
    at.button(key="train_start").click().run()
    job = registry.for_session("test session id")
    at.switch_page("pages/overview.py").run()  # "you can switch pages while it runs"
    assert job.wait(120) and job.view().status == "done"
    at.run()
    at.switch_page("pages/train.py").run()
    assert not at.exception, at.exception
    expected = {**TINY, **chosen, "train_source": "task"}
    assert_settings(at, expected)
    assert any(b.proto.label.startswith("Download the checkpoint") for b in at.get("download_button"))
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/train.py").run()
    assert not at.exception, at.exception
    assert_settings(at, expected)
    assert at.number_input(key="train_steps").value == 7 and at.selectbox(key="train_task").value == "reverse"


def test_learning_rate_choices_stop_at_a_sane_maximum(registry):
    at = open_page("train")
    options = [float(o) for o in at.select_slider(key="train_lr").options]
    assert max(options) <= 0.3 and 3e-3 in options and min(options) <= 1e-4
    assert options == sorted(options)


# ---- the explored model opens with a text that fits it ---------------------------------------------------
def test_explored_task_model_gets_a_text_that_fits(registry):
    at = open_page("train", **TINY, train_steps=10)  # context 16: a 3-line example text would not fit
    at.button(key="train_start").click().run()
    job = registry.for_session("test session id")
    assert job.wait(120) and job.view().status == "done"
    at.run()
    at.button(key="train_explore").click().run()
    assert not at.exception, at.exception
    ckpt = at.session_state["user_models"][at.session_state["model_key"]]
    text = at.session_state["text"]
    assert text and not text.endswith("\n") and text.endswith(">")  # the next token is the sorted answer
    assert len(ckpt.tokenizer.encode(text)) <= ckpt.config.block_size == 16
    for page in ("pages/next_token.py", "pages/attention.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        notices = [e.value for e in list(at.warning) + list(at.info)]
        assert not any("dropped" in n or "vocabulary" in n for n in notices), (page, notices)


# ---- the page in Simplified Chinese ---------------------------------------------------------------------
def english_train_prose() -> tuple[set[str], set[str]]:
    return english_prose(("train.",))


def assert_no_english(at, where: str) -> None:
    shown = main_area_strings(at)
    phrases, labels = english_train_prose()
    leaks = sorted({p for p in phrases if any(p in s for s in shown)} | {s for s in shown if s in labels})
    assert not leaks, (where, leaks)


def test_the_english_check_can_fail(registry):
    at = open_page("train", **TINY)  # English
    phrases, labels = english_train_prose()
    shown = main_area_strings(at)
    assert any(CATALOGUES["en"]["train.start"] in s for s in shown) and "Start training" in phrases
    assert {"Stop", "Task", "Model"} <= labels
    assert any(p in s for p in phrases for s in shown)


def test_the_page_speaks_chinese_before_and_after_a_run(registry):
    at = open_page("train", **TINY, lang="zh", train_steps=20)
    assert at.title[0].value == CATALOGUES["zh"]["train.title"]
    assert at.button(key="train_start").label == CATALOGUES["zh"]["train.start"]
    assert_no_english(at, "before a run")
    at.button(key="train_start").click().run()
    job = registry.for_session("test session id")
    assert job.wait(120) and job.view().status == "done"
    at.run()
    assert not at.exception, at.exception
    assert_no_english(at, "after a finished run")
    zh = CATALOGUES["zh"]
    assert any(m.value == f"**{zh['train.status.done']}**" for m in at.markdown)
    loss = chart(at, zh["train.loss_title"].format(corpus="task:sort"))
    assert trace(loss, zh["train.series_batch"])
    assert any(a["text"].startswith(zh["train.baseline_uniform"]) for a in loss["layout"]["annotations"])
    assert chart(at, "第 20 步的注意力模式")
    # the model is listed under its Chinese label
    assert [c.name for c in at.session_state["user_models"].values()] == ["已训练：task:sort · 20 步"]


def test_task_descriptions_are_translated_from_gpt_core():
    from gpt_core.data import TASKS

    for name, spec in TASKS.items():  # the English entry is gpt_core's own description: keep them equal
        assert CATALOGUES["en"][f"train.task_desc.{name}"] == spec.description, name


TRAIN_FILES = [REPO / "pages" / "train.py", *sorted((REPO / "explorer" / "ui" / "train").glob("*.py"))]


@pytest.mark.parametrize("path", TRAIN_FILES, ids=lambda p: p.name)
def test_train_files_hold_no_hard_coded_prose(path):
    """test_i18n's scan, over the Train page and its sections: prose is looked up, and every literal key exists."""
    import ast

    from test_i18n import hard_coded_prose

    source = path.read_text(encoding="utf-8")
    assert hard_coded_prose(source) == []
    keys = [node.args[0].value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "t" and node.args
            and isinstance(node.args[0], ast.Constant)]
    assert not [key for key in keys if key not in CATALOGUES["en"]]


# ---- gpt_core's errors in Simplified Chinese (explorer.i18n.error_text) -----------------------------------------
def longest_literal(template: str) -> str:
    """The longest run of a catalogue template's own words (the part that does not depend on the params)."""
    import string

    return max((literal for literal, *_ in string.Formatter().parse(template)), key=len)


def assert_chinese_error(at, expected: str, english: str) -> None:
    errors = [e.value for e in at.error]
    assert any(expected in e for e in errors), (expected, errors)
    assert not any(english in e for e in errors), errors


def test_a_model_that_cannot_be_built_says_why_in_chinese(registry):
    at = open_page("train", **TINY, lang="zh")
    at.number_input(key="train_n_head").set_value(3).run()  # n_embd 32 is not divisible by 3
    assert not at.exception, at.exception
    zh = CATALOGUES["zh"]
    reason = zh["errors.config.not_divisible"].format(n_embd=32, n_head=3)
    assert_chinese_error(at, zh["train.model_error"].format(error=reason), "divisible")
    assert at.button(key="train_start").disabled


def test_corpus_errors_are_shown_in_chinese(registry):
    from explorer.i18n import error_text

    at = open_page("train", **TINY, lang="zh")
    at.radio(key="train_source").set_value("paste").run()
    at.text_area(key="train_paste").set_value("   \n  ").run()
    zh = CATALOGUES["zh"]
    assert_chinese_error(at, zh["errors.corpus.blank"].format(label="'pasted'"), "is empty")
    # Too short for the context: the Trainer's refusal reaches the page through the job, in Chinese too.
    at.text_area(key="train_paste").set_value("abcabcabc").run()
    at.button(key="train_start").click().run()
    job = registry.for_session("test session id")
    assert job is not None and job.wait(60)
    at.run()
    assert not at.exception, at.exception
    view = job.view()
    assert view.error_reason.code == "train.split_too_short" and "training split" in view.error  # English kept
    assert_chinese_error(at, error_text(view.error_reason, lang="zh"), "training split")
    assert_chinese_error(at, longest_literal(zh["errors.train.split_too_short"]), "training split")


def test_a_diverged_run_is_explained_in_chinese(registry):
    """lr 1e6 without clipping: the loss overflows within a few steps; the page says so in Chinese."""
    from explorer.i18n import error_text

    spec = JobSpec(corpus=make_task_corpus("sort", n_examples=300), model=dict(n_layer=1, n_head=2, n_embd=32, block_size=16),
                   train=TrainConfig(steps=40, batch_size=8, lr=1e6, min_lr=1e5, warmup_steps=0, grad_clip=0.0,
                                     eval_every=10, eval_batches=2, sample_every_evals=0))
    job = registry.start("test session id", spec)  # the AppTest session's own job
    assert job.wait(60)
    view = job.view()
    assert view.status == "failed" and view.error_reason.code == "train.diverged"
    at = open_page("train", lang="zh")
    zh = CATALOGUES["zh"]
    shown = error_text(view.error_reason, lang="zh")
    assert "学习率" in shown and "became" not in shown, shown
    assert_chinese_error(at, zh["train.hint.failed"].format(error=shown), "became")
    assert_chinese_error(at, longest_literal(zh["errors.train.diverged"]), "learning rate")
