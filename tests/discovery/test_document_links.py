"""Documents a page links to (archive.discovery.pagekinds.document_links): found without parsing the page."""

from __future__ import annotations

from archive.discovery.pagekinds import document_links


def test_document_links_finds_pdf_links_in_any_case_and_nothing_elsewhere():
    html = (
        b"<p><a HREF=\"/van-ban/Quyet-dinh-123.PDF\">QD</a> <a href='/files/nghi-dinh.pdf?v=2'>ND</a>"
        b' <a href="/van-ban/Quyet-dinh-123.PDF">again</a> <a href="/tin/bai.html">not a document</a>'
        b' <img src="/a.pdf.jpg"> <a href="/x.pdf&amp;y=1">amp</a></p>'
    )
    assert document_links(html) == ["/van-ban/Quyet-dinh-123.PDF", "/files/nghi-dinh.pdf?v=2"]
    assert document_links(b"<p>no documents here, only text about pdf files</p>") == []
    assert (
        document_links(b"".join(b'<a href="/d%d.pdf">x</a>' % i for i in range(80)), limit=50)[-1]
        == "/d49.pdf"
    )
