"""Where a photo's caption is when it is not inside the photo's own figure, and which photos get none: the
caption beside the photo block (CMSs that set it as the next element, or after a row of photos), lightbox links
(which open the photo itself), teaser thumbnails of other articles, and attribute texts that only repeat the
page's title."""

from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from archive.extract.boilerplate import text_of

__all__ = ["caption_beside", "is_lightbox", "is_photo_block", "is_teaser", "repeats_title"]


def is_photo_block(element: HtmlElement) -> bool:
    """A figure or block holding images and no text of its own (a photo of a gallery row)."""
    return any(True for _ in element.iter("img")) and not text_of(element)


def caption_beside(node: HtmlElement, is_caption: Callable[[HtmlElement], bool]) -> HtmlElement | None:
    """A caption-classed element or figcaption next to the photo's block (after it, past the other photos of
    the same row, or just before it), at its own level or up to two levels up while those levels hold nothing
    but photos: `<figure><img></figure><div class="lr-caption">...</div>`, `<div><figure/><figure/>
    <figcaption>...</figcaption></div>`."""
    for _ in range(3):
        for siblings in (node.itersiblings(), node.itersiblings(preceding=True)):
            for sibling in siblings:
                if not isinstance(sibling.tag, str):
                    continue
                if is_photo_block(sibling):
                    continue
                if is_caption(sibling) and 0 < len(text_of(sibling)) <= 500:
                    if not any(True for _ in sibling.iter("img")):
                        return sibling
                break
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "main", "article", "section", "td", "li"):
            return None
        own = [c for c in parent if isinstance(c.tag, str) and c is not node and not is_photo_block(c)]
        if any(not is_caption(c) for c in own):
            return None  # the parent holds text of its own: beyond it, siblings are the article's paragraphs
        node = parent
    return None


def is_teaser(img: HtmlElement, caption_el: HtmlElement | None) -> bool:
    """A thumbnail linking to another page, whose "caption" is that link's headline (related-article boxes)."""
    link = next((a for a in img.iterancestors("a")), None)
    href = (link.get("href") or "").strip() if link is not None else ""
    if not href or is_lightbox(link) or caption_el is None:
        return False
    return any((a.get("href") or "").strip() == href for a in caption_el.iter("a")) or (
        any(a is link for a in caption_el.iterancestors())
    )


def is_lightbox(link: HtmlElement) -> bool:
    """A link that opens the photo itself (a lightbox), not another page."""
    href = (link.get("href") or "").split("?")[0].lower()
    return href.endswith((".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")) or any(
        link.get(attr) is not None
        for attr in ("data-fancybox", "data-lightbox", "data-caption", "data-sub-html")
    )


def repeats_title(caption: str, title: str | None) -> bool:
    if not title or len(title) < 15:
        return False
    return caption.lower().startswith(title.lower()[:60])
