"""How `verify` reads one WARC file: fixity first, each record's digests only where fixity does not vouch.

A closed file whose catalog row holds a sha256 and the size it has on disk is hashed whole (in a thread) while
its records are listed without recomputing their block and payload digests: when the sha256 matches, the bytes
are exactly those written (whose digests were computed at write time, or checked at import), so a second
digest pass proves nothing more. When it does not match, the file is read again with every record's digests
checked, so the damage is located and described exactly as in a deep pass. Files with no sha256, another
size, or damage `import` recorded are always read deeply, and so is every file with `deep`.

The records of such a file come from its record list (`recordlist`: made from the same records as they were
written, or read whole by `reindex`, and stored with the sha256 of the file they make up) when the catalog has
one for this sha256 whose records tile the file: the file is then read once, by the sha256, at disk speed, and
never inflated. Without a usable list, its records are walked (every gzip member inflated, headers parsed).

Files checked from their lists are hashed ahead: when one's list is read, the next ones (in file order, as
long as they too are to be checked from a list) start hashing, up to HASHERS files in flight (the one being
checked included), each in its own thread: hashlib lets go of the GIL for a whole mapped window, so two
threads hash on two cores (9.7 GB in 10 files, warm, quiet 2-core VM: sha256 alone 1 thread 9-10 s, 2
threads 4.1-4.8 s; verify 10.6-11.4 s -> 8.0-9.4 s; its own checks, with no hashing, take 5.8 s). Memory
stays flat: a window at a time per file in flight. A file without a list, or read deeply, starts nothing
ahead and is hashed when its turn comes, beside its own walk, as before (one whose stored list proves
unusable has already started the next file).

A large file read deeply is split at a record offset the catalog knows and the second part is read in another
process, so inflating, parsing and the digests use both cores (-20% wall time at N = 500); the parts must tile
the file exactly (each part's reader checks that its records start and end at the split), else the file is
read whole in this process. A file whose sha256 vouches is walked whole: the sha256 thread already keeps the
second core busy, and the split measured no faster.
"""

from __future__ import annotations

import hashlib
import mmap
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from archive.processes import guard_parent, parent_token
from archive.warc.fastscan import Unusual, scan_ordinary, scan_records
from archive.warc.reader import RecordInfo, sha256_file
from archive.warc.recordlist import HEADERS, StoredList
from archive.warc.salvage import Scanned, Stretch

__all__ = ["FileWalk", "Listed", "Walker", "SPLIT_BYTES"]

KEPT_HEADERS = HEADERS  # a file's records stay in memory: keep little (and what record lists hold)
SPLIT_BYTES = 32 << 20  # files at least this large are walked in two processes
SECOND_PART = 0.6  # share of the walk's cost the other process takes (this one also hashes the file)
BYTE_COST = 0.4  # share of a walk's time spent per byte (inflating) rather than per record (measured)
HASH_WINDOW = 64 << 20  # bytes of a file mapped and hashed at once (see _sha256_mapped)
HASHERS = min(2, os.cpu_count() or 1)  # files hashed at once: the one checked from its list and those ahead


@dataclass
class FileWalk:
    items: list[Scanned | Stretch]
    deep: bool  # every record's digests were checked
    sha256: str | None  # the file's sha256 now, when the catalog recorded one to compare with
    listed: bool = False  # the records came from the file's record list, not from reading it
    checked: Any = None  # what the caller's `check` made of the items


@dataclass(frozen=True)
class Listed:
    """A WARC file on disk and what its catalog row says."""

    path: Path
    size: int | None
    sha256: str | None
    closed: bool
    known: bool  # `import` recorded damage in it
    records: int | None = None  # how many records the catalog says it holds
    has_list: bool = False  # the catalog holds a record list for it (it may be hashed ahead)

    def vouched(self, deep: bool) -> bool:
        """Whether its sha256, when it matches, may stand for its records' digests."""
        return (
            not deep
            and self.closed
            and bool(self.sha256)
            and not self.known
            and _size(self.path) == self.size
        )


