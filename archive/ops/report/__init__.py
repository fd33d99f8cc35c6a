"""The HTML report of an archive (`newsarchive report`): `report_figures` (figures) reads the catalog with the
queries status and the crawl summary use, `render_report` (page) writes one self-contained page of inline SVG
charts (svg) and tables, and `write_report` does both."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from archive.ops.report.figures import Figures, report_figures
from archive.ops.report.page import render_report

__all__ = ["Figures", "report_figures", "render_report", "write_report"]


def write_report(db: Database, data_dir: str | Path, out: str | Path, since: str | None = None) -> Figures:
    """Write the report of DATA_DIR's catalog to OUT (whole or not at all) and return its figures."""
    figures = report_figures(db, data_dir, since)
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(render_report(figures, data_dir), encoding="utf-8")
    tmp.replace(out)
    return figures
