"""What an ingest produced, counted while streaming, and its JSON report.

:class:`IngestSummary` counts calls by channel, kind and service batch by batch, so a large
source is summarised in one pass without holding its calls. :func:`ingest_report` gives the
account and the summary as plain data in the stable shape ``xlacore ingest --format json``
prints: ``records_read``, ``accepted``, ``rejected``, ``rejections`` and ``warnings`` (each
``{"location": {...}, "reason": ...}``), ``calls``, ``feedback``, and ``by_channel``,
``by_kind``, ``by_service`` (value → count, sorted by value). Calls without a canonical
channel or a service are counted under :data:`UNMAPPED`, so the unmapped share is visible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from attrs import define, field

from xlacore.connectors.account import IngestAccount, Issue
from xlacore.connectors.protocol import Batch, ColumnBatch
from xlacore.scoring.columns import ObservationColumns

__all__ = ["UNMAPPED", "IngestSummary", "ingest_report"]

#: The key under which calls without a canonical channel, or without a service, are counted.
UNMAPPED = "(unmapped)"


@define
class IngestSummary:
    """Counts of calls and feedback over the batches seen so far."""

    calls: int = 0
    feedback: int = 0
    by_channel: Counter[str] = field(factory=Counter)
    by_kind: Counter[str] = field(factory=Counter)
    by_service: Counter[str] = field(factory=Counter)

    def add(self, batch: Batch) -> None:
        """Count one batch."""
        self.feedback += len(batch.feedback)
        calls = batch.calls
        self.add_calls(
            [None if c.channel is None else c.channel.value for c in calls],
            [c.kind.value for c in calls],
            [c.service for c in calls],
        )

    def add_columns(self, batch: ColumnBatch) -> None:
        """Count one column batch, as :meth:`add` counts the objects it stands for."""
        self.feedback += batch.feedback.n_rows
        calls = batch.calls
        self.add_calls(
            _values(calls, "channel"), calls.column("kind").tolist(), _values(calls, "service")
        )

    def add_calls(
        self,
        channels: Sequence[str | None],
        kinds: Sequence[str],
        services: Sequence[str | None],
    ) -> None:
        """Count calls given as columns: canonical channel, kind and service of each."""
        self.calls += len(kinds)
        self.by_channel.update(UNMAPPED if c is None else c for c in channels)
        self.by_kind.update(kinds)
        self.by_service.update(UNMAPPED if s is None else s for s in services)


def _values(table: ObservationColumns, name: str) -> list[str | None]:
    data, present = table.column(name).tolist(), table.mask(name)
    if present is None:
        return data  # type: ignore[no-any-return]
    return [v if p else None for v, p in zip(data, present.tolist(), strict=True)]


def _issue(issue: Issue) -> dict[str, Any]:
    where = issue.location
    location = {"source": where.source, "line": where.line, "record": where.record}
    if where.key is not None:
        location["key"] = where.key
    return {"location": location, "reason": issue.reason}


def ingest_report(account: IngestAccount, summary: IngestSummary) -> dict[str, Any]:
    """The account and summary as plain data, in the documented, stable shape."""
    return {
        "records_read": account.records_read,
        "accepted": account.accepted,
        "rejected": account.rejected,
        "rejections": [_issue(i) for i in account.rejections],
        "warnings": [_issue(i) for i in account.warnings],
        "calls": summary.calls,
        "feedback": summary.feedback,
        "by_channel": dict(sorted(summary.by_channel.items())),
        "by_kind": dict(sorted(summary.by_kind.items())),
        "by_service": dict(sorted(summary.by_service.items())),
    }
