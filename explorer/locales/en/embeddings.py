"""English strings of the Embeddings page (pages/embeddings.py)."""
STRINGS = {
    "embeddings.title": "Embeddings: where each token starts and how it moves",
    "embeddings.what": (
        "**What am I looking at?** The vectors your {T} tokens start as, and where they go. Each token id picks "
        "a row of the token table wte [V={V}, C={C}]; {pos_part} Their sum is the residual stream entering block "
        "0, [T={T}, C={C}], and each of the {L} blocks adds its attention and MLP outputs to it, so the page ends "
        "with that stream after every block, [L+1={S}, T={T}, C={C}]."
    ),
    "embeddings.what_pos.learned": (
        "the position term adds rows 0…{last} of the learned position table wpe [{P}, {C}], one per position."
    ),
    "embeddings.what_pos.sinusoidal": (
        "the position term adds rows 0…{last} of the fixed sinusoidal table [{P}, {C}], one per position."
    ),
    "embeddings.what_pos.rope": (
        "this model adds no position vector (rotary encoding acts inside attention), so the position term is 0."
    ),
    "embeddings.what_pos.none": "this model has no position encoding, so the position term is 0.",
    "embeddings.concept_link": (
        "Concept labs: why attention needs position vectors, and why not the integer index itself"
    ),
    "embeddings.wte_header": "The token embedding table wte",
    "embeddings.dims": "Projection",
    "embeddings.wte_caption": (
        "wte [V={V}, C={C}] projected onto its top {k} principal components ({explained} of the variance); one "
        "point per vocabulary entry, coloured by kind. Outlined, larger points are the {n_used} distinct tokens "
        "of your text. Tokens the model treats alike end up close together (in a well-trained model, e.g. vowels "
        "or capitals cluster); an under-trained model's table is still mostly its random initialisation."
    ),
    "embeddings.wte_sampled": (
        "The vocabulary has {V:,} entries, too many points to draw: {n:,} are shown, the {used} distinct tokens of "
        "your text and about every {step}th id of the rest. The principal axes are still fit on all {V:,} rows."
    ),
    "embeddings.kind.uppercase": "uppercase",
    "embeddings.kind.lowercase": "lowercase",
    "embeddings.kind.letter": "letter without case (e.g. CJK)",
    "embeddings.kind.vowel": "vowel",
    "embeddings.kind.digit": "digit",
    "embeddings.kind.punctuation": "punctuation",
    "embeddings.kind.whitespace": "whitespace",
    "embeddings.kind.byte": "piece of a character (UTF-8 bytes)",
    "embeddings.kind.other": "other",
    "embeddings.pos_header": "Position embeddings",
    "embeddings.pos_learned": (
        "This model learns its position table: wpe is a trained [block_size={P}, C={C}] matrix, one row per "
        "position, added to the token rows. Next to it is the fixed sinusoidal table of the same shape from "
        "*Attention Is All You Need* (PE[t, 2i] = sin(t / 10000^(2i/C)), PE[t, 2i+1] = cos(...)), which has no "
        "parameters. Position rows do not depend on the text: two different texts of the same length get the "
        "same {T} rows; only the token rows make them differ."
    ),
    "embeddings.pos_sinusoidal": (
        "This model uses the fixed sinusoidal table [block_size={P}, C={C}]: PE[t, 2i] = sin(t / 10000^(2i/C)), "
        "PE[t, 2i+1] = cos(...). It is computed, not trained (0 parameters), and added to the token rows."
    ),
    "embeddings.pos_none.rope": (
        "This model uses rotary position encoding (RoPE): there is no additive position table. Position "
        "enters inside attention, where q and k of each head are rotated by a position-dependent angle, so "
        "the embedding of a token below is the same at every position."
    ),
    "embeddings.pos_none.none": (
        "This model has no position encoding at all: there is no additive position table, and only the "
        "causal mask tells positions apart (a token can see how many tokens precede it)."
    ),
    "embeddings.rope_text": (
        "**The rotation instead of a table.** Each head splits its query and key (hs = {hs}) into {pairs} pairs "
        "(x<sub>c</sub>, x<sub>c+hs/2</sub>) and turns pair c of the token at position t by the angle t·θ<sub>c</sub>, "
        "θ<sub>c</sub> = {theta:g}<sup>−2c/hs</sup>. Left: cos(t·θ<sub>c</sub>) for positions 0…{last}, what this "
        "model's attention multiplies q and k by; right: how many positions each pair needs for one full turn."
    ),
    "embeddings.rope_title": "RoPE rotation cos(t·θ_c) [P={P}, hs/2={pairs}], θ = {theta:g}",
    "embeddings.axis_pair": "pair c",
    "embeddings.rope_wave_title": "positions per full turn of each pair, 2π/θ_c [hs/2={pairs}]",
    "embeddings.rope_wave_y": "positions per turn",
    "embeddings.rope_caption": (
        "Pair 0 turns once every {fast:.1f} positions and pair {last_pair} once every {slow:,.0f}: the fast pairs "
        "tell neighbours apart, the slow ones still differ across the whole context. Your text's {T} tokens sit "
        "in rows 0…{last}. Read from the model's own rotation buffer (largest difference from the formula: "
        "{diff:.1e})."
    ),
    "embeddings.rope_lab_link": "Concept labs: why a rotation makes the score depend only on the offset",
    "embeddings.sum_zero_pos.rope": (
        "This model's pos_emb is all zeros (rotary positions act inside attention), so tok_emb + pos_emb = tok_emb."
    ),
    "embeddings.sum_zero_pos.none": "This model has no position encoding: pos_emb is all zeros.",
    "embeddings.table.learned": "learned",
    "embeddings.table.sinusoidal": "sinusoidal",
    "embeddings.learned_title": "learned wpe [block_size={P}, C={C}]",
    "embeddings.sin_title": "sinusoidal formula [block_size={P}, C={C}]",
    "embeddings.axis_dimension": "dimension c",
    "embeddings.axis_position": "position t",
    "embeddings.axis_token": "token",
    "embeddings.learned_caption": "transformer.wpe.weight [{P}, {C}] of this model; rows are positions 0..{last}.",
    "embeddings.sin_caption": "The sinusoidal table [{P}, {C}] the formula gives for this model's block_size and C.",
    "embeddings.path_title": "{name} position rows → PCA 2-D",
    "embeddings.path_caption": (
        "Each {name} row [{P}, {C}] projected to 2-D ({explained} of the variance), consecutive positions joined, "
        "colour = position; outlined points are the {T} positions your text uses."
    ),
    "embeddings.sum_header": "tok_emb + pos_emb for your text",
    "embeddings.sum_choice": "Show",
    "embeddings.sum_option.sum": "tok_emb + pos_emb (the block input)",
    "embeddings.sum_option.tok": "tok_emb = wte[ids]",
    "embeddings.sum_option.pos": "pos_emb (position term)",
    "embeddings.sum_caption": "{what} [T={T}, C={C}] for your text; rows are your tokens, columns the {C} dimensions.",
    "embeddings.traj_header": "The residual stream, layer by layer",
    "embeddings.traj_intro": (
        "After the embeddings, every block adds its attention and MLP outputs to each token's vector (the "
        "residual stream). One 2-D PCA basis is fit on all {S} × {T} states together (embeddings and each block's "
        "resid_post), so a line shows how one token's vector moves through depth in the same axes."
    ),
    "embeddings.traj_select": "Tokens to draw",
    "embeddings.traj_title": "residual stream [L+1={S}, T={T}, C={C}] → shared PCA 2-D",
    "embeddings.traj_caption": (
        "Residual states [L+1={S}, T={T}, C={C}] projected to 2-D ({explained} of the variance); small dot = "
        "embedding, large labelled dot = after layer {last}."
    ),
    "embeddings.stage.embeddings": "embeddings",
    "embeddings.stage.after": "after layer {i}",
    "embeddings.cos_header": "Which of your tokens look alike",
    "embeddings.cos_select": "Stage",
    "embeddings.cos_title": "cosine similarity [T={T}, T={T}], {stage}",
    "embeddings.cos_at_embeddings": "at the embeddings",
    "embeddings.cos_caption": (
        "Cosine similarity [T={T}, T={T}] of your tokens' residual vectors {stage}: 1 = same direction, 0 = "
        "orthogonal. At the embeddings, repeated characters are identical except for their position rows; "
        "deeper, context has been mixed in."
    ),
}
