"""AppTest of pages/softmax_mask.py: each step shows the shipped model's numbers, and the wrong orders really break."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from streamlit.testing.v1 import AppTest

from gpt_core.capture import Interventions
from gpt_core.checkpoint import load_checkpoint

from apptest import all_canvases
from plotly_json import decode_float

REPO = Path(__file__).resolve().parents[1]
PAGE = "pages/softmax_mask.py"
TEXT = "ROMEO:\nBut soft, what light through yonder window breaks?"


def chart(at: AppTest, fragment: str) -> dict:
    """The one plotly chart whose title contains fragment, as figure JSON."""
    specs = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    found = [s for s in specs if fragment in s["layout"]["title"]["text"]]
    assert len(found) == 1, f"{fragment!r} in {[s['layout']['title']['text'] for s in specs]}"
    return found[0]


def z_of(at: AppTest, fragment: str) -> np.ndarray:
    """The matrix a canvas heatmap whose title contains fragment draws (masked cells NaN)."""
    found = [c for c in all_canvases(at) if fragment in c["title"]]
    assert len(found) == 1, f"{fragment!r} in {[c['title'] for c in all_canvases(at)]}"
    z = found[0]["z"].astype(np.float64)
    return np.where(np.isneginf(z), np.nan, z)  # -inf scores: drawn grey, as NaN cells


def open_page(text: str = TEXT, **state) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["text"] = text
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


@pytest.fixture(scope="module")
def ref():
    ckpt = load_checkpoint(REPO / "assets" / "shakespeare_char.safetensors")
    ids = torch.tensor([ckpt.tokenizer.encode(TEXT)])

    def run(interventions=Interventions()):
        with torch.no_grad():
            _, cache = ckpt.model.run_with_cache(ids, interventions)
        return {name: cache.stack(f"attn.hook_{name}")[:, 0].double().numpy()
                for name in ("q", "k", "scores", "masked_scores", "pattern")}

    return {"T": ids.shape[1], "hs": ckpt.config.n_embd // ckpt.config.n_head, "L": ckpt.config.n_layer,
            "nh": ckpt.config.n_head, "tokenizer": ckpt.tokenizer, "block_size": ckpt.config.block_size,
            "on": run(), "off": run(Interventions(scale_scores=False))}


def test_each_step_shows_the_models_numbers(ref):
    at = open_page()
    on, T = ref["on"], ref["T"]
    lower, upper = np.tril_indices(T), np.triu_indices(T, 1)
    raw = ref["on"]["q"][0, 0] @ ref["on"]["k"][0, 0].T
    np.testing.assert_allclose(z_of(at, "L0 H0 q·kᵀ"), raw, atol=1e-4)
    scores = z_of(at, f"L0 H0 scores = q·kᵀ × {1 / math.sqrt(ref['hs']):.4g} [")
    np.testing.assert_allclose(scores, on["scores"][0, 0], atol=1e-5)
    np.testing.assert_allclose(scores, raw / math.sqrt(ref["hs"]), atol=1e-4)
    masked = z_of(at, "L0 H0 masked scores")
    np.testing.assert_allclose(masked[lower], on["scores"][0, 0][lower], atol=1e-5)
    assert np.all(np.isnan(masked[upper]))  # -inf: drawn grey, never as a number
    pattern = z_of(at, "L0 H0 softmax(masked scores)")
    np.testing.assert_allclose(pattern[lower], on["pattern"][0, 0][lower], atol=1e-6)
    assert np.all(np.isnan(pattern[upper]))
    np.testing.assert_allclose(np.nansum(pattern, axis=1), 1.0, atol=1e-6)  # so the upper triangle is exactly 0
    assert any("largest difference" in s.value for s in at.success)
    text = " ".join(m.value for m in at.markdown)
    assert f"d_k = hs = n_embd / n_head = {ref['hs']}" in text and "e<sup>−inf</sup> = 0" in text
    assert any(f"1/√{ref['hs']} = {1 / math.sqrt(ref['hs']):.4f}" in c.value for c in at.caption)


def test_no_mask_leaks_the_future_and_the_wrong_order_breaks_row_sums(ref):
    at = open_page()
    T = ref["T"]
    unmasked = z_of(at, "L0 H0 softmax without the mask")
    np.testing.assert_allclose(unmasked, softmax(ref["on"]["scores"][0, 0]), atol=1e-6)
    np.testing.assert_allclose(unmasked.sum(1), 1.0, atol=1e-6)
    assert np.all(unmasked[np.triu_indices(T, 1)] > 0)
    wrong = z_of(at, "L0 H0 softmax, then zero the future")
    np.testing.assert_allclose(np.nan_to_num(wrong), np.tril(softmax(ref["on"]["scores"][0, 0])), atol=1e-6)
    sums = {t["name"]: decode_float(t["y"]) for t in chart(at, "L0 H0 row sums")["data"]}
    then_zero = sums["softmax → zero the future"]
    assert np.all(then_zero[:-1] < 1 - 1e-6) and then_zero[-1] == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_allclose(sums["mask → softmax (the model)"], 1.0, atol=1e-6)
    np.testing.assert_allclose(sums["softmax, no mask"], 1.0, atol=1e-6)
    assert "−inf before softmax" in " ".join(m.value for m in at.markdown)


def test_dropping_the_scale_reruns_the_model_without_it(ref):
    at = open_page()
    scaled = z_of(at, "L0 H0 scores")
    at.toggle(key="softmax_scale").set_value(False).run()
    assert not at.exception
    unscaled = z_of(at, "L0 H0 scores = q·kᵀ × 1 ")
    np.testing.assert_allclose(unscaled, scaled * math.sqrt(ref["hs"]), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(unscaled, ref["off"]["scores"][0, 0], atol=1e-4)
    T = ref["T"]
    pattern = z_of(at, "L0 H0 softmax(masked scores)")
    np.testing.assert_allclose(pattern[np.tril_indices(T)], ref["off"]["pattern"][0, 0][np.tril_indices(T)], atol=1e-6)
    # later layers change beyond the factor: their inputs changed
    at.session_state["layer"] = ref["L"] - 1
    at.run()
    last = z_of(at, f"L{ref['L'] - 1} H0 scores")
    np.testing.assert_allclose(last, ref["off"]["scores"][-1, 0], atol=1e-4)
    assert not np.allclose(last, ref["on"]["scores"][-1, 0] * math.sqrt(ref["hs"]), atol=1e-3)


def test_temperature_divides_the_scores_before_softmax(ref):
    at = open_page()
    at.slider(key="softmax_temperature").set_value(0.5).run()
    assert not at.exception
    T = ref["T"]
    future = np.triu(np.ones((T, T), dtype=bool), 1)
    expected = softmax(np.where(future, -np.inf, ref["on"]["scores"][0, 0] / 0.5))
    pattern = z_of(at, "L0 H0 softmax(masked scores)")
    np.testing.assert_allclose(pattern[~future], expected[~future], atol=1e-6)
    assert np.nanmax(pattern, 1).mean() > ref["on"]["pattern"][0, 0].max(1).mean()  # sharper rows
    assert any("τ = 0.5" in i.value for i in at.info)


def test_row_inspector_follows_the_query_row_key(ref):
    at = open_page()
    T = ref["T"]
    assert f"({T - 1})" in chart(at, "row inspector")["layout"]["title"]["text"]  # default: the last position
    assert at.select_slider(key="_softmax_query_row").value == T - 1
    at = open_page(query_row=3, layer=1, head=2)
    bars = {t["name"]: t for t in chart(at, "L1 H2 row inspector: query")["data"]}
    np.testing.assert_allclose(decode_float(bars["scores"]["y"]), ref["on"]["scores"][1, 2][3], atol=1e-5)
    assert list(decode_float(bars["masked scores"]["x"])) == [0, 1, 2, 3]
    assert list(decode_float(bars["-inf (masked)"]["x"])) == list(range(4, T))  # the future keys, drawn as ✕
    weights = decode_float(bars["weights"]["y"])
    np.testing.assert_allclose(weights, ref["on"]["pattern"][1, 2][3], atol=1e-6)
    assert weights.sum() == pytest.approx(1.0, abs=1e-6)
    lost = 1 - softmax(ref["on"]["scores"][1, 2][3])[:4].sum()
    assert any(f"had taken {lost:.4f}" in c.value for c in at.caption)
    at.select_slider(key="_softmax_query_row").set_value(5).run()
    assert at.session_state["query_row"] == 5 and "(5)" in chart(at, "row inspector")["layout"]["title"]["text"]


@pytest.mark.parametrize("text,notice", [
    ("", "Type some text"),
    ("To be €, or not", "'€'"),
    ("To be, or not to be: " * 480, "context"),  # 10,080 characters
])
def test_bad_input_shows_a_notice_and_no_exception(ref, text, notice):
    at = open_page(text=text)
    notes = [e.value for e in list(at.info) + list(at.warning)]
    assert any(notice in n for n in notes), notes
    T = min(len(ref["tokenizer"].encode(text, unknown="skip")), ref["block_size"])
    if T == 0:
        assert not at.get("plotly_chart") and not all_canvases(at)
    else:
        assert z_of(at, "softmax without the mask").shape == (T, T)


def test_the_scaling_demo_is_built_only_when_asked_for():
    at = open_page()
    titles = [json.loads(e.proto.spec)["layout"]["title"]["text"] for e in at.get("plotly_chart")]
    assert not any("√d_k" in title for title in titles)  # off: nothing built, sent or drawn
    at.toggle(key="softmax_show_demo").set_value(True).run()
    assert not at.exception, at.exception
    demo = chart(at, "why divide by √d_k")
    variances = decode_float(demo["data"][0]["y"])  # variance of q·k grows with d; scaled by 1/√d it stays ~1
    assert variances[-1] > 10 * variances[0]
    np.testing.assert_allclose(decode_float(demo["data"][1]["y"]), 1.0, rtol=0.35)


def qk_from_weights(ids: list[int], layer: int, nh: int) -> tuple[torch.Tensor, torch.Tensor]:
    """q, k [nh, T, hs] of one layer, recomputed with plain torch from the checkpoint's tensors (not gpt_core)."""
    from safetensors import safe_open

    with safe_open(str(REPO / "assets" / "shakespeare_char.safetensors"), "pt") as f:
        w = {name: f.get_tensor(name).double() for name in f.keys() if name.startswith("transformer.")}  # noqa: SIM118
    C = w["transformer.wte.weight"].shape[1]
    hs, T = C // nh, len(ids)
    future = torch.ones(T, T, dtype=torch.bool).triu(1)
    x = w["transformer.wte.weight"][ids] + w["transformer.wpe.weight"][:T]  # [T, C]
    for i in range(layer + 1):
        block = {name.split(".", 3)[3]: t for name, t in w.items() if name.startswith(f"transformer.h.{i}.")}
        h = F.layer_norm(x, (C,), block["ln_1.weight"], block["ln_1.bias"])  # [T, C]
        q, k, v = (h @ block["attn.c_attn.weight"].T + block["attn.c_attn.bias"]).split(C, dim=-1)  # each [T, C]
        q, k, v = (a.view(T, nh, hs).transpose(0, 1) for a in (q, k, v))  # each [nh, T, hs]
        if i == layer:
            return q, k
        weights = (q @ k.transpose(-2, -1) / math.sqrt(hs)).masked_fill(future, -math.inf).softmax(-1)  # [nh, T, T]
        heads = (weights @ v).transpose(0, 1).reshape(T, C)  # [T, C]
        x = x + heads @ block["attn.c_proj.weight"].T + block["attn.c_proj.bias"]
        h = F.layer_norm(x, (C,), block["ln_2.weight"], block["ln_2.bias"])
        hidden = F.gelu(h @ block["mlp.c_fc.weight"].T + block["mlp.c_fc.bias"])  # [T, 4C]
        x = x + hidden @ block["mlp.c_proj.weight"].T + block["mlp.c_proj.bias"]


