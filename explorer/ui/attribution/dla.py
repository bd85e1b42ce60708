"""Direct logit attribution: every part's share of one logit, as bars; a click on a head opens it on Attention."""
from __future__ import annotations

from functools import partial

import streamlit as st

from explorer.analysis.attribution import MANY_PARTS, SHOWN_PARTS, arrange_parts, attribution_table, parse_token, top_predictions
from explorer.figures.attribution import attribution_bars, part_label
from explorer.i18n import current_language, t
from explorer.ui import state
from explorer.ui.selection import selected_head
from explorer.ui.widgets import chart

from . import compute

OPEN_HEAD = "attr_open_head"  # set by a click on a head's bar: the next run opens the Attention page
ATTENTION_PAGE = "pages/attention.py"


def _on_bar_select(chart_key: str, L: int, nh: int) -> None:
    choice = selected_head(st.session_state.get(chart_key), L, nh)
    if choice is not None:
        state.put("layer", choice[0])
        state.put("head", choice[1])
        st.session_state[OPEN_HEAD] = True


def _remember_position(last: int) -> None:
    """on_change: choosing the last position means "follow the last position" when the text changes."""
    chosen = st.session_state["attr_position"]
    st.session_state["attr_position_choice"] = None if chosen == last else chosen


def choose_position(labels: list[str]) -> int:
    """The position whose prediction is explained: the last one unless the learner picked another."""
    T = len(labels)
    choice = st.session_state.get("attr_position_choice")
    if choice is not None and choice >= T - 1:
        choice = st.session_state["attr_position_choice"] = None
    position = T - 1 if choice is None else choice
    if T > 1:
        st.session_state["attr_position"] = position
        st.select_slider(t("attribution.dla.position"), options=list(range(T)), key="attr_position",
                         format_func=lambda i: t("attribution.position_option", i=i, label=labels[i]),
                         on_change=_remember_position, args=(T - 1,), help=t("attribution.dla.position_help"))
    return position


def choose_target(ctx, vocab: list[str], logits_row, position: int) -> int:
    """The token whose logit is explained: one of the top 10 predictions, or any single token typed in."""
    lang = current_language()  # bound now: Streamlit may call a format_func after the run
    top = top_predictions(logits_row, 10)
    probs = dict(top)
    left, right = st.columns([3, 2])
    chosen = left.selectbox(t("attribution.dla.target"), [i for i, _ in top], key=f"attr_target_{position}",
                            format_func=lambda i: t("attribution.dla.target_option", lang, token=vocab[i], id=i,
                                                    p=probs[i]))
    typed = right.text_input(t("attribution.dla.typed"), key="attr_typed", help=t("attribution.dla.typed_help"))
    if typed:
        typed_id = parse_token(ctx.tokenizer, typed, vocab)
        if typed_id is None:
            st.warning(t("attribution.dla.typed_bad", typed=typed))
        else:
            st.caption(t("attribution.dla.typed_used", token=vocab[typed_id], id=typed_id))
            return typed_id
    return chosen


def render(ctx) -> None:
    if st.session_state.pop(OPEN_HEAD, False):
        st.switch_page(ATTENTION_PAGE)
    analysis, config = ctx.analysis(), ctx.config
    L, nh, ids = config.n_layer, config.n_head, tuple(ctx.prepared.ids)
    vocab = compute.vocab_labels(ctx.tokenizer, ctx.model_key, config.vocab_size)
    st.subheader(t("attribution.dla.header"))
    st.markdown(t("attribution.dla.intro"))
    position = choose_position(ctx.labels)
    target = choose_target(ctx, vocab, analysis.logits[position], position)
    lang = current_language()
    by = st.segmented_control(t("attribution.dla.sort"), ["value", "layer"], key="attr_sort", default="value",
                              format_func=lambda v: t(f"attribution.dla.sort_{v}", lang), required=True) or "value"
    result = compute.attribution(ctx.ckpt.model, ctx.model_key, ids, target, position)
    table = attribution_table(result)
    limit = None
    if len(table) > MANY_PARTS and not st.checkbox(t("attribution.dla.show_all", n=len(table)), key="attr_all"):
        limit = SHOWN_PARTS
    shown = arrange_parts(table, by, limit)
    token, n = vocab[target], len(table)
    title = t("attribution.dla.chart_title", token=token, pos=position, label=ctx.labels[position], n=n)
    if limit is not None:
        title = t("attribution.dla.chart_title_some", title=title, k=len(shown))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("attribution.dla.logit"), f"{result.logit:.4f}")
    c2.metric(t("attribution.dla.sum_parts", n=n), f"{result.total:.4f}",
              delta=t("attribution.dla.gap", gap=result.total - result.logit), delta_color="off", delta_arrow="off")
    c3.metric(t("attribution.dla.scale"), f"{result.norm_scale:.4f}")
    st.markdown(t("attribution.dla.sum", token=token, id=target, pos=position, logit=result.logit, n=n,
                  total=result.total))
    fig = attribution_bars(list(shown["kind"]), list(shown["layer"]), list(shown["head"]), shown["value"], title)
    key = f"attr_bars_{position}_{target}_{by}_{limit}"
    data = table.assign(part=[part_label(k, l, h) for k, l, h in zip(table["kind"], table["layer"], table["head"])])
    chart(fig, key=key, data=data, file_stem=f"attribution_pos{position}_id{target}",
          on_select=partial(_on_bar_select, key, L, nh), selection_mode="points")
    st.caption(t("attribution.dla.click_hint"))
    norm = "rmsnorm" if config.norm == "rmsnorm" else "layernorm"
    st.caption(t(f"attribution.dla.frozen_{norm}", scale=result.norm_scale))
