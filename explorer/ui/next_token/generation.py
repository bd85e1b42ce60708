"""Generation: one step at a time (with the bars it sampled from) or N at once, and keeping what was generated."""
from __future__ import annotations

import streamlit as st

from explorer.figures.next_token import continuation_html, highlighted_bars
from explorer.i18n import t
from explorer.ui.sidebar import MAX_TEXT_CHARS
from explorer.ui.widgets import chart
from gpt_core.interp.next_token import (Sampling, context_ids, distribution, generate_continuation, generator_for,
                                        sample_step)

from .view import NextTokenView, bars_frame, describe


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



def follow_owner(view: NextTokenView) -> None:
    """A new model or a new text starts a new continuation."""
    owner = (view.ctx.model_key, tuple(view.ids))
    if st.session_state.get("nt_owner") != owner or "nt_ids" not in st.session_state:
        reset_generation()
        st.session_state["nt_owner"] = owner


def render(view: NextTokenView, sampling: Sampling, k_show: int) -> None:
    model, tokenizer, config = view.ctx.ckpt.model, view.ctx.tokenizer, view.ctx.config
    ids, V, vocab = view.ids, config.vocab_size, view.vocab
    quoted = view.quoted
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
              key="nt_step_bars", data=bars_frame(step_dist, step_rows, step.sampling, vocab), file_stem=f"next_token_step{len(continuation)}")
        st.caption(t(
            "next_token.step_caption", n=len(continuation), V=V,
            ctx=len(context_ids(ids, continuation[:-1], config.block_size)), settings=describe(step.sampling),
            survivors=step_dist.survivors, raw=step_dist.raw[step.token_id],
            filtered=step_dist.filtered[step.token_id]))
