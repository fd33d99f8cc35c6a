"""Timestamps as the catalog stores them: ISO 8601, UTC, with a `Z`."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["utc_iso", "utc_now_iso", "parse_iso"]


def utc_iso(when: datetime, timespec: str = "seconds") -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def utc_now_iso(timespec: str = "seconds") -> str:
    return utc_iso(datetime.now(UTC), timespec)


def parse_iso(text: str) -> datetime:
    """Parse what utc_iso writes (and other ISO 8601 forms); naive values are taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
