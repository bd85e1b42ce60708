"""Pure plotly figure builders (no streamlit): base.py holds the shared conventions and the generic charts,
one module per view adds its own. `from explorer import figures; figures.matrix_heatmap(...)` reads base."""
from .base import *  # noqa: F401,F403 - the generic builders are the package's API (base.__all__)
from .base import __all__  # noqa: F401
