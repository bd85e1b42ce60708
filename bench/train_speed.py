"""Training speed on Tiny Shakespeare: throughput (tokens/s) and time to val loss <= 1.88, whole process.

    python bench/train_speed.py                 # both recipes: nanoGPT's CPU recipe and our fast-cpu preset
    python bench/train_speed.py --quick         # short throughput windows; time-to-quality capped at 120 s
    python bench/train_speed.py --recipe fast-cpu --json out.json
    python bench/train_speed.py --recipe 3,4,128,64,32,3e-3,800,50     # any L,H,C,T,B,lr,steps,warmup
    python bench/train_speed.py --nanogpt ~/nanoGPT --repeat 3         # side by side with nanoGPT's train.py
    python bench/train_speed.py --recipe preset:fast-cpu --omp-ab default,PASSIVE,ACTIVE --repeat 3 --skip-throughput

Throughput: the Trainer's own loop in this process, median tokens/s over several windows of N steps after
a warm-up (evaluation excluded). Time to quality: `python -m gpt_core train ...` launched as a subprocess;
wall time from launch (process start, imports and corpus included) to the first evaluation whose
validation loss is <= the target.

Side by side (--nanogpt PATH): a temporary copy of that nanoGPT checkout (its data prepared from the local Tiny
Shakespeare, no download) runs its train.py with the README CPU recipe, then `python -m gpt_core train --preset
nanogpt-cpu` (the same recipe and eval cadence) and `--preset fast-cpu`, alternating, --repeat times; it prints
each wall time (launch to exit), the medians and the ratios to nanoGPT's. Without --nanogpt the ratios use the
reference figure: nanoGPT's run took 98.3 s wall (184.6 s CPU) to val 1.886 on this 2-core machine, quiet.
Targets: nanogpt-cpu ratio <= 1.0 at the same val (+-0.02); fast-cpu val <= 1.88 within 0.30 x nanoGPT's wall.
"""
from __future__ import annotations

import statistics
import sys

