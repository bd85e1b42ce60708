"""The concept labs, one module each with render(ctx); the page draws only the lab the learner picked."""
from __future__ import annotations

from . import matmul, mlp, params, positions, scaling

LABS = {"positions": positions.render, "scaling": scaling.render, "mlp": mlp.render, "params": params.render,
        "matmul": matmul.render}
