"""Article pages archived by an earlier run but never extracted: the crawl extracts them too.

A run that is killed (kill -9, the OOM killer, a power cut), stopped before its queued pages were extracted
(SIGTERM), or run with EXTRACT_ENABLED=0 leaves article captures whose `extract_status` is NULL: the page is in
the WARC, the article is not in the catalog, and incremental runs do not fetch the page again. Each crawl
with extraction on reads those pages back from the WARC files and puts them through the extraction pipeline
beside its own pages, so the catalog catches up without a `reindex`. One that cannot be read gets its reason
as its `extract_status` (as reindex records it) and is not tried again.

Setting: EXTRACT_PENDING (default on)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

from archive.ops.extraction import ARTICLE_COLUMNS, pending_body
from crawler.items import ArticlePage

__all__ = ["pending_rows", "pending_pages", "extract_all"]

log = logging.getLogger(__name__)

_PENDING = (
    f"SELECT {ARTICLE_COLUMNS}, warc_record_id FROM captures WHERE extract_status IS NULL AND page_kind IN ('article', 'document') "
    "AND record_type = 'response' AND status = 200 AND id > ? AND (crawl_id IS NULL OR crawl_id != ?) "
    "ORDER BY id LIMIT ?"
)


def pending_rows(conn, crawl_id: int | None, *, chunk: int = 64) -> Iterator[tuple]:
    """Capture rows (as reindex reads them, plus the record id) of article pages no run extracted, a chunk
    at a time, leaving out the running crawl's own."""
    last = 0
    while True:
        rows = conn.execute(_PENDING, (last, crawl_id if crawl_id is not None else -1, chunk)).fetchall()
        yield from rows
        if len(rows) < chunk:
            return
        last = rows[-1][0]


def pending_pages(
    conn, data_dir: Path, crawl_id: int | None, unreadable: Callable[[int, str], None]
) -> Iterator[ArticlePage]:
    """Each pending capture as the ArticlePage the spider would have made of it; `unreadable(capture_id,
    reason)` for one whose record cannot be read or decoded."""
    for row in pending_rows(conn, crawl_id):
        capture_id, source, url, fetched_at = row[:4]
        job, body, problem = pending_body(data_dir, row[:-1])
        if problem:
            unreadable(capture_id, problem)
            continue
        yield ArticlePage(
            url=url,
            source=source,
            body=body,
            content_type=job.content_type,
            encoding="",  # extraction reads the charset from the header and the page itself
            capture_id=capture_id,
            fetched_at=fetched_at,
            warc_record_id=row[-1],
            discovery=job.hints if isinstance(job.hints, dict) else {},
        )


async def extract_all(
    pages: Iterator[ArticlePage], process: Callable[[ArticlePage], Awaitable], parallel: int
) -> int:
    """Run `process` (the pipeline's process_item) on the pages, `parallel` at a time: enough to keep the
    pool's workers busy when the crawl itself has little to do, few enough that its own pages keep flowing
    and only a few bodies are in memory."""
    done = 0
    running: set[asyncio.Task] = set()
    for page in pages:
        if len(running) >= parallel:
            finished, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            done += _count(finished)
        running.add(asyncio.ensure_future(process(page)))
    if running:
        finished, _ = await asyncio.wait(running)
        done += _count(finished)
    return done


def _count(finished: set[asyncio.Task]) -> int:
    for task in finished:
        if not task.cancelled() and task.exception() is not None:
            log.error("a pending article could not be stored", exc_info=task.exception())
    return len(finished)