from _common import Report, apply_env, base_parser, load_text
from _training import (DEFAULT_RECIPES, NANOGPT_REFERENCE, PRESET_FAST_CPU, PRESET_NANOGPT_CPU, TARGET_VAL,
                       parse_recipe, prepare_nanogpt, run_nanogpt, shakespeare_path, throughput, time_to_quality)


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--recipe", action="append", dest="recipes", metavar="NAME|L,H,C,T,B,lr,steps,warmup",
                        help=f"a recipe to run (repeatable; default: {' and '.join(DEFAULT_RECIPES)}; "
                             "preset:NAME runs the plain --preset command)")
    parser.add_argument("--target", type=float, default=TARGET_VAL, help="validation loss to reach (default 1.88)")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per training process (default 600; quick 120)")
    parser.add_argument("--stop-at-target", action="store_true",
                        help="Ctrl-C the run once it is below the target instead of letting its schedule finish")
    parser.add_argument("--no-verify", action="store_true", help="skip the final model's loss on the whole val split")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: all cores, as the CLI)")
    parser.add_argument("--echo", action="store_true", help="show the CLI's lines as they arrive")
    parser.add_argument("--nanogpt", metavar="PATH", help="a nanoGPT checkout: run its train.py and ours side by side")
    parser.add_argument("--repeat", type=int, default=1, help="alternating repetitions (side by side, --omp-ab)")
    parser.add_argument("--omp-ab", metavar="P1,P2,...",
                        help="time to quality of each recipe under each OMP_WAIT_POLICY (ACTIVE, PASSIVE, default = "
                             "unset), alternating, --repeat times; medians")
    args = parser.parse_args()
    apply_env(args)

    report = Report("train_speed", args)
    if shakespeare_path() is None:
        print("Tiny Shakespeare is not on this machine (gpt_core.data.find_shakespeare found nothing): skipped. "
              "Put it at ../shared/data/tinyshakespeare.txt or set GPT_EXPLORER_DATA.")
        report.write_json(args.json)
        return 0
    recipes = [parse_recipe(spec) for spec in (args.recipes or list(DEFAULT_RECIPES))]
    timeout = args.timeout or (120.0 if args.quick else 600.0)
    if args.nanogpt:
        side_by_side(report, args.nanogpt, max(1, args.repeat), args.target, args.threads)
        report.write_json(args.json)
        return 0
    if args.omp_ab:
        omp_ab(report, recipes, args.omp_ab.split(","), max(1, args.repeat), args.target, timeout, args.threads)
        report.write_json(args.json)
        return 0
    ref = NANOGPT_REFERENCE
    print(f"reference: nanoGPT's train.py, README CPU recipe: {ref['wall_s']} s wall ({ref['cpu_s']} s CPU) to val "
          f"{ref['val']} on the 2-core development machine, quiet (--nanogpt PATH measures it here)")

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


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def side_by_side(report: Report, checkout: str, repeat: int, target: float, threads: int | None) -> None:
    """nanoGPT's train.py, our nanogpt-cpu preset and our fast-cpu preset, alternating; walls and ratios."""
    copy = prepare_nanogpt(checkout)
    print(f"\n## side by side, {repeat} round(s), alternating (wall from launch to exit)  nanoGPT copy: {copy}")
    walls: dict[str, list] = {"nanogpt": [], "ours": [], "fast": [], "fast_target": []}
    for round_ in range(repeat):
        n = run_nanogpt(copy)
        if n["returncode"] != 0:
            print(f"  nanoGPT failed (exit {n['returncode']}):\n{n['log_tail']}")
            return
        walls["nanogpt"].append(n["wall_s"])
        report.add(f"round {round_ + 1}: nanoGPT train.py wall", round(n["wall_s"], 1), "s",
                   cpu_s=round(n["cpu_s"], 1), final_val=n["final_val"], load_at_launch=round(n["load_start"][0], 2))
        for key, recipe in (("ours", PRESET_NANOGPT_CPU), ("fast", PRESET_FAST_CPU)):
            r = time_to_quality(recipe, target, 900.0, False, threads)
            walls[key].append(r.wall_s)
            if key == "fast":
                walls["fast_target"].append(r.seconds_to_target)
            report.add(f"round {round_ + 1}: {recipe.describe().split('train ')[-1]} wall", round(r.wall_s, 1), "s",
                       cpu_s=round(r.cpu_s, 1), final_val=round(r.final_val, 4), load_at_launch=round(r.load_start[0], 2),
                       seconds_to_target=round(r.seconds_to_target, 1) if r.seconds_to_target else None,
                       ratio_to_nanogpt=round(r.wall_s / n["wall_s"], 3))
    nano = _median(walls["nanogpt"])
    print(f"\n## medians over {repeat} round(s)")
    report.add("nanoGPT train.py wall (median)", round(nano, 1), "s")
    report.add("gpt_core --preset nanogpt-cpu wall (median)", round(_median(walls["ours"]), 1), "s",
               target="ratio <= 1.0", ratio=round(_median(walls["ours"]) / nano, 3))
    fast = _median(walls["fast_target"])
    report.add(f"gpt_core --preset fast-cpu to val<={target} (median)", round(fast, 1) if fast else "not reached", "s",
               target="ratio <= 0.30", ratio=round(fast / nano, 3) if fast else None,
               whole_process_wall=round(_median(walls["fast"]), 1))


def omp_ab(report: Report, recipes, policies: list[str], repeat: int, target: float, timeout: float,
           threads: int | None) -> None:
    """The same CLI runs under each OpenMP wait policy, alternating so a change in load hits all of them."""
    print(f"\n## OMP_WAIT_POLICY A/B: {', '.join(policies)}; {repeat} round(s), alternating")
    for recipe in recipes:
        walls: dict[str, list] = {p: [] for p in policies}
        for round_ in range(repeat):
            for policy in policies:
                r = time_to_quality(recipe, target, timeout, False, threads, omp_wait_policy=policy)
                walls[policy].append(r.wall_s)
                report.add(f"{recipe.name} {policy} round {round_ + 1} wall", round(r.wall_s, 1), "s",
                           cpu_s=round(r.cpu_s, 1), final_val=round(r.final_val, 4),
                           load_at_launch=round(r.load_start[0], 2), tokens_per_s=r.train_tokens_per_s)
        for policy in policies:
            report.add(f"{recipe.name} {policy} wall (median of {repeat})", round(_median(walls[policy]), 1), "s")


if __name__ == "__main__":
    sys.exit(main())
