"""Next token: the distribution the model predicts, the sampling filters, step-by-step generation, logit lens."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from explorer.analysis_next_token import (Sampling, context_ids, distribution, generate_continuation, generator_for,
                                          lens_rows, per_position, sample_step)
from explorer.context import page_context
from explorer.figures import logit_lens_figure, visible_token_labels
from explorer.figures_next_token import continuation_html, highlighted_bars, per_position_figure
from explorer.sidebar import MAX_TEXT_CHARS
from explorer.widgets import chart

TEXT = {
    "title": "Next token",
    "intro": (
        "The model's last layer turns the vector at every position into V={V} scores (logits), one per token of "
        "its vocabulary, and softmax turns those scores into a probability for each possible next token. This page "
        "shows that distribution after a position of your choice, how temperature, top-k and top-p reshape it "
        "before a token is drawn, the text the model writes one token at a time, and at which layer the prediction "
        "takes shape."
    ),
    "position": "Predict the token after position",
    "position_help": "The last position is what generation uses; earlier ones show what the model predicted inside your text.",
    "temperature": "Temperature τ",
    "temperature_help": "Divides the logits before softmax. 0 = greedy (always the most likely token).",
    "top_k": "top-k (0 = off)",
    "top_k_help": "Keep only the k most likely tokens.",
    "top_p": "top-p (1.0 = off)",
    "top_p_help": "Keep the most likely tokens until their probability adds up to p.",
    "k_show": "Bars to show",
    "dist_header": "The distribution after position {pos} {label}",
    "dist_caption": (
        "softmax of hook_logits[{pos}] — one row [V={V}] of the logits [T={T}, V={V}] of one forward pass. "
        "Light bars: raw softmax (τ = 1, no filter); dark bars: the distribution actually sampled from ({settings}). "
        "Sorted by raw probability; top {k} of {V} shown."
    ),
    "survivors": "Tokens that survive the filters",
    "entropy_raw": "Entropy, raw softmax",
    "entropy_filtered": "Entropy, after filters",
    "entropy_help": "H = −Σ p ln p in nats (÷ ln 2 for bits); e^H = how many equally likely choices it is worth.",
    "entropy_value": "{nats:.3f} nats",
    "entropy_delta": "{bits:.2f} bits · ≈ {eff:.1f} choices",
    "actual_next": (
        "In your text position {pos} is followed by **{token}**: the model gave it **p = {raw:.4f}** "
        "(rank {rank} of {V}); after the filters **p = {filtered:.4f}**.{never}"
    ),
    "actual_never": " These settings could never have produced it.",
    "last_position": (
        "This is the last position: the text does not say what comes next — that is what generation (below) samples."
    ),
    "numbers_expander": "The numbers: logits → softmax",
    "why_softmax": (
        "**Why softmax.** Logits are unbounded real numbers of any sign. Softmax, p_i = exp(z_i) / Σ_j exp(z_j), makes "
        "every value positive and the V values sum to 1, keeps their order (a larger logit always gets a larger "
        "probability) and depends only on differences: adding one constant to every logit changes nothing. Training "
        "minimises −ln p of the true next token (cross-entropy), so the logits are learned to be log-probabilities up to "
        "that constant."
    ),
    "filters": (
        "**Temperature τ** divides the logits before softmax: τ < 1 sharpens the distribution (the top token gains), "
        "τ > 1 flattens it toward uniform, τ = 0 is greedy (all mass on the most likely token). It never changes the "
        "order. **Top-k** then keeps the k largest logits (the others become −∞, probability 0). **Top-p** (nucleus) "
        "then keeps the most likely tokens until their probability reaches p — the top token always survives. After "
        "each filter the survivors are renormalised to sum to 1. This is the order `gpt_core.sampling.filtered_probs` "
        "applies them, and the dark bars are its output."
    ),
    "forward_header": "One forward pass, T predictions",
    "forward": (
        "The model reads all T tokens at once, and because of the causal mask position t sees only tokens 0…t. So "
        "the logits [T, V] hold T next-token predictions, one per position, from a single pass. Training uses every "
        "one of them: the targets are the text shifted by one, giving T cross-entropy losses per sequence. Generation "
        "keeps only the last row, samples a token, appends it and runs the model again. The chart shows, for each "
        "position of your text, the probability the model gave the token that really follows; dark bars mark "
        "positions where its top guess was right."
    ),
    "forward_caption": (
        "probs [T={T}, V={V}] (softmax of hook_logits) read at the actual next token for positions 0…{last}: "
        "{T1} checkable predictions. Mean −ln p = {loss:.3f} nats (the loss this text would add in training; "
        "uniform guessing gives ln V = {uniform:.3f}); top guess right at {hits} of {T1} positions."
    ),
    "forward_single": "The text has a single token, so there is no next token inside it to check against.",
    "generate_header": "Generate",
    "generate": (
        "**Next step** runs the model on the input plus what has been generated so far (cropped to the last "
        "block_size = {block} tokens), keeps only the last position's logits, applies the settings above and draws "
        "ONE token with a random generator seeded by *seed*. The generator's state is kept between steps, so after "
        "**Reset**, pressing Next step N times gives exactly the tokens of **Generate N** with the same seed and "
        "settings (that button calls `model.generate`, starting a fresh run from the seed). Change the seed for a "
        "different sample; at temperature 0 the seed makes no difference."
    ),
    "seed": "Seed",
    "n_tokens": "N",
    "next_step": "Next step",
    "generate_n": "Generate N",
    "reset": "Reset",
    "accept": "Accept into input text",
    "accept_help": "Append the generated text to the shared input text in the sidebar.",
    "accept_too_long": "The input text would exceed {max} characters.",
    "generating": "Sampling {n} tokens…",
    "generated": "Appended {n} tokens with model.generate(seed={seed}, {settings}).",
    "reseeded": "The seed changed: the sampler restarted from seed {seed}.",
    "continuation_caption": (
        "Grey: the input as the model reads it; red: {n} generated token(s). The model only ever sees the last "
        "{block} tokens of this."
    ),
    "step_header": "Step {n}: sampled {token}",
    "step_caption": (
        "The distribution of step {n}: softmax of the last-position logits [V={V}] for a context of {ctx} tokens, "
        "light raw, dark after {settings}; {survivors} of {V} tokens could be drawn. The sampled token (outlined, ▶) "
        "had raw p = {raw:.4f} and was drawn with p = {filtered:.4f}."
    ),
    "lens_header": "Layer by layer: the logit lens",
    "lens": (
        "Each block adds its output to the residual stream. Decoding the stream after the embeddings and after every "
        "block with the model's own final LayerNorm and lm_head (`gpt_core.inspect.logit_lens`) shows what the model "
        "would predict if it stopped there. The last row is after the last block — the model's real prediction, the "
        "same numbers as the light bars above."
    ),
    "lens_caption": (
        "ln_f → lm_head → softmax applied to the residual stream [L+1={rows}, C={C}] at position {pos} {label}; "
        "top {k} tokens per row."
    ),
}

ctx = page_context()
model, tokenizer, config = ctx.ckpt.model, ctx.tokenizer, ctx.config
ids = list(ctx.prepared.ids)
T, V = len(ids), config.vocab_size
vocab = [tokenizer.token_str(i) for i in range(V)]
visible_vocab = visible_token_labels(vocab)
analysis = ctx.analysis()


def quoted(token_id: int) -> str:
    return f"`{visible_vocab[token_id]}`"


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

st.title(TEXT["title"])
st.write(TEXT["intro"].format(V=V))

# ---- controls ----------------------------------------------------------------------------------------------------
if st.session_state.get("nt_position_T") != T or st.session_state.get("nt_position") not in range(T):
    st.session_state["nt_position"] = T - 1  # a new text starts at the last position, where generation works
    st.session_state["nt_position_T"] = T
if T > 1:
    position = st.select_slider(TEXT["position"], options=list(range(T)), key="nt_position",
                                format_func=lambda i: f"{i}: {ctx.labels[i]}", help=TEXT["position_help"])
else:
    position = 0
c1, c2, c3, c4 = st.columns(4)
temperature = c1.slider(TEXT["temperature"], 0.0, 2.0, 1.0, 0.05, key="nt_temperature", help=TEXT["temperature_help"])
top_k = c2.slider(TEXT["top_k"], 0, V, 0, key="nt_top_k", help=TEXT["top_k_help"])
top_p = c3.slider(TEXT["top_p"], 0.05, 1.0, 1.0, 0.05, key="nt_top_p", help=TEXT["top_p_help"])
k_show = c4.slider(TEXT["k_show"], 3, min(V, 40), min(V, 10), key="nt_k_show") if V > 3 else V
sampling = Sampling.from_controls(temperature, top_k, top_p)


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
st.subheader(TEXT["dist_header"].format(pos=position, label=f"`{ctx.labels[position]}`"))
dist = distribution(analysis.logits[position], sampling, k_show)
actual = ids[position + 1] if position < T - 1 else None
rows = dist.rows(() if actual is None else (actual,))
highlight = next((n for n, (i, _, _) in enumerate(rows) if i == actual), None)
chart(highlighted_bars([vocab[i] for i, _, _ in rows], [r for _, r, _ in rows], [f for _, _, f in rows],
                       highlight=highlight, highlight_label="actual next",
                       title=f"next-token probabilities after position {position} [top {k_show} of V={V}]"),
      key="nt_bars", data=bars_frame(dist, rows), file_stem=f"next_token_pos{position}")
st.caption(TEXT["dist_caption"].format(pos=position, V=V, T=T, settings=sampling.describe(), k=k_show))
m1, m2, m3 = st.columns(3)
m1.metric(TEXT["survivors"], f"{dist.survivors} of {V}")
for col, key, h in ((m2, "entropy_raw", dist.entropy_raw), (m3, "entropy_filtered", dist.entropy_filtered)):
    col.metric(TEXT[key], TEXT["entropy_value"].format(nats=h),
               TEXT["entropy_delta"].format(bits=h / math.log(2), eff=math.exp(h)), delta_color="off", delta_arrow="off", help=TEXT["entropy_help"])
if actual is None:
    st.info(TEXT["last_position"])
else:
    st.info(TEXT["actual_next"].format(pos=position, token=quoted(actual), raw=dist.raw[actual], rank=dist.rank(actual),
                                       V=V, filtered=dist.filtered[actual],
                                       never=TEXT["actual_never"] if dist.filtered[actual] == 0 else ""))
with st.expander(TEXT["numbers_expander"]):
    st.markdown(TEXT["why_softmax"])
    st.markdown(TEXT["filters"])
    st.dataframe(bars_frame(dist, rows), hide_index=True)

# ---- one forward pass, T predictions -----------------------------------------------------------------------------
st.subheader(TEXT["forward_header"])
st.markdown(TEXT["forward"])
if T > 1:
    pp = per_position(analysis.probs, ids)
    chart(per_position_figure(ctx.labels, pp.target_probs, [vocab[i] for i in pp.target_ids],
                              [vocab[i] for i in pp.top_ids], pp.top_probs),
          key="nt_per_position", file_stem="next_token_per_position",
          data=pd.DataFrame({"position": range(T - 1), "reads": [vocab[i] for i in ids[:-1]],
                             "actual next": [vocab[i] for i in pp.target_ids], "p(actual next)": pp.target_probs,
                             "loss (-ln p)": pp.losses, "top prediction": [vocab[i] for i in pp.top_ids[:-1]],
                             "p(top)": pp.top_probs[:-1]}))
    st.caption(TEXT["forward_caption"].format(T=T, V=V, last=T - 2, T1=T - 1, loss=pp.mean_loss,
                                              uniform=math.log(V), hits=pp.hits))
else:
    st.info(TEXT["forward_single"])

# ---- generation --------------------------------------------------------------------------------------------------
st.subheader(TEXT["generate_header"])
st.markdown(TEXT["generate"].format(block=config.block_size))
g1, g2, g3, g4, g5, g6 = st.columns([1, 1, 1.1, 1.3, 0.9, 1.9], vertical_alignment="bottom")
seed = int(g1.number_input(TEXT["seed"], 0, 2**31 - 1, 0, 1, key="nt_seed"))
n_tokens = int(g2.number_input(TEXT["n_tokens"], 1, 500, 50, 1, key="nt_n"))
continuation = st.session_state["nt_ids"]
if g3.button(TEXT["next_step"], key="nt_next", type="primary"):
    run_seed = st.session_state["nt_rng_seed"]  # None: a fresh run (after Reset or Generate N) starts from the seed
    st.session_state["nt_message"] = TEXT["reseeded"].format(seed=seed) if run_seed not in (None, seed) else None
    generator = generator_for(seed, st.session_state["nt_rng"] if run_seed == seed else None)
    step = sample_step(model, context_ids(ids, continuation, config.block_size), sampling, generator)
    continuation.append(step.token_id)
    st.session_state.update(nt_rng=generator.get_state(), nt_rng_seed=seed, nt_last=step)
if g4.button(TEXT["generate_n"], key="nt_generate"):
    with st.spinner(TEXT["generating"].format(n=n_tokens)):
        continuation.extend(generate_continuation(model, ids + continuation, n_tokens, sampling, seed))
    st.session_state.update(nt_rng=None, nt_rng_seed=None, nt_last=None,
                            nt_message=TEXT["generated"].format(n=n_tokens, seed=seed, settings=sampling.describe()))
g5.button(TEXT["reset"], key="nt_reset", on_click=reset_generation, disabled=not continuation)
addition = tokenizer.decode(continuation) if continuation else ""
too_long = len(st.session_state.get("text") or "") + len(addition) > MAX_TEXT_CHARS
g6.button(TEXT["accept"], key="nt_accept", on_click=accept_continuation, args=(addition,),
          disabled=not continuation or too_long,
          help=TEXT["accept_too_long"].format(max=MAX_TEXT_CHARS) if too_long else TEXT["accept_help"])
if st.session_state["nt_message"]:
    st.caption(st.session_state["nt_message"])
st.html(continuation_html(tokenizer.decode(ids), addition))
st.caption(TEXT["continuation_caption"].format(n=len(continuation), block=config.block_size))

step = st.session_state["nt_last"]
if step is not None:
    step_dist = distribution(step.logits, step.sampling, k_show)
    step_rows = step_dist.rows((step.token_id,))
    chosen = next(n for n, (i, _, _) in enumerate(step_rows) if i == step.token_id)
    st.markdown("**" + TEXT["step_header"].format(n=len(continuation), token=quoted(step.token_id)) + "**")
    chart(highlighted_bars([vocab[i] for i, _, _ in step_rows], [r for _, r, _ in step_rows],
                           [f for _, _, f in step_rows], highlight=chosen, highlight_label="sampled",
                           title=f"step {len(continuation)}: next-token probabilities [top {k_show} of V={V}]"),
          key="nt_step_bars", data=bars_frame(step_dist, step_rows), file_stem=f"next_token_step{len(continuation)}")
    st.caption(TEXT["step_caption"].format(
        n=len(continuation), V=V, ctx=len(context_ids(ids, continuation[:-1], config.block_size)),
        settings=step.sampling.describe(), survivors=step_dist.survivors, raw=step_dist.raw[step.token_id],
        filtered=step_dist.filtered[step.token_id]))

# ---- logit lens --------------------------------------------------------------------------------------------------
st.subheader(TEXT["lens_header"])
st.markdown(TEXT["lens"])
lens_k = min(k_show, 10)
lens = lens_rows(model, analysis.acts, position, top_k=lens_k)
chart(logit_lens_figure(lens, vocab, title=f"logit lens at position {position} [L+1={len(lens)}, top {lens_k}]"),
      key="nt_lens", file_stem=f"logit_lens_pos{position}",
      data=pd.DataFrame([{"stage": row.name, "rank": r + 1, "id": i, "token": vocab[i], "probability": p}
                         for row in lens for r, (i, p) in enumerate(zip(row.ids, row.probs))]))
st.caption(TEXT["lens_caption"].format(rows=len(lens), C=config.n_embd, pos=position, label=f"`{ctx.labels[position]}`",
                                       k=lens_k))
