"""Small drawing helpers shared by pages: a chart with its data download."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures.export import chart_config, safe_stem
from explorer.i18n import current_language, t


def _to_jsonable(value):
    if isinstance(value, np.ndarray):
        return np.where(np.isfinite(value), value, None).tolist() if value.dtype.kind == "f" else value.tolist()
    if isinstance(value, dict):
        return {k: _to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def chart(fig, key: str, data: pd.DataFrame | dict | None = None, file_stem: str | None = None, **plotly_kwargs):
    """Draw a plotly figure and offer its numbers as CSV or JSON. The toolbar's camera button downloads the picture
    as PNG or SVG (the sidebar's Export setting), rendered by the browser."""
    stem = file_stem or key
    config = chart_config(stem, st.session_state.get("chart_format", "png"))
    event = st.plotly_chart(fig, key=key, theme=None, config=config, **plotly_kwargs)
    if data is not None:
        data_download(data, stem, key)
    return event


def data_download(data: pd.DataFrame | dict, stem: str, key: str) -> None:
    """A download button for a chart's numbers: a table as CSV, a dict of arrays and labels as JSON."""
    is_table = isinstance(data, pd.DataFrame)
    name = f"{safe_stem(stem)}.csv" if is_table else f"{safe_stem(stem)}.json"

    def payload() -> bytes:  # built only when clicked: a T=128 page holds megabytes of numbers
        if is_table:
            return data.to_csv(index=False).encode()
        return json.dumps(_to_jsonable(data)).encode()

    st.download_button(t("widgets.download", fmt=name.rsplit(".", 1)[1].upper()), payload, file_name=name,
                       mime="text/csv" if is_table else "application/json", key=f"dl-{key}", on_click="ignore")


def mirror_state(widget_key: str, state_key: str) -> None:
    """Show a shared session value in this page's own widget.

    Streamlit drops a widget's key when the user switches pages, so pages keep page-local widget keys
    and copy the shared value in before drawing (and back out with copy_to_state on change).
    """
    st.session_state[widget_key] = st.session_state.get(state_key)


def copy_to_state(widget_key: str, state_key: str) -> None:
    """on_change callback: write a page-local widget's value back to the shared session key."""
    value = st.session_state.get(widget_key)
    if value is not None:
        st.session_state[state_key] = value


def index_picker(label: str, n: int, widget_key: str, state_key: str, prefix: str, where=st) -> None:
    """Choose 0..n-1 (a layer or a head) bound to a shared session key: buttons up to 16, a selectbox beyond."""
    mirror_state(widget_key, state_key)
    common = dict(key=widget_key, on_change=copy_to_state, args=(widget_key, state_key))
    if n <= 16:
        where.segmented_control(label, list(range(n)), format_func=lambda v: f"{prefix}{v}", required=True, **common)
    else:
        where.selectbox(label, list(range(n)), format_func=lambda v: f"{prefix}{v}", **common)


def comparison_metrics(cols, cmp, prefix: str) -> None:
    """Loss on the text before and after a change (or why there is none), and the share of positions whose top
    prediction changed, in cols[0], cols[1] and cols[2].

    cmp: gpt_core.interp.losses.compare_predictions(...); prefix: the catalogue prefix with loss_before,
    loss_after, one_token and top1_changed (e.g. "labs.cmp").
    """
    if cmp["loss_before"] is not None:
        cols[0].metric(t(f"{prefix}.loss_before"), f"{cmp['loss_before']:.3f}")
        cols[1].metric(t(f"{prefix}.loss_after"), f"{cmp['loss_after']:.3f}",
                       delta=f"{cmp['loss_after'] - cmp['loss_before']:+.3f}", delta_color="inverse")
    else:
        cols[0].info(t(f"{prefix}.one_token"))
    cols[2].metric(t(f"{prefix}.top1_changed"), f"{cmp['top1_changed']:.0%}")


def topic_picker(label: str, topics, state_key: str, format_func) -> str:
    """One of several sections (a lab, an experiment), kept in state_key across pages; a segmented control
    rather than st.tabs, so only the chosen section runs."""
    topics = list(topics)
    if st.session_state.get(state_key) not in topics:
        st.session_state[state_key] = topics[0]
    widget_key = f"{state_key}_picker"
    mirror_state(widget_key, state_key)
    chosen = st.segmented_control(label, topics, format_func=format_func, key=widget_key, required=True,
                                  on_change=copy_to_state, args=(widget_key, state_key), label_visibility="collapsed")
    return chosen or st.session_state[state_key]


def scrambled_positions(ctx, key_prefix: str, mode_label: str, mode_name, seed_label: str):
    """Shuffle or zero the position embeddings (a mode radio and a seed): returns the mode and the analysis of
    the run with them changed."""
    from gpt_core.capture import Interventions

    left, right = st.columns(2)
    mode = left.radio(mode_label, ["shuffle", "zero"], format_func=mode_name, horizontal=True, key=f"{key_prefix}_mode")
    seed = int(right.number_input(seed_label, 0, 10_000, 0, key=f"{key_prefix}_seed", disabled=mode != "shuffle"))
    return mode, ctx.analysis(Interventions(positions=mode, shuffle_seed=seed if mode == "shuffle" else 0))


def sectioned_page(ctx, prefix: str, sections: dict) -> None:
    """A Learn page of independent sections (labs, experiments): its title and intro (catalogue keys
    `{prefix}.title`, `{prefix}.intro`), a picker (`{prefix}.pick`, names `{prefix}.tab.<name>`) and the chosen
    section, drawn by sections[name](ctx)."""
    lang = current_language()  # bound now: Streamlit may call a format_func after the run
    st.title(t(f"{prefix}.title"))
    st.markdown(t(f"{prefix}.intro"), unsafe_allow_html=True)  # the catalogue's prose uses <sub>/<sup>
    topic = topic_picker(t(f"{prefix}.pick"), sections, f"{prefix}_topic", lambda name: t(f"{prefix}.tab.{name}", lang))
    sections[topic](ctx)
