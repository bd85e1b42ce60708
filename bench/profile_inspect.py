"""cProfile of the inspect path: where the time of one Attention or Softmax & mask rerun goes.

    python bench/profile_inspect.py                       # both pages at T=128, top 15 by cumulative time
    python bench/profile_inspect.py --page softmax --T 64 --sort tottime --top 25
    python bench/profile_inspect.py --quick               # 2 repeats instead of 5
    python bench/profile_inspect.py --apptest --page attention   # the real page rerun via AppTest

Default mode profiles `repeats` reruns of the page's work rebuilt outside Streamlit (bench/_pages.py):

the uncached analysis (model pass + numpy copies), every figure the page
builds, fig.to_json() of each, and the download payloads explorer.ui.widgets.chart builds. Prints the top
functions by cumulative and by own time, and a per-step wall-time split measured without the profiler.
--apptest profiles the real page script instead (streamlit.testing AppTest, a new sidebar text per rerun,
so the cached analysis misses as it does when a user edits): Streamlit's own work (st.plotly_chart's
figure copy and JSON, download buttons, dataframes) is included; the browser's rendering is not.
"""
from __future__ import annotations

import cProfile
from pathlib import Path
import io
import pstats
import sys
import time

from _common import REPO, Report, apply_env, base_parser, load_text

DEFAULT_MODEL = REPO / "assets" / "shakespeare_char.safetensors"


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(DEFAULT_MODEL))
    parser.add_argument("--T", type=int, default=None, help="tokens (default: the model's full context)")
    parser.add_argument("--page", default="both",
                        help="attention, softmax or both; with --apptest also any page file stem (e.g. embeddings)")
    parser.add_argument("--repeats", type=int, default=None, help="reruns profiled (default 5; quick 2)")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--apptest", action="store_true", help="profile the real page script via AppTest")
    parser.add_argument("--model-folder", help="with --apptest: a Hugging Face model folder to open (e.g. the random "
                        "GPT-2 of bench/pretrained_models.py)")
    parser.add_argument("--sort", choices=["cumulative", "tottime"], default=None,
                        help="one ordering only (default: both)")
    args = parser.parse_args()
    apply_env(args)
    repeats = args.repeats or (2 if args.quick else 5)

    if args.apptest:
        return profile_apptest(args, repeats)
    if args.page not in ("attention", "softmax", "both"):
        parser.error("without --apptest, --page is attention, softmax or both")
    import _pages
    from gpt_core.checkpoint import load_checkpoint
    from gpt_core.interp.attention_math import scaling_demo

    report = Report("profile_inspect", args)
    ckpt = load_checkpoint(args.model)
    cfg = ckpt.config
    T = args.T or cfg.block_size
    _, ids, labels = _pages.text_of_length(ckpt, T)
    probe = _pages.induction_probe(ckpt.model)
    demo = scaling_demo()
    pages = ["attention", "softmax"] if args.page == "both" else [args.page]

    def rerun(page: str) -> dict:
        """One page rerun, split into steps; returns ms per step."""
        t = {}
        t0 = time.perf_counter()
        analysis = _pages.analyse_uncached(ckpt, "bench", tuple(ids))
        t["analysis"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if page == "attention":
            built = _pages.attention_figures(analysis, cfg, labels, probe)
        else:
            built = _pages.softmax_figures(analysis, labels, demo=demo)
        t["figures"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        _pages.figures_to_json(built)
        t["to_json"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        _pages.download_payloads(built)
        t["downloads"] = time.perf_counter() - t0
        return {k: 1000 * v for k, v in t.items()}

    for page in pages:
        rerun(page)  # warm-up: imports, plotly validators
        splits = [rerun(page) for _ in range(repeats)]
        print(f"\n## {page} page, T={T}: wall-time split without the profiler (median of {repeats})  [{load_text()}]")
        for step in splits[0]:
            values = sorted(s[step] for s in splits)
            report.add(f"{page} T={T} {step}", values[len(values) // 2], "ms")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeats):
            rerun(page)
        profiler.disable()
        for order in ([args.sort] if args.sort else ["cumulative", "tottime"]):
            buffer = io.StringIO()
            stats = pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(order)
            stats.print_stats(args.top)
            text = buffer.getvalue()
            body = text[text.find("ncalls"):] if "ncalls" in text else text
            print(f"\n### {page}: top {args.top} by {order} ({repeats} reruns under cProfile)\n{body.rstrip()}")
    report.write_json(args.json)
    return 0


def print_stats(profiler, title: str, top: int, sort: str | None) -> None:
    for order in ([sort] if sort else ["cumulative", "tottime"]):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(order).print_stats(top)
        text = buffer.getvalue()
        body = text[text.find("ncalls"):] if "ncalls" in text else text
        print(f"\n### {title}: top {top} by {order}\n{body.rstrip()}")


def profile_apptest(args, repeats: int) -> int:
    """Profile the page script itself in AppTest's script thread (cProfile sees one thread only)."""
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    from _browser import WORDS
    from explorer.ui.state import DEFAULT_TEXT

    report = Report("profile_inspect --apptest", args)
    profiler = cProfile.Profile()
    active = {"on": False}
    original = script_runner.ScriptRunner._run_script

    def profiled(self, rerun_data):
        if not active["on"]:
            return original(self, rerun_data)
        profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            profiler.disable()

    script_runner.ScriptRunner._run_script = profiled
    base = (DEFAULT_TEXT + "\n") * 3 if (args.T or 128) >= 128 else DEFAULT_TEXT  # 183 > 128 chars
    state = {}
    if args.model_folder:  # a Hugging Face folder, listed through GPT_EXPLORER_MODELS; texts of about T tokens
        import os

        from interaction_latency import folder_model

        env, _, tokenizer = folder_model(args.model_folder)
        os.environ.update(env)
        state["model_key"] = f"path:{Path(args.model_folder).resolve()}"
        ids = tokenizer.encode((DEFAULT_TEXT + "\n") * 40)
        base = tokenizer.decode(ids[: (args.T or 128) - 2])
    pages = ["attention", "softmax_mask"] if args.page == "both" else [
        {"softmax": "softmax_mask"}.get(args.page, args.page)]
    for page in pages:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
        for key, value in state.items():
            at.session_state[key] = value
        at.run()
        at.switch_page(f"pages/{page}.py").run()
        walls = []
        for i in range(repeats + 1):
            at.session_state["text"] = f"{base} {WORDS[i % len(WORDS)]}"
            active["on"] = i > 0  # the first rerun warms imports and per-model caches
            t0 = time.perf_counter()
            at.run()
            if i > 0:
                walls.append(1000 * (time.perf_counter() - t0))
            if at.exception:
                print(f"exception on {page}: {at.exception[0].message}")
                break
        active["on"] = False
        report.add_summary(f"{page} AppTest rerun (new text)", walls, "ms")
        print_stats(profiler, f"{page} page script via AppTest ({len(walls)} reruns under cProfile)", args.top,
                    args.sort)
        profiler = cProfile.Profile()
    script_runner.ScriptRunner._run_script = original
    report.write_json(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
