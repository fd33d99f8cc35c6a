"""Datasette plugin of the newsarchive catalog: replay links, search helpers, and a diff page for versions.

- Every capture and article URL gets a "replay" link into pywb: BASE/TIMESTAMP/URL, TIMESTAMP being the
  capture's fetched_at as YYYYmmddHHMMSS. BASE is the plugin's `replay_url` setting, else the environment
  variable NEWSARCHIVE_REPLAY_URL, else http://127.0.0.1:8080/archive/.
- SQL functions for canned queries: replay_url(url, fetched_at), fts_query(text), canonical_url(url),
  restore_snippet(snippet, original).
- /-/newsarchive/diff?article=ID&from=V&to=W shows what changed between two versions of an article."""

from __future__ import annotations

import os
import re
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from archive.catalog.canonical import canonical_url
from archive.catalog.search import SNIPPET_CLOSE, SNIPPET_OPEN, fts_query, restore_snippet
from archive.catalog.versions import diff_html

__all__ = ["replay_base", "replay_link", "DEFAULT_REPLAY_URL"]

DEFAULT_REPLAY_URL = "http://127.0.0.1:8080/archive/"
_DIGITS = re.compile(r"\D")


def replay_base(datasette: Any) -> str:
    configured = (datasette.plugin_config("newsarchive") or {}).get("replay_url") if datasette else None
    base = configured or os.environ.get("NEWSARCHIVE_REPLAY_URL") or DEFAULT_REPLAY_URL
    return base if base.endswith("/") else base + "/"


def replay_link(base: str, url: str | None, fetched_at: str | None) -> str | None:
    """pywb's URL for the capture of URL at FETCHED_AT (ISO 8601 UTC as the catalog stores it)."""
    if not url or not fetched_at:
        return None
    stamp = _DIGITS.sub("", fetched_at[:19])[:14]
    return f"{base}{stamp}/{url}" if len(stamp) == 14 else None


def _safe_fts_query(text: str | None) -> str:
    # An empty phrase matches nothing: a search form opened without a query shows no rows, not an error.
    return fts_query(text or "") or '""'


@hookimpl
def prepare_connection(conn, database, datasette):
    base = replay_base(datasette)
    conn.create_function("replay_url", 2, lambda url, at: replay_link(base, url, at), deterministic=True)
    conn.create_function("fts_query", 1, _safe_fts_query, deterministic=True)
    conn.create_function("restore_snippet", 2, restore_snippet, deterministic=True)
    conn.create_function(
        "canonical_url", 1, lambda url: canonical_url(url) if url else url, deterministic=True
    )


def _get(row: Any, key: str) -> Any:
    try:
        return row[key]
    except (KeyError, IndexError):
        return None


