"""English strings of the quiz (pages/quiz.py)."""
STRINGS = {
    "app.nav.quiz": "Quiz",
    "quiz.title": "Quiz: the model grades you",
    "quiz.intro": (
        "Questions about the loaded model on your text; the answers are computed from the model itself. Change "
        "the text or the seed for new questions."
    ),
    "quiz.seed": "Seed",
    "quiz.score": "Score this session",
    "quiz.score_value": "{right} of {n}",
    "quiz.your_answer": "Your answer",
    "quiz.right": "Right.",
    "quiz.wrong": "Not quite: the answer is {answer}.",
    "quiz.why": "Show me why",
    "quiz.word.up": "it goes up",
    "quiz.word.down": "it goes down",
    "quiz.word.yes": "yes",
    "quiz.word.no": "no",
    "quiz.kind.next_token": "Which token does the model find most likely after your text?",
    "quiz.kind.previous_head": "Which head of layer {layer} puts the most weight on the previous token?",
    "quiz.kind.zero_after_softmax": (
        "Layer 0, head 0, query row {row}: take the softmax of the scores without the mask, then zero the future. "
        "What does the row sum to?"
    ),
    "quiz.kind.attention_params": "How many parameters do all the attention layers of this model have together?",
    "quiz.kind.head_size": "With a width of {C} and {nh} heads, how many dimensions does each query and key have?",
    "quiz.kind.logits_shape": "What shape are the logits for your text of {T} tokens?",
    "quiz.kind.token_id": "Which id does the token {token} at position {pos} have?",
    "quiz.kind.first_weight": "Layer 0, head 0: how much weight does the query at position {q} put on the first token?",
    "quiz.kind.residual_ablation": (
        "Remove the residual connection around layer 0's attention. What happens to the loss on your text?"
    ),
    "quiz.kind.scale": "By what factor are the scores of a head of size {hs} multiplied before the softmax?",
    "quiz.kind.tied": "Is this model's unembedding the embedding matrix itself (tied)?",
    "quiz.kind.n_patterns": "How many attention patterns does one forward pass of this model compute?",
    "quiz.kind.kv_heads": "How many key/value heads serve this model's {nh} query heads?",
}
