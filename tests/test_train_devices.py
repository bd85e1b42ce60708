"""Device selection (no GPU needed: availability is injected), TF32/autocast settings, float32 CPU checkpoints."""
from __future__ import annotations

import contextlib
import os
import time

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

from gpt_core.checkpoint import load_checkpoint, save_checkpoint
from gpt_core.config import GPTConfig
from gpt_core.devices import DeviceError, autocast_for, available_devices, select_device
from gpt_core.model import GPT
from gpt_core.tokenizers import CharTokenizer
from gpt_core.train import TrainConfig, Trainer


@pytest.mark.parametrize(("cuda", "mps", "expected"), [
    (True, True, "cuda"),  # cuda first, even on a machine that also has mps
    (False, True, "mps"),
    (False, False, "cpu"),
])
def test_auto_picks_the_best_device_present(cuda, mps, expected):
    assert select_device("auto", cuda_available=cuda, mps_available=mps).type == expected
    assert select_device(None, cuda_available=cuda, mps_available=mps).type == expected


def test_available_devices_lists_them_best_first_and_always_has_cpu():
    assert available_devices(cuda_available=True, mps_available=False) == ["cuda", "cpu"]
    assert available_devices(cuda_available=False, mps_available=False) == ["cpu"]


def test_an_explicit_device_is_honoured_and_a_missing_one_is_an_error_not_a_silent_cpu_run():
    assert select_device("cpu", cuda_available=True, mps_available=True) == torch.device("cpu")
    assert select_device("cuda", cuda_available=True, mps_available=False) == torch.device("cuda", 0)
    assert select_device("cuda:1", cuda_available=True, mps_available=False) == torch.device("cuda", 1)
    assert select_device("cuda", cuda_available=True, local_rank=3) == torch.device("cuda", 3)  # torchrun rank
    with pytest.raises(DeviceError) as info:
        select_device("cuda", cuda_available=False, mps_available=False)
    assert info.value.code == "device.unavailable" and info.value.params["available"] == "cpu"
    with pytest.raises(DeviceError) as info:
        select_device("mps", cuda_available=True, mps_available=False)
    assert "cuda, cpu" in str(info.value)


@pytest.mark.parametrize("bad", ["gpu", "tpu", "cpu:0", "cuda:x", ""])
def test_an_unknown_device_name_is_refused_with_the_choices(bad):
    with pytest.raises(DeviceError) as info:
        select_device(bad, cuda_available=True, mps_available=True)
    assert info.value.code == "device.unknown" and "auto, cpu, cuda, mps" in str(info.value)


@pytest.mark.filterwarnings("ignore:CUDA is not available")
def test_autocast_is_bf16_on_cuda_only():
    assert autocast_for(torch.device("cpu")) is contextlib.nullcontext
    cm = autocast_for(torch.device("cuda"))()  # building (not entering) the context needs no GPU
    assert isinstance(cm, torch.autocast) and cm.fast_dtype == torch.bfloat16


def _tiny(text="to be or not to be, that is the question. " * 20):
    tokenizer = CharTokenizer.from_text(text)
    ids = np.array(tokenizer.encode(text))
    cut = int(0.9 * len(ids))
    config = GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=8, vocab_size=tokenizer.vocab_size)
    torch.manual_seed(0)
    return GPT(config), tokenizer, ids[:cut], ids[cut:]


def test_a_bf16_model_is_saved_as_float32_on_the_cpu_and_loads_back_float32(tmp_path):
    model, tokenizer, _, _ = _tiny()
    reference = {k: v.clone() for k, v in model.state_dict().items()}
    model = model.to(torch.bfloat16)  # stands in for a model trained under bf16 / on another device
    path = save_checkpoint(tmp_path / "bf16.safetensors", model, tokenizer)

    raw = load_file(str(path))  # the file itself, before our loader converts anything
    assert {t.dtype for t in raw.values()} == {torch.float32}

    loaded = load_checkpoint(path).model
    for name, tensor in loaded.state_dict().items():
        assert tensor.dtype == torch.float32 and tensor.device.type == "cpu", name
        # bf16 keeps 8 mantissa bits: the round trip is the bf16 rounding of the original, nothing worse
        expected = reference[name].to(torch.bfloat16).float()
        assert torch.equal(tensor, expected), name


