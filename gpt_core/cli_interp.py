"""Command line for the interpretability tools: python -m gpt_core {attribute, patch} ...

    python -m gpt_core attribute assets/shakespeare_char.safetensors --text "ROMEO: I" --target " " --json
    python -m gpt_core patch assets/shakespeare_char.safetensors --clean "The king said to the k" \\
        --corrupt "The ring said to the k" --answer i --wrong e --json
"""
from __future__ import annotations

import argparse
import json
import sys

from .tokenizers import describe_char


def _one_token(ckpt, text: str, what: str) -> int:
    """The id of a token given as its text; it must be exactly one token of this model."""
    from .cli import CLIError

    ids = ckpt.tokenizer.encode(text)
    if len(ids) != 1:
        shown = " + ".join(repr(ckpt.tokenizer.token_str(i)) for i in ids) or "no token"
        raise CLIError(f"--{what} {text!r} is {len(ids)} tokens for this model ({shown}); give exactly one token")
    return ids[0]


def cmd_attribute(args: argparse.Namespace) -> int:
    from .cli import _open, encode_for_model
    from .interp.attribution import logit_attribution

    ckpt = _open(args.checkpoint, args.meta)
    ids, notices = encode_for_model(ckpt, args.text, "error")
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    target = _one_token(ckpt, args.target, "target")
    a = logit_attribution(ckpt.model, ids, target, args.position)
    if args.json:
        print(json.dumps({
            "target": {"token": ckpt.tokenizer.token_str(target), "id": target},
            "position": a.position,
            "logit": a.logit,
            "components": [{"name": c.name, "layer": c.layer, "head": c.head, "value": c.value}
                           for c in a.components],
        }))
        return 0
    print(f"logit of {describe_char(ckpt.tokenizer.token_str(target))!r} (id {target}) at position {a.position}: "
          f"{a.logit:.4f} = the sum of these parts (final norm's scale frozen at {a.norm_scale:.4f}):")
    for c in sorted(a.components, key=lambda c: -abs(c.value))[: args.top]:
        print(f"  {c.name:>14} {c.value:+.4f}")
    return 0


def cmd_patch(args: argparse.Namespace) -> int:
    from .cli import _open, encode_for_model
    from .interp.patching import activation_patching

    ckpt = _open(args.checkpoint, args.meta)
    clean, _ = encode_for_model(ckpt, args.clean, "error")
    corrupt, _ = encode_for_model(ckpt, args.corrupt, "error")
    answer, wrong = _one_token(ckpt, args.answer, "answer"), _one_token(ckpt, args.wrong, "wrong")
    result = activation_patching(ckpt.model, clean, corrupt, answer, wrong)
    tokens = {name: [ckpt.tokenizer.token_str(i) for i in ids] for name, ids in (("clean", clean), ("corrupt", corrupt))}
    if args.json:
        print(json.dumps({
            "clean": {"text": args.clean, "tokens": tokens["clean"], "logit_diff": result.clean_diff},
            "corrupt": {"text": args.corrupt, "tokens": tokens["corrupt"], "logit_diff": result.corrupt_diff},
            "resid_pre": result.resid_pre.tolist(),
            "head_out": result.head_out.tolist(),
            "mlp_out": result.mlp_out.tolist(),
        }))
        return 0
    print(f"logit difference {args.answer!r} - {args.wrong!r}: clean {result.clean_diff:.4f}, "
          f"corrupt {result.corrupt_diff:.4f}; recovered fraction when patched from clean into corrupt:")
    print("resid_pre [layer x position]:")
    for layer, row in enumerate(result.resid_pre):
        print(f"  L{layer}: " + " ".join(f"{v:+.2f}" for v in row))
    print("head_out [layer x head]:")
    for layer, row in enumerate(result.head_out):
        print(f"  L{layer}: " + " ".join(f"{v:+.2f}" for v in row))
    return 0


def add_interp_parsers(sub) -> None:
    p = sub.add_parser("attribute", help="direct logit attribution: each head's and MLP's share of one logit")
    p.add_argument("checkpoint")
    p.add_argument("--text", required=True)
    p.add_argument("--target", required=True, help="the token (as text, exactly one token) whose logit to explain")
    p.add_argument("--position", type=int, default=-1, help="the position whose prediction to explain (default last)")
    p.add_argument("--top", type=int, default=12, help="parts to print without --json")
    p.add_argument("--json", action="store_true")
    p.add_argument("--meta")
    p.set_defaults(func=cmd_attribute)

    p = sub.add_parser("patch", help="activation patching from a clean prompt into a corrupted one")
    p.add_argument("checkpoint")
    p.add_argument("--clean", required=True)
    p.add_argument("--corrupt", required=True, help="same token length as --clean")
    p.add_argument("--answer", required=True, help="the token the clean prompt should predict")
    p.add_argument("--wrong", required=True, help="the token the corrupted prompt should predict")
    p.add_argument("--json", action="store_true")
    p.add_argument("--meta")
    p.set_defaults(func=cmd_patch)
