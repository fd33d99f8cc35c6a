"""Photos and their captions, which trafilatura drops (it discards `<figcaption>` in every mode).

`find_photos()` looks at every image of the page and finds its caption where CMSs put it, by structure: the
`figcaption` of its figure (even when the figure wraps an embedded media block); an element with a caption-like
class inside the photo's container, or beside it (next or previous sibling, up to two levels up, past the other
photos of a gallery row); a caption paragraph right after the image; a two-row image table; caption attributes
on the image or the link around it (`data-caption`, a lightbox link's `title`); the source profile's selectors;
JSON-LD `ImageObject.caption`. Teaser thumbnails (an image linking to another article beside its headline) get
no caption, nor do attribute texts that only repeat the page's title (SEO alt texts). `mark_photos()` then replaces each photo block by a marker paragraph and removes the caption
elements, so that the text extractor neither keeps captions in the text nor loses where the photos stood."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from archive.extract.boilerplate import bounded_text, text_of
from archive.extract.credits import credit_text, split_credit
from archive.extract.photoplaces import caption_beside, is_lightbox, is_teaser, repeats_title

__all__ = [
    "Photo",
    "find_photos",
    "mark_photos",
    "split_credit",
    "jsonld_caption_map",
    "MARKER",
    "marker_text",
]

MARKER = re.compile(r"NEWSARCHIVEPHOTO(\d{4})X")
_CAPTION_CLASS = re.compile(
    r"caption|figcap|fig-cap|image-?desc|img-?desc|photo-?desc|image_desc|desc-?image|desc_image|chu-?thich|"
    r"chuthich|imgcaption|wp-caption-text|expnoedit|note-?photo|photo-?note|image-?note|img-?note|legend|"
    r"image-?title|photo-?title|ghi-?chu-?anh",
    re.I,
)
_CREDIT_CLASS = re.compile(
    r"(?:^|[\s_-])(?:credits?|copyright|copyrightholder|photographer|photo-?credit|image-?credit|nguon-?anh|"
    r"tac-?gia-?anh)(?:$|[\s_-])",
    re.I,
)
_CAPTION_ATTRS = ("data-caption", "cms-photo-caption", "data-photo-caption", "data-desc", "data-title")
_LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-full-src", "src")
_SKIP = re.compile(r"logo|icon|avatar|emoji|sprite|spacer|pixel|blank\.gif|loading|placeholder|badge", re.I)
# share buttons and the page's furniture, by file name (the class of a real photo may well say "lightbox")
_SKIP_FILE = re.compile(
    r"(?:^|[\W_])(?:facebook|twitter|linkedin|qzone|weibo|wechat|zalo|whatsapp|telegram|pinterest|reddit|"
    r"share|lupe|magnifier|zoom-?in)(?:[\W_]|$)",
    re.I,
)
# folders of the site's own images: share buttons, icons, authors' portraits
_SKIP_FOLDER = re.compile(r"/(?:share|social|icons?|avatars?|authors?|autores|autoren|tac-?gia)/", re.I)
_ITALIC = {"em", "i"}
_QUOTES = "\"'“”‘’«»„"


def marker_text(index: int) -> str:
    return f"NEWSARCHIVEPHOTO{index:04d}X"


@dataclass
class Photo:
    index: int
    img: HtmlElement
    block: HtmlElement  # what the marker replaces
    src: str
    alt: str | None
    caption: str | None = None
    credit: str | None = None
    caption_elements: list[HtmlElement] = field(default_factory=list)
    position: int | None = None  # paragraph index in the final text, set after extraction
    order: int = 0  # document order of the image, to place it against other page elements

    def as_dict(self) -> dict:
        return {
            "src": self.src,
            "caption": self.caption,
            "credit": self.credit,
            "alt": self.alt,
            "position": self.position,
        }


def _src(img: HtmlElement, base: str) -> str | None:
    for attr in ("data-srcset", "srcset"):
        best = _largest(img.get(attr))
        if best:
            return urljoin(base, best)
    for attr in _LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return urljoin(base, value)
    return None


def _largest(srcset: str | None) -> str | None:
    best, best_size = None, -1.0
    for part in (srcset or "").split(","):
        bits = part.split()
        if not bits or bits[0].startswith("data:"):
            continue
        size = 1.0
        if len(bits) > 1:
            try:
                size = float(bits[1].rstrip("wx"))
            except ValueError:
                size = 1.0
        if size > best_size:
            best, best_size = bits[0], size
    return best


def _tiny(img: HtmlElement, src: str) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().rstrip("px")
        if value.isdigit() and int(value) < 50:
            return True
    parent = img.getparent()
    path = urlsplit(src).path
    name = path.rsplit("/", 1)[-1]
    names = f"{img.get('class', '')} {img.get('id', '')} {name}"
    if parent is not None and "logo" in f"{parent.get('class', '')} {parent.get('id', '')}".lower():
        return True
    return bool(_SKIP.search(names) or _SKIP_FILE.search(name) or _SKIP_FOLDER.search(path))


def _is_caption_element(element: HtmlElement, profile_captions: set) -> bool:
    if element in profile_captions:
        return True
    if element.tag == "figcaption":
        return True
    return bool(_CAPTION_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}"))


def _own_text(element: HtmlElement, skip: set) -> str:
    """Text of an element without the caption elements inside it."""
    parts = []
    if element.text:
        parts.append(element.text)
    for child in element:
        if child in skip or not isinstance(child.tag, str):
            if child.tail:
                parts.append(child.tail)
            continue
        parts.append(_own_text(child, skip))
        if child.tail:
            parts.append(child.tail)
    return " ".join(" ".join(parts).split())


def _caption_inside(container: HtmlElement, img: HtmlElement, profile_captions: set) -> HtmlElement | None:
    for element in container.iter():
        if element is img or not isinstance(element.tag, str) or element is container:
            continue
        if _is_caption_element(element, profile_captions) and text_of(element) and img not in element.iter():
            return element
    return None


def _looks_like_caption(element: HtmlElement, profile_captions: set) -> bool:
    """A paragraph right after an image that is set as a caption (class, italics, centred, or a credit)."""
    if element.tag not in ("p", "div", "span", "em", "i", "small", "center", "figcaption", "h6"):
        return False
    text = text_of(element)
    if not text or len(text) > 400 or any(True for _ in element.iter("img")):
        return False
    if _is_caption_element(element, profile_captions):
        return True
    if split_credit(text)[1] is not None and len(text) < 300:
        return True
    if text[0] in _QUOTES or any(a.tag == "blockquote" for a in element.iterancestors()):
        return False  # a quotation set in italics or centred is a quote, not a caption
    if element.tag in _ITALIC or element.tag in ("small", "center"):
        return True
    children = [c for c in element if isinstance(c.tag, str)]
    if len(children) == 1 and children[0].tag in _ITALIC and text_of(children[0]) == text:
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "text-align:center" in style or (element.get("align") or "").lower() == "center"


def _wrapper(img: HtmlElement) -> HtmlElement:
    """The highest ancestor (up to four levels) that holds nothing but this image."""
    node = img
    for _ in range(4):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "article", "main", "section", "td", "li", "figure"):
            break
        if text_of(parent) or sum(1 for _ in parent.iter("img")) > 1:
            break
        node = parent
    return node


def _next_element(node: HtmlElement) -> HtmlElement | None:
    if (node.tail or "").strip():
        return None
    following = node.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following


def find_photos(
    tree: HtmlElement,
    base_url: str,
    *,
    caption_selectors: tuple[str, ...] = (),
    jsonld_captions: dict[str, str] | None = None,
    page_title: str | None = None,
) -> list[Photo]:
    profile_captions: set = set()
    for selector in caption_selectors:
        profile_captions.update(tree.cssselect(selector))
    photos: list[Photo] = []
    claimed: dict[int, Photo] = {}  # id(block) -> the photo that took it
    for img in list(tree.iter("img")):
        src = _src(img, base_url)
        if not src or _tiny(img, src):
            continue
        alt = " ".join((img.get("alt") or "").split()) or None
        block, caption_el, caption = _caption_for(img, profile_captions)
        if caption is not None and is_teaser(img, caption_el):
            block, caption_el, caption = _wrapper(img), None, None
        if caption is None:
            link = next((a for a in img.iterancestors("a")), None)
            for element in (img, link, block, block.getparent()):
                if element is None:
                    continue
                for attr in _CAPTION_ATTRS:
                    value = " ".join((element.get(attr) or "").split())
                    if value:
                        caption = value
                        break
                if caption:
                    break
        if caption is None:
            title = " ".join((img.get("title") or "").split())
            if len(title) >= 15 and title != alt and "." not in title[-5:]:
                caption = title
            elif link is not None and is_lightbox(link):
                title = " ".join((link.get("title") or "").split())
                caption = title if len(title) >= 15 else None
        if caption is not None and caption_el is None and repeats_title(caption, page_title):
            caption = None  # "<page title> hình ảnh 1": an SEO text, not a caption
        if caption is None and jsonld_captions:
            caption = jsonld_captions.get(_file_key(src))
        other = claimed.get(id(block))
        if other is not None:
            # a second image in a block already taken (a photo pair sharing one caption): no marker of its own
            photos.append(Photo(other.index, img, other.block, src, alt))
            continue
        credit = None
        credit_el = _credit_element(block, caption_el) if caption_el is not None else None
        if credit_el is not None:
            credit = credit_text(text_of(credit_el))
            if caption and credit_el in caption_el.iter():
                caption = _own_text(caption_el, {credit_el})
            caption = " ".join((caption or "").split()) or None
        if caption:
            caption, said = split_credit(caption)
            credit = credit or said
            caption = caption or None
        photo = Photo(
            len(photos), img, block, src, alt, caption, credit, [caption_el] if caption_el is not None else []
        )
        claimed[id(block)] = photo
        photos.append(photo)
    return photos


def _credit_element(block: HtmlElement, caption_el: HtmlElement) -> HtmlElement | None:
    """The element of a photo's block that holds only its credit (`<span class="copyright">`,
    `itemprop="copyrightHolder"`), inside the caption or beside it; none in a block as big as a section of the
    page (a photo's block is the photo, its caption and a credit)."""
    if len(bounded_text(block, 800)) > 800:
        return None
    for element in block.iter():
        if not isinstance(element.tag, str) or element is caption_el or element.tag == "img":
            continue
        names = f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}"
        if _CREDIT_CLASS.search(names) and 2 <= len(text_of(element)) <= 80:
            return element
    return None


