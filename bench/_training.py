"""Training recipes and the two measurements train_speed.py and find_fast_preset.py share.

- throughput(): tokens/s of the real Trainer loop in this process, median over windows after warm-up.
- time_to_quality(): `python -m gpt_core train ...` as a whole process; wall time from launch to the first
  evaluation whose validation loss is <= the target. The CLI prints losses to 2 decimals, so each eval
  line is timestamped as it arrives and the exact values are read afterwards from the saved checkpoint's
  training record (same steps, 4+ decimals). Nothing is added to gpt_core for this.
"""
from __future__ import annotations

import math
import os
import re
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, replace

from _common import PYTHON, REPO, loadavg

TARGET_VAL = 1.88
EVAL_LINE = re.compile(r"^step (\d+): train ([\d.]+|nan|inf), val ([\d.]+|nan|inf)")
DONE_LINE = re.compile(r"^(done|stopped|failed) after (\d+) steps in ([\d.]+) s \(([\d,]+) tokens/s\)")


@dataclass(frozen=True)
class Recipe:
    """One model + optimisation setting, expressed as explicit CLI flags (no preset names needed)."""

    name: str
    n_layer: int
    n_head: int
    n_embd: int
    block_size: int
    batch_size: int
    lr: float
    steps: int
    warmup: int
    min_lr: float | None = None  # None: the CLI's lr / 10
    dropout: float = 0.0
    eval_every: int = 50
    eval_batches: int = 8
    seed: int = 1337
    preset: str | None = None  # set: the plain `--preset NAME` command, with the preset's own training settings
    optimizer: str = "adamw"

    def model_flags(self) -> list[str]:
        return ["--n-layer", str(self.n_layer), "--n-head", str(self.n_head), "--n-embd", str(self.n_embd),
                "--block-size", str(self.block_size), "--dropout", str(self.dropout)]

    def train_flags(self) -> list[str]:
        flags = ["--batch-size", str(self.batch_size), "--lr", f"{self.lr:g}", "--steps", str(self.steps),
                 "--warmup", str(self.warmup), "--eval-every", str(self.eval_every),
                 "--eval-batches", str(self.eval_batches), "--seed", str(self.seed), "--sample-tokens", "0"]
        if self.min_lr is not None:
            flags += ["--min-lr", f"{self.min_lr:g}"]
        if self.optimizer != "adamw":
            flags += ["--optimizer", self.optimizer]
        return flags

    def cli(self, out: str, threads: int | None = None) -> list[str]:
        if self.preset:  # exactly the command a user types (README), sample at the end included
            cmd = [PYTHON, "-m", "gpt_core", "train", "--corpus", "shakespeare", "--preset", self.preset, "--out", out]
        else:
            cmd = [PYTHON, "-m", "gpt_core", "train", "--corpus", "shakespeare", *self.model_flags(),
                   *self.train_flags(), "--out", out]
        if threads:
            cmd += ["--threads", str(threads)]
        return cmd

    def describe(self) -> str:
        if self.preset:
            return f"python -m gpt_core train --corpus shakespeare --preset {self.preset}"
        return (f"{self.n_layer}L/{self.n_head}H/C{self.n_embd}/T{self.block_size}/B{self.batch_size} "
                f"lr {self.lr:g} steps {self.steps} warmup {self.warmup}")


# nanoGPT's CPU recipe for shakespeare_char (its README): 4 layers, 4 heads, 128 wide, context 64, batch 12,
# no dropout, lr 1e-3 decaying to 1e-4 over 2000 iterations, 100 warmup, 20 eval batches.
NANOGPT_CPU = Recipe("nanogpt-cpu", 4, 4, 128, 64, 12, 1e-3, 2000, 100, min_lr=1e-4, eval_every=100,
                     eval_batches=20)
# The recommended fast CPU preset (see bench/README.md for how it was chosen).
# From bench/find_fast_preset.py sweeps (bench/README.md): val <= 1.88 at step 550-600 over two seeds, 1.80-1.82
# at the end of the schedule (1.837 on the whole val split).
FAST_CPU_ADAMW = Recipe("fast-cpu-adamw", 2, 4, 128, 64, 32, 5e-3, 700, 50, eval_every=50, eval_batches=8)
# The preset since issue 18: Muon on the blocks' matrices (gpt_core/optim.py), val <= 1.88 at step 300 of 350.
FAST_CPU = Recipe("fast-cpu", 2, 4, 128, 64, 32, 6e-3, 350, 50, eval_every=50, eval_batches=8, optimizer="muon")
# The presets as a user runs them: `--preset NAME` alone, its training settings from gpt_core/cli_train.py.
PRESET_NANOGPT_CPU = Recipe("preset:nanogpt-cpu", 4, 4, 128, 64, 12, 1e-3, 2000, 100, eval_every=250,
                            eval_batches=20, preset="nanogpt-cpu")
