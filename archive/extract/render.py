"""Render a saved page in headless Chromium before extracting it (`newsarchive extract --render`), for pages
whose text is written by scripts. Nothing is fetched from the network: the page is served to the browser under
its URL, and what its scripts ask for is answered from files beside it (a saved page's folder), else refused."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["render_saved_page", "RenderError"]


class RenderError(RuntimeError):
    """The page could not be rendered (no Chromium, or the browser failed)."""


def render_saved_page(html: bytes, url: str, folder: Path, chromium: str, timeout: float = 15.0) -> bytes:
    """The DOM after the page's scripts ran (UTF-8), waiting at most TIMEOUT seconds for them to settle."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # an install without the rendering extra
        raise RenderError(f"playwright is not installed: {exc}") from None

    def answer(route, request) -> None:
        if request.url.split("#")[0] == url:
            route.fulfill(status=200, body=html, headers={"Content-Type": "text/html"})
            return
        local = _local_file(folder, urlsplit(request.url).path.lstrip("/"))
        if local is None:
            route.abort()
            return
        kind = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=local.read_bytes(), headers={"Content-Type": kind})

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
            )
            try:
                page = browser.new_page()
                page.route("**/*", answer)
                page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
                try:
                    page.wait_for_load_state("networkidle", timeout=timeout * 1000)
                except PlaywrightError:
                    pass  # scripts that never settle: the page as far as it got
                return page.content().encode("utf-8")
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise RenderError(f"Chromium could not render the page: {exc.message.splitlines()[0]}") from None


def _local_file(folder: Path, path: str) -> Path | None:
    """The file a saved page's request names: beside the page, or under one of the three folders above it (the
    site's root, for a page saved at /section/page.html asking for /api/data.json)."""
    if not path or ".." in Path(path).parts:
        return None
    for base in (folder, *list(folder.parents)[:3]):
        candidate = base / path
        if candidate.is_file():
            return candidate
    return None
