"""Extract and store: the one path from an archived article page to its catalog rows, shared by the crawl's
pipeline, pending extraction, `reindex` and `import`.

- which captures are article pages (`article_rows`: the crawler's mark, else the URL's shape);
- the body read from its record and decoded once (`article_jobs`, `decode_body`);
- extraction with the source's profile and what discovery said (`extract_for_catalog`, in worker processes,
  with the text's fingerprints computed beside it);
- the result stored (`store_extraction`: ArticleStore and the capture's `extract_status`)."""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.catalog.articles import ArticleStore
from archive.catalog.db import Catalog
from archive.catalog.textprep import PREPARED_KEY, prepare
from archive.discovery.pagekinds import page_kind
from archive.processes import guard_parent, parent_token
from archive.sources import ExtractProfile
from archive.warc.payload import decode_body
from archive.warc.reader import read_record

__all__ = [
    "ARTICLE_COLUMNS",
    "Extracted",
    "article_jobs",
    "article_rows",
    "extract_captures",
    "extract_for_catalog",
    "extract_job",
    "store_extraction",
    "too_large",
]

log = logging.getLogger(__name__)

_CHUNK = 128  # article captures read and extracted together

# The columns article_jobs and extract_captures take, in this order
ARTICLE_COLUMNS = (
    "id, source, url, fetched_at, warc_file, warc_offset, warc_length, content_type, discovery, page_kind"
)


@dataclass
class Extracted:
    """What extract_captures did: articles stored, captures rejected by reason, the extractor's version."""

    articles: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    version: str = ""


def extract_for_catalog(html: bytes, url: str, **kwargs: Any) -> dict[str, Any]:
    """archive.extract.core.extract() plus, for an article, prepare() of its text under PREPARED_KEY: the job
    the extraction workers run."""
    from archive.extract.core import extract  # imported in the workers: the catalog's process never needs it

    result = extract(html, url, **kwargs)
    if not result.get("reason"):
        result[PREPARED_KEY] = prepare(result.get("text"), result.get("title"))
    return result


def extract_job(job: tuple) -> dict[str, Any]:
    """extract_for_catalog() of (body, url, content_type, profile, hints); an exception becomes a reason, so that
    one bad page never stops a rebuild."""
    html, url, content_type, profile, hints = job
    try:
        return extract_for_catalog(html, url, content_type=content_type, profile=profile, hints=hints)
    except Exception as exc:
        return {"reason": f"parse_error: {type(exc).__name__}"}


def article_rows(conn, where: str = "1", params: tuple = ()) -> list[tuple]:
    """The captures to extract (ARTICLE_COLUMNS) among the complete 200 HTML responses matching WHERE, in capture
    order:
    pages the crawl marked as articles, and pages no crawl marked (other tools' files), which article_jobs
    judges by their URL and markup."""
    return conn.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM captures WHERE record_type = 'response' AND status = 200 "
        "AND (content_type LIKE '%html%' OR content_type IS NULL) AND truncated IS NULL "
        f"AND (page_kind = 'article' OR page_kind IS NULL) AND ({where}) ORDER BY fetched_at, id",
        params,
    ).fetchall()


def store_extraction(
    catalog: Catalog,
    store: ArticleStore,
    *,
    capture_id: int | None,
    source: str | None,
    url: str,
    fetched_at: str,
    result: dict[str, Any],
) -> str:
    """Store one extraction: the article (ArticleStore) unless it was rejected, and the capture's
    `extract_status` ("ok" or the reason). Returns the reason ("" for an article)."""
    reason = (result.get("reason") or "").split(":")[0]
    if not reason:
        store.upsert(
            capture_id=capture_id, source=source or "", url=url, fetched_at=fetched_at, extraction=result
        )
    if capture_id is not None:
        catalog.update_capture(capture_id, extract_status=reason or "ok")
    return reason


def too_large(size: int, max_bytes: int) -> bool:
    """Whether a page of SIZE bytes (decoded from its Content-Encoding) is past EXTRACT_MAX_BYTES: archived, but
    not extracted (reason `too_large`): extraction holds ~40 times a page's size in memory, and no article is
    that long."""
    return bool(max_bytes) and size > max_bytes


def article_jobs(
    data_dir: Path, rows: Iterable[tuple], profiles: dict[str, ExtractProfile], max_bytes: int = 0
) -> Iterator[tuple[int, str, str, str, tuple | None, str]]:
    """(capture id, source, url, fetched_at, job or None, problem) for each row (ARTICLE_COLUMNS): the body read
    from its record and decoded; a page no crawl marked is judged here (`not_article` when it is not one), a
    page past MAX_BYTES is `too_large`."""
    for capture_id, source, url, fetched_at, warc_file, offset, length, content_type, discovery, kind in rows:
        got = read_record(data_dir / "warc" / warc_file, offset, length)
        if got.problem:
            yield capture_id, source, url, fetched_at, None, "unreadable_record"
            continue
        try:
            body = decode_body(
                got.info.payload or b"",
                got.info.http_header("content-encoding"),
                got.info.http_header("transfer-encoding"),
            )
        except (zlib.error, ValueError, ImportError):
            yield capture_id, source, url, fetched_at, None, "undecodable_body"
            continue
        if too_large(len(body), max_bytes):
            yield capture_id, source, url, fetched_at, None, "too_large"
            continue
        if kind is None and page_kind(url, body) != "article":
            yield capture_id, source, url, fetched_at, None, "not_article"
            continue
        hints = json.loads(discovery) if discovery else None  # what the feed or sitemap said, at crawl time
        job = (body, url, content_type or "", profiles.get(source), hints)
        yield capture_id, source, url, fetched_at, job, ""


def extract_captures(
    catalog: Catalog,
    data_dir: Path,
    rows: list[tuple],
    *,
    workers: int = 2,
    profiles: dict[str, ExtractProfile] | None = None,
    max_bytes: int = 0,
) -> Extracted:
    """Extract the article of each capture row (id, source, url, fetched_at, warc_file, offset, length,
    content_type, discovery) in a process pool with its source's profile and the hints discovery recorded,
    and store the results through ArticleStore, in capture order."""
    from archive.extract.core import EXTRACTOR_VERSION

    report = Extracted(version=EXTRACTOR_VERSION)
    store = ArticleStore(catalog.db, extractor_version=EXTRACTOR_VERSION)

    def store_chunk(jobs: list, futures: list) -> None:
        for (capture_id, source, url, fetched_at, _, problem), future in zip(jobs, futures, strict=True):
            result = future.result() if future is not None else {"reason": problem}
            reason = store_extraction(
                catalog,
                store,
                capture_id=capture_id,
                source=source,
                url=url,
                fetched_at=fetched_at,
                result=result,
            )
            if reason:
                report.rejected[reason] = report.rejected.get(reason, 0) + 1
            else:
                report.articles += 1

    with ProcessPoolExecutor(
        max_workers=max(1, workers), initializer=guard_parent, initargs=(parent_token(),)
    ) as pool:
        # A chunk at a time, so memory holds a few hundred pages, never the archive; the next chunk is read
        # and handed to the workers before this one is stored, so the pool never waits for the catalog.
        waiting: tuple[list, list] | None = None
        for start in range(0, len(rows), _CHUNK):
            jobs = list(article_jobs(data_dir, rows[start : start + _CHUNK], profiles or {}, max_bytes))
            futures = [pool.submit(extract_job, job) if job is not None else None for *_, job, _ in jobs]
            if waiting is not None:
                store_chunk(*waiting)
            waiting = (jobs, futures)
        if waiting is not None:
            store_chunk(*waiting)
    return report
