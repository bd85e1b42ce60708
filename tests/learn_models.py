"""Models of every family the app loads, for the Learn tests: the shipped char model (learned positions), each
tiny Hugging Face family of tests/hf_fixtures (GPT-2, GPT-2 with ReLU, Llama with GQA, Llama with biases and a tied
head, Mistral with one key/value head), and two built here (sinusoidal positions, no positions)."""
from __future__ import annotations

import torch
from apptest import SHIPPED_MODEL

from gpt_core.checkpoint import load_checkpoint
from gpt_core.config import GPTConfig
from gpt_core.model import GPT

TEXT = "ROMEO: and more text to read, hello world"


def built(pos_encoding: str, seed: int) -> GPT:
    torch.manual_seed(seed)
    model = GPT(GPTConfig(n_layer=2, n_head=2, n_embd=16, block_size=48, vocab_size=300, pos_encoding=pos_encoding))
    with torch.no_grad():
        for param in model.parameters():
            param.normal_(0.0, 0.4)  # far from init: peaked patterns, so a wrong term shows
    return model.eval()


def every_family(tmp_path_factory) -> dict[str, tuple[GPT, list[int]]]:
    """name -> (model in eval mode, ids of TEXT)."""
    from hf_fixtures import FAMILIES, fixture_tokenizer, save_family

    shipped = load_checkpoint(SHIPPED_MODEL)
    out = {"char": (shipped.model.eval(), shipped.tokenizer.encode(TEXT))}
    tokenizer = fixture_tokenizer()
    ids = tokenizer.encode(TEXT)[:40]
    for name in FAMILIES:
        folder = tmp_path_factory.mktemp(name)
        save_family(name, folder, tokenizer)
        out[name] = (load_checkpoint(folder).model.eval(), ids)
    out["sinusoidal"] = (built("sinusoidal", 1), ids)
    out["no-positions"] = (built("none", 2), ids)
    return out
