"""What every section of the Next token page reads, and the helpers they share (the settings in words, the
numbers behind a bar chart)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from explorer.i18n import t
from explorer.ui.resources import vocabulary
from gpt_core.interp.next_token import Sampling


@dataclass
class NextTokenView:
    ctx: object  # explorer.ui.context.PageContext
    ids: list[int] = field(init=False)
    vocab: tuple[str, ...] = field(init=False)  # token_str of every id
    visible_vocab: tuple[str, ...] = field(init=False)  # the same with whitespace made visible

    def __post_init__(self) -> None:
        self.ids = list(self.ctx.prepared.ids)
        words = vocabulary(self.ctx.tokenizer, self.ctx.model_key, self.ctx.config.vocab_size)  # cached per model
        self.vocab, self.visible_vocab = words.strings, words.visible

    def quoted(self, token_id: int) -> str:
        return f"`{self.visible_vocab[token_id]}`"


def describe(sampling: Sampling) -> str:
    """The settings in words, e.g. "temperature 0.8, top-k 10, top-p off"."""
    tau = sampling.temperature
    return t("next_token.settings.join").join([
        t("next_token.settings.greedy") if tau == 0 else t("next_token.settings.temperature", tau=tau),
        t("next_token.settings.top_k", k=sampling.top_k) if sampling.top_k else t("next_token.settings.top_k_off"),
        t("next_token.settings.top_p", p=sampling.top_p) if sampling.top_p else t("next_token.settings.top_p_off"),
    ])


# bars_frame's columns (the data and its CSV keep these names) -> catalogue keys of their headers
BARS_COLUMNS = {"rank": "rank", "id": "id", "token": "token", "logit": "logit",
                "logit / temperature": "logit_temperature", "softmax (raw)": "softmax_raw",
                "after filters": "after_filters"}


def bars_frame(dist, rows, sampling: Sampling, vocab: list[str]) -> pd.DataFrame:
    """The numbers behind a bar chart: logit → logit/τ → softmax → filtered."""
    tau = sampling.temperature
    return pd.DataFrame({
        "rank": [dist.rank(i) for i, _, _ in rows],
        "id": [i for i, _, _ in rows],
        "token": [vocab[i] for i, _, _ in rows],
        "logit": [dist.logits[i] for i, _, _ in rows],
        "logit / temperature": [dist.logits[i] / tau if tau > 0 else math.nan for i, _, _ in rows],
        "softmax (raw)": [raw for _, raw, _ in rows],
        "after filters": [filtered for _, _, filtered in rows],
    })