def _caption_for(
    img: HtmlElement, profile_captions: set
) -> tuple[HtmlElement, HtmlElement | None, str | None]:
    """(block to replace, caption element, caption text) for one image."""
    # figure/figcaption, or any caption-classed element inside the figure
    node = img.getparent()
    for _ in range(6):
        if node is None or node.tag in ("body", "main") or (node.tag == "article" and text_of(node)):
            break  # an <article> holding only the image is an embedded media block inside a figure
        if node.tag == "figure":
            cap = _caption_inside(node, img, profile_captions)
            if cap is None:
                cap = caption_beside(node, lambda e: _is_caption_element(e, profile_captions))
                if cap is not None:
                    return node, cap, text_of(cap)
            return node, cap, (text_of(cap) if cap is not None else None)
        node = node.getparent()
    wrap = _wrapper(img)
    # a small container with the image and a caption-classed element (PhotoCMS_Caption, image-caption, ...)
    node = wrap.getparent()
    for _ in range(3):
        if node is None or node.tag in ("body", "article", "main"):
            break
        cap = _caption_inside(node, img, profile_captions)
        if cap is not None and not _own_text(node, {cap}):
            return node, cap, text_of(cap)
        if _own_text(node, set()) and node.tag != "table":
            break
        node = node.getparent()
    # an image table: one row holds the image, another its caption
    table = next((a for a in wrap.iterancestors("table")), None)
    if table is not None and len(text_of(table)) <= 400 and sum(1 for _ in table.iter("img")) == 1:
        rows = [r for r in table.iter("tr") if img not in r.iter()]
        texts = [r for r in rows if text_of(r)]
        if len(texts) == 1:
            return table, texts[0], text_of(texts[0])
    # the paragraph right after the image, when it is set as a caption
    following = _next_element(wrap)
    if following is not None and _looks_like_caption(following, profile_captions):
        return wrap, following, text_of(following)
    cap = caption_beside(wrap, lambda e: _is_caption_element(e, profile_captions))
    if cap is not None:
        return wrap, cap, text_of(cap)
    return wrap, None, None


def _file_key(src: str) -> str:
    """Match image URLs by file name: CDNs add sizes and query strings."""
    return src.split("?")[0].rstrip("/").rsplit("/", 1)[-1].lower()


def jsonld_caption_map(images: list[dict]) -> dict[str, str]:
    return {_file_key(i["src"]): i["caption"] for i in images if i.get("src") and i.get("caption")}


def mark_photos(photos: list[Photo]) -> None:
    """Replace each photo block by a marker paragraph (or an inline marker inside running text) and remove
    the caption elements, in place."""
    seen: set[int] = set()
    for photo in photos:
        for element in photo.caption_elements:
            if element.getparent() is not None and element is not photo.block:
                element.drop_tree()
        if id(photo.block) in seen or photo.block.getparent() is None:
            continue
        seen.add(id(photo.block))
        parent = photo.block.getparent()
        inline = bool(text_of(parent)) and parent.tag in ("p", "span", "a", "em", "strong", "b", "i")
        marker = parent.makeelement("span" if inline else "p", {})
        marker.text = f" {marker_text(photo.index)} "
        marker.tail = photo.block.tail
        parent.replace(photo.block, marker)
