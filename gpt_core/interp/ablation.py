"""Take out a residual connection or a norm and measure what it bought: the loss on the text and the size of the
residual stream after each layer (question 21)."""
from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional as F

# what can be removed: one layer's attention or MLP skip connection, or one of its norms (or the final norm)
ABLATIONS = ("none", "attn_residual", "mlp_residual", "ln_1", "ln_2", "ln_f")


def _edits(kind: str, layer: int) -> dict:
    """Hook edits that remove one piece, in the order the forward pass produces the activations."""
    held: dict[str, torch.Tensor] = {}

    def keep(name):
        def edit(x):
            held[name] = x
            return x
        return edit

    pre, mid = f"transformer.h.{layer}.hook_resid_pre", f"transformer.h.{layer}.hook_resid_mid"
    post = f"transformer.h.{layer}.hook_resid_post"
    if kind == "attn_residual":  # x_mid = attn(ln_1(x)) instead of x + attn(ln_1(x))
        return {pre: keep("pre"), mid: lambda x: x - held["pre"]}
    if kind == "mlp_residual":  # x_post = mlp(ln_2(x_mid)) instead of x_mid + mlp(...)
        return {mid: keep("mid"), post: lambda x: x - held["mid"]}
    if kind == "ln_1":  # attention reads the raw residual stream
        return {pre: keep("x"), f"transformer.h.{layer}.ln_1.hook_normalized": lambda _: held["x"]}
    if kind == "ln_2":
        return {mid: keep("x"), f"transformer.h.{layer}.ln_2.hook_normalized": lambda _: held["x"]}
    if kind == "ln_f":  # lm_head reads the last block's output as it is
        return {post: keep("x"), "transformer.ln_f.hook_normalized": lambda _: held["x"]}
    return {}


@torch.no_grad()
def ablate(model, ids, kind: str, layer: int = 0) -> dict:
    """loss (mean next-token cross-entropy on ids, nats; None under two tokens), logits [T, V] and resid_norm
    [n_layer] (mean length of the residual stream after each block) with `kind` removed at `layer`
    (ln_f: the final norm, layer ignored)."""
    if kind not in ABLATIONS:
        raise ValueError(f"kind must be one of {ABLATIONS}, got {kind!r}")
    cfg = model.config
    if kind == "ln_f":
        layer = cfg.n_layer - 1
    if not 0 <= layer < cfg.n_layer:
        raise IndexError(f"no layer {layer} in a model of {cfg.n_layer} layers")
    ids = list(ids)
    idx = torch.as_tensor(ids, dtype=torch.long)[None]  # [1, T]
    wanted = {f"transformer.h.{i}.hook_resid_post" for i in range(cfg.n_layer)}
    logits, cache = model.run_with_cache(idx, names_filter=lambda n: n in wanted, edits=_edits(kind, layer))
    norms = np.array([float(cache[f"transformer.h.{i}.hook_resid_post"][0].norm(dim=-1).mean())
                      for i in range(cfg.n_layer)])
    loss = None
    if len(ids) > 1:
        loss = float(F.cross_entropy(logits[0, :-1].float(), idx[0, 1:]))
    return {"loss": loss, "logits": logits[0].numpy(), "resid_norm": norms}
