"""Observation columns from model objects: one row per call, one row per survey answer.

This is the objects path, for data that arrived as :class:`~xlacore.model.Call` and
:class:`~xlacore.model.Feedback` (connectors, the demo, APIs). Each object is visited once;
the facts are those the model derives from the events, so scoring and the model never
disagree. Missing values (``None``) become missing entries, so each indicator keeps its own n.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from xlacore.model._invariants import instant
from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback, SubjectKind
from xlacore.model.people import SEGMENT_KEYS, Person
from xlacore.scoring.columns import ObservationColumns

__all__ = ["CALL_COLUMNS", "FEEDBACK_COLUMNS", "call_observations", "feedback_observations"]

#: The columns :func:`call_observations` gives (plus the callers' segment attributes).
CALL_COLUMNS: tuple[str, ...] = (
    "call",
    "kind",
    "service",
    "channel",
    "caller",
    "priority",
    "impact",
    "urgency",
    "category",
    "component",
    "opened_at",
    "resolved_at",
    "resolution_seconds",
    "resolved",
    "reassignment_count",
    "reopen_count",
    "escalation_count",
    "reopened",
    "reassigned",
    "escalated",
    "first_contact_resolution",
    "first_assignment_resolution",
    "knowledge_used",
)

#: The columns :func:`feedback_observations` adds to those of the call each answer is about.
FEEDBACK_COLUMNS: tuple[str, ...] = (
    "feedback",
    "value",
    "scale_low",
    "scale_high",
    "answered_at",
    "lost_time_seconds",
    "person",
    "about_kind",
    "about",
)


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(instant(moment).timestamp())


def _call_row(call: Call) -> dict[str, Any]:
    return {
        "call": call.id,
        "kind": call.kind.value,
        "service": call.service,
        "channel": None if call.channel is None else call.channel.value,
        "caller": call.caller,
        "priority": call.current_priority,
        "impact": call.impact,
        "urgency": call.urgency,
        "category": call.category,
        "component": call.component,
        "opened_at": _epoch(call.opened_at),
        "resolved_at": _epoch(call.resolved_at),
        "resolution_seconds": call.resolution_seconds,
        "resolved": call.is_resolved,
        "reassignment_count": call.reassignment_count,
        "reopen_count": call.reopen_count,
        "escalation_count": call.escalation_count,
        "reopened": call.reopen_count > 0,
        "reassigned": call.reassignment_count > 0,
        "escalated": call.escalation_count > 0,
        "first_contact_resolution": call.first_contact_resolution,
        "first_assignment_resolution": call.first_assignment_resolution,
        "knowledge_used": call.knowledge_used,
    }


def _segments(person_id: str | None, people: Mapping[str, Person]) -> dict[str, str | None]:
    person = None if person_id is None else people.get(person_id)
    return {key: None if person is None else person.segment(key) for key in SEGMENT_KEYS}


def _columns(rows: Sequence[Mapping[str, Any]], names: Iterable[str]) -> ObservationColumns:
    return ObservationColumns.from_arrays(**{name: [row[name] for row in rows] for name in names})


def call_observations(
    calls: Iterable[Call], *, people: Iterable[Person] = ()
) -> ObservationColumns:
    """One row per call: its fields, derived facts and the caller's segment attributes.

    Times are epoch seconds (UTC); booleans stay booleans, so proportions such as
    ``reopened`` or ``first_contact_resolution`` score directly.
    """
    by_id = {p.id: p for p in people}
    rows = [{**_call_row(c), **_segments(c.caller, by_id)} for c in calls]
    return _columns(rows, (*CALL_COLUMNS, *SEGMENT_KEYS))


def feedback_observations(
    feedback: Iterable[Feedback], *, calls: Iterable[Call] = (), people: Iterable[Person] = ()
) -> ObservationColumns:
    """One row per answer, joined to the call it is about and to the answering person.

    Answers about a service carry that service in ``service``; answers whose call is not
    among ``calls`` keep their own fields and missing call fields. The person's segments
    are the answering person's, else the caller's.
    """
    calls_by_id = {c.id: _call_row(c) for c in calls}
    by_person = {p.id: p for p in people}
    empty_call = dict.fromkeys(CALL_COLUMNS)
    rows: list[dict[str, Any]] = []
    for answer in feedback:
        call_row = calls_by_id.get(answer.about.id, empty_call)
        if answer.about.kind is not SubjectKind.CALL:
            call_row = {**empty_call, "service": answer.about.id}
            if answer.about.kind is not SubjectKind.SERVICE:
                call_row["service"] = None
        rows.append(
            {
                **call_row,
                "feedback": answer.id,
                "value": answer.value,
                "scale_low": answer.scale.low,
                "scale_high": answer.scale.high,
                "answered_at": _epoch(answer.answered_at),
                "lost_time_seconds": answer.lost_time_seconds,
                "person": answer.person,
                "about_kind": answer.about.kind.value,
                "about": answer.about.id,
                **_segments(answer.person or call_row["caller"], by_person),
            }
        )
    return _columns(rows, (*CALL_COLUMNS, *FEEDBACK_COLUMNS, *SEGMENT_KEYS))
