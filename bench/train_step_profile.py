"""Where one training step's time goes: gpt_core's GPT against nanoGPT's model.py, the same recipe, in one process.

    python bench/train_step_profile.py --nanogpt ~/nanoGPT             # nanoGPT's CPU recipe: batch 12, block 64
    python bench/train_step_profile.py --nanogpt ~/nanoGPT --batch 32 --layers 2 --profile-rows 20

Both models get the same shape (4 layers, 4 heads, 128 wide by default, dropout 0, no biases) and the same random
batch. Each step is timed in three phases: forward, backward, and clipping plus the optimizer step. The two
models alternate in blocks of 20 steps, so a change in load hits both. It prints the median of each phase, then
torch.profiler's top operators for 30 steps of each. Each side uses its own optimizer as its train.py builds it:
gpt_core's `make_optimizer`, and nanoGPT's `configure_optimizers`, which uses the fused AdamW kernel only on CUDA.
Without --nanogpt, only gpt_core is measured.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from _common import Report, apply_env, base_parser


def _phases(model, optimizer, x, y) -> tuple[float, float, float]:
    import torch

    t0 = time.perf_counter()
    _, loss = model(x, y)
    t1 = time.perf_counter()
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    t2 = time.perf_counter()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    loss.item()  # the step's one host sync, as in both trainers
    t3 = time.perf_counter()
    return (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--nanogpt", metavar="PATH", help="a nanoGPT checkout (its model.py is imported, nothing runs)")
    parser.add_argument("--batch", type=int, default=12)
    parser.add_argument("--block", type=int, default=64)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=10, help="alternating blocks of 20 steps per model")
    parser.add_argument("--profile-rows", type=int, default=12, help="torch.profiler rows per model (0: skip)")
    args = parser.parse_args()
    apply_env(args)
    rounds = 2 if args.quick else args.rounds

    import torch

    from gpt_core.config import GPTConfig
    from gpt_core.model import GPT
    from gpt_core.train import TrainConfig, make_optimizer

    report = Report("train_step_profile", args)
    V, B, T = 65, args.batch, args.block
    torch.manual_seed(0)
    ours = GPT(GPTConfig(n_layer=args.layers, n_head=args.heads, n_embd=args.width, block_size=T, vocab_size=V,
                         dropout=0.0))
    sides = {"gpt_core": (ours, make_optimizer(ours, TrainConfig(lr=1e-3)))}
    if args.nanogpt:
        sys.path.insert(0, str(Path(args.nanogpt).expanduser().resolve()))
        import model as nanogpt_model  # nanoGPT's model.py

        theirs = nanogpt_model.GPT(nanogpt_model.GPTConfig(n_layer=args.layers, n_head=args.heads, n_embd=args.width,
                                                           block_size=T, vocab_size=V, dropout=0.0, bias=False))
        sides["nanoGPT"] = (theirs, theirs.configure_optimizers(0.1, 1e-3, (0.9, 0.99), "cpu"))
    x, y = torch.randint(0, V, (B, T)), torch.randint(0, V, (B, T))  # [B, T] each

    for model, optimizer in sides.values():  # warm-up: allocator, kernels picked
        for _ in range(5 if args.quick else 20):
            _phases(model, optimizer, x, y)
    timings = {name: [] for name in sides}
    for _ in range(rounds):
        for name, (model, optimizer) in sides.items():
            timings[name] += [_phases(model, optimizer, x, y) for _ in range(20)]
    print(f"## one training step, B={B} T={T} {args.layers}L/{args.heads}H/{args.width}: median ms over "
          f"{20 * rounds} steps")
    for name, rows in timings.items():
        forward, backward, update = (statistics.median(column) for column in zip(*rows))
        report.add(f"{name} step", round(forward + backward + update, 2), "ms", forward_ms=round(forward, 2),
                   backward_ms=round(backward, 2), clip_and_optimizer_ms=round(update, 2),
                   optimizer=type(sides[name][1]).__name__)
    if args.profile_rows:
        from torch.profiler import ProfilerActivity, profile

        for name, (model, optimizer) in sides.items():
            with profile(activities=[ProfilerActivity.CPU]) as prof:
                for _ in range(30):
                    _phases(model, optimizer, x, y)
            print(f"\n## torch.profiler, {name}, 30 steps")
            print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=args.profile_rows))
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
