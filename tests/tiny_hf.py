"""Tiny random Hugging Face model folders (config.json + model.safetensors + tokenizer.json), built with
transformers the way a real `save_pretrained` writes them; nothing is downloaded. Shared by the model-picker,
Hub and browser tests.

    save_tiny(folder, "gpt2")   # 2 layers, 2 heads, n_embd 16, context 48, vocab 300
    save_tiny(folder, "llama")  # 2 layers, 4 query heads sharing 2 key/value heads, untied head, rope theta 5e5
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TOKENIZER_TEXT = "ROMEO: But soft, what light through yonder window breaks? It is the east. hello world " * 30


def _configs():
    import transformers

    return {
        "gpt2": lambda: transformers.GPT2Config(n_layer=2, n_head=2, n_embd=16, n_positions=48, vocab_size=300),
        "llama": lambda: transformers.LlamaConfig(
            hidden_size=32, intermediate_size=40, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
            vocab_size=300, max_position_embeddings=64, tie_word_embeddings=False, rope_theta=5e5),
    }


@lru_cache(maxsize=1)
def _tokenizer_json() -> str:
    from gpt_core.tokenizers import BPETokenizer

    return BPETokenizer.train(TOKENIZER_TEXT, vocab_size=300).hf_tokenizer.to_str()


def save_tiny(folder: Path, family: str, seed: int = 0) -> Path:
    """Write a tiny random `family` model ("gpt2" or "llama") into folder; returns folder."""
    import torch
    import transformers

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    model = transformers.AutoModelForCausalLM.from_config(_configs()[family]())
    model.save_pretrained(folder)
    (folder / "tokenizer.json").write_text(_tokenizer_json(), encoding="utf-8")
    return folder
