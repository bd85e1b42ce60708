"""Tests for gpt_core.data: corpus checks, Shakespeare lookup/download (local server only), tasks, batches, baselines."""

from __future__ import annotations

import hashlib
import http.server
import math
import socket
import threading
from pathlib import Path

import numpy as np
import pytest
import torch

from gpt_core.data import (
    DEFAULT_MAX_CORPUS_BYTES,
    SHAKESPEARE_BYTES,
    SHAKESPEARE_SHA256,
    TASKS,
    CorpusError,
    bigram_loss,
    corpus_from_bytes,
    corpus_from_file,
    corpus_from_text,
    default_cache_dir,
    download_shakespeare,
    find_shakespeare,
    fixed_batches,
    get_batch,
    load_shakespeare,
    make_repeat_probe,
    make_task_corpus,
    open_token_array,
    save_token_array,
    split_train_val,
    to_token_array,
    uniform_loss,
    unigram_loss,
)
from gpt_core.data import shakespeare

SHARED_SHAKESPEARE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tinyshakespeare.txt"


# ---------------------------------------------------------------- corpus checks


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", ["is empty"]),
        (b"  \n\t\r\n ", ["is empty"]),
        (b"hello caf\xe9 world", ["UTF-8", "offset 9", "0xE9"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, ["looks like a binary file"]),
        (bytes(range(1, 9)) * 200 + b"ok", ["looks like a binary file"]),  # valid UTF-8 but control chars
        (b"\xff\xfeh\x00i\x00", ["UTF-16"]),
    ],
    ids=["empty", "whitespace", "latin1", "png", "controls", "utf16"],
)
def test_corpus_from_bytes_errors(data, words):
    with pytest.raises(CorpusError) as info:
        corpus_from_bytes(data, "upload:foo.txt")
    for word in words:
        assert word in str(info.value)
    assert "foo.txt" in str(info.value)


def test_corpus_error_is_value_error():
    assert issubclass(CorpusError, ValueError)
    assert DEFAULT_MAX_CORPUS_BYTES == 20 * 1024 * 1024


def test_over_limit_says_size_and_limit_in_mb():
    data = b"a" * (3 * 2**19)  # 1.5 MB
    with pytest.raises(CorpusError, match=r"1\.50 MB.*over the 1\.00 MB limit"):
        corpus_from_bytes(data, "big.txt", max_bytes=2**20)
    assert corpus_from_bytes(data, "big.txt", max_bytes=2 * 2**20).text == "a" * len(data)


def test_bom_and_crlf_are_normalised():
    corpus = corpus_from_bytes("\ufeffline one\r\nline two\r\n".encode("utf-8"), "upload:x.txt")
    assert corpus.text == "line one\nline two\n"
    assert (corpus.name, corpus.source) == ("upload:x.txt", "upload")
    assert "chars=18" in repr(corpus) and "line one" not in repr(corpus)


def test_corpus_from_text():
    corpus = corpus_from_text("\ufeffa\r\nb")
    assert (corpus.text, corpus.name, corpus.source) == ("a\nb", "pasted", "pasted")
    with pytest.raises(CorpusError, match="is empty"):
        corpus_from_text("   \n")
    with pytest.raises(CorpusError, match="over the"):
        corpus_from_text("é" * 600, max_bytes=1000)  # 1200 UTF-8 bytes


def test_corpus_from_file(tmp_path):
    good = tmp_path / "notes.txt"
    good.write_bytes("to be\r\nor not".encode())
    corpus = corpus_from_file(good)
    assert (corpus.text, corpus.name, corpus.source) == ("to be\nor not", "notes.txt", str(good))

    missing = tmp_path / "nope.txt"
    with pytest.raises(CorpusError, match="not found") as info:
        corpus_from_file(missing)
    assert str(missing) in str(info.value)

    disguised = tmp_path / "photo.txt"
    disguised.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    with pytest.raises(CorpusError, match="looks like a binary file"):
        corpus_from_file(disguised)

    with pytest.raises(CorpusError, match="directory"):
        corpus_from_file(tmp_path)


def test_corpus_from_file_checks_size_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(CorpusError, match="over the"):
        corpus_from_file(big, max_bytes=1024)


# ---------------------------------------------------------------- finding Shakespeare


