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


# the picker's two families, by their names in tests/hf_fixtures.FAMILIES (one place for the tiny configs)
FAMILY_CONFIGS = {"gpt2": "gpt2", "llama": "llama-gqa"}


@lru_cache(maxsize=1)
def _tokenizer_json() -> str:
    from gpt_core.tokenizers import BPETokenizer

    return BPETokenizer.train(TOKENIZER_TEXT, vocab_size=300).hf_tokenizer.to_str()


def save_tiny(folder: Path, family: str, seed: int = 0) -> Path:
    """Write a tiny random `family` model ("gpt2" or "llama") into folder; returns folder."""
    import torch
    import transformers

    from hf_fixtures import FAMILIES

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    model = transformers.AutoModelForCausalLM.from_config(FAMILIES[FAMILY_CONFIGS[family]]())
    model.save_pretrained(folder)
    (folder / "tokenizer.json").write_text(_tokenizer_json(), encoding="utf-8")
    return folder
