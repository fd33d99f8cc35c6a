"""Revisits linked to their originals in the catalog: `captures.refers_to` of a revisit that names no original
by record id (other tools' files: wget, older Heritrix, pywb's samples) is set to the record id of the original
replay finds for it (archive/warc/revisits.py), so that what needs the original (a WACZ of some files, replay
titles, `verify`) finds it as replay does, also under another scheme or URL. Only empty links are filled: a
revisit's WARC-Refers-To, or a link made before, is never changed. Payload digests are compared as digests,
not as text (`digests.digest_key`: tools spell the algorithm and the value differently)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from archive.warc.digests import digest_key, digest_spellings
from archive.warc.onerecord import read_record
from archive.warc.reader import RecordInfo
from archive.warc.revisits import closest_original, original_urls

__all__ = ["link_revisits"]

_WAITING = (
    "SELECT id, warc_file, warc_offset, warc_length, url, fetched_at, payload_digest FROM captures "
    "WHERE record_type = 'revisit' AND refers_to IS NULL AND payload_digest IS NOT NULL"
)
_CANDIDATES = (
    "SELECT warc_record_id, url, fetched_at FROM captures "
    "WHERE payload_digest IN ({}) AND record_type = 'response' AND warc_record_id IS NOT NULL"
)


def link_revisits(
    conn,
    warc_dir: str | Path,
    added: Sequence[tuple[int, dict]] | None = None,
    records: Mapping[tuple[str, int], RecordInfo] | None = None,
) -> int:
    """Link the revisits without an original that may now have one: with ADDED (the (capture id, row) pairs
    just cataloged from one file), those among them and those waiting for a response of a payload digest
    among them; without, every revisit without one (reindex). RECORDS: records by (file, offset) whose headers
    need not be read again (others are read from DATA/warc). No commit. Returns how many were
    linked; a revisit whose original the archive does not hold stays without (`verify` reports it)."""
    warc_dir = Path(warc_dir)
    if added is None:
        waiting = conn.execute(_WAITING).fetchall()
    else:
        new_ids = {capture_id for capture_id, row in added if row["record_type"] == "revisit"}
        new_digests = {
            digest_key(row["payload_digest"]) for _, row in added if row["record_type"] == "response"
        }
        waiting = [
            row
            for row in conn.execute(_WAITING)  # one pass over the captures, not one query per digest
            if row[0] in new_ids or digest_key(row[6]) in new_digests
        ]
    linked = 0
    for capture_id, warc_file, offset, length, url, fetched_at, digest in waiting:
        spellings = digest_spellings(digest)  # stored as written: sha-256:6e5e... is sha256:6e5e...
        candidates = conn.execute(_CANDIDATES.format(", ".join("?" * len(spellings))), spellings).fetchall()
        if not candidates:
            continue
        info = (records or {}).get((warc_file, offset))
        if info is None:
            read = read_record(warc_dir / warc_file, offset, length)
            if read.problem:
                continue
            info = read.info
        urls = original_urls(url, info.header("warc-refers-to-target-uri"))
        original = closest_original(candidates, urls, info.header("warc-refers-to-date") or fetched_at)
        if original is not None:
            conn.execute("UPDATE captures SET refers_to = ? WHERE id = ?", (original, capture_id))
            linked += 1
    return linked