@pytest.mark.parametrize("layer,head", [(0, 0), (2, 1)])
def test_scale_prose_states_the_live_spread_and_never_claims_about_1(ref, layer, head):
    """÷√d_k divides the spread by √d_k; it reaches ~1 only for unit-variance q, k, which a trained model's are not."""
    ids = ref["tokenizer"].encode(TEXT)
    q_all, k_all = qk_from_weights(ids, layer, ref["nh"])  # each [nh, T, hs]
    np.testing.assert_allclose(q_all.numpy(), ref["on"]["q"][layer], atol=1e-4)  # the oracle is the model's own q
    q, k = q_all[head], k_all[head]  # [T, hs]
    hs = q.shape[-1]
    visible = (q @ k.T)[torch.tril(torch.ones(len(ids), len(ids), dtype=torch.bool))]  # q_i·k_j for j <= i
    std_raw, std_scaled = visible.std(unbiased=False).item(), (visible / math.sqrt(hs)).std(unbiased=False).item()
    assert std_scaled > 3  # the shipped model: far from the textbook 1
    for lang, about_one in (("en", ("about 1", "back to 1")), ("zh", ("1 左右", "回到 1"))):
        at = open_page(layer=layer, head=head, lang=lang)
        text = " ".join(m.value for m in at.markdown)
        assert not [claim for claim in about_one if claim in text], text
        for value in (q.std(unbiased=False).item(), k.std(unbiased=False).item(), std_raw, std_scaled,
                      math.sqrt(hs)):
            assert f"{value:.2f}" in text, (value, text)


def test_scale_off_says_on_the_page_that_the_unscaled_map_changes_too():
    at = open_page()
    assert not any("q·kᵀ map" in i.value for i in at.info)
    at.toggle(key="softmax_scale").set_value(False).run()
    assert any("the unscaled q·kᵀ map changes too" in i.value for i in at.info), [i.value for i in at.info]
    at.session_state["lang"] = "zh"
    at.run()
    assert any("未缩放的 q·kᵀ 图也会变" in i.value for i in at.info), [i.value for i in at.info]
