"""JSON-LD as news pages write it: every object (@graph and lists flattened, hand-written mistakes forgiven,
HTML entities CMSs leave in strings decoded), the article among them, and the plain values inside."""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from archive.extract.words import words_for

__all__ = [
    "ARTICLE_TYPES",
    "jsonld_objects",
    "main_article",
    "types",
    "names",
    "strings",
    "breadcrumbs",
    "jsonld_images",
    "unescape",
]


ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "socialmediaposting",
    "liveblogposting",
    "report",
    "scholarlyarticle",
    "techarticle",
    "webpage",
}


_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def jsonld_objects(tree: HtmlElement) -> list[dict]:
    """Every JSON-LD object of the page, @graph and lists flattened; unparseable blocks are skipped."""
    found: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        raw = script.text.strip().removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            try:  # trailing commas are the usual hand-written JSON-LD mistake
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        stack = [_unescape_every(data)]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
    return found


def unescape(text: str) -> str:
    """`ch&#237;nh s&#225;ch` -> `chính sách`: CMSs that HTML-escape what they write into JSON-LD (and meta
    content escaped twice); text without entities is left as it is."""
    return html.unescape(text) if "&" in text and _ENTITY.search(text) else text


def _unescape_every(value: Any) -> Any:
    if isinstance(value, str):
        return unescape(value)
    if isinstance(value, list):
        return [_unescape_every(v) for v in value]
    if isinstance(value, dict):
        return {k: _unescape_every(v) for k, v in value.items()}
    return value


def types(obj: dict) -> set[str]:
    value = obj.get("@type") or ""
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [n for v in value for n in names(v)]
    if isinstance(value, dict):
        name = value.get("name")
        return names(name) if name else []
    return []


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dict) and value.get("name"):
        return strings(value["name"])
    return []


def breadcrumbs(objects: list[dict]) -> list[str]:
    out = []
    for obj in objects:
        if "breadcrumblist" not in types(obj):
            continue
        for item in obj.get("itemListElement") or []:
            if not isinstance(item, dict):
                continue
            name = (
                item.get("name") or (item.get("item") or {}).get("name")
                if isinstance(item.get("item"), dict)
                else item.get("name")
            )
            if isinstance(name, str) and name.strip().lower() not in words_for(None).home:
                out.append(name)
    return out


def jsonld_images(objects: list[dict], article: dict, url: str) -> list[dict]:
    images = []
    candidates = list(_as_list(article.get("image"))) + [o for o in objects if "imageobject" in types(o)]
    for image in candidates:
        if isinstance(image, dict):
            src = image.get("url") or image.get("contentUrl")
            caption = image.get("caption") or image.get("description")
            if isinstance(src, str):
                images.append(
                    {"src": urljoin(url, src), "caption": caption if isinstance(caption, str) else None}
                )
    return images


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def main_article(objects: list[dict]) -> dict:
    """The article object among the page's JSON-LD ({} when none): a real article type beats a WebPage."""
    articles = [o for o in objects if types(o) & ARTICLE_TYPES]
    articles.sort(key=lambda o: "webpage" in types(o))
    return articles[0] if articles else {}
