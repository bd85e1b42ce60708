"""Concept labs: position encodings, the 1/sqrt(d_k) scale, the MLP, parameter counts and two views of matmul,
each on the loaded model and the input text. One lab at a time: only the one the learner picked computes.
Sections: explorer/ui/labs/; prose: explorer/locales/<lang>/labs.py."""
from __future__ import annotations

from explorer.ui.context import page_context
from explorer.ui.labs import LABS
from explorer.ui.widgets import sectioned_page

sectioned_page(page_context(), "labs", LABS)
