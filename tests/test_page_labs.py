"""AppTest of the Learn pages (Concept labs, What if…, Show the math): the numbers they show are gpt_core's."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from explorer.i18n import CATALOGUES
from gpt_core.capture import Interventions

from apptest import all_canvases, canvas, chart_specs, click_canvas, charts_containing, metric, notices, open_page, trace
from plotly_json import decode_float

TEXT = "ROMEO:\nBut soft, what light through yonder window breaks?"
PAGES = {"labs": "pages/labs.py", "what_if": "pages/what_if.py", "show_math": "pages/show_math.py"}


def titles(at: AppTest) -> list[str]:
    """Every chart's title: the plotly charts' and the canvas heatmaps'."""
    return [*chart_specs(at), *(c["title"] for c in all_canvases(at))]


@pytest.fixture(scope="module")
def ref(shipped):
    ids = torch.tensor([shipped.tokenizer.encode(TEXT)])

    @torch.no_grad()
    def run(interventions=Interventions()):
        logits, cache = shipped.model.run_with_cache(ids, interventions)
        # from the full-length pass: a shuffle permutes T positions, so a T-1 pass would differ
        loss = torch.nn.functional.cross_entropy(logits[0, :-1], ids[0, 1:])
        return {"probs": torch.softmax(logits[0, -1], -1).numpy(), "loss": float(loss),
                "cache": {k: v[0].double().numpy() for k, v in cache.items()}}

    return {"ckpt": shipped, "T": ids.shape[1], "normal": run(), "run": run}


@pytest.fixture(scope="module")
def labs():
    """The Concept labs page; lab(name) switches to one lab the way a learner does, with the picker."""
    at = open_page("labs", TEXT)

    def lab(name: str) -> AppTest:
        at.button_group(key="labs_topic_picker").set_value(name).run()
        assert not at.exception, at.exception
        return at

    return lab


def test_labs_draw_only_the_chosen_lab():
    at = open_page("labs", TEXT)
    assert at.button_group(key="labs_topic_picker").value == "positions"  # the first lab, by default
    shown = titles(at)
    assert shown and not any("variance of q_i·k_j" in title or "MLP hidden" in title for title in shown)
    at.button_group(key="labs_topic_picker").set_value("mlp").run()
    shown = titles(at)
    assert any("MLP hidden" in title for title in shown) and not any("position" in title for title in shown)
    at.switch_page("pages/overview.py").run()
    at.switch_page(PAGES["labs"]).run()
    assert at.button_group(key="labs_topic_picker").value == "mlp", "the chosen lab is kept across pages"


# ---- Concept labs


def test_labs_variance_and_matmul_views_are_the_models(labs, ref):
    cfg, cache, T = ref["ckpt"].config, ref["normal"]["cache"], ref["T"]
    lower = np.tril(np.ones((T, T), dtype=bool))
    q, k = (np.stack([cache[f"transformer.h.{l}.attn.hook_{n}"] for l in range(cfg.n_layer)]) for n in "qk")
    expected = [(q[l] @ k[l].transpose(0, 2, 1))[:, lower].var() for l in range(cfg.n_layer)]
    spec = charts_containing(labs("scaling"), "variance of q_i·k_j")[0]
    np.testing.assert_allclose(decode_float(trace(spec, "var(q·k), raw")["y"]), expected, rtol=1e-4)
    at = labs("matmul")
    spec = charts_containing(at, "both views vs the model")[0]
    model_row = cache["transformer.h.0.attn.hook_scores"][0, T - 1]
    for name in ("row view × 1/√hs", "column view × 1/√hs", "model: attn.hook_scores"):
        np.testing.assert_allclose(decode_float(trace(spec, name)["y"]), model_row, atol=1e-4)
    assert any("largest difference" in s.value for s in at.success)
    # the two views of q_i Kᵀ, i = T-1 (the default query): products q_i[c] k_j[c] and their running sums over c
    q_i, keys = q[0, 0, T - 1], k[0, 0]  # [hs], [T, hs]
    products = canvas(at, "row view")["z"]  # [T, hs]
    np.testing.assert_allclose(products, keys * q_i, atol=1e-5)
    np.testing.assert_allclose(canvas(at, "column view")["z"], np.cumsum((keys * q_i).T, axis=0), atol=1e-4)


