"""Shared pieces of the sample site's templates: an article's place on the site, dates, escaping."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from .presstext import ArticleText

__all__ = ["Page", "VN", "nfc", "vn_date", "inline", "esc"]

VN = timezone(timedelta(hours=7))
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_LINK = re.compile(r"\[\[(?P<text>[^|\]]+)\|(?P<href>[^\]]+)\]\]")
esc = html.escape


@dataclass(frozen=True)
class Page:
    """An article with its place on the site."""

    text: ArticleText

    @property
    def path(self) -> str:
        return f"/{self.text.section}/{self.text.slug}-{self.text.id}.htm"

    @property
    def published(self) -> datetime:
        return datetime.fromisoformat(self.text.published).replace(tzinfo=VN)

    @property
    def modified(self) -> datetime:
        return datetime.fromisoformat(self.text.modified or self.text.published).replace(tzinfo=VN)

    @property
    def image_dir(self) -> str:
        return f"/images/{self.published:%Y/%m/%d}"

    def image_path(self, name: str) -> str:
        return f"{self.image_dir}/{name}.png"

    @property
    def lead_image(self) -> str:
        return self.image_path(self.text.images()[0][0]) if self.text.images() else "/static/img/logo.png"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vn_date(moment: datetime) -> str:
    return f"{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y %H:%M} (GMT+7)"


def inline(text: str) -> str:
    """Escape a paragraph and turn [[text|/href]] into links."""
    out, last = [], 0
    for match in _LINK.finditer(text):
        out.append(esc(text[last : match.start()], quote=False))
        out.append(f'<a href="{esc(match["href"])}">{esc(match["text"], quote=False)}</a>')
        last = match.end()
    out.append(esc(text[last:], quote=False))
    return "".join(out)
