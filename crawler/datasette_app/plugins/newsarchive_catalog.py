"""Datasette plugin of the newsarchive catalog: replay links, search helpers, and a diff page for versions.

- Every capture and article URL gets a "replay" link into pywb: BASE/TIMESTAMP/URL, TIMESTAMP being the
  capture's fetched_at as YYYYmmddHHMMSS. BASE is the plugin's `replay_url` setting, else the environment
  variable NEWSARCHIVE_REPLAY_URL, else http://127.0.0.1:8080/archive/.
- The home page lists the canned queries; the articles table shows the reading columns (READING_COLUMNS:
  title, source, published, words, a duplicate marker, replay) unless ?_wide=1; an article's page shows the
  text with its archived photos, versions, copies and captures (crawler/datasette_app/article.py).
- SQL functions for canned queries: replay_url(url, fetched_at), fts_query(text), canonical_url(url),
  restore_snippet(snippet, original).
- /-/newsarchive/diff?article=ID&from=V&to=W shows what changed between two versions of an article."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from archive.catalog.canonical import canonical_url
from archive.catalog.search import SNIPPET_CLOSE, SNIPPET_OPEN, fts_query, restore_snippet
from archive.catalog.versions import diff_html
from crawler.datasette_app.article import DEFAULT_REPLAY_URL, article_context, replay_base, replay_link

__all__ = ["replay_base", "replay_link", "DEFAULT_REPLAY_URL"]


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
    if table == "articles" and column == "title":
        article = _get(row, "id")
        if article is not None:
            return Markup(
                _link(datasette.urls.row(database, "articles", str(article)), value, "article-title")
            )
    if table == "articles" and column == "duplicate_of":
        value = value.get("value") if isinstance(value, dict) else value  # Datasette expands foreign keys
        href = datasette.urls.row(database, "articles", str(value))
        return Markup(
            f'<span class="duplicate-marker" title="a copy of article #{value}">copy of</span> {_link(href, f"#{value}")}'
        )
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


# The articles table shows these columns unless ?_wide=1 (or _col/_nocol) asks for others.
READING_COLUMNS = ("id", "title", "source", "published", "word_count", "duplicate_of", "url")


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    if view_name == "index":

        async def index_vars():
            queries = []
            for name in datasette.databases:
                for query in (await datasette.get_canned_queries(name, None)).values():
                    queries.append(dict(query, href=datasette.urls.table(name, query["name"])))
            return {"newsarchive_queries": queries}

        return index_vars
    if view_name == "table" and table == "articles":
        base = replay_base(datasette)
        return {
            "newsarchive_reading_columns": READING_COLUMNS,
            "newsarchive_replay": lambda url, at: replay_link(base, url, at),
        }
    if view_name != "row" or table != "articles" or request is None:
        return {}

    async def article_vars():
        try:
            article_id = int(request.url_vars.get("pks", ""))
        except ValueError:
            return {}
        return {"newsarchive_article": await article_context(datasette, database, article_id)}

    return article_vars


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
.newsarchive-figure { margin: 1em 0; padding: 0.5em; background: #f4f4f1; }
.newsarchive-figure img { max-width: 100%; display: block; margin-bottom: 0.3em; }
.newsarchive-figure figcaption { font-size: 0.92em; color: #333; }
.newsarchive-figure .credit { color: #666; font-style: italic; }
.newsarchive-date .date-origin { color: #666; }
.newsarchive-table { font-size: 0.9em; border-collapse: collapse; margin: 0.5em 0 1em; }
.newsarchive-table th, .newsarchive-table td { padding: 0.25em 0.6em; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top; }
.newsarchive-captures td:nth-child(5) { max-width: 22em; overflow-wrap: anywhere; }
.newsarchive-last-change { margin: 0.5em 0 1.5em; }
.duplicate-marker { font-size: 0.8em; background: #eef; border: 1px solid #99c; border-radius: 3px; padding: 0 0.3em; color: #335; }
.newsarchive-queries ul { line-height: 1.6; }
dl.column-descriptions { display: grid; grid-template-columns: max-content auto max-content auto; column-gap: 1em;
  row-gap: 0.1em; font-size: 0.8em; }
dl.column-descriptions dd { margin: 0; color: #555; }
.newsarchive-columns { font-size: 0.9em; color: #555; }
table.newsarchive-reading td.col-title { min-width: 24em; }
table.newsarchive-reading td.col-published, table.newsarchive-reading td.col-url { white-space: nowrap; }
table.newsarchive-reading td.col-url a.original { font-size: 0.85em; color: #666; }
.table-articles.row .rows-and-columns td.col-text { font-size: 0.8em; max-width: 30em; }
"""
