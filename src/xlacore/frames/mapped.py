"""Mapped frame columns → observation columns, the way the mapped connector reads a file.

Each mapped column is read once as a numpy column (:mod:`xlacore.frames.columns`); values
that a file holds as text (kinds, channels, levels, text times) are converted once per
distinct value, so the work does not grow with repeated values. The result has the columns
:func:`~xlacore.scoring.observations.call_observations` and
:func:`~xlacore.scoring.observations.feedback_observations` build from the objects the mapped
connector would make of the same rows: the same derived facts (a call's events are its
``[calls.times]`` columns in mapping order after ``opened``, each no earlier than the one
before), the same checks. A row the connector would reject is an error here, naming its
position (from 0) and id: a frame is data in hand, so nothing is dropped silently.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.connectors.flags import FALSE, count_problem, flag_problem, read_count, read_flag
from xlacore.connectors.levels import level_problem, read_level
from xlacore.connectors.mapped_shared import id_missing
from xlacore.connectors.mapping import (
    CallColumns,
    FeedbackColumns,
    SourceSpec,
    ValueMaps,
    first_contact_resolution,
    unrecorded,
)
from xlacore.connectors.timestamps import TimestampParser, gap_note
from xlacore.errors import InvalidInputError, XlaCoreWarning
from xlacore.frames.columns import Column, numpy_column
from xlacore.model.calls import CallKind, EventType
from xlacore.model.channels import ChannelMap
from xlacore.model.feedback import SubjectKind
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import factorize

__all__ = ["TIME_COLUMNS", "mapped_calls", "mapped_feedback", "mapped_names", "observation_times"]

#: The observation columns holding times (int64 epoch seconds).
TIME_COLUMNS = frozenset({"opened_at", "resolved_at", "updated_at", "answered_at"})

_SHOWN = 10
_COUNTED = {
    EventType.REASSIGNED: "reassignment_count",
    EventType.REOPENED: "reopen_count",
    EventType.ESCALATED: "escalation_count",
}


def mapped_names(cols: CallColumns | FeedbackColumns) -> tuple[str, ...]:
    """The frame columns a mapping section reads."""
    named: tuple[str | None, ...]
    if isinstance(cols, FeedbackColumns):
        named = (cols.id, cols.about, cols.value, cols.answered_at, cols.person)
        named += (cols.lost_time_seconds,)
    else:
        named = (cols.id, *cols.times.values(), cols.kind, cols.channel, cols.service)
        named += (cols.component, cols.category, cols.caller, cols.priority, cols.impact)
        named += (cols.urgency, cols.knowledge, cols.reassignments, cols.first_contact)
        named += (cols.status, *cols.attributes)
    return tuple(dict.fromkeys(n for n in named if n is not None))


@frozen
class _Reader:
    """The collected frame's columns and the conversions of one mapping."""

    frame: Any
    source: SourceSpec
    values: ValueMaps

    def raw(self, name: str) -> Column:
        return numpy_column(self.frame[name], timezone=self.source.timezone)

    def text(self, name: str) -> Column:
        """A column as text; the ``[source] missing`` markers are no value."""
        data, present = self.raw(name)
        if data.dtype.kind == "b":
            data = np.where(data, "true", "false")
        elif data.dtype.kind == "f":
            whole = np.isfinite(data) & (data == np.round(data))
            shown = np.where(whole, data.astype(np.int64).astype(str), data.astype(str))
            data = shown
        elif data.dtype.kind != "U":
            data = data.astype(str)
        gone = np.isin(data, list(self.source.missing))
        if gone.any():
            present = ~gone if present is None else present & ~gone
        return data, present

    def time(self, name: str, errors: _Errors) -> Column:
        data, present = self.raw(name)
        if data.dtype.kind in "iu":
            return data.astype(np.int64), present
        if data.dtype.kind == "f":
            return np.floor(data).astype(np.int64), present
        data, present = self.text(name)
        parser = TimestampParser.of(self.source.date_formats, self.source.timezone)

        def parse(text: str) -> int | None:
            try:
                return int(parser.parse(text).timestamp())
            except ValueError as exc:
                errors.add_value(name, str(exc))
                return None

        seconds = per_value(data, present, parse, np.int64)
        gaps = parser.skipped_texts
        if gaps:
            rows = np.isin(data, list(gaps)) & ~_missing(present, len(data))
            note = gap_note(int(rows.sum()), min(gaps), parser.assume)
            warnings.warn(f"{name}: {note}", XlaCoreWarning, stacklevel=2)
        return seconds


