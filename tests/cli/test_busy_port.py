"""browse and replay say so, in one line, when their port is taken."""

from __future__ import annotations

import socket

import pytest

from archive.catalog.db import Catalog
from tests.helpers import run_cli


@pytest.mark.parametrize("command", ["browse", "replay"])
def test_a_taken_port_is_a_clear_failure(tmp_path, command):
    Catalog(tmp_path / "data" / "catalog.db").close()
    (tmp_path / "data" / "warc").mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(command, "--data", str(tmp_path / "data"), "--port", str(port), timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"port {port}" in result.stderr and "Traceback" not in result.stderr
