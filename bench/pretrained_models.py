"""A GPT-2-small-shaped model (random weights, transformers.GPT2Config() defaults; nothing downloaded): load time,
run_with_cache, generation with and without the KV cache, and process memory. Our shipped model's generation too.

    python bench/pretrained_models.py                # builds the folder in a temp dir (~0.5 GB), 10 repeats
    python bench/pretrained_models.py --folder /tmp/gpt2-random --quick
    python bench/pretrained_models.py --family llama # a Llama-shaped model of about the same size instead

Targets (issue 14): load from a local folder <= 5 s; run_with_cache at T = 128 <= 150 ms on 2 cores;
generation with a KV cache >= 20 tokens/s; process RSS with the model loaded <= 1.5 GB.
"""
from __future__ import annotations

import gc
import resource
import tempfile
import time
from pathlib import Path

from _common import REPO, Report, apply_env, base_parser


def rss_mb() -> float:
    """Resident set size now, from /proc (the peak is ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build_folder(folder: Path, family: str) -> None:
    import torch
    import transformers

    from gpt_core.tokenizers import BPETokenizer

    if family == "gpt2":
        config = transformers.GPT2Config()  # 12 layers, 12 heads, 768 wide, 1024 context, V 50257
    else:  # Llama-shaped, about GPT-2 small: grouped-query attention, SwiGLU, RMSNorm, rope
        config = transformers.LlamaConfig(hidden_size=768, intermediate_size=2048, num_attention_heads=12,
                                          num_key_value_heads=4, num_hidden_layers=12, vocab_size=50257,
                                          max_position_embeddings=1024, tie_word_embeddings=True)
    torch.manual_seed(0)
    transformers.AutoModelForCausalLM.from_config(config).save_pretrained(folder)
    # a byte-level BPE of the right size, so token ids span the whole embedding
    text = (REPO.parent / "shared" / "data" / "tinyshakespeare.txt")
    corpus = text.read_text(encoding="utf-8") if text.is_file() else "hello world " * 5000
    tok = BPETokenizer.train(corpus, vocab_size=2000)
    tok.hf_tokenizer.save(str(folder / "tokenizer.json"))


def generation_rate(model, idx, n: int, use_cache: bool) -> float:
    """New tokens per second, greedy, from idx [1, T]."""
    import torch

    t0 = time.perf_counter()
    if use_cache:
        model.generate(idx, n, temperature=0)
    else:  # the same loop without a cache: the whole context re-run for every token
        with torch.no_grad():
            for _ in range(n):
                logits, _ = model(idx[:, -model.config.block_size:])
                idx = torch.cat([idx, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
    return n / (time.perf_counter() - t0)


def main() -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--folder", help="a Hugging Face model folder to use (built there if it lacks config.json)")
    parser.add_argument("--family", choices=["gpt2", "llama"], default="gpt2")
    parser.add_argument("--repeats", type=int, default=None, help="timed repeats (default 10; quick 3)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own)")
    args = parser.parse_args()
    apply_env(args)
    import torch

    from inspect_latency import timed
    from gpt_core.checkpoint import load_checkpoint

    if args.threads:
        torch.set_num_threads(args.threads)
    repeats = args.repeats or (3 if args.quick else 10)

    report = Report("pretrained_models", args)
    report.note(f"torch threads {torch.get_num_threads()}")
    tmp = None
    folder = Path(args.folder) if args.folder else Path(tmp := tempfile.mkdtemp(prefix=f"{args.family}-random-"))
    if not (folder / "config.json").is_file():
        t0 = time.perf_counter()
        build_folder(folder, args.family)
        report.note(f"built {folder} in {time.perf_counter() - t0:.1f} s (not timed below)")
    gc.collect()
    base_rss = rss_mb()
    t0 = time.perf_counter()
    ckpt = load_checkpoint(folder)
    report.add("load from the local folder", time.perf_counter() - t0, "s", target="<= 5 s")
    gc.collect()
    report.add("process RSS with the model loaded", rss_mb(), "MB", target="<= 1536 MB",
               before_load_mb=round(base_rss, 1), peak_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    model = ckpt.model
    print(f"model: {model.config.n_layer} layers x {model.config.n_head} heads, n_embd {model.config.n_embd}, "
          f"{model.num_parameters() / 1e6:.1f}M parameters")
    ids = torch.randint(0, 2000, (1, 128))
    report.add_summary("run_with_cache at T = 128", timed(lambda: model.run_with_cache(ids), repeats, 1)[0], "ms",
                       target="<= 150 ms")
    report.add_summary("forward (no capture) at T = 128", timed(lambda: model(ids), repeats, 1)[0], "ms")
    prompt = ids[:, :16]
    n = 16 if args.quick else 48
    report.add("generation with the KV cache", generation_rate(model, prompt, n, True), "tokens/s", target=">= 20")
    report.add("generation without a cache (before)", generation_rate(model, prompt, n, False), "tokens/s")
    shipped = load_checkpoint(REPO / "assets" / "shakespeare_char.safetensors").model
    small = torch.zeros(1, 1, dtype=torch.long)
    n_small = shipped.config.block_size - 1  # within the context: past it both ways re-run the sliding window
    report.add("shipped model: generation with the KV cache", generation_rate(shipped, small, n_small, True),
               "tokens/s", tokens=n_small)
    report.add("shipped model: generation without a cache (before)", generation_rate(shipped, small, n_small, False),
               "tokens/s", tokens=n_small)
    report.write_json(args.json)
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
