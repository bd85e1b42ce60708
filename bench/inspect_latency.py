"""Inspect-path latency: the model pass and every figure of the Attention and Softmax & mask pages.

    python bench/inspect_latency.py                       # default model, T = 64 and 128, 30 repeats
    python bench/inspect_latency.py --quick               # 5 repeats
    python bench/inspect_latency.py --T 32 --T 128 --repeats 50 --json out.json
    python bench/inspect_latency.py --model assets/induction_2layer.safetensors

Per T (the text length in tokens; the default model's full context is 128), median and p95 of:
  model pass       run_with_cache alone (torch, no_grad)                        target < 25 ms at T=128
  analysis         explorer.ui.resources.analyse uncached (pass + numpy copies + softmax)
  attention figs   every figure pages/attention.py builds (grid, pattern, Q/K/V, head scores) + head_summary
  softmax figs     every figure pages/softmax_mask.py builds (softmax_lab, 3 score maps, 3 softmax maps,
                   row sums, row inspector; the √d demo only while its toggle is on, off by default)
  serialise        what st.plotly_chart does with those figures on every rerun (to_dict + to_json)
  downloads        the JSON/CSV payloads of every chart's download button, all of them (built only on a click)
  page total       analysis + figures + serialise, per page                  target pass + figures < 250 ms
The Attention page's induction probe is cached per model in the app, so it is timed once, apart.
"""
from __future__ import annotations

import gc
import sys
import time

from _common import REPO, Report, apply_env, base_parser

DEFAULT_MODEL = REPO / "assets" / "shakespeare_char.safetensors"


def timed(fn, repeats: int, warmup: int = 2) -> tuple[list[float], object]:
    result = None
    for _ in range(warmup):
        result = fn()
    samples = []
    for _ in range(repeats):
        gc.disable()  # a collection landing in one sample says nothing about the code measured
        try:
            t0 = time.perf_counter()
            result = fn()
            samples.append(1000 * (time.perf_counter() - t0))
        finally:
            gc.enable()
    return samples, result


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(DEFAULT_MODEL), help="a .safetensors checkpoint (default: the shipped one)")
    parser.add_argument("--T", type=int, action="append", help="text length in tokens (repeatable; default 64 and the "
                                                              "model's full context)")
    parser.add_argument("--repeats", type=int, default=None, help="timed repeats per figure (default 30; quick 5)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own, as in the app)")
    args = parser.parse_args()
    apply_env(args)
    repeats = args.repeats or (5 if args.quick else 30)

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from gpt_core.checkpoint import load_checkpoint

    import _pages

    report = Report("inspect_latency", args)
    ckpt = load_checkpoint(args.model)
    model_key = f"bench:{args.model}"
    cfg = ckpt.config
    Ts = sorted(set(args.T or [min(64, cfg.block_size), cfg.block_size]))
    report.note(f"torch threads {torch.get_num_threads()}")
    print(f"model {args.model}: {cfg.n_layer} layers x {cfg.n_head} heads, n_embd {cfg.n_embd}, context "
          f"{cfg.block_size}; torch threads {torch.get_num_threads()}; {repeats} repeats")

    t0 = time.perf_counter()
    probe = _pages.induction_probe(ckpt.model)
    report.add("induction probe (once per model, cached)", 1000 * (time.perf_counter() - t0), "ms")
    from gpt_core.interp.attention_math import scaling_demo

    t0 = time.perf_counter()
    demo = scaling_demo()
    report.add("scaling_demo (once per server, cached)", 1000 * (time.perf_counter() - t0), "ms")

    for T in Ts:
        _, ids, labels = _pages.text_of_length(ckpt, T)
        print(f"\n## T = {T}")
        x = torch.tensor([ids])
        samples, _ = timed(lambda: ckpt.model.run_with_cache(x), repeats)
        report.add_summary(f"T={T} model pass (run_with_cache)", samples, "ms", T=T,
                           target="< 25 ms" if T == cfg.block_size else None)
        threads = torch.get_num_threads()
        if threads > 1:  # on a busy machine 1 thread can beat several (spinning OpenMP threads); show both
            torch.set_num_threads(1)
            samples, _ = timed(lambda: ckpt.model.run_with_cache(x), repeats)
            torch.set_num_threads(threads)
            report.add_summary(f"T={T} model pass, 1 thread", samples, "ms", T=T)
        samples, analysis = timed(lambda: _pages.analyse_uncached(ckpt, model_key, tuple(ids)), repeats)
        report.add_summary(f"T={T} analysis (analyse, uncached)", samples, "ms", T=T)

        pages = {
            "attention": lambda: _pages.attention_figures(analysis, cfg, labels, probe),
            "softmax": lambda: _pages.softmax_figures(analysis, labels, demo=demo),
        }
        analysis_median = sorted(samples)[len(samples) // 2]
        for page, build in pages.items():
            build_ms, built = timed(build, repeats)
            report.add_summary(f"T={T} {page} figures build ({len(built.charts)} charts)", build_ms, "ms", T=T)
            json_ms, size = timed(lambda: _pages.figures_to_json(built), repeats)
            report.add_summary(f"T={T} {page} serialise as st.plotly_chart ({size / 1e6:.2f} MB)", json_ms,
                               "ms", T=T, bytes=size)
            dl_ms, dl_size = timed(lambda: _pages.download_payloads(built), repeats)
            report.add_summary(f"T={T} {page} every download payload, on click ({dl_size / 1e6:.2f} MB)", dl_ms,
                               "ms", T=T, bytes=dl_size)
            per_chart = {}
            for key, fig, data in built.charts:
                fig_ms, _ = timed(lambda fig=fig: _pages.figures_to_json(_pages.Built([(key, fig, data)])),
                                  max(3, repeats // 3), warmup=1)
                per_chart[key] = round(sorted(fig_ms)[len(fig_ms) // 2], 1)
            print(f"    serialise per chart (median ms): {per_chart}")

            def whole(build=build):
                _pages.figures_to_json(build())

            total_ms, _ = timed(whole, repeats)
            report.add_summary(f"T={T} {page} page total (analysis median + figs + serialise)",
                               [analysis_median + t for t in total_ms], "ms", T=T, target="< 250 ms")
            report.add_summary(f"T={T} {page} model pass + figures build",
                               [analysis_median + t for t in build_ms], "ms", T=T, target="< 250 ms")
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
