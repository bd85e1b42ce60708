"""English notices of explorer/analysis/text_prep.py (what changed between the user's text and the model's ids)."""
STRINGS = {
    "text_prep.empty": "Type some text in the sidebar to see what the model does with it.",
    "text_prep.unknown_one": (
        "1 character not in this model's vocabulary was {verb}: {shown}{more} (at position {where})"
    ),
    "text_prep.unknown_many": (
        "{n} characters not in this model's vocabulary were {verb}: {shown}{more} (at positions {where})"
    ),
    "text_prep.verb_skip": "skipped",
    "text_prep.verb_replace": "replaced by {char}",
    "text_prep.too_long": (
        "The text is {n} tokens but the model's context is {block}: showing the last {block} tokens ({dropped} "
        "dropped from the start)."
    ),
    "text_prep.nothing_left": (
        "None of the text's characters are in this model's vocabulary, so there is nothing to show. Try plain letters."
    ),
}
