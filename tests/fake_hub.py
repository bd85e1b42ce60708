"""A local HTTP server standing in for the Hugging Face Hub, serving model folders built in the test.

It answers the two kinds of request huggingface_hub 2.x makes for `HfApi.model_info(files_metadata=True)` and
`hf_hub_download` (read from huggingface_hub/hf_api.py and file_download.py):
    GET  /api/models/{repo}[/revision/{rev}]?blobs=True  -> JSON: id, sha, siblings [{rfilename, size}], config,
                                                            safetensors {parameters, total}
    HEAD /{repo}/resolve/{rev}/{file}                    -> 200 + X-Repo-Commit, ETag, Content-Length (no body)
    GET  /{repo}/resolve/{rev}/{file}                    -> the bytes
An unknown repo is a 404 with X-Error-Code: RepoNotFound (what the Hub sends), an unknown file a 404 with
EntryNotFound. `extra_files` adds listed-only files (e.g. a pytorch_model.bin) that the test never fetches.
Every request path is kept in `requests`.

    with FakeHub({"org/tiny": folder}) as hub:    # hub.url -> "http://127.0.0.1:PORT"
        outside = point_hub_at(monkeypatch, hub.url)   # HF_ENDPOINT, and no connection beyond this machine
        ...
        assert not outside

explorer.hub passes $HF_ENDPOINT at each call. huggingface_hub itself read HF_ENDPOINT once, at import, and
sends one side request of its own there (its agent registry, GET /api/agent-harnesses, part of its user-agent
telemetry) on the first request of a process: point_hub_at turns that telemetry off, so a test process that
imported huggingface_hub earlier never reaches for huggingface.co.
"""
from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def point_hub_at(monkeypatch, url: str) -> list[str]:
    """Send every Hugging Face request to url, and refuse (and record) any connection to another host."""
    import socket

    import huggingface_hub.constants as constants

    monkeypatch.setenv("HF_ENDPOINT", url)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", True)  # read at each request
    outside: list[str] = []
    real = socket.create_connection

    def local_only(address, *args, **kwargs):
        if address[0] not in LOOPBACK:
            outside.append(str(address[0]))
            raise OSError(f"tests never reach {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local_only)
    return outside


def commit_of(repo_id: str) -> str:
    return hashlib.sha1(repo_id.encode()).hexdigest()  # 40 hex digits, as a git commit


class FakeHub:
    def __init__(self, repos: dict[str, Path], extra_files: dict[str, dict[str, int]] | None = None,
                 model_types: dict[str, str] | None = None):
        self.repos = {repo: Path(folder) for repo, folder in repos.items()}
        self.extra_files = extra_files or {}
        self.model_types = model_types or {}
        self.requests: list[str] = []
        self._server: ThreadingHTTPServer | None = None

    # ---- what the Hub would say ----------------------------------------------------------------------------------
    def files(self, repo: str) -> dict[str, Path]:
        folder = self.repos[repo]
        return {p.name: p for p in sorted(folder.iterdir()) if p.is_file()}

    def info(self, repo: str) -> dict:
        siblings = [{"rfilename": name, "size": path.stat().st_size} for name, path in self.files(repo).items()]
        siblings += [{"rfilename": name, "size": size} for name, size in self.extra_files.get(repo, {}).items()]
        out = {"id": repo, "modelId": repo, "sha": commit_of(repo), "private": False, "siblings": siblings}
        config = self.repos[repo] / "config.json"
        if config.is_file():
            hf = json.loads(config.read_text())
            out["config"] = {"model_type": self.model_types.get(repo, hf.get("model_type")),
                             "architectures": hf.get("architectures")}
        weights = self.repos[repo] / "model.safetensors"
        if weights.is_file():
            from gpt_core.hf_models import parameter_count

            total = parameter_count([weights])
            out["safetensors"] = {"parameters": {"F32": total}, "total": total}
        return out

    # ---- the server ---------------------------------------------------------------------------------------------
    def __enter__(self) -> "FakeHub":
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _not_found(self, code: str) -> None:
                body = json.dumps({"error": f"{code}"}).encode()
                self.send_response(404)
                self.send_header("X-Error-Code", code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def _serve(self) -> None:
                path = unquote(urlsplit(self.path).path)
                hub.requests.append(f"{self.command} {path}")
                if path.startswith("/api/models/"):
                    repo = path.removeprefix("/api/models/").split("/revision/")[0]
                    if repo not in hub.repos:
                        return self._not_found("RepoNotFound")
                    body = json.dumps(hub.info(repo)).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    return self.wfile.write(body) if self.command != "HEAD" else None
                if "/resolve/" not in path:
                    return self._not_found("RepoNotFound")
                repo, rest = path.lstrip("/").split("/resolve/", 1)
                _rev, _, name = rest.partition("/")
                if repo not in hub.repos:
                    return self._not_found("RepoNotFound")
                files = hub.files(repo)
                if name not in files:
                    return self._not_found("EntryNotFound")
                data = files[name].read_bytes()
                self.send_response(200)
                self.send_header("X-Repo-Commit", commit_of(repo))
                self.send_header("ETag", f'"{hashlib.sha256(data).hexdigest()}"')
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = _serve
            do_HEAD = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
