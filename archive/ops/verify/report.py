"""What `verify` reports: problems, each of a kind a script can act on, and the counts of what was checked."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["KINDS", "Problem", "VerifyReport"]

KINDS = (
    "catalog",
    "missing-file",
    "unlisted-file",
    "open-file",
    "size",
    "sha256",
    "damaged",
    "capture",
    "orphan-record",
    "index",
    "revisit",
)


@dataclass(frozen=True)
class Problem:
    kind: str  # one of KINDS
    file: str
    offset: int | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f" @{self.offset}" if self.offset is not None else "")
        return f"{self.kind}: {where}: {self.message}"


@dataclass
class VerifyReport:
    files: int = 0
    records: int = 0
    captures: int = 0
    index_lines: int = 0
    revisits: int = 0
    known_damage: int = 0  # bad records `import` reported, still bad as expected
    bytes: int = 0
    mode: str = "fixity"  # "fixity": records' digests only where the file's sha256 does not vouch; or "deep"
    deep_files: int = 0  # files whose every record's block and payload digests were recomputed
    listed_files: int = 0  # files whose records came from their record list (read by the sha256 only)
    problems: list[Problem] = field(default_factory=list)
    # records `import` kept although their payload digest does not match: reported, not new damage
    flagged: list[Problem] = field(default_factory=list)
    running: str = ""  # the run that holds the data directory (its open files are not checked), if any

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for problem in self.problems:
            out[problem.kind] = out.get(problem.kind, 0) + 1
        return out

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        data["problem_counts"] = self.counts()
        return data
