"""The loopback test server: it binds without asking DNS for its address's name (tests send nothing off the
machine), on any 127.x address, and serves files."""

from __future__ import annotations

import socket
import urllib.request

from samplesite.server import SampleSite


def test_binding_on_other_loopback_addresses_asks_no_name_service(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    asked: list[str] = []
    real = socket.getfqdn

    def getfqdn(name: str = "") -> str:
        asked.append(name)
        return real(name)

    monkeypatch.setattr(socket, "getfqdn", getfqdn)
    with SampleSite(tmp_path, host="127.0.0.2") as site:
        assert site.base_url.startswith("http://127.0.0.2:")
        with urllib.request.urlopen(site.base_url + "/index.html", timeout=10) as response:
            assert b"ok" in response.read()
    assert asked == []
