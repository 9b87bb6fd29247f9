"""The XES connector: IEEE 1849 event logs (the BPI Challenge format), plain or gzipped.

A trace becomes a call and its events the call's lifecycle. The log is streamed safely by
:mod:`~xlacore.connectors.xesread` and described by the mapped connector's mapping
(:mod:`~xlacore.connectors.mapping`), with its keys named as the flattened form of the log
names them (pm4py's convention, also the BPI Challenge's derived CSVs): event attributes by
their own key (``concept:name``, ``time:timestamp``), trace attributes with ``case:`` in
front (``case:concept:name``). Without a mapping, :data:`XES_MAPPING` reads the standard
extensions. Every event is a record, accepted or rejected with its line, trace id and place
(``trace[12].event[3]``); a trace without events is one record, rejected.

The lifecycle of a trace follows the rules of one-row-per-event sources
(:mod:`~xlacore.connectors.lifecycle`): the first event opens the call, state changes
give resolutions, pauses and reopenings, group changes give reassignments.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs
from attrs import frozen

from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.chunks import chunked
from xlacore.connectors.files import open_binary
from xlacore.connectors.lifecycle import EventLifecycle, EventRow, value_of
from xlacore.connectors.mapped import _call_record, _Fields  # the mapped connector's rules
from xlacore.connectors.mapping import (
    CallColumns,
    EventColumns,
    MappingFile,
    SourceSpec,
    load_mapping,
)
from xlacore.connectors.protocol import Batch
from xlacore.connectors.timestamps import TimestampParser
from xlacore.connectors.xesread import XesEvent, XesTrace, read_xes
from xlacore.errors import ConnectorError, InvalidInputError
from xlacore.model.calls import Call
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

_SOURCE_KEYS = ("timezone", "date_formats", "missing")
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
    if problems:
        raise ConnectorError("XES mapping: " + "; ".join(problems))


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
        merged = _call_record(rows, self.cols.call_fields, self.cols.field_columns) if rows else {}
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
        source = self.fields.source
        account = self.fields.account

        def warn(line: int, reason: str) -> None:
            account.warn(Location(source, line, call_id), reason)

        life = EventLifecycle(spec.at, self.fields.mapping.values.status, warn, self.warned)
        kept: list[XesEvent] = []
        for event, row in zip(trace.events, rows, strict=True):
            try:
                at = self.fields.time(row, spec.at)
                if at is None:
                    raise ValueError(f"{spec.at} (the event time) is missing")
                explicit = self.fields.explicit_type(row, spec)
            except ValueError as exc:
                self._reject(event.line, call_id, f"{where}.event[{event.index}]", str(exc))
                continue
            life.add(
                event.line,
                EventRow(at, explicit, *(value_of(row, k) for k in spec.row_columns)),
            )
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
        fields.facts = cols.recorded(mapping.values)
        reader = _Reader(fields, cols, options.case_attributes, frozenset(source.missing))
        with open_binary(path) as handle:
            for calls in chunked(reader.calls(read_xes(handle, str(path))), mapping.chunk_size):
                yield Batch(calls=calls)


XES = XesConnector()
"""The XES connector, registered as ``xes``.

:meta hide-value:
"""
