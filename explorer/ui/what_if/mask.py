"""What if… the causal mask is removed: the pattern reads the future; a tiny model trained without it cheats."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures import canvas
from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.canvas_chart import canvas_chart
from explorer.ui.widgets import chart
from gpt_core.capture import Interventions
from gpt_core.interp import attention_math, losses, mask_free

from .common import caption, compare_view, layer_head, md

TINY_STEPS = 150


@st.cache_data(show_spinner=False, max_entries=8)
def _training_losses(_ckpt, model_key: str, fallback_text: str) -> dict:
    """The model's loss on one fixed batch of its training text, with and without the causal mask."""
    text, source = losses.training_text(_ckpt.record, fallback_text)
    batch = losses.fixed_batch(losses.encode_for_batches(_ckpt.tokenizer, text), _ckpt.config.block_size)
    if batch is None:
        return {"source": source, "shape": None}
    return {"source": source, "shape": tuple(batch[0].shape),
            "masked": losses.batch_loss(_ckpt.model, *batch, Interventions()),
            "unmasked": losses.batch_loss(_ckpt.model, *batch, Interventions(causal_mask=False))}


@st.cache_data(show_spinner=False, max_entries=4)
def _tiny_runs(_ckpt, model_key: str, fallback_text: str, steps: int) -> dict | None:
    """Two tiny models trained on the same text, one with and one without the causal mask."""
    text, source = losses.training_text(_ckpt.record, fallback_text)
    train_ids = losses.encode_for_batches(_ckpt.tokenizer, text)
    if len(train_ids) <= mask_free.tiny_config(2).block_size + 1:
        return None
    vocab = _ckpt.tokenizer.vocab_size
    return {"source": source, "masked": mask_free.train_tiny(train_ids, vocab, True, steps, tokenizer=_ckpt.tokenizer),
            "unmasked": mask_free.train_tiny(train_ids, vocab, False, steps, tokenizer=_ckpt.tokenizer)}


def render(ctx) -> None:
    labels, ids = ctx.labels, list(ctx.prepared.ids)
    T = len(ids)
    md(t("what_if.mask.intro"))
    no_mask = ctx.analysis(Interventions(causal_mask=False))
    layer, head = layer_head(ctx, "what_if_mask")
    pattern = no_mask.block(layer, "attn.hook_pattern")[head]  # [T, T]
    spec = canvas.attention_map(pattern, labels, title=t("what_if.mask.pattern_title", layer=layer, head=head, T=T),
                                masked=False, diagonal_text=t("what_if.mask.future") if T > 1 else "")
    canvas_chart(spec, "what_if_mask_pattern", {"tokens": labels, "pattern without mask [T, T]": pattern},
                 f"pattern_no_mask_L{layer}_H{head}")
    future = float(np.triu(pattern, 1).sum() / T)
    caption(t("what_if.mask.pattern_caption", layer=layer, head=head, T=T, future=future))
    compare_view(ctx, no_mask.logits, "what_if_mask", t("what_if.mask.after"))

    st.subheader(t("what_if.mask.train_header"))
    mask_losses = _training_losses(ctx.ckpt, ctx.model_key, ctx.prepared.text)
    source = t(f"what_if.source.{mask_losses['source']}")
    if mask_losses["shape"] is None:
        st.info(t("what_if.mask.no_batch"))
    else:
        B, Tb = mask_losses["shape"]
        left, right = st.columns(2)
        left.metric(t("what_if.mask.loss_masked"), f"{mask_losses['masked']:.3f}")
        right.metric(t("what_if.mask.loss_unmasked"), f"{mask_losses['unmasked']:.3f}",
                     delta=f"{mask_losses['unmasked'] - mask_losses['masked']:+.3f}", delta_color="inverse")
        caption(t("what_if.mask.train_caption", B=B, T=Tb, source=source))
        md(t("what_if.mask.train_text_up" if mask_losses["unmasked"] >= mask_losses["masked"] else "what_if.mask.train_text_down",
             masked=mask_losses["masked"], unmasked=mask_losses["unmasked"]))

    st.subheader(t("what_if.mask.cheat_header"))
    md(t("what_if.mask.cheat_intro", steps=TINY_STEPS))
    if st.button(t("what_if.mask.cheat_button", steps=TINY_STEPS), key="what_if_cheat"):
        st.session_state["_what_if_cheat_for"] = ctx.model_key
    if st.session_state.get("_what_if_cheat_for") == ctx.model_key:
        with st.spinner(t("what_if.mask.cheat_spinner")):
            runs = _tiny_runs(ctx.ckpt, ctx.model_key, ctx.prepared.text, TINY_STEPS)
        if runs is None:
            st.info(t("what_if.mask.cheat_too_short"))
        else:
            masked, unmasked = runs["masked"], runs["unmasked"]
            with_mask, without_mask = t("what_if.mask.cheat_with"), t("what_if.mask.cheat_without")
            fig = figures_labs.line_chart(list(range(1, TINY_STEPS + 1)), {with_mask: masked["losses"],
                                                                          without_mask: unmasked["losses"]},
                                          t("what_if.mask.cheat_title", steps=TINY_STEPS), t("what_if.mask.step"),
                                          t("what_if.mask.train_loss"), markers=False)
            chart(fig, "what_if_cheat_curves", pd.DataFrame({"step": range(1, TINY_STEPS + 1),
                                                             "with mask": masked["losses"],
                                                             "without mask": unmasked["losses"]}), "tiny_training")
            st.dataframe(pd.DataFrame({
                t("what_if.mask.col_model"): [with_mask, without_mask],
                t("what_if.mask.col_eval_masked"): [f"{masked['eval_masked']:.3f}", f"{unmasked['eval_masked']:.3f}"],
                t("what_if.mask.col_eval_unmasked"): [f"{masked['eval_unmasked']:.3f}",
                                                      f"{unmasked['eval_unmasked']:.3f}"]}), hide_index=True)
            shares = attention_math.next_offset_share(unmasked["pattern"])  # [nh]
            best = int(shares.argmax())
            window = [ctx.tokenizer.token_str(int(i)) for i in unmasked["window"]]
            Tw = len(window)
            spec = canvas.attention_map(unmasked["pattern"][best], window, masked=False, diagonal_text="",
                                        title=t("what_if.mask.cheat_pattern_title", head=best, T=Tw))
            canvas_chart(spec, "what_if_cheat_pattern", {"tokens": window, "pattern [T, T]": unmasked["pattern"][best]},
                         "cheater_pattern")
            caption(t("what_if.mask.cheat_caption", source=t(f"what_if.source.{runs['source']}"), head=best,
                      share=float(shares[best]), cheat=unmasked["losses"][-10:].mean(),
                      honest=masked["losses"][-10:].mean(), broken=unmasked["eval_masked"]))
