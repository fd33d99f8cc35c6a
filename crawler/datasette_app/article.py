"""What the article page of the catalog shows above the raw columns: the text with its photos from the archive
(replay URLs, never the live site) with captions and credits, where its date came from, its versions with the
last change's diff, its copies in other outlets, and every capture with its replay link."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from archive.catalog.versions import diff_html

__all__ = ["article_context", "replay_base", "replay_link", "DEFAULT_REPLAY_URL", "DATE_ORIGINS"]

DEFAULT_REPLAY_URL = "http://127.0.0.1:8080/archive/"
_DIGITS = re.compile(r"\D")

# published_from (archive.extract.metadata) -> what a reader is told
DATE_ORIGINS = {
    "jsonld": "the page's structured data, JSON-LD datePublished",
    "meta": "a meta tag of the page such as article:published_time",
    "time": "a time element of the page",
    "feed": "the feed or sitemap that listed the article",
    "url": "the date in the article's URL",
    "text": "a date written in the page's text",
}


def replay_base(datasette: Any) -> str:
    """The plugin's `replay_url` setting, else NEWSARCHIVE_REPLAY_URL, else what `newsarchive replay` serves."""
    import os

    configured = (datasette.plugin_config("newsarchive") or {}).get("replay_url") if datasette else None
    base = configured or os.environ.get("NEWSARCHIVE_REPLAY_URL") or DEFAULT_REPLAY_URL
    return base if base.endswith("/") else base + "/"


def replay_link(base: str, url: str | None, fetched_at: str | None, modifier: str = "") -> str | None:
    """pywb's URL for the capture of URL at FETCHED_AT (ISO 8601 UTC as the catalog stores it); MODIFIER
    `im_` asks for an image as archived."""
    if not url or not fetched_at:
        return None
    stamp = _DIGITS.sub("", fetched_at[:19])[:14]
    return f"{base}{stamp}{modifier}/{url}" if len(stamp) == 14 else None


def date_origin(article: dict[str, Any]) -> str:
    if not article.get("published"):
        return "The page states no publication date: lists use the day it was first captured"
    origin = article.get("published_from")
    return (
        f"date from {DATE_ORIGINS.get(origin, origin)}"
        if origin
        else "where the date came from was not recorded"
    )


async def _images(db, article_id: int, fetched_at: str | None, base: str) -> list[dict[str, Any]]:
    """The article's photos, each from its archived capture nearest the article's (none: not archived)."""
    images = []
    for row in await db.execute(
        "SELECT position, src, caption, credit, alt FROM images WHERE article_id = ? ORDER BY position, id",
        [article_id],
    ):
        image = dict(row)
        capture = (
            await db.execute(
                "SELECT fetched_at FROM captures WHERE url = ? AND status BETWEEN 200 AND 299 "
                "ORDER BY abs(julianday(fetched_at) - julianday(coalesce(?, fetched_at))) LIMIT 1",
                [image["src"], fetched_at],
            )
        ).first()
        image["archived_at"] = capture["fetched_at"] if capture else None
        image["replay_src"] = replay_link(base, image["src"], image["archived_at"], "im_")
        images.append(image)
    return images


def _with_figures(paragraphs: list[str], images: list[dict]) -> list[dict[str, Any]]:
    """Paragraphs and figures in reading order: each photo before the paragraph at its position."""
    at: dict[int, list[dict]] = {}
    for image in images:
        position = min(max(int(image.get("position") or 0), 0), len(paragraphs))
        at.setdefault(position, []).append(image)
    blocks: list[dict[str, Any]] = []
    for index in range(len(paragraphs) + 1):
        blocks.extend({"figure": image} for image in at.get(index, []))
        if index < len(paragraphs):
            blocks.append({"text": paragraphs[index]})
    return blocks


async def article_context(datasette, database: str, article_id: int) -> dict[str, Any] | None:
    db = datasette.get_database(database)
    row = (
        await db.execute(
            "SELECT a.*, c.fetched_at FROM articles a LEFT JOIN captures c ON c.id = a.capture_id WHERE a.id = ?",
            [article_id],
        )
    ).first()
    if row is None:
        return None
    base = replay_base(datasette)
    article = dict(row)
    article["replay"] = replay_link(base, article["url"], article["fetched_at"])
    article["date_origin"] = date_origin(article)
    paragraphs = [p for p in (article["text"] or "").split("\n") if p.strip()]
    article["images"] = await _images(db, article_id, article["fetched_at"], base)
    article["blocks"] = _with_figures(paragraphs, article["images"])
    versions = [
        dict(r)
        for r in await db.execute(
            "SELECT v.version, v.observed_at, v.title, v.text, v.chars_added, v.chars_removed, c.url, c.fetched_at "
            "FROM article_versions v LEFT JOIN captures c ON c.id = v.capture_id WHERE v.article_id = ? "
            "ORDER BY v.version",
            [article_id],
        )
    ]
    for version in versions:
        version["replay"] = replay_link(base, version["url"] or article["url"], version["fetched_at"])
        if version["version"] > 1:
            version["diff"] = datasette.urls.path(
                f"/-/newsarchive/diff?article={article_id}&from={version['version'] - 1}&to={version['version']}"
            )
    article["versions"] = versions
    if len(versions) > 1:
        older, newer = versions[-2], versions[-1]
        article["last_change"] = {
            "from": older["version"],
            "to": newer["version"],
            "diff": Markup(diff_html(older["text"] or "", newer["text"] or "")),
        }
    article["copies"] = [
        dict(r, href=datasette.urls.row(database, "articles", str(r["id"])))
        for r in await db.execute(
            "SELECT o.id, o.source, o.title, o.published, d.kind, d.similarity, "
            "CASE WHEN d.article_id = ? THEN 'earlier' ELSE 'later' END AS relation FROM duplicates d "
            "JOIN articles o ON o.id = CASE WHEN d.article_id = ? THEN d.duplicate_of ELSE d.article_id END "
            "WHERE ? IN (d.article_id, d.duplicate_of) ORDER BY o.published, o.id",
            [article_id, article_id, article_id],
        )
    ]
    article["captures"] = [
        dict(r, replay=replay_link(base, r["url"], r["fetched_at"]))
        for r in await db.execute(
            "SELECT c.id, c.fetched_at, c.status, c.record_type, c.url, ac.version FROM article_captures ac "
            "JOIN captures c ON c.id = ac.capture_id WHERE ac.article_id = ? ORDER BY c.fetched_at",
            [article_id],
        )
    ]
    return article
