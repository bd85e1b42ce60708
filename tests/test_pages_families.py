"""Every page on a tiny model of each family, loaded from a Hugging Face folder the way the app loads an upload:
GPT-2 (learned positions, tanh GELU, LayerNorm, tied head) and Llama (rotary positions with θ = 5e5, SwiGLU,
RMSNorm, grouped-query attention, untied head). Each page and each Learn section runs in both languages without an
exception; the numbers a page draws are checked against transformers' own forward pass where that is cheap.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
import torch

transformers = pytest.importorskip("transformers")

from gpt_core.checkpoint import Checkpoint, load_checkpoint  # noqa: E402
from gpt_core.config import GPTConfig  # noqa: E402
from gpt_core.model import GPT  # noqa: E402
from gpt_core.tokenizers import BPETokenizer  # noqa: E402

from apptest import (all_canvases, canvas_by_key, svg_charts, svg_tooltips, chart, chart_by_key, chart_specs, english_prose, main_area_strings, metric, notices,  # noqa: E402
                     open_page)
from explorer.ui.frame import page_names  # noqa: E402
from explorer.ui.labs import LABS  # noqa: E402
from explorer.ui.attribution import TOOLS as ATTRIBUTION_TOOLS  # noqa: E402
from explorer.ui.what_if import EXPERIMENTS  # noqa: E402
from plotly_json import decode  # noqa: E402

TEXT = "ROMEO: But soft, what light through yonder window breaks? It is the east."
CORPUS = ("ROMEO: But soft, what light through yonder window breaks? It is the east, and Juliet is the sun. "
          "Arise, fair sun, and kill the envious moon. ") * 30
CONFIGS = {
    "gpt2": lambda V: transformers.GPT2Config(n_layer=2, n_head=2, n_embd=16, n_positions=64, vocab_size=V),
    "llama": lambda V: transformers.LlamaConfig(
        hidden_size=32, intermediate_size=40, num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2,
        vocab_size=V, max_position_embeddings=64, tie_word_embeddings=False, rope_theta=5e5),
}
# pages that draw one picked section per run
SECTIONED = {"labs": list(LABS), "what_if": list(EXPERIMENTS), "attribution": list(ATTRIBUTION_TOOLS)}
RUNS = [(page, topic) for page in page_names() for topic in SECTIONED.get(page, [None])]


@dataclass
class Family:
    name: str
    ckpt: Checkpoint
    theirs: object  # the transformers model of the same folder
    key: str  # the session's model key (unique: analysis caches are server-wide)

    @property
    def state(self) -> dict:
        """The session state of an upload of this model, as explorer.ui.resources.add_user_model leaves it."""
        return {"user_models": {self.key: self.ckpt}, "model_key": self.key}

    def open(self, page: str, text: str = TEXT, **state):
        return open_page(page, text, **self.state, **state)

    @property
    def ids(self) -> list[int]:
        return self.ckpt.tokenizer.encode(TEXT)


@pytest.fixture(scope="module")
def families(tmp_path_factory) -> dict[str, Family]:
    tokenizer = BPETokenizer.train(CORPUS, vocab_size=300)
    out = {}
    for name, make in CONFIGS.items():
        folder = tmp_path_factory.mktemp(name)
        torch.manual_seed(len(name))
        model = transformers.AutoModelForCausalLM.from_config(make(tokenizer.vocab_size))
        with torch.no_grad():
            for param in model.parameters():
                param.normal_(0.0, 0.4)  # far from init: peaked patterns, large residuals
        model.save_pretrained(folder)
        tokenizer.hf_tokenizer.save(str(folder / "tokenizer.json"))
        ckpt = load_checkpoint(folder)
        ckpt.name = f"tiny {name}"
        ckpt.model.eval()
        theirs = transformers.AutoModelForCausalLM.from_pretrained(folder, attn_implementation="eager").eval()
        out[name] = Family(name, ckpt, theirs, f"user:families-{name}")
    return out


@pytest.fixture(scope="module")
def theirs_out(families):
    """transformers' forward pass over TEXT per family: logits, attentions and the (rotated) keys/values."""
    outs = {}
    for name, family in families.items():
        with torch.no_grad():
            outs[name] = family.theirs(torch.tensor([family.ids]), output_attentions=True, use_cache=True)
    return outs


