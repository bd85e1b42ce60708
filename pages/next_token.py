"""Next token: the distribution the model predicts, the sampling filters, step-by-step generation, logit lens.

Prose: explorer/locales/<lang>/next_token.py.
"""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from gpt_core.interp.next_token import (Sampling, context_ids, distribution, generate_continuation, generator_for,
                                          lens_rows, per_position, sample_step, unembedding_is_tied)
from explorer.context import page_context
from explorer.figures import logit_lens_figure, visible_token_labels
from explorer.figures_next_token import continuation_html, highlighted_bars, per_position_figure
from explorer.i18n import t
from explorer.sidebar import MAX_TEXT_CHARS
from explorer.widgets import chart

ctx = page_context()
model, tokenizer, config = ctx.ckpt.model, ctx.tokenizer, ctx.config
ids = list(ctx.prepared.ids)
T, V = len(ids), config.vocab_size
vocab = [tokenizer.token_str(i) for i in range(V)]
visible_vocab = visible_token_labels(vocab)
analysis = ctx.analysis()


def quoted(token_id: int) -> str:
    return f"`{visible_vocab[token_id]}`"


def describe(sampling: Sampling) -> str:
    """The settings in words, e.g. "temperature 0.8, top-k 10, top-p off" (Sampling.describe, translated)."""
    tau = sampling.temperature
    return t("next_token.settings.join").join([
        t("next_token.settings.greedy") if tau == 0 else t("next_token.settings.temperature", tau=tau),
        t("next_token.settings.top_k", k=sampling.top_k) if sampling.top_k else t("next_token.settings.top_k_off"),
        t("next_token.settings.top_p", p=sampling.top_p) if sampling.top_p else t("next_token.settings.top_p_off"),
    ])


# ---- generation state: reset whenever the model or the ids it continues change --------------------------------
def reset_generation() -> None:
    st.session_state["nt_ids"] = []
    st.session_state["nt_rng"] = None  # torch generator state of the current step-by-step run
    st.session_state["nt_rng_seed"] = None
    st.session_state["nt_last"] = None  # the last Step, to redraw its bars
    st.session_state["nt_message"] = None


def accept_continuation(addition: str) -> None:
    # a callback runs before the sidebar's text_area (key "text") renders, so setting it here is allowed
    st.session_state["text"] = (st.session_state.get("text") or "") + addition
    reset_generation()


owner = (ctx.model_key, tuple(ids))
if st.session_state.get("nt_owner") != owner or "nt_ids" not in st.session_state:
    reset_generation()
    st.session_state["nt_owner"] = owner

st.title(t("next_token.title"))
st.markdown(t("next_token.what", T=T, V=V, L=config.n_layer))
st.page_link("pages/train.py", label=t("next_token.concept_link", T=T), icon="🏋️")

# ---- controls ----------------------------------------------------------------------------------------------------
# The page follows the last position (where generation acts) unless the learner moved the slider: their choice is
# kept here, not in the widget. The slider's labels show tokens, so an edit changes them even when T stays (a long
# text's window slides); a browser then drops its selection unless the run sends a value, so every run does.
def remember_position(last: int) -> None:
    """on_change: `last` is T-1 of the run that drew the slider; choosing it means "follow the last position"."""
    chosen = st.session_state["nt_position"]
    st.session_state["nt_position_choice"] = None if chosen == last else chosen


choice = st.session_state.get("nt_position_choice")
if choice is not None and choice >= T - 1:  # the chosen position is gone (or is the last one): follow the last
    choice = st.session_state["nt_position_choice"] = None
position = T - 1 if choice is None else choice
if T > 1:
    st.session_state["nt_position"] = position
    options = [t("next_token.position_option", i=i, label=ctx.labels[i]) for i in range(T)]  # "127: e"
    st.select_slider(t("next_token.position"), options=list(range(T)), key="nt_position",
                     format_func=options.__getitem__, on_change=remember_position, args=(T - 1,),
                     help=t("next_token.position_help"))
c1, c2, c3, c4 = st.columns(4)
temperature = c1.slider(t("next_token.temperature"), 0.0, 2.0, 1.0, 0.05, key="nt_temperature",
                        help=t("next_token.temperature_help"))
