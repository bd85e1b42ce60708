"""Training speed on Tiny Shakespeare: throughput (tokens/s) and time to val loss <= 1.88, whole process.

    python bench/train_speed.py                 # both recipes: nanoGPT's CPU recipe and our fast-cpu preset
    python bench/train_speed.py --quick         # short throughput windows; time-to-quality capped at 120 s
    python bench/train_speed.py --recipe fast-cpu --json out.json
    python bench/train_speed.py --recipe 3,4,128,64,32,3e-3,800,50     # any L,H,C,T,B,lr,steps,warmup

Throughput: the Trainer's own loop in this process, median tokens/s over several windows of N steps after
a warm-up (evaluation excluded). Time to quality: `python -m gpt_core train ...` launched as a subprocess;
wall time from launch (process start, imports and corpus included) to the first evaluation whose
validation loss is <= the target. Reference: nanoGPT's own train.py with its CPU recipe ends at val
1.886 after 96 s on this machine. Target for fast-cpu: <= 1.88 in under 60 s (stretch 48 s).
"""
from __future__ import annotations

import sys

from _common import Report, apply_env, base_parser, load_text
from _training import RECIPES, TARGET_VAL, parse_recipe, shakespeare_path, throughput, time_to_quality


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--recipe", action="append", dest="recipes", metavar="NAME|L,H,C,T,B,lr,steps,warmup",
                        help=f"a recipe to run (repeatable; default: {' and '.join(RECIPES)})")
    parser.add_argument("--target", type=float, default=TARGET_VAL, help="validation loss to reach (default 1.88)")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per training process (default 600; quick 120)")
    parser.add_argument("--stop-at-target", action="store_true",
                        help="Ctrl-C the run once it is below the target instead of letting its schedule finish")
    parser.add_argument("--no-verify", action="store_true", help="skip the final model's loss on the whole val split")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: all cores, as the CLI)")
    parser.add_argument("--echo", action="store_true", help="show the CLI's lines as they arrive")
    args = parser.parse_args()
    apply_env(args)

    report = Report("train_speed", args)
    if shakespeare_path() is None:
        print("Tiny Shakespeare is not on this machine (gpt_core.data.find_shakespeare found nothing): skipped. "
              "Put it at ../shared/data/tinyshakespeare.txt or set GPT_EXPLORER_DATA.")
        report.write_json(args.json)
        return 0
    recipes = [parse_recipe(spec) for spec in (args.recipes or list(RECIPES))]
    timeout = args.timeout or (120.0 if args.quick else 600.0)

    if not args.skip_throughput:
        warm, window, windows = (5, 10, 3) if args.quick else (20, 25, 7)
        print(f"\n## throughput (in-process Trainer loop; {warm} warm-up steps, median of {windows} windows of "
              f"{window} steps)")
        for recipe in recipes:
            r = throughput(recipe, warm, window, windows, args.threads)
            report.add(f"{recipe.name} tokens/s", r["tokens_per_s"], "tok/s", recipe=recipe.describe(),
                       ms_per_step=round(r["ms_per_step"], 1), parameters=r["parameters"], threads=r["threads"],
                       windows=[round(x) for x in r["windows_tokens_per_s"]])

    if not args.skip_quality:
        print(f"\n## time to val <= {args.target} (whole `python -m gpt_core train` process, from launch; "
              f"timeout {timeout:.0f} s)")
        for recipe in recipes:
            print(f"  {recipe.name}: {recipe.describe()}, eval every {recipe.eval_every} steps x "
                  f"{recipe.eval_batches} batches  [{load_text()}]", flush=True)
            r = time_to_quality(recipe, args.target, timeout, args.stop_at_target, args.threads,
                                verify=not args.no_verify, echo=args.echo)
            if r.returncode not in (0, None) and not r.evals:
                print(f"  the training process failed (exit {r.returncode}):\n{r.log_tail}")
                continue
            reached = r.seconds_to_target
            report.add(f"{recipe.name} seconds to val<={args.target}",
                       round(reached, 1) if reached is not None else "not reached", "s",
                       target="< 60 s (stretch 48 s)" if recipe.name == "fast-cpu" else None,
                       step=r.step_at_target, startup_s=round(r.startup_s, 1), process_wall_s=round(r.wall_s, 1),
                       final_val=round(r.final_val, 4), cli_tokens_per_s=r.train_tokens_per_s,
                       full_val_split=round(r.full_val, 4) if r.full_val is not None else None,
                       timed_out=r.timed_out, load_at_launch=round(r.load_start[0], 2), evals=r.evals)
            trail = ", ".join(f"{p['step']}:{p['val']:.3f}@{p['wall_s']:.0f}s" for p in r.evals)
            print(f"    evals (step:val@wall): {trail}")
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
