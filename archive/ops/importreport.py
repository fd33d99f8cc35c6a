"""What `newsarchive import` found: per file, the good records, each bad one with its offset, the captures."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["BadRecord", "FileImport", "ImportReport"]


@dataclass(frozen=True)
class BadRecord:
    file: str  # the file as given
    offset: int  # in the stored copy (the same as in the file given unless it was recompressed)
    problem: str

    def __str__(self) -> str:
        return f"{self.file} @{self.offset}: {self.problem}"


@dataclass
class FileImport:
    source: str
    stored_as: str = ""
    recompressed: bool = False
    records: int = 0  # good records
    bad: list[BadRecord] = field(default_factory=list)
    captures: int = 0
    duplicates: int = 0
    articles: int = 0
    skipped: str = ""  # why the whole file was not imported
    truncated: str = ""  # why records at its end were lost (a gzip stream cut short), if they were
    flawed: list[BadRecord] = field(default_factory=list)  # kept although their payload digest does not match
    collisions: list[str] = field(default_factory=list)  # record ids another record already uses
    linked: int = 0  # revisits (of this file or before) linked to an original found by URL and payload digest
    # responses and revisits of other schemes (dns: lookups), by scheme: good records, kept and indexed, no captures
    non_http: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "file": self.source,
            "stored_as": self.stored_as,
            "recompressed": self.recompressed,
            "good_records": self.records,
            "bad_records": [{"offset": b.offset, "problem": b.problem} for b in self.bad],
            "captures": self.captures,
            "duplicates": self.duplicates,
            "articles": self.articles,
            "skipped": self.skipped,
            "truncated": self.truncated,
            "flawed_records": [{"offset": b.offset, "problem": b.problem} for b in self.flawed],
            "id_collisions": self.collisions,
            "revisits_linked": self.linked,
            "non_http_records": dict(self.non_http),
        }


@dataclass
class ImportReport:
    files: list[FileImport] = field(default_factory=list)

    @property
    def good(self) -> int:
        return sum(f.records for f in self.files)

    @property
    def bad(self) -> list[BadRecord]:
        return [b for f in self.files for b in f.bad]

    @property
    def captures(self) -> int:
        return sum(f.captures for f in self.files)

    def to_dict(self) -> dict:
        return {
            "files": [f.to_dict() for f in self.files],
            "good_records": self.good,
            "bad_records": len(self.bad),
            "captures": self.captures,
            "articles": sum(f.articles for f in self.files),
            "extraction": "ok",  # imports always extract; the key stays for readers of earlier reports
        }
