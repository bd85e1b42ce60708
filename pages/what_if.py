"""What if…: change one thing inside the real model (ablate heads, drop the mask or the scale, change the
temperature, scramble positions) and compare next-token predictions and loss before and after.
One experiment at a time: only the one the learner picked computes. Sections: explorer/ui/what_if/;
prose: explorer/locales/<lang>/what_if.py."""
from __future__ import annotations

from explorer.ui.context import page_context
from explorer.ui.what_if import EXPERIMENTS
from explorer.ui.widgets import sectioned_page

sectioned_page(page_context(), "what_if", EXPERIMENTS)