def test_the_trainer_moves_the_model_to_the_device_it_is_given_and_records_it(tmp_path):
    model, tokenizer, train_ids, val_ids = _tiny()
    cfg = TrainConfig(steps=3, batch_size=2, eval_every=0, eval_batches=1, sample_every_evals=0, warmup_steps=0)
    trainer = Trainer(model, tokenizer, train_ids, val_ids, cfg, device="cpu")
    assert trainer.device == torch.device("cpu")
    trainer.run()
    record = trainer.record()
    assert record["device"] == "cpu" and record["world_size"] == 1
    with pytest.raises(DeviceError):
        Trainer(model, tokenizer, train_ids, val_ids, cfg, device="nonsense")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU: --device cuda would work")
def test_the_cli_refuses_a_missing_gpu_with_one_line_and_exit_code_2(tmp_path, capsys):
    from gpt_core.cli import main

    code = main(["train", "--corpus", "task:reverse", "--steps", "2", "--device", "cuda",
                 "--out", str(tmp_path / "x.safetensors")])
    assert code == 2 and not (tmp_path / "x.safetensors").exists()
    assert "error: device cuda is not available on this machine (torch finds: " in capsys.readouterr().err


@pytest.mark.parametrize(("load", "cores", "expected"), [(0.2, 2, "default"), (0.99, 2, "default"), (1.0, 2, "PASSIVE"),
                                                     (9.0, 2, "PASSIVE"), (3.0, 16, "default")])
def test_the_cli_spins_only_on_a_machine_idle_at_launch(load, cores, expected):
    from gpt_core.wait_policy import cli_wait_policy

    assert cli_wait_policy(user_set=False, load=load, cores=cores) == expected
    assert cli_wait_policy(user_set=True, load=load, cores=cores) is None  # the user's setting is kept


@pytest.mark.skipif(not os.path.exists("/proc/stat") or not hasattr(os, "sched_getaffinity"), reason="Linux only")
def test_busy_cores_sees_a_spinning_process_at_once():
    """The policy reads the CPUs now (/proc/stat), not the 1-minute load that a finished run leaves behind."""
    import subprocess
    import sys

    from gpt_core.wait_policy import busy_cores, usable_cores

    idle = busy_cores(0.2)
    assert idle is not None and 0.0 <= idle <= usable_cores()
    spinner = subprocess.Popen([sys.executable, "-c", "import time\nend = time.time() + 5\nwhile time.time() < end: pass"])
    try:
        time.sleep(0.3)  # let it start
        busy = busy_cores(0.3)
    finally:
        spinner.kill()
        spinner.wait()
    assert busy >= 0.7, f"one core spinning read as {busy:.2f} busy cores (idle before: {idle:.2f})"

@pytest.mark.parametrize("user_setting", [None, "ACTIVE"])
def test_the_training_cli_keeps_a_users_wait_policy_and_otherwise_picks_one(tmp_path, user_setting):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if user_setting:
        env["OMP_WAIT_POLICY"] = user_setting
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    proc = subprocess.run([sys.executable, "-m", "gpt_core", "train", "--corpus", "task:reverse", "--steps", "1",
                           "--eval-batches", "1", "--sample-tokens", "0", "--out", str(tmp_path / "x.safetensors")],
                          check=False, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-1000:]
    shown = proc.stdout.split("OMP_WAIT_POLICY=")[1].splitlines()[0]
    if user_setting:
        assert shown == user_setting
    else:  # idle at launch: OpenMP's own default; busy: the server's PASSIVE
        assert shown in ("(unset: spin briefly, then sleep)", "PASSIVE")
