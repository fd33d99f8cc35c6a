"""Generic removal of what trafilatura keeps but a corpus must not: related-article boxes inside the body
("Tin liên quan", "Xem thêm", a linked headline with a teaser), audio players, ad slots and hidden elements.

Every rule is general (no site names); a source's `extract.drop` selectors handle the rest. Rules never remove
an element that holds real article prose (several long paragraphs of unlinked text)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

__all__ = ["remove_boilerplate", "drop_selectors", "is_related_heading", "text_of", "bounded_text"]

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?:hidden|d-none|hide|invisible)(?:\s|$)"
    # labels for screen readers ("Image caption", "Image:"), also as BEM elements ("caption__visually-hidden")
    r"|(?:^|\s|__|--)(?:sr-only|visually-?hidden|off-?screen|screen-?reader-?text)(?:\s|$)",
    re.I,
)
# Bootstrap's "d-none d-md-block": hidden on phones, shown from a screen width on (the page as a desktop sees it)
_SHOWN_FROM = re.compile(
    r"(?:^|\s)(?:d-(?:sm|md|lg|xl|xxl)-(?!none)[a-z-]+|visible-(?:sm|md|lg)\S*)(?:\s|$)", re.I
)
_AD = re.compile(
    r"(?:^|[\s_-])(?:ads?|adv|advert\w*|adsbygoogle|adslot|ad-?slot|ad-?unit|banner-?ads?|qc|quang-?cao|"
    r"quangcao\w*|sponsor\w*|dfp|gpt-ad|google-?ads?|taboola|outbrain|mgid|zone-?banner|pr-?box)(?:$|[\s_-])",
    re.I,
)
_RELATED = re.compile(
    r"related|relate(?:d|-|_|\s|$)|lien-?quan|lienquan|tinlienquan|tin-?khac|see-?also|xem-?them|xemthem|read-?more|"
    r"readmore|also-?read|more-?news|more-?stories|recommend|inline-?news|news-?inline|box-?tin|tin-?cung|"
    r"cung-?chuyen-?muc|same-?category|other-?news|suggest",
    re.I,
)
_PLAYER = re.compile(
    r"audio|podcast|tts|text-?to-?speech|voice-?player|jwplayer|video-?player|player-?wrap", re.I
)
_SOCIAL = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|print-?btn|toolbar|subscribe|newsletter)(?:$|[\s_-])", re.I
)
_RELATED_HEADING = re.compile(
    r"^[\s>»•*–-]*(?:tin\s+li[eê]n\s+quan|tin\s+b[aà]i\s+li[eê]n\s+quan|b[aà]i\s+li[eê]n\s+quan|xem\s+th[eê]m|"
    r"m[oờ]i\s+(?:qu[yý]\s+)?(?:[đd][ộo]c\s+gi[aả]\s+)?xem\s+th[eê]m|tham\s+kh[aả]o\s+th[eê]m|[đd][oọ]c\s+th[eê]m|"
    r"[đd][oọ]c\s+ti[eế]p|tin\s+c[uù]ng\s+chuy[eê]n\s+m[uụ]c|b[aà]i\s+vi[eế]t\s+c[uù]ng\s+ch[uủ]\s+[đd][eề]|"
    r"c[oó]\s+th[eể]\s+b[aạ]n\s+quan\s+t[aâ]m|tin\s+kh[aá]c|tin\s+m[oớ]i\s+h[oơ]n|"
    r"related(?:\s+(?:articles?|news|stories|content))?|read\s+(?:more|also|next)|see\s+also|also\s+read|"
    r"more\s+on\s+this(?:\s+story)?|you\s+may\s+also\s+like|"
    # the labels of a tag list closing the article ("Từ khóa" then its links)
    r"t[uừ]\s+kh[oó][aá]|tags?|keywords?|th[eẻ]\s+tags?|"
    # "see also" in the other languages of words.toml (and a few near ones)
    r"lire\s+aussi|[àa]\s+lire\s+aussi|voir\s+aussi|sur\s+le\s+m[eê]me\s+sujet|lesen\s+sie\s+auch|"
    r"mehr\s+zum\s+thema|vea\s+tambi[eé]n|lea\s+tambi[eé]n|noticias\s+relacionadas|leia\s+tamb[eé]m|"
    r"veja\s+tamb[eé]m|leggi\s+anche)(?!\w)\s*[:>»]?\s*",
    re.I,
)
_NOISE = re.compile("|".join(f"(?:{p.pattern})" for p in (_AD, _PLAYER, _RELATED, _SOCIAL)), re.I)
# the first letters of every heading _RELATED_HEADING knows: a cheap test before reading an element's text
_HEADING_STARTS = (
    "tin",
    "bài",
    "bai",
    "xem",
    "tha",
    "đọc",
    "đoc",
    "doc",
    "rel",
    "rea",
    "see",
    "als",
    "mor",
    "you",
    "mời",
    "moi",
    "có ",
    "co ",
    "từ ",
    "tu ",
    "tag",
    "key",
    "thẻ",
    "the",
    "lir",
    "à l",
    "a l",
    "voi",
    "sur",
    "les",
    "meh",
    "vea",
    "lea",
    "not",
    "lei",
    "vej",
    "leg",
)
_FOLLOWING_BOX = {"div", "aside", "section", "ul", "ol", "article", "table", "p", "dl"}
_PLAYER_TAGS = {"audio", "video", "iframe", "object", "embed"}
_BOX_TAGS = {"div", "aside", "table", "section", "ul", "ol", "li", "p", "blockquote", "dl", "center", "span"}
_INLINE_TAGS = {
    "a", "span", "em", "strong", "b", "i", "u", "s", "abbr", "small", "mark", "sup", "sub", "font", "time", "cite",
    "q", "dfn", "code", "bdi", "bdo", "big", "del", "ins", "kbd", "samp", "var", "label",
}  # fmt: skip


def text_of(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def bounded_text(element: HtmlElement, limit: int) -> str:
    """text_of(), but reading stops soon after `limit` characters: cheap on big elements, for the length and
    prefix tests that run on every link's ancestors. Longer text comes back longer than `limit`."""
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        parts.append(piece)
        size += len(piece.strip())
        if size > limit * 1.5 + 50:
            break
    return " ".join("".join(parts).split())


