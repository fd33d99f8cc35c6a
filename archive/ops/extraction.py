"""Extract and store: the one path from an archived article page to its catalog rows, shared by the crawl's
pipeline, pending extraction, `reindex` and `import`.

- which captures are article pages (`article_rows`: the crawler's mark, else the URL's shape);
- the body read from its record and decoded once, in the worker that extracts it (`ArticleJob`, `run_job`;
  `pending_body` for the crawl's pending pages, which go through its pipeline);
- extraction with the source's profile and what discovery said (`extract_for_catalog`, in worker processes,
  with the text's fingerprints computed beside it; `ExtractionRun` keeps a pool fed and stores in order);
- the result stored (`store_extraction`: ArticleStore and the capture's `extract_status`)."""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from archive.catalog.articles import ArticleStore
from archive.catalog.db import Catalog
from archive.catalog.textprep import PREPARED_KEY, prepare
from archive.discovery.pagekinds import page_kind
from archive.processes import guard_parent, parent_token
from archive.sources import ExtractProfile
from archive.warc.onerecord import read_record
from archive.warc.payload import decode_body

__all__ = [
    "ARTICLE_COLUMNS",
    "too_large",
    "over_limit",
    "Extracted",
    "pending_body",
    "article_rows",
    "extract_captures",
    "extract_for_catalog",
    "ArticleJob",
    "ExtractionRun",
    "run_job",
    "run_jobs",
    "store_extraction",
]

log = logging.getLogger(__name__)

# Article captures a worker takes at a time: a process pool moves each task through a thread of the storing
# process, which needs the GIL the reading and indexing thread holds: eight pages a task make an eighth of the
# round trips (not measured apart from the rest of the change).
_BATCH = 8

# The columns ExtractionRun and extract_captures take, in this order
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


@dataclass(frozen=True)
class ArticleJob:
    """One article capture to extract, as a worker needs it: where its record is (the worker reads and decodes
    the body itself, so the catalog's process neither reads nor ships page bodies, unless it has time to spare:
    then `body` or `problem` is given), what the capture says of it, and what to do beyond extraction."""

    warc_path: str
    offset: int
    length: int
    rendered: tuple[int, int] | None  # the browser's DOM record, extracted instead when the page was rendered
    url: str
    content_type: str
    profile: ExtractProfile | None
    hints: dict | None  # what the feed or sitemap said, at crawl time
    max_bytes: int = 0
    judge: bool = False  # no crawl marked the page: extract it only if it reads as an article
    fingerprints: bool = True  # prepare() the text here (else the catalog's process does, in upsert)
    body: bytes | None = None  # read and decoded already
    problem: str = ""  # why it could not be (unreadable_record, undecodable_body)

    def read(self) -> tuple[bytes, str]:
        """The page read from its record and decoded, or a problem (unreadable_record, undecodable_body)."""
        return _body(Path(self.warc_path), self.offset, self.length, self.rendered)


def run_job(job: ArticleJob) -> dict[str, Any]:
    """Read, decode and extract one article capture (in a worker): the extraction result, or {"reason": ...}
    (unreadable_record, undecodable_body, too_large, not_article, parse_error: ...); an exception becomes a
    reason, so that one bad page never stops a rebuild."""
    body, problem = job.body, job.problem
    if body is None and not problem:
        body, problem = job.read()
    if problem:
        return {"reason": problem}
    if over_limit(body, job.max_bytes):
        return {"reason": "too_large"}
    try:
        if job.judge and page_kind(job.url, body).kind not in ("article", "document"):
            return {"reason": "not_article"}
        kwargs = {"content_type": job.content_type, "profile": job.profile, "hints": job.hints}
        if job.fingerprints:
            return extract_for_catalog(body, job.url, **kwargs)
        from archive.extract.document import extract_document

        return extract_document(body, job.url, **kwargs)
    except Exception as exc:
        return {"reason": f"parse_error: {type(exc).__name__}"}


