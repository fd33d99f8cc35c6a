"""How `import` reads a file it is given: every readable record, the best of the file as it is and the file
rewritten one gzip member per record (warcio's recompressor, or as much of its gzip stream as inflates, for a
file cut short); and a WACZ package unpacked into its WARC files and its list of pages."""

from __future__ import annotations

import json
import logging
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from archive.ops.importreport import BadRecord
from archive.warc.fastscan import scan_records
from archive.warc.salvage import Scanned, Stretch, inflate_prefix, is_gzip, recompress

__all__ = ["Candidate", "Wacz", "best_reading", "is_wacz", "read_records_of", "unpack_wacz"]

log = logging.getLogger(__name__)


@dataclass
class Candidate:
    path: Path
    records: list[Scanned]
    bad: list[BadRecord]
    recompressed: bool = False
    truncated: str = ""  # why the readable part ends before the file does (a gzip stream cut short)
    cut_short: bool = False  # its gzip stream stops before the file's end (damaged, or the file cut short)

    @property
    def good(self) -> int:
        return len(self.records)


def read_records_of(path: Path) -> list[Scanned | Stretch]:
    """Every record of a file given to import, good or bad, as verify reads it: fastscan (zlib and hashlib) for
    a file of ordinary records, salvage.scan for anything else; metadata payloads kept (how a capture was
    found)."""
    return scan_records(path, keep_payload=("metadata",))


def _scan(path: Path, label: str) -> Candidate:
    records, bad = [], []
    for item in read_records_of(path):
        if isinstance(item, Stretch):
            bad.append(BadRecord(label, item.offset, item.problem))
        elif item.problem:
            bad.append(BadRecord(label, item.info.offset, item.problem))
        else:
            records.append(item)  # a flawed record (its digest does not match) is kept, with its flaw
    return Candidate(path, records, bad)


def best_reading(path: Path, label: str, workdir: Path) -> Candidate:
    """The file as it is, or rewritten one gzip member per record when that recovers more records: by warcio's
    recompressor (gzip framing errors), else from as much of its gzip stream as inflates (a file cut short)."""
    plain = _scan(path, label)
    if not plain.bad or not is_gzip(path):
        return plain
    best = plain
    target = workdir / "recompressed.warc.gz"
    try:
        recompress(path, target)
    except Exception as exc:  # not readable even as one gzip stream: try what inflates
        log.info("%s: recompressing did not help: %s", label, exc)
    else:
        again = _scan(target, label)
        again.recompressed = True
        if again.good > best.good:
            best = again
    if best.bad or best.recompressed:
        salvaged = _salvage_prefix(path, label, workdir)
        # a gzip stream cut short loses what follows, whichever reading is kept; bytes the inflated stream
        # makes no record of are lost only when that reading is kept (another may read them: an ARC's
        # members inflated into one stream have no newline between records when Heritrix 1.14 wrote them)
        if salvaged is not None and salvaged.cut_short and not best.truncated:
            cut = best.records[-1] if best.records and best.records[-1].flaw else None
            best.truncated = salvaged.truncated.split(";")[0] + (
                f"; the record it cuts ({cut.info.target_uri or cut.info.rec_type}) is kept as far as it goes"
                if cut
                else "; every record before the cut was read"
            )
        # as many whole records, with the cut record explained rather than reported as a broken member
        if salvaged is not None and (salvaged.good, -len(salvaged.bad)) > (best.good, -len(best.bad)):
            best = salvaged
    return best


