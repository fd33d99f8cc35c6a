"""Article metadata from the page itself, in a stated order of trust, each value with where it came from.

Dates come from JSON-LD, then meta tags, then `<time>` inside the article, then the feed or news sitemap, then
the URL, then a visible date inside the article; never from free text in page headers (which show today's date).
A later source's time of day refines an earlier one's day when both say the same day (a day-only meta tag, the
URL's date), the page's own metadata only from inside the article.
Times keep their offset; a naive time is in the source's time zone (sources.toml `timezone`), else in the zone of
the page's language or country domain when that has one zone only (archive.dates.zones), else stays naive; where
the zone came from is `published_zone` ("page", "source", "language", "host"). A discovery date (feed, sitemap)
more than a day away from the page's own is a `date_conflict`."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from archive.dates import normalize_date, site_zone
from archive.extract.boilerplate import text_of
from archive.extract.jsonld import (
    breadcrumbs,
    jsonld_images,
    jsonld_objects,
    main_article,
    names,
    strings,
    unescape,
)
from archive.extract.pagedates import page_dates
from archive.extract.pagescope import article_scope, headline
from archive.extract.words import words_for

__all__ = [
    "page_metadata",
    "normalize_date",
    "strip_site_suffix",
    "detect_language",
    "jsonld_objects",
]

_AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "parsely-author",
    "sailthru.author",
)
_HINT_TITLE = ("news:title", "feed:title", "title")
_VI_CHARS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
_EN_WORDS = frozenset(
    "the of and to in a is that for on was with as by at from it be are has have said".split()
)
_TITLE_SEP = re.compile(r"\s+[-|–—:·»/]\s+|\s+\|\s*|\s*\|\s+")


def _meta_map(tree: HtmlElement) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        value = meta.get("content")
        if key and value and value.strip():
            out.setdefault(key.strip().lower(), []).append(unescape(" ".join(value.split())))
    return out


def strip_site_suffix(title: str | None, sitenames: list[str], host: str = "") -> str | None:
    """ "Ông A phát biểu - Báo X" -> "Ông A phát biểu"; the site's name may also lead the title."""
    if not title:
        return None
    title = " ".join(title.split())
    seps = list(_TITLE_SEP.finditer(title))
    if not seps:
        return title
    known = [s.lower() for s in sitenames if s]
    host_words = {w for w in re.split(r"[.\-]", host.lower().removeprefix("www.")) if len(w) > 2}
    host_words -= {"com", "net", "org", "gov", "edu"}

    def is_site(part: str) -> bool:
        low = part.lower().strip()
        squashed = re.sub(r"[^a-z0-9]", "", low)
        return bool(low) and (
            any(k in low or low in k for k in known)
            or bool(squashed and any(squashed == w or w in squashed for w in host_words))
            or (len(low.split()) <= 3 and low.startswith(tuple(f"{w} " for w in words_for(None).site_prefix)))
        )

    last, first_sep = seps[-1], seps[0]
    if is_site(title[last.end() :]):
        return title[: last.start()].strip() or title
    if is_site(title[: first_sep.start()]):
        return title[first_sep.end() :].strip() or title
    return title


def detect_language(text: str, declared: str | None) -> str | None:
    """The declared language, checked against the text: Vietnamese is recognised by its letters, English by its
    commonest words (the English editions of Vietnamese sites often keep lang="vi")."""
    sample = text[:5000]
    letters = sum(1 for ch in sample if ch.isalpha())
    vietnamese = len(_VI_CHARS.findall(sample)) / letters if letters else 0.0
    if letters >= 200 and vietnamese >= 0.03:
        return "vi"
    words = re.findall(r"[a-z']+", sample.lower())
    english = sum(1 for w in words if w in _EN_WORDS) / len(words) if words else 0.0
    if declared in (None, "vi") and len(words) >= 50 and english >= 0.12 and vietnamese < 0.005:
        return "en"
    if declared == "vi" and letters >= 500 and vietnamese < 0.005:
        return None  # declared Vietnamese, written in something else: do not claim either
    return declared


