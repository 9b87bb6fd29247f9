"""The ServiceNow connector: incident exports as CSV, in table form or audit (event-log) form.

*Table form* has one row per incident (a list export of the ``incident`` table). *Audit
form* has one row per update of an incident, with ``sys_mod_count`` numbering the updates;
the UCI "Incident management process enriched event log" is such an export. The form is
told apart by the ``sys_mod_count`` column unless ``form`` says which.

In audit form the rows of one incident must be contiguous (as ServiceNow exports them);
they are ordered by ``sys_mod_count`` (file order breaks ties) and their lifecycle is
rebuilt by :func:`~xlacore.connectors.servicenow_lifecycle.lifecycle`. The call's fields
come from the incident's final row, its impact, urgency and priority from its first row.
Display values are expected (``"3 - Moderate"``, ``"Awaiting User Info"``); ``?`` and empty
fields are missing values.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from attrs import field, frozen

from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.chunks import chunked
from xlacore.connectors.csvrows import CsvDialect, CsvRows, csv_rows
from xlacore.connectors.protocol import Batch
from xlacore.connectors.servicenow_lifecycle import Update, lifecycle
from xlacore.connectors.timestamps import ISO, TimestampParser
from xlacore.errors import ConnectorError, InvalidInputError
from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.channels import ChannelMap
from xlacore.model.services import ComponentKind, ServiceCatalog
from xlacore.serialization import from_json

__all__ = ["ServiceNowOptions", "ServiceNowConnector", "SERVICENOW"]

_FORMS = ("auto", "audit", "table")


def _check_form(_: object, __: object, value: str) -> None:
    if value not in _FORMS:
        raise ValueError(f"form must be one of {', '.join(_FORMS)}, got {value!r}")


def _positive(_: object, __: object, value: int) -> None:
    if value < 1:
        raise ValueError(f"must be 1 or more, got {value}")


@frozen
class ServiceNowOptions:
    """How to read a ServiceNow export.

    ``timezone`` is the zone the export's naive timestamps are in (the exporting user's);
    ``date_formats`` are tried in order (``"iso"`` for ISO 8601). ``channels`` adds
    organisation-specific ``contact_type`` aliases to the built-in table (``{"Teams":
    "chat"}``). ``catalogue`` names a JSON service catalogue (see
    :class:`~xlacore.model.services.ServiceCatalog`) through which the CI, subcategory or
    category of a call, in that order, resolves to its service.
    """

    form: str = field(default="auto", validator=_check_form)
    timezone: str = "UTC"
    date_formats: tuple[str, ...] = (
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %H:%M:%S",
        ISO,
    )
    missing: tuple[str, ...] = ("?", "")
    channels: Mapping[str, str] = field(factory=dict)
    catalogue: str | None = None
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    member: str | None = None
    chunk_size: int = field(default=1000, validator=_positive)


_LEADING_NUMBER = re.compile(r"\s*(\d+)")
#: Allowed ranges of ServiceNow's choice fields (1 is highest).
_RANGES = {"impact": 3, "urgency": 3, "priority": 5}
#: Source fields kept in ``Call.attributes`` when present, under their own names.
_ATTRIBUTES = (
    "made_sla",
    "contact_type",
    "reassignment_count",
    "reopen_count",
    "sys_mod_count",
    "active",
    "subcategory",
    "location",
    "u_symptom",
    "assigned_to",
    "opened_by",
    "resolved_by",
    "closed_code",
    "close_code",
    "rfc",
    "vendor",
    "notify",
    "u_priority_confirmation",
    "resolved_at",
    "closed_at",
)


class _BadRow(ValueError):
    """A row field that cannot be read; the row is rejected with this message."""


@frozen
class _Columns:
    """Where each field the connector reads sits in the header (``None`` when absent)."""

    index: Mapping[str, int | None]
    state: str

    @classmethod
    def of(cls, rows: CsvRows, required: tuple[str, ...]) -> _Columns:
        state = "incident_state" if rows.index("incident_state") is not None else "state"
        rows.require((*required, state))
        wanted = (
            "number",
            state,
            "sys_mod_count",
            "sys_updated_at",
            "sys_updated_by",
            "opened_at",
            "opened_by",
            "caller_id",
            "contact_type",
            "category",
            "subcategory",
            "cmdb_ci",
            "impact",
            "urgency",
            "priority",
            "assignment_group",
            "reassignment_count",
            "reopen_count",
            "knowledge",
            "problem_id",
            "caused_by",
            "resolved_at",
            "closed_at",
            *_ATTRIBUTES,
        )
        return cls({name: rows.index(name) for name in wanted}, state)


@frozen
class _Reader:
    """The per-file state of one read: parsers, lookups and the field accessors."""

    source: str
    columns: _Columns
    options: ServiceNowOptions
    account: IngestAccount
    times: TimestampParser
    channels: ChannelMap
    catalogue: ServiceCatalog | None
    missing: frozenset[str]
    _numbers: dict[str, int] = field(factory=dict)
    _unmapped: set[str] = field(factory=set)

    def get(self, row: list[str], name: str) -> str | None:
        index = self.columns.index.get(name)
        if index is None:
            return None
        value = row[index]
        return None if value in self.missing else value

    def time(self, row: list[str], name: str) -> Any:
        text = self.get(row, name)
        if text is None:
            return None
        try:
            return self.times.parse(text)
        except ValueError as exc:
            raise _BadRow(f"{name}: {exc}") from None

    def count(self, row: list[str], name: str) -> int | None:
        text = self.get(row, name)
        if text is None:
            return None
        number = self._numbers.get(text)
        if number is None:
            stripped = text.strip()
            if not stripped.isdigit():
                raise _BadRow(f"{name}: {text!r} is not a whole number of zero or more")
            number = self._numbers[text] = int(stripped)
        return number

    def level(self, row: list[str], name: str) -> int | None:
        text = self.get(row, name)
        if text is None:
            return None
        match = _LEADING_NUMBER.match(text)
        if match is None:
            raise _BadRow(f"{name}: {text!r} does not start with a level number")
        value, highest = int(match.group(1)), _RANGES[name]
        if not 1 <= value <= highest:
            raise _BadRow(f"{name}: {text!r} is outside 1..{highest}")
        return value

    def update(self, line: int, row: list[str]) -> Update:
        seq = self.count(row, "sys_mod_count")
        at = self.time(row, "sys_updated_at")
        if seq is None or at is None:
            raise _BadRow("sys_mod_count and sys_updated_at are required in audit form")
        self.time(row, "opened_at")  # validated on every row, used from the first
        return Update(
            line,
            seq,
            at,
            self.get(row, self.columns.state),
            self.get(row, "assignment_group"),
            self.level(row, "priority"),
            self.count(row, "reassignment_count"),
            self.count(row, "reopen_count"),
            self.get(row, "sys_updated_by"),
        )

    def warn(self, line: int, record: str, reason: str) -> None:
        self.account.warn(Location(self.source, line, record), reason)

    def call(
        self,
        number: str,
        line: int,
        first: list[str],
        last: list[str],
        events: tuple[CallEvent, ...],
    ) -> Call:
        """The call for an incident: fields from its final row, levels from its first."""
        raw_channel = self.get(last, "contact_type")
        channel = self.channels.normalise(raw_channel)
        if channel is None and raw_channel is not None and raw_channel not in self._unmapped:
            self._unmapped.add(raw_channel)
            self.warn(
                line,
                number,
                f"contact_type {raw_channel!r} maps to no channel; such calls are counted as"
                " unmapped (reported once per value)",
            )
        attributes = {}
        for name in _ATTRIBUTES:
            value = self.get(last, name)
            if value is not None:
                attributes[name] = value
        state = self.get(last, self.columns.state)
        if state is not None:
            attributes["state"] = state
        ci = self.get(last, "cmdb_ci")
        category = self.get(last, "category")
        return Call(
            id=number,
            kind=CallKind.INCIDENT,
            events=events,  # mypy reads the converter as Iterable[_T_co]
            service=self.service(ci, self.get(last, "subcategory"), category),
            channel=channel,
            caller=self.get(last, "caller_id"),
            impact=self.level(first, "impact"),
            urgency=self.level(first, "urgency"),
            priority=self.level(first, "priority"),
            category=category,
            component=ci,
            caused_by_change=self.get(last, "caused_by"),
            problem=self.get(last, "problem_id"),
            knowledge_used=(self.get(last, "knowledge") or "").strip().casefold() == "true",
            attributes=attributes,
            escalations_recorded=False,  # the export has no escalation events
        )

    def service(self, ci: str | None, subcategory: str | None, category: str | None) -> str | None:
        if self.catalogue is None:
            return None
        for kind, key in (
            (ComponentKind.CI, ci),
            (ComponentKind.SUBCATEGORY, subcategory),
            (ComponentKind.CATEGORY, category),
        ):
            if key is not None:
                found = self.catalogue.resolve(kind, key)
                if found is not None:
                    return found.id
        return None


def _load_catalogue(name: str | None) -> ServiceCatalog | None:
    if name is None:
        return None
    path = Path(name)
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise ConnectorError(f"{path}: cannot read the service catalogue ({exc})") from None
    catalogue: ServiceCatalog = from_json(ServiceCatalog, text, source=str(path))
    return catalogue


class ServiceNowConnector:
    """Reads ServiceNow incident exports (see the module documentation)."""

    name = "servicenow"
    options_type = ServiceNowOptions

    def read(
        self, path: Path, options: ServiceNowOptions, account: IngestAccount
    ) -> Iterator[Batch]:
        """Yield batches of calls; every row is accepted or rejected in ``account``."""
        try:
            times = TimestampParser.of(options.date_formats, options.timezone)
            channels = ChannelMap.default().extended(options.channels)
        except (InvalidInputError, ValueError) as exc:
            raise ConnectorError(f"servicenow options: {exc}") from None
        catalogue = _load_catalogue(options.catalogue)
        dialect = CsvDialect(options.delimiter, '"', options.encoding, options.member)
        with csv_rows(path, dialect, account, id_column="number") as rows:
            audit = options.form == "audit" or (
                options.form == "auto" and rows.index("sys_mod_count") is not None
            )
            required = (
                ("number", "sys_mod_count", "sys_updated_at", "opened_at")
                if audit
                else ("number", "opened_at")
            )
            reader = _Reader(
                rows.source,
                _Columns.of(rows, required),
                options,
                account,
                times,
                channels,
                catalogue,
                frozenset(options.missing),
            )
            calls = _audit_calls(reader, rows) if audit else _table_calls(reader, rows)
            for chunk in chunked(calls, options.chunk_size):
                yield Batch(calls=chunk)
            note = times.gap_note()
            if note is not None:
                account.warn(Location(rows.source), note)


def _table_calls(reader: _Reader, rows: CsvRows) -> Iterator[Call]:
    """One call per row: opened, then resolved and closed when their times are present."""
    seen: dict[str, int] = {}
    for line, row in rows.rows:
        number = reader.get(row, "number")
        location = Location(reader.source, line, number)
        if number is None:
            reader.account.reject(location, "number is missing")
            continue
        if number in seen:
            reader.account.reject(location, f"duplicate number (first at line {seen[number]})")
            continue
        try:
            opened = reader.time(row, "opened_at")
            if opened is None:
                raise _BadRow("opened_at is missing")
            state = reader.get(row, reader.columns.state)
            events = [CallEvent(EventType.OPENED, opened, reader.get(row, "opened_by"))]
            for name, kind in (
                ("resolved_at", EventType.RESOLVED),
                ("closed_at", EventType.CLOSED),
            ):
                at = reader.time(row, name)
                if at is None:
                    continue
                detail = None
                if at < events[-1].at:
                    detail = f"recorded at {at.isoformat()}, before the previous event"
                    reader.warn(line, number, f"{name} is before the previous event; kept")
                    at = events[-1].at
                events.append(CallEvent(kind, at, state=state, detail=detail))
            call = reader.call(number, line, row, row, tuple(events))
        except (_BadRow, ValueError) as exc:
            reader.account.reject(location, str(exc))
            continue
        seen[number] = line
        reader.account.accept()
        yield call


def _audit_calls(reader: _Reader, rows: CsvRows) -> Iterator[Call]:
    """One call per incident from its contiguous audit rows."""
    finished: dict[str, int] = {}
    current: str | None = None
    group: list[tuple[Update, list[str]]] = []
    for line, row in rows.rows:
        number = reader.get(row, "number")
        location = Location(reader.source, line, number)
        if number is None:
            reader.account.reject(location, "number is missing")
            continue
        if number != current and current is not None:
            call = _incident(reader, current, group)
            if call is not None:
                yield call
            finished[current] = group[-1][0].line if group else line
            group = []
        current = number
        if number in finished:
            reader.account.reject(
                location,
                f"incident rows are not contiguous: its rows ended at line {finished[number]};"
                " export the audit rows sorted by number",
            )
            continue
        try:
            group.append((reader.update(line, row), row))
        except _BadRow as exc:
            reader.account.reject(location, str(exc))
    if current is not None:
        call = _incident(reader, current, group)
        if call is not None:
            yield call


def _incident(reader: _Reader, number: str, group: list[tuple[Update, list[str]]]) -> Call | None:
    if not group:
        return None
    group.sort(key=lambda pair: pair[0].seq)
    for (previous, _), (update, _) in itertools.pairwise(group):
        if update.seq == previous.seq:
            reader.warn(update.line, number, f"sys_mod_count {update.seq} repeats; file order kept")
    updates = [update for update, _ in group]
    first, last = group[0][1], group[-1][1]
    try:
        opened_at = reader.time(first, "opened_at")
        if opened_at is None:
            raise _BadRow("opened_at is missing on the incident's first row")
        events = lifecycle(
            opened_at,
            reader.get(first, "opened_by"),
            updates,
            lambda u, reason: reader.warn(u.line, number, reason),
        )
        call = reader.call(number, group[-1][0].line, first, last, events)
    except (_BadRow, ValueError) as exc:
        for update in updates:
            reader.account.reject(
                Location(reader.source, update.line, number), f"incident not built: {exc}"
            )
        return None
    reader.account.accept(len(group))
    return call


SERVICENOW = ServiceNowConnector()
"""The ServiceNow connector, registered as ``servicenow``.

:meta hide-value:
"""
