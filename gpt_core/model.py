"""A small decoder-only transformer (GPT) with nanoGPT's parameter names and inspectable internals.

text -> ids [B, T] -> wte + wpe [B, T, C] -> n_layer x Block -> ln_f -> lm_head -> logits [B, T, V]

Shapes use one vocabulary: B batch, T time (tokens), C n_embd, nh heads, hs head size (C / nh),
V vocab size. Training takes the fused scaled_dot_product_attention path; a capture or an
intervention takes the explicit path that materialises every attention matrix.
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
from torch.nn import functional as F

from .capture import NO_INTERVENTIONS, ActivationCache, Interventions, Recorder
from .config import GPTConfig


def sinusoidal_table(block_size: int, n_embd: int) -> torch.Tensor:
    """The fixed encoding of "Attention Is All You Need": PE[t, 2i] = sin(t / 10000^(2i/C)), PE[t, 2i+1] = cos(...).

    >>> sinusoidal_table(4, 8).shape
    torch.Size([4, 8])
    """
    position = torch.arange(block_size, dtype=torch.float32)[:, None]  # [T, 1]
    freq = torch.exp(torch.arange(0, n_embd, 2, dtype=torch.float32) * (-math.log(10000.0) / n_embd))  # [C/2]
    table = torch.zeros(block_size, n_embd)  # [T, C]
    table[:, 0::2] = torch.sin(position * freq)
    table[:, 1::2] = torch.cos(position * freq[: n_embd // 2])
    return table


def rope_tables(block_size: int, head_size: int, theta: float = 10000.0) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin tables [T, hs] for rotary position encoding (rotate-half convention, as Hugging Face's Llama)."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_size, 2, dtype=torch.float32) / head_size))  # [hs/2]
    angles = torch.outer(torch.arange(block_size, dtype=torch.float32), inv_freq)  # [T, hs/2]
    angles = torch.cat([angles, angles], dim=-1)  # [T, hs]
    return angles.cos(), angles.sin()


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Rotate each (x_i, x_{i+hs/2}) pair by a position-dependent angle; x [B, nh, T, hs]."""
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)  # [B, nh, T, hs]
    return x * cos + rotated * sin


