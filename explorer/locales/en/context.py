"""English strings of explorer/ui/context.py (what every page resolves first)."""
STRINGS = {
    "context.no_model": (
        "No model is available: the assets/ folder has no checkpoint. Train one on the Train page or upload a "
        "checkpoint in the sidebar."
    ),
}