top_k = c2.slider(t("next_token.top_k"), 0, V, 0, key="nt_top_k", help=t("next_token.top_k_help"))
top_p = c3.slider(t("next_token.top_p"), 0.05, 1.0, 1.0, 0.05, key="nt_top_p", help=t("next_token.top_p_help"))
k_show = c4.slider(t("next_token.k_show"), 3, min(V, 40), min(V, 10), key="nt_k_show") if V > 3 else V
sampling = Sampling.from_controls(temperature, top_k, top_p)


# bars_frame's columns (the data and its CSV keep these names) -> catalogue keys of their headers
BARS_COLUMNS = {"rank": "rank", "id": "id", "token": "token", "logit": "logit",
                "logit / temperature": "logit_temperature", "softmax (raw)": "softmax_raw",
                "after filters": "after_filters"}


def bars_frame(dist, rows) -> pd.DataFrame:
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


# ---- the distribution at the chosen position -------------------------------------------------------------------
st.subheader(t("next_token.dist_header", pos=position, label=f"`{ctx.labels[position]}`"))
dist = distribution(analysis.logits[position], sampling, k_show)
actual = ids[position + 1] if position < T - 1 else None
rows = dist.rows(() if actual is None else (actual,))
highlight = next((n for n, (i, _, _) in enumerate(rows) if i == actual), None)
chart(highlighted_bars([vocab[i] for i, _, _ in rows], [r for _, r, _ in rows], [f for _, _, f in rows],
                       highlight=highlight, highlight_label=t("next_token.highlight_actual"),
                       title=t("next_token.bars_title", pos=position, k=k_show, V=V)),
      key="nt_bars", data=bars_frame(dist, rows), file_stem=f"next_token_pos{position}")
st.caption(t("next_token.dist_caption", pos=position, V=V, T=T, settings=describe(sampling), k=k_show))
m1, m2, m3 = st.columns(3)
m1.metric(t("next_token.survivors"), t("next_token.survivors_value", n=dist.survivors, V=V))
for col, key, h in ((m2, "entropy_raw", dist.entropy_raw), (m3, "entropy_filtered", dist.entropy_filtered)):
    col.metric(t(f"next_token.{key}"), t("next_token.entropy_value", nats=h),
               t("next_token.entropy_delta", bits=h / math.log(2), eff=math.exp(h)), delta_color="off",
               delta_arrow="off", help=t("next_token.entropy_help"))
if actual is None:
    st.info(t("next_token.last_position"))
else:
    st.info(t("next_token.actual_next", pos=position, token=quoted(actual), raw=dist.raw[actual],
              rank=dist.rank(actual), V=V, filtered=dist.filtered[actual],
              never=t("next_token.actual_never") if dist.filtered[actual] == 0 else ""))
with st.expander(t("next_token.numbers_expander")):
    st.markdown(t("next_token.why_softmax"))
    st.markdown(t("next_token.filters"))
    st.dataframe(bars_frame(dist, rows), hide_index=True, column_config={
        name: st.column_config.Column(t(f"next_token.col.{key}")) for name, key in BARS_COLUMNS.items()})

# ---- one forward pass, T predictions -----------------------------------------------------------------------------
st.subheader(t("next_token.forward_header"))
st.markdown(t("next_token.forward"))
if T > 1:
    pp = per_position(analysis.probs, ids)
    chart(per_position_figure(ctx.labels, pp.target_probs, [vocab[i] for i in pp.target_ids],
                              [vocab[i] for i in pp.top_ids], pp.top_probs),
          key="nt_per_position", file_stem="next_token_per_position",
          data=pd.DataFrame({"position": range(T - 1), "reads": [vocab[i] for i in ids[:-1]],
                             "actual next": [vocab[i] for i in pp.target_ids], "p(actual next)": pp.target_probs,
                             "loss (-ln p)": pp.losses, "top prediction": [vocab[i] for i in pp.top_ids[:-1]],
                             "p(top)": pp.top_probs[:-1]}))
    st.caption(t("next_token.forward_caption", T=T, V=V, last=T - 2, T1=T - 1, loss=pp.mean_loss,
                 uniform=math.log(V), hits=pp.hits))
else:
    st.info(t("next_token.forward_single"))

