"""RedirectLoops: a redirect back into the request's chain is refused with reason `redirect_loop`; any other
redirect, and a request that does not follow redirects, pass untouched."""

from __future__ import annotations

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from crawler.meta import REFUSED
from crawler.middlewares.redirectloops import RedirectLoops

A = "https://bao.example.vn/tin/a.html?b=2&a=1"
B = "https://bao.example.vn/tin/b.html"


def _answer(request: Request, location: str, status: int = 302) -> Response:
    return Response(request.url, status=status, headers={"Location": location}, request=request)


def test_a_redirect_back_into_the_chain_is_a_failure_with_the_chain():
    request = Request(B, meta={"redirect_urls": [A]})
    with pytest.raises(IgnoreRequest) as refused:
        RedirectLoops().process_response(request, _answer(request, "/tin/a.html?a=1&b=2"))  # A, relative
    assert request.meta[REFUSED] == "redirect_loop"
    assert str(refused.value) == f"redirect loop: {A} -> {B} -> https://bao.example.vn/tin/a.html?a=1&b=2"
    to_itself = Request(A)
    with pytest.raises(IgnoreRequest):
        RedirectLoops().process_response(to_itself, _answer(to_itself, A, 301))


def test_other_redirects_and_answers_pass():
    request = Request(B, meta={"redirect_urls": [A]})
    onward = _answer(request, "https://bao.example.vn/tin/c.html", 307)
    assert RedirectLoops().process_response(request, onward) is onward
    assert REFUSED not in request.meta
    ok = Response(B, status=200, request=request)
    assert RedirectLoops().process_response(request, ok) is ok
    kept = Request(B, meta={"redirect_urls": [A], "dont_redirect": True})
    back = _answer(kept, A)
    assert RedirectLoops().process_response(kept, back) is back