def _attrs(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _has_prose(element: HtmlElement) -> bool:
    """True when the element holds article prose: three or more long paragraphs of mostly unlinked text."""
    long = 0
    for p in element.iter("p"):
        text = text_of(p)
        if len(text) < 150:
            continue
        linked = sum(len(text_of(a)) for a in p.iter("a"))
        if linked < 0.3 * len(text):
            long += 1
            if long >= 3:
                return True
    return False


def _drop(element: HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # keeps the tail text, which belongs to the parent


def drop_selectors(tree: HtmlElement, selectors: tuple[str, ...] | list[str]) -> int:
    """Remove what a source profile's CSS selectors match; returns how many elements went."""
    removed = 0
    for selector in selectors:
        for element in tree.cssselect(selector):
            _drop(element)
            removed += 1
    return removed


def is_related_heading(text: str) -> bool:
    return bool(_RELATED_HEADING.match(text))


def remove_boilerplate(tree: HtmlElement, url: str = "") -> int:
    """Apply the generic rules in place; returns how many elements were removed."""
    removed = 0
    for element in list(tree.iter(etree.Element)):
        if not isinstance(element, HtmlElement) or element.getparent() is None or _detached(element):
            continue
        if element.tag in ("html", "body", "head"):
            continue
        if _is_noise(element):
            _drop(element)
            removed += 1
    removed += _remove_related_headings(tree)
    removed += _remove_linked_teasers(tree, url)
    return removed


@lru_cache(maxsize=8192)
def _judge_names(cls: str, ident: str, style: str) -> tuple[bool, bool]:
    """(hidden, noisy) for class, id and style values (cached: pages repeat their classes). Noisy names are
    those of ads, players, related boxes and share bars."""
    hidden = bool(_HIDDEN_STYLE.search(style) or (_HIDDEN_CLASS.search(cls) and not _SHOWN_FROM.search(cls)))
    return hidden, bool(_NOISE.search(f"{cls} {ident}"))


def _detached(element: HtmlElement) -> bool:
    return element.getroottree().getroot() is None


def _is_noise(element: HtmlElement) -> bool:
    tag = element.tag
    if tag in _PLAYER_TAGS:
        return True
    if tag in ("script", "style", "noscript", "template", "form", "button", "select", "input"):
        return False  # trafilatura handles these; forms sometimes wrap whole pages
    attrs = _attrs(element)
    style = element.get("style")
    if attrs == " " and not style and element.get("hidden") is None and element.get("aria-hidden") is None:
        return False  # most elements: no names, no style
    hidden, noisy = _judge_names(element.get("class", ""), element.get("id", ""), style or "")
    if hidden or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        # pages that reveal the article with a script ship it hidden: a long hidden block is not noise
        return len(bounded_text(element, 1000)) < 1000 and not _has_prose(element)
    if noisy:
        # an article body is sometimes named "content-related" or sits inside a "share" wrapper; a CMS may name
        # the links it sets inside sentences "cms-relate": words of a sentence are never noise
        return not _in_sentence(element) and not _has_prose(element)
    return False


def _in_sentence(element: HtmlElement) -> bool:
    """True for an inline element (or one inside inline elements) with text right before or after it in the
    same line of text: a word or phrase of a sentence, whatever its class. A related link or an ad standing
    alone in its block has only whitespace or separators around it."""
    node = element
    while node is not None and node.tag in _INLINE_TAGS:
        before = node.getprevious()
        text_before = (
            before.tail
            if before is not None
            else (node.getparent().text if node.getparent() is not None else "")
        )
        if _has_word(text_before) or _has_word(node.tail):
            return True
        node = node.getparent()
    return False


def _has_word(text: str | None) -> bool:
    """Letters or digits, not only separators ("|", "·", "/") between the links of a share bar or a link list."""
    return bool(text) and any(ch.isalnum() for ch in text)


def _remove_related_headings(tree: HtmlElement) -> int:
    """ "Tin liên quan" / "Xem thêm" labels, with the list of links that follows them or that they lead."""
    removed = 0
    for element in list(
        tree.iter("p", "div", "h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "li", "td")
    ):
        if element.getparent() is None:
            continue
        first = next((piece for piece in element.itertext() if piece.strip()), "")
        if not first.lstrip(" \t\n>»•*–-")[:3].lower().startswith(_HEADING_STARTS) or _detached(element):
            continue
        text = bounded_text(element, 400)
        if not text or len(text) > 400 or not is_related_heading(text):
            continue
        rest = _RELATED_HEADING.sub("", text, count=1)
        linked = sum(len(text_of(a)) for a in element.iter("a"))
        if rest and linked < 0.5 * len(rest):
            continue  # "Xem thêm" used inside a sentence: not a box
        target = element
        # a bare label inside a small wrapper: remove the wrapper (the box) when it is mostly links
        parent = element.getparent()
        while parent is not None and parent.tag in _BOX_TAGS and not _has_prose(parent):
            ptext = text_of(parent)
            plinks = sum(len(text_of(a)) for a in parent.iter("a"))
            if len(ptext) > 1500 or plinks < 0.5 * max(1, len(ptext) - len(text)):
                break
            target, parent = parent, parent.getparent()
        if not rest:
            following = target.getnext()
            if following is not None and following.tag in _FOLLOWING_BOX and _teaser_box(following):
                _drop(following)
                removed += 1
        _drop(target)
        removed += 1
    return removed


def _teaser_box(element: HtmlElement) -> bool:
    """What follows a "Tin liên quan" label: a list of links, or one linked headline with a short teaser."""
    if _link_dense(element):
        return True
    text = bounded_text(element, 700)
    first = next((a for a in element.iter("a") if text_of(a)), None)
    return first is not None and len(text) <= 700 and text.startswith(text_of(first)[:20])


def _link_dense(element: HtmlElement) -> bool:
    text = text_of(element)
    if not text or len(text) > 2000:
        return False
    linked = sum(len(text_of(a)) for a in element.iter("a"))
    return linked >= 0.5 * len(text)


def _other_article(href: str | None, url: str) -> bool:
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return False
    target = urldefrag(urljoin(url, href))[0] if url else href
    if url and target == urldefrag(url)[0]:
        return False
    path = urlsplit(target).path.lower()
    return not path.endswith((".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".mp3", ".mp4"))


def _remove_linked_teasers(tree: HtmlElement, url: str) -> int:
    """Inline related-article boxes: a block that begins with a headline linking to another article, followed
    by at most a short teaser. A paragraph that merely begins with a link keeps its place unless the link is
    set as a headline (bold or heading) and the paragraph is short."""
    removed = 0
    for link in list(tree.iter("a")):
        if link.getparent() is None or not link.get("href"):
            continue
        headline = bounded_text(link, 250)
        if not (25 <= len(headline) <= 250) or len(headline.split()) < 5:
            continue
        if _detached(link) or not _other_article(link.get("href"), url):
            continue
        box = None
        node = link.getparent()
        depth = 0
        while node is not None and depth < 5 and node.tag not in ("body", "html", "main"):
            text = bounded_text(node, 700)
            if not text.startswith(headline[:20]) or len(text) > 700 or len(text) - len(headline) > 450:
                break
            if _has_prose(node):
                break
            if node.tag in _BOX_TAGS and (
                _styled_headline(link, node) or (node.tag not in ("p", "span") and _separate(link, node))
            ):
                box = node
            depth += 1
            node = node.getparent()
        if box is not None and _is_inline_box(box):
            _drop(box)
            removed += 1
    return removed


def _styled_headline(link: HtmlElement, box: HtmlElement) -> bool:
    """The link reads as a headline: inside (or wrapping) a heading or bold text, or the box also holds an image."""
    node = link
    while node is not None and node is not box:
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b"):
            return True
        node = node.getparent()
    if any(child.tag in ("strong", "b", "h3", "h4") for child in link.iter()):
        return True
    return any(True for _ in box.iter("img"))


def _separate(link: HtmlElement, box: HtmlElement) -> bool:
    """The headline is a block of its own inside the box (not the start of a sentence)."""
    top = link
    while top.getparent() is not None and top.getparent() is not box:
        top = top.getparent()
    return text_of(top) == text_of(link) and not (top.tail or "").strip()


def _is_inline_box(box: HtmlElement) -> bool:
    """A lone paragraph that is only a linked headline is a 'see also' line; bigger blocks need a teaser or
    an image to count as a related-article box."""
    return box.tag != "p" or len(box) <= 3
