"""Search for the fastest CPU recipe to val loss <= 1.88 on Tiny Shakespeare (whole-process wall time).

    python bench/find_fast_preset.py --quick          # 3 candidates, runs capped at 150 s each
    python bench/find_fast_preset.py                  # the whole grid, one run at a time (the honest timing)
    python bench/find_fast_preset.py --candidate 3,4,128,64,32,3e-3,800,50 --candidate 2,4,128,64,32,5e-3,700,50
    python bench/find_fast_preset.py --list
    # on a many-core machine, to rank candidates by *steps* to the target (times are then not this machine's):
    python bench/find_fast_preset.py --parallel 8 --threads 2 --json sweep.json

Each candidate is L,H,C,T,B,lr,steps,warmup (layers, heads, n_embd, block, batch, peak lr, total steps of
the warmup + cosine schedule, warmup steps), trained by `python -m gpt_core train` with evaluations every
50 steps on 8 fixed batches. Reported per candidate: seconds from launch to the first evaluation with val
<= target, its step, the start-up time (launch to the step-0 evaluation), ms per training step, the loss at
the end of the schedule, and (without --no-verify) the final model's loss on the whole validation split.
Steps to the target do not depend on the machine; seconds do, so compare seconds only from serial runs on
a quiet machine (the load average is printed with every figure).
"""
from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from _common import Report, apply_env, base_parser, load_text
from _training import TARGET_VAL, parse_recipe, shakespeare_path, time_to_quality, with_overrides

GRID = [
    "3,4,128,64,32,3e-3,800,50",   # the GPU sweep's best (1.830 @ 750 with a 1500-step schedule), shorter schedule
    "3,4,128,64,32,4e-3,700,50",
    "3,4,128,64,32,5e-3,600,50",
    "2,4,128,64,32,4e-3,800,50",
    "2,4,128,64,32,5e-3,700,50",
    "2,4,128,64,48,6e-3,500,40",
    "3,4,96,64,32,4e-3,800,50",
    "2,4,96,64,32,5e-3,900,50",
    "3,4,128,64,24,4e-3,800,50",
    "3,4,128,64,48,4e-3,600,50",
    "4,4,128,64,32,3e-3,700,50",
    "2,2,128,64,32,5e-3,700,50",
    "3,4,128,64,16,3e-3,1200,60",
    "3,4,128,64,32,6e-3,600,50",
    "2,4,128,64,32,6e-3,600,50",
    "4,4,128,64,12,1e-3,2000,100",  # nanoGPT's recipe, for scale
]
QUICK = ["3,4,128,64,32,3e-3,800,50", "2,4,128,64,32,5e-3,700,50", "3,4,96,64,32,4e-3,800,50"]


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--candidate", action="append", metavar="L,H,C,T,B,lr,steps,warmup",
                        help="a candidate to try (repeatable); default: the built-in grid (--list)")
    parser.add_argument("--list", action="store_true", help="print the grid and exit")
    parser.add_argument("--target", type=float, default=TARGET_VAL)
    parser.add_argument("--timeout", type=float, default=None, help="seconds per run (default 300; quick 150)")
    parser.add_argument("--parallel", type=int, default=1, help="runs at once (only on a many-core machine)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads per run (default: all cores)")
    parser.add_argument("--full-schedule", action="store_true",
                        help="let each run finish its schedule instead of stopping once val is clearly below target")
    parser.add_argument("--seed", type=int, default=None, help="override every candidate's seed (default 1337)")
    parser.add_argument("--no-verify", action="store_true", help="skip the whole-val-split check of each final model")
    parser.add_argument("--echo", action="store_true", help="show every CLI line (serial runs only)")
    args = parser.parse_args()
    apply_env(args)

    grid = args.candidate or (QUICK if args.quick else GRID)
    if args.list:
        for spec in grid:
            print(f"{spec:<32} {parse_recipe(spec).describe()}")
        return 0
    report = Report("find_fast_preset", args)
    if shakespeare_path() is None:
        print("Tiny Shakespeare is not on this machine: skipped (set GPT_EXPLORER_DATA or see gpt_core.data).")
        report.write_json(args.json)
        return 0
    timeout = args.timeout or (150.0 if args.quick else 300.0)
    recipes = [with_overrides(parse_recipe(spec), seed=args.seed) for spec in grid]
    if args.parallel > 1:
        report.note(f"{args.parallel} runs at once with {args.threads or 'all'} threads each: rank by steps, "
                    "not by seconds")

    def run(recipe):
        if args.parallel == 1:
            print(f"  {recipe.name}: {recipe.describe()}  [{load_text()}]", flush=True)
        r = time_to_quality(recipe, args.target, timeout, stop_at_target=not args.full_schedule,
                            threads=args.threads, verify=not args.no_verify, echo=args.echo and args.parallel == 1)
        trail = " ".join(f"{p['step']}:{p['val']:.3f}@{p['wall_s']:.0f}s" for p in r.evals[1:])
        print(f"  done {recipe.name}: reached at {r.seconds_to_target} s (step {r.step_at_target}); "
              f"evals {trail}", flush=True)
        return r

    with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        results = list(pool.map(run, recipes))

    print(f"\n## seconds from launch to val <= {args.target} (eval every 50 steps x 8 batches)")
    rows = []
    for r in results:
        reached = r.seconds_to_target
        train_points = [p for p in r.evals if p["step"] > 0]
        ms_per_step = (1000 * (train_points[-1]["wall_s"] - r.startup_s) / train_points[-1]["step"]
                       if train_points else float("nan"))
        rows.append((reached if reached is not None else float("inf"), r))
        report.add(f"{r.recipe.name} s to {args.target}", round(reached, 1) if reached is not None else "not reached",
                   "s", step=r.step_at_target, startup_s=round(r.startup_s, 1),
                   ms_per_step_with_evals=round(ms_per_step, 1), final_val=round(r.final_val, 4),
                   full_val_split=round(r.full_val, 4) if r.full_val is not None else None,
                   parameters=r.parameters, stopped_at_target=r.stopped_early, timed_out=r.timed_out,
                   load_at_launch=round(r.load_start[0], 2), recipe=r.recipe.describe(), evals=r.evals)
    print("\n## ranked (fastest first)")
    print(f"{'candidate':<36} {'s->target':>9} {'step':>5} {'ms/step':>8} {'start s':>7} {'final val':>9} "
          f"{'whole val':>9}")
    for _, r in sorted(rows, key=lambda row: row[0]):
        train_points = [p for p in r.evals if p["step"] > 0]
        ms = (1000 * (train_points[-1]["wall_s"] - r.startup_s) / train_points[-1]["step"]) if train_points else 0
        s = f"{r.seconds_to_target:.1f}" if r.seconds_to_target is not None else "-"
        full = f"{r.full_val:.4f}" if r.full_val is not None else "-"
        print(f"{r.recipe.name:<36} {s:>9} {str(r.step_at_target or '-'):>5} {ms:>8.1f} {r.startup_s:>7.1f} "
              f"{r.final_val:>9.4f} {full:>9}")
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
