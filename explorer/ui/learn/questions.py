"""The 24 questions learners ask (/work/shared/DESIGN.md), each with the live view that answers it: a view drawn
here on the Questions page, or one another page already draws (opened with its picker set)."""
from __future__ import annotations

from . import blocks, cross, inputs, scores, toy

# question number -> a renderer(ctx) drawn on the Questions page, or the name of a view on another page
QUESTIONS: dict[int, object] = {
    1: "embeddings", 2: "labs.positions", 3: "embeddings.pos", 4: inputs.render_same_length,
    5: blocks.render_architecture, 6: "labs.mlp", 7: "attention", 8: "what_if.mask", 9: "tokenization",
    10: "attribution.neurons", 11: scores.render_rank, 12: inputs.render_unembedding, 13: "labs.scaling",
    14: "softmax", 15: "next_token", 16: scores.render_content, 17: scores.render_one_matrix, 18: "tokenization",
    19: cross.render, 20: scores.render_terms, 21: blocks.render_ablation, 22: toy.render, 23: "labs.matmul",
    24: "labs.params",
}
