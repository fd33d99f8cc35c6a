"""A redirect back to a URL already in the request's redirect chain (a -> b -> a) is refused as a failure,
`redirect_loop`, with the chain in its detail. Left to Scrapy, RedirectMiddleware would build the request for
`a` again and the scheduler's duplicate filter would drop it without a word: the page would never be archived and
no row would say why. Every 3xx answer of the chain is archived either way (the recorder sees it first).

Runs just before RedirectMiddleware (600) in the response direction; URLs are compared as the duplicate filter
compares them (w3lib's canonical form)."""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from w3lib.url import canonicalize_url, safe_url_string

from crawler.meta import REFUSED

__all__ = ["RedirectLoops"]

_REDIRECTS = (301, 302, 303, 307, 308)


class RedirectLoops:
    @classmethod
    def from_crawler(cls, crawler) -> RedirectLoops:
        return cls()

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in _REDIRECTS or not location or request.meta.get("dont_redirect"):
            return response
        target = safe_url_string(urljoin(request.url, location.decode("latin-1")))
        chain = [*request.meta.get("redirect_urls", ()), request.url]
        seen = {canonicalize_url(url) for url in chain}
        if canonicalize_url(target) in seen:
            request.meta[REFUSED] = "redirect_loop"  # recorded as a failure (crawler/failures.py)
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}")
        return response
