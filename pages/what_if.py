"""What if…: change one thing inside the real model (ablate heads, drop the mask or the scale, change the
temperature, scramble positions) and compare next-token predictions and loss before and after.
Prose: explorer/locales/<lang>/what_if.py."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer import figures, figures_labs, formatting, state
from explorer.analysis_attention import clamp_index
from explorer.context import page_context
from explorer.figures_attention import add_diagonal
from explorer.i18n import current_language, t
from explorer.widgets import chart, comparison_metrics
from gpt_core.capture import Interventions
from gpt_core.interp import attention_math, losses, mask_free

ctx = page_context()
# Bound now: Streamlit may call a format_func after the run, where the session language is not visible.
LANG = current_language()
cfg = ctx.config
labels = ctx.labels
ids = list(ctx.prepared.ids)
T, L, nh, V = len(ids), cfg.n_layer, cfg.n_head, cfg.vocab_size
base = ctx.analysis()
TINY_STEPS = 150


def md(text: str) -> None:
    st.markdown(text, unsafe_allow_html=True)  # the catalogue's prose uses <sub>/<sup>


def caption(text: str) -> None:
    st.caption(text, unsafe_allow_html=True)


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
    return {"source": source, "masked": mask_free.train_tiny(train_ids, vocab, True, steps),
            "unmasked": mask_free.train_tiny(train_ids, vocab, False, steps)}


def _layer_head(prefix: str) -> tuple[int, int]:
    left, right = st.columns(2)
    layer = left.selectbox(t("what_if.layer"), list(range(L)), index=clamp_index(state.get("layer"), L),
                           format_func=lambda v: f"L{v}", key=f"{prefix}_layer")
    head = right.selectbox(t("what_if.head"), list(range(nh)), index=clamp_index(state.get("head"), nh),
                           format_func=lambda v: f"H{v}", key=f"{prefix}_head")
    return layer, head


def visible(token_id: int) -> str:
    """A vocabulary entry with whitespace made visible ("⏎", "␣"), for prose."""
    return figures.visible_token_labels([ctx.tokenizer.token_str(int(token_id))])[0]


def compare_view(after_logits, key: str, after_name: str) -> dict:
    """Loss before/after, the next-token bars after the last token, and the loss at every position."""
    cmp = losses.compare_predictions(base.logits, after_logits, ids)
    names = (t("what_if.cmp.before"), after_name)
    cols = st.columns(4)
    comparison_metrics(cols, cmp, "what_if.cmp")
    cols[3].metric(t("what_if.cmp.kl"), f"{cmp['kl_last']:.3g}")
    tokens = [ctx.tokenizer.token_str(i) for i in cmp["tokens"]]
    fig = figures_labs.before_after_bars(tokens, cmp["before"], cmp["after"], names,
                                         t("what_if.cmp.bars_title", last=labels[-1], V=V), t("what_if.cmp.prob"))
    chart(fig, f"{key}_bars", pd.DataFrame({"token": tokens, "before": cmp["before"], "after": cmp["after"]}),
          f"{key}_next_token")
    if T > 1:
        fig = figures_labs.line_chart(list(range(T - 1)), {names[0]: cmp["per_position_before"],
                                                           names[1]: cmp["per_position_after"]},
                                      t("what_if.cmp.per_pos_title", n=T - 1), t("what_if.cmp.per_pos_x"),
                                      t("what_if.cmp.per_pos_y"), x_labels=labels[:-1], markers=T <= 64, height=320)
        chart(fig, f"{key}_per_position", pd.DataFrame({"token": labels[:-1], "next": labels[1:],
                                                        "loss before": cmp["per_position_before"],
                                                        "loss after": cmp["per_position_after"]}),
              f"{key}_loss_per_position")
    caption(t("what_if.cmp.caption", T=T, V=V, n=T - 1, lnv=float(np.log(V)), last=labels[-1],
              top_before=visible(cmp["top1_before"]), top_after=visible(cmp["top1_after"])))
    return cmp


st.title(t("what_if.title"))
md(t("what_if.intro"))
tab_heads, tab_mask, tab_scale, tab_temp, tab_pos = st.tabs(
    [t("what_if.tab.heads"), t("what_if.tab.mask"), t("what_if.tab.scale"), t("what_if.tab.temperature"),
     t("what_if.tab.positions")])

# ---- ablate heads
with tab_heads:
    md(t("what_if.heads.intro", L=L, nh=nh, hs=cfg.head_size, C=cfg.n_embd))
    options = [f"L{l}H{h}" for l in range(L) for h in range(nh)]
    default = f"L{clamp_index(state.get('layer'), L)}H{clamp_index(state.get('head'), nh)}"
    chosen = st.multiselect(t("what_if.heads.pick"), options, default=[default], key="what_if_heads")
    if not chosen:
        st.info(t("what_if.heads.none"))
    else:
        heads = formatting.parse_head_labels(chosen)
        after = ctx.analysis(Interventions(ablate_heads=heads))
        compare_view(after.logits, "what_if_heads", t("what_if.heads.after", heads=", ".join(chosen)))
        change = attention_math.z_change_by_head(base.acts, after.acts, L)  # [L, nh]
        fig = figures_labs.relabel(
            figures.head_score_heatmap(change, zmax=max(float(change.max()), 1e-9)),
            t("what_if.heads.z_title", L=L, nh=nh), t("what_if.head_axis"), t("what_if.layer_axis"))
        chart(fig, "what_if_heads_z", {"heads": chosen, "max |dz| [L, nh]": change}, "ablation_z_change")
        first = min(layer for layer, _ in heads)
        caption(t("what_if.heads.z_caption", L=L, nh=nh, T=T, hs=cfg.head_size, first=first))

# ---- remove the causal mask
with tab_mask:
    md(t("what_if.mask.intro"))
    no_mask = ctx.analysis(Interventions(causal_mask=False))
    layer, head = _layer_head("what_if_mask")
    pattern = no_mask.block(layer, "attn.hook_pattern")[head]  # [T, T]
    fig = figures_labs.relabel(figures.attention_heatmap(pattern, labels, masked=False),
                               t("what_if.mask.pattern_title", layer=layer, head=head, T=T),
                               t("what_if.axis_key"), t("what_if.axis_query"), colorbar=t("what_if.weight"))
    chart(add_diagonal(fig, T, t("what_if.mask.future") if T > 1 else None), "what_if_mask_pattern",
          {"tokens": labels, "pattern without mask [T, T]": pattern}, f"pattern_no_mask_L{layer}_H{head}")
    future = float(np.triu(pattern, 1).sum() / T)
    caption(t("what_if.mask.pattern_caption", layer=layer, head=head, T=T, future=future))
    compare_view(no_mask.logits, "what_if_mask", t("what_if.mask.after"))

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
            fig = figures_labs.relabel(figures.attention_heatmap(unmasked["pattern"][best], window, masked=False),
                                       t("what_if.mask.cheat_pattern_title", head=best, T=Tw),
                                       t("what_if.axis_key"), t("what_if.axis_query"), colorbar=t("what_if.weight"))
            chart(add_diagonal(fig, Tw), "what_if_cheat_pattern",
                  {"tokens": window, "pattern [T, T]": unmasked["pattern"][best]}, "cheater_pattern")
            caption(t("what_if.mask.cheat_caption", source=t(f"what_if.source.{runs['source']}"), head=best,
                      share=float(shares[best]), cheat=unmasked["losses"][-10:].mean(),
                      honest=masked["losses"][-10:].mean(), broken=unmasked["eval_masked"]))

# ---- remove the 1/sqrt(d_k) scaling
with tab_scale:
    md(t("what_if.scale.intro", hs=cfg.head_size, sqrt=float(np.sqrt(cfg.head_size))))
    off = ctx.analysis(Interventions(scale_scores=False))
    compare_view(off.logits, "what_if_scale", t("what_if.scale.after"))
    if T > 1:
        ent_on = [np.mean([attention_math.mean_row_entropy(base.block(l, "attn.hook_pattern")[h]) for h in range(nh)])
                  for l in range(L)]
        ent_off = [np.mean([attention_math.mean_row_entropy(off.block(l, "attn.hook_pattern")[h]) for h in range(nh)])
                   for l in range(L)]
        fig = figures_labs.line_chart(list(range(L)),
                                      {t("what_if.cmp.before"): ent_on, t("what_if.scale.after"): ent_off},
                                      t("what_if.scale.entropy_title", L=L, nh=nh), t("what_if.layer_axis"),
                                      t("what_if.scale.entropy_y"), height=320)
        fig.update_xaxes(tickmode="array", tickvals=list(range(L)), ticktext=[f"L{l}" for l in range(L)])
        chart(fig, "what_if_scale_entropy", pd.DataFrame({"layer": range(L), "entropy with scale": ent_on,
                                                          "entropy without scale": ent_off}), "entropy_by_layer")
        caption(t("what_if.scale.entropy_caption", T=T, nh=nh))

# ---- temperature
with tab_temp:
    md(t("what_if.temp.intro"))
    tau = st.slider(t("what_if.temp.slider"), 0.1, 3.0, 0.5, 0.05, key="what_if_tau")
    cmp = compare_view(base.logits / tau, "what_if_temp", t("what_if.temp.after", tau=tau))
    if T > 1:
        taus = np.round(np.arange(0.1, 3.0001, 0.05), 2)
        curve = losses.loss_vs_temperature(base.logits, ids, taus)
        fig = figures_labs.line_chart(taus, {t("what_if.temp.curve"): curve}, t("what_if.temp.curve_title", n=T - 1),
                                      "τ", t("what_if.cmp.per_pos_y"), markers=False, height=320)
        fig.add_vline(x=tau, line=dict(color="#d62728", dash="dot"))
        chart(fig, "what_if_temp_curve", pd.DataFrame({"temperature": taus, "loss": curve}), "loss_vs_temperature")
        best = float(taus[int(np.argmin(curve))])
        caption(t("what_if.temp.curve_caption", best=best, loss=float(curve.min()),
                  one=float(curve[int(np.argmin(np.abs(taus - 1.0)))])))

# ---- positions
with tab_pos:
    md(t("what_if.pos.intro"))
    if cfg.pos_encoding not in ("learned", "sinusoidal"):
        st.info(t("what_if.pos.not_applicable", pos=cfg.pos_encoding))
    else:
        left, right = st.columns(2)
        mode = left.radio(t("what_if.pos.mode"), ["shuffle", "zero"], format_func=lambda m: t(f"what_if.pos.{m}", LANG),
                          horizontal=True, key="what_if_pos_mode")
        seed = int(right.number_input(t("what_if.pos.seed"), 0, 10_000, 0, key="what_if_pos_seed",
                                      disabled=mode != "shuffle"))
        after = ctx.analysis(Interventions(positions=mode, shuffle_seed=seed if mode == "shuffle" else 0))
        compare_view(after.logits, "what_if_pos", t(f"what_if.pos.after_{mode}"))
