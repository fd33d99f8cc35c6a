"""Sources file loading: a broken file or entry fails with one line naming the file, source and key."""

from __future__ import annotations

import pytest

from archive.sources import SourceError, load_sources, parse_sources
from tests.helpers import ROOT, run_cli


def test_shipped_sources_load():
    sources = load_sources(ROOT / "sources.toml")
    assert {"baochinhphu", "vietnamplus", "nhandan"} <= set(sources)
    for source in sources.values():
        assert source.homepage.startswith("https://") and source.language == "vi"


def test_full_entry():
    (s,) = parse_sources(
        """
        [sources.x]
        homepage = "https://example.vn"
        sitemaps = ["https://example.vn/sitemap.xml"]
        article_urls = ['-\\d+\\.html$']
        delay = 0
        [sources.x.extract]
        drop = ["div.related"]
        captions = [".PhotoCMS_Caption"]
        """
    ).values()
    assert s.homepage == "https://example.vn/" and s.delay == 0 and s.domains == ("example.vn",)
    assert s.extract.drop == ("div.related",) and s.is_article_url("https://example.vn/a-123.html")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[sources.x]\nhomepage = 'ftp://a'", "f.toml: source 'x': key 'homepage': must be an http(s) URL"),
        ("[sources.x]\ntitle = 'a'", "f.toml: source 'x': key 'homepage': missing"),
        ("[sources.x]\nhomepage = 'https://a/'\ndelay = 'slow'", "key 'delay': must be a number"),
        (
            "[sources.x]\nhomepage = 'https://a/'\ndelay = -1",
            "key 'delay': must be a finite number of seconds",
        ),
        (
            "[sources.x]\nhomepage = 'https://a/'\ndelay = inf",
            "key 'delay': must be a finite number of seconds",
        ),
        (
            "[sources.x]\nhomepage = 'https://a/'\ndelay = nan",
            "key 'delay': must be a finite number of seconds",
        ),
        ("[sources.x]\nhomepage = 'https://a/'\ndelay = 1e9", "key 'delay': 1e+09 seconds between requests"),
        (
            "[sources.x]\nhomepage = 'https://a/'\nconcurrency = 0",
            "key 'concurrency': must be a whole number from 1",
        ),
        (
            "[sources.x]\nhomepage = 'https://a/'\nconcurrency = 2.5",
            "key 'concurrency': must be a whole number, not float",
        ),
        ("[sources.x]\nhomepage = 'https://a/'\nfeeds = 'x'", "key 'feeds': must be a list"),
        ("[sources.x]\nhomepage = 'https://a/'\nfeeds = ['rss.xml']", "key 'feeds': must hold http(s) URLs"),
        ("[sources.x]\nhomepage = 'https://a/'\nhompage = 1", "key 'hompage': unknown key"),
        (
            "[sources.x]\nhomepage = 'https://a/'\narticle_urls = ['(']",
            "key 'article_urls': bad regular expression",
        ),
        (
            "[sources.x]\nhomepage = 'https://a/'\n[sources.x.extract]\ndrop = ['div[']",
            "key 'extract.drop': not a valid CSS",
        ),
        (
            "[sources.x]\nhomepage = 'https://a/'\n[sources.x.extract]\nbody = 3",
            "key 'extract.body': must be a string",
        ),
        ("[sources.x\nhomepage = 1", "f.toml: not valid TOML"),
        ("[other]\na = 1", "f.toml: no [sources.NAME] tables"),
        ("[sources]\nx = 1", "f.toml: source 'x': must be a table"),
    ],
)
def test_errors_name_file_source_and_key(text, expected):
    with pytest.raises(SourceError) as info:
        parse_sources(text, "f.toml")
    message = str(info.value)
    assert expected in message and "\n" not in message


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="no such sources file"):
        load_sources(tmp_path / "nope.toml")


def test_cli_reports_a_broken_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[sources.x]\nhomepage = 'nope'\n")
    result = run_cli("crawl", "--sources", str(bad), "--data", str(tmp_path / "d"))
    assert result.returncode == 2  # a sources file that does not validate is a usage error
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {bad}: source 'x': key 'homepage': must be an http(s) URL, not 'nope'")
    assert not (tmp_path / "d").exists()  # nothing touched
    listed = run_cli("sources", "--sources", str(ROOT / "sources.toml"))
    assert (
        listed.returncode == 0
        and "baochinhphu" in listed.stdout
        and "https://baochinhphu.vn/" in listed.stdout
    )
    unknown = run_cli(
        "crawl", "nosuch", "--sources", str(ROOT / "sources.toml"), "--data", str(tmp_path / "d")
    )
    assert unknown.returncode == 2 and "no source named nosuch" in unknown.stderr
    bad_set = run_cli("crawl", "--set", "NOEQUALS", "--sources", str(ROOT / "sources.toml"))
    assert bad_set.returncode == 2 and "SETTING=VALUE" in bad_set.stderr
