"""Security defaults of the servers: Datasette answers reads only (no write plugins, SQL limited to reads), and
`browse` and `replay` listen on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time

import pytest

from archive.replay.pywb import ReplayServer
from crawler.commands.browse import build_datasette
from tests.helpers import ROOT
from tests.helpers.archive import rows
from tests.helpers.catalog import build_sample_catalog

WRITES = [
    "DELETE FROM captures",
    "UPDATE articles SET title = 'x'",
    "INSERT INTO crawls (started_at) VALUES ('now')",
    "DROP TABLE captures",
    "select 1; delete from captures",
    "PRAGMA writable_schema = 1",
    "ATTACH DATABASE '/tmp/x.db' AS x",
    "with x as (select 1) delete from captures",
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    path = tmp_path_factory.mktemp("catalog") / "catalog.db"
    build_sample_catalog(path)
    return path


@pytest.mark.parametrize("sql", WRITES)
def test_sql_that_writes_is_refused(catalog, sql):
    ds = build_datasette(catalog, replay_url="http://127.0.0.1:8090/archive/")
    before = rows(catalog.parent, "SELECT count(*) FROM captures") + rows(
        catalog.parent, "SELECT count(*) FROM crawls"
    )
    response = asyncio.run(ds.client.get("/catalog.json", params={"sql": sql}))
    assert response.status_code >= 400, response.text
    after = rows(catalog.parent, "SELECT count(*) FROM captures") + rows(
        catalog.parent, "SELECT count(*) FROM crawls"
    )
    assert after == before


def test_no_write_plugins_and_no_writable_canned_queries(catalog):
    ds = build_datasette(catalog, replay_url="http://127.0.0.1:8090/archive/")
    plugins = asyncio.run(ds.client.get("/-/plugins.json")).json()
    names = {p["name"] for p in plugins}
    assert not {n for n in names if any(w in n for w in ("write", "insert", "upload", "edit", "import"))}, (
        names
    )
    for database in (ds.metadata("databases") or {}).values():
        for name, query in (database.get("queries") or {}).items():
            assert not (isinstance(query, dict) and query.get("write")), name
    response = asyncio.run(ds.client.post("/catalog/-/create", json={"table": "x", "rows": [{"a": 1}]}))
    assert response.status_code >= 400


def _listening(port: int) -> list[str]:
    """The local addresses a socket listens on PORT from (the kernel's own table, IPv4 and IPv6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hexport = fields[1].rsplit(":", 1)
            if int(hexport, 16) == port and fields[3] == "0A":  # LISTEN
                found.append(address)
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_browse_listens_on_loopback_only(catalog):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler", "browse", "--data", str(catalog.parent), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not _listening(port) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert _listening(port) == ["0100007F"], (_listening(port), process.poll())  # 127.0.0.1, nothing else
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_replay_binds_loopback_by_default(tmp_path):
    try:
        server = ReplayServer(tmp_path, port=0)
    except Exception as exc:  # no replay environment here: what it would bind is still the default
        pytest.skip(f"replay environment unavailable: {exc}")
    assert server.host == "127.0.0.1" and server.base_url.startswith("http://127.0.0.1:")