@pytest.fixture
def isolated_lookup(tmp_path, monkeypatch):
    """No env vars, no shared folder, an empty cache: only what the test creates can be found."""
    monkeypatch.delenv("GPT_EXPLORER_DATA", raising=False)
    monkeypatch.setenv("GPT_EXPLORER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(shakespeare, "SHARED_DATA_PATH", tmp_path / "shared" / "tinyshakespeare.txt")
    return tmp_path


def _write(path: Path, text: str = "First Citizen:\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_find_shakespeare_search_order(isolated_lookup, monkeypatch):
    root = isolated_lookup
    assert find_shakespeare() is None

    cached = _write(root / "cache" / "tinyshakespeare.txt")
    assert find_shakespeare() == cached

    shared = _write(root / "shared" / "tinyshakespeare.txt")
    assert find_shakespeare() == shared

    env_dir = root / "envdir"
    env_file = _write(env_dir / "input.txt")  # char-rnn's own file name
    monkeypatch.setenv("GPT_EXPLORER_DATA", str(env_dir))
    assert find_shakespeare() == env_file

    explicit = _write(root / "mine.txt")
    assert find_shakespeare(explicit) == explicit
    explicit_dir_file = _write(root / "explicit" / "tinyshakespeare.txt")
    assert find_shakespeare(root / "explicit") == explicit_dir_file
    # A directory with neither name falls through to the next place.
    (root / "emptydir").mkdir()
    assert find_shakespeare(root / "emptydir") == env_file


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("GPT_EXPLORER_CACHE", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("GPT_EXPLORER_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "gpt_explorer"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "gpt_explorer"


def test_load_shakespeare_errors_explain_what_to_do(isolated_lookup):
    with pytest.raises(CorpusError) as info:
        load_shakespeare()
    message = str(info.value)
    assert "download" in message.lower() and "GPT_EXPLORER_DATA" in message
    with pytest.raises(CorpusError, match="not found at"):
        load_shakespeare(isolated_lookup / "missing.txt")


def test_load_shakespeare_from_explicit_file(isolated_lookup):
    path = _write(isolated_lookup / "s.txt", "ROMEO:\r\nhi\n")
    corpus = load_shakespeare(path)
    assert (corpus.name, corpus.text, corpus.source) == ("tinyshakespeare", "ROMEO:\nhi\n", str(path))


@pytest.mark.skipif(not SHARED_SHAKESPEARE.is_file(), reason="shared Tiny Shakespeare not present")
def test_real_shakespeare_from_shared_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("GPT_EXPLORER_DATA", raising=False)
    monkeypatch.setenv("GPT_EXPLORER_CACHE", str(tmp_path))
    corpus = load_shakespeare()
    assert len(corpus.text) == SHAKESPEARE_BYTES == 1_115_394
    assert hashlib.sha256(corpus.text.encode()).hexdigest() == SHAKESPEARE_SHA256
    assert len(set(corpus.text)) == 65


# ---------------------------------------------------------------- downloading (local server only)


@pytest.fixture
def local_server(monkeypatch):
    """Serve {path: bytes} over http://127.0.0.1:<port>; proxies are unset so nothing leaves the machine."""
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    files: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            if not self.path.startswith("/nolength"):  # HTTP/1.0: without a length the body ends at close
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep pytest output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield base, files
    server.shutdown()
    server.server_close()


BODY = (b"Before we proceed any further, hear me speak.\n" * 5000)[:230_000]  # several 64 KiB chunks
BODY_SHA = hashlib.sha256(BODY).hexdigest()


def test_download_verifies_and_reports_progress(local_server, tmp_path):
    base, files = local_server
    files["/input.txt"] = BODY
    calls = []
    path = download_shakespeare(f"{base}/input.txt", dest_dir=tmp_path / "dl", progress=lambda d, t: calls.append((d, t)),
                                expected_sha256=BODY_SHA, expected_bytes=len(BODY))
    assert path == tmp_path / "dl" / "tinyshakespeare.txt"
    assert path.read_bytes() == BODY
    assert [p.name for p in path.parent.iterdir()] == ["tinyshakespeare.txt"]  # no temp file left
    done = [d for d, _ in calls]
    assert len(calls) >= 3 and done == sorted(done) and len(set(done)) == len(done)
    assert done[-1] == len(BODY) and all(t == len(BODY) for _, t in calls)
    assert find_shakespeare(tmp_path / "dl") == path


def test_download_wrong_hash_leaves_nothing(local_server, tmp_path):
    base, files = local_server
    files["/input.txt"] = BODY
    with pytest.raises(CorpusError) as info:
        download_shakespeare(f"{base}/input.txt", dest_dir=tmp_path, expected_sha256="0" * 64,
                             expected_bytes=len(BODY))
    assert BODY_SHA in str(info.value) and "0" * 64 in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_download_refuses_oversized_response(local_server, tmp_path):
    base, files = local_server
    files["/big.txt"] = BODY
    with pytest.raises(CorpusError, match="Refusing"):
        download_shakespeare(f"{base}/big.txt", dest_dir=tmp_path, expected_sha256=BODY_SHA, expected_bytes=1000)
    # Without a Content-Length header the cap is enforced on the bytes as they arrive.
    files["/nolength.txt"] = BODY
    with pytest.raises(CorpusError, match="exceeded"):
        download_shakespeare(f"{base}/nolength.txt", dest_dir=tmp_path, expected_sha256=BODY_SHA,
                             expected_bytes=50_000)
    assert list(tmp_path.iterdir()) == []
    # ... and a normal-sized body without the header downloads fine, with progress total None.
    totals = []
    download_shakespeare(f"{base}/nolength.txt", dest_dir=tmp_path, expected_sha256=BODY_SHA,
                         expected_bytes=len(BODY), progress=lambda done, total: totals.append(total))
    assert totals and set(totals) == {None}


def test_download_network_errors_are_corpus_errors(local_server, tmp_path):
    base, _ = local_server
    with pytest.raises(CorpusError, match="HTTP 404"):
        download_shakespeare(f"{base}/missing.txt", dest_dir=tmp_path)
    with socket.socket() as sock:  # a port that was free a moment ago: connection refused
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    with pytest.raises(CorpusError, match="Could not download"):
        download_shakespeare(f"http://127.0.0.1:{closed_port}/x", dest_dir=tmp_path, timeout=2)
    with pytest.raises(CorpusError, match="http"):
        download_shakespeare("file:///etc/passwd", dest_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- synthetic tasks


def _lines(name, **kwargs):
    corpus = make_task_corpus(name, **kwargs)
    assert corpus.name == f"task:{name}" and corpus.source == "synthetic"
    assert corpus.text.endswith("\n")
    return corpus.text[:-1].split("\n")


def test_tasks_registry():
    assert {"reverse", "sort", "repeat"} <= set(TASKS)
    for name, spec in TASKS.items():
        assert spec.name == name and spec.description and "\n" not in spec.description


@pytest.mark.parametrize("name", sorted(TASKS))
def test_task_deterministic_and_seeded(name):
    a = make_task_corpus(name, n_examples=50, seed=1).text
    assert a == make_task_corpus(name, n_examples=50, seed=1).text
    assert a != make_task_corpus(name, n_examples=50, seed=2).text
    lines = _lines(name, n_examples=50, seed=1)
    assert len(lines) == 50
    if TASKS[name].fixed_length:
        assert {len(line) + 1 for line in lines} == {TASKS[name].line_length()}  # fixed-length lines
    else:
        assert len({len(line) for line in lines}) > 1  # each example picks its own length


def test_induction_lines_repeat_with_varying_lengths():
    lines = _lines("induction", n_examples=200, length=16)
    assert all(line[: len(line) // 2] == line[len(line) // 2:] for line in lines)
    assert {len(line) // 2 for line in lines} == set(range(8, 17))


def test_reverse_and_sort_formats():
    for line in _lines("reverse", n_examples=100, length=5):
        prompt, answer = line.split(">")
        assert len(prompt) == 5 and answer == prompt[::-1] and set(prompt) <= set("abcdefghijklmnop")
    for line in _lines("sort", n_examples=100):
        prompt, answer = line.split(">")
        assert len(prompt) == 8 and answer == "".join(sorted(prompt))


def test_repeat_format():
    for line in _lines("repeat", n_examples=100, length=12):
        assert len(line) == 24 and line[:12] == line[12:]
    assert len(_lines("repeat", n_examples=1)[0]) == 32  # default length 16


def test_task_errors():
    with pytest.raises(CorpusError, match="reverse.*sort"):
        make_task_corpus("addition")
    with pytest.raises(CorpusError):
        make_task_corpus("reverse", length=0)


def test_repeat_probe():
    probe = make_repeat_probe(10, seed=3)
    assert len(probe) == 20 and probe[:10] == probe[10:] and probe.isalpha() and probe.islower()
    assert probe == make_repeat_probe(10, seed=3) != make_repeat_probe(10, seed=4)


# ---------------------------------------------------------------- token arrays and batches


def test_to_token_array_dtype():
    assert to_token_array([0, 1, 65535]).dtype == np.uint16
    assert to_token_array(torch.tensor([3, 65536])).dtype == np.uint32
    np.testing.assert_array_equal(to_token_array(np.array([[1, 2], [3, 4]])), [1, 2, 3, 4])
    with pytest.raises(ValueError):
        to_token_array([-1, 2])


def test_save_and_open_token_array(tmp_path):
    arr = to_token_array(np.arange(1000) % 300)
    save_token_array(arr, tmp_path / "train.bin")
    mapped = open_token_array(tmp_path / "train.bin")
    assert isinstance(mapped, np.memmap) and mapped.dtype == np.uint16
    np.testing.assert_array_equal(mapped, arr)
    x, y = get_batch(mapped, 4, 8, np.random.default_rng(0))  # batches come straight off the memmap
    assert x.dtype == torch.int64


def test_split_train_val():
    ids = np.arange(1000)
    train, val = split_train_val(ids)
    assert len(train) == 900 and len(val) == 100
    assert train[-1] == 899 and val[0] == 900  # contiguous: train first, val last
    train, val = split_train_val(ids, val_fraction=0.25)
    assert (len(train), len(val)) == (750, 250)
    with pytest.raises(ValueError):
        split_train_val(ids, val_fraction=1.0)


def test_get_batch_shapes_and_shift():
    data = np.arange(100, dtype=np.uint16)
    x, y = get_batch(data, batch_size=5, block_size=7, generator=np.random.default_rng(0))
    assert x.shape == y.shape == (5, 7) and x.dtype == y.dtype == torch.int64
    assert torch.equal(y[:, :-1], x[:, 1:]) and torch.equal(y[:, -1], x[:, -1] + 1)
    assert int(y.max()) <= 99  # never reads past the end
    x, y = get_batch(np.arange(9), batch_size=3, block_size=8, generator=np.random.default_rng(0))
    assert x.tolist() == [list(range(8))] * 3  # the only valid window
    with pytest.raises(ValueError, match="at least 9"):
        get_batch(np.arange(8), batch_size=2, block_size=8, generator=np.random.default_rng(0))


def test_fixed_batches_deterministic():
    data = np.arange(500) % 37
    a = fixed_batches(data, 4, 16, n_batches=3, seed=5)
    b = fixed_batches(data, 4, 16, n_batches=3, seed=5)
    c = fixed_batches(data, 4, 16, n_batches=3, seed=6)
    assert len(a) == 3
    assert all(torch.equal(xa, xb) and torch.equal(ya, yb) for (xa, ya), (xb, yb) in zip(a, b))
    assert not all(torch.equal(xa, xc) for (xa, _), (xc, _) in zip(a, c))


# ---------------------------------------------------------------- baselines


def test_baselines_order_on_structured_text():
    # Words from a small list: skewed letter frequencies (unigram < uniform), strong letter order (bigram < unigram).
    rng = np.random.default_rng(0)
    words = ["the", "king", "and", "queen", "speak", "of", "rome", "to", "thee"]
    text = " ".join(rng.choice(words, size=5000))
    vocab = sorted(set(text))
    ids = np.array([vocab.index(ch) for ch in text])
    train, val = split_train_val(ids)
    V = len(vocab)
    bigram, unigram = bigram_loss(train, val, V), unigram_loss(train, val, V)
    assert bigram < unigram < uniform_loss(V)
    assert uniform_loss(V) == pytest.approx(math.log(V))


def test_bigram_hand_computed():
    # train "abab": count(a,b)=2, count(b,a)=1; count(a,.)=2, count(b,.)=1 (V=2, add-1)
    # val "aba": p(b|a) = (2+1)/(2+2) = 3/4, p(a|b) = (1+1)/(1+2) = 2/3
    expected = -(math.log(3 / 4) + math.log(2 / 3)) / 2
    assert bigram_loss(np.array([0, 1, 0, 1]), np.array([0, 1, 0]), 2) == pytest.approx(expected)
    # A pair never seen in training (b->b) still gets smoothed mass: (0+1)/(1+2).
    assert bigram_loss([0, 1, 0, 1], [1, 1], 2) == pytest.approx(-math.log(1 / 3))
    # Unigram: counts a=2, b=2 (+1 each) -> p = 1/2.
    assert unigram_loss([0, 1, 0, 1], [0, 1], 2) == pytest.approx(math.log(2))
    with pytest.raises(ValueError):
        bigram_loss([0, 1], [0, 5], 2)


def test_bigram_large_vocab_is_cheap():
    # 1M tokens over a 50k vocab: a dense V x V table would be 2.5e9 cells.
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 50_000, size=1_000_000)
    loss = bigram_loss(ids[:900_000], ids[900_000:], 50_000)
    assert math.isfinite(loss) and loss > 0
