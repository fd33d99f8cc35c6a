"""The report as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched at view time.

Each chart is followed by its numbers in a table (the exact figures, for reading and for copying)."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path

from archive.ops.report.figures import Figures
from archive.ops.report.svg import bar_chart, column_chart

__all__ = ["render_report"]

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 2em auto;
       max-width: 960px; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.1em; } h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
.sub { color: #666; margin-top: 0; }
.totals { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1.2em 0; }
.totals div { background: #f3f5f8; border-radius: 6px; padding: 0.6em 1em; min-width: 8em; }
.totals b { display: block; font-size: 1.5em; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 2em; }
table { border-collapse: collapse; font-size: 0.92em; margin: 0.6em 0; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e5e5e5; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
details summary { color: #555; cursor: pointer; font-size: 0.9em; }
.empty { color: #777; font-style: italic; }
@media print { details { display: none; } }
"""


def _n(value: int | float) -> str:
    return f"{value:,.0f}"


def _bytes(value: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= size:
            return f"{value / size:,.1f} {unit}"
    return f"{value:,.0f} B"


def _table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    head = "".join(f'<th class="n">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>"
                   for i, h in enumerate(headers))  # fmt: skip
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(str(c))}</td>' if i in numeric else f"<td>{escape(str(c))}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _numbers(items: dict[str, int], name: str, fmt=_n) -> str:
    rows = [[key, fmt(value)] for key, value in items.items()]
    return f"<details><summary>the numbers</summary>{_table([name, 'count'], rows, {1})}</details>"


def _unit(by_day: dict) -> str:
    return "month" if by_day and len(next(iter(by_day))) == 7 else "day"


def _section(title: str, chart: str, numbers: str = "", note: str = "") -> str:
    note = f'<p class="sub">{escape(note)}</p>' if note else ""
    return f"<section><h2>{escape(title)}</h2>{note}{chart}{numbers}</section>"


def render_report(figures: Figures, data_dir: str | Path, *, now: datetime | None = None) -> str:
    """The report as one self-contained HTML page (inline SVG and CSS, no script, nothing fetched)."""
    now = now or datetime.now(UTC)
    scope = f"since {figures.since}" if figures.since else "everything in the archive"
    sections = [
        _articles_section(figures),
        '<div class="grid">' + _breakdowns(figures) + "</div>",
        _warc_section(figures),
        _sources_section(figures),
    ]
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>newsarchive report: {escape(str(data_dir))}</title><style>{_CSS}</style></head><body>"
        f"<h1>newsarchive report</h1>"
        f'<p class="sub">{escape(str(data_dir))}: {escape(scope)}; made {now:%Y-%m-%d %H:%M} UTC '
        "from the catalog (the figures <code>newsarchive status</code> shows).</p>"
        f'<div class="totals">{_totals(figures.totals)}</div>' + "".join(sections) + "</body></html>\n"
    )


def _totals(t: dict) -> str:
    return "".join(
        f'<div><b id="total-{key}">{value}</b>{escape(label)}</div>'
        for key, value, label in (
            ("articles", _n(t["articles"]), "articles"),
            ("captures", _n(t["captures"]), "captures"),
            ("failures", _n(t["failures"]), "failures"),
            ("duplicates", _n(t["duplicates"]), "duplicate links"),
            ("warc_files", _n(t["warc_files"]), "WARC files"),
            ("warc_bytes", _bytes(t["warc_bytes"]), f"WARC ({_n(t['warc_bytes'])} bytes)"),
        )
    )


def _articles_section(figures: Figures) -> str:
    unit = _unit(figures.articles_by_day)
    per_day_rows = [
        [day, _n(sum(values.values())), ", ".join(f"{s} {n}" for s, n in sorted(values.items()))]
        for day, values in figures.articles_by_day.items()
        if values
    ]
    return _section(
        f"Articles per {unit}, by source",
        column_chart(figures.articles_by_day, label=f"articles per {unit} by source"),
        f"<details><summary>the numbers</summary>{_table([unit, 'articles', 'by source'], per_day_rows, {1})}"
        "</details>",
        "By the publication date the page states, else the day the article was first captured.",
    )


def _breakdowns(figures: Figures) -> str:
    parts = (
        ("Captures by HTTP status", figures.captures_by_status, "status", ""),
        ("Captures by kind", figures.captures_by_kind, "kind", ""),
        (
            "Failures by reason",
            figures.failures_by_reason,
            "reason",
            "HTTP errors, captures without a response, article pages that gave no article.",
        ),
        (
            "Duplicate links by kind",
            figures.duplicates_by_kind,
            "kind",
            "url, payload, text (identical) and near (the same story, edited).",
        ),
    )
    return "".join(
        _section(title, bar_chart(values, label=title.lower()), _numbers(values, name), note)
        for title, values, name, note in parts
    )


def _warc_section(figures: Figures) -> str:
    unit = _unit(figures.warc_bytes_by_day)
    return _section(
        f"WARC bytes per {unit}",
        column_chart(
            {day: {"WARC bytes": n} for day, n in figures.warc_bytes_by_day.items()},
            fmt=_bytes,
            height=220,
            label=f"WARC bytes per {unit}",
        ),
        _numbers({d: n for d, n in figures.warc_bytes_by_day.items() if n}, unit, _n),
        "By the day each file was opened; open files at their size on disk.",
    )


def _sources_section(figures: Figures) -> str:
    rows = [
        [
            s["source"],
            _n(s["articles"]),
            s["newest_article"] or "-",
            f"#{s['last_crawl']}" if s["last_crawl"] is not None else "-",
            s["last_fetched"] or "-",
            _n(s["captures"]),
            _n(s["errors"]),
        ]
        for s in figures.sources
    ]
    headers = ["source", "articles", "newest article", "last crawl", "last fetched", "captures", "errors"]
    return _section("Sources", _table(headers, rows, {1, 5, 6}))
