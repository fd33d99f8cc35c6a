"""An hourly run stays cheap: a child sitemap whose index says it has not changed since a finished run read it
whole is not fetched again (nor are its pages); one whose lastmod moved is; a run with --since/--until, a run
that did not finish, or a listed page that failed leave the sitemap to be read again."""

from __future__ import annotations

from pathlib import Path

from samplesite.server import SampleSite
from tests.helpers import run_cli, write_sources
from tests.helpers.archive import rows

DAYS = 20


def _article(day: int) -> str:
    return f"/tin-tuc/2026/01/{day:02d}/ban-tin-thoi-su-ngay-{day:02d}-thang-mot-{100000 + day}.html"


def _site(root: Path, base: str, lastmods: dict[int, str], extra: dict[int, list[str]] | None = None) -> None:
    (root / "sitemaps").mkdir(parents=True, exist_ok=True)
    index = "".join(
        f"<sitemap><loc>{base}/sitemaps/{day:02d}.xml</loc><lastmod>{lastmods[day]}</lastmod></sitemap>"
        for day in range(1, DAYS + 1)
    )
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>',
        encoding="utf-8",
    )
    for day in range(1, DAYS + 1):
        urls = [_article(day), *(extra or {}).get(day, [])]
        entries = "".join(f"<url><loc>{base}{u}</loc></url>" for u in urls)
        (root / "sitemaps" / f"{day:02d}.xml").write_text(
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>',
            encoding="utf-8",
        )
        for url in urls:
            page = root / url.lstrip("/")
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(
                f"<html><head><title>Bản tin {url}</title></head><body><article><h1>Bản tin</h1>"
                + "".join(
                    f"<p>Đoạn {i} của bản tin thời sự trong ngày, với đủ chữ để là một bài báo thật sự.</p>"
                    for i in range(5)
                )
                + "</article></body></html>",
                encoding="utf-8",
            )
    (root / "index.html").write_text("<html><body>Trang chủ</body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n", encoding="utf-8")


def _crawl(site, sources: Path, data: Path, *extra: str) -> list[str]:
    site.log.clear()
    result = run_cli("crawl", "--sources", str(sources), "--data", str(data), *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    _crawl.stdout = result.stdout
    return [line.split(" ", 1)[1] for line in site.log]


def test_unchanged_child_sitemaps_are_skipped(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    data = tmp_path / "data"
    with SampleSite(root) as site:
        base = site.base_url
        lastmods = {day: f"2026-01-{day:02d}T23:00:00+07:00" for day in range(1, DAYS + 1)}
        _site(root, base, lastmods)
        sources = write_sources(tmp_path / "s.toml", {"s": {"homepage": base + "/", "delay": 0}})

        first = _crawl(site, sources, data)
        assert sum("/sitemaps/" in line for line in first) == DAYS

        again = _crawl(site, sources, data)
        assert not [line for line in again if "/sitemaps/" in line or "/tin-tuc/" in line], again
        assert rows(data, "SELECT count(*) FROM articles") == [(DAYS,)]
        # the summary says what discovery cost
        assert f"{DAYS} unchanged sitemap(s) not read again" in _crawl.stdout

        # day 7 was edited: a new article in its sitemap, its lastmod moved on
        lastmods[7] = "2099-01-01T00:00:00Z"
        new = "/tin-tuc/2026/01/07/ban-tin-bo-sung-ngay-bay-thang-mot-200007.html"
        _site(root, base, lastmods, {7: [new]})
        edited = _crawl(site, sources, data)
        assert [line for line in edited if "/sitemaps/" in line] == ["/sitemaps/07.xml"]
        assert any(new in line for line in edited)

        # a windowed run reads everything it is asked to, but cannot vouch for the sitemaps afterwards
        _crawl(
            site, sources, data, "--since", "2026-01-05", "--set", "NEWSARCHIVE_SKIP_UNCHANGED_SITEMAPS=False"
        )
        after_window = _crawl(site, sources, data)
        # days 1-4 changed before --since: the windowed run did not read them, the reading before still vouches
        assert sorted(line for line in after_window if "/sitemaps/" in line) == [
            f"/sitemaps/{day:02d}.xml" for day in range(5, DAYS + 1)
        ]

        # a run that did not finish cleanly vouches for nothing either
        rows(data, "UPDATE crawls SET finish_reason = 'shutdown' WHERE id = (SELECT max(id) FROM crawls)")
        after_stop = _crawl(site, sources, data)
        assert sorted(line for line in after_stop if "/sitemaps/" in line) == [
            f"/sitemaps/{day:02d}.xml" for day in range(5, DAYS + 1)
        ]


def test_a_sitemap_whose_page_failed_is_read_again(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    data = tmp_path / "data"
    with SampleSite(root) as site:
        base = site.base_url
        _site(root, base, {day: f"2026-01-{day:02d}T23:00:00+07:00" for day in range(1, DAYS + 1)})
        (root / "_site.json").write_text(f'{{"status": {{"{_article(3)}": 503}}}}', encoding="utf-8")
        site.config = site._load_config()
        sources = write_sources(tmp_path / "s.toml", {"s": {"homepage": base + "/", "delay": 0}})
        _crawl(site, sources, data, "--set", "RETRY_TIMES=0")
        again = _crawl(site, sources, data, "--set", "RETRY_TIMES=0")
        assert [line for line in again if "/sitemaps/" in line] == ["/sitemaps/03.xml"]
        assert any(_article(3) in line for line in again)