PRESET_FAST_CPU = Recipe("preset:fast-cpu", 2, 4, 128, 64, 32, 6e-3, 350, 50, preset="fast-cpu", optimizer="muon")
RECIPES = {r.name: r for r in (NANOGPT_CPU, FAST_CPU, FAST_CPU_ADAMW, PRESET_NANOGPT_CPU, PRESET_FAST_CPU)}
DEFAULT_RECIPES = ("nanogpt-cpu", "fast-cpu")



def process_env(omp_wait_policy: str | None, **extra: str) -> dict:
    """A child process's environment: unbuffered output, OMP_WAIT_POLICY as asked ("default" unsets it)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", **extra)
    if omp_wait_policy == "default":
        env.pop("OMP_WAIT_POLICY", None)
    elif omp_wait_policy:
        env["OMP_WAIT_POLICY"] = omp_wait_policy
    return env

def parse_recipe(spec: str) -> Recipe:
    """'name' of a known recipe, or 'L,H,C,T,B,lr,steps,warmup[,eval_every,eval_batches]'."""
    if spec in RECIPES:
        return RECIPES[spec]
    parts = spec.split(",")
    if len(parts) not in (8, 10):
        raise ValueError(f"recipe {spec!r}: give a name ({', '.join(RECIPES)}) or L,H,C,T,B,lr,steps,warmup")
    L, H, C, T, B = (int(p) for p in parts[:5])
    lr, steps, warmup = float(parts[5]), int(parts[6]), int(parts[7])
    extra = dict(eval_every=int(parts[8]), eval_batches=int(parts[9])) if len(parts) == 10 else {}
    name = f"L{L}H{H}C{C}T{T}B{B}-lr{lr:g}-s{steps}"
    return Recipe(name, L, H, C, T, B, lr, steps, warmup, **extra)


def shakespeare_path():
    from gpt_core.data import find_shakespeare

    return find_shakespeare()


# ---- throughput ----------------------------------------------------------------------------------------
def throughput(recipe: Recipe, warmup_steps: int = 20, window: int = 25, windows: int = 7,
               threads: int | None = None) -> dict:
    """Tokens/s of the Trainer's own loop (batch draw, forward, backward, clip, AdamW, events) in this process.

    Evaluation is kept out of the windows: eval_every=0 evaluates only before the first and after the last step.
    """
    import torch

    from gpt_core.data import load_shakespeare
    from gpt_core.model import GPT
    from gpt_core.config import GPTConfig
    from gpt_core.tokenizers import CharTokenizer
    from gpt_core.train import StepEvent, TrainConfig, Trainer, prepare_corpus_ids

    torch.set_num_threads(max(1, threads or os.cpu_count() or 1))  # what the CLI does
    corpus = load_shakespeare()
    tokenizer = CharTokenizer.from_text(corpus.text)
    train_ids, val_ids = prepare_corpus_ids(corpus.text, tokenizer)
    total = warmup_steps + window * windows
    cfg = TrainConfig(steps=total, batch_size=recipe.batch_size, lr=recipe.lr, min_lr=recipe.lr / 10,
                      warmup_steps=min(recipe.warmup, total // 10), eval_every=0, eval_batches=1, sample_tokens=0,
                      seed=recipe.seed)
    torch.manual_seed(recipe.seed)
    model = GPT(GPTConfig(vocab_size=tokenizer.vocab_size, n_layer=recipe.n_layer, n_head=recipe.n_head,
                          n_embd=recipe.n_embd, block_size=recipe.block_size, dropout=recipe.dropout))
    stamps: dict[int, float] = {}

    def on_event(event) -> None:
        if isinstance(event, StepEvent):
            stamps[event.step] = time.perf_counter()

    trainer = Trainer(model, tokenizer, train_ids, val_ids, cfg, corpus_name=corpus.name, on_event=on_event)
    trainer.run()
    tokens = window * recipe.batch_size * recipe.block_size
    rates = []
    for w in range(windows):
        start, end = warmup_steps + w * window, warmup_steps + (w + 1) * window
        rates.append(tokens / (stamps[end] - stamps[start]))
    median = statistics.median(rates)
    return {"tokens_per_s": median, "ms_per_step": 1000 * recipe.batch_size * recipe.block_size / median,
            "windows_tokens_per_s": rates, "parameters": model.num_parameters(), "threads": torch.get_num_threads()}


# ---- time to quality -----------------------------------------------------------------------------------
@dataclass
class EvalPoint:
    step: int
    printed_val: float
    wall_s: float  # from launching the process to this line arriving
    val: float = math.nan  # exact, from the checkpoint record
    train: float = math.nan


@dataclass
class RunResult:
    recipe: Recipe
    returncode: int | None
    wall_s: float  # launch to exit
    startup_s: float  # launch to the step-0 evaluation line (imports, corpus, tokenizer, bigram, first eval)
    evals: list
    seconds_to_target: float | None  # launch to the first eval with exact val <= target
    step_at_target: int | None
    printed_seconds_to_target: float | None  # same, using the 2-decimal printed value
    final_val: float
    train_tokens_per_s: float | None  # the CLI's own figure (training wall time, evals included)
    parameters: int | None
    timed_out: bool
    stopped_early: bool
    load_start: tuple
    load_end: tuple
    full_val: float | None = None  # the final model on the whole validation split
    log_tail: str = ""
    cpu_s: float = math.nan  # user + system CPU seconds of the process (2 busy cores: 2 x wall)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["recipe"] = asdict(self.recipe)
        return data


def time_to_quality(recipe: Recipe, target: float = TARGET_VAL, timeout_s: float = 600.0, stop_at_target: bool = False,
                    threads: int | None = None, verify: bool = False, keep: str | None = None,
                    echo: bool = False, omp_wait_policy: str | None = None) -> RunResult:
    """Run the training CLI as a subprocess and time it from launch.

    stop_at_target: send SIGINT (the CLI's "stop and save") once a printed val is safely below the target.
    omp_wait_policy: ACTIVE | PASSIVE for this process, "default" to leave it unset (the CLI's own choice:
    OpenMP's default), None to inherit this environment.
    timeout_s: SIGINT at this wall time (the run is then reported as timed out unless it reached the target).
    """
    out_dir = tempfile.mkdtemp(prefix="bench_train_")
    out = keep or os.path.join(out_dir, "model.safetensors")
    env = process_env(omp_wait_policy, PYTHONPATH=str(REPO))
    load_start = loadavg()
    cpu_before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen(recipe.cli(out, threads), cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1, start_new_session=True)
    evals: list[EvalPoint] = []
    lines: list[str] = []
    done_match = None
    params = None
    interrupted = {"timeout": False, "target": False}

    def interrupt(reason: str) -> None:
        if proc.poll() is None and not any(interrupted.values()):
            interrupted[reason] = True
            os.killpg(proc.pid, signal.SIGINT)

    timer = threading.Timer(timeout_s, interrupt, args=("timeout",))
    timer.daemon = True
    timer.start()
    try:
        for raw in proc.stdout:
            now = time.perf_counter() - t0
            line = raw.rstrip("\n")
            lines.append(line)
            if echo:
                print(f"    [{now:6.1f}s] {line}", flush=True)
            m = EVAL_LINE.match(line)
            if m:
                evals.append(EvalPoint(int(m.group(1)), float(m.group(3)), now))
                # 2 decimals: a printed value <= target - 0.01 is surely below the target
                if stop_at_target and float(m.group(3)) <= target - 0.01:
                    interrupt("target")
                continue
            m = DONE_LINE.match(line)
            if m:
                done_match = m
            m = re.search(r"([\d,]+) parameters", line)
            if m and params is None:
                params = int(m.group(1).replace(",", ""))
        proc.wait()
    finally:
        timer.cancel()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    wall = time.perf_counter() - t0
    cpu_after = os.times()
    cpu_s = (cpu_after.children_user - cpu_before.children_user) + (cpu_after.children_system
                                                                    - cpu_before.children_system)

    # exact losses from the record the CLI saved (it saves on a normal end and after a Ctrl-C stop)
    full_val = None
    if os.path.exists(out):
        from gpt_core.checkpoint import load_checkpoint

        ckpt = load_checkpoint(out)
        by_step = {int(h["step"]): h for h in ckpt.record.get("history", [])}
        for point in evals:
            h = by_step.get(point.step)
            if h is not None:
                point.val, point.train = float(h["val_loss"]), float(h["train_loss"])
        if verify:
            full_val = full_split_val_loss(ckpt)
    exact = [p for p in evals if not math.isnan(p.val) and p.val <= target]
    printed = [p for p in evals if p.printed_val <= target]
    final_val = evals[-1].val if evals and not math.isnan(evals[-1].val) else (evals[-1].printed_val if evals else math.nan)
    if not keep:
        for name in os.listdir(out_dir):
            os.remove(os.path.join(out_dir, name))
        os.rmdir(out_dir)
    return RunResult(
        recipe=recipe, returncode=proc.returncode, wall_s=wall,
        startup_s=evals[0].wall_s if evals else math.nan, evals=[asdict(p) for p in evals],
        seconds_to_target=exact[0].wall_s if exact else None, step_at_target=exact[0].step if exact else None,
        printed_seconds_to_target=printed[0].wall_s if printed else None, final_val=final_val,
        train_tokens_per_s=float(done_match.group(4).replace(",", "")) if done_match else None, parameters=params,
        timed_out=interrupted["timeout"], stopped_early=interrupted["target"], load_start=load_start,
        load_end=loadavg(), full_val=full_val, log_tail="\n".join(lines[-6:]), cpu_s=cpu_s)


def full_split_val_loss(ckpt) -> float:
    """Mean next-token loss of a checkpoint over the whole validation split (non-overlapping windows).

    The CLI's evaluations use a few fixed batches; this is the check that the result holds on all
    111k validation characters (each window's first tokens see little context, as in training).
    """
    import numpy as np
    import torch

    from gpt_core.data import load_shakespeare
    from gpt_core.train import prepare_corpus_ids

    corpus = load_shakespeare()
    _, val = prepare_corpus_ids(corpus.text, ckpt.tokenizer)
    T = ckpt.config.block_size
    n = (len(val) - 1) // T
    x = torch.from_numpy(np.asarray(val[: n * T], dtype=np.int64).reshape(n, T))
    y = torch.from_numpy(np.asarray(val[1: n * T + 1], dtype=np.int64).reshape(n, T))
    model = ckpt.model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, n, 256):
            _, loss = model(x[i:i + 256], y[i:i + 256])
            total += float(loss) * len(x[i:i + 256])
            count += len(x[i:i + 256])
    return total / count


def with_overrides(recipe: Recipe, **changes) -> Recipe:
    return replace(recipe, **{k: v for k, v in changes.items() if v is not None})


# ---- nanoGPT side by side --------------------------------------------------------------------------------
# nanoGPT's README CPU command for shakespeare_char, as the issue measured it (eval every 250 x 20 batches).
NANOGPT_ARGS = ["config/train_shakespeare_char.py", "--device=cpu", "--compile=False", "--eval_iters=20",
                "--log_interval=1", "--block_size=64", "--batch_size=12", "--n_layer=4", "--n_head=4", "--n_embd=128",
                "--max_iters=2000", "--lr_decay_iters=2000", "--dropout=0.0"]
NANOGPT_REFERENCE = {"wall_s": 98.3, "cpu_s": 184.6, "val": 1.886}  # measured on this 2-core machine, quiet
NANOGPT_EVAL = re.compile(r"^step (\d+): train loss ([\d.]+), val loss ([\d.]+)")


def prepare_nanogpt(checkout: str) -> str:
    """A temporary copy of a nanoGPT checkout with data/shakespeare_char prepared from the local Tiny Shakespeare.

    The same encoding as its prepare.py (sorted characters, first 90% train, uint16 .bin files, meta.pkl),
    without the download. The checkout itself is never written to.
    """
    import pickle
    import shutil

    import numpy as np

    if not os.path.isfile(os.path.join(checkout, "train.py")):
        raise SystemExit(f"{checkout} has no train.py: give the path of a nanoGPT checkout")
    work = tempfile.mkdtemp(prefix="bench_nanogpt_")
    copy = os.path.join(work, "nanoGPT")
    shutil.copytree(checkout, copy, ignore=shutil.ignore_patterns(".git", "out*", "*.bin", "*.pkl"))
    with open(shakespeare_path(), encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    stoi = {ch: i for i, ch in enumerate(chars)}
    n = len(text)
    data_dir = os.path.join(copy, "data", "shakespeare_char")
    os.makedirs(data_dir, exist_ok=True)
    for name, part in (("train", text[: int(n * 0.9)]), ("val", text[int(n * 0.9):])):
        np.array([stoi[c] for c in part], dtype=np.uint16).tofile(os.path.join(data_dir, f"{name}.bin"))
    with open(os.path.join(data_dir, "meta.pkl"), "wb") as f:
        pickle.dump({"vocab_size": len(chars), "itos": dict(enumerate(chars)), "stoi": stoi}, f)
    return copy


def run_nanogpt(copy: str, timeout_s: float = 900.0, omp_wait_policy: str | None = None) -> dict:
    """nanoGPT's train.py with its README CPU recipe, timed from launch to exit (process start included)."""
    env = process_env(omp_wait_policy)
    load_start = loadavg()
    cpu_before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.run([PYTHON, "train.py", *NANOGPT_ARGS], cwd=copy, env=env, capture_output=True, text=True,
                          timeout=timeout_s, check=False)
    wall = time.perf_counter() - t0
    cpu_after = os.times()
    evals = [(int(m.group(1)), float(m.group(2)), float(m.group(3)))
             for m in map(NANOGPT_EVAL.match, proc.stdout.splitlines()) if m]
    return {"returncode": proc.returncode, "wall_s": wall, "evals": evals,
            "final_val": evals[-1][2] if evals else math.nan,
            "cpu_s": (cpu_after.children_user - cpu_before.children_user)
            + (cpu_after.children_system - cpu_before.children_system),
            "load_start": load_start, "load_end": loadavg(), "log_tail": "\n".join(proc.stdout.splitlines()[-4:])
            + proc.stderr[-1000:]}