def _salvage_prefix(path: Path, label: str, workdir: Path) -> Candidate | None:
    """The whole records in the part of a gzip file that inflates, one member each; `truncated` says where the
    rest was lost. None when nothing inflates."""
    plain = workdir / "inflated.warc"
    inflated = inflate_prefix(path, plain)
    if not inflated.size:
        return None
    end, lost = 0, ""  # the end of the last whole record: the rest is a record cut short
    for item in read_records_of(plain):
        if isinstance(item, Scanned) and not item.problem and _whole(plain, item, inflated.size):
            end = item.info.offset + item.info.length
        elif isinstance(item, Scanned) and not lost:
            lost = f" ({item.info.rec_type} of {item.info.target_uri or 'no URI'})"
    if not end:
        return None
    trailing = _tail(plain, end).strip()  # records end with blank lines: those are no loss
    with open(plain, "r+b") as fh:
        fh.truncate(end)
    target = workdir / "salvaged.warc.gz"
    try:
        recompress(plain, target)
    except Exception as exc:
        log.info("%s: the inflated records could not be rewritten: %s", label, exc)
        return None
    again = _scan(target, label)
    again.recompressed = True
    if inflated.stopped:
        again.cut_short = True
        again.truncated = (
            f"{inflated.stopped}; {inflated.size - end} bytes after the last whole record{lost} are lost "
            "(the file as given is kept)"
        )
    elif trailing:
        again.truncated = (
            f"{inflated.size - end} bytes after the last whole record{lost} make no record "
            "(the file as given is kept)"
        )
    return again


ZIP_MAGIC = b"PK\x03\x04"
WACZ_LIMIT = 1 << 40  # bytes a WACZ may unpack to (zip bombs); its WARC files are copied a chunk at a time


@dataclass
class Wacz:
    """A WACZ package unpacked: its WARC files (in a work directory) and the pages its pages.jsonl lists."""

    warcs: list[Path] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)
    problem: str = ""


def _tail(plain: Path, end: int) -> bytes:
    with open(plain, "rb") as fh:
        fh.seek(end)
        return fh.read(1 << 16)


def _whole(plain: Path, item: Scanned, size: int) -> bool:
    """Whether the record's block is as long as its Content-Length says (warcio reads a record cut short by
    the end of the file as if it ended there)."""
    declared = item.info.headers.get("content-length", "")
    if not declared.isdigit():
        return False
    with open(plain, "rb") as fh:
        fh.seek(item.info.offset)
        head = fh.read(1 << 16)
    end = head.find(b"\r\n\r\n")
    gap = 4 if end >= 0 else 2
    end = end if end >= 0 else head.find(b"\n\n")
    return end >= 0 and item.info.offset + end + gap + int(declared) <= size


def is_wacz(path: Path) -> bool:
    """A WACZ (a zip file): by its name, or by the zip signature where a WARC file would start."""
    if path.name.lower().endswith(".wacz"):
        return True
    with open(path, "rb") as fh:
        return fh.read(4) == ZIP_MAGIC


def unpack_wacz(path: Path, workdir: Path) -> Wacz:
    """The WARC files under `archive/` and the pages of `pages/*.jsonl` (url, ts, title), as the WACZ 1.1
    spec lays them out. Members are copied a chunk at a time, and no more bytes than the package declares
    (a zip bomb stops there); names are never used as paths outside WORKDIR."""
    out = Wacz()
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        out.problem = f"not a readable WACZ (zip) file: {exc}"
        return out
    with package:
        members = package.infolist()
        if sum(m.file_size for m in members) > WACZ_LIMIT:
            out.problem = f"declares more than {WACZ_LIMIT} bytes unpacked"
            return out
        for n, member in enumerate(members):
            name = member.filename
            if member.is_dir():
                continue
            if name.startswith("archive/") and name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
                target = workdir / f"{n:05d}" / Path(name).name
                target.parent.mkdir(parents=True)
                with package.open(member) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                out.warcs.append(target)
            elif name.startswith("pages/") and name.endswith(".jsonl"):
                out.pages.extend(_pages(package.read(member).decode("utf-8", "replace")))
    if not out.warcs:
        out.problem = "no WARC files under archive/ (not a WACZ package?)"
    return out


def _pages(text: str) -> list[dict]:
    pages = []
    for line in text.splitlines():
        try:
            page = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(page, dict) and isinstance(page.get("url"), str):  # the first line is a header
            pages.append(page)
    return pages
