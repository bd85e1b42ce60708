"""Bad input and faults, through the paths a user reaches them by: the sidebar text on every page, the
sidebar's checkpoint upload, the Train page's corpus upload, training jobs, and the server config.

Every case says what it fed in and how the app must answer; each answer is checked against the message
gpt_core itself produces for that input, so a reworded message does not break the test but a swallowed
one does. Nothing here may leave an exception on the page or a file on disk.
"""
from __future__ import annotations

import io
import json
import math
import pickle
import re
import time
import tomllib
from pathlib import Path

import pytest
import torch
from safetensors.torch import save as save_safetensors_bytes
from streamlit.testing.v1 import AppTest

from explorer.ui.frame import page_names
from explorer.jobs import JobError, JobLimitError, JobRegistry, JobSpec
from explorer.analysis.text_prep import prepare_input
from gpt_core.checkpoint import CheckpointError, checkpoint_bytes, load_checkpoint_bytes
from gpt_core.config import GPTConfig
from gpt_core.data import CorpusError, corpus_from_bytes, make_task_corpus
from gpt_core.model import GPT
from gpt_core.nanogpt import import_nanogpt_bytes
from gpt_core.tokenizers import CharTokenizer
from gpt_core.train import TrainConfig

from apptest import REPO, new_app


def app_pages() -> list[str]:
    return page_names()


def messages(at: AppTest) -> list[str]:
    """Every notice the run showed (main area and sidebar)."""
    return [str(e.value) for kind in ("error", "warning", "info", "success") for e in getattr(at, kind)]


def exceptions(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.exception]


# ---- 0. every page runs inside app.py's frame -------------------------------------------------------------
FRAME_HINT = ("the page ran without app.py's frame (no sidebar): Streamlit's legacy pages/ discovery ran it bare; "
              "explorer.ui.frame.page_setup() must run first on every page (see explorer/ui/frame.py)")


@pytest.mark.parametrize("page", app_pages())
def test_every_run_of_a_page_is_inside_the_frame(page):
    """AppTest, like a fresh server given a direct URL, starts each run in Streamlit's legacy mode."""
    at = new_app()
    at.run()
    at.switch_page(f"pages/{page}.py")
    for run in (1, 2):
        at.run()
        assert not at.exception, exceptions(at)
        assert [w.key for w in at.sidebar.get("text_area")] == ["text"], f"run {run} of {page}: {FRAME_HINT}"


def test_a_button_click_survives_the_frame_being_added():
    """The frame is added inside the same run (not by a rerun), so one-shot widget values are not lost."""
    at = new_app()
    at.run()
    at.switch_page("pages/next_token.py").run()
    at.button(key="nt_next").click().run()
    assert not at.exception, exceptions(at)
    assert len(at.session_state["nt_ids"]) == 1, "the Next step click was lost"


# ---- 1. the shared text, on every page ----------------------------------------------------------------
BAD_TEXTS = {
    "empty": "",
    "spaces_and_newlines": "   \n\n   ",  # in the char vocabulary: real tokens, drawn like any text
    "whitespace_outside_vocab": "\t\u00a0\u2003\u3000\t",  # tab, no-break, em and ideographic spaces
    "10000_chars": ("To be, or not to be, that is the question. " * 250)[:10_000],
    "emoji_and_cjk": "Hi 🙂🚀 你好，世界 👩‍👩‍👧",
    "only_emoji": "🙂🚀👩‍👩‍👧",
    "nul_and_control": "a\x00b\x01c\x07d\x1b[31me\x7f\x0b",
    "right_to_left": "مرحبا بالعالم שלום \u202eevil\u202c",
}
REPLACE_TOO = ("emoji_and_cjk", "nul_and_control")  # also run with unknown chars replaced
# Pages that do not draw the shared text (they have no input notices to show).
NO_TEXT_PAGES = {"train"}


def expected_notices(ckpt, text: str, mode: str = "skip") -> list[str]:
    return [n.message for n in prepare_input(ckpt.tokenizer, text, ckpt.config.block_size, mode).notices]


