"""The figures of the HTML report, read from the catalog: the same queries `status` and the crawl summary use
(archive.catalog.summary, archive.catalog.status), so the report never disagrees with them.

SINCE (an ISO date) limits time series and counts to articles published (else first seen) and captures
fetched on or after it; the per-source table's article counts and newest article follow it too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from archive.catalog.status import archive_status
from archive.catalog.summary import by_reason, failures, warc_files

__all__ = ["Figures", "report_figures", "day_axis"]

MAX_DAYS = 92  # longer spans are shown by month


@dataclass
class Figures:
    since: str | None
    totals: dict[str, int] = field(default_factory=dict)
    articles_by_day: dict[str, dict[str, int]] = field(default_factory=dict)  # day -> source -> n
    captures_by_status: dict[str, int] = field(default_factory=dict)
    captures_by_kind: dict[str, int] = field(default_factory=dict)
    failures_by_reason: dict[str, int] = field(default_factory=dict)
    duplicates_by_kind: dict[str, int] = field(default_factory=dict)
    warc_bytes_by_day: dict[str, int] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)


def _where(column: str, since: str | None, joiner: str = "WHERE") -> tuple[str, list]:
    return (f" {joiner} {column} >= ?", [since]) if since else ("", [])


def day_axis(days: list[str]) -> tuple[list[str], str]:
    """Every day from the first to the last of DAYS (YYYY-MM-DD), or every month when that is more than
    MAX_DAYS; returns the labels and the unit ("day" or "month")."""
    valid = sorted(d for d in days if len(d) == 10 and d[4] == "-")
    if not valid:
        return [], "day"
    first, last = date.fromisoformat(valid[0]), date.fromisoformat(valid[-1])
    if (last - first).days + 1 > MAX_DAYS:
        months, year, month = [], first.year, first.month
        while (year, month) <= (last.year, last.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months, "month"
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)], "day"


def _bucket(values: dict[str, Any], unit: str) -> dict[str, Any]:
    if unit == "day":
        return values
    out: dict[str, Any] = {}
    for day, value in values.items():
        key = day[:7]
        if isinstance(value, dict):
            target = out.setdefault(key, {})
            for name, n in value.items():
                target[name] = target.get(name, 0) + n
        else:
            out[key] = out.get(key, 0) + value
    return out


def report_figures(db: Database, data_dir: str | Path, since: str | None = None) -> Figures:
    conn = db.conn
    figures = Figures(since=since)
    when = "coalesce(published, first_seen)"
    where, params = _where(f"substr({when}, 1, 10)", since)
    by_day: dict[str, dict[str, int]] = {}
    for day, source, n in conn.execute(
        f"SELECT substr({when}, 1, 10), source, count(*) FROM articles{where} GROUP BY 1, 2 ORDER BY 1, 2",
        params,
    ):
        by_day.setdefault(day or "unknown", {})[source or "-"] = n
    where, params = _where("substr(fetched_at, 1, 10)", since)
    figures.captures_by_status = {
        str(status if status is not None else "no response"): n
        for status, n in conn.execute(
            f"SELECT status, count(*) FROM captures{where} GROUP BY 1 ORDER BY 1", params
        )
    }
    figures.captures_by_kind = {
        kind or "-": n
        for kind, n in conn.execute(
            f"SELECT page_kind, count(*) FROM captures{where} GROUP BY 1 ORDER BY 2 DESC, 1", params
        )
    }
    failure_rows = failures(conn, since=since)
    figures.failures_by_reason = by_reason(failure_rows)
    where, params = _where("substr(coalesce(a.published, a.first_seen), 1, 10)", since)
    figures.duplicates_by_kind = {
        kind: n
        for kind, n in conn.execute(
            f"SELECT d.kind, count(*) FROM duplicates d JOIN articles a ON a.id = d.article_id{where} "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            params,
        )
    }
    opened = dict(conn.execute("SELECT name, coalesce(opened_at, closed_at) FROM warc_files"))
    files = warc_files(conn, data_dir)
    bytes_by_day: dict[str, int] = {}
    for f in files:
        day = (opened.get(f["name"]) or "")[:10] or "unknown"
        if not since or day >= since:
            bytes_by_day[day] = bytes_by_day.get(day, 0) + f["size"]
    axis, unit = day_axis(list(by_day))  # each chart its own span: publication and crawl days differ
    by_day = _bucket(by_day, unit)
    figures.articles_by_day = {d: by_day.get(d, {}) for d in axis}
    axis, unit = day_axis(list(bytes_by_day))
    bytes_by_day = _bucket(bytes_by_day, unit)
    figures.warc_bytes_by_day = {d: bytes_by_day.get(d, 0) for d in axis}
    figures.totals = {
        "articles": sum(sum(v.values()) for v in by_day.values()),
        "captures": sum(figures.captures_by_status.values()),
        "failures": sum(figures.failures_by_reason.values()),
        "duplicates": sum(figures.duplicates_by_kind.values()),
        "warc_files": len(files)
        if not since
        else sum(1 for f in files if (opened.get(f["name"]) or "") >= since),
        "warc_bytes": sum(bytes_by_day.values()),
    }
    figures.sources = _per_source(db, data_dir, since, failure_rows)
    return figures


def _per_source(db: Database, data_dir, since: str | None, failure_rows) -> list[dict[str, Any]]:
    """Per source: articles, the newest article, the last crawl that fetched from it, errors."""
    conn = db.conn
    status = {row["source"]: row for row in archive_status(db, data_dir)["sources"]}
    errors: dict[str | None, int] = {}
    for failure in failure_rows:
        errors[failure.source] = errors.get(failure.source, 0) + failure.count
    where, params = _where("substr(coalesce(published, first_seen), 1, 10)", since)
    articles = {
        source: (n, newest)
        for source, n, newest in conn.execute(
            f"SELECT source, count(*), max(coalesce(published, first_seen)) FROM articles{where} GROUP BY 1",
            params,
        )
    }
    last_crawl = {
        source: (crawl_id, fetched)
        for source, crawl_id, fetched in conn.execute(
            "SELECT source, max(crawl_id), max(fetched_at) FROM captures GROUP BY source"
        )
    }
    out = []
    for source in sorted(set(status) | set(articles), key=lambda s: s or ""):
        n, newest = articles.get(source, (0, None))
        crawl_id, fetched = last_crawl.get(source, (None, None))
        out.append(
            {
                "source": source or "-",
                "articles": n,
                "newest_article": newest,
                "last_crawl": crawl_id,
                "last_fetched": fetched,
                "captures": status.get(source, {}).get("captures", 0),
                "errors": errors.get(source, 0),
            }
        )
    return out
