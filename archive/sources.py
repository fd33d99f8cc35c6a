"""The sources file: which press sites to crawl and how (see DESIGN.md, "Sources file")."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["ExtractProfile", "Source", "SourceError", "load_sources", "parse_sources", "url_problem"]

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


class SourceError(ValueError):
    """A sources file or one of its entries is unusable; the message names file, source and key."""


@dataclass(frozen=True)
class ExtractProfile:
    """What extraction is told about a source: its [extract] selectors, and its `timezone` and `language`."""

    drop: tuple[str, ...] = ()
    body: str = ""
    captions: tuple[str, ...] = ()
    timezone: str = ""  # IANA name; naive times on its pages are in this zone
    language: str = ""


@dataclass(frozen=True)
class Source:
    name: str
    homepage: str
    title: str = ""
    language: str = ""
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    article_urls: tuple[str, ...] = ()
    delay: float = 1.0
    concurrency: int = 1  # parallel connections to the source's hosts
    timezone: str = ""  # IANA name (Asia/Ho_Chi_Minh) for the dates the site writes without a zone
    render: bool = False  # pages fetched through headless Chromium (script-built pages)
    extract: ExtractProfile = field(default_factory=ExtractProfile)

    @property
    def host(self) -> str:
        return urlsplit(self.homepage).hostname or ""

    @property
    def domains(self) -> tuple[str, ...]:
        return self.allowed_domains or (self.host,)

    def is_article_url(self, url: str) -> bool | None:
        """True/False when the source's `article_urls` patterns decide, None when they don't exist."""
        if not self.article_urls:
            return None
        return any(re.search(p, url) for p in self.article_urls)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "homepage": self.homepage,
            "language": self.language,
            "sitemaps": list(self.sitemaps),
            "feeds": list(self.feeds),
            "allowed_domains": list(self.domains),
            "article_urls": list(self.article_urls),
            "delay": self.delay,
            "concurrency": self.concurrency,
            "timezone": self.timezone,
            "render": self.render,
            "extract": {
                "drop": list(self.extract.drop),
                "body": self.extract.body,
                "captions": list(self.extract.captions),
            },
        }


_SOURCE_KEYS = {
    "title": str,
    "homepage": str,
    "language": str,
    "sitemaps": list,
    "feeds": list,
    "allowed_domains": list,
    "article_urls": list,
    "delay": (int, float),
    "concurrency": int,
    "timezone": str,
    "render": bool,
    "extract": dict,
}
_EXTRACT_KEYS = {"drop": list, "body": str, "captions": list}


def load_sources(path: str | Path) -> dict[str, Source]:
    """Read and validate a sources file; raise SourceError with one line naming file, source and key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(f"{path}: no such sources file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read: {exc}") from None
    return parse_sources(text, str(path))


def parse_sources(text: str, filename: str = "<sources>") -> dict[str, Source]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{filename}: not valid TOML: {exc}") from None
    table = data.get("sources")
    if table is None:
        raise SourceError(f"{filename}: no [sources.NAME] tables")
    if not isinstance(table, dict):
        raise SourceError(f"{filename}: key 'sources': must be a table of [sources.NAME] entries")
    return {name: _parse_source(filename, name, entry) for name, entry in table.items()}