def _link(href: str, label: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f'<a href="{escape(href)}"{cls}>{escape(label)}</a>'


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value is None:
        return None
    base = replay_base(datasette)
    if table in ("captures", "articles") and column == "url":
        at = _get(row, "fetched_at") if table == "captures" else _get(row, "last_seen")
        replay = replay_link(base, value, at)
        if replay:
            return Markup(f"{_link(value, value)} · {_link(replay, 'replay', 'replay')}")
    if table == "article_versions" and column == "version" and isinstance(value, int) and value > 1:
        article = _get(row, "article_id")
        if article is not None:
            href = datasette.urls.path(f"/-/newsarchive/diff?article={article}&from={value - 1}&to={value}")
            return Markup(f"{value} {_link(href, 'diff', 'diff')}")
    if table is None:  # canned and custom queries
        if column == "replay" and isinstance(value, str) and value.startswith(("http://", "https://")):
            return Markup(_link(value, "replay", "replay"))
        if column == "article" and isinstance(value, int):
            return Markup(_link(datasette.urls.row(database, "articles", str(value)), f"#{value}"))
        if (
            column.endswith("_link")
            and isinstance(value, str)
            and value.startswith("/")
            and value[1:2] != "/"
        ):
            return Markup(_link(datasette.urls.path(value), column[: -len("_link")], column[: -len("_link")]))
        if column == "snippet" and isinstance(value, str):
            marked = str(escape(value)).replace(SNIPPET_OPEN, "<mark>").replace(SNIPPET_CLOSE, "</mark>")
            return Markup(marked)
    return None


async def _diff_page(datasette, request):
    db = datasette.get_database("catalog") if "catalog" in datasette.databases else datasette.get_database()
    try:
        article_id = int(request.args.get("article", ""))
    except ValueError:
        return Response.html("<p>Pass ?article=ID (and optionally &amp;from=V&amp;to=W).</p>", status=400)
    article = (
        await db.execute("SELECT id, source, url, title FROM articles WHERE id = ?", [article_id])
    ).first()
    if article is None:
        return Response.html(f"<p>No article {article_id}.</p>", status=404)
    versions = {
        row["version"]: dict(row)
        for row in await db.execute(
            "SELECT v.version, v.observed_at, v.title, v.text, v.chars_added, v.chars_removed, c.url, "
            "c.fetched_at FROM article_versions v LEFT JOIN captures c ON c.id = v.capture_id "
            "WHERE v.article_id = ? ORDER BY v.version",
            [article_id],
        )
    }
    if not versions:
        return Response.html(f"<p>Article {article_id} has no versions.</p>", status=404)
    try:
        newer = int(request.args.get("to") or max(versions))
        older = int(request.args.get("from") or max(min(versions), newer - 1))
    except ValueError:
        return Response.html("<p>from and to are version numbers.</p>", status=400)
    if older not in versions or newer not in versions:
        return Response.html(f"<p>Article {article_id} has versions {sorted(versions)}.</p>", status=404)
    base = replay_base(datasette)
    left, right = versions[older], versions[newer]
    for version in (left, right):
        version["replay"] = replay_link(base, version["url"] or article["url"], version["fetched_at"])
    title_change = None
    if (left["title"] or "") != (right["title"] or ""):
        title_change = Markup(diff_html(left["title"] or "", right["title"] or ""))
    context = {
        "article": dict(article),
        "article_href": datasette.urls.row(db.name, "articles", str(article_id)),
        "left": left,
        "right": right,
        "title_change": title_change,
        "diff": Markup(diff_html(left["text"] or "", right["text"] or "")),
        "versions": sorted(versions),
        "diff_href": lambda a, b: datasette.urls.path(
            f"/-/newsarchive/diff?article={article_id}&from={a}&to={b}"
        ),
    }
    return Response.html(await datasette.render_template("newsarchive_diff.html", context, request=request))


@hookimpl
def register_routes(datasette):
    return [(r"^/-/newsarchive/diff$", _diff_page), (r"^/-/newsarchive/catalog\.css$", _css)]


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    if view_name != "row" or table != "articles" or request is None:
        return {}

    async def article_vars():
        try:
            article_id = int(request.url_vars.get("pks", ""))
        except ValueError:
            return {}
        return {"newsarchive_article": await _article_page(datasette, database, article_id)}

    return article_vars


async def _article_page(datasette, database: str, article_id: int) -> dict | None:
    """What the article page shows above the raw columns: the text as paragraphs, captions, versions with
    diff links, the other copies of the story, and the replay link."""
    db = datasette.get_database(database)
    row = (
        await db.execute(
            "SELECT a.*, c.fetched_at FROM articles a LEFT JOIN captures c ON c.id = a.capture_id WHERE a.id = ?",
            [article_id],
        )
    ).first()
    if row is None:
        return None
    article = dict(row)
    article["replay"] = replay_link(replay_base(datasette), article["url"], article["fetched_at"])
    article["paragraphs"] = [p for p in (article["text"] or "").split("\n") if p.strip()]
    article["images"] = [
        dict(r)
        for r in await db.execute(
            "SELECT caption, credit, alt, src FROM images WHERE article_id = ? ORDER BY position",
            [article_id],
        )
    ]
    article["versions"] = [
        dict(
            r,
            diff=datasette.urls.path(
                f"/-/newsarchive/diff?article={article_id}&from={r['version'] - 1}&to={r['version']}"
            ),
        )
        for r in await db.execute(
            "SELECT version, observed_at, chars_added, chars_removed FROM article_versions "
            "WHERE article_id = ? ORDER BY version",
            [article_id],
        )
    ]
    article["copies"] = [
        dict(r, href=datasette.urls.row(database, "articles", str(r["id"])))
        for r in await db.execute(
            "SELECT o.id, o.source, o.title, d.kind, d.similarity FROM duplicates d "
            "JOIN articles o ON o.id = CASE WHEN d.article_id = ? THEN d.duplicate_of ELSE d.article_id END "
            "WHERE ? IN (d.article_id, d.duplicate_of) ORDER BY o.published, o.id",
            [article_id, article_id],
        )
    ]
    return article


@hookimpl
def extra_css_urls(template, database, table, columns, view_name, request, datasette):
    return [datasette.urls.path("/-/newsarchive/catalog.css")]


async def _css(datasette, request):
    return Response(_CSS, content_type="text/css; charset=utf-8")


_CSS = """
a.replay { font-size: 0.85em; padding: 0 0.3em; border: 1px solid #b5651d; border-radius: 3px; color: #b5651d; }
mark { background: #fff3a3; padding: 0 1px; }
.newsarchive-diff ins { background: #d4f7d4; text-decoration: none; }
.newsarchive-diff del { background: #f9d0d0; }
.newsarchive-diff p.added { border-left: 4px solid #3c9a3c; padding-left: 0.5em; }
.newsarchive-diff p.removed { border-left: 4px solid #c23b3b; padding-left: 0.5em; }
.newsarchive-diff p.changed { border-left: 4px solid #d9a400; padding-left: 0.5em; }
.newsarchive-diff { max-width: 50em; line-height: 1.5; }
.newsarchive-article { max-width: 46em; }
.newsarchive-article h1 { font-size: 1.8em; margin: 0.2em 0 0.4em; }
.newsarchive-meta, .newsarchive-links, .newsarchive-versions, .newsarchive-copies { color: #444; font-size: 0.95em; }
.newsarchive-text p { line-height: 1.6; font-size: 1.05em; }
.newsarchive-figure { margin: 0.8em 0; padding: 0.4em 0.8em; background: #f1f1ee; border-left: 3px solid #999; }
.table-articles.row .rows-and-columns td.col-text { font-size: 0.8em; max-width: 30em; }
"""
