"""The changes of BPI Challenge 2014 (Rabobank Group ICT): ``Detail Change.csv``.

The built-in change connector ``bpi2014`` (see :mod:`xlacore.connectors.changes`). The
export has one row per change and affected configuration item (30,275 rows, 18,000
changes). Each row is a record of the account: accepted, or rejected with its line and
reason (no change id, no configuration item or service component, a start that is not a
timestamp). Accepted rows of one change id become one :class:`~xlacore.model.changes.Change`
affecting every service component (``Service Component WBS (aff)``, the calls' ``service``)
and configuration item (``CI Name (aff)``, the calls' ``component``) named on its rows.

A change starts at its earliest ``Actual Start``; a change without one starts at its
earliest ``Planned Start`` and is marked ``planned``. Its end is the latest ``Actual End``
(or ``Planned End``) of the same kind; an end before the start is dropped with a warning.
Times are local to Amsterdam.

Data: BPI Challenge 2014, Rabobank Group ICT, 4TU.ResearchData,
doi:10.4121/uuid:c3e5d162-0cfd-4bb0-bd82-af5268819c35 (read in place, not shipped).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import attrs
from attrs import frozen

from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.changes import ChangesRead
from xlacore.connectors.csvrows import CsvDialect, csv_rows
from xlacore.connectors.timestamps import TimestampParser
from xlacore.model.changes import Change
from xlacore.model.validators import instant

__all__ = ["BPI2014_CHANGES", "read_bpi2014_changes"]

#: How ``Detail Change.csv`` is written (inside ``detail_change.zip``).
BPI2014_CHANGES = CsvDialect(delimiter=";", encoding="latin-1", member="Detail Change.csv")

_ID, _CI, _SERVICE = "Change ID", "CI Name (aff)", "Service Component WBS (aff)"
_TIMES = ("Actual Start", "Actual End", "Planned Start", "Planned End")
_REQUIRED = (_ID, _CI, _SERVICE, *_TIMES, "Change Type", "Risk Assessment", "Emergency Change")
_ATTRIBUTES = ("CAB-approval needed", "Originated from", "# Related Incidents")
_MISSING = frozenset({"", "#N/B", "#MULTIVALUE"})


@frozen
class _Row:
    line: int
    fields: dict[str, str]
    times: dict[str, datetime]


def _value(row: list[str], index: int) -> str | None:
    text = row[index].strip()
    return None if text in _MISSING else text


def read_bpi2014_changes(
    path: str | Path, *, dialect: CsvDialect = BPI2014_CHANGES, strict: bool = False
) -> ChangesRead:
    """Read the changes of a BPI 2014 ``Detail Change`` export (zip or CSV).

    :raises ~xlacore.errors.ConnectorError: when the file cannot be read or lacks a column.
    :raises ~xlacore.connectors.account.RejectedRecordError: in strict mode, at the first
        rejected row.
    """
    account = IngestAccount(strict=strict)
    parser = TimestampParser.of(["%d-%m-%Y %H:%M"], "Europe/Amsterdam")
    rows: dict[str, list[_Row]] = {}
    with csv_rows(Path(path), dialect, account, id_column=_ID) as table:
        index = table.require([*_REQUIRED, *_ATTRIBUTES])
        for line, raw in table.rows:
            fields = {name: v for name, i in index.items() if (v := _value(raw, i)) is not None}
            location = Location(table.source, line, fields.get(_ID))
            missing = [name for name in (_ID, _CI, _SERVICE) if name not in fields]
            if missing:
                account.reject(location, f"no {' or '.join(map(repr, missing))}")
                continue
            times: dict[str, datetime] = {}
            for name in _TIMES:
                if name in fields:
                    try:
                        times[name] = parser.parse(fields[name])
                    except ValueError as exc:
                        account.reject(attrs.evolve(location, key=name), str(exc))
                        break
            else:
                if "Actual Start" not in times and "Planned Start" not in times:
                    account.reject(location, "neither an actual nor a planned start")
                    continue
                account.accept()
                rows.setdefault(fields[_ID], []).append(_Row(line, fields, times))
        note = parser.gap_note()
        if note is not None:
            account.warn(Location(table.source), note)
    changes = [
        _change(table.source, change_id, group, account) for change_id, group in rows.items()
    ]
    changes.sort(key=lambda c: (instant(c.start), c.id))
    return ChangesRead(tuple(changes), account)


def _span(group: Sequence[_Row], start: str, end: str) -> tuple[datetime, datetime | None]:
    first = min((r.times[start] for r in group if start in r.times), key=instant)
    ends = [r.times[end] for r in group if end in r.times]
    return first, max(ends, key=instant) if ends else None


def _change(source: str, change_id: str, group: list[_Row], account: IngestAccount) -> Change:
    planned = not any("Actual Start" in r.times for r in group)
    kind = "Planned" if planned else "Actual"
    start, end = _span(group, f"{kind} Start", f"{kind} End")
    if end is not None and instant(end) < instant(start):
        account.warn(
            Location(source, group[0].line, change_id, f"{kind} End"),
            f"ends ({end.isoformat()}) before it starts ({start.isoformat()}); end dropped",
        )
        end = None
    first = group[0].fields
    return Change(
        id=change_id,
        start=start,
        end=end,
        planned=planned,
        services=sorted({r.fields[_SERVICE] for r in group}),
        components=sorted({r.fields[_CI] for r in group}),
        kind=first.get("Change Type"),
        risk=first.get("Risk Assessment"),
        emergency=first.get("Emergency Change") == "Y",
        attributes={k: first[k] for k in _ATTRIBUTES if k in first},
    )