def per_value(
    data: NDArray[Any],
    present: NDArray[np.bool_] | None,
    convert: Callable[[Any], Any],
    dtype: Any,
) -> Column:
    """``convert`` applied once per distinct present value; None results are missing."""
    out = np.zeros(len(data), dtype=dtype)
    keep = np.ones(len(data), dtype=bool) if present is None else present.copy()
    if not keep.any():
        return out, keep
    distinct, inverse = factorize(data[keep])
    converted = [convert(v) for v in distinct.tolist()]
    known = np.asarray([c is not None for c in converted], dtype=bool)
    table = np.asarray([c if c is not None else out.dtype.type() for c in converted], dtype=dtype)
    out[keep] = table[inverse]
    keep[keep] = known[inverse]
    return out, None if keep.all() else keep


class _Errors:
    """Rows the mapped connector would reject, collected so the message lists them all."""

    def __init__(self, role: str, ids: NDArray[Any] | None) -> None:
        self.role = role
        self.ids = ids
        self.rows: list[tuple[int, str]] = []
        self.values: list[str] = []

    def add(self, bad: NDArray[np.bool_], reason: str) -> None:
        for row in np.flatnonzero(bad)[:_SHOWN].tolist():
            self.rows.append((row, reason))
        extra = int(bad.sum()) - _SHOWN
        if extra > 0:
            self.rows.append((-1, f"{extra} more rows: {reason}"))

    def add_value(self, name: str, reason: str) -> None:
        self.values.append(f"{name}: {reason}")

    def raise_any(self) -> None:
        lines = list(dict.fromkeys(self.values))
        for row, reason in sorted(self.rows, key=lambda item: (item[0] < 0, item[0])):
            if row < 0:
                lines.append(reason)
                continue
            record = "" if self.ids is None else f" (record {self.ids[row]})"
            lines.append(f"row {row}{record}: {reason}")
        if lines:
            lines.append("fix or filter these rows in the frame, or fix the mapping")
            raise InvalidInputError(lines, what=self.role)


def _missing(present: NDArray[np.bool_] | None, n: int) -> NDArray[np.bool_]:
    return np.zeros(n, dtype=bool) if present is None else ~present


def _masked(column: Column) -> Any:
    data, present = column
    return data if present is None else np.ma.masked_array(data, mask=~present)


def _none(n: int, dtype: Any) -> Any:
    return np.ma.masked_array(np.zeros(n, dtype=dtype), mask=np.ones(n, dtype=bool))


def _ids(reader: _Reader, name: str, n: int, errors: _Errors) -> NDArray[Any]:
    data, present = reader.text(name)
    errors.ids = data
    errors.add(_missing(present, n), id_missing(name))
    _, codes = factorize(data)
    order = np.argsort(codes, kind="stable")  # the first row of an id stays first
    repeated = np.zeros(n, dtype=bool)
    repeated[order[1:]] = codes[order[1:]] == codes[order[:-1]]
    if present is not None:
        repeated &= present
    errors.add(repeated, "duplicate id")
    return data


def _optional_text(reader: _Reader, name: str | None, n: int) -> Any:
    return _none(n, str) if name is None else _masked(reader.text(name))