def article_rows(conn, where: str = "1", params: tuple = ()) -> list[tuple]:
    """The captures to extract (ARTICLE_COLUMNS) among the 200 HTML responses matching WHERE, in capture order:
    pages the crawl marked as articles, and pages no crawl marked (other tools' files), which run_job
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


def pending_body(data_dir: Path, row: tuple) -> tuple[ArticleJob, bytes, str]:
    """For the crawl's pending pages (crawler/pipelines/pending.py), which go through its pipeline: the job of
    a capture row (ARTICLE_COLUMNS) and its body read and decoded here, or a problem (unreadable_record,
    undecodable_body)."""
    job = _job(Path(data_dir), row, {}, 0, True)
    return job, *job.read()


def _job(data_dir: Path, row: tuple, profiles: dict, max_bytes: int, fingerprints: bool) -> ArticleJob:
    _, source, url, _, warc_file, offset, length, content_type, discovery, kind = row[:10]
    rendered = (row[10], row[11]) if len(row) >= 12 and row[10] is not None else None
    return ArticleJob(
        warc_path=str(data_dir / "warc" / warc_file),
        offset=offset,
        length=length,
        rendered=rendered,
        url=url,
        content_type=content_type or "",
        profile=profiles.get(source),
        hints=json.loads(discovery) if discovery else None,
        max_bytes=max_bytes,
        judge=kind is None,
        fingerprints=fingerprints,
    )


class ExtractionRun:
    """Extract article captures in a pool of worker processes and store them in the order they were added.

    `add(rows)` (ARTICLE_COLUMNS) may be called many times, e.g. while the captures are still being indexed:
    jobs go to the workers at once, and the oldest results are stored as soon as more than `ahead` wait, so
    memory holds a bounded number of results, never the archive, and the workers are never short of work
    while the catalog writes. `finish()` stores the rest. Use it as a context manager.

    `older_arrivals` counts the captures stored after a newer capture of the same article (ArticleStore): an
    order other than fetch order, which changes versions and first_seen (see archive/ops/reindex.py)."""

    def __init__(
        self,
        catalog: Catalog,
        data_dir: Path,
        *,
        workers: int = 2,
        profiles: dict[str, ExtractProfile] | None = None,
        max_bytes: int = 0,
        in_workers: bool | None = None,
    ):
        from archive.extract.core import EXTRACTOR_VERSION

        self.catalog, self.data_dir = catalog, Path(data_dir)
        self.profiles, self.max_bytes = profiles or {}, max_bytes
        self.in_workers = (
            in_workers if in_workers is not None else workers_do_the_rest(workers, os.cpu_count() or 1)
        )
        self.report = Extracted(version=EXTRACTOR_VERSION)
        self.store = ArticleStore(catalog.db, extractor_version=EXTRACTOR_VERSION)
        self.ahead = max(64, 32 * max(1, workers))
        self._waiting: deque[tuple[list[tuple], Future]] = deque()
        self._queued = 0  # rows in self._waiting
        self._pool = ProcessPoolExecutor(
            max_workers=max(1, workers), initializer=guard_parent, initargs=(parent_token(),)
        )

    def __enter__(self) -> ExtractionRun:
        return self

    def __exit__(self, kind, *_) -> None:
        self.close(cancel=kind is not None)

    def close(self, cancel: bool = False) -> None:
        """Stop the workers (at once, dropping queued work, with `cancel`); closing again does nothing."""
        self._pool.shutdown(wait=True, cancel_futures=cancel)

    @property
    def older_arrivals(self) -> int:
        return self.store.older_arrivals

    def add(self, rows: Iterable[tuple]) -> None:
        rows = list(rows)
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            jobs = [self._job(row) for row in batch]
            self._waiting.append((batch, self._pool.submit(run_jobs, jobs)))
            self._queued += len(batch)
            while self._queued > self.ahead:
                self._store_oldest()

    def _job(self, row: tuple) -> ArticleJob:
        job = _job(self.data_dir, row, self.profiles, self.max_bytes, self.in_workers)
        if self.in_workers:
            return job
        body, problem = job.read()
        return replace(job, body=body if not problem else None, problem=problem)

    def finish(self) -> Extracted:
        while self._waiting:
            self._store_oldest()
        return self.report

    def _store_oldest(self) -> None:
        batch, future = self._waiting.popleft()
        self._queued -= len(batch)
        for row, result in zip(batch, future.result(), strict=True):
            capture_id, source, url, fetched_at = row[:4]
            reason = store_extraction(
                self.catalog,
                self.store,
                capture_id=capture_id,
                source=source,
                url=url,
                fetched_at=fetched_at,
                result=result,
            )
            if reason:
                self.report.rejected[reason] = self.report.rejected.get(reason, 0) + 1
            else:
                self.report.articles += 1


def run_jobs(jobs: list[ArticleJob]) -> list[dict[str, Any]]:
    """run_job() of each job of a batch (in a worker)."""
    return [run_job(job) for job in jobs]


def workers_do_the_rest(workers: int, cores: int) -> bool:
    """Whether the workers also read and decode the pages and compute the text's fingerprints (prepare(),
    ~3 ms an article), or the process that stores does. That process is one thread doing ~5 ms of reading,
    indexing and storing per article against a worker's ~16 ms of extraction (docs/benchmark.md): with one
    worker and a core of its own it has time to spare, and the worker extracts ~25% faster for it; with two or
    more workers, or no spare core, it would become the limit, so the workers do it all."""
    return workers > 1 or cores <= workers


def extract_captures(
    catalog: Catalog,
    data_dir: Path,
    rows: list[tuple],
    *,
    workers: int = 2,
    profiles: dict[str, ExtractProfile] | None = None,
    max_bytes: int = 0,
) -> Extracted:
    """Extract the article of each capture row (ARTICLE_COLUMNS) in a process pool with its source's profile
    and the hints discovery recorded, and store the results through ArticleStore, in the rows' order."""
    with ExtractionRun(catalog, data_dir, workers=workers, profiles=profiles, max_bytes=max_bytes) as run:
        run.add(rows)
        return run.finish()
