"""Change impact: the calls that followed a change, and the people to tell before the next one.

A call *followed* a change when it opened within ``window_seconds`` after the change's start
on a service or a component the change affected. A call is *linked* to a change when the
ITSM tool names the change as its cause (column ``caused_by_change``, when the calls carry
it). The people to tell are those who use an affected service: the ones a catalogue lists
(``users``, service to people) and those who called about an affected service or component
in the ``history_seconds`` before the change.

Following a change is evidence, not proof, that the change caused a call; a high count next
to a low link count says the tool's links are missing, a high count on many changes of one
service says its changes deserve an announcement and a look.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.errors import InvalidInputError
from xlacore.evaluation.locate import line_of, read_table
from xlacore.insights._bounds import at_least, names
from xlacore.insights._columns import present, rows_with, select
from xlacore.model.changes import Change
from xlacore.model.validators import instant
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns

__all__ = [
    "ChangeImpactSettings",
    "ChangeAftermath",
    "ChangeImpact",
    "change_impact",
    "load_users",
]


@frozen
class ChangeImpactSettings:
    """How change impact looks at the calls.

    ``window_seconds``: how long after a change's start a call counts as following it;
    ``history_seconds``: how far back a caller counts as a user of a service; ``kinds``: the
    call kinds considered (empty: every kind).
    """

    window_seconds: int = field(default=3 * 86_400, validator=at_least(1))
    history_seconds: int = field(default=90 * 86_400, validator=at_least(1))
    kinds: tuple[str, ...] = field(default=("incident",), converter=names)


@frozen
class ChangeAftermath:
    """One change and what followed it.

    ``followed``: the calls that followed it, in opening order; ``on_service`` and
    ``on_component``: how many of them share a service or a component with it (a call may
    share both); ``linked``: the calls that name it as their cause; ``people``: whom to
    tell before the next change on these services, sorted.
    """

    change: str
    start: datetime
    planned: bool
    services: tuple[str, ...]
    components: tuple[str, ...]
    followed: tuple[str, ...]
    on_service: int
    on_component: int
    linked: tuple[str, ...]
    people: tuple[str, ...]


@frozen
class ChangeImpact(HtmlResult):
    """Every change with a following or linked call, most followed first.

    ``changes`` counts the changes examined, ``calls`` the calls considered.
    """

    settings: ChangeImpactSettings
    changes: int
    calls: int
    aftermath: tuple[ChangeAftermath, ...]


@frozen
class _Index:
    """Rows of one key column by value, each sorted by opening time."""

    times: Mapping[str, NDArray[np.int64]]
    rows: Mapping[str, NDArray[np.intp]]

    @classmethod
    def of(cls, calls: ObservationColumns, key: str) -> _Index:
        if key not in calls:
            return cls({}, {})
        rows = np.flatnonzero(present(calls, key))
        if not len(rows):  # the column is there, but no call has a value in it
            return cls({}, {})
        values = calls.column(key)[rows]
        opened = calls.column("opened_at")[rows].astype(np.int64)
        order = np.lexsort((opened, values))
        rows, values, opened = rows[order], values[order], opened[order]
        starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
        ends = np.r_[starts[1:], len(rows)]
        return cls(
            {str(values[s]): opened[s:e] for s, e in zip(starts, ends, strict=True)},
            {str(values[s]): rows[s:e] for s, e in zip(starts, ends, strict=True)},
        )

    def between(self, values: Iterable[str], low: int, high: int) -> NDArray[np.intp]:
        """Rows whose value is one of ``values``, opened in ``[low, high)``."""
        found = [np.zeros(0, dtype=np.intp)]
        for value in values:
            times = self.times.get(value)
            if times is not None:
                a, b = np.searchsorted(times, [low, high], side="left")
                found.append(self.rows[value][a:b])
        return np.unique(np.concatenate(found))


def _epoch(moment: datetime) -> int:
    return int(instant(moment).timestamp())


def _links(calls: ObservationColumns) -> dict[str, list[int]]:
    links: dict[str, list[int]] = {}
    if "caused_by_change" in calls:
        named = present(calls, "caused_by_change")
        for row in np.flatnonzero(named):
            links.setdefault(str(calls.column("caused_by_change")[row]), []).append(int(row))
    return links


def change_impact(
    changes: Sequence[Change],
    calls: ObservationColumns,
    settings: ChangeImpactSettings | None = None,
    *,
    users: Mapping[str, Sequence[str]] | None = None,
) -> ChangeImpact:
    """What followed each change (see the module docs).

    ``calls`` are call observations (``call``, ``kind``, ``opened_at``, ``service``,
    ``component``; ``caller`` and ``caused_by_change`` when present); ``users`` maps a
    service to the people a catalogue says use it.
    """
    settings = settings or ChangeImpactSettings()
    if settings.kinds:
        calls = select(calls, np.isin(calls.column("kind"), settings.kinds))
    calls = rows_with(calls, "opened_at")
    by_service, by_component = _Index.of(calls, "service"), _Index.of(calls, "component")
    opened = calls.column("opened_at")
    ids = calls.column("call")
    callers = calls.column("caller") if "caller" in calls else None
    called = present(calls, "caller") if callers is not None else None
    links = _links(calls)
    catalogue = users or {}
    found = []
    for change in changes:
        start = _epoch(change.start)
        after = start + settings.window_seconds
        on_service = by_service.between(change.services, start, after)
        on_component = by_component.between(change.components, start, after)
        followed = np.union1d(on_service, on_component)
        linked = links.get(change.id, [])
        if not len(followed) and not linked:
            continue
        followed = followed[np.argsort(opened[followed], kind="stable")]
        people = {p for s in change.services for p in catalogue.get(s, ())}
        if callers is not None and called is not None:
            since = start - settings.history_seconds
            before = np.union1d(
                by_service.between(change.services, since, start),
                by_component.between(change.components, since, start),
            )
            people.update(str(p) for p in callers[before][called[before]])
        found.append(
            ChangeAftermath(
                change=change.id,
                start=change.start,
                planned=change.planned,
                services=change.services,
                components=change.components,
                followed=tuple(str(i) for i in ids[followed]),
                on_service=len(on_service),
                on_component=len(on_component),
                linked=tuple(str(ids[row]) for row in linked),
                people=tuple(sorted(people)),
            )
        )
    found.sort(key=lambda a: (-len(a.followed), -len(a.linked), instant(a.start), a.change))
    return ChangeImpact(settings, len(changes), calls.n_rows, tuple(found))


def load_users(path: str | Path) -> dict[str, tuple[str, ...]]:
    """The users of each service from a TOML or JSON file: ``service = ["person", ...]``.

    For :func:`change_impact`'s ``users``, when a catalogue outside the calls knows who uses
    what (a CMDB export, a licence list).

    :raises InvalidInputError: listing every entry that is not a list of person ids, with its
        line.
    """
    data, lines = read_table(path, "users", "service = [person, ...] pairs")
    problems = []
    for service, people in data.items():
        if not isinstance(people, list) or not all(isinstance(p, str) and p for p in people):
            line = line_of(lines, f"$.{service}")
            where = f"line {line}: " if line else ""
            problems.append(f"{where}$.{service}: expected a list of person ids, got {people!r}")
    if problems:
        raise InvalidInputError(problems, source=str(path), what="users")
    return {service: tuple(people) for service, people in data.items()}