def _level(reader: _Reader, name: str | None, n: int, errors: _Errors, field: str) -> Any:
    """A level column from 1 (highest), each value read as :mod:`xlacore.connectors.levels` says."""
    if name is None:
        return _none(n, np.int64)
    table: Mapping[str, int] = getattr(reader.values, field)
    data, present = reader.raw(name)
    if data.dtype.kind in "iu" and not table:
        errors.add((data < 1) & ~_missing(present, n), f"{name}: not a level from 1 (highest)")
        return _masked((data, present))
    text, present = reader.text(name)
    levels, known = per_value(text, present, lambda v: read_level(v, field, table) or 0, np.int64)
    bad = (levels < 1) & ~_missing(known, n)
    for value in np.unique(text[bad]).tolist():
        errors.add(bad & (text == value), level_problem(name, str(value), field, table))
    return _masked((levels, known))


def _kinds(reader: _Reader, cols: CallColumns, n: int, errors: _Errors) -> NDArray[Any]:
    """Call kinds: the column through ``[values.kind]``, else ``kind_default`` (checked at load)."""
    if cols.kind is None or not n:
        return np.full(n, cols.kind_default)
    text, present = reader.text(cols.kind)
    mapped, _ = per_value(text, present, lambda v: reader.values.kind.get(v, v), object)
    kinds = np.where(_missing(present, n), cols.kind_default, mapped)
    bad = ~np.isin(kinds, [k.value for k in CallKind])
    for value in np.unique(text[bad]).tolist():
        reason = f"{cols.kind}: {value!r} is no call kind; map it in [values.kind]"
        errors.add(bad & (text == value), reason)
    return np.asarray(kinds.tolist(), dtype=str)


def _channels(reader: _Reader, name: str | None, n: int) -> Any:
    if name is None:
        return _none(n, str)
    channels = ChannelMap.default().extended(reader.values.channel)
    text, present = reader.text(name)

    def channel(value: str) -> str | None:
        found = channels.normalise(value)
        return None if found is None else found.value

    found, known = per_value(text, present, channel, object)
    return _masked((_strings(found, known), known))


def _strings(data: NDArray[Any], present: NDArray[np.bool_] | None) -> NDArray[Any]:
    """An object column of text (filler where missing) as a unicode array."""
    if not len(data):
        return np.zeros(0, dtype=str)
    return np.asarray(data if present is None else np.where(present, data, ""), dtype=str)


def _knowledge(reader: _Reader, name: str | None, n: int) -> NDArray[np.bool_]:
    if name is None:
        return np.zeros(n, dtype=bool)
    data, present = reader.raw(name)
    if data.dtype.kind == "b":
        return data & ~_missing(present, n)
    text, present = reader.text(name)
    used, known = per_value(text, present, lambda v: v.casefold() not in FALSE, bool)
    return used & ~_missing(known, n)


