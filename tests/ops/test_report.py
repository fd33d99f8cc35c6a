"""`newsarchive report`: one self-contained HTML page whose figures are the catalog's, seen in Chromium."""

from __future__ import annotations

import html
import re
import sqlite3

import pytest

from archive.catalog.db import open_database
from archive.catalog.status import archive_status
from archive.ops.report import report_figures
from archive.ops.report.figures import day_axis
from archive.ops.report.svg import nice_max
from tests.helpers import run_cli
from tests.helpers.catalog import build_sample_catalog
from tests.helpers.chromium import dump_dom, screenshot


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    data = tmp_path_factory.mktemp("report")
    build_sample_catalog(data / "catalog.db")
    out = data / "report.html"
    result = run_cli("report", "--data", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return data, out, out.read_text(encoding="utf-8")


def _total(page: str, key: str) -> str:
    return re.search(rf'id="total-{key}">([^<]+)<', page).group(1)


def test_the_page_is_self_contained(report):
    _, _, page = report
    assert page.startswith("<!doctype html>") and page.count("<svg ") >= 5
    for fetch in ("<script", "<link", "src=", "url(", "@import", "http://", "https://"):
        assert fetch not in page, fetch


def test_figures_equal_the_catalog(report):
    data, _, page = report
    conn = sqlite3.connect(data / "catalog.db")
    (articles,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    (captures,) = conn.execute("SELECT count(*) FROM captures").fetchone()
    near = dict(conn.execute("SELECT kind, count(*) FROM duplicates GROUP BY kind"))
    conn.close()
    assert _total(page, "articles") == str(articles) and _total(page, "captures") == str(captures)
    assert _total(page, "failures") == "1"  # the 404
    db = open_database(data / "catalog.db", readonly=True)
    figures = report_figures(db, data)
    status = {s["source"]: s for s in archive_status(db, data)["sources"]}
    db.conn.close()
    assert figures.failures_by_reason == {"HTTP 404": 1}
    assert figures.duplicates_by_kind == near
    assert figures.captures_by_status == {"200": captures - 1, "404": 1}
    assert sum(sum(v.values()) for v in figures.articles_by_day.values()) == articles
    assert figures.articles_by_day["2024-11-25"] == {"cand": 1, "chinhphu": 1, "nhandan": 1, "ttxvn": 1}
    for row in figures.sources:  # the per-source table is status's figures
        assert (row["captures"], row["errors"], row["articles"]) == (
            status[row["source"]]["captures"],
            status[row["source"]]["errors"],
            status[row["source"]]["articles"],
        )
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "cand 1 2024-11-25T16:00:00+07:00 #1" in text  # source, articles, newest article, last crawl


def test_since_limits_the_figures(report, tmp_path):
    data, _, _ = report
    out = tmp_path / "since.html"
    result = run_cli("report", "--data", str(data), "--out", str(out), "--since", "2024-11-26")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert _total(page, "articles") == "1" and _total(page, "failures") == "0"
    assert "since 2024-11-26" in page


def test_chromium_renders_the_report(report):
    _, out, _ = report
    dom = dump_dom(out.as_uri())
    assert "Articles per day, by source" in dom and "Failures by reason" in dom
    assert len(re.findall(r"<rect ", dom)) >= 10
    picture = screenshot(out.as_uri(), "report", size="1100,2000")
    assert picture.stat().st_size > 20_000


def test_usage_errors_and_failures(report, tmp_path):
    data, _, _ = report
    result = run_cli("report", "--data", str(data), "--out", str(tmp_path))
    assert result.returncode == 2 and "is a directory" in result.stderr
    result = run_cli("report", "--data", str(data), "--out", "x.html", "--since", "May")
    assert result.returncode == 2
    result = run_cli("report", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "r.html"))
    assert result.returncode == 1 and "no catalog at" in result.stderr and "Traceback" not in result.stderr


def test_axes():
    assert nice_max(3) == (3, 1) and nice_max(52) == (60, 20) and nice_max(0) == (4.0, 1.0)
    assert day_axis(["2024-11-25", "2024-11-27"]) == (["2024-11-25", "2024-11-26", "2024-11-27"], "day")
    months, unit = day_axis(["2024-01-31", "2024-06-01"])
    assert unit == "month" and months == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
