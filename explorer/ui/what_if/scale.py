"""What if… the scores are not divided by sqrt(d_k)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from explorer.figures import labs as figures_labs
from explorer.i18n import t
from explorer.ui.widgets import chart
from gpt_core.capture import Interventions
from gpt_core.interp import attention_math

from .common import caption, compare_view, md


def render(ctx) -> None:
    cfg, ids = ctx.config, list(ctx.prepared.ids)
    T, L, nh = len(ids), cfg.n_layer, cfg.n_head
    base = ctx.analysis()
    md(t("what_if.scale.intro", hs=cfg.head_size, sqrt=float(np.sqrt(cfg.head_size))))
    off = ctx.analysis(Interventions(scale_scores=False))
    compare_view(ctx, off.logits, "what_if_scale", t("what_if.scale.after"))
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
