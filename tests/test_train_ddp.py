"""Data-parallel training on the CPU (gloo, two processes): it runs, the loss falls, and 2 ranks x batch B/2
train like one process with batch B (the ranks read complementary halves of one global batch)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from gpt_core.checkpoint import load_checkpoint
from gpt_core.config import GPTConfig
from gpt_core.distributed import DistributedContext, rank_slice
from gpt_core.model import GPT
from gpt_core.tokenizers import CharTokenizer
from gpt_core.train import StepEvent, TrainConfig, Trainer

REPO = Path(__file__).resolve().parents[1]
TEXT = "the quick brown fox jumps over the lazy dog. " * 60
STEPS = 6
GLOBAL_BATCH = 8
# Measured here: the largest step-loss difference 2.4e-7 and weight difference 7.4e-7 after 6 steps (float32
# rounding: two half-batch means summed and halved vs one mean); the tolerances leave room for other builds.
LOSS_TOL = 1e-5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _trainer(batch_size: int, **kw) -> Trainer:
    tokenizer = CharTokenizer.from_text(TEXT)
    ids = np.array(tokenizer.encode(TEXT))
    cut = int(0.9 * len(ids))
    torch.manual_seed(0)
    model = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=16, vocab_size=tokenizer.vocab_size))
    cfg = TrainConfig(steps=STEPS, batch_size=batch_size, lr=3e-3, warmup_steps=0, eval_every=0, eval_batches=1,
                      sample_every_evals=0, seed=7)
    return Trainer(model, tokenizer, ids[:cut], ids[cut:], cfg, **kw)


def _rank_worker(rank: int, world_size: int, port: int, out_dir: str) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world_size)
    try:
        losses: list[float] = []
        trainer = _trainer(GLOBAL_BATCH // world_size,
                           on_event=lambda e: losses.append(e.loss) if isinstance(e, StepEvent) else None)
        assert trainer.dist == DistributedContext(rank=rank, world_size=world_size, local_rank=rank,
                                                  local_world_size=world_size)
        trainer.run()
        weights = {k: v.tolist() for k, v in trainer.model.state_dict().items()}
        Path(out_dir, f"rank{rank}.json").write_text(json.dumps(
            {"losses": losses, "weights": weights, "history": trainer.history, "record": trainer.record()}))
    finally:
        dist.destroy_process_group()


def test_rank_slices_tile_the_global_batch():
    rows = [list(range(12))[rank_slice(6, DistributedContext(rank=r, world_size=2))] for r in range(2)]
    assert rows == [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]


def test_two_gloo_ranks_with_half_batches_match_one_process_with_the_full_batch(tmp_path):
    torch.set_num_threads(1)
    single_losses: list[float] = []
    single = _trainer(GLOBAL_BATCH, on_event=lambda e: single_losses.append(e.loss) if isinstance(e, StepEvent) else None)
    single.run()

    mp.spawn(_rank_worker, args=(2, _free_port(), str(tmp_path)), nprocs=2, join=True)
    ranks = [json.loads(Path(tmp_path, f"rank{r}.json").read_text()) for r in range(2)]

    # every rank logs the loss of the whole global batch (the mean over ranks), so both equal the single run's
    for r in ranks:
        assert len(r["losses"]) == STEPS
        np.testing.assert_allclose(r["losses"], single_losses, rtol=0, atol=LOSS_TOL)
    assert single_losses[-1] < single_losses[0]  # and the run learns
    # the averaged gradients leave identical weights on both ranks, equal to the single run's
    for name, value in single.model.state_dict().items():
        np.testing.assert_allclose(ranks[0]["weights"][name], ranks[1]["weights"][name], rtol=0, atol=1e-6)
        np.testing.assert_allclose(ranks[0]["weights"][name], value.numpy(), rtol=0, atol=1e-5)
    # rank 0 alone evaluates and records; its record counts every rank's tokens
    assert [h["step"] for h in ranks[0]["history"]] == [0, STEPS] and ranks[1]["history"] == []
    assert ranks[0]["record"]["world_size"] == 2
    assert ranks[0]["record"]["tokens_seen"] == single.record()["tokens_seen"] == STEPS * GLOBAL_BATCH * 16


def test_torchrun_trains_with_two_processes_and_rank_0_writes_the_checkpoint(tmp_path):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(TEXT)
    out = tmp_path / "ddp.safetensors"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
           "-m", "gpt_core", "train", "--corpus", str(corpus), "--n-layer", "1", "--n-head", "2", "--n-embd", "16",
           "--block-size", "16", "--steps", "40", "--batch-size", "4", "--lr", "3e-3", "--eval-every", "20",
           "--eval-batches", "2", "--sample-tokens", "0", "--device", "cpu", "--out", str(out)]
    proc = subprocess.run(cmd, check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.stdout.count("saved ") == 1 and "torchrun: 2 ranks (gloo), batch 4 per rank = 8 per step" in proc.stdout
    record = load_checkpoint(out).record
    assert record["world_size"] == 2 and record["steps"] == 40 and record["tokens_seen"] == 40 * 8 * 16
    vals = [h["val_loss"] for h in record["history"]]
    assert [h["step"] for h in record["history"]] == [0, 20, 40]
    assert vals[-1] < vals[0] - 0.5, vals  # from ~ln(V) towards the repeated sentence
