"""Tiny random Hugging Face model folders of each family, built with transformers (a test-only dependency).

Weights are redrawn with a large spread so attention patterns are peaked and residuals large: a parity test
on them can fail. Nothing is downloaded.
"""
from __future__ import annotations

import transformers
import torch

from gpt_core.tokenizers import BPETokenizer


def fixture_tokenizer() -> BPETokenizer:
    """A byte-level BPE (fewer than 300 tokens: the models' extra rows are padding)."""
    return BPETokenizer.train("hello world 中文 ROMEO: and more text to read " * 40, vocab_size=300)


FAMILIES = {
    "gpt2": lambda: transformers.GPT2Config(n_layer=2, n_head=2, n_embd=16, n_positions=48, vocab_size=300),
    "gpt2-relu-inner": lambda: transformers.GPT2Config(n_layer=1, n_head=4, n_embd=16, n_positions=48,
                                                       vocab_size=300, activation_function="relu", n_inner=24),
    # grouped-query attention, untied head, rope theta other than 10000
    "llama-gqa": lambda: transformers.LlamaConfig(
        hidden_size=32, intermediate_size=40, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
        vocab_size=300, max_position_embeddings=64, tie_word_embeddings=False, rope_theta=5e5),
    "llama-tied-bias": lambda: transformers.LlamaConfig(
        hidden_size=32, intermediate_size=48, num_attention_heads=2, num_key_value_heads=2, num_hidden_layers=2,
        vocab_size=300, max_position_embeddings=64, tie_word_embeddings=True, attention_bias=True, mlp_bias=True),
    "mistral": lambda: transformers.MistralConfig(
        hidden_size=32, intermediate_size=40, num_attention_heads=4, num_key_value_heads=1, num_hidden_layers=2,
        vocab_size=300, max_position_embeddings=128, sliding_window=48, tie_word_embeddings=False),
}


def save_family(name: str, folder, tokenizer) -> None:
    torch.manual_seed(len(name))
    model = transformers.AutoModelForCausalLM.from_config(FAMILIES[name]())
    with torch.no_grad():
        for param in model.parameters():
            param.normal_(0.0, 0.4)  # far from init: peaked patterns, large residuals
    model.save_pretrained(folder)
    tokenizer.hf_tokenizer.save(str(folder / "tokenizer.json"))
