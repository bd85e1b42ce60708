"""Lab: the parameter calculator — counts and formulas for any configuration, memory per format."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import figures
from explorer.figures import labs as figures_labs
from explorer.analysis import formatting
from explorer.i18n import current_language, error_text, t
from explorer.ui.widgets import chart
from gpt_core.config import ConfigError, GPTConfig
from gpt_core.interp.params import parameter_count_for_config
from gpt_core.interp import params

from .common import caption, md

FIELDS = ("n_layer", "n_embd", "n_head", "vocab_size", "block_size", "mlp_ratio")
# the family switches (GPT-2 / Llama) the fields above do not show: the "model" preset keeps the loaded model's
FAMILY = ("n_kv_head", "mlp_hidden", "activation", "norm", "attn_bias", "mlp_bias")
DEFAULTS = GPTConfig()


def _presets(cfg) -> dict:
    """The loaded model's configuration first, then the named ones."""
    return {"model": dict(n_layer=cfg.n_layer, n_embd=cfg.n_embd, n_head=cfg.n_head, vocab_size=cfg.vocab_size,
                          block_size=cfg.block_size, mlp_ratio=cfg.mlp_ratio, tie_weights=cfg.tie_weights,
                          bias=cfg.bias, pos_encoding=cfg.pos_encoding,
                          family={name: getattr(cfg, name) for name in FAMILY
                                  if getattr(cfg, name) != getattr(DEFAULTS, name)}),
            **{name: dict(values, mlp_ratio=4, bias=True, pos_encoding="learned", family={})
               for name, values in params.CONFIG_PRESETS.items()}}


def _apply_preset(presets: dict) -> None:
    preset = presets.get(st.session_state.get("labs_preset"))
    if preset is not None:
        for name, value in preset.items():  # "labs_p_family" is kept across edits: no widget shows it
            st.session_state[f"labs_p_{name}"] = value


def _custom() -> None:
    st.session_state["labs_preset"] = "custom"


def render(ctx) -> None:
    LANG = current_language()  # bound now: Streamlit may call a format_func after the run
    cfg = ctx.config
    presets = _presets(cfg)
    md(t("labs.params.intro"))
    if "labs_p_n_layer" not in st.session_state:  # first visit (widget state is dropped on page switches)
        st.session_state["labs_preset"] = "model"
        _apply_preset(presets)
    st.selectbox(t("labs.params.preset"), [*presets, "custom"],
                 format_func=lambda p: t(f"labs.params.preset.{p}", LANG),
                 key="labs_preset", on_change=_apply_preset, args=(presets,))
    cols = st.columns(len(FIELDS))
    for col, name in zip(cols, FIELDS):
        col.number_input(t(f"labs.params.{name}"), min_value=1, max_value=2**20 if name == "vocab_size" else 10**6,
                         step=1, key=f"labs_p_{name}", on_change=_custom)
    left, mid, right = st.columns(3)
    left.toggle(t("labs.params.tie"), key="labs_p_tie_weights", on_change=_custom)
    mid.toggle(t("labs.params.bias"), key="labs_p_bias", on_change=_custom)
    right.selectbox(t("labs.params.pos"), ["learned", "sinusoidal", "rope", "none"], key="labs_p_pos_encoding",
                    format_func=lambda p: t(f"labs.params.pos.{p}", LANG),
                    on_change=_custom)
    try:
        chosen = GPTConfig(**{name: int(st.session_state[f"labs_p_{name}"]) for name in FIELDS},
                           tie_weights=bool(st.session_state["labs_p_tie_weights"]),
                           bias=bool(st.session_state["labs_p_bias"]),
                           pos_encoding=st.session_state["labs_p_pos_encoding"],
                           **st.session_state.get("labs_p_family", {}))
    except ConfigError as err:
        st.error(t("labs.params.invalid", error=error_text(err)))
    else:
        counts = parameter_count_for_config(chosen)  # arithmetic on the config: no model is built
        total = counts["total"]
        st.metric(t("labs.params.total"), f"{total:,}", help=formatting.human_count(total))
        family = st.session_state.get("labs_p_family", {})
        if family:
            caption(t("labs.params.family", switches=", ".join(f"`{k}={v}`" for k, v in family.items())))
        formulas = params.parameter_formulas(chosen)
        groups = [g for g in counts if g != "total"]
        fig = figures_labs.retitle(figures.parameter_bar(counts),
                                   t("labs.params.bar_title", total=formatting.human_count(total)),
                                   x_title=t("labs.params.axis_params"))
        chart(fig, "labs_params_bar", pd.DataFrame({"group": groups, "parameters": [counts[g] for g in groups],
                                                    "formula": [formulas[g] for g in groups]}), "parameter_breakdown")
        st.dataframe(pd.DataFrame({t("labs.params.col_group"): groups,
                                   t("labs.params.col_count"): [f"{counts[g]:,}" for g in groups],
                                   t("labs.params.col_share"): [f"{counts[g] / total:.1%}" for g in groups],
                                   t("labs.params.col_formula"): formulas.values()}), hide_index=True)
        if st.session_state.get("labs_preset") == "model":
            actual = ctx.ckpt.model.num_parameters()
            (st.success if actual == total else st.warning)(t("labs.params.matches", counted=total, actual=actual))
        memory = params.memory_estimate(total)
        md(t("labs.params.memory_header"))
        st.dataframe(pd.DataFrame({
            t("labs.params.col_format"): [t(f"labs.params.mem.{name}") for name in memory],
            t("labs.params.col_bytes"): [params.BYTES_PER_PARAM[name] for name in memory],
            t("labs.params.col_memory"): [formatting.human_bytes(b) for b in memory.values()]}), hide_index=True)
        caption(t("labs.params.memory_caption"))
        per_layer = (counts["attention"] + counts["mlp"]) // chosen.n_layer
        reshaped = bool(set(family) - {"activation"}) or family.get("activation") == "swiglu"  # not 12·C² a layer
        how = t("labs.params.per_layer.family" if reshaped else "labs.params.per_layer.gpt")
        md(t("labs.params.scale_text", per_layer=formatting.human_count(per_layer), how=how,
                      C=chosen.n_embd, attn=counts["attention"] / max(total, 1), mlp=counts["mlp"] / max(total, 1),
                      emb=(counts["wte"] + counts["wpe"] + counts["lm_head"]) / max(total, 1)))
