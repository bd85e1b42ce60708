"""Analyses of a model and its activations: the single home of every number the app shows about them.

Torch and numpy only (never streamlit or plotly); inputs are tensors or array-likes, so a notebook, the CLI
and every page use the same code. One module per subject:

- params: parameter groups and counts (of a model or of a config alone), formulas, named configurations, memory
- geometry: PCA, cosine similarity, residual stages, the embedding lookup as a one-hot product
- lens: the logit lens through the model's own final norm (LayerNorm or RMSNorm) and lm_head
- heads: per-head statistics, induction scores, text roles and role labels
- next_token: the distribution before/after the sampling filters, one sampling step, per-position predictions
- losses: next-token losses, before/after comparisons of two runs, fixed batches of the training text
- positions: position tables (learned and sinusoidal), integer index vs embedding, rotary's rotation and
  relative scores
- kv_heads: which query heads share a key/value head under grouped-query attention
- attention_math: one attention weight by hand, softmax orders and the √d_k demo, q·k variance and the
  1/sqrt(hs) factor, two views of q Kᵀ, pattern summaries (row entropy, weight on the next token), what an
  ablation changes per head
- mlp: the model's own activation function on any input, top neurons, what it does to negatives, SwiGLU's
  gate times up
- mask_free: a tiny model trained with or without the causal mask (through gpt_core.train.Trainer)
- compare: two runs side by side (two models, or two texts): a pattern's B − A, next-token distributions aligned
  by token string, two logit attributions aligned by component
"""
