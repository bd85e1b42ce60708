"""Where one text edit's time goes in the running app: the browser's JavaScript and the server's Python.

    python bench/profile_edit.py --page softmax_mask             # browser CPU profile of 3 edits
    python bench/profile_edit.py --page attention --server       # + py-spy of the server (pip install py-spy)
    python bench/profile_edit.py --page embeddings --long --edits 5 --top 30
    python bench/profile_edit.py --page embeddings --model-folder DIR    # a GPT-2-shaped model (see interaction_latency)

Starts `streamlit run app.py`, opens the page in headless chromium, makes one warm-up edit, then records
--edits edits of the sidebar text with Chrome's sampling profiler (DevTools protocol, 0.5 ms interval)
and prints the functions with the most own time, each with the call chain that spends most of it.
"(program)" is the renderer's native work (style, layout, paint); "(idle)" is waiting for the server.
With --server, py-spy samples the server process during the same edits (250 Hz) and prints the script
thread's functions by inclusive time, then every thread's own time. On this VM py-spy counts sleeping
threads as busy (Condition.wait, the config poller's time.sleep): trust the script-thread part.
These are profiles, not benchmarks: the profilers slow what they watch.
"""
from __future__ import annotations

import collections
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _browser import OBSERVER_JS, edit_and_time, open_app_once, page_paths, url_for, wait_first_render
from _common import base_parser, chromium, load_text, streamlit_server
from interaction_latency import folder_model, texts


def js_hotspots(profile: dict, top: int) -> list[str]:
    """Own time per function of a CDP Profiler profile, with the heaviest calling chain of each."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {child: n["id"] for n in profile["nodes"] for child in n.get("children", [])}
    own_us = collections.Counter()
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"]):
        own_us[node_id] += delta

    def name(node_id: int) -> str:
        frame = nodes[node_id]["callFrame"]
        where = frame["url"].rsplit("/", 1)[-1][:28]
        return f"{frame['functionName'] or '(anonymous)'}" + (f" [{where}:{frame['lineNumber']}]" if where else "")

    def chain(node_id: int, depth: int = 4) -> str:
        names = []
        while node_id in parent and len(names) < depth:
            node_id = parent[node_id]
            names.append(name(node_id))
        return " < ".join(names)

    by_function: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for node_id, us in own_us.items():
        by_function[name(node_id)][chain(node_id)] += us
    total = sum(own_us.values())
    lines = [f"browser main thread: {total / 1000:.0f} ms sampled"]
    ranked = sorted(by_function.items(), key=lambda kv: -sum(kv[1].values()))[:top]
    for function, chains in ranked:
        heaviest, _ = chains.most_common(1)[0]
        lines.append(f"{sum(chains.values()) / 1000:8.1f} ms  {function}")
        if heaviest:
            lines.append(f"{'':13}< {heaviest}")
    return lines


def server_hotspots(raw_path: Path, top: int) -> list[str]:
    """py-spy raw output -> the script thread's inclusive times and every thread's own times (ms)."""
    inclusive, own = collections.Counter(), collections.Counter()
    script_total = 0
    for line in raw_path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        frames, n = stack.split(";"), int(count)
        own[frames[-1]] += n
        if any("_run_script_thread" in f for f in frames):
            script_total += n
            for frame in set(frames):
                inclusive[frame] += n
    ms = 1000 / 250
    lines = [f"server script thread: {script_total * ms:.0f} ms sampled; inclusive, project and Streamlit frames"]
    shown = [(f, n) for f, n in inclusive.most_common() if any(k in f for k in ("pages/", "explorer/", "gpt_core/",
                                                                                 "plotly", "streamlit/elements"))]
    lines += [f"{n * ms:8.0f} ms  {f}" for f, n in shown[:top]]
    lines.append("server, every thread: own time (sleeping threads included)")
    lines += [f"{n * ms:8.0f} ms  {f}" for f, n in own.most_common(top)]
    return lines


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--page", default="softmax_mask", help="a page file stem (default softmax_mask)")
    parser.add_argument("--edits", type=int, default=3, help="edits recorded (default 3)")
    parser.add_argument("--long", action="store_true", help="texts longer than the context (T = block_size)")
    parser.add_argument("--server", action="store_true", help="also sample the server with py-spy")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--model-folder", help="a Hugging Face model folder, as interaction_latency.py takes it")
    parser.add_argument("--tokens", type=int, default=128, help="with --model-folder: about this many tokens a text")
    args = parser.parse_args()
    (path,) = page_paths(args.page)
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if args.server and not Path(spy).exists():
        sys.exit("--server needs py-spy: pip install py-spy")
    env, query, tokenizer = folder_model(args.model_folder) if args.model_folder else ({}, "", None)
    edits = texts(args.long, args.edits + 1, tokenizer, args.tokens)
    with chromium() as browser, streamlit_server(env_extra=env, timeout=300) as (port, proc):
        open_app_once(browser, port, 90_000)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url_for(port, path) + query, timeout=90_000)
        wait_first_render(page, 90_000)
        page.evaluate(OBSERVER_JS)
        edit_and_time(page, edits[0])  # warm-up: caches, lazily loaded chart code
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        raw = Path(tempfile.mkdtemp(prefix="profile_edit_")) / "server.txt"
        sampler = None
        if args.server:
            sampler = subprocess.Popen([spy, "record", "-p", str(proc.pid), "-o", str(raw), "-f", "raw", "-r", "250"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)  # py-spy attaches
        cdp.send("Profiler.start")
        times = [edit_and_time(page, text)["ms"] for text in edits[1:]]
        profile = cdp.send("Profiler.stop")["profile"]
        if sampler is not None:
            sampler.send_signal(2)  # SIGINT: py-spy writes its output and exits
            sampler.wait(60)
    print(f"# profile_edit {path}: {len(times)} edits, {', '.join(f'{t:.0f}' for t in times)} ms (profiled) "
          f"{load_text()}")
    print("\n".join(js_hotspots(profile, args.top)))
    if args.server:
        print("\n".join(server_hotspots(raw, args.top)) if raw.exists() else "py-spy wrote nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
