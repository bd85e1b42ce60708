"""The runs folder (explorer/runs.py): names, paths, atomic writes, snapshots round trip, listing."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from explorer import runs
from explorer.analysis.train import TrainingSnapshot


@pytest.mark.parametrize("label", ["../../etc/passwd", "/etc/passwd", "..", ".hidden", "<script>alert(1)</script>",
                                   "a/b\\c", "名字", "\x00\x01", "x" * 500, "", "CON", "~root"])
def test_a_run_folder_never_leaves_the_root(tmp_path, label):
    folder = runs.new_run_dir(tmp_path, label, "0123456789abcdef")
    assert folder.parent == tmp_path and runs.is_inside(tmp_path, folder)
    name = folder.name
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    assert not name.startswith(".") and ".." not in name and len(name) < 100


@pytest.mark.parametrize("name", ["../x", "..", "a/../../b", "/etc", "", "x" * 300, "a\x00b"])
def test_a_run_named_from_outside_must_be_a_plain_child(tmp_path, name):
    assert runs.run_dir_named(tmp_path, name) is None


def test_runs_root_default_and_env(tmp_path):
    assert runs.runs_root({"GPT_EXPLORER_RUNS": str(tmp_path)}) == tmp_path
    assert runs.runs_root({"XDG_DATA_HOME": "/data"}) == Path("/data/gpt-explorer/runs")
    assert runs.runs_root({"HOME": "/h"}).parts[-3:] == ("share", "gpt-explorer", "runs")


def test_write_atomic_replaces_whole_files(tmp_path):
    path = tmp_path / "deep" / "f.bin"  # the folder is made (it may have been deleted)
    runs.write_atomic(path, b"old")
    runs.write_atomic(path, b"new!")
    assert path.read_bytes() == b"new!" and sorted(p.name for p in path.parent.iterdir()) == ["f.bin"]


def test_snapshots_round_trip_without_pickle(tmp_path):
    rng = np.random.default_rng(0)
    snaps = [TrainingSnapshot(step=s, attention=rng.random((1, 2, 4, 4)), top_ids=np.arange(3), top_probs=rng.random(3),
                              expected_prob=None if s == 0 else 0.5, probe_loss=1.25 * s,
                              embedding_xy=rng.random((5, 2)), explained=np.array([0.6, 0.3]),
                              induction=None if s == 0 else rng.random((1, 2))) for s in (0, 10)]
    path = tmp_path / "s.npz"
    path.write_bytes(runs.snapshots_bytes(snaps))
    back = runs.load_snapshots(path)
    assert [b.step for b in back] == [0, 10] and back[0].expected_prob is None and back[1].expected_prob == 0.5
    for a, b in zip(snaps, back):
        assert np.array_equal(a.attention, b.attention) and np.array_equal(a.embedding_xy, b.embedding_xy)
        assert b.probe_loss == a.probe_loss and (a.induction is None) == (b.induction is None)
    path.write_bytes(b"truncated")
    assert runs.load_snapshots(path) == []


def test_list_runs_skips_broken_folders(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / runs.RUN_FILE).write_bytes(runs.json_bytes({"label": "g", "step": 3, "updated": 2.0}))
    (good / runs.MODEL_FILE).write_bytes(b"x")
    for name, content in (("bad_json", b"{"), ("no_model", runs.json_bytes({})), ("wrong_format", b'{"format": 99}')):
        (tmp_path / name).mkdir()
        (tmp_path / name / runs.RUN_FILE).write_bytes(content)
    (tmp_path / "bad_json" / runs.MODEL_FILE).write_bytes(b"x")
    assert [r.name for r in runs.list_runs(tmp_path)] == ["good"]
    assert runs.list_runs(tmp_path / "missing") == []
    assert json.loads((good / runs.RUN_FILE).read_text())["format"] == runs.RUN_FORMAT