def _lifecycle(reader: _Reader, cols: CallColumns, n: int, errors: _Errors) -> dict[str, Any]:
    """The derived facts of the calls whose events are the ``[calls.times]`` columns."""
    order = [EventType.OPENED, *(EventType(t) for t in cols.times if t != "opened")]
    latest = np.zeros(n, dtype=np.int64)
    opened = np.zeros(n, dtype=np.int64)
    resolved = np.zeros(n, dtype=np.int64)
    is_resolved = np.zeros(n, dtype=bool)
    counts = {name: np.zeros(n, dtype=np.int64) for name in _COUNTED.values()}
    for kind in order:
        column = cols.times[kind.value]
        at, present = reader.time(column, errors)
        has = ~_missing(present, n)
        if kind is EventType.OPENED:
            errors.add(~has, f"{column} (the opening time) is missing")
            opened = latest = at
            continue
        latest = np.where(has, np.maximum(latest, at), latest)
        if kind is EventType.REOPENED:
            is_resolved &= ~has
        if kind in (EventType.RESOLVED, EventType.CLOSED):
            first = has & ~is_resolved
            resolved = np.where(first, latest, resolved)
            is_resolved |= first
        if kind in _COUNTED:
            counts[_COUNTED[kind]] += has
    recorded = cols.recorded(reader.values)
    moves_unknown = np.full(n, not recorded.assignments)
    if cols.reassignments is not None:  # the source's own count wins over the events
        count, present = _recorded(
            reader, cols.reassignments, n, errors, read=read_count, problem=count_problem
        )
        given = ~_missing(present, n)
        counts["reassignment_count"] = np.where(given, count, counts["reassignment_count"])
        moves_unknown &= ~given
    hidden = unrecorded(
        moves_unknown, np.full(n, not recorded.reopenings), np.full(n, not recorded.escalations)
    )
    own = None
    if cols.first_contact is not None:  # the source's own flag
        flag, present = _recorded(
            reader, cols.first_contact, n, errors, read=read_flag, problem=flag_problem
        )
        missing = _missing(present, n)
        own = np.ma.masked_array(flag.astype(bool), mask=missing)
        hidden["first_contact_resolution"] &= missing
    first_contact = first_contact_resolution(
        is_resolved,
        counts["reassignment_count"],
        counts["reopen_count"],
        counts["escalation_count"],
        escalations_recorded=recorded.escalations,
        own=own,
    )
    facts = {
        "opened_at": opened,
        "resolved_at": np.ma.masked_array(resolved, mask=~is_resolved),
        "updated_at": latest,
        "resolution_seconds": np.ma.masked_array(resolved - opened, mask=~is_resolved),
        "resolved": is_resolved,
        **counts,
        "reopened": counts["reopen_count"] > 0,
        "reassigned": counts["reassignment_count"] > 0,
        "escalated": counts["escalation_count"] > 0,
        "first_contact_resolution": first_contact,
        "first_assignment_resolution": (counts["reassignment_count"] == 0) & is_resolved,
    }
    for name, mask in hidden.items():  # unknown, as the connector says
        if mask.any():
            facts[name] = np.ma.masked_array(facts[name], mask=mask)
    return facts


def _recorded(
    reader: _Reader,
    name: str,
    n: int,
    errors: _Errors,
    *,
    read: Callable[[str], Any],
    problem: Callable[[str, str], str],
) -> Column:
    """A source's own verdict in column ``name`` (:mod:`xlacore.connectors.flags`)."""
    text, present = reader.text(name)

    def convert(value: str) -> Any:
        found = read(value)
        if found is None:
            errors.add_value(name, problem(name, value))
        return found

    return per_value(text, present, convert, np.int64)


def observation_times(frame: Any, names: Sequence[str], timezone: str, role: str) -> dict[str, Any]:
    """The time columns among ``names`` of an unmapped frame as epoch seconds.

    Datetimes and whole numbers are read as they are; text is ISO 8601 (naive: in
    ``timezone``), and text that is not is an error naming the column and the value.
    """
    reader = _Reader(frame, SourceSpec(timezone=timezone), ValueMaps())
    errors = _Errors(role, None)
    out = {name: _masked(reader.time(name, errors)) for name in names if name in TIME_COLUMNS}
    errors.raise_any()
    return out


def mapped_calls(
    frame: Any, cols: CallColumns, source: SourceSpec, values: ValueMaps, role: str
) -> ObservationColumns:
    """Call observations of a collected frame read through ``[calls]``."""
    reader = _Reader(frame, source, values)
    n = len(frame)
    errors = _Errors(role, None)
    ids = _ids(reader, cols.id, n, errors)
    columns: dict[str, Any] = {
        "call": ids,
        "kind": _kinds(reader, cols, n, errors),
        "service": _optional_text(reader, cols.service, n),
        "channel": _channels(reader, cols.channel, n),
        "caller": _optional_text(reader, cols.caller, n),
        "priority": _level(reader, cols.priority, n, errors, "priority"),
        "impact": _level(reader, cols.impact, n, errors, "impact"),
        "urgency": _level(reader, cols.urgency, n, errors, "urgency"),
        "category": _optional_text(reader, cols.category, n),
        "component": _optional_text(reader, cols.component, n),
        **_lifecycle(reader, cols, n, errors),
        "knowledge_used": _knowledge(reader, cols.knowledge, n),
        "journey": _none(n, str),
    }
    extra = {name: _masked(reader.text(name)) for name in cols.attributes}
    if cols.status is not None:
        extra["status"] = _masked(reader.text(cols.status))
    errors.raise_any()
    return ObservationColumns.from_arrays(**columns, **_unfixed(extra))


