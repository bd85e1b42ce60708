"""A tiny model trained with or without the causal mask: without it, the model learns to read the answer.

Trained by gpt_core.train.Trainer (the same loop as every other model here), on windows of the loaded
model's own training text.
"""
from __future__ import annotations

import numpy as np
import torch

from ..capture import NO_INTERVENTIONS, Interventions, act_name
from ..config import GPTConfig
from ..model import GPT
from ..train import StepEvent, TrainConfig, Trainer
from .losses import batch_loss, fixed_batch


def tiny_config(vocab_size: int, block_size: int = 32) -> GPTConfig:
    """One layer, two heads, rotary positions: rotary makes "read the token at offset +1" easy to learn, so
    a model trained without the mask finds the cheat within ~100 steps (a learned table takes several times longer)."""
    return GPTConfig(vocab_size=int(vocab_size), block_size=block_size, n_layer=1, n_head=2, n_embd=32,
                     pos_encoding="rope")


def train_tiny(ids, vocab_size: int, causal_mask: bool, steps: int = 150, seed: int = 0, batch_size: int = 16,
               block_size: int = 32, lr: float = 1e-2, tokenizer=None) -> dict:
    """Train a tiny GPT (tiny_config) on windows of ids with or without the causal mask.

    Returns losses [steps] (training loss per step), eval_masked / eval_unmasked (loss on one fixed
    held batch with the mask on and off), pattern [nh, T, T] (the trained model's attention on the first
    window, under the mask setting it was trained with) and window ids [T].
    """
    ids = np.asarray(ids, dtype=np.int64)
    if len(ids) <= block_size + 1:
        raise ValueError(f"need more than {block_size + 1} tokens to train, got {len(ids)}")
    threads = torch.get_num_threads()
    # A 32-wide model gains nothing from intra-op threads, and on a busy 2-core machine a second thread made
    # 150 steps take 4-10x longer (measured); the setting is process-wide, so it is restored right after.
    torch.set_num_threads(1)
    try:
        return _train_tiny(ids, vocab_size, causal_mask, steps, seed, batch_size, block_size, lr, tokenizer)
    finally:
        torch.set_num_threads(threads)


def _train_tiny(ids: np.ndarray, vocab_size: int, causal_mask: bool, steps: int, seed: int, batch_size: int,
                block_size: int, lr: float, tokenizer) -> dict:
    with torch.random.fork_rng(devices=[]):  # seed the init without touching the process's global RNG
        torch.manual_seed(seed)
        model = GPT(tiny_config(vocab_size, block_size))
    interventions = Interventions(causal_mask=bool(causal_mask))
    # No warmup, decay, evaluation or samples: the lab shows the raw loss of each step (what the model learns
    # to do with or without the mask), and it must stay a few seconds on a laptop.
    cfg = TrainConfig(steps=int(steps), batch_size=batch_size, lr=lr, min_lr=lr, warmup_steps=0, weight_decay=0.0,
                      grad_clip=0.0, eval_every=0, eval_batches=1, sample_every_evals=0, seed=seed)
    losses: list[float] = []
    trainer = Trainer(model, tokenizer, ids, ids, cfg, corpus_name="mask-free lab", interventions=interventions,
                      on_event=lambda e: losses.append(e.loss) if isinstance(e, StepEvent) else None)
    trainer.run()
    model.eval()
    held = fixed_batch(ids, block_size, batch_size=16, seed=seed + 1)
    window = held[0][0]  # [T]
    _, cache = model.run_with_cache(window[None], interventions, names_filter=lambda n: n.endswith("hook_pattern"))
    return {
        "losses": np.asarray(losses),
        "eval_masked": batch_loss(model, *held, NO_INTERVENTIONS),
        "eval_unmasked": batch_loss(model, *held, Interventions(causal_mask=False)),
        "pattern": cache[act_name("pattern", 0)][0].numpy(),  # [nh, T, T]
        "window": window.numpy(),
    }