def _parse_source(filename: str, name: str, entry: Any) -> Source:
    def fail(key: str, problem: str) -> SourceError:
        return SourceError(f"{filename}: source '{name}': key '{key}': {problem}")

    if not _NAME.match(name):
        raise SourceError(f"{filename}: source '{name}': name must be letters, digits, '_', '-' or '.'")
    if not isinstance(entry, dict):
        raise SourceError(f"{filename}: source '{name}': must be a table")
    for key, value in entry.items():
        expected = _SOURCE_KEYS.get(key)
        if expected is None:
            raise fail(key, f"unknown key (known: {', '.join(sorted(_SOURCE_KEYS))})")
        if isinstance(value, bool) != (expected is bool) or not isinstance(value, expected):
            raise fail(key, f"must be {_type_name(expected)}, not {type(value).__name__}")
    if "homepage" not in entry:
        raise fail("homepage", "missing (it is the only required key)")
    homepage = entry["homepage"].strip()
    problem = url_problem(homepage)
    if problem:
        raise fail("homepage", problem)
    if not urlsplit(homepage).path:
        homepage += "/"
    lists = _lists(entry, fail)
    delay = float(entry.get("delay", 1.0))
    if not math.isfinite(delay) or delay < 0:
        raise fail("delay", f"must be a finite number of seconds, zero or more, not {entry['delay']!r}")
    if delay > 3600:
        raise fail("delay", f"{delay:g} seconds between requests is more than an hour; at most 3600")
    concurrency = entry.get("concurrency", 1)
    if not 1 <= concurrency <= 64:
        raise fail("concurrency", f"must be a whole number from 1 to 64, not {concurrency!r}")
    extract = _extract_table(entry.get("extract", {}), fail)
    timezone = entry.get("timezone", "").strip()
    if timezone and not _known_zone(timezone):
        raise fail(
            "timezone", f"unknown time zone {timezone!r} (an IANA name such as 'Asia/Ho_Chi_Minh' or 'UTC')"
        )
    profile = ExtractProfile(
        drop=tuple(extract.get("drop", ())),
        body=extract.get("body", ""),
        captions=tuple(extract.get("captions", ())),
        timezone=timezone,
        language=entry.get("language", ""),
    )
    for key, selectors in (("drop", profile.drop), ("captions", profile.captions), ("body", (profile.body,))):
        for selector in selectors:
            if selector and not _valid_css(selector):
                raise fail(f"extract.{key}", f"not a valid CSS selector: {selector!r}")
    return Source(
        name=name,
        homepage=homepage,
        title=entry.get("title", name),
        language=entry.get("language", ""),
        delay=delay,
        concurrency=concurrency,
        timezone=timezone,
        render=entry.get("render", False),
        extract=profile,
        **lists,
    )


def _lists(entry: dict, fail) -> dict[str, tuple[str, ...]]:
    """The list keys, checked: sitemaps and feeds are crawlable URLs, allowed_domains host names, article_urls
    regular expressions."""
    lists = {}
    for key in ("sitemaps", "feeds", "allowed_domains", "article_urls"):
        items = entry.get(key, [])
        if not all(isinstance(i, str) and i.strip() for i in items):
            raise fail(key, "must be a list of non-empty strings")
        lists[key] = tuple(i.strip() for i in items)
    for key in ("sitemaps", "feeds"):
        for url in lists[key]:
            problem = url_problem(url)
            if problem:
                raise fail(key, f"must hold http(s) URLs: {problem}")
    for domain in lists["allowed_domains"]:
        if not _HOST.match(domain):
            raise fail("allowed_domains", f"not a host name: {domain!r}")
    for pattern in lists["article_urls"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise fail("article_urls", f"bad regular expression {pattern!r}: {exc}") from None
    return lists


def _extract_table(extract: dict, fail) -> dict:
    for key, value in extract.items():
        expected = _EXTRACT_KEYS.get(key)
        if expected is None:
            raise fail(f"extract.{key}", f"unknown key (known: {', '.join(sorted(_EXTRACT_KEYS))})")
        if not isinstance(value, expected):
            raise fail(f"extract.{key}", f"must be {_type_name(expected)}, not {type(value).__name__}")
        if expected is list and not all(isinstance(i, str) and i.strip() for i in value):
            raise fail(f"extract.{key}", "must be a list of CSS selectors")
    return extract


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


# A host as a crawl can reach it: DNS labels (letters of any script, digits, hyphens), or an IPv4 address
_HOST = re.compile(r"^(?=.{1,253}$)([^\W_]([\w-]{0,61}[^\W_])?\.)*[^\W_]([\w-]{0,61}[^\W_])?\.?$", re.UNICODE)


def url_problem(url: str) -> str:
    """Why URL cannot be crawled ("" when it can): an http(s) URL with a real host and a port that exists."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"must be an http(s) URL, not {url!r}"
    try:
        port = parts.port
    except ValueError:
        return f"{url!r} has a port out of range (1-65535)"
    if port == 0:
        return f"{url!r} has a port out of range (1-65535)"
    host = parts.hostname or ""
    if host.startswith("[") or ":" in host:  # an IPv6 literal: urlsplit has checked its brackets
        return ""
    if not host or not _HOST.match(host) or any(c.isspace() for c in parts.netloc):
        return f"{url!r} has no valid host name"
    return ""


def _valid_css(selector: str) -> bool:
    from cssselect import GenericTranslator, SelectorError

    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError:
        return False
    return True


def _type_name(expected: Any) -> str:
    names = {
        str: "a string",
        list: "a list",
        dict: "a table",
        (int, float): "a number",
        int: "a whole number",
        bool: "true or false",
    }
    return names.get(expected, str(expected))