class KVCache:
    """Keys and values of the tokens a generation has seen so far, per layer, each [B, n_kv_head, T_past, hs].

    Generation feeds one new token at a time and reuses these instead of recomputing the whole context.
    """

    def __init__(self, n_layer: int) -> None:
        self.k: list[torch.Tensor | None] = [None] * n_layer
        self.v: list[torch.Tensor | None] = [None] * n_layer

    @property
    def length(self) -> int:
        """Tokens held (the position of the next token)."""
        return self.layer_length(0)

    def layer_length(self, layer: int) -> int:
        """Tokens held by one layer (during a forward call the layers before it already hold the new ones)."""
        return 0 if self.k[layer] is None else self.k[layer].shape[2]

    def extend(self, layer: int, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Append this call's k, v [B, nkv, T, hs] to the layer's and return all of them [B, nkv, T_past + T, hs]."""
        if self.k[layer] is not None:
            k = torch.cat([self.k[layer], k], dim=2)
            v = torch.cat([self.v[layer], v], dim=2)
        self.k[layer], self.v[layer] = k, v
        return k, v


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention; with n_kv_head < n_head, grouped-query attention (Llama 2 70B, Llama 3).

    c_attn projects x to the nh query heads, then the nkv key heads, then the nkv value heads in one matrix
    [(nh + 2 nkv)·hs, C] (for GPT-2, nkv = nh: [3C, C]). Under grouped-query attention consecutive query heads
    share a key/value head (query head h reads key head h // (nh / nkv)); the recorded hook_k and hook_v hold
    every query head's key and value, the shared ones repeated, so they are [B, nh, T, hs] for every family.
    """

    def __init__(self, config: GPTConfig, layer: int) -> None:
        super().__init__()
        self.layer = layer
        self.n_head = config.n_head
        self.n_kv_head = config.kv_heads
        self.n_embd = config.n_embd
        self.head_size = config.head_size
        self.dropout = config.dropout
        width = (self.n_head + 2 * self.n_kv_head) * self.head_size
        self.c_attn = nn.Linear(config.n_embd, width, bias=config.has_attn_bias)  # q, k, v for all heads at once
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.has_attn_bias)  # W_O
        self.attn_dropout = nn.Dropout(config.dropout)
        self.resid_dropout = nn.Dropout(config.dropout)
        self.use_rope = config.pos_encoding == "rope"
        if self.use_rope:
            cos, sin = rope_tables(config.block_size, config.head_size, config.rope_theta)
            self.register_buffer("rope_cos", cos, persistent=False)  # [block_size, hs]
            self.register_buffer("rope_sin", sin, persistent=False)

    def forward(self, x: torch.Tensor, record: Recorder | None = None,
                interventions: Interventions = NO_INTERVENTIONS, kv: KVCache | None = None) -> torch.Tensor:
        B, T, C = x.shape
        nh, nkv, hs = self.n_head, self.n_kv_head, self.head_size
        q, k, v = self.c_attn(x).split([nh * hs, nkv * hs, nkv * hs], dim=2)  # [B, T, nh·hs], [B, T, nkv·hs] x2
        # Multi-head split: view the width as heads x hs, then move heads before time.
        q = q.view(B, T, nh, hs).transpose(1, 2)  # [B, nh, T, hs]
        k = k.view(B, T, nkv, hs).transpose(1, 2)  # [B, nkv, T, hs]
        v = v.view(B, T, nkv, hs).transpose(1, 2)  # [B, nkv, T, hs]
        start = kv.layer_length(self.layer) if kv is not None else 0  # position of this call's first token
        if self.use_rope:
            cos, sin = self.rope_cos[start:start + T], self.rope_sin[start:start + T]  # [T, hs]
            q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        if kv is not None:
            k, v = kv.extend(self.layer, k, v)  # [B, nkv, start + T, hs]

        if record is None and interventions.is_default:
            z = self._fused_attention(q, k, v, start)  # [B, nh, T, hs]
        else:
            if nkv != nh:  # give every query head its own copy of the key/value head it reads
                k = k.repeat_interleave(nh // nkv, dim=1)  # [B, nh, T, hs]
                v = v.repeat_interleave(nh // nkv, dim=1)  # [B, nh, T, hs]
            z = self._explicit_attention(q, k, v, record, interventions)  # [B, nh, T, hs]

        ablated = [h for (layer, h) in interventions.ablate_heads if layer == self.layer and 0 <= h < nh]
        if ablated:
            z = z.clone()
            z[:, ablated] = 0.0
        z = _hook(record, "attn.hook_z", z)
        y = z.transpose(1, 2).contiguous().view(B, T, C)  # concat heads: [B, T, C]
        y = self.resid_dropout(self.c_proj(y))  # [B, T, C]
        return _hook(record, "attn.hook_out", y)

    def _fused_attention(self, q, k, v, start: int) -> torch.Tensor:
        """scaled_dot_product_attention for training and generation; q [B, nh, T, hs], k, v [B, nkv, start + T, hs]."""
        T = q.shape[2]
        dropout = self.dropout if self.training else 0.0
        gqa = dict(enable_gqa=True) if self.n_kv_head != self.n_head else {}
        if start == 0:
            return F.scaled_dot_product_attention(q, k, v, dropout_p=dropout, is_causal=True, **gqa)
        # after a KV cache: query i (at position start + i) sees keys 0 .. start + i
        visible = torch.ones(T, start + T, dtype=torch.bool, device=q.device).tril(start)  # [T, start + T]
        return F.scaled_dot_product_attention(q, k, v, attn_mask=visible, dropout_p=dropout, **gqa)

    def _explicit_attention(self, q, k, v, record, interventions: Interventions) -> torch.Tensor:
        T = q.shape[2]
        q, k, v = (_hook(record, "attn.hook_q", q), _hook(record, "attn.hook_k", k), _hook(record, "attn.hook_v", v))
        scale = 1.0 / math.sqrt(self.head_size) if interventions.scale_scores else 1.0
        scores = (q @ k.transpose(-2, -1)) * scale  # [B, nh, T, T]
        if interventions.causal_mask:
            future = torch.ones(T, T, dtype=torch.bool, device=q.device).triu(1)  # [T, T], True above the diagonal
            masked_scores = scores.masked_fill(future, float("-inf"))  # [B, nh, T, T]
        else:
            masked_scores = scores
        if record is not None:  # (recorded, not edited: an edit belongs on the pattern)
            record("attn.hook_scores", scores)
            record("attn.hook_masked_scores", masked_scores)
        pattern = _hook(record, "attn.hook_pattern", F.softmax(masked_scores, dim=-1))  # [B, nh, T, T], rows sum to 1
        return self.attn_dropout(pattern) @ v  # [B, nh, T, hs]


def activation_module(name: str) -> nn.Module:
    """The MLP's non-linearity for config.activation (one place, so every view plots the model's own).

    For "swiglu" it is the gate's SiLU: the MLP computes down(silu(gate(x)) * up(x)).
    """
    modules = {"gelu": nn.GELU, "gelu_tanh": lambda: nn.GELU(approximate="tanh"), "relu": nn.ReLU, "swiglu": nn.SiLU}
    if name not in modules:
        raise ValueError(f"activation must be one of {tuple(modules)}, got {name!r}")
    return modules[name]()


def norm_module(config: GPTConfig) -> nn.Module:
    """ln_1, ln_2 and ln_f: LayerNorm (GPT-2, ours) or RMSNorm (Llama: no mean subtraction, no bias)."""
    if config.norm == "rmsnorm":
        return nn.RMSNorm(config.n_embd, eps=config.norm_eps)
    return nn.LayerNorm(config.n_embd, eps=config.norm_eps, bias=config.bias)


class MLP(nn.Module):
    """up-project, non-linearity, down-project; gated (SwiGLU) for Llama-family models.

    Recorded: hook_pre [B, T, H] what the non-linearity reads (the gate under SwiGLU), hook_pre_linear
    [B, T, H] the ungated up-projection (SwiGLU only), hook_post [B, T, H] what c_proj reads (SwiGLU: the
    product silu(gate) * up), hook_out [B, T, C].
    """

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        hidden, bias = config.mlp_hidden_size, config.has_mlp_bias
        self.gated = config.activation == "swiglu"
        if self.gated:
            self.c_gate = nn.Linear(config.n_embd, hidden, bias=bias)  # Llama's gate_proj
        self.c_fc = nn.Linear(config.n_embd, hidden, bias=bias)  # up-projection (Llama's up_proj)
        self.act = activation_module(config.activation)
        self.c_proj = nn.Linear(hidden, config.n_embd, bias=bias)  # down-projection
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor, record: Recorder | None = None) -> torch.Tensor:
        if self.gated:
            pre = _hook(record, "mlp.hook_pre", self.c_gate(x))  # [B, T, H]
            up = _hook(record, "mlp.hook_pre_linear", self.c_fc(x))  # [B, T, H]
            post = self.act(pre) * up  # [B, T, H]
        else:
            pre = _hook(record, "mlp.hook_pre", self.c_fc(x))  # [B, T, H]
            post = self.act(pre)  # [B, T, H]
        post = _hook(record, "mlp.hook_post", post)
        return _hook(record, "mlp.hook_out", self.dropout(self.c_proj(post)))  # [B, T, C]


class Block(nn.Module):
    """Pre-norm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x))."""

    def __init__(self, config: GPTConfig, layer: int) -> None:
        super().__init__()
        self.layer = layer
        self.ln_1 = norm_module(config)
        self.attn = CausalSelfAttention(config, layer)
        self.ln_2 = norm_module(config)
        self.mlp = MLP(config)

    def forward(self, x: torch.Tensor, record: Recorder | None = None,
                interventions: Interventions = NO_INTERVENTIONS, kv: KVCache | None = None) -> torch.Tensor:
        sub = _Prefixed(record, f"transformer.h.{self.layer}.") if record is not None else None
        x = _hook(sub, "hook_resid_pre", x)
        normed = _hook(sub, "ln_1.hook_normalized", self.ln_1(x))  # [B, T, C]
        x = _hook(sub, "hook_resid_mid", x + self.attn(normed, sub, interventions, kv))  # [B, T, C]
        normed = _hook(sub, "ln_2.hook_normalized", self.ln_2(x))  # [B, T, C]
        return _hook(sub, "hook_resid_post", x + self.mlp(normed, sub))  # [B, T, C]


def _hook(record: Recorder | None, name: str, tensor: torch.Tensor) -> torch.Tensor:
    """Pass an activation through a capture: recorded if asked for, replaced if the call edits it (patching)."""
    return tensor if record is None else record(name, tensor)


class _Prefixed:
    """Adds a module-path prefix to the names a sub-module records."""

    def __init__(self, record: Recorder, prefix: str) -> None:
        self.record, self.prefix = record, prefix

    def __call__(self, name: str, tensor: torch.Tensor) -> None:
        return self.record(self.prefix + name, tensor)


class GPT(nn.Module):
    def __init__(self, config: GPTConfig, init_weights: bool = True) -> None:
        """init_weights=False skips GPT-2's random initialisation, for weights about to be loaded."""
        super().__init__()
        self.config = config
        modules = dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),  # token id -> row of a [V, C] table
            drop=nn.Dropout(config.dropout),
            h=nn.ModuleList([Block(config, i) for i in range(config.n_layer)]),
            ln_f=norm_module(config),
        )
        if config.pos_encoding == "learned":
            modules["wpe"] = nn.Embedding(config.block_size, config.n_embd)  # position -> row of [block_size, C]
        self.transformer = nn.ModuleDict(modules)
        if config.pos_encoding == "sinusoidal":
            self.register_buffer("sinusoidal_pe", sinusoidal_table(config.block_size, config.n_embd), persistent=False)
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)  # unembedding: [C] -> [V]
        if config.tie_weights:
            self.lm_head.weight = self.transformer.wte.weight  # logits = h @ wte^T
        if init_weights:
            self.apply(self._init_weights)
            for name, param in self.named_parameters():
                if name.endswith("c_proj.weight"):  # GPT-2: scale residual projections by depth
                    nn.init.normal_(param, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def fixed_tables(self) -> None:
        """(Re)compute the non-persistent tables (rope cos/sin, sinusoidal positions) on the weights' device: needed
        after building on the meta device, where they hold no numbers."""
        cfg, device = self.config, self.transformer.wte.weight.device
        if cfg.pos_encoding == "sinusoidal":
            self.sinusoidal_pe = sinusoidal_table(cfg.block_size, cfg.n_embd).to(device)
        if cfg.pos_encoding == "rope":
            cos, sin = rope_tables(cfg.block_size, cfg.head_size, cfg.rope_theta)
            for block in self.transformer.h:
                block.attn.rope_cos, block.attn.rope_sin = cos.to(device), sin.to(device)

    # ---- positions -------------------------------------------------------------------------
    def position_embedding(self, T: int, interventions: Interventions = NO_INTERVENTIONS, start: int = 0) -> torch.Tensor:
        """The additive position term [T, C] for positions start .. start + T - 1 (zeros for rope / none, whose
        positions act inside attention or nowhere)."""
        device = self.transformer.wte.weight.device
        if self.config.pos_encoding == "learned":
            pos = self.transformer.wpe(torch.arange(start, start + T, device=device))  # [T, C]
        elif self.config.pos_encoding == "sinusoidal":
            pos = self.sinusoidal_pe[start:start + T]  # [T, C]
        else:
            return torch.zeros(T, self.config.n_embd, device=device)
        if interventions.positions == "zero":
            pos = torch.zeros_like(pos)
        elif interventions.positions == "shuffle":
            gen = torch.Generator().manual_seed(interventions.shuffle_seed)
            pos = pos[torch.randperm(T, generator=gen).to(device)]
        return pos

    # ---- forward ---------------------------------------------------------------------------
    def _check_input(self, idx: torch.Tensor, start: int = 0) -> None:
        if idx.dim() != 2:
            raise ValueError(f"idx must be [B, T] token ids, got shape {tuple(idx.shape)}")
        T = idx.shape[1]
        if T == 0:
            raise ValueError("idx is empty: at least one token is needed")
        if start + T > self.config.block_size:
            raise ValueError(f"sequence of {T} tokens is longer than the context (block_size {self.config.block_size})")
        if idx.dtype not in (torch.int64, torch.int32, torch.int16, torch.uint8):
            raise ValueError(f"idx must hold integer token ids, got {idx.dtype}")
        if idx.numel() and (int(idx.min()) < 0 or int(idx.max()) >= self.config.vocab_size):
            raise ValueError(f"token ids must be in [0, {self.config.vocab_size}), got {int(idx.min())}..{int(idx.max())}")

    def _forward(self, idx: torch.Tensor, record: Recorder | None, interventions: Interventions,
                 kv: KVCache | None = None, head: bool = True) -> torch.Tensor | None:
        start = kv.length if kv is not None else 0
        self._check_input(idx, start)
        B, T = idx.shape
        tok_emb = self.transformer.wte(idx.long())  # [B, T, C]
        pos_emb = self.position_embedding(T, interventions, start)  # [T, C]
        if record is not None:
            tok_emb = record("transformer.hook_tok_emb", tok_emb)
            pos_emb = record("transformer.hook_pos_emb", pos_emb.expand(B, T, -1))  # [B, T, C]
        x = self.transformer.drop(tok_emb + pos_emb)  # [B, T, C]
        for block in self.transformer.h:
            x = block(x, record, interventions, kv)  # [B, T, C]
        x = self.transformer.ln_f(x)  # [B, T, C]
        x = _hook(record, "transformer.ln_f.hook_normalized", x)
        if not head:  # the caller wants the activations only: lm_head is ~30% of GPT-2 small's FLOPs
            return None
        logits = self.lm_head(x)  # [B, T, V]
        logits = _hook(record, "hook_logits", logits)
        return logits

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None,
                interventions: Interventions | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Logits for every position [B, T, V] and, given targets [B, T], the mean cross-entropy loss."""
        logits = self._forward(idx, None, interventions or NO_INTERVENTIONS)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1).long(), ignore_index=-1)
        return logits, loss

    @torch.no_grad()
    def run_with_cache(self, idx: torch.Tensor, interventions: Interventions | None = None,
                       names_filter=None, edits=None, head: bool = True) -> tuple[torch.Tensor | None, ActivationCache]:
        """One explicit forward pass that records every named activation (or those names_filter(name) accepts).

        edits: hook name -> function(tensor) -> tensor, applied where that activation is produced (e.g. put a
        clean run's residual into a corrupted run: gpt_core.interp.patching).
        head=False stops after ln_f: no logits (None is returned for them), no hook_logits; `logits_from_final`
        computes them later from the recorded "transformer.ln_f.hook_normalized".

        >>> from gpt_core.config import GPTConfig
        >>> model = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=8, vocab_size=5, block_size=4))
        >>> logits, cache = model.run_with_cache(torch.tensor([[0, 1, 2]]))   # ids [B=1, T=3]
        >>> tuple(cache["transformer.h.0.attn.hook_pattern"].shape)           # [B, nh, T, T]
        (1, 2, 3, 3)
        """
        record = Recorder(names_filter, edits)
        logits = self._forward(idx, record, interventions or NO_INTERVENTIONS, head=head)
        return logits, ActivationCache(record.store)

    @torch.no_grad()
    def logits_from_final(self, normalized: torch.Tensor) -> torch.Tensor:
        """lm_head on the final normalised residual [B, T, C] -> logits [B, T, V]: what the forward pass's last
        step computes, for a run_with_cache(head=False)."""
        return self.lm_head(normalized)

    # ---- generation ------------------------------------------------------------------------
    @torch.no_grad()
    def generate(self, idx: torch.Tensor, max_new_tokens: int, temperature: float = 1.0,
                 top_k: int | None = None, top_p: float | None = None, seed: int | None = None) -> torch.Tensor:
        """Append max_new_tokens sampled tokens to idx [B, T]; temperature 0 is greedy.

        Only the last position's logits choose the next token; the context is cropped to block_size. A KV cache
        keeps each token's keys and values, so every step after the first runs the model on one token; once the
        context is full, the window slides and the cache is rebuilt from the last block_size tokens.
        """
        from .sampling import filtered_probs  # local: sampling imports nothing from here, keeps the file readable

        generator = torch.Generator(device=idx.device)
        if seed is not None:
            generator.manual_seed(int(seed))
        else:
            generator.seed()
        kv: KVCache | None = None
        for _ in range(int(max_new_tokens)):
            if kv is None or kv.length >= self.config.block_size:
                kv = KVCache(self.config.n_layer)
                logits = self._forward(idx[:, -self.config.block_size:], None, NO_INTERVENTIONS, kv)  # [B, T, V]
            else:
                logits = self._forward(idx[:, -1:], None, NO_INTERVENTIONS, kv)  # [B, 1, V]
            probs = filtered_probs(logits[:, -1, :], temperature, top_k, top_p)  # [B, V]
            next_id = torch.multinomial(probs, 1, generator=generator)  # [B, 1]
            idx = torch.cat([idx, next_id], dim=1)  # [B, T + 1]
        return idx

    def num_parameters(self) -> int:
        """Unique parameters (a tied lm_head is counted once)."""
        return sum(p.numel() for p in self.parameters())
