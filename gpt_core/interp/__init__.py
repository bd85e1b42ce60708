"""Analyses of a model and its activations: the single home of every number the app shows about them.

Torch and numpy only (never streamlit or plotly); inputs are tensors or array-likes, so a notebook, the CLI
and every page use the same code. One module per subject:

- losses: next-token losses, before/after comparisons of two runs, fixed batches of the training text
- positions: position tables (learned and sinusoidal), integer index vs embedding, rotary's relative scores
- attention_math: one attention weight by hand, q·k variance and the 1/sqrt(hs) factor, two views of q Kᵀ,
  pattern summaries (row entropy, weight on the next token), what an ablation changes per head
- mlp: the model's own activation function on any input, top neurons, what ReLU and GELU do to negatives
- params: parameter formulas per group, named configurations (GPT-2, GPT-3), memory per storage format
- mask_free: a tiny model trained with or without the causal mask (through gpt_core.train.Trainer)
"""
