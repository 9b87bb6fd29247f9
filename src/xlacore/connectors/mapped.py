"""The mapped connector: any CSV, JSON Lines, Parquet or Arrow source, described by a mapping.

The mapping (:mod:`xlacore.connectors.mapping`) says which column fills which field. Rows
are read through the same CSV core as the ServiceNow connector, line by line from JSON
Lines, or in record batches from Parquet and Arrow files
(:mod:`~xlacore.connectors.arrowrows`, ``xlacore[arrow]``), and become calls (one row per
call, or contiguous event rows per call) or survey answers. Bad rows are rejected with their
line, record id and reason; duplicate ids in a one-row-per-record source are rejected too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from attrs import define, field

from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.arrowrows import arrow_records, columnar_format, date_formats
from xlacore.connectors.chunks import chunked
from xlacore.connectors.csvrows import CsvDialect, csv_rows
from xlacore.connectors.eventlog_columns import event_log_columns
from xlacore.connectors.files import open_text
from xlacore.connectors.flags import FALSE, count_problem, flag_problem, read_count, read_flag
from xlacore.connectors.levels import level_problem, read_level
from xlacore.connectors.lifecycle import EventLifecycle, EventRow
from xlacore.connectors.mapped_shared import (
    MappedOptions,
    check_columns,
    id_missing,
    kind_problem,
    time_missing,
    unmapped_channel_note,
    zone_note,
)
from xlacore.connectors.mapping import (
    CallColumns,
    EventColumns,
    FeedbackColumns,
    MappingFile,
    RecordedFacts,
    lacking_columns,
)
from xlacore.connectors.protocol import Batch, ColumnBatch
from xlacore.connectors.timestamps import TimestampParser
from xlacore.errors import ConnectorError, InvalidInputError
from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.channels import ChannelMap
from xlacore.model.feedback import Feedback, Scale, Subject

__all__ = ["MappedOptions", "MappedConnector", "MAPPED"]

Record = dict[str, str | None]
_T = TypeVar("_T")


class _BadRecord(ValueError):
    """A record that cannot be read; rejected with this message."""


def _records(
    path: Path,
    mapping: MappingFile,
    account: IngestAccount,
    id_column: str,
    *,
    columns: frozenset[str],
    name: str,
) -> Iterator[tuple[int, Record]]:
    """Every readable record with its line, missing markers turned into ``None``.

    The columns the mapping names are checked against the header of a CSV file and the
    columns of a Parquet or Arrow file; JSON Lines have no header (a key may be absent on a
    line), so a mapped key on no line at all is warned about at the end of the read. A
    CSV record holds only ``columns`` (those the mapping reads): a dictionary of every column
    of every row cost a third of the read of a wide export.
    """
    spec = mapping.source
    missing = frozenset(spec.missing)
    columnar = columnar_format(path, spec.format)
    if columnar is not None:
        checked = False
        for line, record in arrow_records(path, columnar, missing):
            if not checked:
                check_columns(path, list(record), mapping, name)
                checked = True
            yield line, record
        return
    if spec.format == "csv":
        dialect = CsvDialect(spec.delimiter, spec.quotechar, spec.encoding, spec.member)
        with csv_rows(path, dialect, account, id_column) as rows:
            check_columns(path, rows.header, mapping, name)
            picked = [(i, h) for i, h in enumerate(rows.header) if h in columns]
            for line, row in rows.rows:
                yield line, {h: (None if (v := row[i]) in missing else v) for i, h in picked}
        return
    keys: set[str] = set()
    with open_text(path, spec.member, spec.encoding) as text:
        for line, raw in enumerate(text, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except ValueError as exc:
                account.reject(Location(str(path), line), f"not JSON ({exc})")
                continue
            if not isinstance(data, dict):
                account.reject(Location(str(path), line), "a line must hold a JSON object")
                continue
            keys.update(data)
            yield line, {k: _text(v, missing) for k, v in data.items()}
    if keys:  # no header: a key on no line at all is said once, at the end
        for problem in lacking_columns(mapping.columns(), sorted(keys), f"any line of {path}"):
            account.warn(Location(str(path)), f"{problem} (read as missing on every line)")


def _text(value: object, missing: frozenset[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if isinstance(value, str) else json.dumps(value)
    return None if text in missing else text


@define
class _Fields:
    """Field conversions for one read: timestamps, levels, kinds and channels."""

    source: str
    mapping: MappingFile
    account: IngestAccount
    times: TimestampParser
    channels: ChannelMap
    facts: RecordedFacts = field(factory=RecordedFacts)
    unmapped: set[str] = field(factory=set)
    zoned: set[str] = field(factory=set)

    def time(self, record: Record, column: str | None) -> datetime | None:
        """The time in ``column``; one without an offset taken as UTC is warned about once."""
        text = None if column is None else record.get(column)
        if text is None or column is None:
            return None
        try:
            at, assumed = self.times.read(text)
        except ValueError as exc:
            raise _BadRecord(f"{column}: {exc}") from None
        zone = self.mapping.source.timezone
        if assumed and zone == "UTC" and column not in self.zoned:
            self.zoned.add(column)
            self.account.warn(
                Location(self.source, key="source.timezone"), zone_note(column, text, zone)
            )
        return at

    def level(self, record: Record, column: str | None, table: str) -> int | None:
        """A level from 1 (highest), read as :mod:`xlacore.connectors.levels` says."""
        text = None if column is None else record.get(column)
        if text is None or column is None:
            return None
        values: Mapping[str, int] = getattr(self.mapping.values, table)
        level = read_level(text, table, values)
        if level is None:
            raise _BadRecord(level_problem(column, text, table, values))
        return level

    def kind(self, record: Record, column: str | None) -> CallKind:
        text = None if column is None else record.get(column)
        raw = self.mapping.values.kind.get(text, text) if text is not None else None
        try:
            return CallKind(raw if raw is not None else self.mapping.calls.kind_default)  # type: ignore[union-attr]
        except ValueError:
            raise _BadRecord(kind_problem(column, text)) from None

    def explicit_type(self, record: Record, spec: EventColumns) -> EventType | None:
        """A row's own event type: its ``type`` value through ``[values.event]``.

        A row whose type is empty takes its event from its state when ``status`` is mapped
        (type and status combine); without a status column it cannot be read.
        """
        column = spec.type
        raw = None if column is None else record.get(column)
        if raw is None:
            if column is not None and spec.status is None:
                raise _BadRecord(
                    f"{column} (the event type) is empty; fill it, or map [calls.events]"
                    " status so that a row without a type takes its event from its state"
                )
            return None
        values = self.mapping.values.event
        try:
            return EventType(values.get(raw, raw))
        except ValueError:
            raise _BadRecord(
                f"{column}: {raw!r} is no event type; map it in [values.event] to one of"
                f" {', '.join(t.value for t in EventType)}"
            ) from None

    def event_row(self, record: Record, spec: EventColumns) -> EventRow:
        """What one event row says (its time, mapped type, state, group and actor)."""
        at = self.time(record, spec.at)
        if at is None:
            raise _BadRecord(time_missing(spec.at))
        get = record.get
        state, group, actor = spec.status, spec.group, spec.actor
        return EventRow(
            at,
            self.explicit_type(record, spec),
            None if state is None else get(state),
            None if group is None else get(group),
            None if actor is None else get(actor),
        )

    @staticmethod
    def recorded(
        record: Record,
        column: str | None,
        read: Callable[[str], _T | None],
        problem: Callable[[str, str], str],
    ) -> _T | None:
        """A source's own verdict in ``column`` (empty: unknown), read as ``read`` says.

        The reassignment count and the first-contact flag (:mod:`xlacore.connectors.flags`).
        """
        text = None if column is None else record.get(column)
        if text is None or column is None:
            return None
        value = read(text)
        if value is None:
            raise _BadRecord(problem(column, text))
        return value

    def call(self, line: int, record: Record, cols: CallColumns, events: list[CallEvent]) -> Call:
        raw_channel = None if cols.channel is None else record.get(cols.channel)
        channel = self.channels.normalise(raw_channel)
        call_id = record[cols.id] or ""
        if channel is None and raw_channel is not None and raw_channel not in self.unmapped:
            self.unmapped.add(raw_channel)
            self.account.warn(
                Location(self.source, line, call_id), unmapped_channel_note(raw_channel)
            )
        get = record.get
        attributes = {name: value for name in cols.attributes if (value := get(name)) is not None}
        if cols.channel is not None and raw_channel is not None:
            attributes["channel"] = raw_channel
        status = None if cols.status is None else get(cols.status)
        if status is not None:
            attributes["status"] = status
        knowledge = None if cols.knowledge is None else get(cols.knowledge)
        try:
            return Call(
                id=call_id,
                kind=self.kind(record, cols.kind),
                events=events,  # mypy reads the converter as Iterable[_T_co]
                service=None if cols.service is None else get(cols.service),
                channel=channel,
                caller=None if cols.caller is None else get(cols.caller),
                impact=self.level(record, cols.impact, "impact"),
                urgency=self.level(record, cols.urgency, "urgency"),
                priority=self.level(record, cols.priority, "priority"),
                category=None if cols.category is None else get(cols.category),
                component=None if cols.component is None else get(cols.component),
                caused_by_change=None
                if cols.caused_by_change is None
                else get(cols.caused_by_change),
                problem=None if cols.problem is None else get(cols.problem),
                knowledge_used=knowledge is not None and knowledge.casefold() not in FALSE,
                attributes=attributes,
                assignments_recorded=self.facts.assignments,
                reopenings_recorded=self.facts.reopenings,
                escalations_recorded=self.facts.escalations,
                recorded_reassignments=self.recorded(
                    record, cols.reassignments, read_count, count_problem
                ),
                recorded_first_contact=self.recorded(
                    record, cols.first_contact, read_flag, flag_problem
                ),
            )
        except _BadRecord:
            raise
        except ValueError as exc:
            raise _BadRecord(str(exc)) from None


def _ordered(fields: _Fields, line: int, call_id: str, events: list[CallEvent]) -> list[CallEvent]:
    """Events kept in source order; one before its predecessor takes that time, with a warning."""
    for index in range(1, len(events)):
        event, previous = events[index], events[index - 1]
        if event.at < previous.at:
            fields.account.warn(
                Location(fields.source, line, call_id),
                f"{event.type.value} at {event.at.isoformat()} is before the previous event;"
                " it keeps the previous time and the recorded one in its detail",
            )
            detail = f"recorded at {event.at.isoformat()}, before the previous event"
            events[index] = CallEvent(
                event.type,
                previous.at,
                event.actor,
                event.group,
                event.state,
                event.priority,
                detail,
            )
    return events


def _row_calls(
    fields: _Fields, cols: CallColumns, records: Iterator[tuple[int, Record]]
) -> Iterator[Call]:
    seen: dict[str, int] = {}
    order = [EventType(t) for t in cols.times]
    for line, record in records:
        call_id = record.get(cols.id)
        location = Location(fields.source, line, call_id)
        if call_id is None:
            fields.account.reject(location, id_missing(cols.id))
            continue
        if call_id in seen:
            fields.account.reject(location, f"duplicate id (first at line {seen[call_id]})")
            continue
        try:
            events = []
            for kind, column in zip(order, cols.times.values(), strict=True):
                at = fields.time(record, column)
                if at is not None:
                    events.append(CallEvent(kind, at))
                elif kind is EventType.OPENED:
                    raise _BadRecord(f"{column} (the opening time) is missing")
            events.sort(key=lambda e: e.type is not EventType.OPENED)
            call = fields.call(line, record, cols, _ordered(fields, line, call_id, events))
        except _BadRecord as exc:
            fields.account.reject(location, str(exc))
            continue
        seen[call_id] = line
        fields.account.accept()
        yield call


def _call_record(rows: list[Record], at: str, columns: tuple[str, ...]) -> Record:
    """The values a call's fields (``columns``) are read from: at opening or the last ones.

    ``at`` is ``"first"`` (the first row that has a value: the value at opening) or
    ``"last"`` (the last row that has one). Most columns have a value in the first row
    looked at, so the others are looked at only for the columns still missing.
    """
    ordered = rows if at == "first" else rows[::-1]
    first = ordered[0]
    merged: Record = {key: first.get(key) for key in columns}
    missing = [key for key, value in merged.items() if value is None]
    for row in ordered[1:]:
        if not missing:
            break
        for key in missing:
            merged[key] = row.get(key)
        missing = [key for key in missing if merged[key] is None]
    return merged


def _event_calls(
    fields: _Fields, cols: CallColumns, records: Iterator[tuple[int, Record]]
) -> Iterator[Call]:
    spec = cols.events
    assert spec is not None  # checked by MappingFile
    finished: dict[str, int] = {}
    warned: set[str] = set()
    field_columns = cols.field_columns
    current: str | None = None
    group: list[tuple[int, Record, EventRow]] = []

    def flush() -> Iterator[Call]:
        if not group or current is None:
            return
        call_id = current
        if spec.order is not None:
            group.sort(key=lambda item: _order_key(item[1].get(spec.order or "")))

        def warn(line: int, reason: str) -> None:
            fields.account.warn(Location(fields.source, line, call_id), reason)

        life = EventLifecycle(spec.at, fields.mapping.values.status, warn, warned)
        for row_line, _, row in group:
            life.add(row_line, row)
        line = group[0][0]
        record = _call_record([item[1] for item in group], cols.call_fields, field_columns)
        try:
            call = fields.call(line, record, cols, life.events)
        except _BadRecord as exc:
            for row_line, _, _ in group:
                fields.account.reject(
                    Location(fields.source, row_line, call_id), f"call not built: {exc}"
                )
            return
        fields.account.accept(len(group))
        yield call

    source, reject = fields.source, fields.account.reject
    for line, record in records:
        call_id = record.get(cols.id)
        if call_id is None:
            reject(Location(source, line), id_missing(cols.id))
            continue
        if call_id != current:
            yield from flush()
            if current is not None:
                finished[current] = group[-1][0] if group else line
            group = []
            current = call_id
        if call_id in finished:
            reject(
                Location(source, line, call_id),
                "rows of this call are not contiguous"
                f" (its rows ended at line {finished[call_id]})",
            )
            continue
        try:
            row = fields.event_row(record, spec)
        except (_BadRecord, ValueError) as exc:
            reject(Location(source, line, call_id), str(exc))
            continue
        group.append((line, record, row))
    yield from flush()


def _order_key(text: str | None) -> tuple[int, float | str]:
    if text is None:
        return (1, 0.0)
    try:
        return (0, float(text))
    except ValueError:
        return (0, text)


def _feedback(
    fields: _Fields, cols: FeedbackColumns, records: Iterator[tuple[int, Record]]
) -> Iterator[Feedback]:
    seen: dict[str, int] = {}
    unanswered: list[int] = []
    scale = Scale(cols.scale_low, cols.scale_high)
    for line, record in records:
        answer_id = record.get(cols.id)
        location = Location(fields.source, line, answer_id)
        if answer_id is None:
            fields.account.reject(location, id_missing(cols.id))
            continue
        if answer_id in seen:
            fields.account.reject(location, f"duplicate id (first at line {seen[answer_id]})")
            continue
        text = record.get(cols.value)
        if text is None:  # a call nobody answered about: no answer, not a bad one
            seen[answer_id] = line
            unanswered.append(line)
            fields.account.accept()
            continue
        try:
            if not text.strip().lstrip("-").isdigit():
                raise _BadRecord(f"{cols.value}: {text!r} is not a whole-number answer")
            answered = fields.time(record, cols.answered_at)
            about = record.get(cols.about)
            if answered is None or about is None:
                raise _BadRecord(f"{cols.answered_at} and {cols.about} are required")
            lost = None if cols.lost_time_seconds is None else record.get(cols.lost_time_seconds)
            answer = Feedback(
                id=answer_id,
                about=Subject(cols.about_kind, about),
                scale=scale,
                value=int(text),
                answered_at=answered,
                person=None if cols.person is None else record.get(cols.person),
                lost_time_seconds=None if lost is None else int(float(lost)),
                comment=None if cols.comment is None else record.get(cols.comment),
            )
        except (_BadRecord, ValueError) as exc:
            fields.account.reject(location, str(exc))
            continue
        seen[answer_id] = line
        fields.account.accept()
        yield answer
    if unanswered:
        fields.account.warn(
            Location(fields.source, unanswered[0]),
            f"{len(unanswered)} rows have no {cols.value} (first at line {unanswered[0]}): "
            "accepted as calls without an answer, not as answers",
        )


class MappedConnector:
    """Reads CSV or JSON Lines through a mapping file (see the module documentation)."""

    name = "mapped"
    options_type = MappedOptions

    def read(self, path: Path, options: MappedOptions, account: IngestAccount) -> Iterator[Batch]:
        """Yield batches of calls or survey answers; every record is accounted for."""
        mapping = options.resolve()
        try:
            source = mapping.source
            formats = date_formats(path, source.format, source.date_formats)
            times = TimestampParser.of(formats, source.timezone)
            channels = ChannelMap.default().extended(mapping.values.channel)
        except (InvalidInputError, ValueError) as exc:
            raise ConnectorError(f"mapping: {exc}") from None
        name = options.mapping or "the mapping"
        fields = _Fields(str(path), mapping, account, times, channels)
        if mapping.calls is not None:
            cols = mapping.calls
            fields.facts = cols.recorded(mapping.values)
            records = _records(path, mapping, account, cols.id, columns=cols.columns, name=name)
            build = _row_calls if cols.grouping == "row_per_call" else _event_calls
            for calls in chunked(build(fields, cols, records), mapping.chunk_size):
                yield Batch(calls=calls)
        elif mapping.feedback is not None:
            spec = mapping.feedback
            records = _records(path, mapping, account, spec.id, columns=spec.columns, name=name)
            answers = _feedback(fields, spec, records)
            for chunk in chunked(answers, mapping.chunk_size):
                yield Batch(feedback=chunk)
        note = times.gap_note()
        if note is not None:
            account.warn(Location(str(path)), note)

    def read_columns(
        self, path: Path, options: MappedOptions, account: IngestAccount
    ) -> Iterator[ColumnBatch] | None:
        """The calls of an event-log CSV as columns (``xlacore[arrow]``); else None.

        See :mod:`xlacore.connectors.eventlog_columns` for the sources it reads so; any
        other source (one call per row, survey answers, JSON Lines, Parquet) gives None and
        is read through :meth:`read`.
        """
        return event_log_columns(path, options, account)


MAPPED = MappedConnector()
"""The mapped CSV / JSON Lines connector, registered as ``mapped``.

:meta hide-value:
"""
