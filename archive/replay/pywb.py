"""Replay with pywb, run as a separate process from its own environment (`.venv-replay`).

pywb pins old redis and werkzeug, so it cannot live in the main environment; we only write its config and
talk to it over HTTP on loopback. The collection reads DATA/indexes (one CDXJ per WARC file, re-listed on
every lookup, so files indexed during a crawl appear at once) and DATA/warc in place: nothing is copied.

Replay URLs: `{base}/archive/{YYYYmmddHHMMSS}/{url}` (the page as a person browses it) and
`{base}/archive/{YYYYmmddHHMMSS}id_/{url}` (the archived bytes, unrewritten); `replay_url()` builds them.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = [
    "COLLECTION",
    "DEFAULT_PORT",
    "ReplayEnvMissing",
    "ReplayServer",
    "replay_env",
    "write_config",
    "replay_url",
    "timestamp14",
    "free_port",
]

COLLECTION = "archive"  # the Datasette plugin links to http://127.0.0.1:8080/archive/ by default
DEFAULT_PORT = 8080
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # archive/replay/pywb.py -> the project


class ReplayEnvMissing(RuntimeError):
    """The replay environment has not been built."""


def replay_env() -> Path:
    """Where pywb is installed: NEWSARCHIVE_REPLAY_ENV, else `.venv-replay` beside the project."""
    return Path(os.environ.get("NEWSARCHIVE_REPLAY_ENV") or PROJECT_ROOT / ".venv-replay")


def _tool(name: str, env: Path | None = None) -> Path:
    env = env or replay_env()
    path = env / "bin" / name
    if not path.exists():
        raise ReplayEnvMissing(
            f"the replay environment is missing ({path} not found): run `make replay-env` in {PROJECT_ROOT} "
            "(pywb needs its own environment), or set NEWSARCHIVE_REPLAY_ENV to one that has pywb"
        )
    return path


def timestamp14(iso: str) -> str:
    """`2026-01-05T08:00:00.123456Z` -> `20260105080000`, the timestamp form of replay URLs."""
    return re.sub(r"\D", "", iso or "")[:14]


def replay_url(base: str, url: str, fetched_at: str = "", *, modifier: str = "") -> str:
    """The replay URL of a capture; `modifier="id_"` asks for the archived bytes as they were."""
    ts = timestamp14(fetched_at)
    prefix = f"{base.rstrip('/')}/{COLLECTION}/"
    # without a timestamp pywb answers with the latest capture
    return f"{prefix}{ts}{modifier}/{url}" if ts or modifier else f"{prefix}{url}"


def write_config(data_dir: str | Path, run_dir: str | Path) -> Path:
    """Write pywb's config.yaml for one collection over DATA/indexes and DATA/warc."""
    data_dir = Path(data_dir).resolve()
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "indexes").mkdir(parents=True, exist_ok=True)
    config = run_dir / "config.yaml"
    # JSON strings are valid YAML scalars: safe for any path
    config.write_text(
        "# written by `newsarchive replay`; rewritten on every start\n"
        "collections:\n"
        f"  {COLLECTION}:\n"
        f"    index_paths: {json.dumps(str(data_dir / 'indexes') + '/')}\n"
        f"    archive_paths: {json.dumps(str(data_dir / 'warc') + '/')}\n"
        "framed_replay: false\n"  # the page itself at its replay URL, with pywb's banner inside
        "enable_memento: true\n",
        encoding="utf-8",
    )
    templates = run_dir / "templates"  # pywb looks here (its working directory) before its own
    templates.mkdir(exist_ok=True)
    (templates / "error.html").write_text(
        _ERROR_TEMPLATE.replace("DATA_DIR", str(data_dir)), encoding="utf-8"
    )
    return config


# pywb's own error page shows "Pywb Error" and a raw Python dict; this one says what to do.
_ERROR_TEMPLATE = """{% extends "base.html" %}
{% block title %}This capture cannot be replayed{% endblock %}
{% block body %}
<div class="container" style="max-width: 48em; margin-top: 2em">
  <h2>This capture cannot be replayed</h2>
  <p class="lead">{{ err_msg }}</p>
  {% if err_status == 404 and err_details == 'coll_not_found' %}
  <p>The collection of this archive is <a href="/archive/">/archive/</a>.</p>
  {% else %}
  <p>The WARC file that holds it may be missing, moved or damaged. Run
  <code>newsarchive verify --data DATA_DIR</code> to see which files are, then restore them from a copy
  (or run <code>newsarchive reindex --data DATA_DIR</code> so that the catalog and the indexes forget them),
  and start <code>newsarchive replay</code> again: it checks its files and indexes when it starts.</p>
  {% endif %}
  {% if err_details %}<details><summary>Details from pywb</summary><pre>{{ err_details }}</pre></details>{% endif %}
</div>
{% endblock %}
"""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class ReplayServer:
    """pywb's `wayback` over one data directory, on loopback. Use as a context manager, or start()/stop()."""

    def __init__(
        self,
        data_dir: str | Path,
        *,
        port: int = DEFAULT_PORT,
        host: str = "127.0.0.1",
        env: Path | None = None,
        run_dir: str | Path | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.host = host
        self.port = port or free_port(host)
        self.wayback = _tool("wayback", env)
        self.run_dir = Path(run_dir) if run_dir else self.data_dir / "replay"
        self.process: subprocess.Popen | None = None
        self.log_path = self.run_dir / "pywb.log"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def collection_url(self) -> str:
        return f"{self.base_url}/{COLLECTION}/"

    def start(self, *, timeout: float = 60) -> ReplayServer:
        config = write_config(self.data_dir, self.run_dir)
        env = {**os.environ, "PYWB_CONFIG_FILE": str(config.resolve())}
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child, closed in stop()
        self._log = log
        self.process = subprocess.Popen(
            [str(self.wayback), "--bind", self.host, "--port", str(self.port)],
            cwd=self.run_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pywb exited with status {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.collection_url, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"pywb did not answer on {self.collection_url} within {timeout:.0f}s: {self.log_tail()}"
        )

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def wait(self) -> int:
        return self.process.wait() if self.process else 0

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
