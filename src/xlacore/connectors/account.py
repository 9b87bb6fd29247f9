"""The ingest account: every record read is either accepted or rejected with a reason.

Connectors lose nothing. ``records_read == accepted + rejected`` always holds, every
rejection and every warning carries a :class:`Location` (file, line, record id) and a reason,
and in strict mode the first rejection stops the read with that message.
"""

from __future__ import annotations

from attrs import define, field, frozen

from xlacore.errors import InvalidInputError

__all__ = ["Location", "Issue", "IngestAccount", "RejectedRecordError"]


@frozen
class Location:
    """Where a record is: the source file, its line (1-based, header included) and its id."""

    source: str
    line: int | None = None
    record: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        text = self.source if self.line is None else f"{self.source}:{self.line}"
        if self.record is not None:
            text += f" (record {self.record})"
        if self.key is not None:
            text += f" at {self.key}"
        return text


@frozen
class Issue:
    """A rejection or a warning: where, and why."""

    location: Location
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


class RejectedRecordError(InvalidInputError):
    """Raised in strict mode at the first rejected record."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        super().__init__([str(issue)], what="record")


@define
class IngestAccount:
    """Counts of one ingest, kept by the connector as it reads.

    Call :meth:`accept` or :meth:`reject` exactly once per record read; :meth:`warn` for an
    oddity that is kept rather than rejected (never silently "fixed").
    """

    strict: bool = False
    records_read: int = 0
    accepted: int = 0
    rejections: list[Issue] = field(factory=list)
    warnings: list[Issue] = field(factory=list)

    @property
    def rejected(self) -> int:
        """How many records were rejected."""
        return len(self.rejections)

    @property
    def balanced(self) -> bool:
        """Whether every record read was accepted or rejected."""
        return self.records_read == self.accepted + self.rejected

    def accept(self, count: int = 1) -> None:
        """Count records read and accepted."""
        self.records_read += count
        self.accepted += count

    def reject(self, location: Location, reason: str) -> None:
        """Count a record read and rejected; in strict mode raise :class:`RejectedRecordError`."""
        issue = Issue(location, reason)
        self.records_read += 1
        self.rejections.append(issue)
        if self.strict:
            raise RejectedRecordError(issue)

    def warn(self, location: Location, reason: str) -> None:
        """Record an oddity in a record that was kept."""
        self.warnings.append(Issue(location, reason))

    def merge(self, other: IngestAccount) -> None:
        """Add another account's counts and issues to this one (e.g. a second file)."""
        self.records_read += other.records_read
        self.accepted += other.accepted
        self.rejections.extend(other.rejections)
        self.warnings.extend(other.warnings)