@pytest.mark.parametrize("page", app_pages())
def test_bad_text_on_every_page_gives_a_notice_and_no_exception(page, shipped):
    """One AppTest per page, fed every bad text in turn (unknown characters both skipped and replaced)."""
    at = new_app()
    at.run()
    at.switch_page(f"pages/{page}.py")
    problems = []
    for mode in ("skip", "replace"):
        for name, text in BAD_TEXTS.items():
            if mode == "replace" and name not in REPLACE_TOO:
                continue
            at.session_state["text"] = text
            at.session_state["unknown_mode"] = mode
            at.run()
            if at.exception:
                problems.append(f"{name}/{mode}: exception {exceptions(at)[0][:300]}")
                continue
            if page in NO_TEXT_PAGES:
                continue
            shown = messages(at)
            for notice in expected_notices(shipped, text, mode):
                if notice not in shown:
                    problems.append(f"{name}/{mode}: notice {notice!r} not shown (shown: {shown})")
            if name != "spaces_and_newlines" and not expected_notices(shipped, text, mode):
                problems.append(f"{name}/{mode}: gpt_core gave no notice for this input; the test's premise broke")
    assert not problems, f"page {page}:\n" + "\n".join(problems)


# ---- 2. checkpoint uploads through the sidebar -----------------------------------------------------------
class MakesAFile:
    """A pickle payload: unpickling it calls open(path, "w"), which creates the file."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def tiny_char_model(text: str = "hello world\n", seed: int = 0) -> tuple[GPT, CharTokenizer]:
    tokenizer = CharTokenizer.from_text(text)
    torch.manual_seed(seed)
    model = GPT(GPTConfig(vocab_size=tokenizer.vocab_size, block_size=8, n_layer=1, n_head=2, n_embd=16)).eval()
    return model, tokenizer


def nanogpt_files(model: GPT, tokenizer: CharTokenizer, meta: bool = True) -> tuple[bytes, bytes | None]:
    """nanoGPT's train.py checkpoint layout (+ prepare.py's meta.pkl), built from our model's weights."""
    cfg = model.config
    buf = io.BytesIO()
    torch.save({"model": {f"_orig_mod.{k}": v for k, v in model.state_dict().items()},
                "model_args": dict(n_layer=cfg.n_layer, n_head=cfg.n_head, n_embd=cfg.n_embd,
                                   block_size=cfg.block_size, bias=True, vocab_size=cfg.vocab_size, dropout=0.0),
                "iter_num": 5, "best_val_loss": torch.tensor(2.5), "config": {"dataset": "shakespeare_char"}}, buf)
    itos = {i: tokenizer.token_str(i) for i in range(tokenizer.vocab_size)}
    meta_bytes = pickle.dumps({"vocab_size": len(itos), "itos": itos, "stoi": {c: i for i, c in itos.items()}})
    return buf.getvalue(), (meta_bytes if meta else None)


def wrong_shapes_checkpoint() -> bytes:
    """Metadata of one model, tensors of a narrower one."""
    model, tokenizer = tiny_char_model()
    good = checkpoint_bytes(model, tokenizer)
    small = GPT(GPTConfig(vocab_size=tokenizer.vocab_size, block_size=8, n_layer=1, n_head=2, n_embd=8))
    tensors = {k: v.contiguous() for k, v in small.state_dict().items() if k != "lm_head.weight"}
    header_len = int.from_bytes(good[:8], "little")
    metadata = json.loads(good[8:8 + header_len])["__metadata__"]
    return save_safetensors_bytes(tensors, metadata=metadata)


