"""What replay needs, checked before pywb starts: every WARC file the catalog or an index names is in DATA/warc,
and every closed WARC file has its CDXJ index. pywb itself says neither: a missing file shows as "Pywb Error"
with a raw Python dict on the page, a missing index as "URL not found"."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from archive.warc import cdxj
from archive.warc.writer import OPEN_SUFFIX

__all__ = ["ReplayCheck", "check_replay", "index_missing"]


@dataclass
class ReplayCheck:
    warc_files: list[str] = field(default_factory=list)  # closed files in DATA/warc
    open_files: list[str] = field(default_factory=list)  # still being written: replayable once closed
    missing_files: list[str] = field(default_factory=list)  # named by the catalog or an index, not on disk
    missing_indexes: list[str] = field(default_factory=list)  # closed files without DATA/indexes/NAME.cdxj


def _catalog_files(data_dir: Path) -> list[str]:
    catalog = data_dir / "catalog.db"
    if not catalog.exists():
        return []
    conn = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=30)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM warc_files WHERE closed_at IS NOT NULL")]
    except sqlite3.OperationalError:  # not a catalog of ours: nothing to compare with
        return []
    finally:
        conn.close()


def check_replay(data_dir: str | Path) -> ReplayCheck:
    data_dir = Path(data_dir)
    warc_dir = data_dir / "warc"
    check = ReplayCheck(warc_files=cdxj.warc_files(data_dir))
    if warc_dir.is_dir():
        check.open_files = sorted(p.name for p in warc_dir.glob(f"*{OPEN_SUFFIX}"))
    on_disk = set(check.warc_files) | {name[: -len(OPEN_SUFFIX)] for name in check.open_files}
    index_dir = data_dir / cdxj.INDEX_DIR
    indexed = (
        {p.name[: -len(cdxj.INDEX_SUFFIX)] for p in index_dir.glob(f"*{cdxj.INDEX_SUFFIX}")}
        if index_dir.is_dir()
        else set()
    )
    check.missing_files = sorted((set(_catalog_files(data_dir)) | indexed) - on_disk)
    check.missing_indexes = [name for name in check.warc_files if name not in indexed]
    return check


def index_missing(data_dir: str | Path, names: list[str]) -> list[cdxj.IndexResult]:
    """Write the CDXJ index of each of NAMES (closed files that have none), leaving out known damage."""
    damage = cdxj.known_damage(data_dir)
    return [cdxj.write_index(data_dir, name, skip_offsets=damage.get(name, ())) for name in names]
