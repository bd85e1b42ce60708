"""What the Attention and Softmax & mask pages compute and draw, without Streamlit (for timing): plotly figures
and canvas heatmap specs (explorer/figures/canvas.py).

This mirrors pages/attention.py and pages/softmax_mask.py as they stand: the same analyses, the same
figure builders with the same arguments, and the same data dicts each chart's download is built from
(explorer.ui.widgets.chart serialises one to JSON when its download button is clicked). If a page changes, change this file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from explorer import figures
from explorer.analysis.attention import head_summary, repeat_probe_patterns
from explorer.figures import canvas
from gpt_core.interp.attention_math import score_spread, softmax_lab
from explorer.ui.resources import analyse
from explorer.analysis.text_prep import prepare_input
from explorer.ui.widgets import _to_jsonable
from gpt_core.capture import NO_INTERVENTIONS, Interventions
from gpt_core.interp.attention_math import scaling_demo

# The undecorated analyse(): st.cache_resource would answer every repeat from its cache.
analyse_uncached = getattr(analyse, "__wrapped__", analyse)


@dataclass
class Built:
    """One page's charts: (key, figure, download data) in drawing order."""

    charts: list = field(default_factory=list)

    def add(self, key: str, fig, data) -> None:
        self.charts.append((key, fig, data))


def text_of_length(ckpt, T: int, source: str | None = None) -> tuple[str, list[int], list[str]]:
    """A text that the model reads as exactly T tokens (Tiny Shakespeare if present, else a repeated line)."""
    if source is None:
        try:
            from gpt_core.data import load_shakespeare

            source = load_shakespeare().text[:20_000]
        except Exception:  # no corpus on disk: any readable text will do
            from explorer.ui.state import DEFAULT_TEXT

            source = (DEFAULT_TEXT + "\n") * 40
    prepared = prepare_input(ckpt.tokenizer, source, 10**9, "skip")
    pieces = prepared.pieces[:T]
    if len(pieces) < T:
        raise ValueError(f"the source text has only {len(pieces)} tokens, need {T}")
    text = source[pieces[0].start:pieces[-1].end] if hasattr(pieces[0], "start") else "".join(p.text for p in pieces)
    prepared = prepare_input(ckpt.tokenizer, text, ckpt.config.block_size, "skip")
    return text, list(prepared.ids), prepared.labels


def attention_page(ckpt, model_key: str, ids, labels, probe, layer: int = 0, head: int = 0,
                   cell: tuple[int, int] | None = None, metric: str | None = None) -> Built:
    """pages/attention.py after page_context(): everything it builds for one rerun."""
    cfg = ckpt.config
    analysis = analyse_uncached(ckpt, model_key, tuple(ids), NO_INTERVENTIONS)
    return attention_figures(analysis, cfg, labels, probe, layer, head, cell, metric)


def attention_figures(analysis, cfg, labels, probe, layer=0, head=0, cell=None, metric=None) -> Built:
    out = Built()
    patterns = analysis.stack("attn.hook_pattern")  # [L, nh, T, T]
    L, nh, T, _ = patterns.shape
    hs = cfg.n_embd // cfg.n_head
    scores, table = head_summary(patterns, *(probe or (None, None)))
    role_labels = scores.labels() if scores is not None else None
    entropy = table["entropy"].to_numpy().reshape(L, nh)
    hover_notes = [[(f"{role_labels[l][h]} · " if role_labels else "") + f"entropy {entropy[l, h]:.2f}"
                    for h in range(nh)] for l in range(L)]
    block_titles = [[(f"L{l} H{h}", role_labels[l][h] if role_labels else "") for h in range(nh)] for l in range(L)]
    grid = canvas.grid_spec(patterns, title=f"attention patterns [L={L}, nh={nh}, T={T}, T={T}]", labels=labels,
                            block_titles=block_titles, block_notes=hover_notes, selected_block=(layer, head),
                            colorbar="weight")
    out.add("attention_grid", grid, {"tokens": labels, "pattern [L, nh, T, T]": np.round(patterns, 6)})
    pattern = patterns[layer, head]
    big = canvas.attention_map(pattern, labels, select=True, highlight=cell,
                               title=f"L{layer} H{head} attention pattern [T={T}, T={T}]")
    out.add("attention_pattern", big, {"layer": layer, "head": head, "tokens": labels, "pattern [T, T]": pattern})
    dims = [str(d) for d in range(hs)]
    for name in ("q", "k", "v"):
        matrix = analysis.block(layer, f"attn.hook_{name}")[head]  # [T, hs]
        spec = canvas.matrix_map(matrix, x_labels=dims, y_labels=labels, x_title="dimension", value_name=name,
                                 title=f"L{layer} H{head} {name} [T={T}, hs={hs}]", max_cell_px=12)
        out.add(f"attention_{name}", spec, {"tokens": labels, f"{name} [T, hs]": matrix})
    metrics = [m for m in ("previous-token", "first-token", "self", "induction", "entropy") if m in table.columns]
    metric = metric or metrics[0]
    values = table[metric].to_numpy().reshape(L, nh)
    zmax = float(max(values.max(), 1e-6)) if metric == "entropy" else 1.0
    out.add("attention_head_scores", figures.head_score_heatmap(values, title=f"{metric} per head [L={L}, nh={nh}]",
                                                                labels=role_labels, zmax=zmax), table)
    return out


