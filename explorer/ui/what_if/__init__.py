"""The What if… experiments, one module each with render(ctx); the page draws only the one the learner picked."""
from __future__ import annotations

from . import heads, mask, positions, scale, temperature

EXPERIMENTS = {"heads": heads.render, "mask": mask.render, "scale": scale.render, "temperature": temperature.render,
               "positions": positions.render}