def test_labs_scale_toggle_draws_both_patterns(labs, ref):
    cache, T = ref["normal"]["cache"], ref["T"]
    at = labs("scaling")
    q, k = cache["transformer.h.0.attn.hook_q"][0], cache["transformer.h.0.attn.hook_k"][0]  # [T, hs]
    lower = np.tril(np.ones((T, T), dtype=bool))

    def softmax_rows(s):  # the causal softmax, written out
        s = np.where(lower, s, -np.inf)
        e = np.exp(s - s.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    on, off = (c["z"] for c in all_canvases(at))  # with 1/√hs, then without
    np.testing.assert_allclose(on[lower], softmax_rows(q @ k.T / np.sqrt(q.shape[1]))[lower], atol=1e-5)
    np.testing.assert_allclose(off[lower], softmax_rows(q @ k.T)[lower], atol=1e-5)
    assert np.isnan(on[~lower]).all() and np.isnan(off[~lower]).all()  # the masked future is grey, not 0


def test_labs_shuffled_positions_show_the_models_probabilities(labs, ref):
    at = labs("positions")
    spec = charts_containing(at, "top candidates, normal vs after")[0]
    before, after = (decode_float(d["x"]) for d in spec["data"])
    shuffled = ref["run"](Interventions(positions="shuffle"))
    # the tables: the model's wpe, and sin/cos written out, PE[t, 2i] = sin(t / 10000^(2i/C)), PE[t, 2i+1] = cos
    model = ref["ckpt"].model
    P, C = min(model.config.block_size, 256), model.config.n_embd
    np.testing.assert_array_equal(canvas(at, "learned position table")["z"], model.transformer.wpe.weight[:P].detach().numpy())
    angle = np.arange(P)[:, None] / 10000.0 ** (np.arange(0, C, 2)[None, :] / C)  # [P, C/2]
    sinusoidal = np.empty((P, C))
    sinusoidal[:, 0::2], sinusoidal[:, 1::2] = np.sin(angle), np.cos(angle)
    shown = canvas(at, "sinusoidal table")
    step = 0.5 * (shown["zmax"] - shown["zmin"]) / 252 if shown["values"]["kind"] == "uint8" else 0.0
    np.testing.assert_allclose(shown["z"], sinusoidal, atol=step + 1e-4)
    index = np.arange(P, dtype=float)
    np.testing.assert_array_equal(canvas(at, "raw integers")["z"], np.outer(index, index))
    assert before.max() == pytest.approx(ref["normal"]["probs"].max(), abs=1e-5)
    assert after.max() == pytest.approx(shuffled["probs"].max(), abs=1e-5)
    assert float(metric(at, "loss on your text, after", exact=True)) == pytest.approx(shuffled["loss"], abs=6e-4)


def test_labs_mlp_and_parameter_calculator(labs, ref):
    ckpt = ref["ckpt"]
    shown = canvas(labs("mlp"), "L0 MLP hidden activations after the nonlinearity")["z"]  # [T, H]: float32, exact
    np.testing.assert_allclose(shown, ref["normal"]["cache"]["transformer.h.0.mlp.hook_post"], atol=1e-5)
    labs = labs("params")
    assert metric(labs, "parameters in total", exact=True) == f"{ckpt.model.num_parameters():,}"
    labs.selectbox(key="labs_preset").set_value("gpt3").run()
    assert not labs.exception
    total = int(metric(labs, "parameters in total", exact=True).replace(",", ""))
    assert 174e9 <= total <= 176e9
    assert labs.number_input(key="labs_p_n_embd").value == 12288
    labs.number_input(key="labs_p_n_head").set_value(7).run()  # 12288 % 7 != 0: an error, not a crash
    assert not labs.exception and labs.error and labs.selectbox(key="labs_preset").value == "custom"


def test_the_parameter_calculator_explains_a_bad_config_in_chinese():
    at = open_page("labs", TEXT, lang="zh")
    at.button_group(key="labs_topic_picker").set_value("params").run()
    at.number_input(key="labs_p_n_head").set_value(7).run()  # n_embd is not a multiple of 7
    assert not at.exception, at.exception
    n_embd = at.number_input(key="labs_p_n_embd").value
    zh = CATALOGUES["zh"]
    reason = zh["errors.config.not_divisible"].format(n_embd=n_embd, n_head=7)
    errors = [e.value for e in at.error]
    assert zh["labs.params.invalid"].format(error=reason) in errors, errors


# ---- What if…


def test_what_if_head_ablation_matches_gpt_core(ref):
    at = open_page("what_if", TEXT, layer=1, head=2)
    ablated = ref["run"](Interventions(ablate_heads=frozenset({(1, 2)})))
    assert float(metric(at, "loss, as trained", exact=True)) == pytest.approx(ref["normal"]["loss"], abs=6e-4)
    assert float(metric(at, "loss, after", exact=True)) == pytest.approx(ablated["loss"], abs=6e-4)
    z_change = decode_float(charts_containing(at, "largest change of each head's output z")[0]["data"][0]["z"])
    expected = np.stack([np.abs(ablated["cache"][f"transformer.h.{l}.attn.hook_z"]
                                - ref["normal"]["cache"][f"transformer.h.{l}.attn.hook_z"]).reshape(4, -1).max(-1)
                         for l in range(4)])
    np.testing.assert_allclose(z_change, expected, atol=1e-5)
    assert np.all(z_change[0] == 0) and z_change[1, 2] > 0 and np.all(z_change[1, [0, 1, 3]] == 0)
    # only the chosen experiment is drawn; the picker switches to the next one
    assert not any("training loss of two tiny models" in e.proto.spec for e in at.get("plotly_chart"))
    at.button_group(key="what_if_topic_picker").set_value("mask").run()
    # without the mask every row is a softmax over all T keys, the future included, written out from q and k
    no_mask = ref["run"](Interventions(causal_mask=False))["cache"]  # layer 0 reads the future too: new q, k
    q, k = (no_mask[f"transformer.h.1.attn.hook_{n}"][2] for n in "qk")  # [T, hs]
    s = q @ k.T / np.sqrt(q.shape[1])
    e = np.exp(s - s.max(axis=1, keepdims=True))
    shown = canvas(at, "L1 H2 pattern without the mask")
    np.testing.assert_allclose(shown["z"], e / e.sum(axis=1, keepdims=True), atol=1e-5)
    assert shown["diagonal"] and shown["diagonal_text"] and not np.isnan(shown["z"]).any()
    # removing the mask: the training-batch loss rises for this mask-trained model
    masked, unmasked = (float(metric(at, label, exact=True))
                        for label in ("loss with the mask", "loss without the mask"))
    assert unmasked > masked
    # a tiny model trained without the mask cheats
    at.button(key="what_if_cheat").click().run()
    assert not at.exception
    spec = charts_containing(at, "training loss of two tiny models")[0]
    honest, cheater = (decode_float(trace(spec, name)["y"])
                       for name in ("trained with the mask", "trained without the mask"))
    from gpt_core.data import find_shakespeare

    if find_shakespeare() is not None:  # on Shakespeare the honest model cannot memorise its way below 1.0
        assert cheater[-10:].mean() < 1.0 < honest[-10:].mean()
    else:  # the fallback text is short enough for both to memorise; the cheater still wins
        assert cheater[-10:].mean() < honest[-10:].mean()
    cheat = canvas(at, "the cheater's head")["z"]  # [Tw, Tw], unmasked: each row sums to 1 over all keys
    np.testing.assert_allclose(cheat.sum(axis=1), 1.0, atol=1e-5)
    # temperature: the loss curve at tau = 1 is the model's own loss
    at.button_group(key="what_if_topic_picker").set_value("temperature").run()
    spec = charts_containing(at, "loss on your text against τ")[0]
    taus, losses = decode_float(spec["data"][0]["x"]), decode_float(spec["data"][0]["y"])
    assert losses[np.argmin(np.abs(taus - 1.0))] == pytest.approx(ref["normal"]["loss"], abs=1e-4)


# ---- Show the math


def test_show_math_equals_the_pattern_entry(ref):
    at = open_page("show_math", TEXT, layer=2, head=1)
    pattern = ref["normal"]["cache"]["transformer.h.2.attn.hook_pattern"][1]
    for i, j in ((10, 5), (3, 7)):
        at.number_input(key="_math_i").set_value(i).run()
        at.number_input(key="_math_j").set_value(j).run()
        assert not at.exception
        message = at.success[0].value
        assert f"[1, {i}, {j}]: {pattern[i, j]:.8f}" in message, message
        assert message.startswith(f"Recomputed: {pattern[i, j]:.8f}")
        products = decode_float(charts_containing(at, "the 32 products")[0]["data"][0]["y"])
        q, k = (ref["normal"]["cache"][f"transformer.h.2.attn.hook_{n}"][1] for n in ("q", "k"))
        np.testing.assert_allclose(products, q[i] * k[j], atol=1e-5)
    assert pattern[3, 7] == 0 and any("−∞" in m.value for m in at.markdown)
    assert math.isclose(float(at.success[0].value.split("Absolute difference: ")[1].rstrip(".")), 0, abs_tol=1e-6)


def test_show_math_map_is_clickable_at_every_length(ref):
    """The canvas has no per-cell click targets to slow it: a click picks the cell on short and long texts."""
    from explorer.analysis.text_prep import prepare_input

    ckpt = ref["ckpt"]
    for text in (TEXT, (TEXT + " ") * 4):  # the long one is cut to the model's last block_size tokens
        ids = prepare_input(ckpt.tokenizer, text, ckpt.config.block_size).ids
        with torch.no_grad():
            _, cache = ckpt.model.run_with_cache(torch.tensor([ids]))
        pattern = cache["transformer.h.0.attn.hook_pattern"][0, 0].numpy()  # [T, T]
        at = open_page("show_math", text)
        assert canvas(at, "L0 H0 attention pattern")["select"] == "cell", text
        click_canvas(at, "L0 H0 attention pattern", {"cell": [9, 4], "block": [0, 0]})
        assert f"[0, 9, 4]: {pattern[9, 4]:.8f}" in at.success[0].value, text


# ---- both languages, bad input


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_render_in_chinese(page):
    at = open_page(page, TEXT, lang="zh")
    assert at.title[0].value == CATALOGUES["zh"][f"{page}.title"]
    english = {v for k, v in CATALOGUES["en"].items() if k.startswith(f"{page}.")}
    shown = [m.value for m in at.markdown] + titles(at)
    assert not english & set(shown)  # nothing of this page fell back to English


@pytest.mark.parametrize("experiment", ["heads", "mask", "scale", "temperature", "positions"])
def test_every_what_if_experiment_renders_in_chinese(experiment):
    at = open_page("what_if", TEXT, lang="zh", what_if_topic=experiment)
    assert at.button_group(key="what_if_topic_picker").value == experiment
    english = {v for k, v in CATALOGUES["en"].items() if k.startswith("what_if.")}
    shown = [m.value for m in at.markdown] + titles(at)
    assert shown and not english & set(shown)


@pytest.mark.parametrize("lab", ["positions", "scaling", "mlp", "params", "matmul"])
def test_every_lab_renders_in_chinese(lab):
    at = open_page("labs", TEXT, lang="zh", labs_topic=lab)
    assert at.button_group(key="labs_topic_picker").value == lab
    english = {v for k, v in CATALOGUES["en"].items() if k.startswith("labs.")} - {"MLP"}
    shown = [m.value for m in at.markdown] + titles(at)
    assert shown and not english & set(shown)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("text", ["", "€" + "to be or not to be " * 500])
def test_bad_input_shows_a_notice(page, text):
    at = open_page(page, text)
    shown = notices(at)
    assert shown, "expected a notice"
    if text:
        assert any("€" in n for n in shown) and at.title  # the page still renders on the kept tokens