class Walker:
    """Reads the files of one `verify` run; `close()` ends its thread and process."""

    def __init__(self, files: Sequence[Listed], deep: bool = False, hashers: int | None = None):
        """`files` in the order they will be walked; `hashers`: how many files may be hashed at once (HASHERS;
        1 hashes each file only when its turn comes)."""
        self.deep = deep
        self.pool: ProcessPoolExecutor | None = None
        split = any(_size(f.path) >= SPLIT_BYTES and not f.vouched(deep) for f in files)
        if split and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            # forked (no import, no main-module guard needed), before this object starts any thread
            self.pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=guard_parent,
                initargs=(parent_token(),),
            )
            self.pool.submit(_warm_up)
        self.hashers = max(1, HASHERS if hashers is None else hashers)
        self.hasher = ThreadPoolExecutor(max_workers=self.hashers)
        self._order = [f.path for f in files]
        self._position = {path: i for i, path in enumerate(self._order)}
        self._ahead = {f.path for f in files if f.has_list and f.closed and f.vouched(deep)}  # hashed ahead
        self._hashing: dict[Path, Future] = {}  # started ahead of their turn, not yet taken

    def close(self) -> None:
        self.hasher.shutdown(cancel_futures=True)
        if self.pool is not None:
            self.pool.shutdown()

    def walk(
        self,
        listed: Listed,
        offsets: Sequence[int],
        stored: StoredList | None = None,
        check: Callable[[list[Scanned | Stretch]], Any] | None = None,
    ) -> FileWalk:
        """The file's records; `offsets` are record starts the catalog knows (where the walk may be split),
        `stored` its record list from the catalog, if any (used only when the sha256 vouches). `check(items)`
        runs while the sha256 is still being computed, and again on the items read deeply when it does not
        match; its result is the walk's `checked`."""
        path = listed.path
        trusted = listed.vouched(self.deep)
        hashed = None
        if listed.closed and listed.sha256:
            hashed = self._hashing.pop(path, None)
            if hashed is None:
                hash_file = _sha256_mapped if trusted and stored is not None else sha256_file
                hashed = self.hasher.submit(hash_file, path)
        items = None
        if trusted and stored is not None:
            self._hash_ahead(path)  # before the list is read: reading it takes half the time its checks take
            items = stored.items(KEPT_HEADERS, listed.sha256, listed.size, listed.records)
        from_list = items is not None
        if items is None:
            items = scan_records(path, KEPT_HEADERS, digests=False) if trusted else self._deep(path, offsets)
        checked = check(items) if check is not None else None
        digest = hashed.result() if hashed is not None else None
        if trusted and digest != listed.sha256:  # changed since it closed: find and describe the damage
            items = scan_records(path, KEPT_HEADERS, digests=True)
            trusted = from_list = False
            checked = check(items) if check is not None else None
        return FileWalk(items, not trusted, digest, from_list, checked)

    def _hash_ahead(self, path: Path) -> None:
        """Start hashing the files after PATH, in file order, while they are to be checked from their lists,
        until HASHERS files (PATH's own included) are in flight."""
        at = self._position.get(path)
        if at is None:
            return
        for skipped in [p for p in self._hashing if self._position[p] <= at]:  # passed over by the caller
            self._hashing.pop(skipped).cancel()
        for ahead in self._order[at + 1 :]:
            if len(self._hashing) + 1 >= self.hashers or ahead not in self._ahead:
                break
            if ahead not in self._hashing:
                self._hashing[ahead] = self.hasher.submit(_sha256_mapped, ahead)

    def _deep(self, path: Path, offsets: Sequence[int]) -> list[Scanned | Stretch]:
        size = _size(path)
        split = _split_at(offsets, size) if self.pool is not None and size >= SPLIT_BYTES else None
        if split is None:
            return scan_records(path, KEPT_HEADERS, digests=True)
        second: Future = self.pool.submit(_packed_part, path, split)
        first = _part(path, 0, split)
        try:
            rest = second.result()
        except BrokenProcessPool:  # the worker died (killed, out of memory): go on in this process alone
            self.pool = None
            rest = None
        if first is None or rest is None:
            return scan_records(path, KEPT_HEADERS, digests=True)
        return first + [Scanned(RecordInfo(*fields), False) for fields in rest]


def _split_at(offsets: Sequence[int], size: int) -> int | None:
    """The known record start where the second part should begin. Reading costs per byte (inflating) and per
    record (parsing); the records between captures (requests, metadata, text) follow them, so the captures
    before an offset stand for its share of the records."""
    inside = sorted(offset for offset in offsets if 0 < offset < size)
    if not inside:
        return None
    want = 1 - SECOND_PART
    count = len(inside)
    cost = [BYTE_COST * offset / size + (1 - BYTE_COST) * i / count for i, offset in enumerate(inside)]
    return inside[min(range(count), key=lambda i: abs(cost[i] - want))]


def _size(path: Path) -> int:
    return path.stat().st_size


def _sha256_mapped(path: Path) -> str:
    """The file's sha256, a mapped window at a time, for files checked from their record list: hashlib lets go
    of the GIL for a whole window, where reading 1 MB at a time had the hashing thread wait for the GIL (up to
    5 ms) at every chunk while the main thread builds and checks the records (234 MB: 0.28 s beside them, 0.19
    s so, 0.18-0.20 s alone). Beside a walk (the main thread inflating its own mapping of the file) reading
    1 MB at a time measured faster (CLI 0.55 vs 0.65 s per 234 MB; the cause is not pinned down)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        for at in range(0, size, HASH_WINDOW):
            with mmap.mmap(fh.fileno(), min(HASH_WINDOW, size - at), offset=at, access=mmap.ACCESS_READ) as m:
                digest.update(m)
    return digest.hexdigest()


def _part(path: Path, start: int, end: int | None) -> list[Scanned] | None:
    try:
        return scan_ordinary(path, KEPT_HEADERS, start=start, end=end)
    except Unusual:
        return None


def _packed_part(path: Path, start: int) -> list[tuple] | None:
    """The records from `start` on, as tuples: a third of the time to pickle and unpickle dataclasses."""
    records = _part(path, start, None)
    return None if records is None else [_fields_of(item.info) for item in records]


def _fields_of(info: RecordInfo) -> tuple:
    return tuple(getattr(info, name.name) for name in fields(RecordInfo))


def _warm_up() -> None:
    pass
