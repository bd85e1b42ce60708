"""Pure analyses behind the Attention and Softmax & mask pages (no streamlit; numpy in, numpy out).

The pages read the model's own activations from the cached analysis; what is computed here is only
what the model does not record itself: head roles, one cell's arithmetic, and the softmax variants
the model never runs (no mask, mask after softmax, a temperature).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import torch

from gpt_core.interp.heads import (DEFAULT_REPEAT_LEN, TEXT_ROLES, HeadScores, attention_head_stats, content_token_ids, head_scores_from_patterns, repeated_random_sequence, text_position_scores)

# The large attention map gets a click target per visible cell up to this many tokens. Each target costs
# the browser about 0.3 ms per redraw (2-core machine, chromium): 2k cells at T = 64, 8k at T = 128.

ROLE_COLUMNS = ("previous-token", "first-token", "self", "induction", *TEXT_ROLES)  # table columns = role names


# ------------------------------------------------------------------------------------------------
# Head roles
# ------------------------------------------------------------------------------------------------


def induction_probe_length(block_size: int) -> int:
    """Length S of each copy in the seq + seq induction probe (what gpt_core.interp.heads.head_scores uses)."""
    return min(DEFAULT_REPEAT_LEN, block_size // 2)


@torch.no_grad()
def repeat_probe_patterns(model, tokenizer=None, seed: int = 0) -> tuple[np.ndarray, int]:
    """Attention patterns [L, nh, 2S, 2S] of the model on a random sequence repeated twice, and S.

    The random tokens carry no meaning, so a head that attends from the second copy to the token
    after the earlier occurrence does so by mechanism (induction), not by having learnt this text.
    With a tokenizer the tokens are letters/digits only, as gpt_core.interp.heads.head_scores does with
    allowed_ids=content_token_ids(tokenizer): a newline in the probe would end what the model copies.
    """
    S = induction_probe_length(model.config.block_size)
    if S < 2:
        raise ValueError(f"block_size {model.config.block_size} is too short for an induction probe")
    allowed = content_token_ids(tokenizer) if tokenizer is not None else None
    repeated = repeated_random_sequence(model.config.vocab_size, S, seed, allowed)  # [2S]
    _, cache = model.run_with_cache(repeated[None], names_filter=lambda name: name.endswith("attn.hook_pattern"))
    return cache.stack("attn.hook_pattern")[:, 0].float().numpy(), S  # [L, nh, 2S, 2S]


def head_summary(patterns, repeat_patterns=None, repeat_len: int | None = None, threshold: float = 0.4,
                 tokens=None) -> tuple[HeadScores | None, pd.DataFrame]:
    """Per-head statistics of the text's patterns [L, nh, T, T] as a table, one row per (layer, head).

    With the induction probe (repeat_patterns [L, nh, 2S, 2S], repeat_len S) the rows also get an
    induction score and a role label (gpt_core.interp.heads.HeadScores.label); without it, HeadScores is None.
    tokens (the text's T token strings) add the text roles: word-start, last-space, last-newline.
    """
    p = np.asarray(patterns, dtype=np.float32)
    L, nh = p.shape[:2]
    scores = None
    if repeat_patterns is not None:
        scores = head_scores_from_patterns(p, np.asarray(repeat_patterns, dtype=np.float32), int(repeat_len),
                                           threshold, tokens)
        roles = scores.as_dict()
        entropy = scores.entropy
        labels = scores.labels()
    else:
        stats = [attention_head_stats(layer) for layer in p]
        roles = {"previous-token": np.stack([s["previous"] for s in stats]),
                 "first-token": np.stack([s["first"] for s in stats]),
                 "self": np.stack([s["self"] for s in stats])}
        if tokens is not None:
            text = [text_position_scores(layer, tokens) for layer in p]
            roles |= {role: np.stack([s[role] for s in text]) for role in TEXT_ROLES}
        entropy = np.stack([s["entropy"] for s in stats])
        labels = None
    rows = []
    for layer in range(L):
        for head in range(nh):
            row: dict[str, Any] = {"layer": layer, "head": head}
            if labels is not None:
                row["role"] = labels[layer][head]
            row["entropy"] = float(entropy[layer, head])
            for role in ROLE_COLUMNS:
                if role in roles:
                    row[role] = float(roles[role][layer, head])
            rows.append(row)
    return scores, pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------------
# Reading selections back from plotly charts
# ------------------------------------------------------------------------------------------------
