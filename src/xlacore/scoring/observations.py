"""Observation columns from model objects: one row per call, one row per survey answer.

This is the objects path, for data that arrived as :class:`~xlacore.model.Call` and
:class:`~xlacore.model.Feedback` (connectors, the demo, APIs). The facts are those the model
derives from the events, so scoring and the model never disagree: :func:`call_row` asks one
call for them; :func:`call_observations` and :func:`feedback_observations` derive them for
all calls at once on arrays (:mod:`xlacore.scoring.call_facts`, held equal to
:func:`call_row` by a property test) and join answers to their calls' rows by index.
Missing values (``None``) become missing entries, so each indicator keeps its own n.

Besides the fixed columns, a call row carries its ``attributes`` (source fields such as
``made_sla``, or segment attributes a connector copied) and, when ``people`` are given, the
caller's segment attributes, which win over attributes of the same name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from xlacore.model.calls import Call
from xlacore.model.feedback import Feedback, SubjectKind
from xlacore.model.people import SEGMENT_KEYS, Person
from xlacore.model.validators import instant
from xlacore.scoring.call_facts import call_fact_columns
from xlacore.scoring.columns import ObservationColumns

__all__ = [
    "BOOLEAN_COLUMNS",
    "CALL_COLUMNS",
    "FEEDBACK_COLUMNS",
    "GROUP_KEYS",
    "INTEGER_COLUMNS",
    "call_observations",
    "call_row",
    "call_table",
    "feedback_observations",
    "feedback_table",
    "observation_tables",
]

#: The fixed columns of a call row (``updated_at``: the time of its latest event).
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
    "updated_at",
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
    "journey",
)

#: The columns an answer row adds to those of the call it is about.
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

#: The fixed columns holding flags. They stay boolean when no row gives them a value (an empty
#: table, answers about no known call), so filters such as ``resolved & reopened`` still work.
BOOLEAN_COLUMNS: frozenset[str] = frozenset(
    {
        "resolved",
        "reopened",
        "reassigned",
        "escalated",
        "first_contact_resolution",
        "first_assignment_resolution",
        "knowledge_used",
    }
)
#: The fixed columns holding whole numbers (times, counts, answers); like the flags, they keep
#: their type when no row gives them a value.
INTEGER_COLUMNS: frozenset[str] = frozenset(
    {
        "priority",
        "impact",
        "urgency",
        "opened_at",
        "resolved_at",
        "updated_at",
        "resolution_seconds",
        "reassignment_count",
        "reopen_count",
        "escalation_count",
        "value",
        "scale_low",
        "scale_high",
        "answered_at",
        "lost_time_seconds",
    }
)

#: Columns that are group keys: ``unknown=`` fills their missing values.
GROUP_KEYS: tuple[str, ...] = ("service", "channel", "kind")


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(instant(moment).timestamp())


def _any(count: int | None) -> bool | None:
    """Whether a counted fact happened at all; ``None`` when the source does not record it."""
    return None if count is None else count > 0


def call_row(call: Call, people: Mapping[str, Person] | None = None) -> dict[str, Any]:
    """One call's row (column name to value) as :func:`call_observations` makes it.

    ``people`` are the known people by id (the caller's segments join the row).
    """
    row: dict[str, Any] = {k: v for k, v in call.attributes.items() if k not in CALL_COLUMNS}
    reassignments, reopens = call.reassignment_count, call.reopen_count  # each read once
    escalations = call.escalation_count
    row.update(
        call=call.id,
        kind=call.kind.value,
        service=call.service,
        channel=None if call.channel is None else call.channel.value,
        caller=call.caller,
        priority=call.current_priority,
        impact=call.impact,
        urgency=call.urgency,
        category=call.category,
        component=call.component,
        opened_at=_epoch(call.opened_at),
        resolved_at=_epoch(call.resolved_at),
        updated_at=_epoch(call.events[-1].at),
        resolution_seconds=call.resolution_seconds,
        resolved=call.is_resolved,
        reassignment_count=reassignments,
        reopen_count=reopens,
        escalation_count=escalations,
        reopened=_any(reopens),
        reassigned=_any(reassignments),
        escalated=_any(escalations),
        first_contact_resolution=call.first_contact_resolution,
        first_assignment_resolution=call.first_assignment_resolution,
        knowledge_used=call.knowledge_used,
        journey=call.journey,
    )
    row.update(_segments(call.caller, people or {}))
    return row


def _segments(person_id: str | None, people: Mapping[str, Person]) -> dict[str, str | None]:
    person = None if person_id is None else people.get(person_id)
    return {} if person is None else {key: person.segment(key) for key in SEGMENT_KEYS}


def _columns(
    rows: Sequence[Mapping[str, Any]], fixed: Sequence[str], unknown: str | None
) -> ObservationColumns:
    extra = sorted({k for row in rows for k in row} - set(fixed))
    columns = {name: [row.get(name) for row in rows] for name in (*fixed, *extra)}
    return _table(columns, unknown)


def _table(columns: dict[str, list[Any]], unknown: str | None) -> ObservationColumns:
    """Columns of Python values (``None``: missing) as a table.

    Group keys are filled with ``unknown``; a flag or count column without any value keeps
    its type.
    """
    arrays: dict[str, Any] = {}
    for name, given in columns.items():
        values = given
        if unknown is not None and name in GROUP_KEYS:
            values = [unknown if v is None else v for v in values]
        arrays[name] = values
        typed = bool if name in BOOLEAN_COLUMNS else int if name in INTEGER_COLUMNS else None
        if typed is not None and all(v is None for v in values):
            empty: Any = np.zeros(len(values), dtype=typed)
            arrays[name] = np.ma.masked_array(empty, mask=np.ones(len(values), dtype=bool))
    return ObservationColumns.from_arrays(**arrays)


def _call_columns(calls: Sequence[Call], people: Mapping[str, Person]) -> dict[str, list[Any]]:
    """The columns of :func:`call_row` for many calls, the derived facts on arrays."""
    extras: list[dict[str, Any]] = []
    for call in calls:
        extra: dict[str, Any] = {k: v for k, v in call.attributes.items() if k not in CALL_COLUMNS}
        extra.update(_segments(call.caller, people))
        extras.append(extra)
    columns: dict[str, list[Any]] = {
        "call": [c.id for c in calls],
        "kind": [c.kind.value for c in calls],
        "service": [c.service for c in calls],
        "channel": [None if c.channel is None else c.channel.value for c in calls],
        "caller": [c.caller for c in calls],
        "impact": [c.impact for c in calls],
        "urgency": [c.urgency for c in calls],
        "category": [c.category for c in calls],
        "component": [c.component for c in calls],
        "knowledge_used": [c.knowledge_used for c in calls],
        "journey": [c.journey for c in calls],
        **call_fact_columns(calls),
    }
    columns = {name: columns.get(name, []) for name in CALL_COLUMNS}
    for name in sorted({k for extra in extras for k in extra}):
        given = [extra.get(name, _ABSENT) for extra in extras]
        if name in columns:  # a segment of the same name wins, as in call_row
            columns[name] = [
                c if g is _ABSENT else g for c, g in zip(columns[name], given, strict=True)
            ]
        else:
            columns[name] = [None if g is _ABSENT else g for g in given]
    return columns


_ABSENT = object()


def call_observations(
    calls: Iterable[Call], *, people: Iterable[Person] = (), unknown: str | None = None
) -> ObservationColumns:
    """One row per call: its fields, derived facts, attributes and the caller's segments.

    Times are epoch seconds (UTC); booleans stay booleans, so proportions such as
    ``reopened`` or ``first_contact_resolution`` score directly. ``unknown`` (e.g.
    ``"unknown"``) stands in for a missing service, channel or kind, so every row has a group.
    """
    by_id = {p.id: p for p in people}
    return _table(_call_columns(list(calls), by_id), unknown)


def call_table(
    rows: Sequence[Mapping[str, Any]], *, unknown: str | None = None
) -> ObservationColumns:
    """The table of call rows made by :func:`call_row` (for a caller that keeps rows)."""
    return _columns(rows, CALL_COLUMNS, unknown)


def feedback_observations(
    feedback: Iterable[Feedback],
    *,
    calls: Iterable[Call] = (),
    people: Iterable[Person] = (),
    unknown: str | None = None,
) -> ObservationColumns:
    """One row per answer, joined to the call it is about and to the answering person.

    Answers about a service carry that service in ``service``; answers whose call is not
    among ``calls`` have missing call columns. Every column of ``calls`` is a column here,
    even when no answered call has a value in it. Segment attributes are the answering
    person's when known, else the caller's.
    """
    by_person = {p.id: p for p in people}
    known = list({call.id: call for call in calls}.values())  # the last of an id wins
    return _joined(list(feedback), known, _call_columns(known, by_person), by_person, unknown)


def observation_tables(
    calls: Iterable[Call],
    feedback: Iterable[Feedback],
    *,
    people: Iterable[Person] = (),
    unknown: str | None = None,
) -> tuple[ObservationColumns, ObservationColumns]:
    """:func:`call_observations` of ``calls`` and :func:`feedback_observations` joined to them.

    The same two tables, with the calls' facts derived once for both.
    """
    by_person = {p.id: p for p in people}
    every = list(calls)
    columns = _call_columns(every, by_person)
    known, joined = every, columns
    if len({call.id for call in every}) < len(every):  # an id given twice: answers join its last
        known = list({call.id: call for call in every}.values())
        joined = _call_columns(known, by_person)
    answers = _joined(list(feedback), known, joined, by_person, unknown)
    return _table(columns, unknown), answers


def _joined(
    answers: Sequence[Feedback],
    calls: Sequence[Call],
    call_columns: Mapping[str, list[Any]],
    people: Mapping[str, Person],
    unknown: str | None,
) -> ObservationColumns:
    """The answers' table, each answer with the values of its call (``calls`` distinct)."""
    index = {call.id: row for row, call in enumerate(calls)}
    rows = [index.get(a.about.id, -1) if a.about.kind is SubjectKind.CALL else -1 for a in answers]
    columns = {
        name: [values[r] if r >= 0 else None for r in rows] for name, values in call_columns.items()
    }
    columns["service"] = [
        a.about.id if a.about.kind is SubjectKind.SERVICE else s
        for a, s in zip(answers, columns["service"], strict=True)
    ]
    own = {name: columns.pop(name) for name in [n for n in columns if n not in CALL_COLUMNS]}
    columns |= _answer_columns(answers)
    columns |= {name: values for name, values in own.items() if name not in columns}
    segments = [_segments(a.person, people) for a in answers]
    for name in sorted({k for found in segments for k in found}):  # the answerer's win
        given = columns.get(name, [None] * len(answers))
        columns[name] = [found.get(name, g) for found, g in zip(segments, given, strict=True)]
    return _table(columns, unknown)


def _answer_columns(answers: Sequence[Feedback]) -> dict[str, list[Any]]:
    """The columns an answer row adds to its call's (:data:`FEEDBACK_COLUMNS`)."""
    return {
        "feedback": [a.id for a in answers],
        "value": [a.value for a in answers],
        "scale_low": [a.scale.low for a in answers],
        "scale_high": [a.scale.high for a in answers],
        "answered_at": [_epoch(a.answered_at) for a in answers],
        "lost_time_seconds": [a.lost_time_seconds for a in answers],
        "person": [a.person for a in answers],
        "about_kind": [a.about.kind.value for a in answers],
        "about": [a.about.id for a in answers],
    }


def feedback_table(
    feedback: Iterable[Feedback],
    call_rows: Mapping[str, Mapping[str, Any]],
    *,
    people: Mapping[str, Person] | None = None,
    unknown: str | None = None,
) -> ObservationColumns:
    """:func:`feedback_observations` with the calls' rows given (call id to :func:`call_row`).

    For a caller that keeps the rows of calls it built already; ``people`` by id.
    """
    by_person = people or {}
    rows: list[dict[str, Any]] = []
    for answer in feedback:
        joined: Mapping[str, Any] = {}
        if answer.about.kind is SubjectKind.CALL:
            joined = call_rows.get(answer.about.id, {})
        elif answer.about.kind is SubjectKind.SERVICE:
            joined = {"service": answer.about.id}
        rows.append(
            {
                **joined,
                "feedback": answer.id,
                "value": answer.value,
                "scale_low": answer.scale.low,
                "scale_high": answer.scale.high,
                "answered_at": _epoch(answer.answered_at),
                "lost_time_seconds": answer.lost_time_seconds,
                "person": answer.person,
                "about_kind": answer.about.kind.value,
                "about": answer.about.id,
                **_segments(answer.person, by_person),
            }
        )
    # Every call column is an answer column, answered or not: a segment or condition reading
    # a call attribute must not fail because no answered call happens to carry it.
    call_extra = sorted(
        {k for row in call_rows.values() for k in row} - {*CALL_COLUMNS, *FEEDBACK_COLUMNS}
    )
    return _columns(rows, (*CALL_COLUMNS, *FEEDBACK_COLUMNS, *call_extra), unknown)
