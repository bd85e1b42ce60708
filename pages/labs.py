"""Concept labs: position encodings, the 1/sqrt(d_k) scale, the MLP, parameter counts and two views of matmul,
each on the loaded model and the input text. Prose: explorer/locales/<lang>/labs.py."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer import figures, figures_labs, formatting, state
from explorer.analysis_attention import clamp_index
from explorer.context import page_context
from explorer.i18n import current_language, t
from explorer.widgets import chart, comparison_metrics
from gpt_core.capture import Interventions
from gpt_core.config import ConfigError, GPTConfig
from gpt_core.inspect import parameter_count_for_config, scaling_demo
from gpt_core.interp import attention_math, losses, mlp, params, positions

ctx = page_context()
# Bound now: Streamlit may call a format_func after the run, where the session language is not visible.
LANG = current_language()
cfg = ctx.config
labels = ctx.labels
ids = list(ctx.prepared.ids)
T, L, nh, C = len(ids), cfg.n_layer, cfg.n_head, cfg.n_embd
hs, V = cfg.head_size, cfg.vocab_size
analysis = ctx.analysis()
MAX_POSITIONS = 256  # rows of a position table drawn (GPT-2 has 1024: too many cells to read)
MAX_NEURONS = 1024  # MLP hidden units drawn in the heatmap


def md(text: str) -> None:
    st.markdown(text, unsafe_allow_html=True)  # the catalogue's prose uses <sub>/<sup> for indices


def caption(text: str) -> None:
    st.caption(text, unsafe_allow_html=True)


@st.cache_data(show_spinner=False)
def _scaling_demo() -> dict:
    return scaling_demo()


@st.cache_data(show_spinner=False, max_entries=8)
def _position_tables(_model, model_key: str) -> dict:
    return positions.position_tables(_model, MAX_POSITIONS)


@st.cache_data(show_spinner=False, max_entries=8)
def _rope_demo(head_size: int, n_positions: int) -> dict:
    return positions.rope_relative_demo(head_size, n_positions)


def _layer_head(prefix: str, where, with_head: bool = True) -> tuple[int, int]:
    """Layer (and head) pickers for one tab; they start at the layer/head chosen on the other pages."""
    left, right = where.columns(2)
    layer = left.selectbox(t("labs.layer"), list(range(L)), index=clamp_index(state.get("layer"), L),
                           format_func=lambda v: f"L{v}", key=f"{prefix}_layer")
    head = 0
    if with_head:
        head = right.selectbox(t("labs.head"), list(range(nh)), index=clamp_index(state.get("head"), nh),
                               format_func=lambda v: f"H{v}", key=f"{prefix}_head")
    return layer, head


st.title(t("labs.title"))
md(t("labs.intro"))
tab_pos, tab_scale, tab_mlp, tab_params, tab_matmul = st.tabs(
    [t("labs.tab.positions"), t("labs.tab.scaling"), t("labs.tab.mlp"), t("labs.tab.params"), t("labs.tab.matmul")])

# ================================================================================================
# Position encodings
# ================================================================================================
with tab_pos:
    pos = cfg.pos_encoding
    md(t("labs.pos.intro", pos=pos, how=t(f"labs.pos.how.{pos}")))
    md(t("labs.pos.content"))

    tables = _position_tables(ctx.ckpt.model, ctx.model_key)
    learned, sinusoidal = tables["learned"], tables["sinusoidal"]
    P = sinusoidal.shape[0]
    pos_labels = [str(p) for p in range(P)]
    dim_labels = [str(c) for c in range(C)]
    st.subheader(t("labs.pos.tables_header"))
    left, right = st.columns(2)
    with left:
        if learned is not None:
            fig = figures.matrix_heatmap(learned, dim_labels, pos_labels, zmid=0.0,
                                         title=t("labs.pos.learned_title", P=P, C=C),
                                         x_title=t("labs.pos.axis_dim"), y_title=t("labs.pos.axis_pos"), max_labels=16)
            fig = figures_labs.compact_heatmap(fig, "t=%{y}, c=%{x}: %{z:.4f}<extra></extra>")
            chart(fig, "labs_wpe", {"wpe [P, C]": learned}, "wpe")
            caption(t("labs.pos.learned_caption", P=P, last=P - 1, C=C, block=cfg.block_size))
        else:
            st.info(t("labs.pos.no_learned", pos=pos))
    with right:
        fig = figures.matrix_heatmap(sinusoidal, dim_labels, pos_labels, zmid=0.0,
                                     title=t("labs.pos.sin_title", P=P, C=C),
                                     x_title=t("labs.pos.axis_dim"), y_title=t("labs.pos.axis_pos"), max_labels=16)
        fig = figures_labs.compact_heatmap(fig, "t=%{y}, c=%{x}: %{z:.4f}<extra></extra>")
        chart(fig, "labs_sinusoidal", {"sinusoidal PE [P, C]": sinusoidal}, "sinusoidal_pe")
        caption(t("labs.pos.sin_caption", P=P, C=C))

    st.subheader(t("labs.pos.int_header"))
    table_name = "wpe" if learned is not None else "PE"
    table = learned if learned is not None else sinusoidal
    near, mid, far = 1, max(2, P // 8), max(3, P // 2)
    dots = positions.integer_vs_embedding(table, (near, mid, far))
    cos_at = dots["cos_at"]
    md(t("labs.pos.int_text", int_max=dots["int_max"], emb_std=dots["emb_std"], last=P - 1,
         self_int=dots["self_match_int"], table=table_name, near=cos_at.get(near, float("nan")),
         mid=cos_at.get(mid, float("nan")), far=cos_at.get(far, float("nan")), d_mid=mid, d_far=far,
         adjacent=dots["neighbour_match"], adjacent_sin=positions.integer_vs_embedding(sinusoidal)["neighbour_match"]))
    left, right = st.columns(2)
    with left:
        fig = figures.matrix_heatmap(dots["int_dots"], pos_labels, pos_labels, title=t("labs.pos.int_title", P=P),
                                     x_title=t("labs.pos.axis_j"), y_title=t("labs.pos.axis_i"), max_labels=16)
        fig = figures_labs.compact_heatmap(fig, "i=%{y}, j=%{x}: %{z:,.0f}<extra></extra>")
        chart(fig, "labs_int_dots", {"i*j [P, P]": dots["int_dots"]}, "integer_dots")
        caption(t("labs.pos.int_caption", max=dots["int_dots"].max()))
    with right:
        fig = figures.matrix_heatmap(dots["cosine"], pos_labels, pos_labels, zmid=0.0,
                                     title=t("labs.pos.emb_title", table=table_name, P=P),
                                     x_title=t("labs.pos.axis_j"), y_title=t("labs.pos.axis_i"), max_labels=16)
        fig = figures_labs.compact_heatmap(fig, "i=%{y}, j=%{x}: %{z:.4f}<extra></extra>")
        chart(fig, "labs_emb_cosine", {f"cosine({table_name}_i, {table_name}_j) [P, P]": dots["cosine"]},
              "position_cosine")
        caption(t("labs.pos.emb_caption", table=table_name, P=P, C=C))

    st.subheader(t("labs.pos.rope_header"))
    if hs % 2:
        st.info(t("labs.pos.rope_odd", hs=hs))
    else:
        R = min(cfg.block_size, 64)
        rope = _rope_demo(hs, R)
        md(t("labs.pos.rope_text", pairs=hs // 2, hs=hs, P=R))
        left, right = st.columns(2)
        with left:
            index_labels = [str(p) for p in range(R)]
            fig = figures.matrix_heatmap(rope["scores"], index_labels, index_labels, zmid=0.0,
                                         title=t("labs.pos.rope_matrix_title", P=R),
                                         x_title=t("labs.pos.axis_key_n"), y_title=t("labs.pos.axis_query_m"),
                                         max_labels=16)
            fig = figures_labs.compact_heatmap(fig, "m=%{y}, n=%{x}: %{z:.4f}<extra></extra>")
            chart(fig, "labs_rope_matrix", {"q": rope["q"], "k": rope["k"], "scores [m, n]": rope["scores"]},
                  "rope_scores")
            caption(t("labs.pos.rope_matrix_caption", spread=rope["spread"], plain=rope["plain_dot"]))
        with right:
            rows = sorted({R - 1, (2 * R) // 3, R // 3}, reverse=True)
            fig = figures_labs.offset_figure(rope["scores"], {
                "title": t("labs.pos.rope_lines_title"), "x": t("labs.pos.rope_x"), "y": t("labs.pos.rope_y"),
                "row": t("labs.pos.rope_row")}, rows=rows)
            chart(fig, "labs_rope_offsets", {"offset n-m": rope["offsets"], "score": rope["by_offset"]},
                  "rope_by_offset")
            caption(t("labs.pos.rope_lines_caption"))

    st.subheader(t("labs.pos.shuffle_header"))
    if pos not in ("learned", "sinusoidal"):
        st.info(t("labs.pos.not_applicable", pos=pos))
    else:
        md(t("labs.pos.shuffle_text"))
        left, right = st.columns(2)
        mode = left.radio(t("labs.pos.mode"), ["shuffle", "zero"], format_func=lambda m: t(f"labs.pos.mode.{m}", LANG),
                          horizontal=True, key="labs_pos_mode")
        seed = int(right.number_input(t("labs.pos.seed"), 0, 10_000, 0, key="labs_pos_seed",
                                      disabled=mode != "shuffle"))
        after = ctx.analysis(Interventions(positions=mode, shuffle_seed=seed if mode == "shuffle" else 0))
        cmp = losses.compare_predictions(analysis.logits, after.logits, ids)
        names = (t("labs.cmp.before"), t(f"labs.cmp.after_{mode}"))
        comparison_metrics(st.columns(3), cmp, "labs.cmp")
        fig = figures_labs.before_after_bars([ctx.tokenizer.token_str(i) for i in cmp["tokens"]], cmp["before"],
                                             cmp["after"], names, t("labs.cmp.bars_title", last=labels[-1], V=V),
                                             t("labs.cmp.prob"))
        chart(fig, "labs_pos_bars", pd.DataFrame({"token": [ctx.tokenizer.token_str(i) for i in cmp["tokens"]],
                                                  "before": cmp["before"], "after": cmp["after"]}),
              f"positions_{mode}_next_token")
        full_table = positions.position_tables(ctx.ckpt.model)[pos]  # all block_size rows: any of them may be drawn
        received = positions.positions_received(after.acts["transformer.hook_pos_emb"], full_table)
        shown = min(T, 16)
        pairs = ", ".join(f"{i}←{r if r >= 0 else '∅'}" for i, r in enumerate(received[:shown]))
        caption(t(f"labs.pos.perm_caption_{mode}", n=shown, T=T, pairs=pairs))
        caption(t("labs.cmp.loss_help", n=T - 1, lnv=float(np.log(V))))

# ================================================================================================
# Why divide by sqrt(d_k)
# ================================================================================================
with tab_scale:
    md(t("labs.scale.intro"))
    demo = _scaling_demo()
    fig = figures_labs.scaling_demo_figure(demo, {
        "title": t("labs.scale.demo_title"), "left": t("labs.scale.demo_left"), "right": t("labs.scale.demo_right"),
        "x": t("labs.scale.demo_x"), "var": t("labs.scale.demo_var"), "max_weight": t("labs.scale.demo_max"),
        "dot": "q·k", "scaled": "q·k / √d", "softmax": "softmax(q·k)", "softmax_scaled": "softmax(q·k / √d)"})
    chart(fig, "labs_scaling_demo", demo, "scaling_demo")
    i_256 = demo["d"].index(256) if 256 in demo["d"] else -1
    caption(t("labs.scale.demo_caption", d=demo["d"][i_256], var=demo["var_dot"][i_256],
                 scaled=demo["var_scaled"][i_256], unscaled_max=demo["max_prob_unscaled"][i_256],
                 scaled_max=demo["max_prob_scaled"][i_256]))

    st.subheader(t("labs.scale.real_header"))
    variance = attention_math.qk_variance_by_layer(analysis.stack("attn.hook_q"), analysis.stack("attn.hook_k"))
    if T < 2:
        st.info(t("labs.scale.too_short"))
    else:
        fig = figures_labs.line_chart(list(range(L)), {t("labs.scale.var_dot"): variance["var_dot"],
                                                       t("labs.scale.var_scaled"): variance["var_scaled"]},
                                      t("labs.scale.real_title", L=L, nh=nh, T=T, hs=hs), t("labs.scale.axis_layer"),
                                      t("labs.scale.axis_var"), log_y=True, hlines={f"hs = {hs}": hs, "1": 1.0})
        fig.update_xaxes(tickmode="array", tickvals=list(range(L)), ticktext=[f"L{l}" for l in range(L)])
        chart(fig, "labs_qk_variance", pd.DataFrame({"layer": range(L), "var(q.k)": variance["var_dot"],
                                                     "var(q.k/sqrt(hs))": variance["var_scaled"],
                                                     "var(q_c)": variance["var_q"], "var(k_c)": variance["var_k"]}),
              "qk_variance_by_layer")
        caption(t("labs.scale.real_caption", L=L, nh=nh, T=T, hs=hs))
        md(t("labs.scale.real_text", hs=hs, lo=variance["var_dot"].min(), hi=variance["var_dot"].max(),
                      slo=variance["var_scaled"].min(), shi=variance["var_scaled"].max(),
                      qlo=variance["var_q"].min(), qhi=variance["var_q"].max(),
                      klo=variance["var_k"].min(), khi=variance["var_k"].max()))

    st.subheader(t("labs.scale.toggle_header"))
    layer, head = _layer_head("labs_scale", st)
    off = ctx.analysis(Interventions(scale_scores=False))
    with_scale = analysis.block(layer, "attn.hook_pattern")[head]  # [T, T]
    without = off.block(layer, "attn.hook_pattern")[head]  # [T, T]
    ent_on, ent_off = attention_math.mean_row_entropy(with_scale), attention_math.mean_row_entropy(without)
    left, right = st.columns(2)
    note = t("labs.masked_note")
    for where, pattern, key, title, ent in ((left, with_scale, "labs_scale_on", "labs.scale.on_title", ent_on),
                                            (right, without, "labs_scale_off", "labs.scale.off_title", ent_off)):
        with where:
            fig = figures_labs.relabel(figures.attention_heatmap(pattern, labels),
                                       t(title, layer=layer, head=head, T=T),
                                       t("labs.axis_key"), t("labs.axis_query"), note=note,
                                       colorbar=t("labs.weight"))
            chart(fig, key, {"tokens": labels, "pattern [T, T]": pattern}, f"{key}_L{layer}_H{head}")
            st.metric(t("labs.scale.entropy"), f"{ent:.3f}")
    caption(t("labs.scale.toggle_caption", layer=layer, head=head, T=T, on=ent_on, off=ent_off,
                 uniform=float(np.mean(np.log(np.arange(2, T + 1)))) if T > 1 else 0.0))

# ================================================================================================
# MLP
# ================================================================================================
with tab_mlp:
    hidden = cfg.mlp_ratio * C
    act = cfg.activation.upper()
    md(t("labs.mlp.intro", C=C, H=hidden, r=cfg.mlp_ratio, act=act, T=T))
    layer, _ = _layer_head("labs_mlp", st, with_head=False)
    which = st.radio(t("labs.mlp.show"), ["post", "pre"], format_func=lambda w: t(f"labs.mlp.show_{w}", LANG, act=act),
                     horizontal=True, key="labs_mlp_which")
    pre = analysis.block(layer, "mlp.hook_pre")  # [T, 4C]
    post = analysis.block(layer, "mlp.hook_post")  # [T, 4C]
    st.code(t("labs.mlp.shapes", T=T, C=C, H=hidden, act=act, layer=layer), language=None)
    values = post if which == "post" else pre
    n_show = min(hidden, MAX_NEURONS)
    fig = figures.matrix_heatmap(values[:, :n_show], [str(n) for n in range(n_show)], labels, zmid=0.0,
                                 title=t(f"labs.mlp.heat_title_{which}", layer=layer, T=T, H=hidden),
                                 x_title=t("labs.mlp.axis_neuron"), y_title=t("labs.mlp.axis_token"))
    fig = figures_labs.compact_heatmap(fig, "t=%{y}, #%{x}: %{z:.3f}<extra></extra>")
    chart(fig, "labs_mlp_heatmap", {"tokens": labels, f"mlp.hook_{which} [T, 4C]": values},
          f"mlp_{which}_L{layer}")
    caption(t(f"labs.mlp.heat_caption_{which}", layer=layer, T=T, H=hidden, shown=n_show))

    md(t("labs.mlp.top_header"))
    top_ids, top_values = mlp.top_neurons(post, k=3)
    top_table = pd.DataFrame({
        t("labs.mlp.col_position"): range(T), t("labs.mlp.col_token"): labels,
        **{t("labs.mlp.col_rank", rank=r + 1): [f"#{int(n)} ({v:.2f})" for n, v in zip(top_ids[:, r], top_values[:, r])]
           for r in range(top_ids.shape[1])}})
    st.dataframe(top_table, hide_index=True, height=min(400, 38 + 35 * T))
    counts = pd.Series(top_ids[:, 0]).value_counts()
    caption(t("labs.mlp.top_caption", layer=layer, distinct=len(counts), T=T, busiest=int(counts.index[0]),
                 times=int(counts.iloc[0])))

    st.subheader(t("labs.mlp.act_header"))
    x = np.linspace(-4, 4, 161)
    fig = figures_labs.activation_figure(x, mlp.activation("relu", x), mlp.activation("gelu", x), pre, {
        "title": t("labs.mlp.act_title", layer=layer, T=T, H=hidden), "x": t("labs.mlp.act_x"),
        "y": t("labs.mlp.act_y"), "hist_y": t("labs.mlp.act_hist_y"), "relu": "ReLU(x) = max(0, x)",
        "gelu": "GELU(x) = x·Φ(x)", "hist": t("labs.mlp.act_hist", layer=layer)})
    chart(fig, "labs_activation", {"x": x, "relu": mlp.activation("relu", x), "gelu": mlp.activation("gelu", x)}, "relu_gelu")
    shares = [mlp.negative_share(analysis.block(l, "mlp.hook_pre")) for l in range(L)]
    share = shares[layer]
    md(t("labs.mlp.act_text", act=act, layer=layer, neg=share["negative"], deep=share["below_minus_3"],
                  mean=share["gelu_neg_mean"], lo=share["gelu_neg_min"]))
    st.dataframe(pd.DataFrame({
        t("labs.mlp.col_layer"): [f"L{l}" for l in range(L)],
        t("labs.mlp.col_negative"): [f"{s['negative']:.1%}" for s in shares],
        t("labs.mlp.col_deep"): [f"{s['below_minus_3']:.1%}" for s in shares],
        t("labs.mlp.col_gelu_mean"): [f"{s['gelu_neg_mean']:.3f}" for s in shares]}), hide_index=True)
    md(t("labs.mlp.why"))

# ================================================================================================
# Parameter calculator
# ================================================================================================
FIELDS = ("n_layer", "n_embd", "n_head", "vocab_size", "block_size", "mlp_ratio")
PRESETS = {"model": dict(n_layer=L, n_embd=C, n_head=nh, vocab_size=V, block_size=cfg.block_size,
                         mlp_ratio=cfg.mlp_ratio, tie_weights=cfg.tie_weights, bias=cfg.bias,
                         pos_encoding=cfg.pos_encoding),
           **{name: dict(values, mlp_ratio=4, bias=True, pos_encoding="learned")
              for name, values in params.CONFIG_PRESETS.items()}}


def _apply_preset() -> None:
    preset = PRESETS.get(st.session_state.get("labs_preset"))
    if preset is not None:
        for name, value in preset.items():
            st.session_state[f"labs_p_{name}"] = value


def _custom() -> None:
    st.session_state["labs_preset"] = "custom"


with tab_params:
    md(t("labs.params.intro"))
    if "labs_p_n_layer" not in st.session_state:  # first visit (widget state is dropped on page switches)
        st.session_state["labs_preset"] = "model"
        _apply_preset()
    st.selectbox(t("labs.params.preset"), [*PRESETS, "custom"],
                 format_func=lambda p: t(f"labs.params.preset.{p}", LANG),
                 key="labs_preset", on_change=_apply_preset)
    cols = st.columns(len(FIELDS))
    for col, name in zip(cols, FIELDS):
        col.number_input(t(f"labs.params.{name}"), min_value=1, max_value=2**20 if name == "vocab_size" else 10**6,
                         step=1, key=f"labs_p_{name}", on_change=_custom)
    left, mid, right = st.columns(3)
    left.toggle(t("labs.params.tie"), key="labs_p_tie_weights", on_change=_custom)
    mid.toggle(t("labs.params.bias"), key="labs_p_bias", on_change=_custom)
    right.selectbox(t("labs.params.pos"), ["learned", "sinusoidal", "rope", "none"], key="labs_p_pos_encoding",
                    on_change=_custom)
    try:
        chosen = GPTConfig(**{name: int(st.session_state[f"labs_p_{name}"]) for name in FIELDS},
                           tie_weights=bool(st.session_state["labs_p_tie_weights"]),
                           bias=bool(st.session_state["labs_p_bias"]),
                           pos_encoding=st.session_state["labs_p_pos_encoding"])
    except ConfigError as err:
        st.error(t("labs.params.invalid", error=str(err)))
    else:
        counts = parameter_count_for_config(chosen)  # arithmetic on the config: no model is built
        total = counts["total"]
        st.metric(t("labs.params.total"), f"{total:,}", help=formatting.human_count(total))
        formulas = params.parameter_formulas(chosen)
        groups = [g for g in counts if g != "total"]
        fig = figures_labs.relabel(figures.parameter_bar(counts),
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
        md(t("labs.params.scale_text", per_layer=formatting.human_count(per_layer),
                      C=chosen.n_embd, attn=counts["attention"] / max(total, 1), mlp=counts["mlp"] / max(total, 1),
                      emb=(counts["wte"] + counts["wpe"] + counts["lm_head"]) / max(total, 1)))

# ================================================================================================
# Two views of matrix multiplication
# ================================================================================================
with tab_matmul:
    md(t("labs.matmul.intro"))
    layer, head = _layer_head("labs_matmul", st)
    if not 0 <= st.session_state.get("labs_matmul_i", -1) < T:  # first visit, or the text got shorter
        st.session_state["labs_matmul_i"] = T - 1
    i = int(st.number_input(t("labs.matmul.query"), 0, T - 1, key="labs_matmul_i"))
    q = analysis.block(layer, "attn.hook_q")[head]  # [T, hs]
    k = analysis.block(layer, "attn.hook_k")[head]  # [T, hs]
    views = attention_math.matmul_check(q, k, analysis.block(layer, "attn.hook_scores")[head, i], i)
    st.latex(t("labs.matmul.formula"))
    left, right = st.columns(2)
    dims = [str(c) for c in range(hs)]
    with left:
        fig = figures.matrix_heatmap(views["products"], dims, labels, zmid=0.0,
                                     title=t("labs.matmul.row_title", T=T, hs=hs, i=i),
                                     x_title=t("labs.matmul.axis_c"), y_title=t("labs.matmul.axis_key"))
        chart(fig, "labs_matmul_rows", {"tokens": labels, "q_i": views["q_i"], "products [T, hs]": views["products"]},
              f"row_view_L{layer}_H{head}_q{i}")
        caption(t("labs.matmul.row_caption", T=T, hs=hs, i=i))
    with right:
        fig = figures.matrix_heatmap(views["partial_sums"], labels, dims, zmid=0.0,
                                     title=t("labs.matmul.col_title", T=T, hs=hs, i=i),
                                     x_title=t("labs.matmul.axis_key"), y_title=t("labs.matmul.axis_partial"))
        chart(fig, "labs_matmul_columns", {"tokens": labels, "partial sums [hs, T]": views["partial_sums"]},
              f"column_view_L{layer}_H{head}_q{i}")
        caption(t("labs.matmul.col_caption", T=T, hs=hs, i=i, last=hs - 1))
    fig = figures_labs.line_chart(list(range(T)), {t("labs.matmul.series_row"): views["scaled_row"],
                                                   t("labs.matmul.series_col"): views["scaled_column"],
                                                   t("labs.matmul.series_model"): views["model"]},
                                  t("labs.matmul.cmp_title", layer=layer, head=head, i=i, T=T),
                                  t("labs.matmul.axis_key"), t("labs.matmul.axis_score"), x_labels=labels,
                                  styles={t("labs.matmul.series_row"): dict(mode="markers", marker=dict(size=11)),
                                          t("labs.matmul.series_col"): dict(mode="markers", marker=dict(
                                              size=7, symbol="x")),
                                          t("labs.matmul.series_model"): dict(mode="lines")})
    chart(fig, "labs_matmul_compare", pd.DataFrame({"token": labels, "row view / sqrt(hs)": views["scaled_row"],
                                                    "column view / sqrt(hs)": views["scaled_column"],
                                                    "attn.hook_scores": views["model"]}),
          f"matmul_check_L{layer}_H{head}_q{i}")
    agree = max(views["max_diff_row"], views["max_diff_column"]) < 1e-4
    (st.success if agree else st.warning)(t("labs.matmul.agree", hs=hs, scale=views["scale"],
                                            row=views["max_diff_row"], col=views["max_diff_column"], layer=layer,
                                            head=head, i=i))
