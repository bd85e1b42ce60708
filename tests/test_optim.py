"""gpt_core/optim.py: the Muon update against an SVD, the split between Muon and AdamW, and a resume that keeps
Muon's momentum."""
from __future__ import annotations

import pytest
import torch

from gpt_core.config import GPTConfig
from gpt_core.model import GPT
from gpt_core.optim import Muon, MuonWithAdamW, muon_parameters, orthogonalise
from gpt_core.tokenizers import CharTokenizer
from gpt_core.train import TrainConfig, TrainConfigError, Trainer, prepare_corpus_ids


@pytest.mark.parametrize("shape", [(64, 16), (16, 64), (32, 32)])
def test_orthogonalise_approximates_u_v_transpose(shape):
    torch.manual_seed(0)
    g = torch.randn(*shape) @ torch.diag(torch.linspace(0.1, 10.0, shape[1]))  # ill-conditioned on purpose
    u, _, vh = torch.linalg.svd(g, full_matrices=False)
    polar = u @ vh  # the orthogonal factor: what Muon steps along
    o = orthogonalise(g)
    assert o.shape == g.shape
    singular = torch.linalg.svdvals(o)
    near_one = ((singular > 0.5) & (singular < 1.3)).float().mean()
    assert near_one >= 0.9 and singular.max() < 1.3  # most pushed towards 1 from 0.1..10; the tiniest lag behind
    cosine = (o * polar).sum() / (o.norm() * polar.norm())
    assert cosine > 0.95


def test_a_muon_step_goes_downhill_and_keeps_momentum():
    torch.manual_seed(1)
    target = torch.randn(8, 6)
    w = torch.nn.Parameter(torch.zeros(8, 6))
    opt = Muon([w], lr=0.2, weight_decay=0.0)
    losses = []
    for _ in range(30):
        loss = ((w - target) ** 2).sum()
        losses.append(float(loss))
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert min(losses[-5:]) < 0.3 * losses[0]
    assert opt.state[w]["momentum_buffer"].shape == w.shape
    with pytest.raises(ValueError, match="2-D"):
        Muon([torch.nn.Parameter(torch.zeros(3))])


def test_muon_takes_the_blocks_matrices_and_adamw_the_rest():
    model = GPT(GPTConfig(vocab_size=11, n_layer=2, n_head=2, n_embd=16, block_size=8))
    opt = MuonWithAdamW(model, lr=1e-3, betas=(0.9, 0.99), weight_decay=0.1)
    names = {id(p): n for n, p in model.named_parameters()}
    on_muon = sorted(names[id(p)] for g in opt.muon.param_groups for p in g["params"])
    assert on_muon == sorted(n for n, p in model.named_parameters() if p.dim() == 2 and n.startswith("transformer.h."))
    on_adamw = {names[id(p)] for g in opt.adamw.param_groups for p in g["params"]}
    assert "transformer.wte.weight" in on_adamw and not on_adamw & set(on_muon)
    assert len(muon_parameters(model)) == len(on_muon) == 2 * 4  # c_attn, c_proj, c_fc, mlp.c_proj per block


def test_a_muon_run_saves_and_resumes_its_momentum(tmp_path):
    text = "to be or not to be, that is the question. " * 60
    tok = CharTokenizer.from_text(text)
    train, val = prepare_corpus_ids(text, tok)
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=tok.vocab_size, n_layer=1, n_head=2, n_embd=16, block_size=8))
    cfg = TrainConfig(steps=6, batch_size=4, lr=5e-3, eval_every=3, eval_batches=1, sample_every_evals=0,
                      optimizer="muon")
    trainer = Trainer(model, tok, train, val, cfg)
    trainer.run()
    path = tmp_path / "muon.safetensors"
    trainer.save(path)
    again = Trainer.resume(path, train, val, cfg.replace(steps=8))
    assert again.restored_optimizer and isinstance(again.optimizer, MuonWithAdamW)
    for p_old, p_new in zip(trainer.model.parameters(), again.model.parameters()):
        if p_old in trainer.optimizer.muon.state:
            torch.testing.assert_close(again.optimizer.state[p_new]["momentum_buffer"],
                                       trainer.optimizer.state[p_old]["momentum_buffer"])
    again.run()
    assert again.step == 8


def test_an_unknown_optimizer_is_refused_by_name():
    with pytest.raises(TrainConfigError, match="adamw, muon"):
        TrainConfig(optimizer="sgd")
