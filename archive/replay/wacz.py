"""Package an archive as one WACZ file (WACZ 1.1.1), streamed to disk.

Layout: `archive/` (the WARC files, byte for byte, so their sha256 still matches the catalog), `indexes/`
(`index.cdx.gz`, blocks of sorted CDXJ, plus `index.idx`, the block index ReplayWeb.page and pywb seek in),
`pages/pages.jsonl` (url, ts, title of every article), `datapackage.json` (each file's sha256 and size) and
`datapackage-digest.json` (the sha256 of datapackage.json). Nothing is held in memory but one CDXJ block:
WARC files are copied in chunks and the per-file CDXJ indexes are merged as streams.

A selection (`source`, `since`, `until`) keeps whole WARC files: those holding a selected capture, plus those
holding the originals of selected revisits, so every record keeps its fixity and every revisit resolves.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cdxj_indexer.main import CompressedWriter

from archive.warc import cdxj
from archive.warc.onerecord import read_record

__all__ = ["WACZ_VERSION", "WaczSummary", "write_wacz", "select_files", "iter_pages"]

WACZ_VERSION = "1.1.1"
CHUNK = 1 << 20
INDEX_BLOCK_LINES = 300  # CDXJ lines per gzip block, as py-wacz writes them


@dataclass
class WaczSummary:
    path: Path
    warc_files: list[str] = field(default_factory=list)
    index_lines: int = 0
    pages: int = 0
    bytes: int = 0


class _HashingWriter:
    """Passes bytes to a zip entry and keeps their sha256 and count (the datapackage needs both)."""

    def __init__(self, target):
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.target.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)

    def resource(self, path: str) -> dict:
        return {
            "name": os.path.basename(path).lower(),
            "path": path,
            "hash": "sha256:" + self.sha256.hexdigest(),
            "bytes": self.size,
        }


def _window(since: str | None, until: str | None) -> tuple[str, str]:
    """ISO bounds for fetched_at; `until` is a day and includes it."""
    low = date.fromisoformat(since).isoformat() if since else ""
    high = (date.fromisoformat(until) + timedelta(days=1)).isoformat() if until else "9999"
    return low, high


def _filter_sql(source: str | None, since: str | None, until: str | None) -> tuple[str, list]:
    low, high = _window(since, until)
    sql, args = "c.fetched_at >= ? AND c.fetched_at < ?", [low, high]
    if source:
        sql += " AND c.source = ?"
        args.append(source)
    return sql, args


def _connect(data_dir: Path) -> sqlite3.Connection | None:
    path = data_dir / "catalog.db"
    if not path.exists():
        return None
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)


def select_files(
    data_dir: str | Path, *, source: str | None = None, since: str | None = None, until: str | None = None
) -> list[str]:
    """The WARC files a WACZ of this selection holds (see the module's docstring)."""
    data_dir = Path(data_dir)
    on_disk = cdxj.warc_files(data_dir)
    if not (source or since or until):
        return on_disk
    conn = _connect(data_dir)
    if conn is None:
        return []
    where, args = _filter_sql(source, since, until)
    try:
        names = {
            row[0] for row in conn.execute(f"SELECT DISTINCT c.warc_file FROM captures c WHERE {where}", args)
        }
        names |= {
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT o.warc_file FROM captures c JOIN captures o ON o.warc_record_id = c.refers_to "
                f"WHERE c.record_type = 'revisit' AND {where}",
                args,
            )
        }
    finally:
        conn.close()
    return [name for name in on_disk if name in names]


def iter_pages(
    data_dir: str | Path, *, source: str | None = None, since: str | None = None, until: str | None = None
) -> Iterator[dict]:
    """One page entry per article capture: the extracted title where there is one, else the page's <title>."""
    data_dir = Path(data_dir)
    conn = _connect(data_dir)
    if conn is None:
        return
    where, args = _filter_sql(source, since, until)
    has_articles = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone() is not None
    title_sql = (
        "coalesce((SELECT a.title FROM articles a WHERE a.capture_id = c.id LIMIT 1), "
        "(SELECT a.title FROM articles a WHERE a.url = c.url ORDER BY a.last_seen DESC LIMIT 1))"
        if has_articles
        else "NULL"
    )
    article_sql = (
        "(c.page_kind = 'article' OR EXISTS (SELECT 1 FROM articles a WHERE a.capture_id = c.id))"
        if has_articles
        else "c.page_kind = 'article'"
    )
    rows = conn.execute(
        f"SELECT c.id, c.url, c.fetched_at, {title_sql}, c.record_type, c.warc_file, c.warc_offset, "
        "c.warc_length, c.refers_to "
        f"FROM captures c WHERE {article_sql} AND c.status = 200 AND {where} ORDER BY c.fetched_at, c.id",
        args,
    )
    try:
        for cid, url, fetched_at, title, rtype, warc_file, offset, length, refers_to in rows:
            if not title:
                title = _title_from_record(conn, data_dir, rtype, warc_file, offset, length, refers_to)
            page = {"id": str(cid), "url": url, "ts": fetched_at}
            if title:
                page["title"] = title
            yield page
    finally:
        conn.close()


_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


