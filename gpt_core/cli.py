"""Command line: python -m gpt_core {inspect, sample, attribute, patch, import-nanogpt, train} ...

Examples:
    python -m gpt_core inspect assets/shakespeare_char.safetensors --text "ROMEO:" --top-k 5
    python -m gpt_core sample assets/shakespeare_char.safetensors --prompt "ROMEO:" --tokens 200 --seed 1
    python -m gpt_core import-nanogpt out/ckpt.pt --meta data/shakespeare_char/meta.pkl --out nano.safetensors
"""
from __future__ import annotations

import argparse
import json
import sys

import torch

from .checkpoint import Checkpoint, CheckpointError, load_checkpoint, save_checkpoint
from .sampling import validate_sampling
from .tokenizers import UnknownCharactersError, describe_char


class CLIError(Exception):
    """A user-facing error: printed as one line, exit code 2."""


def _open(path: str, meta: str | None = None) -> Checkpoint:
    """load_checkpoint (our file, a ckpt.pt with meta.pkl beside it, a Hugging Face folder), or a ckpt.pt whose
    meta.pkl is given elsewhere."""
    if meta is not None:
        from .nanogpt import import_nanogpt

        return import_nanogpt(path, meta)
    return load_checkpoint(path)


def encode_for_model(ckpt: Checkpoint, text: str, unknown: str) -> tuple[list[int], list[str]]:
    """Token ids for text, windowed to the model's context; returns (ids, notices for the user)."""
    notices = []
    encoding = ckpt.tokenizer.encode_pieces(text, unknown=unknown)
    if encoding.unknown_chars:
        shown = ", ".join(repr(c) for c in encoding.unknown_chars)
        verb = "skipped" if unknown == "skip" else "replaced"
        notices.append(f"{len(encoding.unknown_positions)} character(s) outside the vocabulary were {verb}: {shown}")
    ids = encoding.ids
    if not ids:
        raise CLIError("the text has no tokens: give some text the model can read")
    block = ckpt.config.block_size
    if len(ids) > block:
        notices.append(f"text is {len(ids)} tokens; the model sees only the last {block} (its context)")
        ids = ids[-block:]
    return ids, notices


def cmd_inspect(args: argparse.Namespace) -> int:
    ckpt = _open(args.checkpoint, args.meta)
    ids, notices = encode_for_model(ckpt, args.text, args.unknown)
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    logits, cache = ckpt.model.run_with_cache(torch.tensor([ids]))  # logits [1, T, V]
    probs = torch.softmax(logits[0, -1], dim=-1)  # [V]
    top = torch.topk(probs, min(args.top_k, probs.numel()))
    tokens = [ckpt.tokenizer.token_str(i) for i in ids]
    next_token = [{"token": ckpt.tokenizer.token_str(int(i)), "id": int(i), "prob": float(p)}
                  for p, i in zip(top.values, top.indices)]
    if args.json:
        patterns = cache.stack("attn.hook_pattern")[:, 0]  # [L, nh, T, T]
        print(json.dumps({
            "config": ckpt.config.to_dict(),
            "tokens": tokens,
            "ids": ids,
            "next_token": next_token,
            "attention": patterns.tolist(),
            "notices": notices,
        }))
        return 0
    cfg = ckpt.config
    family = ckpt.record.get("model_type")
    print(f"model: {family + ', ' if family else ''}{cfg.n_layer} layers, {cfg.n_head} heads, n_embd {cfg.n_embd}, "
          f"context {cfg.block_size}, vocab {cfg.vocab_size} ({ckpt.tokenizer.kind}), "
          f"{ckpt.model.num_parameters():,} parameters" + "".join(f", {trait}" for trait in cfg.family_traits()))
    print(f"{len(ids)} tokens:")
    print("  " + " ".join(f"{describe_char(t) if len(t) == 1 else t!r}:{i}" for t, i in zip(tokens, ids)))
    print(f"top {len(next_token)} next tokens after the last position:")
    for row in next_token:
        shown = describe_char(row["token"]) if len(row["token"]) == 1 else repr(row["token"])
        print(f"  {shown:>8}  id {row['id']:>5}  p = {row['prob']:.4f}")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    validate_sampling(args.temperature, args.top_k, args.top_p)
    ckpt = _open(args.checkpoint, args.meta)
    ids, notices = encode_for_model(ckpt, args.prompt, args.unknown)
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    out = ckpt.model.generate(torch.tensor([ids]), args.tokens, temperature=args.temperature,
                              top_k=args.top_k, top_p=args.top_p, seed=args.seed)  # [1, T + N]
    print(ckpt.tokenizer.decode(out[0].tolist()))
    return 0


def cmd_import_nanogpt(args: argparse.Namespace) -> int:
    from .nanogpt import import_nanogpt

    ckpt = import_nanogpt(args.ckpt, args.meta)
    save_checkpoint(args.out, ckpt.model, ckpt.tokenizer, ckpt.record)
    print(f"imported {ckpt.config.n_layer}-layer nanoGPT model ({ckpt.model.num_parameters():,} parameters) -> {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gpt_core", description="Inspect, sample, import and train small GPTs.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("inspect", help="tokens, next-token probabilities and attention for a text")
    p.add_argument("checkpoint", help=".safetensors checkpoint (or nanoGPT ckpt.pt with --meta)")
    p.add_argument("--text", required=True)
    p.add_argument("--top-k", type=int, default=5)
    p.add_argument("--json", action="store_true", help="print one JSON object (config, tokens, ids, next_token, attention)")
    p.add_argument("--meta", help="nanoGPT meta.pkl, when the checkpoint is a ckpt.pt")
    p.add_argument("--unknown", choices=["error", "skip", "replace"], default="error",
                   help="what to do with characters outside the vocabulary")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("sample", help="generate text from a prompt")
    p.add_argument("checkpoint")
    p.add_argument("--prompt", default="\n")
    p.add_argument("--tokens", type=int, default=200)
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--top-k", type=int, default=None)
    p.add_argument("--top-p", type=float, default=None)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--meta")
    p.add_argument("--unknown", choices=["error", "skip", "replace"], default="error")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("import-nanogpt", help="convert nanoGPT's ckpt.pt + meta.pkl to a .safetensors checkpoint")
    p.add_argument("ckpt")
    p.add_argument("--meta", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_import_nanogpt)

    from .cli_interp import add_interp_parsers

    add_interp_parsers(sub)
    try:
        from .cli_train import add_train_parser
    except ImportError:  # training CLI not available in a stripped-down install
        pass
    else:
        add_train_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CLIError, CheckpointError, UnknownCharactersError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
