"""English strings of explorer/ui/share.py: a view as a link, and what a link could not restore."""
STRINGS = {
    "share.header": "🔗 Share this view",
    "share.caption": "The address bar holds this view (page, model, text, and the settings that differ from the "
                     "defaults); opening the link in any browser shows the same view.",
    "share.text_cut": "The link carries the first {max:,} of the text's {n:,} characters.",
    "share.session_model": "The model exists only in this browser tab (uploaded or trained here), so the link opens "
                           "the default model. Download it as a checkpoint (sidebar, Export) to share it.",
    "share.notice_intro": "Part of this link could not be used; those settings were left at their defaults:",
    "share.problem.unknown": "{name}: not a setting of this app (ignored)",
    "share.problem.too_long": "{name}: the value is longer than {max} characters",
    "share.problem.bad_encoding": "{name}: the value is not valid UTF-8 text",
    "share.problem.control_chars": "{name}: the value holds control characters (“{value}”)",
    "share.problem.markup": "{name}: the value looks like web-page code (“{value}”), so it was not used; "
                            "type it into the text box yourself if you meant it",
    "share.problem.not_a_number": "{name} = “{value}”: not a number",
    "share.problem.not_a_choice": "{name} = “{value}”: must be one of {choices}",
    "share.problem.out_of_range": "{name} = “{value}”: outside {lo}–{hi} for this model and text",
    "share.problem.not_a_cell": "{name} = “{value}”: a cell is two positions, query,key (e.g. 5,3)",
    "share.problem.text_cut": "{name}: only its first {max:,} of {n:,} characters were used",
    "share.problem.model": "{name} = “{value}”: no such model here (or not one this app may open); the default "
                           "model is shown",
}