def _primary(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang.strip().replace("_", "-").split("-")[0].lower()
    return lang if re.fullmatch(r"[a-z]{2,3}", lang) else None


def page_metadata(
    tree: HtmlElement, url: str, hints: dict | None = None, timezone: str = "", language: str = ""
) -> dict[str, Any]:
    """Title, author, dates (and their source and zone's origin), language, site name, canonical URL, categories,
    tags, and the JSON-LD images with captions, from a parsed page. `timezone` and `language` are the source's
    (sources.toml), when known."""
    hints = hints or {}
    meta = _meta_map(tree)
    objects = jsonld_objects(tree)
    article = main_article(objects)
    host = urlsplit(url).hostname or ""

    def first(*keys: str) -> str | None:
        for key in keys:
            if meta.get(key):
                return meta[key][0]
        return None

    declared = _primary(
        tree.get("lang")
        or tree.get("xml:lang")
        or first("content-language", "language", "dc.language")
        or (article.get("inLanguage") if isinstance(article.get("inLanguage"), str) else None)
        or first("og:locale")
    )
    site = site_zone(timezone, language or declared, host)

    publisher = names(article.get("publisher"))
    sitename = first("og:site_name", "application-name") or (publisher[0] if publisher else None)
    if publisher and sitename and "." in sitename and " " not in sitename:
        sitename = publisher[0]  # "example.net" in og:site_name, "Example" as the publisher

    dates = page_dates(tree, url, article, first, hints, site)

    # -- title, author ---------------------------------------------------------------------------------------
    sitenames = [s for s in (sitename, *publisher) if s]
    h1_element = headline(article_scope(tree))
    h1 = text_of(h1_element) if h1_element is not None else None
    ld_headline = article.get("headline") if isinstance(article.get("headline"), str) else None
    ld_title = strip_site_suffix(ld_headline, sitenames, host)
    og_title = strip_site_suffix(first("og:title", "twitter:title"), sitenames, host)
    if ld_title and og_title and h1 and _same_title(og_title, h1) and not _same_title(ld_title, h1):
        ld_title = None  # the headline shown and og:title agree; JSON-LD kept a shorter (SEO) one
    title = (
        ld_title
        or og_title
        or h1
        or strip_site_suffix(
            text_of(tree.find(".//title")) if tree.find(".//title") is not None else None, sitenames, host
        )
        or next((hints[k] for k in _HINT_TITLE if hints.get(k)), None)
    )
    title = _shown_headline(title, h1)
    authors = [n for n in names(article.get("author")) if _is_person(n, sitenames)]
    if not authors:
        authors = [a for key in _AUTHOR_META for a in meta.get(key, []) if _is_person(a, sitenames)][:3]
    if not authors:
        authors = _byline(tree, sitenames)
    elif any(_RUN_TOGETHER.search(a) for a in authors):
        authors = _spaced_as_shown(authors, _byline(tree, sitenames))

    canonical, categories, tags = _canonical_and_topics(tree, url, article, objects, meta, first)
    return {
        "title": title,
        "author": ", ".join(_unique(authors)) or None,
        **dates,
        "declared_language": declared,
        "sitename": sitename,
        "canonical_url": canonical,
        "og_url": urljoin(url, first("og:url")) if first("og:url") else None,
        "categories": categories,
        "tags": tags,
        "jsonld_images": jsonld_images(objects, article, url),
    }


def _shown_headline(title: str | None, h1: str | None) -> str | None:
    """The page's h1 when the title is that h1 followed by segments the site added (a section, the site's name:
    "Headline - Politics - Daily Online", which strip_site_suffix leaves half done); soft hyphens dropped."""
    title = title.replace("\u00ad", "") if title else title
    shown = h1.replace("\u00ad", "").strip() if h1 else ""
    if not title or not shown or len(shown) < 10 or not title.casefold().startswith(shown.casefold()):
        return title
    rest = title[len(shown) :]
    return shown if _TITLE_SEP.match(rest) else title


def _same_title(a: str, b: str) -> bool:
    """The same words, whatever the case, spacing and closing punctuation."""
    return " ".join(a.casefold().split()).rstrip(" .!?") == " ".join(b.casefold().split()).rstrip(" .!?")


def _canonical_and_topics(tree: HtmlElement, url: str, article: dict, objects: list[dict], meta: dict, first):
    """rel=canonical (else og:url) resolved against the page; categories (articleSection, article:section,
    breadcrumbs) and tags (article:tag, news_keywords, keywords, JSON-LD keywords and about)."""
    canonical = None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = urljoin(url, link.get("href").strip())
            break
    canonical = canonical or (urljoin(url, first("og:url")) if first("og:url") else None)
    if canonical and urlsplit(canonical).scheme not in ("http", "https"):
        canonical = None
    categories = _unique(
        strings(article.get("articleSection")) + meta.get("article:section", []) + breadcrumbs(objects)
    )
    tags = _unique(
        [
            t
            for v in meta.get("article:tag", []) + meta.get("news_keywords", []) + meta.get("keywords", [])
            for t in strings(v)
        ]
        + strings(article.get("keywords"))
        + strings(article.get("about"))
    )
    return canonical, categories, tags


def _unique(values: list[str]) -> list[str]:
    seen, out = set(), []
    for value in values:
        value = " ".join(str(value).split())
        if value and value.lower() not in seen:
            seen.add(value.lower())
            out.append(value)
    return out


def _is_person(name: str, sitenames: list[str]) -> bool:
    name = name.strip()
    if not name or len(name) > 100 or name.startswith(("http://", "https://", "/")) or "@" in name:
        return False
    low = name.lower()
    return not any(low == s.lower() or low in s.lower() for s in sitenames)


# a lower-case letter right before an upper-case one: a byline's elements (<strong>name</strong><i> (agency)
# </i>) whose texts a CMS joined without their spacing when it wrote the JSON-LD ("Lan HươngAGENCY")
_RUN_TOGETHER = re.compile(r"[^\W\d_A-Z][A-ZÀ-ÝĐ]")


def _spaced_as_shown(authors: list[str], shown: list[str]) -> list[str]:
    """The metadata's author names, each replaced by the page's visible byline when that is the same letters
    with the spacing and punctuation the metadata lost; a different name is never taken from the page."""
    letters = lambda text: "".join(ch for ch in text.casefold() if ch.isalnum())  # noqa: E731
    visible = {letters(b): b for b in shown}
    return [visible.get(letters(a), a) for a in authors]


def _byline(tree: HtmlElement, sitenames: list[str]) -> list[str]:
    scope = article_scope(tree)
    for element in scope.iter():
        if not isinstance(element.tag, str):
            continue
        attrs = f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')} {element.get('rel', '')}"
        if re.search(r"(?:^|[\s_-])(?:author|byline|tac-?gia|tacgia|writer)(?:$|[\s_-])", attrs, re.I):
            prefixes = words_for(None).alternation("byline_prefix")
            text = re.sub(rf"^(?:{prefixes})(?!\w)\s*:?\s*", "", text_of(element), flags=re.I)  # not "Byron"
            if (
                2 <= len(text) <= 60
                and _is_person(text, sitenames)
                and not re.search(r"\d{2}[/:]\d{2}", text)
            ):
                return [text]
    # many CMSs set the byline as the last, right-aligned, bold paragraph of the body
    paragraphs = [p for p in scope.iter("p") if text_of(p)]
    if paragraphs:
        last = paragraphs[-1]
        style = (last.get("style") or "").replace(" ", "").lower()
        text = text_of(last)
        if ("text-align:right" in style or (last.get("align") or "").lower() == "right") and len(text) <= 60:
            return [text]
    return []
