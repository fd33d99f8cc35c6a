"""A fixture press site of real article pages (tests/fixtures/pages), a stub page and a homepage, served on
loopback for a crawl."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import FIXTURES, write_sources

PAGES = FIXTURES / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
ARTICLES = {
    "bai-viet/vietnamplus-to-lam-tong-ket-cong-an-tphcm-post921500.html": "vietnamplus-seed.html",
    "bai-viet/baochinhphu-thu-tuong-quang-ninh-102240309.html": "baochinhphu-photocms.html",
    "bai-viet/vnexpress-giam-tru-gia-canh-4672302.html": "vnexpress-figcaption.html",
    "bai-viet/chinhphu-phien-hop-thang-3-10051234.html": "legacy-windows-1258.html",
}
STUB = "bai-viet/trang-dang-cap-nhat-noi-dung-900001.html"


@contextmanager
def fixture_site(tmp: Path) -> Iterator[Path]:
    """Serves the fixture articles, a stub and a homepage linking them; yields the sources file."""
    from samplesite.server import SampleSite

    root = tmp / "site"
    (root / "bai-viet").mkdir(parents=True)
    for path, fixture in ARTICLES.items():
        shutil.copy(PAGES / fixture, root / path)
    (root / STUB).write_text(
        '<html><head><meta property="og:type" content="article"><title>Đang cập nhật</title></head>'
        "<body><h1>Đang cập nhật</h1><p>Nội dung đang được cập nhật.</p></body></html>",
        encoding="utf-8",
    )
    links = "".join(f'<li><a href="/{p}">{p}</a></li>' for p in [*ARTICLES, STUB])
    (root / "index.html").write_text(
        f"<!DOCTYPE html><html><head><title>Trang chủ</title></head><body><ul>{links}</ul></body></html>",
        encoding="utf-8",
    )
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "_site.json").write_text(
        json.dumps(
            {
                "gzip": ["*.html"],
                "content_types": {
                    "/bai-viet/chinhphu-phien-hop-thang-3-10051234.html": "text/html; charset=windows-1258"
                },
            }
        ),
        encoding="utf-8",
    )
    site = SampleSite(root).start()
    try:
        yield write_sources(
            tmp / "sources.toml",
            {"fixture": {"homepage": site.base_url + "/", "delay": 0, "article_urls": ["/bai-viet/"]}},
        )
    finally:
        site.stop()
