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
    "too_large",
    "over_limit",
    "Extracted",
    "article_jobs",
    "article_rows",
    "extract_captures",
    "extract_for_catalog",
    "extract_job",
    "store_extraction",
]

log = logging.getLogger(__name__)

_CHUNK = 128  # article captures read and extracted together

# The columns article_jobs and extract_captures take, in this order
ARTICLE_COLUMNS = (
    "id, source, url, fetched_at, warc_file, warc_offset, warc_length, content_type, discovery, page_kind, "
    "rendered_offset, rendered_length"
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
    from archive.extract.document import (
        extract_document,  # in the workers: the catalog's process never needs it
    )

    result = extract_document(html, url, **kwargs)
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
    """The captures to extract (ARTICLE_COLUMNS) among the 200 HTML responses matching WHERE, in capture order:
    pages the crawl marked as articles, and pages no crawl marked (other tools' files), which article_jobs
    judges by their URL and markup."""
    return conn.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM captures WHERE record_type = 'response' AND status = 200 "
        "AND (content_type LIKE '%html%' OR content_type LIKE '%pdf%' OR content_type IS NULL "
        "OR page_kind = 'document') AND (page_kind IN ('article', 'document') OR page_kind IS NULL) "
        "AND truncated IS NULL "
        f"AND ({where}) ORDER BY fetched_at, id",
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


def over_limit(body: bytes, max_bytes: int) -> bool:
    """too_large() for a page's body; a PDF is bounded by DOWNLOAD_MAXSIZE alone (PDFium reads it page by page,
    without the HTML pipeline's ~40 times the page in memory, and government PDFs are often several MB)."""
    from archive.extract.pdf import is_pdf

    return too_large(len(body), max_bytes) and not is_pdf(body)


def _body(path: Path, offset: int, length: int, rendered: tuple[int, int] | None) -> tuple[bytes, str]:
    """The page to extract: as the browser rendered it (its DOM record) when it was rendered, else the response's
    body decoded; or a problem (unreadable_record, undecodable_body)."""
    if rendered is not None:
        got = read_record(path, *rendered)
        return (b"", "unreadable_record") if got.problem else (got.info.payload or b"", "")
    got = read_record(path, offset, length)
    if got.problem:
        return b"", "unreadable_record"
    try:
        info = got.info
        return decode_body(
            info.payload or b"", info.http_header("content-encoding"), info.http_header("transfer-encoding")
        ), ""
    except (zlib.error, ValueError, ImportError):
        return b"", "undecodable_body"


def article_jobs(
    data_dir: Path, rows: Iterable[tuple], profiles: dict[str, ExtractProfile], max_bytes: int = 0
) -> Iterator[tuple[int, str, str, str, tuple | None, str]]:
    """(capture id, source, url, fetched_at, job or None, problem) for each row (ARTICLE_COLUMNS): the body read
    from its record and decoded; a page no crawl marked is judged here (`not_article` when it is not one), a
    page past MAX_BYTES is `too_large`."""
    for row in rows:
        capture_id, source, url, fetched_at, warc_file, offset, length, content_type, discovery, kind = row[
            :10
        ]
        rendered = row[10:12] if len(row) >= 12 and row[10] is not None else None
        body, problem = _body(data_dir / "warc" / warc_file, offset, length, rendered)
        if problem:
            yield capture_id, source, url, fetched_at, None, problem
            continue
        if over_limit(body, max_bytes):
            yield capture_id, source, url, fetched_at, None, "too_large"
            continue
        if kind is None and page_kind(url, body).kind not in ("article", "document"):
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