def upload_cases(marker: Path) -> dict:
    """name -> (files [(filename, bytes)], how it must end: "error" or "loaded")."""
    model, tokenizer = tiny_char_model()
    good = checkpoint_bytes(model, tokenizer, {"corpus": "hardening"})
    ckpt_pt, meta_pkl = nanogpt_files(model, tokenizer)
    evil_pickle = pickle.dumps(MakesAFile(marker))
    evil_pt = io.BytesIO()
    torch.save({"model": {"x": MakesAFile(marker)}, "model_args": {}}, evil_pt)
    return {
        "zero_bytes": ([("empty.safetensors", b"")], "error"),
        "random_bytes": ([("random.safetensors", bytes(range(256)) * 16)], "error"),
        "truncated": ([("truncated.safetensors", good[: len(good) // 2])], "error"),
        "header_only": ([("header.safetensors", good[:8])], "error"),
        "wrong_shapes": ([("shapes.safetensors", wrong_shapes_checkpoint())], "error"),
        "missing_metadata": ([("plain.safetensors",
                               save_safetensors_bytes({k: v.contiguous() for k, v in model.state_dict().items()
                                                       if k != "lm_head.weight"}))], "error"),
        "meta_pkl_alone": ([("meta.pkl", meta_pkl)], "error"),
        "nanogpt_ckpt_without_meta": ([("ckpt.pt", ckpt_pt)], "error"),
        "pickle_payload_in_meta_pkl": ([("ckpt.pt", ckpt_pt), ("meta.pkl", evil_pickle)], "error"),
        "pickle_payload_in_ckpt_pt": ([("ckpt.pt", evil_pt.getvalue()), ("meta.pkl", meta_pkl)], "error"),
        "pickle_named_safetensors": ([("evil.safetensors", evil_pickle)], "error"),
        "valid_checkpoint": ([("good.safetensors", good)], "loaded"),
        "valid_nanogpt_pair": ([("ckpt.pt", ckpt_pt), ("meta.pkl", meta_pkl)], "loaded"),
    }


def gpt_core_verdict(files: list[tuple[str, bytes]]) -> str:
    """What gpt_core says about these files on its own: its error message, or "" if they load."""
    by_ext = {name.rsplit(".", 1)[-1]: data for name, data in files}
    try:
        if "safetensors" in by_ext:
            load_checkpoint_bytes(by_ext["safetensors"])
        elif "pt" in by_ext:
            import_nanogpt_bytes(by_ext["pt"], by_ext.get("pkl"))
        else:
            return "upload a .safetensors checkpoint"
    except CheckpointError as exc:
        return str(exc)
    return ""


UPLOAD_CASE_NAMES = list(upload_cases(Path("unused")))


@pytest.mark.parametrize("case", UPLOAD_CASE_NAMES)
def test_sidebar_checkpoint_upload(case, tmp_path):
    marker = tmp_path / "payload_ran.txt"
    files, outcome = upload_cases(marker)[case]
    verdict = gpt_core_verdict(files)
    assert not marker.exists(), "building the case must not run the payload"
    at = new_app()
    at.run()
    before = at.session_state["model_key"]
    at.file_uploader(key="_uploads").set_value([(name, data, "application/octet-stream") for name, data in files])
    at.run()
    assert not at.exception, f"{case}: {exceptions(at)}"
    assert not marker.exists(), f"{case}: the pickled payload RAN (it created {marker})"
    assert at.sidebar.get("text_area"), FRAME_HINT
    sidebar_errors = [str(e.value) for e in at.sidebar.get("error")]
    if outcome == "error":
        assert verdict, f"{case}: gpt_core accepted this file; the case no longer tests a bad upload"
        assert any(verdict in message for message in sidebar_errors), \
            f"{case}: the sidebar did not show gpt_core's reason {verdict!r}; it showed {sidebar_errors}"
        assert at.session_state["model_key"] == before, f"{case}: a rejected upload changed the active model"
        assert not at.session_state["user_models"]
    else:
        assert verdict == "" and not sidebar_errors, f"{case}: a valid upload was refused: {sidebar_errors}"
        assert at.session_state["model_key"] in at.session_state["user_models"], f"{case}: not made active"
        assert [s.value for s in at.sidebar.get("success")], f"{case}: no success message"


def test_pickle_payloads_are_live(tmp_path):
    """Control for the refusals above: loaded the unsafe way, the very same bytes DO create the file."""
    marker = tmp_path / "payload_ran.txt"
    files = dict(upload_cases(marker)["pickle_payload_in_meta_pkl"][0])
    pickle.loads(files["meta.pkl"]).close()  # noqa: S301 - deliberately unsafe, in a temporary folder
    assert marker.exists()
    marker.unlink()
    evil_pt = dict(upload_cases(marker)["pickle_payload_in_ckpt_pt"][0])["ckpt.pt"]
    torch.load(io.BytesIO(evil_pt), weights_only=False)["model"]["x"].close()  # noqa: S614 - same
    assert marker.exists()


def test_checkpoint_over_the_size_limit_is_refused_before_parsing(monkeypatch):
    """The real limit (512 MB) is far above what a test should allocate: shrink it and upload one byte more."""
    import gpt_core.checkpoint as checkpoint

    model, tokenizer = tiny_char_model()
    good = checkpoint_bytes(model, tokenizer)
    monkeypatch.setattr(checkpoint, "MAX_CHECKPOINT_BYTES", len(good) - 1)
    at = new_app()
    at.run()
    before = at.session_state["model_key"]
    at.file_uploader(key="_uploads").set_value([("big.safetensors", good, "application/octet-stream")])
    at.run()
    assert not at.exception
    errors = [str(e.value) for e in at.sidebar.get("error")]
    assert any("limit" in message for message in errors), errors
    assert at.session_state["model_key"] == before


# ---- 3. corpus uploads (the Train page) ---------------------------------------------------------------
CORPUS_CASES = {
    "zero_bytes": (b"", "empty"),
    "non_utf8_latin1": ("café crème brûlée\n".encode("latin-1") * 20, "not valid UTF-8"),
    "utf16": ("hello world\n".encode("utf-16"), "UTF-16"),
    "binary_named_txt": (bytes(range(256)) * 64, "binary"),
    "nul_in_text": (b"hello\x00world\n" * 10, "binary"),
    "whitespace_only": (b" \n\t \n", "empty"),
    "over_the_limit": (b"a" * (64 * 1024 + 1), "limit"),
}


@pytest.mark.parametrize("case", list(CORPUS_CASES))
def test_corpus_bytes_are_refused_with_a_reason(case):
    data, reason = CORPUS_CASES[case]
    with pytest.raises(CorpusError, match=re.escape(reason)) as info:
        corpus_from_bytes(data, name=f"{case}.txt", max_bytes=64 * 1024)
    assert f"{case}.txt" in str(info.value), "the message should name the file"


@pytest.mark.parametrize("case", ["binary_named_txt", "non_utf8_latin1", "zero_bytes"])
def test_train_page_corpus_upload_shows_the_reason(case):
    """The Train page's own upload widget, end to end through AppTest."""
    data, reason = CORPUS_CASES[case]
    at = new_app()
    at.run()
    at.switch_page("pages/train.py")
    at.session_state["train_source"] = "upload"
    at.run()
    uploader = at.file_uploader(key="train_upload")
    uploader.set_value((f"{case}.txt", data, "text/plain"))
    at.run()
    assert not at.exception, exceptions(at)
    errors = [str(e.value) for e in at.get("error")]
    assert any(reason in message for message in errors), f"{case}: expected {reason!r} in {errors}"
    start = next(b for b in at.button if b.key == "train_start")
    assert start.disabled, "training can start on a refused corpus"


# ---- 4. training faults (explorer.jobs) ---------------------------------------------------------------
TINY_MODEL = dict(n_layer=1, n_head=2, n_embd=16, block_size=16)


def tiny_spec(steps: int, **train) -> JobSpec:
    cfg = TrainConfig(steps=steps, batch_size=8, lr=3e-3, min_lr=3e-4, warmup_steps=0, eval_every=max(1, steps // 2),
                      eval_batches=2, sample_every_evals=0, seed=3, **train)
    return JobSpec(corpus=make_task_corpus("sort", n_examples=300, seed=0), train=cfg, model=dict(TINY_MODEL),
                   label="hardening")


@pytest.fixture
def new_registry():
    """Makes JobRegistries whose jobs are all stopped and released when the test ends, pass or fail."""
    made = []

    def make(**kw) -> JobRegistry:
        registry = JobRegistry(max_running=kw.pop("max_running", 2),
                               session_alive=kw.pop("session_alive", lambda sid: True), start_reaper=False, **kw)
        made.append(registry)
        return registry

    yield make
    for registry in made:
        registry.clear()


def wait_for(predicate, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


def finite_weights(model) -> bool:
    return all(torch.isfinite(p).all() for p in model.parameters())


def test_nan_mid_run_fails_the_job_with_a_reason_and_keeps_finite_weights(monkeypatch, new_registry):
    """The weights turn NaN after step 3 (as an exploding update would): the job ends "failed", says why,
    and the model it hands out holds the last finite weights. The worker process poisons them itself
    (explorer.worker.WorkerCommand.fault): the model never lives in this process."""
    registry = new_registry()
    job = registry.start("session-nan", tiny_spec(steps=40), fault="nan@3")
    assert job.wait(60), "the job did not end"
    view = job.view()
    assert view.status == "failed", view.status
    assert "nan" in view.error.lower(), view.error
    # the run rolls back to the last weights it verified finite: those before the update that broke them
    assert view.step in (2, 3), f"the run kept step {view.step}, not one from before the NaN"
    assert "keeps" in view.error, f"the reason does not say which weights were kept: {view.error}"
    exported = job.export_checkpoint()
    assert finite_weights(exported.model), "the exported model carries NaN weights"


def test_nan_loss_from_a_huge_learning_rate_is_a_failed_job_not_a_crash(new_registry):
    """lr 1e6 without clipping: the loss overflows within a few steps; the job says so instead of crashing."""
    registry = new_registry()
    spec = tiny_spec(steps=30)
    spec = JobSpec(corpus=spec.corpus, model=spec.model, train=spec.train.replace(lr=1e6, min_lr=1e5, grad_clip=0.0))
    job = registry.start("session-lr", spec)
    assert job.wait(60), "the job did not end"
    view = job.view()
    assert view.status == "failed", (view.status, view.error)
    assert re.search(r"\b(nan|inf)\b", view.error.lower()), view.error
    if view.step:
        assert finite_weights(job.export_checkpoint().model), "the kept weights are not finite"


def test_stop_mid_step_ends_after_that_step_and_keeps_a_usable_model(new_registry):
    registry = new_registry()
    job = registry.start("session-stop", tiny_spec(steps=100_000))
    wait_for(lambda: job.view().step >= 3, what="three steps")
    job.stop()  # arrives while a step is in flight
    assert job.wait(30), "stop did not end the run"
    view = job.view()
    assert view.status == "stopped", view.status
    assert 3 <= view.step < 100_000
    saved_steps = job.export_checkpoint().record["steps"]
    assert saved_steps == view.step == len(view.batch_losses), "a step was lost or counted twice"
    model = job.export_checkpoint().model
    assert finite_weights(model)
    assert load_checkpoint_bytes(job.checkpoint_bytes()).config == model.config, "the download is not loadable"
    registry.resume(job, target_steps=view.step + 3)  # and the run can go on from exactly there
    assert job.wait(30)
    assert (job.view().status, job.view().step) == ("done", view.step + 3)


def test_two_sessions_train_at_once_and_a_third_waits_its_turn(new_registry):
    registry = new_registry(max_running=2, max_queue=1)
    first = registry.start("session-a", tiny_spec(steps=100_000))
    second = registry.start("session-b", tiny_spec(steps=100_000))
    waiting = registry.start("session-c", tiny_spec(steps=4))
    assert (waiting.view().status, waiting.view().queue_position) == ("queued", 1)
    with pytest.raises(JobLimitError, match="waiting"):  # the queue is full too: refused politely
        registry.start("session-d", tiny_spec(steps=10))
    with pytest.raises(JobError, match="already training"):
        registry.start("session-a", tiny_spec(steps=10))  # one run per session
    wait_for(lambda: min(first.view().step, second.view().step) >= 5, what="both runs to take 5 steps")
    assert first.active and second.active
    assert first.pid != second.pid and None not in (first.pid, second.pid)  # a process each
    assert waiting.view().status == "queued"
    first.stop()
    second.stop()
    assert first.wait(30) and second.wait(30)
    a, b = first.view(), second.view()
    assert (a.status, b.status) == ("stopped", "stopped"), (a.error, b.error)
    assert all(map(math.isfinite, a.batch_losses + b.batch_losses))
    assert waiting.wait(30) and waiting.view().status == "done"  # it started when a slot freed


def test_two_sessions_started_together_both_get_their_seeded_weights(new_registry):
    """Same spec and seed in two sessions at once: the step-0 losses (the initial weights) must be identical
    (each worker seeds its own process's RNG, so two builds cannot interleave)."""
    registry = new_registry(max_running=2)
    started = [registry.start(f"session-{n}", tiny_spec(steps=2)) for n in range(2)]
    assert all(job.wait(60) for job in started)
    first, second = (job.view().evals[0]["train_loss"] for job in started)
    assert first == pytest.approx(second, rel=1e-6), "the same seed gave two different initial models"


def test_a_session_closed_mid_run_is_stopped_then_released(new_registry):
    alive = {"session-gone": True}
    registry = new_registry(session_alive=lambda sid: alive.get(sid, False), orphan_grace_s=0.0)
    job = registry.start("session-gone", tiny_spec(steps=100_000))
    wait_for(lambda: job.view().step >= 2, what="two steps")
    alive["session-gone"] = False  # the browser tab closed
    registry.reap()  # first pass: the session is seen gone, its grace period starts
    time.sleep(0.01)
    registry.reap()  # grace over: stop the orphan's run
    assert job.wait(30), "the orphan's run was not stopped"
    assert job.view().status == "stopped"
    released = registry.reap()  # next pass: release it
    assert job.token in released and registry.get(job.token) is None
    assert job.view().snapshots == () and job.pid is None, "the orphan's run is still held in memory"


# ---- 5. server configuration --------------------------------------------------------------------------
def test_streamlit_config_is_safe_for_a_shared_server():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server, browser = config.get("server", {}), config.get("browser", {})
    assert server.get("headless") is True, "headless: never try to open a browser on the server"
    assert server.get("enableXsrfProtection", True) is True, "XSRF protection must stay on (uploads)"
    assert browser.get("gatherUsageStats") is False
    upload_mb = server.get("maxUploadSize", 200)
    from gpt_core.checkpoint import MAX_CHECKPOINT_BYTES
    from gpt_core.data import DEFAULT_MAX_CORPUS_BYTES

    assert 5 <= upload_mb <= MAX_CHECKPOINT_BYTES // 2**20, f"maxUploadSize {upload_mb} MB"
    assert upload_mb * 2**20 >= DEFAULT_MAX_CORPUS_BYTES, "a corpus gpt_core accepts could not be uploaded"
    assert server.get("enableCORS", True) is True, "CORS protection must not be switched off"
