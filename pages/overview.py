"""Overview: the whole forward pass for the current text with live shapes, the parameter budget, a teaser.

The two pictures are plain SVG (explorer/figures/svg.py): the first page a visitor opens loads no plotly.js.

Prose: explorer/locales/<lang>/overview.py.
"""
import pandas as pd
import streamlit as st

from explorer.analysis.family import activation_name, is_gqa, norm_name
from explorer.analysis.overview import flow_stages, top_guesses
from explorer.figures.markup import guesses_html
from explorer.ui.context import page_context
from explorer.figures.svg import bars_svg, flow_svg
from explorer.i18n import t
from explorer.ui.svg_chart import svg_chart
from gpt_core.config import GPTConfig
from gpt_core.interp.params import parameter_count_for_config
from gpt_core.interp.params import CONFIG_PRESETS, parameter_groups

LINKED_PAGES = ("tokenization", "embeddings", "attention", "softmax_mask", "next_token")

ctx = page_context()
cfg, model, tokenizer = ctx.config, ctx.ckpt.model, ctx.tokenizer
a = ctx.analysis()
T = len(ctx.prepared.ids)
groups = parameter_groups(model)
total = sum(g.count for g in groups)
shape_args = dict(T=T, C=cfg.n_embd, nh=cfg.n_head, hs=cfg.head_size, V=cfg.vocab_size, L=cfg.n_layer,
                  hidden=cfg.mlp_hidden_size, total=total, norm=norm_name(cfg))


def component_label(key: str) -> str:
    if key == "layernorm" and cfg.norm == "rmsnorm":  # the group holds ln_1, ln_2 and ln_f, whatever they are
        return t("overview.component.rmsnorm")
    return t(f"overview.component.{key}")


def formula_note(key: str) -> str:
    """What the formula alone does not say about this model's choice (tied head, position kind, bias, family)."""
    if key == "wpe" and cfg.pos_encoding != "learned":
        return t(f"overview.note.wpe.{cfg.pos_encoding}")
    if key == "attention" and is_gqa(cfg):
        return t("overview.note.attention.gqa", nkv=cfg.kv_heads, nh=cfg.n_head)
    if key == "mlp" and cfg.activation == "swiglu":
        return t("overview.note.mlp.swiglu", act=activation_name(cfg.activation), H=cfg.mlp_hidden_size)
    if key == "layernorm":
        if cfg.norm == "rmsnorm":
            return t("overview.note.layernorm.rms")
        return t("overview.note.layernorm.bias" if cfg.has_norm_bias else "overview.note.layernorm.no_bias")
    if key == "lm_head":
        return t("overview.note.lm_head.tied" if cfg.tie_weights else "overview.note.lm_head.untied")
    return ""


def parameter_table() -> pd.DataFrame:
    rows = [dict(component=g.key, parameters=g.count, share=g.count / total if total else 0.0,
                 formula=g.formula + (f" ({note})" if (note := formula_note(g.key)) else ""), tensors=g.tensors)
            for g in groups]
    rows.append(dict(component="total", parameters=total, share=1.0, formula="", tensors=""))
    return pd.DataFrame(rows)


st.title(t("overview.title"))
st.markdown(t("overview.what", **shape_args))
st.markdown(t("overview.symbols", nkv=t("overview.symbols_nkv", nkv=cfg.kv_heads) if is_gqa(cfg) else "", **shape_args))
st.page_link("pages/labs.py", label=t("overview.concept_link"), icon="🧪")

# teaser: the answer first, the machinery after
guesses = top_guesses(a.probs[-1], tokenizer, k=5)
st.html(f"<div>{t('overview.guess_intro')} {guesses_html(guesses)}</div>")
st.page_link("pages/next_token.py", label=t("overview.guess_link"), icon="🎲")

st.subheader(t("overview.flow_header"))
stages = flow_stages(a.acts, cfg.n_layer, cfg)
flow_data = pd.DataFrame([dict(stage=s.name, shape=s.shape_str, repeated_per_block=s.in_block,
                               explored_on=s.page or "") for s in stages])
svg_chart(flow_svg(stages, cfg.n_layer), key="overview-flow", data=flow_data, file_stem="data_flow_shapes")
st.caption(t("overview.flow_caption", **shape_args))

st.subheader(t("overview.params_header"))
table = parameter_table()
bars = bars_svg({**{component_label(g.key): g.count for g in groups}, "total": total})
svg_chart(bars, key="overview-params", data=table, file_stem="parameters_per_component")
shown = table.assign(component=table["component"].map(component_label))
st.dataframe(shown, hide_index=True, column_config={
    "component": st.column_config.TextColumn(t("overview.col.component")),
    "parameters": st.column_config.NumberColumn(t("overview.col.parameters"), format="localized"),
    "share": st.column_config.NumberColumn(t("overview.col.share"), format="percent"),
    "formula": st.column_config.TextColumn(t("overview.col.formula")),
    "tensors": st.column_config.TextColumn(t("overview.col.tensors")),
})
st.caption(t("overview.params_caption", n=len(groups), total=total,
             tied=t("overview.tied") if cfg.tie_weights else t("overview.untied")))
gpt3 = parameter_count_for_config(GPTConfig(**CONFIG_PRESETS["gpt3"]))["total"]
st.caption(t("overview.gpt3", n=gpt3, billions=gpt3 / 1e9, ratio=gpt3 / max(total, 1)))

st.subheader(t("overview.pages_header"))
for page in LINKED_PAGES:
    variant = "_rope" if page == "embeddings" and cfg.pos_encoding == "rope" else ""  # no table to add
    st.page_link(f"pages/{page}.py", label=t(f"overview.link.{page}{variant}", **shape_args))
