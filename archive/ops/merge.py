"""Fold the data directories of the workers of a shared crawl (or any archives) into one.

Each shard's WARC files are placed in OUT/warc (hard-linked by default: no copy, and the shard keeps its
own; `copy` for another file system or to keep the shards independent; `move` to empty the shards), their
CDXJ indexes beside them, and their records cataloged by the path `reindex` and `import` take
(`index_file` -> `capture_rows`). The shards' crawls become crawls of OUT (their ids renumbered), and what
a shard's catalog learned that no WARC record says (each page's kind, found when it was read) is carried
over. Articles are then extracted from OUT's new captures by the one extract-and-store path
(`extract_captures`, ArticleStore), so duplicates (payload, text, near) and article versions are worked out
across all shards, as in a one-process crawl. Merging is idempotent: a file OUT holds already (same name,
same sha256) is skipped, and so is a crawl merged before."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive.catalog.captures import index_file, recover_open_files
from archive.catalog.db import Catalog
from archive.dates import utc_now_iso
from archive.ops.extraction import article_rows, extract_captures
from archive.ops.lock import DataLock
from archive.sources import ExtractProfile
from archive.warc import cdxj
from archive.warc.reader import sha256_file
from archive.warc.writer import OPEN_SUFFIX, ClosedFile

__all__ = ["HOW", "MergeError", "MergeReport", "merge"]

log = logging.getLogger(__name__)

HOW = ("link", "copy", "move")  # how a shard's WARC file gets into OUT/warc
_CRAWL_COLUMNS = ("started_at", "finished_at", "finish_reason", "sources", "settings", "software", "stats")


class MergeError(Exception):
    """A shard that cannot be merged: the message says which and what to do."""


@dataclass
class MergeReport:
    files: int = 0  # WARC files added to OUT
    skipped: int = 0  # files OUT held already
    linked: int = 0  # of the files added, hard-linked (the rest copied or moved as asked)
    crawls: int = 0
    captures: int = 0
    articles: int = 0
    rejected: dict[str, int] = field(default_factory=dict)


def merge(
    out_dir: str | Path,
    shards: Iterable[str | Path],
    *,
    how: str = "link",
    workers: int = 2,
    profiles: dict[str, ExtractProfile] | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> MergeReport:
    """Merge SHARDS into OUT_DIR (created when missing). Holds OUT's lock and each shard's while reading it."""
    if how not in HOW:
        raise ValueError(f"how={how!r}: one of {', '.join(HOW)}")
    out_dir = Path(out_dir)
    shards = [Path(s) for s in shards]
    for shard in shards:
        if not (shard / "catalog.db").exists():
            raise MergeError(f"{shard} is not a data directory (no catalog.db)")
        if shard.resolve() == out_dir.resolve():
            raise MergeError(f"{shard} is the output directory itself; merge into another directory")
    report = MergeReport()
    (out_dir / "warc").mkdir(parents=True, exist_ok=True)
    lock = DataLock.acquire(out_dir)
    try:
        catalog = Catalog(out_dir / "catalog.db", batch_size=10**12, batch_seconds=float("inf"))
        try:
            first_new = _next_capture_id(catalog.conn)
            for shard in shards:
                _merge_shard(catalog, out_dir, shard, how, report, progress)
            rows = article_rows(catalog.conn, "id >= ? AND extract_status IS NULL", (first_new,))
            progress(f"extracting {len(rows)} article captures with {workers} worker(s)")
            done = extract_captures(catalog, out_dir, rows, workers=workers, profiles=profiles)
            report.articles, report.rejected = done.articles, done.rejected
            catalog.commit()
        finally:
            catalog.close()
    finally:
        lock.release()
    return report


def _next_capture_id(conn: sqlite3.Connection) -> int:
    return (conn.execute("SELECT max(id) FROM captures").fetchone()[0] or 0) + 1


def _merge_shard(
    catalog: Catalog, out_dir: Path, shard: Path, how: str, report: MergeReport, progress
) -> None:
    lock = DataLock.acquire(shard)  # a worker still running there: LockedError says so
    try:
        warc_dir = shard / "warc"
        if warc_dir.exists() and any(warc_dir.glob(f"*{OPEN_SUFFIX}")):
            # a worker killed there: finish its files as its next run would (cut, catalog, close)
            shard_catalog = Catalog(shard / "catalog.db")
            try:
                recover_open_files(warc_dir, shard_catalog)
            finally:
                shard_catalog.close()
        crawls = _merge_crawls(catalog.conn, shard, report)
        names = sorted(p.name for p in warc_dir.glob("*.warc.gz")) if warc_dir.exists() else []
        for name in names:
            added = _merge_file(catalog, out_dir, shard, name, how, crawls, report)
            if added is not None:
                progress(f"{shard}: {name} -> {added}")
        catalog.commit()
    finally:
        lock.release()


def _merge_crawls(conn: sqlite3.Connection, shard: Path, report: MergeReport) -> dict[int, int]:
    """{shard crawl id: OUT crawl id}, adding the crawls OUT lacks (known by their start and settings)."""
    source = sqlite3.connect(f"file:{shard / 'catalog.db'}?mode=ro", uri=True)
    try:
        rows = source.execute(f"SELECT id, {', '.join(_CRAWL_COLUMNS)} FROM crawls ORDER BY id").fetchall()
    finally:
        source.close()
    mapping = {}
    for shard_id, *values in rows:
        origin = hashlib.sha1(json.dumps([values[0], values[4]], default=str).encode()).hexdigest()
        found = conn.execute("SELECT crawl_id FROM merged_crawls WHERE origin = ?", (origin,)).fetchone()
        if found is None:
            cur = conn.execute(
                f"INSERT INTO crawls ({', '.join(_CRAWL_COLUMNS)}, data_dir) VALUES "
                f"({', '.join('?' for _ in _CRAWL_COLUMNS)}, ?)",
                (*values, str(shard.resolve())),
            )
            conn.execute(
                "INSERT INTO merged_crawls (origin, crawl_id, shard, shard_crawl_id, merged_at) VALUES (?, ?, ?, ?, ?)",
                (origin, cur.lastrowid, str(shard.resolve()), shard_id, utc_now_iso()),
            )
            found = (cur.lastrowid,)
            report.crawls += 1
        mapping[shard_id] = found[0]
    return mapping


def _merge_file(catalog, out_dir, shard, name, how, crawls, report) -> str | None:
    """Place one shard file in OUT and catalog it; None when OUT holds it already."""
    conn = catalog.conn
    path = shard / "warc" / name
    sha = _shard_sha(shard, name) or sha256_file(path)
    held = conn.execute("SELECT name FROM warc_files WHERE sha256 = ?", (sha,)).fetchone()
    if held is not None:
        report.skipped += 1
        return None
    target = _free_name(
        out_dir / "warc",
        name,
        lambda n: conn.execute("SELECT 1 FROM warc_files WHERE name = ?", (n,)).fetchone() is not None,
    )
    report.linked += _place(path, out_dir / "warc" / target, how)
    index = cdxj.index_path(shard, name)
    if target == name and index.exists():
        cdxj.index_path(out_dir, target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(index, cdxj.index_path(out_dir, target))
    else:
        cdxj.write_index(out_dir, target)
    counts: dict[str, int] = {}
    added, _ = index_file(
        catalog, out_dir / "warc" / target, target, None, known=set(), commit=False, counts=counts
    )
    placed = out_dir / "warc" / target
    catalog.file_closed(
        ClosedFile(target, placed.stat().st_size, sha, counts["records"], utc_now_iso()), commit=False
    )
    _renumber_crawls(conn, target, crawls)
    _carry_page_kinds(conn, shard, name, target)
    report.files += 1
    report.captures += added
    return target


def _shard_sha(shard: Path, name: str) -> str | None:
    source = sqlite3.connect(f"file:{shard / 'catalog.db'}?mode=ro", uri=True)
    try:
        row = source.execute("SELECT sha256 FROM warc_files WHERE name = ?", (name,)).fetchone()
    finally:
        source.close()
    return row[0] if row and row[0] else None


def _free_name(warc_dir: Path, name: str, taken: Callable[[str], bool]) -> str:
    """NAME, or NAME with a number before .warc.gz when OUT holds another file of that name."""
    stem, n, candidate = name[: -len(".warc.gz")], 1, name
    while taken(candidate) or (warc_dir / candidate).exists():
        candidate, n = f"{stem}-{n}.warc.gz", n + 1
    return candidate


def _place(source: Path, target: Path, how: str) -> bool:
    """Link, copy or move SOURCE to TARGET (copied under a temporary name, then renamed); True if linked."""
    if how == "link":
        try:
            os.link(source, target)
            return True
        except OSError as exc:  # another file system, or links not allowed: a copy does the same job
            log.info("cannot hard-link %s (%s): copying it", source, exc.strerror or exc)
    elif how == "move":
        try:
            os.replace(source, target)
            return False
        except OSError:
            pass
    tmp = target.with_name(f".{target.name}.merging")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)
    if how == "move":
        source.unlink()
    return False


def _renumber_crawls(conn: sqlite3.Connection, name: str, crawls: dict[int, int]) -> None:
    """The file's captures name their shard's crawl ids (from the metadata records): OUT's ids instead."""
    for old, new in crawls.items():
        conn.execute(
            "UPDATE captures SET crawl_id = ? WHERE warc_file = ? AND crawl_id = ?", (-new, name, old)
        )
    conn.execute("UPDATE captures SET crawl_id = -crawl_id WHERE warc_file = ? AND crawl_id < 0", (name,))
    conn.execute(
        "UPDATE warc_files SET crawl_id = (SELECT min(crawl_id) FROM captures WHERE warc_file = ?) WHERE name = ?",
        (name, name),
    )


def _carry_page_kinds(conn: sqlite3.Connection, shard: Path, name: str, target: str) -> None:
    """What each page turned out to be once read (the WARC keeps the crawler's guess before it was fetched)."""
    source = sqlite3.connect(f"file:{shard / 'catalog.db'}?mode=ro", uri=True)
    try:
        rows = source.execute(
            "SELECT page_kind, page_kind_reason, warc_record_id FROM captures WHERE warc_file = ? "
            "AND page_kind IS NOT NULL",
            (name,),
        ).fetchall()
    finally:
        source.close()
    conn.executemany(
        "UPDATE captures SET page_kind = ?, page_kind_reason = ? WHERE warc_record_id = ? AND warc_file = ?",
        [(*row, target) for row in rows],
    )
