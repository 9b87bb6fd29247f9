"""The XES connector: IEEE 1849 event logs (the BPI Challenge format), plain or gzipped.

A trace becomes a call and its events the call's lifecycle. The log is streamed safely by
:mod:`~xlacore.connectors.xesread` and described by the mapped connector's mapping
(:mod:`~xlacore.connectors.mapping`), with its keys named as the flattened form of the log
names them (pm4py's convention, also the BPI Challenge's derived CSVs): event attributes by
their own key (``concept:name``, ``time:timestamp``), trace attributes with ``case:`` in
front (``case:concept:name``). Without a mapping, :data:`XES_MAPPING` reads the standard
extensions. Every event is a record, accepted or rejected with its line, trace id and place
(``trace[12].event[3]``); a trace without events is one record, rejected.

Lifecycle rules:

* the first accepted event opens the call (``opened``); when its state means awaiting,
  resolved or closed, the event of that state (``paused``, ``resolved``, ``closed``)
  follows at the same time;
* every later event gives one call event of its own. Its type comes from ``[calls.events] type``
  through ``[values.event]`` when that is mapped; otherwise from the state (``status``):
  an event in the same state as the one before (or without one) is ``updated``; a new
  state is what ``[values.status]`` says, else what the state means
  (:func:`~xlacore.connectors.states.state_kind`): ``resolved``, ``closed``, ``paused``
  (into an awaiting state), ``resumed`` (out of one), else ``status_changed`` (a state
  without a known meaning is warned about once);
* leaving a resolved or closed state for an open or awaiting one adds ``reopened`` before
  it; a change of ``group`` (``org:group``) adds ``reassigned`` before it (``assigned``
  when the call had no group yet), so ``Call.reassignment_count`` counts the moves
  between groups;
* an event earlier than the one before keeps that time, with the recorded one in its
  ``detail`` and a warning; nothing is reordered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path

import attrs
from attrs import frozen

from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.chunks import chunked
from xlacore.connectors.files import open_binary
from xlacore.connectors.mapped import _Fields  # the mapped connector's field conversions
from xlacore.connectors.mapping import (
    CallColumns,
    EventColumns,
    MappingFile,
    SourceSpec,
    load_mapping,
)
from xlacore.connectors.protocol import Batch
from xlacore.connectors.states import StateKind, state_event, state_kind
from xlacore.connectors.timestamps import TimestampParser
from xlacore.connectors.xesread import XesEvent, XesTrace, read_xes
from xlacore.errors import ConnectorError, InvalidInputError
from xlacore.model.calls import Call, CallEvent, EventType
from xlacore.model.channels import ChannelMap

__all__ = ["CASE", "XES_MAPPING", "XesOptions", "XesConnector", "XES"]

#: The prefix that names a trace attribute in a mapping (``case:concept:name``).
CASE = "case:"

#: The mapping used when none is given: the XES standard extensions.
XES_MAPPING = MappingFile(
    description="XES standard extensions (concept, time, organizational)",
    calls=CallColumns(
        id="case:concept:name",
        grouping="row_per_event",
        events=EventColumns(
            at="time:timestamp", status="concept:name", group="org:group", actor="org:resource"
        ),
    ),
)

_SETTLED = frozenset({StateKind.AWAITING, StateKind.RESOLVED, StateKind.CLOSED})
_SOURCE_KEYS = ("timezone", "date_formats", "missing")
_EVENT_TYPES = frozenset(t.value for t in EventType)
_GROUP_EVENTS = frozenset({EventType.ASSIGNED, EventType.REASSIGNED})
Record = dict[str, str | None]


@frozen
class XesOptions:
    """How to read a log: the mapping (a file or an object; default :data:`XES_MAPPING`).

    ``case_attributes`` keeps every trace attribute but the id in ``Call.attributes`` as
    ``case:<key>``, beside the mapping's ``attributes``.
    """

    mapping: str | None = None
    mapping_object: MappingFile | None = None
    case_attributes: bool = True

    def resolve(self) -> MappingFile:
        """The mapping to read with, checked for what an event log can use.

        :raises ConnectorError: for a feedback mapping, one-row-per-call grouping, an
            ``order`` key, ``[source]`` keys other than ``timezone``, ``date_formats`` and
            ``missing``, or a ``[values]`` entry that is no event type.
        """
        if self.mapping_object is not None:
            mapping = self.mapping_object
        elif self.mapping is not None:
            mapping = load_mapping(self.mapping)
        else:
            mapping = XES_MAPPING
        _check(mapping)
        return mapping


def _check(mapping: MappingFile) -> None:
    cols = mapping.calls
    problems = []
    if cols is None or cols.grouping != "row_per_event" or cols.events is None:
        problems.append(
            "an XES mapping describes calls from events: [calls] grouping = 'row_per_event'"
            " with [calls.events]"
        )
    elif cols.events.order is not None:
        problems.append("[calls.events] order is not used for XES; events keep the log's order")
    kept = {key: getattr(mapping.source, key) for key in _SOURCE_KEYS}
    if mapping.source != SourceSpec(**kept):
        problems.append(f"[source] may only set {', '.join(_SOURCE_KEYS)} for an XES log")
    for table in ("event", "status"):
        for raw, value in getattr(mapping.values, table).items():
            if value not in _EVENT_TYPES:
                problems.append(f"[values.{table}] {raw!r} = {value!r} is no event type")
    if problems:
        raise ConnectorError("XES mapping: " + "; ".join(problems))


@attrs.define
class _Lifecycle:
    """The running state of one trace while its events become call events."""

    fields: _Fields
    cols: EventColumns
    trace_id: str
    warned: set[str]
    events: list[CallEvent] = attrs.field(factory=list)
    state: str | None = None
    group: str | None = None
    phase: StateKind = StateKind.OPEN

    def add(self, line: int, record: Record, at: datetime, explicit: EventType | None) -> None:
        state = self._get(record, self.cols.status)
        group = self._get(record, self.cols.group)
        actor = self._get(record, self.cols.actor)
        if not self.events:
            self.state, self.group = state, group
            self.events.append(CallEvent(EventType.OPENED, at, actor, group, state))
            mapped, kind = (None, StateKind.OPEN) if state is None else self._meaning(state)
            if kind in _SETTLED:
                own = mapped if mapped is not None else state_event(StateKind.OPEN, kind)
                self.events.append(CallEvent(own, at, actor, group, state))
                self.phase = kind
            return
        detail = None
        previous = self.events[-1].at
        if at < previous:
            detail = f"recorded at {at.isoformat()}, before the previous event"
            self._warn(
                line,
                f"{self.cols.at} {at.isoformat()} is before the previous event;"
                " it keeps the previous time and the recorded one in its detail",
            )
            at = previous
        types: list[EventType] = []
        if group is not None and group != self.group and explicit not in _GROUP_EVENTS:
            types.append(EventType.ASSIGNED if self.group is None else EventType.REASSIGNED)
        if explicit is not None:
            types.append(explicit)
            self.phase = _MEANINGS.get(explicit, self.phase)
        elif state is not None and state != self.state:
            types += self._state_events(line, state)
        else:
            types.append(EventType.UPDATED)
        self.state = state if state is not None else self.state
        self.group = group if group is not None else self.group
        self.events.extend(
            CallEvent(kind, at, actor, self.group, self.state, None, detail) for kind in types
        )

    def _state_events(self, line: int, state: str) -> list[EventType]:
        """The events of a move into ``state``: a reopening first when it leaves a resolution."""
        mapped, kind = self._meaning(state)
        if kind is StateKind.UNKNOWN:
            if state not in self.warned:
                self.warned.add(state)
                self._warn(
                    line,
                    f"state {state!r} has no lifecycle meaning; kept as status_changed"
                    " (map it in [values.status]; reported once per state)",
                )
            return [EventType.STATUS_CHANGED]
        types = []
        if self.phase.closing and kind.active and mapped is not EventType.REOPENED:
            types.append(EventType.REOPENED)
            self.phase = StateKind.OPEN
        types.append(mapped if mapped is not None else state_event(self.phase, kind))
        self.phase = kind
        return types

    def _meaning(self, state: str) -> tuple[EventType | None, StateKind]:
        """The event type ``[values.status]`` gives ``state`` (if any) and what it means."""
        raw = self.fields.mapping.values.status.get(state)
        if raw is None:
            return None, state_kind(state)
        mapped = EventType(raw)
        return mapped, _MEANINGS.get(mapped, self.phase)

    def _get(self, record: Record, key: str | None) -> str | None:
        return None if key is None else record.get(key)

    def _warn(self, line: int, reason: str) -> None:
        self.fields.account.warn(Location(self.fields.source, line, self.trace_id), reason)


#: What a move into a state means, by the event type ``[values.status]`` gives it.
_MEANINGS = {
    EventType.OPENED: StateKind.OPEN,
    EventType.ASSIGNED: StateKind.OPEN,
    EventType.REASSIGNED: StateKind.OPEN,
    EventType.ESCALATED: StateKind.OPEN,
    EventType.STATUS_CHANGED: StateKind.OPEN,
    EventType.RESUMED: StateKind.OPEN,
    EventType.REOPENED: StateKind.OPEN,
    EventType.PAUSED: StateKind.AWAITING,
    EventType.RESOLVED: StateKind.RESOLVED,
    EventType.CLOSED: StateKind.CLOSED,
}


@attrs.define
class _Reader:
    """Turns the traces of one log into calls, keeping the account."""

    fields: _Fields
    cols: CallColumns
    case_attributes: bool
    missing: frozenset[str]
    seen: dict[str, int] = attrs.field(factory=dict)
    warned: set[str] = attrs.field(factory=set)

    def _text(self, attributes: Mapping[str, str], prefix: str = "") -> Record:
        missing = self.missing
        return {prefix + k: (None if v in missing else v) for k, v in attributes.items()}

    def _reject(self, line: int, trace_id: str | None, where: str, reason: str) -> None:
        self.fields.account.reject(Location(self.fields.source, line, trace_id, where), reason)

    def stray(self, event: XesEvent) -> None:
        """Reject an event found outside any trace."""
        self._reject(event.line, None, f"event[{event.index}]", "an event outside any trace")

    def trace(self, trace: XesTrace) -> Call | None:
        """The call of one trace, or ``None`` when all its records were rejected."""
        case = self._text(trace.attributes, CASE)
        rows = [self._text(event.attributes) for event in trace.events]
        merged: Record = {}
        for row in (rows[:1] + rows[-1:]) if rows else ():
            merged.update({k: v for k, v in row.items() if v is not None})
        record = {**merged, **case}
        call_id = record.get(self.cols.id)
        where = f"trace[{trace.index}]"
        if not rows:
            self._reject(trace.line, call_id, where, "a trace without events gives no call")
            return None
        problem = None
        if call_id is None:
            problem = f"{self.cols.id} (the trace id) is missing"
        elif call_id in self.seen:
            problem = f"duplicate trace id (first trace at line {self.seen[call_id]})"
        if problem is not None or call_id is None:
            for event in trace.events:
                self._reject(event.line, call_id, f"{where}.event[{event.index}]", str(problem))
            return None
        self.seen[call_id] = trace.line
        spec = self.cols.events
        assert spec is not None  # checked by XesOptions.resolve
        life = _Lifecycle(self.fields, spec, call_id, self.warned)
        kept: list[XesEvent] = []
        for event, row in zip(trace.events, rows, strict=True):
            try:
                at = self.fields.time(row, spec.at)
                if at is None:
                    raise ValueError(f"{spec.at} (the event time) is missing")
                explicit = None
                if spec.type is not None:
                    explicit = self.fields.event_type(row.get(spec.type), "event")
            except ValueError as exc:
                self._reject(event.line, call_id, f"{where}.event[{event.index}]", str(exc))
                continue
            life.add(event.line, row, at, explicit)
            kept.append(event)
        if not kept:
            return None
        try:
            call = self.fields.call(trace.line, record, self.cols, life.events)
        except ValueError as exc:
            for event in kept:
                self._reject(
                    event.line, call_id, f"{where}.event[{event.index}]", f"call not built: {exc}"
                )
            return None
        self.fields.account.accept(len(kept))
        if not self.case_attributes:
            return call
        extra = {k: v for k, v in case.items() if k != self.cols.id and v is not None}
        return attrs.evolve(call, attributes={**extra, **call.attributes})

    def calls(self, items: Iterator[XesTrace | XesEvent]) -> Iterator[Call]:
        """The calls of every trace, in log order."""
        for item in items:
            if isinstance(item, XesEvent):
                self.stray(item)
            elif (call := self.trace(item)) is not None:
                yield call


class XesConnector:
    """Reads XES (IEEE 1849) event logs, plain or gzipped (see the module documentation)."""

    name = "xes"
    options_type = XesOptions

    def read(self, path: Path, options: XesOptions, account: IngestAccount) -> Iterator[Batch]:
        """Yield batches of calls, one per trace; every event is accounted for."""
        mapping = options.resolve()
        cols = mapping.calls
        assert cols is not None  # checked by resolve
        try:
            source = mapping.source
            times = TimestampParser.of(source.date_formats, source.timezone)
        except (InvalidInputError, ValueError) as exc:
            raise ConnectorError(f"mapping: {exc}") from None
        channels = ChannelMap.default().extended(mapping.values.channel)
        fields = _Fields(str(path), mapping, account, times, channels)
        reader = _Reader(fields, cols, options.case_attributes, frozenset(source.missing))
        with open_binary(path) as handle:
            for calls in chunked(reader.calls(read_xes(handle, str(path))), mapping.chunk_size):
                yield Batch(calls=calls)


XES = XesConnector()
"""The XES connector, registered as ``xes``."""
