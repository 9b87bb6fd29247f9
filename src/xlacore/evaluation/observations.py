"""Observation tables: calls and survey answers as columns, built once per evaluation.

One row per call (``calls``) and one per answer (``feedback``); answers carry the columns of
the call they are about, so an indicator on feedback can select by service, channel, caller
attribute or lifecycle fact. Every timestamp is int64 epoch seconds (UTC). Group keys never
miss a value: a call without a service has service ``"unknown"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
from attrs import frozen

from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback, SubjectKind
from xlacore.model.indicators import Source
from xlacore.scoring.columns import ObservationColumns

__all__ = ["CALL_COLUMNS", "FEEDBACK_COLUMNS", "Observations", "UNKNOWN"]

UNKNOWN = "unknown"
"""The group key of a call without a service or channel."""

CALL_COLUMNS: tuple[str, ...] = (
    "service",
    "channel",
    "kind",
    "priority",
    "caller",
    "category",
    "opened_at",
    "resolved_at",
    "resolution_seconds",
    "resolved",
    "reopened",
    "reopen_count",
    "reassignment_count",
    "escalation_count",
    "first_contact_resolution",
    "first_assignment_resolution",
    "knowledge_used",
)
"""Columns of every call row (plus one per key of the calls' ``attributes``)."""

FEEDBACK_COLUMNS: tuple[str, ...] = ("value", "lost_time_seconds", "answered_at")
"""Columns of an answer's own; answer rows also carry the call columns."""


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def _call_row(call: Call) -> dict[str, Any]:
    return {
        "service": call.service or UNKNOWN,
        "channel": call.channel.value if call.channel is not None else UNKNOWN,
        "kind": call.kind.value,
        "priority": call.current_priority,
        "caller": call.caller,
        "category": call.category,
        "opened_at": _epoch(call.opened_at),
        "resolved_at": _epoch(call.resolved_at),
        "resolution_seconds": call.resolution_seconds,
        "resolved": call.is_resolved,
        "reopened": call.reopen_count > 0,
        "reopen_count": call.reopen_count,
        "reassignment_count": call.reassignment_count,
        "escalation_count": call.escalation_count,
        "first_contact_resolution": call.first_contact_resolution,
        "first_assignment_resolution": call.first_assignment_resolution,
        "knowledge_used": call.knowledge_used,
        **{k: v for k, v in call.attributes.items() if k not in CALL_COLUMNS},
    }


_GROUP_KEYS = ("service", "channel", "kind")


def _columns(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> ObservationColumns:
    arrays: dict[str, Any] = {}
    for name in names:
        values = [row.get(name) for row in rows]
        if name in _GROUP_KEYS:
            values = [UNKNOWN if v is None else v for v in values]
        typed = {type(v) for v in values if v is not None}
        if typed <= {int} and None in values:
            arrays[name] = np.ma.masked_array(
                [0 if v is None else v for v in values], [v is None for v in values], dtype=np.int64
            )
        elif typed <= {int} or typed == {bool}:
            arrays[name] = np.asarray(values, dtype=np.int64 if typed <= {int} else bool)
        else:
            arrays[name] = np.asarray(values, dtype=object)
    return ObservationColumns.from_arrays(**arrays)


@frozen
class Observations:
    """The call and feedback tables of one evaluation, and the latest moment in them."""

    calls: ObservationColumns
    feedback: ObservationColumns
    latest: int | None
    """Epoch seconds of the latest event or answer, or None when there is no data."""

    @classmethod
    def of(cls, calls: Sequence[Call], feedback: Sequence[Feedback]) -> Observations:
        """Build both tables; answers join their call by id (answers about a service get it)."""
        call_rows = [_call_row(c) for c in calls]
        by_id = {c.id: row for c, row in zip(calls, call_rows, strict=True)}
        extra = sorted({k for row in call_rows for k in row} - set(CALL_COLUMNS))
        answer_rows = []
        for answer in feedback:
            about_call = answer.about.kind is SubjectKind.CALL
            joined = dict(by_id.get(answer.about.id, {})) if about_call else {}
            if answer.about.kind is SubjectKind.SERVICE:
                joined["service"] = answer.about.id
            joined.update(
                value=answer.value,
                lost_time_seconds=answer.lost_time_seconds,
                answered_at=_epoch(answer.answered_at),
            )
            answer_rows.append(joined)
        call_names = (*CALL_COLUMNS, *extra)
        moments = [r["answered_at"] for r in answer_rows]
        latest = max([*(_latest_event(c) for c in calls), *moments], default=None)
        return cls(
            _columns(call_rows, call_names),
            _columns(answer_rows, (*call_names, *FEEDBACK_COLUMNS)),
            latest,
        )

    def table(self, source: Source) -> ObservationColumns:
        """The table an indicator of ``source`` reads."""
        return self.calls if source is Source.CALLS else self.feedback


def _latest_event(call: Call) -> int:
    return max(int(event.at.timestamp()) for event in call.events)
