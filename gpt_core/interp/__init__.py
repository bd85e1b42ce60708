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
- head_weights: one head's W_q, W_k, W_v read out of c_attn, a norm with its scale frozen (a sum splits into
  normalised parts), the rotary rotation as a matrix
- score_terms: content/position terms of layer 0's scores, the one-matrix W = W_q W_kᵀ and symmetric W Wᵀ
  versions, the rank of W_q W_kᵀ
- cross_attention: one head with queries from one text and keys/values from another
- ablation: a residual connection or a norm removed, with the loss and the residual stream's size
"""