# ---- generation --------------------------------------------------------------------------------------------------
st.subheader(t("next_token.generate_header"))
st.markdown(t("next_token.generate", block=config.block_size))
g1, g2, g3, g4, g5, g6 = st.columns([1, 1, 1.1, 1.3, 0.9, 1.9], vertical_alignment="bottom")
seed = int(g1.number_input(t("next_token.seed"), 0, 2**31 - 1, 0, 1, key="nt_seed"))
n_tokens = int(g2.number_input(t("next_token.n_tokens"), 1, 500, 50, 1, key="nt_n"))
continuation = st.session_state["nt_ids"]
if g3.button(t("next_token.next_step"), key="nt_next", type="primary"):
    run_seed = st.session_state["nt_rng_seed"]  # None: a fresh run (after Reset or Generate N) starts from the seed
    st.session_state["nt_message"] = t("next_token.reseeded", seed=seed) if run_seed not in (None, seed) else None
    generator = generator_for(seed, st.session_state["nt_rng"] if run_seed == seed else None)
    step = sample_step(model, context_ids(ids, continuation, config.block_size), sampling, generator)
    continuation.append(step.token_id)
    st.session_state.update(nt_rng=generator.get_state(), nt_rng_seed=seed, nt_last=step)
if g4.button(t("next_token.generate_n"), key="nt_generate"):
    with st.spinner(t("next_token.generating", n=n_tokens)):
        continuation.extend(generate_continuation(model, ids + continuation, n_tokens, sampling, seed))
    st.session_state.update(nt_rng=None, nt_rng_seed=None, nt_last=None,
                            nt_message=t("next_token.generated", n=n_tokens, seed=seed, settings=describe(sampling)))
g5.button(t("next_token.reset"), key="nt_reset", on_click=reset_generation, disabled=not continuation)
addition = tokenizer.decode(continuation) if continuation else ""
too_long = len(st.session_state.get("text") or "") + len(addition) > MAX_TEXT_CHARS
g6.button(t("next_token.accept"), key="nt_accept", on_click=accept_continuation, args=(addition,),
          disabled=not continuation or too_long,
          help=t("next_token.accept_too_long", max=MAX_TEXT_CHARS) if too_long else t("next_token.accept_help"))
if st.session_state["nt_message"]:
    st.caption(st.session_state["nt_message"])
st.html(continuation_html(tokenizer.decode(ids), addition))
st.caption(t("next_token.continuation_caption", n=len(continuation), block=config.block_size))

step = st.session_state["nt_last"]
if step is not None:
    step_dist = distribution(step.logits, step.sampling, k_show)
    step_rows = step_dist.rows((step.token_id,))
    chosen = next(n for n, (i, _, _) in enumerate(step_rows) if i == step.token_id)
    st.markdown("**" + t("next_token.step_header", n=len(continuation), token=quoted(step.token_id)) + "**")
    chart(highlighted_bars([vocab[i] for i, _, _ in step_rows], [r for _, r, _ in step_rows],
                           [f for _, _, f in step_rows], highlight=chosen,
                           highlight_label=t("next_token.highlight_sampled"),
                           title=t("next_token.step_bars_title", n=len(continuation), k=k_show, V=V)),
          key="nt_step_bars", data=bars_frame(step_dist, step_rows), file_stem=f"next_token_step{len(continuation)}")
    st.caption(t(
        "next_token.step_caption", n=len(continuation), V=V,
        ctx=len(context_ids(ids, continuation[:-1], config.block_size)), settings=describe(step.sampling),
        survivors=step_dist.survivors, raw=step_dist.raw[step.token_id],
        filtered=step_dist.filtered[step.token_id]))

# ---- logit lens --------------------------------------------------------------------------------------------------
st.subheader(t("next_token.lens_header"))
st.markdown(t("next_token.lens"))
lens_k = min(k_show, 10)
lens = lens_rows(model, analysis.acts, position, top_k=lens_k)
lens_fig = logit_lens_figure(lens, vocab, title=t("next_token.lens_title", pos=position, rows=len(lens), k=lens_k))
lens_fig.update_yaxes(ticktext=[t("next_token.lens_stage.embedding")] +
                      [t("next_token.lens_stage.after", i=i) for i in range(len(lens) - 1)])
chart(lens_fig,
      key="nt_lens", file_stem=f"logit_lens_pos{position}",
      data=pd.DataFrame([{"stage": row.name, "rank": r + 1, "id": i, "token": vocab[i], "probability": p}
                         for row in lens for r, (i, p) in enumerate(zip(row.ids, row.probs))]))
st.caption(t("next_token.lens_caption", rows=len(lens), C=config.n_embd, pos=position,
             label=f"`{ctx.labels[position]}`", k=lens_k))
if unembedding_is_tied(model):
    st.caption(t("next_token.lens_tied", label=f"`{ctx.labels[position]}`"))
