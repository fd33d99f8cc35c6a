"""Article or listing, from evidence: the URL's shape, what the page declares (og:type, JSON-LD @type), how it
is built (one headline over paragraphs of prose, or many headline links), and how it was found (an item of a feed
or news sitemap is an article unless the page clearly is not). General rules about how news sites are built; no
site names. Each piece of evidence is kept as a reason ("url:id+slug", "markup:jsonld-NewsArticle", ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "ASSET_EXTENSIONS",
    "DOCUMENT_EXTENSIONS",
    "PageKind",
    "document_links",
    "markup_says_article",
    "page_kind",
    "url_evidence",
    "url_kind",
]

ASSET_EXTENSIONS = frozenset(
    "jpg jpeg png gif webp svg ico bmp tif tiff avif mp3 mp4 m4a m4v webm ogg wav avi mov flv wmv "
    "doc docx xls xlsx ppt pptx zip rar 7z gz tgz bz2 exe dmg apk css js json woff woff2 ttf eot".split()
)
DOCUMENT_EXTENSIONS = frozenset({"pdf"})  # documents extracted like articles (decrees, reports, communiqués)
_PAGINATION = re.compile(r"(?:^|/)(?:page|trang|p)[-/]?\d+(?:/|\.html?)?$|(?:^|/)\d{1,3}/?$", re.I)
_LISTING_WORDS = re.compile(
    r"(?:^|/)(?:tag|tags|topic|topics|chu-de|category|categories|chuyen-muc|danh-muc|search|tim-kiem|author|tac-gia|"
    r"video|videos|photo|photos|multimedia|rss|event|su-kien|timeline)(?:/|$)",
    re.I,
)
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])(?:/|$)")
_LONG_ID = re.compile(r"\d{5,}")
_ID_PARAMS = {
    "id",
    "idx",
    "aid",
    "nid",
    "newsid",
    "news_id",
    "articleid",
    "article_id",
    "storyid",
    "no",
    "itemid",
}
_PAGE_PARAMS = {"page", "p", "trang", "pageindex", "pagenumber", "start", "offset"}
# endings of article pages that are not file types: .html, .htm, .shtml, .aspx, .php, and the CMS-specific
# endings many press sites use for articles (.vnp, .vov, .tpo, .ldo, .ghtml, ...): any short alphabetic ending
_PAGE_EXT = re.compile(r"^[a-z]{2,6}$")


def url_evidence(url: str, article_patterns: tuple[str, ...] = ()) -> tuple[str, str]:
    """("article" | "listing" | "document" | "asset" | "", why) from the URL alone; "" when its shape says
    nothing."""
    parts = urlsplit(url)
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    ext = last.rsplit(".", 1)[-1].lower() if "." in last else ""
    if ext in DOCUMENT_EXTENSIONS:
        return "document", f"url:.{ext}"
    if ext in ASSET_EXTENSIONS:
        return "asset", f"url:.{ext}"
    if article_patterns:
        if any(re.search(p, url) for p in article_patterns):
            return "article", "url:source-pattern"
        return "listing", "url:not-source-pattern"
    if not segments and not parts.query:
        return "listing", "url:root"
    params = {k.lower(): v for k, v in parse_qs(parts.query).items()}
    if any(
        k in _ID_PARAMS and any(_LONG_ID.fullmatch(x) or x.isdigit() and len(x) >= 3 for x in v)
        for k, v in params.items()
    ):
        return "article", "url:id-param"  # news_view.php?idx=8576 (a page=1 beside it pages the article)
    query = set(params)
    if query & _PAGE_PARAMS or _PAGINATION.search(path):
        return "listing", "url:pagination"
    if _LISTING_WORDS.search(path):
        return "listing", "url:section-word"
    stem = last.rsplit(".", 1)[0] if ext and _PAGE_EXT.match(ext) else last
    words = _words(stem)
    longest = max((len(_words(s.rsplit(".", 1)[0])) for s in segments), default=0)
    if _LONG_ID.search(stem) and len(words) >= 2:
        return "article", "url:slug-id"
    if _LONG_ID.fullmatch(stem) and longest >= 4:
        return "article", "url:slug/id"  # /<long-slug>/435626.html
    if len(words) >= 5:
        return "article", "url:long-slug"
    if _DATE_PATH.search(path) and len(words) >= 3:
        return "article", "url:date-path"
    if ext and _PAGE_EXT.match(ext) and len(words) >= 4:
        return "article", f"url:slug.{ext}"
    if _LONG_ID.fullmatch(stem) and ext:
        return "article", "url:id-page"  # /435626.html, /news/435626.htm
    if (
        not ext
        and len(segments) <= 2
        and all(len(_words(s)) <= 3 and not re.search(r"\d", s) for s in segments)
    ):
        return "section", "url:section"  # /thoi-su/, /world/europe/: where sections live
    return "", "url:short"


def url_kind(url: str, article_patterns: tuple[str, ...] = ()) -> str:
    """'article', 'listing', 'document' (a PDF) or 'asset' for a URL; a source's own patterns decide first for
    pages (documents and assets are named by their extension)."""
    kind, _ = url_evidence(url, article_patterns)
    return kind if kind in ("article", "asset", "document") else "listing"


def _words(stem: str) -> list[str]:
    return [w for w in re.split(r"[-_+]+", stem) if w]


_OG_TYPE = re.compile(
    rb"""<meta[^>]+(?:property|name)=["']og:type["'][^>]*content=["']([^"']*)["']"""
    rb"""|<meta[^>]+content=["']([^"']*)["'][^>]*(?:property|name)=["']og:type["']""",
    re.I,
)
_LD_TYPE = re.compile(rb'"@type"\s*:\s*\[?\s*"([A-Za-z]+)"')
_LD_ARTICLES = {
    b"article",
    b"newsarticle",
    b"reportagenewsarticle",
    b"analysisnewsarticle",
    b"opinionnewsarticle",
    b"backgroundnewsarticle",
    b"reviewnewsarticle",
    b"blogposting",
    b"liveblogposting",
    b"report",
}
_LD_LISTINGS = {b"collectionpage", b"itemlist", b"searchresultspage", b"profilepage"}


def declared(html: bytes) -> tuple[int, list[str]]:
    """What the page says it is: og:type and JSON-LD @type (a score: above 0 article, below 0 listing)."""
    head = html[:300_000]
    score, reasons = 0, []
    og = _OG_TYPE.search(head)
    og_type = (og.group(1) or og.group(2) or b"").strip().lower() if og else b""
    if og_type == b"article":
        score += 2
        reasons.append("markup:og-article")
    elif og_type in (b"website", b"section", b"webpage"):
        score -= 1
        reasons.append(f"markup:og-{og_type.decode('ascii', 'replace')}")
    types = {m.group(1).lower() for m in _LD_TYPE.finditer(html)}
    found = types & _LD_ARTICLES
    if found:
        score += 3
        reasons.append(f"markup:jsonld-{sorted(found)[0].decode()}")
    elif types & _LD_LISTINGS:
        score -= 2
        reasons.append(f"markup:jsonld-{sorted(types & _LD_LISTINGS)[0].decode()}")
    return score, reasons


def markup_says_article(html: bytes) -> bool:
    """True when the page declares itself an article (og:type, JSON-LD)."""
    return declared(html)[0] > 0


@dataclass(frozen=True)
class PageKind:
    kind: str  # article, listing, document or asset
    score: int
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def page_kind(
    url: str,
    html: bytes | None = None,
    *,
    listed: str = "",
    article_patterns: tuple[str, ...] = (),
    tree=None,
) -> PageKind:
    """Article or listing from all the evidence there is. `listed`: "feed" or "news-sitemap" when discovery
    named the page as an item (evidence for an article); `tree`: the parsed page, when the caller has it.
    A source's `article_urls` patterns decide alone, as the source's owner said."""
    if html is not None and html[:1024].lstrip().startswith(b"%PDF-"):
        return PageKind("document", 2, ("body:pdf",))  # a download URL without .pdf that serves a PDF
    kind, why = url_evidence(url, article_patterns)
    if kind in ("asset", "document") or article_patterns:
        return PageKind(kind, 2 if kind == "article" else -2, (why,))
    score = {"article": 2, "listing": -2, "section": -1}.get(kind, 0)
    reasons = [why]
    if listed:
        score += 2
        reasons.append(f"discovery:{listed}")
    if html is not None:
        said, said_why = declared(html)
        score += said
        reasons += said_why
        if -3 < score < 4:  # the page's build decides what the rest leaves open
            from archive.discovery.pagebuild import structure

            built, built_why = structure(html, tree)
            score += built
            reasons += built_why
    return PageKind("article" if score > 0 else "listing", score, tuple(reasons))


_PDF = re.compile(rb"\.pdf", re.I)
_PDF_HREF = re.compile(rb"""href\s*=\s*["']([^"'<>\s]+?\.pdf(?:[?#][^"'<>\s]*)?)["']""", re.I)


def document_links(html: bytes, limit: int = 50) -> list[str]:
    """The PDF documents a page links to (as written; resolve against the page), found without parsing it: an
    article's attachments are fetched whatever the source's mode of discovery."""
    found: list[str] = []
    if not _PDF.search(html):  # most pages link to none: one scan for the letters, not the pattern's
        return found
    for match in _PDF_HREF.finditer(html):
        href = match.group(1).decode("utf-8", "replace").replace("&amp;", "&")
        if href not in found:
            found.append(href)
        if len(found) >= limit:
            break
    return found
