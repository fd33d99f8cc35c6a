"""Items the spider yields."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapy.http import Response

from crawler.meta import CAPTURE_ID, DISCOVERY, FETCHED_AT, RECORD_TYPE, WARC_RECORD_ID

__all__ = ["ArticlePage"]


@dataclass
class ArticlePage:
    """An article page as downloaded: what extraction needs, and where its original record is."""

    url: str
    source: str
    body: bytes  # decoded from Content-Encoding, still in the page's own charset
    content_type: str
    encoding: str  # what Scrapy detected (header, BOM, meta, then detection); "" for a PDF
    capture_id: int | None = None
    fetched_at: str = ""  # the capture's, as the catalog has it
    warc_record_id: str | None = None
    record_type: str = "response"
    discovery: dict = field(default_factory=dict)
    requisites_limit: int = 0  # > 0: the extraction pipeline lists the page's requisites and asks for them
    depth: int | None = None  # the page's crawl depth (its requisites are one deeper)
    rejected: str = ""  # a reason the page is not extracted at all (too_large), stored as its extract_status

    @classmethod
    def from_response(cls, response: Response, source: str) -> ArticlePage:
        meta = response.meta
        return cls(
            url=response.url,
            source=source,
            body=response.body,
            content_type=(response.headers.get(b"Content-Type") or b"").decode("latin-1"),
            encoding=getattr(response, "encoding", ""),  # a PDF has none
            capture_id=meta.get(CAPTURE_ID),
            fetched_at=meta.get(FETCHED_AT) or "",
            warc_record_id=meta.get(WARC_RECORD_ID),
            record_type=meta.get(RECORD_TYPE, "response"),
            discovery=dict(meta.get(DISCOVERY) or {}),
            depth=meta.get("depth"),
        )

    @classmethod
    def too_large(cls, response, source: str) -> ArticlePage:
        """A page past EXTRACT_MAX_BYTES: no body (and no charset detection over it), only where it went."""
        meta = response.meta
        return cls(
            url=response.url,
            source=source,
            body=b"",
            content_type="",
            encoding="",
            capture_id=meta.get(CAPTURE_ID),
            fetched_at=meta.get(FETCHED_AT) or "",
            warc_record_id=meta.get(WARC_RECORD_ID),
            rejected="too_large",
        )
