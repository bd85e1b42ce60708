"""English strings of the Compare page (pages/compare.py, explorer/ui/compare/)."""
STRINGS = {
    "compare.title": "Compare",
    "compare.what": "**What am I looking at?** Two runs side by side: **A** is the active model reading the sidebar "
                    "text (T={T} tokens); **B** is either another model reading the same text, or the same model "
                    "reading a second text. For each you see one head's attention pattern, the next-token "
                    "distribution and which parts of the model push one next token up or down, with what changed "
                    "from A to B.",
    "compare.attention_link": "The Attention page: every head of one run, in detail",
    "compare.mode": "Compare",
    "compare.mode.models": "two models, one text",
    "compare.mode.prompts": "one model, two texts",
    "compare.no_other_model": "Only one model is available, so there is no second model to compare with. Compare "
                              "two texts on this model instead, or add a model (sidebar: load a checkpoint, train "
                              "one, or get one from the Hugging Face Hub).",
    "compare.model_b": "Model B (A is the sidebar's active model)",
    "compare.side_notice": "{side}: {message}",
    "compare.side_model": "{side} · {label}",
    "compare.side_prompt": "{side} · {which}",
    "compare.prompt_sidebar": "the sidebar text",
    "compare.prompt_b": "prompt B",
    "compare.text_b": "Prompt B (A is the sidebar text)",
    "compare.text_b_help": "Change a word or two: where the token lengths match, the page shows the difference "
                           "of the attention pattern position by position.",
    "compare.attention_header": "One head, A and B",
    "compare.layer": "Layer",
    "compare.head": "Head",
    "compare.heads_shared": "Only the heads both models have can be chosen: {L} layers × {nh} heads (A has "
                            "{La} × {nha}, B {Lb} × {nhb}).",
    "compare.pattern_title": "{side}: L{layer} H{head} attention pattern [T={T}, T={T}]",
    "compare.no_difference.lengths": "No B − A map: A reads {Ta} tokens and B {Tb}, so position i is not the "
                                     "same place in both. Compare the two maps by eye, or make the texts the same "
                                     "length in tokens.",
    "compare.no_difference.tokenizers": "No B − A map: the two models split the text into different tokens "
                                        "(both {Ta} long, but not the same pieces), so position i is not the same "
                                        "piece of text in both.",
    "compare.diff_title": "B − A: L{layer} H{head} pattern [T={T}, T={T}]",
    "compare.axis_key": "key j (attended to)",
    "compare.axis_query": "query i (attending)",
    "compare.diff_value": "B − A",
    "compare.diff_caption": "Red: B attends more than A, blue: less; the largest change is {biggest:.3f}.",
    "compare.diff_positions": "The tokens differ at positions {where} (labelled a→b). Every row above position "
                              "{first} is exactly 0: under the causal mask a query sees only itself and earlier "
                              "tokens, which are the same in both texts.",
    "compare.diff_same_tokens": "Both runs read the same tokens: every change comes from the models' weights.",
    "compare.next_header": "The next token after the text",
    "compare.top": "{side}'s most likely next token",
    "compare.tv": "Total variation distance",
    "compare.tv_help": "Half the summed absolute change of every token's probability: 0 = the same "
                       "distribution, 1 = no overlap. KL(A‖B) = {kl:.3f} nats.",
    "compare.vocab_differs": "The two vocabularies differ ({Va:,} and {Vb:,} tokens): tokens are matched by their "
                             "text, and a token one side lacks has no bar there.",
    "compare.next_title": "Next-token probabilities: each side's {k} most likely, {n} tokens in all",
    "compare.axis_probability": "probability",
    "compare.axis_change": "B − A",
    "compare.hover_a": "A · %{customdata}: %{x:.4f}<extra></extra>",
    "compare.hover_b": "B · %{customdata}: %{x:.4f}<extra></extra>",
    "compare.hover_change": "B − A · %{customdata}: %{x:+.4f}<extra></extra>",
    "compare.next_caption": "Left: the probability of each of these tokens at the last position, A and B; "
                            "right: how much B's differs from A's. The union of each side's {k} most likely "
                            "tokens is drawn.",
    "compare.attr_header": "Why that token? Direct logit attribution, A and B",
    "compare.attr_intro": "The last position's final residual is a sum of parts: the embeddings, every head's "
                          "output, every MLP's output and the biases. With the final norm's scale frozen at its "
                          "value on each run (TransformerLens's convention) each part's share of the token's logit "
                          "is exact, and the shares add up to the logit.",
    "compare.target": "Token to explain",
    "compare.target_option": "{token}",
    "compare.attr_missing": "{side}'s vocabulary has no token {token}.",
    "compare.logit": "{side}: logit of the token",
    "compare.logit_help": "The parts add up to {total:.4f}; the model's own logit is {logit:.4f}.",
    "compare.attr_title": "Contributions to the logit of {token}: the {n} largest parts",
    "compare.axis_contribution": "contribution to the logit",
    "compare.hover_attr_a": "A · %{customdata}: %{x:.3f}<extra></extra>",
    "compare.hover_attr_b": "B · %{customdata}: %{x:.3f}<extra></extra>",
    "compare.hover_attr_change": "B − A · %{customdata}: %{x:+.3f}<extra></extra>",
    "compare.attr_caption": "The {n} parts with the largest contribution on either side, in model order (all "
                            "{total} in the data download). A part one model lacks (another number of layers or "
                            "heads, no bias) has no bar on that side.",
}
