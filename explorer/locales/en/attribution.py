"""English strings of the "Why this prediction?" page (pages/attribution.py, explorer/ui/attribution/)."""
STRINGS = {
    "attribution.title": "Why this prediction?",
    "attribution.what": (
        "**What am I looking at?** Three ways to take apart what the model predicts after your text "
        "(T={T} tokens, {L} layers of {nh} heads, V={V} vocabulary entries). *Attribution* splits one logit into "
        "the share each part of the model writes into it. *Patching* runs a corrupted copy of a prompt and puts "
        "one activation of the clean run back at a time, to see which ones cause the answer. *Neurons* shows the "
        "MLP units that fire most on your text and which next tokens each one pushes up or down."
    ),
    "attribution.attention_link": "See each head's attention pattern: the Attention page",
    "attribution.pick": "Tool",
    "attribution.tab.dla": "🧾 Attribution: who wrote this logit",
    "attribution.tab.patching": "🩹 Patching: what causes the answer",
    "attribution.tab.neurons": "💡 Neurons: what fires",
    "attribution.position_option": "{i}: {label}",
    # ---- direct logit attribution
    "attribution.dla.header": "Direct logit attribution",
    "attribution.dla.intro": (
        "The final residual stream at a position is a sum: token embedding + position embedding + every head's "
        "output + every attention output bias + every MLP's output. The logit of a token is that sum through the "
        "final norm and the unembedding row of the token, so it splits into one share per part. A large positive "
        "bar wrote the token's direction into the residual; a negative one argued against it."
    ),
    "attribution.dla.position": "Explain the prediction after position",
    "attribution.dla.position_help": "The last position is what generation uses; earlier ones explain predictions "
                                     "inside your text.",
    "attribution.dla.target": "Target token (the model's 10 most likely)",
    "attribution.dla.target_option": "{token}  · #{id} · p = {p:.3f}",
    "attribution.dla.typed": "…or type any single token",
    "attribution.dla.typed_help": (
        "One token of this model: its text, or its label as the page shows it (␣ for a space, ⏎ for a newline; "
        "\\n works too). Leave empty to use the list."
    ),
    "attribution.dla.typed_bad": (
        "'{typed}' is not exactly one token of this model, so the list's choice is explained instead."
    ),
    "attribution.dla.typed_used": "Explaining the typed token `{token}` (id {id}), not the list's choice.",
    "attribution.dla.sort": "Order the bars",
    "attribution.dla.sort_value": "by value",
    "attribution.dla.sort_layer": "by layer",
    "attribution.dla.show_all": "Show all {n} parts (else the 40 largest)",
    "attribution.dla.chart_title": "logit of '{token}' after position {pos} '{label}', split into {n} parts",
    "attribution.dla.chart_title_some": "{title} · the {k} largest shown",
    "attribution.dla.click_hint": "Click a head's bar (blue) to open that head on the Attention page.",
    "attribution.dla.logit": "Logit (the model's own)",
    "attribution.dla.sum_parts": "Sum of the {n} parts",
    "attribution.dla.gap": "difference {gap:+.1e}",
    "attribution.dla.scale": "Frozen norm scale",
    "attribution.dla.sum": (
        "The model's logit for `{token}` (id {id}) after position {pos} is **{logit:.4f}**; the {n} parts "
        "add up to **{total:.4f}**."
    ),
    "attribution.dla.frozen_layernorm": (
        "Convention (TransformerLens's): the final LayerNorm's scale is frozen at this run's σ = {scale:.4f}. "
        "Then ln_f(x) = (x − mean x) / σ · γ + β is linear in x, so each part's share is its own centred vector "
        "/ σ · γ · W_U[target], and β · W_U[target] is one more part (final norm bias). Without freezing, σ "
        "depends on all parts at once and no split adds up."
    ),
    "attribution.dla.frozen_rmsnorm": (
        "Convention (TransformerLens's): the final RMSNorm's scale is frozen at this run's rms = {scale:.4f}. "
        "Then norm(x) = x / rms · γ is linear in x, so each part's share is its own vector / rms · γ · "
        "W_U[target]. Without freezing, the rms depends on all parts at once and no split adds up."
    ),
    # ---- activation patching
    "attribution.patch.header": "Activation patching",
    "attribution.patch.intro": (
        "Which activations *cause* the answer? Take a clean prompt and a corrupted one that differs in a token. "
        "The metric is the logit difference between an answer token and a wrong token at the last position. "
        "Rerun the corrupted prompt with one activation copied in from the clean run, and measure the recovered "
        "fraction (patched − corrupt) / (clean − corrupt): 1 means that activation alone brings the clean "
        "answer back, 0 that it does nothing, below 0 that it pushes the other way. Patched here: the residual "
        "stream entering each of the {L} layers at each position, each of the {nh} heads' output at every "
        "position, and each MLP's output at each position."
    ),
    "attribution.patch.clean": "Clean prompt",
    "attribution.patch.corrupt": "Corrupted prompt (same number of tokens)",
    "attribution.patch.prompt_notice": "{which}: {message}",
    "attribution.patch.cut": (
        "{which} has {n} tokens; patching uses its last {cap} (it costs two forward passes per position and "
        "layer)."
    ),
    "attribution.patch.cut_default": (
        "Your text has {n} tokens; the clean prompt is its last {cap} (patching costs two forward passes per "
        "position and layer)."
    ),
    "attribution.patch.token_help": "One token of this model: its text or its label (␣ space, ⏎ newline).",
    "attribution.patch.suggested": (
        "Suggested corruption: token {pos} `{old}` → `{new}`, the model's own most likely alternative there, "
        "chosen among the last few tokens as the edit that changes the last prediction most. Edit it freely."
    ),
    "attribution.patch.differ": "Both prompts have {T} tokens; they differ at {n} position(s): {where}.",
    "attribution.patch.answer": "Answer token (the clean prompt's)",
    "attribution.patch.wrong": "Wrong token (the corrupted prompt's)",
    "attribution.patch.diffs": (
        "Logit difference `{answer}` − `{wrong}` at the last position: clean **{clean:.3f}**, corrupted "
        "**{corrupt:.3f}**. By default these are the two tokens (among each run's 10 most likely) whose "
        "difference the corruption moves most."
    ),
    "attribution.patch.problem.empty": "Both prompts need at least one token of this model.",
    "attribution.patch.problem.unequal": (
        "The clean prompt has {clean} tokens and the corrupted one {corrupt}. Patching compares them position "
        "by position, so they need the same number of tokens: edit one token, do not add or remove any."
    ),
    "attribution.patch.problem.same_tokens": (
        "The two prompts are the same tokens: there is nothing for patching to recover. Change one token of "
        "the corrupted prompt."
    ),
    "attribution.patch.problem.bad_token": (
        "The answer and the wrong token must each be exactly one token of this model."
    ),
    "attribution.patch.problem.same_answer": (
        "The answer and the wrong token are the same: their logit difference is always 0. Choose two different "
        "tokens."
    ),
    "attribution.patch.problem.no_gap": (
        "Both prompts give the same logit difference: the corruption does not change this answer, so there is "
        "nothing to recover. Choose another edit or other tokens."
    ),
    "attribution.patch.run": "Run activation patching ({runs} patched forward passes)",
    "attribution.patch.press": "Press the button to patch: it runs the corrupted prompt once per patched activation.",
    "attribution.patch.spinner": "Patching: {runs} forward passes…",
    "attribution.patch.failed": "Patching could not run: {error}",
    "attribution.patch.result": (
        "Each cell: the recovered fraction when that one activation comes from the clean run (red 1 = fully "
        "recovered, white 0 = nothing, blue = the wrong way; colours clipped to ±1, the hover has the exact value "
        "and the patched logit difference)."
    ),
    "attribution.patch.zoomed": (
        "The position maps start at position {start}: the prompts are identical before position {first}, so "
        "patching there recovers exactly nothing. Double-click a map to see all {T} positions."
    ),
    "attribution.patch.resid_title": "residual stream before each layer (resid_pre): recovered [L={L}, T={T}]",
    "attribution.patch.axis_position": "position (clean→corrupted where they differ)",
    "attribution.patch.hover_position": "L{layer}, position {x} '{label}': recovered {value:+.3f} (logit difference {raw:.3f})",
    "attribution.patch.resid_caption": (
        "At layer 0 only the differing position matters, and patching it there restores the clean prompt "
        "exactly (1). Following the red cells down the layers shows where the information moves: it stays at "
        "its own position until some layer's attention copies it to the last position. The outlined column is "
        "where the prompts differ; positions before it are identical in both runs and recover nothing."
    ),
    "attribution.patch.head_title": "each head's output: recovered [L={L}, nh={nh}]",
    "attribution.patch.axis_head": "head",
    "attribution.patch.hover_head": "L{layer} {label}: recovered {value:+.3f} (logit difference {raw:.3f})",
    "attribution.patch.head_caption": (
        "One head's output z at every position copied in from the clean run: a head near 1 carries the "
        "difference by itself."
    ),
    "attribution.patch.mlp_title": "each MLP's output (mlp_out): recovered [L={L}, T={T}]",
    "attribution.patch.mlp_caption": "One layer's MLP output at one position copied in from the clean run.",
    # ---- neurons
    "attribution.neurons.header": "MLP neurons",
    "attribution.neurons.intro": (
        "Each of the {L} MLPs has H={H} hidden units (neurons). A neuron's activation at a position is one "
        "entry of `mlp.hook_post` [T, H]; when it fires, it adds its output direction (its column of c_proj, "
        "C={C} numbers) to the residual stream, scaled by the activation. The bars show the neurons with the "
        "largest activation anywhere in your text; pick one (or click its bar) to see where it fires and what "
        "it writes."
    ),
    "attribution.neurons.k": "Neurons per layer",
    "attribution.neurons.bars_title": "most active neurons: the top {k} of H={H} per layer, {L} layers",
    "attribution.neurons.bars_caption": "Bar height: the neuron's largest activation on the text; hover shows "
                                        "where. Click a bar to pick that neuron.",
    "attribution.neurons.layer": "Layer",
    "attribution.neurons.neuron": "Neuron (0 to {H} − 1)",
    "attribution.neurons.over_text": (
        "**L{layer} N{neuron} over your text**: red where it fires (largest **{peak:.3f}** at position {pos} "
        "`{label}`), blue where it is negative (lowest {low:.3f}); shade ∝ |activation|."
    ),
    "attribution.neurons.token_title": "position {i} '{label}': activation {value:.4f}",
    "attribution.neurons.promoted_title": "L{layer} N{neuron} promotes",
    "attribution.neurons.suppressed_title": "L{layer} N{neuron} suppresses",
    "attribution.neurons.effect_caption": (
        "W_U · c_proj[:, neuron]: its output direction (C={C}) read through the unembedding, one number per "
        "vocabulary entry (V={V}). When the neuron fires positively these tokens' logits go up (left) or down "
        "(right), in proportion to the activation; a negative activation reverses them. The final norm is left "
        "out: its scale depends on the whole residual."
    ),
}