def _title_from_record(conn, data_dir: Path, rtype, warc_file, offset, length, refers_to) -> str:
    if rtype == "revisit" and refers_to:
        row = conn.execute(
            "SELECT warc_file, warc_offset, warc_length FROM captures WHERE warc_record_id = ?", (refers_to,)
        ).fetchone()
        if row is None:
            return ""
        warc_file, offset, length = row
    read = read_record(data_dir / "warc" / warc_file, offset, length)
    if read.problem or not read.info.payload:
        return ""
    body = read.info.payload[: 256 * 1024]
    if read.info.http_header("content-encoding").lower() == "gzip":
        try:
            body = gzip.decompress(read.info.payload)[: 256 * 1024]
        except OSError:
            return ""
    found = _TITLE.search(body)
    if not found:
        return ""
    return " ".join(html.unescape(found.group(1).decode("utf-8", "replace")).split())


def _ensure_indexes(data_dir: Path, names: list[str]) -> None:
    damage = cdxj.known_damage(data_dir)
    for name in names:
        index = cdxj.index_path(data_dir, name)
        warc = data_dir / "warc" / name
        if not index.exists() or index.stat().st_mtime < warc.stat().st_mtime:
            cdxj.write_index(data_dir, name, skip_offsets=damage.get(name, ()))


def write_wacz(
    data_dir: str | Path,
    out: str | Path,
    *,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    title: str = "",
) -> WaczSummary:
    """Write the WACZ to `out` (through a temporary file beside it, renamed when complete)."""
    data_dir, out = Path(data_dir), Path(out)
    names = select_files(data_dir, source=source, since=since, until=until)
    if not names:
        raise ValueError("nothing to package: no WARC files match the selection")
    _ensure_indexes(data_dir, names)
    summary = WaczSummary(path=out, warc_files=names)
    resources: list[dict] = []
    tmp = out.with_name(out.name + ".tmp")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
        for name in names:
            path = f"archive/{name}"
            with (
                open(data_dir / "warc" / name, "rb") as src,
                zf.open(_entry(path, stored=True), "w", force_zip64=True) as dst,
            ):
                writer = _HashingWriter(dst)
                shutil.copyfileobj(src, writer, CHUNK)
            resources.append(writer.resource(path))
        summary.index_lines = _write_indexes(zf, data_dir, names, resources)
        summary.pages = _write_pages(zf, data_dir, resources, source=source, since=since, until=until)
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        package = {
            "profile": "data-package",
            "resources": resources,
            "title": title or _default_title(source, since, until),
            "created": created,
            "wacz_version": WACZ_VERSION,
            "software": _software(),
        }
        package_bytes = json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")
        zf.writestr(_entry("datapackage.json"), package_bytes)
        digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}
        zf.writestr(_entry("datapackage-digest.json"), json.dumps(digest, indent=2))
    os.replace(tmp, out)
    summary.bytes = out.stat().st_size
    return summary


def _entry(path: str, *, stored: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, datetime.now(UTC).timetuple()[:6])
    # WARCs and the gzip-block index are stored, so replay tools can seek into them inside the zip
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _write_indexes(zf: zipfile.ZipFile, data_dir: Path, names: list[str], resources: list[dict]) -> int:
    lines = 0
    # zipfile allows one open entry at a time: the block index (small) waits in a temporary file
    with tempfile.TemporaryFile("w+", encoding="utf-8") as idx:
        with zf.open(_entry("indexes/index.cdx.gz", stored=True), "w", force_zip64=True) as dst:
            writer = _HashingWriter(dst)
            blocks = CompressedWriter(
                idx, data_out=writer, num_lines=INDEX_BLOCK_LINES, data_out_name="index.cdx.gz"
            )
            for line in cdxj.merged_lines(data_dir, names):
                blocks.write(line)
                lines += 1
            if blocks.block:
                blocks.flush()
        resources.append(writer.resource("indexes/index.cdx.gz"))
        idx.seek(0)
        with zf.open(_entry("indexes/index.idx"), "w") as dst:
            writer = _HashingWriter(dst)
            for text in idx:
                writer.write(text.encode("utf-8"))
        resources.append(writer.resource("indexes/index.idx"))
    return lines


def _write_pages(zf: zipfile.ZipFile, data_dir: Path, resources: list[dict], **selection) -> int:
    count = 0
    with zf.open(_entry("pages/pages.jsonl"), "w") as dst:
        writer = _HashingWriter(dst)
        header = {"format": "json-pages-1.0", "id": "pages", "title": "Articles"}
        writer.write((json.dumps(header) + "\n").encode("utf-8"))
        for page in iter_pages(data_dir, **selection):
            writer.write((json.dumps(page, ensure_ascii=False) + "\n").encode("utf-8"))
            count += 1
    resources.append(writer.resource("pages/pages.jsonl"))
    return count


def _default_title(source: str | None, since: str | None, until: str | None) -> str:
    parts = ["newsarchive"]
    if source:
        parts.append(source)
    if since or until:
        parts.append(f"{since or '…'} to {until or '…'}")
    return " ".join(parts)


def _software() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"newsarchive {version('newsarchive')}"
    except PackageNotFoundError:
        return "newsarchive"
