"""The Overview's SVG pictures (explorer/figures/svg.py): what they show, and that no label can inject markup."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from explorer.figures.svg import bars_svg, embedded, flow_svg

from apptest import svg_bar_values, svg_texts, svg_tooltips


@dataclass
class Stage:
    name: str
    shape_str: str
    in_block: bool = False


STAGES = [Stage("token ids", "[1, 5]"), Stage("tok_emb + pos_emb", "[1, 5, 8]"),
          Stage("LayerNorm ln_1", "[1, 5, 8]", True), Stage("+ residual", "[1, 5, 8]", True),
          Stage("lm_head → logits", "[1, 5, 11]")]


def test_the_flow_is_well_formed_svg_with_every_stage_and_its_shape():
    svg = flow_svg(STAGES, n_layer=3)
    ET.fromstring(svg)  # parses: well-formed XML
    tips = svg_tooltips(svg)
    assert tips[0].startswith("data flow")
    assert "token ids: [1, 5]" in tips and "lm_head → logits: [1, 5, 11]" in tips
    texts = " ".join(svg_texts(svg))
    assert "× 3 blocks" in texts and "residual" in texts and "[1, 5, 8]" in texts


def test_bars_carry_each_count_and_share():
    svg = bars_svg({"attention": 300, "MLP": 600, "lm_head": 0, "total": 900})
    ET.fromstring(svg)
    assert svg_bar_values(svg) == [300, 600, 0]
    texts = svg_texts(svg)
    assert texts[0] == "parameters: 900 (900) in total" and "300 (33.3%)" in texts and "0 (0.0%)" in texts


def test_hostile_labels_are_escaped():
    evil = '<script>alert(1)</script>" onload="x'
    svg = flow_svg([Stage(evil, "[1]"), Stage("x", "[2]")], n_layer=1)
    bars = bars_svg({evil: 5, "total": 5})
    for picture in (svg, bars, embedded(svg, key=evil)):
        assert "<script>" not in picture and '" onload="' not in picture
        ET.fromstring(picture)
    assert f"{evil}: [1]" in svg_tooltips(svg) and evil in svg_texts(bars)  # shown as text, not run
