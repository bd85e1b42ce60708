"""The "Why this prediction?" page's tools, one module each with render(ctx): direct logit attribution, activation
patching, MLP neurons; the page draws only the one the learner picked."""
from __future__ import annotations

from . import dla, neurons, patching

TOOLS = {"dla": dla.render, "patching": patching.render, "neurons": neurons.render}