def their_kv(out, layer: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys and values [n_kv_head, T, hs] that transformers cached for layer (after the rotation, for Llama)."""
    cache = out.past_key_values
    return cache.layers[layer].keys[0].numpy(), cache.layers[layer].values[0].numpy()


def mlp_hooks(theirs, name: str, layer: int, ids) -> dict[str, np.ndarray]:
    """What transformers' MLP of one layer computes, read with forward hooks: [T, H] each."""
    got = {}
    if name == "llama":
        mlp = theirs.model.layers[layer].mlp
        handles = [mlp.gate_proj.register_forward_hook(lambda m, i, o: got.__setitem__("pre", o[0])),
                   mlp.up_proj.register_forward_hook(lambda m, i, o: got.__setitem__("up", o[0])),
                   mlp.down_proj.register_forward_hook(lambda m, i, o: got.__setitem__("post", i[0][0]))]
    else:
        mlp = theirs.transformer.h[layer].mlp
        handles = [mlp.c_fc.register_forward_hook(lambda m, i, o: got.__setitem__("pre", o[0])),
                   mlp.c_proj.register_forward_hook(lambda m, i, o: got.__setitem__("post", i[0][0]))]
    with torch.no_grad():
        theirs(torch.tensor([ids]))
    for handle in handles:
        handle.remove()
    return {key: value.numpy() for key, value in got.items()}


# ---- 1. every page and section, both languages --------------------------------------------------------------


@pytest.mark.parametrize("name", list(CONFIGS))
@pytest.mark.parametrize("page, topic", RUNS, ids=[f"{p}-{t}" if t else p for p, t in RUNS])
def test_every_page_runs_for_every_family(families, name, page, topic):
    state = {f"{page}_topic": topic} if topic else {}
    families[name].open(page, **state)  # and no exception


@pytest.mark.parametrize("name", list(CONFIGS))
@pytest.mark.parametrize("page, topic", RUNS, ids=[f"{p}-{t}" if t else p for p, t in RUNS])
def test_every_page_runs_in_chinese_without_english_prose(families, name, page, topic):
    state = {f"{page}_topic": topic} if topic else {}
    at = families[name].open(page, lang="zh", **state)  # and no exception
    if page == "train":  # test_page_train checks its language before and after a run
        return
    shown = main_area_strings(at)
    phrases, labels = english_prose()
    leaks = sorted({p for p in phrases if any(p in s for s in shown)} | {s for s in shown if s in labels})
    assert not leaks, leaks


# ---- 2. the numbers, against transformers -------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CONFIGS))
def test_attention_pattern_and_keys_are_transformers(families, theirs_out, name):
    family = families[name]
    cfg = family.ckpt.config
    layer, head = 1, cfg.n_head - 1
    at = family.open("attention", layer=layer, head=head)
    pattern = canvas_by_key(at, "attention_pattern")["z"]  # [T, T], the future NaN
    expected = theirs_out[name].attentions[layer][0, head].numpy()
    T = len(family.ids)
    np.testing.assert_allclose(pattern[np.tril_indices(T)], expected[np.tril_indices(T)], atol=1e-5)
    keys, values = their_kv(theirs_out[name], layer)
    kv = cfg.kv_head_of(head)
    shown_k = canvas_by_key(at, "attention_k")["z"]  # [T, hs]
    shown_v = canvas_by_key(at, "attention_v")["z"]
    np.testing.assert_allclose(shown_k, keys[kv], atol=1e-4)  # rotated, for Llama: what the scores read
    np.testing.assert_allclose(shown_v, values[kv], atol=1e-4)
    prose = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    if name == "llama":  # 4 query heads over 2 key/value heads: heads 2 and 3 share key/value head 1
        assert "Grouped-query attention" in prose and "shared by query heads 2, 3" in prose
        assert "key/value head 1, the same for query heads 2, 3" in prose
        assert "the rotation by their position (base θ = 500000)" in prose
        assert "(after RMSNorm)" in prose
    else:
        assert "Grouped-query" not in prose and "(after LayerNorm)" in prose


@pytest.mark.parametrize("name", list(CONFIGS))
def test_next_token_bars_and_logit_lens_are_transformers(families, theirs_out, name):
    at = families[name].open("next_token")
    probs = torch.softmax(theirs_out[name].logits[0, -1], dim=-1).numpy()
    top = np.argsort(-probs)[:10]
    bars = decode(chart_by_key(at, "nt_bars")["data"][0]["x"])
    np.testing.assert_allclose(bars, probs[top], atol=1e-5)
    lens = decode(chart_by_key(at, "nt_lens")["data"][0]["z"])  # [L+1, k]: the last row through the final norm
    np.testing.assert_allclose(lens[-1], probs[top], atol=1e-5)
    norm = "RMSNorm" if name == "llama" else "LayerNorm"
    assert any(f"final {norm} and lm_head" in m.value for m in at.markdown)


@pytest.mark.parametrize("name", list(CONFIGS))
def test_residual_stream_is_transformers_hidden_states(families, name):
    family = families[name]
    at = family.open("embeddings", embeddings_cos=1)  # after block 0: transformers' hidden_states[1]
    with torch.no_grad():
        hidden = family.theirs(torch.tensor([family.ids]), output_hidden_states=True).hidden_states[1][0]  # [T, C]
    unit = torch.nn.functional.normalize(hidden, dim=-1)
    shown = canvas_by_key(at, "embeddings-cos")["z"]
    np.testing.assert_allclose(shown, (unit @ unit.T).numpy(), atol=1e-4)


@pytest.mark.parametrize("name", list(CONFIGS))
def test_overview_shapes_and_parameters_are_the_familys(families, name):
    family = families[name]
    cfg = family.ckpt.config
    at = family.open("overview")
    boxes = " | ".join(svg_tooltips(svg_charts(at)["overview-flow"]))  # every box's "name: [shape]", unwrapped
    T, H = len(family.ids), cfg.mlp_hidden_size
    if name == "llama":
        for label in ("RMSNorm ln_1", "RMSNorm ln_2", "final RMSNorm ln_f", "grouped-query attention", "SwiGLU MLP",
                      "RoPE acts in attention"):
            assert label in boxes, label
        assert "LayerNorm" not in boxes and "4C" not in boxes
    else:
        assert "LayerNorm ln_1" in boxes and "MLP (4C hidden)" in boxes and "tok_emb + pos_emb" in boxes
    assert f"[1, {T}, {H}]" in boxes  # the MLP box reads the real hidden width
    symbols = " ".join(m.value for m in at.markdown)
    assert f"**H** = MLP hidden width {H}" in symbols
    assert ("**nkv** = 2 key/value heads" in symbols) == (name == "llama")
    table = at.dataframe[0].value
    total = int(table["parameters"].iloc[-1])
    assert total == int(table["parameters"].iloc[:-1].sum()) == family.theirs.num_parameters()
    components = list(table["component"])
    assert ("RMSNorms" in components) == (name == "llama") and ("LayerNorms" in components) == (name == "gpt2")
    formulas = " ".join(table["formula"])
    if name == "llama":
        assert "grouped-query: 2 key/value heads serve the 4 query heads" in formulas
        assert "RMSNorm: a weight only" in formulas and "untied" in formulas


@pytest.mark.parametrize("name", list(CONFIGS))
def test_mlp_lab_draws_the_familys_hidden_layer(families, name):
    family = families[name]
    cfg = family.ckpt.config
    layer = 1
    theirs = mlp_hooks(family.theirs, name, layer, family.ids)
    hooks = ["post", "pre", "up"] if name == "llama" else ["post", "pre"]
    for which in hooks:
        at = family.open("labs", labs_topic="mlp", labs_mlp_layer=layer, labs_mlp_which=which)
        shown = canvas_by_key(at, "labs_mlp_heatmap")["z"]
        np.testing.assert_allclose(shown, theirs[which], atol=1e-3, rtol=1e-4)  # stored as float32
    code = at.code[0].value
    prose = " ".join(m.value for m in at.markdown)
    if name == "llama":  # SwiGLU: gate, up and their product; the check recomputes the product
        assert "c_gate" in code and "hook_pre_linear" in code and "SiLU(gate) · up" in code
        assert f"H={cfg.mlp_hidden_size}" in code and "+ b" not in code  # Llama has no MLP biases
        assert "equals layer 1's `mlp.hook_post` to" in prose and "SiLU(x) = x·σ(x)" in prose
        assert "4×" not in prose.split("**Why")[0]  # 40 hidden units for C = 32: 1.25×, not 4×
        names = [d.get("name") for d in chart_by_key(at, "labs_activation")["data"]]
        assert "SiLU(x) = x·σ(x)" in names
    else:
        assert "GELU (tanh approximation)" in code and "+ b" in code
        assert "gelu_new" in prose
        names = [d.get("name") for d in chart_by_key(at, "labs_activation")["data"]]
        assert any("tanh" in (n or "") for n in names)


def test_the_rope_model_shows_its_rotation_instead_of_a_table(families):
    family = families["llama"]
    cfg = family.ckpt.config
    at = family.open("embeddings")
    cos = canvas_by_key(at, "embeddings-rope")["z"]  # [P, hs/2]
    inv_freq = family.theirs.model.rotary_emb.inv_freq.double().numpy()  # transformers' own frequencies
    expected = np.cos(np.arange(cos.shape[0])[:, None] * inv_freq[None, :])
    np.testing.assert_allclose(cos, expected, atol=1e-4)
    assert cos.shape == (min(cfg.block_size, 256), cfg.head_size // 2)
    assert any("no additive position table" in i.value for i in at.info)
    assert not any(title.startswith("learned wpe") for title in [*chart_specs(at), *(c["title"] for c in all_canvases(at))])
    # the position term really is zero, and the page says so
    at.radio(key="embeddings_sum").set_value("pos").run()
    assert not at.exception
    assert np.all(canvas_by_key(at, "embeddings-sum")["z"] == 0)
    assert any("pos_emb is all zeros" in c.value for c in at.caption)


def test_the_gpt2_model_shows_its_learned_table(families):
    family = families["gpt2"]
    at = family.open("embeddings")
    table = canvas_by_key(at, "embeddings-pos-learned")["z"]
    np.testing.assert_allclose(table, family.theirs.transformer.wpe.weight.detach().numpy(), atol=1e-6)
    assert not any(e.proto.id.endswith("-embeddings-rope") for e in [*at.get("plotly_chart"), *at.get("bidi_component")])


@pytest.mark.parametrize("name", list(CONFIGS))
def test_parameter_calculator_counts_the_loaded_model(families, name):
    family = families[name]
    at = family.open("labs", labs_topic="params")
    counted = int(metric(at, "parameters in total", exact=True).replace(",", ""))
    assert counted == family.theirs.num_parameters()
    assert at.success and not at.warning


def test_positions_can_be_scrambled_only_where_they_are_a_vector(families):
    at = families["llama"].open("what_if", what_if_topic="positions")
    assert any("rotary (RoPE)" in n for n in notices(at)) and not at.metric
    at = families["gpt2"].open("what_if", what_if_topic="positions", what_if_pos_mode="zero")
    assert at.metric  # the before/after comparison runs
    at = families["llama"].open("what_if", what_if_topic="heads")
    assert any("each shared by 2 query heads" in m.value for m in at.markdown)


def test_show_math_recomputes_a_grouped_query_weight(families):
    at = families["llama"].open("show_math", layer=1, head=3)
    assert at.success and not at.error  # the weight recomputed from q and k equals the model's
    assert any("shared by query heads 2, 3" in m.value for m in at.markdown)


# ---- 3. a GPT-2-sized vocabulary ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large_vocab():
    """A tiny model over GPT-2's 50,257 ids (a small BPE padded with unused rows, as a real one pads)."""
    small = BPETokenizer.train(CORPUS, vocab_size=300)
    tokenizer = BPETokenizer.from_json(small.hf_tokenizer.to_str(), vocab_size=50257)
    torch.manual_seed(0)
    cfg = GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=64, vocab_size=50257, activation="gelu_tanh")
    return Checkpoint(model=GPT(cfg).eval(), tokenizer=tokenizer, config=cfg, name="tiny, 50k vocabulary")


def test_a_large_vocabulary_is_sampled_in_the_embedding_map(large_vocab):
    key = "user:families-large-vocab"
    at = open_page("embeddings", TEXT, user_models={key: large_vocab}, model_key=key)
    spec = chart(at, "wte [V=50257")
    ids = np.concatenate([decode(t["customdata"]) for t in spec["data"]]).astype(int)
    assert len(ids) == 2048 and len(set(ids)) == 2048
    assert set(large_vocab.tokenizer.encode(TEXT)) <= set(ids)  # every token of the text is drawn
    assert ids.max() > 50000  # the sample spans the whole id range
    assert any("The principal axes are still fit on all 50,257 rows" in c.value for c in at.caption)


def test_a_large_vocabulary_draws_a_window_of_wte_around_the_looked_up_row(large_vocab):
    key = "user:families-large-vocab"
    at = open_page("tokenization", TEXT, user_models={key: large_vocab}, model_key=key)
    token_id = large_vocab.tokenizer.encode(TEXT)[-1]  # the default position: the last token
    table = canvas_by_key(at, "tokenization-wte")
    start = table["row_offset"]
    assert table["z"].shape == (256, 16) and start <= token_id < start + 256  # not 50,257 rows: a window
    assert table["highlight_row"] == token_id - start
    wte = large_vocab.model.transformer.wte.weight.detach().numpy()  # [V, C]
    np.testing.assert_array_equal(table["z"], wte[start:start + 256])  # 4,096 cells: float32, exact
    assert table["title"] == f"W_E = wte rows {start}…{start + 255} of [V=50257, C=16]"