def _unfixed(extra: Mapping[str, Any]) -> dict[str, Any]:
    from xlacore.scoring.observations import CALL_COLUMNS

    return {k: v for k, v in sorted(extra.items()) if k not in CALL_COLUMNS}


def _whole(reader: _Reader, name: str, n: int, errors: _Errors, what: str) -> Column:
    data, present = reader.raw(name)
    if data.dtype.kind in "iu":
        return data, present
    if data.dtype.kind == "f":
        has = ~_missing(present, n)
        errors.add(has & (data != np.floor(data)), f"{name}: not {what}")
        return np.floor(data).astype(np.int64), present
    text, present = reader.text(name)

    def number(value: str) -> int | None:
        stripped = value.strip()
        if stripped.lstrip("-").isdigit():
            return int(stripped)
        try:
            return int(float(stripped))
        except ValueError:
            errors.add_value(name, f"{value!r} is not {what}")
            return None

    return per_value(text, present, number, np.int64)


def mapped_feedback(
    frame: Any, cols: FeedbackColumns, source: SourceSpec, values: ValueMaps, role: str
) -> ObservationColumns:
    """The answers' own observation columns of a collected frame read through ``[feedback]``.

    Rows without an answer (an empty value) are calls nobody answered about: left out, as
    the mapped connector accepts them without making answers of them.
    """
    reader = _Reader(frame, source, values)
    n = len(frame)
    errors = _Errors(role, None)
    ids = _ids(reader, cols.id, n, errors)
    value, has_value = _whole(reader, cols.value, n, errors, "a whole-number answer")
    unanswered = _missing(reader.text(cols.value)[1], n)  # no answer given: not an answer
    errors.add(_missing(has_value, n) & ~unanswered, f"{cols.value}: no whole-number answer")
    outside = (value < cols.scale_low) | (value > cols.scale_high)
    errors.add(
        outside & ~_missing(has_value, n),
        f"{cols.value}: outside the scale {cols.scale_low}..{cols.scale_high}",
    )
    answered = reader.time(cols.answered_at, errors)
    about = reader.text(cols.about)
    lacking = (_missing(answered[1], n) | _missing(about[1], n)) & ~unanswered
    errors.add(lacking, f"{cols.answered_at} and {cols.about} are required")
    lost: Any = _none(n, np.int64)
    if cols.lost_time_seconds is not None:
        seconds = _whole(reader, cols.lost_time_seconds, n, errors, "whole seconds")
        errors.add(
            (seconds[0] < 0) & ~_missing(seconds[1], n),
            f"{cols.lost_time_seconds}: lost time is zero or more seconds",
        )
        lost = _masked(seconds)
    errors.raise_any()
    kind = SubjectKind(cols.about_kind).value
    answers = ObservationColumns.from_arrays(
        feedback=ids,
        value=value,
        scale_low=np.full(n, cols.scale_low, dtype=np.int64),
        scale_high=np.full(n, cols.scale_high, dtype=np.int64),
        answered_at=answered[0],
        lost_time_seconds=lost,
        person=_optional_text(reader, cols.person, n),
        about_kind=np.full(n, kind),
        about=about[0],
    )
    return answers.take(np.flatnonzero(~unanswered)) if unanswered.any() else answers
