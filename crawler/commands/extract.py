"""`newsarchive extract`: the extraction JSON of saved pages, to debug a site profile without crawling."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler.commands import fail, load_named, project_setting, sources_option

__all__ = ["command", "read_page"]


def read_page(path: Path, max_bytes: int = 0) -> bytes:
    """The bytes of a saved page; `.gz` files are decompressed. A page past MAX_BYTES (0: no limit) is an error
    that says how to extract it anyway: extraction holds about 40 times a page's size in memory."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(f"{path}: no such file") from None
    except IsADirectoryError:
        raise fail(f"{path}: is a directory, not a saved page") from None
    except OSError as exc:
        raise fail(f"{path}: cannot read: {exc.strerror or exc}") from None
    if data[:2] == b"\x1f\x8b":
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            data = inflate.decompress(data, max_bytes + 1) if max_bytes else gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise fail(f"{path}: broken gzip file: {exc}") from None
    if max_bytes and len(data) > max_bytes and not data.startswith(b"%PDF-"):  # PDFs: DOWNLOAD_MAXSIZE only
        raise fail(
            f"{path}: larger than EXTRACT_MAX_BYTES ({max_bytes:,} bytes), which a crawl archives without "
            "extracting; pass --max-bytes 0 to extract it anyway (it takes about 40 times its size in memory)"
        )
    return data


def _rendered(html: bytes, url: str, path: Path) -> bytes:
    from archive.extract.render import RenderError, render_saved_page
    from crawler.render import chromium_path

    chromium = chromium_path()
    if chromium is None:
        raise fail("--render needs Chromium: install Debian's `chromium` package or set NEWSARCHIVE_CHROMIUM")
    try:
        return render_saved_page(html, url, path.resolve().parent, chromium)
    except RenderError as exc:
        raise fail(f"{path}: {exc}") from None


def _profile_for(url: str, sources_file: Path):
    """The profile of the source whose host serves `url`, when the sources file has one (quietly none)."""
    from archive.sources import SourceError, load_sources

    try:
        known = load_sources(sources_file)
    except SourceError:
        return None
    host = urlsplit(url).hostname or ""
    for source in known.values():
        if any(host == d or host.endswith("." + d) for d in source.domains):
            return source.extract
    return None


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--url", help="The page's URL (resolves relative links and image sources; dates in the URL).")
@click.option(
    "--source",
    "source_name",
    help="Apply this source's [extract] profile (drop, body, captions); by default, the source of --url's host.",
)
@click.option(
    "--render",
    is_flag=True,
    help="Run the page's scripts in headless Chromium first (for pages whose text scripts write).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=0),
    default=lambda: project_setting("EXTRACT_MAX_BYTES"),
    show_default="EXTRACT_MAX_BYTES, 4 MB",
    help="Refuse pages larger than this (0: no limit).",
)
@sources_option
def command(
    files: tuple[Path, ...],
    url: str | None,
    source_name: str | None,
    render: bool,
    max_bytes: int,
    sources_file: Path,
) -> None:
    """Extract article text, metadata and photo captions from saved pages.

    One FILE prints one JSON object; several print JSON Lines, each with a "file" key. A page without an
    article still prints, with "reason" set (too_short, no_main_text); a file that is neither an HTML page nor
    a PDF is an error. PDF documents give "kind": "pdf" (a scan without a text layer: "no_text_layer"; with
    NEWSARCHIVE_OCR=1 and tesseract installed it is read by OCR). Gzipped pages (.html.gz) are read as they are.
    Pages past EXTRACT_MAX_BYTES are refused (as a crawl archives them without extracting): --max-bytes 0
    extracts them anyway.

    \b
    Examples:
      newsarchive extract saved/article.html --url https://baochinhphu.vn/abc-102240101.htm
      newsarchive extract saved/*.html --source baochinhphu > out.jsonl
      newsarchive extract decree.pdf --url https://chinhphu.vn/nghi-dinh-12-2026.pdf
      newsarchive extract --render saved/app-page.html --url https://bao.example.vn/tin/abc-123.html
    """
    from archive.extract.document import extract_document

    profile = None
    if source_name:
        profile = load_named(sources_file, [source_name])[source_name].extract
    elif url:
        profile = _profile_for(url, sources_file)
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise click.UsageError(f"--url must be an http(s) URL, not {url!r}")
    if url and len(files) > 1:
        raise click.UsageError("--url names one page: give a single FILE with it")
    single = len(files) == 1
    failures = 0
    for path in files:
        try:
            html = read_page(path, max_bytes)
        except click.ClickException as exc:
            if single:
                raise
            click.echo(f"Error: {exc.message}", err=True)
            failures += 1
            continue
        page_url = url or path.resolve().as_uri()
        if render:
            html = _rendered(html, page_url if url else "https://saved.page.invalid/" + path.name, path)
        result = extract_document(html, page_url, profile=profile)
        if result["reason"] in ("not_html", "parse_error"):
            message = f"{path}: " + (
                "not an HTML page or a PDF" if result["reason"] == "not_html" else "cannot be parsed as HTML"
            )
            if single:
                raise fail(message)
            click.echo(f"Error: {message}", err=True)
            failures += 1
            continue
        if single:
            click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            click.echo(json.dumps({"file": str(path), **result}, ensure_ascii=False))
    if failures:
        raise fail(f"{failures} of {len(files)} files could not be extracted (see above)")