def softmax_page(ckpt, model_key: str, ids, labels, layer: int = 0, head: int = 0, scaled: bool = True,
                 tau: float = 1.0, row: int | None = None, demo: dict | None = None, show_demo: bool = False) -> Built:
    """pages/softmax_mask.py after page_context(): everything it builds for one rerun."""
    analysis = analyse_uncached(ckpt, model_key, tuple(ids), Interventions(scale_scores=scaled))
    return softmax_figures(analysis, labels, layer, head, scaled, tau, row, demo, show_demo)


def softmax_figures(analysis, labels, layer=0, head=0, scaled=True, tau=1.0, row=None, demo=None,
                    show_demo: bool = False) -> Built:
    out = Built()
    T = len(labels)
    q = analysis.block(layer, "attn.hook_q")[head]
    k = analysis.block(layer, "attn.hook_k")[head]
    lab = softmax_lab(q, k, analysis.block(layer, "attn.hook_scores")[head], tau, scaled)
    hs = lab["hs"]
    where = f"L{layer} H{head}"
    out.add("softmax_raw", canvas.score_map(lab["raw"], labels, title=f"{where} q·kᵀ [T={T}, T={T}] (unscaled)"),
            {"tokens": labels, "q·kᵀ [T, T]": lab["raw"]})
    out.add("softmax_scores", canvas.score_map(lab["scores"], labels,
                                               title=f"{where} scores = q·kᵀ × {lab['scale']:.4g} [T={T}, T={T}]"),
            {"tokens": labels, "scale": lab["scale"], "scores [T, T]": lab["scores"]})
    score_spread(lab["raw"], hs)
    out.add("softmax_masked_scores", canvas.score_map(lab["masked_scores"], labels,
                                                      title=f"{where} masked scores [T={T}, T={T}]"),
            {"tokens": labels, "masked scores [T, T]": lab["masked_scores"]})
    out.add("softmax_pattern", canvas.attention_map(lab["masked_softmax"], labels, masked=True,
                                                    title=f"{where} softmax(masked scores) [T={T}, T={T}]"),
            {"tokens": labels, "pattern [T, T]": lab["masked_softmax"]})
    if tau == 1.0:
        model_pattern = analysis.block(layer, "attn.hook_pattern")[head]
        float(np.abs(lab["masked_softmax"] - model_pattern).max())
    out.add("softmax_unmasked", canvas.attention_map(lab["unmasked_softmax"], labels, masked=False,
                                                     title=f"{where} softmax without the mask [T={T}, T={T}]",
                                                     diagonal_text="future →" if T > 1 else None),
            {"tokens": labels, "unmasked softmax [T, T]": lab["unmasked_softmax"]})
    out.add("softmax_wrong_order", canvas.attention_map(lab["softmax_then_zero"], labels, masked=True,
                                                        title=f"{where} softmax, then zero the future"),
            {"tokens": labels, "softmax then zero [T, T]": lab["softmax_then_zero"]})
    sums = lab["row_sums"]
    named_sums = {"mask → softmax (the model)": sums["masked_softmax"], "softmax, no mask": sums["unmasked_softmax"],
                  "softmax → zero the future": sums["softmax_then_zero"]}
    out.add("softmax_row_sums", figures.row_sums_bar(named_sums, labels, title=f"{where} row sums [T={T}]"),
            {"tokens": labels, **named_sums})
    row = T - 1 if row is None else row
    out.add("softmax_row", figures.row_inspector(lab["tempered"][row], lab["masked_scores"][row],
                                                 lab["masked_softmax"][row], labels, row,
                                                 title=f"{where} row inspector: query '{labels[row]}' ({row})"),
            {"query": row, "tokens": labels, "scores": lab["tempered"][row],
             "masked scores": lab["masked_scores"][row], "weights": lab["masked_softmax"][row]})
    if show_demo:  # the page builds the √d_k demo only while its toggle is on (off by default)
        demo = demo if demo is not None else scaling_demo()
        out.add("softmax_scaling_demo", figures.scaling_figure(demo), demo)
    return out


def figures_to_json(built: Built) -> int:
    """What Streamlit does with each chart on every rerun: a plotly figure goes through to_dict, then
    plotly.io.to_json without validation (Streamlit 1.67's st.plotly_chart); a canvas spec (a dict) through
    json.dumps (the component's data). Returns the total size in bytes."""
    import plotly.io
    import plotly.tools

    def size(chart) -> int:
        if isinstance(chart, dict):
            return len(json.dumps(chart))
        return len(plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(chart, validate_figure=True),
                                     validate=False))

    return sum(size(fig) for _, fig, _ in built.charts)


def download_payloads(built: Built) -> int:
    """What explorer.ui.widgets.chart builds for a chart's download button, only when it is clicked. Bytes."""
    total = 0
    for _, _, data in built.charts:
        if hasattr(data, "to_csv"):
            total += len(data.to_csv(index=False).encode())
        elif data is not None:
            total += len(json.dumps(_to_jsonable(data)).encode())
    return total


def induction_probe(model):
    """The per-model probe the Attention page caches (st.cache_data): paid on the first visit per model."""
    return repeat_probe_patterns(model)
