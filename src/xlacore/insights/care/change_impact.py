"""Change impact: the calls that followed a change, and the people to tell before the next one.

A call *followed* a change when it opened within ``window_seconds`` after the change's start
on a service or a component the change affected. A call is *linked* to a change when the
ITSM tool names the change as its cause (column ``caused_by_change``, when the calls carry
it). The people to tell are those who use an affected service: the ones a catalogue lists
(``users``, service to people) and those who called about an affected service or component
in the ``history_seconds`` before the change.

Following a change is evidence, not proof, that the change caused a call; so each change
gets a baseline. ``before`` counts the calls on its services and components in the window of
the same length before its start; the **rate ratio** after/before comes with an interval (a
Wilson interval of the share ``after / (after + before)``, which given their sum is
binomial with ``p = ratio / (1 + ratio)``, mapped back to the ratio). The **expected ratio**
is the same after/before ratio of the *other* calls (those on no service or component of
this change, in the same two windows): what the season did anyway. The **lift** is
the rate ratio over the expected one, the interval divided alike (the comparison's own
noise is small beside it, since it counts many more calls), and ``excess`` the calls above
``before × expected``. Without calls before, the ratio and lift are unbounded above: only
their lower bounds are given. Changes are ranked by the lift's lower bound; one with fewer than
``min_calls`` calls before and after, or without comparison calls, has no lift and no rank.

A call inside several changes' windows follows each of them (``followed``), and ``shared``
says how many of those it shares with another change; but it is **attributed** to one only,
the latest change it followed (the nearest before it opened), so attributed calls add up to
the distinct calls that followed any change.
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
from xlacore.insights._bounds import at_least, between, names
from xlacore.insights._columns import present, rows_with, select
from xlacore.model.changes import Change
from xlacore.model.validators import instant
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.functions import wilson_interval, z_value

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
    call kinds considered (empty: every kind); ``min_calls``: the fewest calls before and
    after for a lift; ``confidence``: the intervals' level.
    """

    window_seconds: int = field(default=3 * 86_400, validator=at_least(1))
    history_seconds: int = field(default=90 * 86_400, validator=at_least(1))
    kinds: tuple[str, ...] = field(default=("incident",), converter=names)
    min_calls: int = field(default=5, validator=at_least(1))
    confidence: float = field(default=0.95, validator=between(0.5, 0.999))


@frozen
class ChangeAftermath:
    """One change and what followed it.

    ``followed``: the calls that followed it, in opening order; ``on_service`` and
    ``on_component``: how many of them share a service or a component with it (a call may
    share both); ``shared``: how many of them followed another change too; ``attributed``:
    how many are credited to it (the latest change each call followed); ``before``: the calls
    on its services and components in the same window before; ``ratio`` (with ``ratio_low``
    and ``ratio_high``): after/before; ``expected``: the other calls' after/before ratio;
    ``lift`` (with ``lift_low``, ``lift_high``): ratio over expected; ``excess``: calls above
    ``before × expected``. None where it cannot be computed (see the module). ``linked``:
    the calls that name it as their cause; ``people``: whom to tell before the next change
    on these services, sorted.
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
    shared: int = 0
    attributed: int = 0
    before: int = 0
    ratio: float | None = None
    ratio_low: float | None = None
    ratio_high: float | None = None
    expected: float | None = None
    lift: float | None = None
    lift_low: float | None = None
    lift_high: float | None = None
    excess: float | None = None

    @property
    def ranked(self) -> bool:
        """Whether the change has a lift, and so a place in the ranking."""
        return self.lift_low is not None


@frozen
class ChangeImpact(HtmlResult):
    """Every change with a following or linked call: ranked ones first, by lift's lower bound.

    ``changes`` counts the changes examined, ``calls`` the calls considered, ``followed_calls``
    the distinct calls that followed any change (the attributed calls add up to it).
    """

    settings: ChangeImpactSettings
    changes: int
    calls: int
    aftermath: tuple[ChangeAftermath, ...]
    followed_calls: int = 0


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


@frozen
class _Window:
    """One change's calls after its start and before it; the other calls in both windows."""

    after: NDArray[np.intp]
    on_service: int
    on_component: int
    before: int
    others_after: int
    others_before: int


@frozen
class _Calls:
    """The calls considered, indexed by service, component and opening time."""

    by_service: _Index
    by_component: _Index
    times: NDArray[np.int64]

    @classmethod
    def of(cls, calls: ObservationColumns) -> _Calls:
        opened = calls.column("opened_at").astype(np.int64)
        return cls(_Index.of(calls, "service"), _Index.of(calls, "component"), np.sort(opened))

    def touching(self, change: Change, low: int, high: int) -> NDArray[np.intp]:
        """Rows on a service or component of ``change`` opened in ``[low, high)``."""
        return np.union1d(
            self.by_service.between(change.services, low, high),
            self.by_component.between(change.components, low, high),
        )

    def count(self, low: int, high: int) -> int:
        """How many calls opened in ``[low, high)``."""
        a, b = np.searchsorted(self.times, [low, high], side="left")
        return int(b - a)

    def window(self, change: Change, seconds: int) -> _Window:
        start = _epoch(change.start)
        on_service = self.by_service.between(change.services, start, start + seconds)
        on_component = self.by_component.between(change.components, start, start + seconds)
        after = np.union1d(on_service, on_component)
        before = self.touching(change, start - seconds, start).size
        return _Window(
            after,
            len(on_service),
            len(on_component),
            before,
            self.count(start, start + seconds) - len(after),
            self.count(start - seconds, start) - before,
        )


def _ratio(
    after: int, before: int, confidence: float
) -> tuple[float | None, float | None, float | None]:
    """After/before with the Wilson interval of the conditional share, mapped to the ratio.

    Without calls before, the ratio and its upper bound are unbounded: None, and only the
    lower bound is given; without calls at all, nothing is.
    """
    total = after + before
    if not total:
        return None, None, None
    low, high = (float(x) for x in wilson_interval(after, total, z_value(confidence)))
    if not before:
        return None, low / (1 - low), None
    return after / before, low / (1 - low), high / (1 - high)


def _baseline(measure: _Window, settings: ChangeImpactSettings) -> dict[str, float | None]:
    """The ratio, expected ratio, lift and excess of one change's window (see the module)."""
    after, before = len(measure.after), measure.before
    ratio, low, high = _ratio(after, before, settings.confidence)
    expected = measure.others_after / measure.others_before if measure.others_before else None
    figures: dict[str, float | None] = {
        "ratio": ratio,
        "ratio_low": low,
        "ratio_high": high,
        "expected": expected,
    }
    if after + before >= settings.min_calls and expected and low is not None:
        figures |= {
            "lift": None if ratio is None else ratio / expected,
            "lift_low": low / expected,
            "lift_high": None if high is None else high / expected,
            "excess": after - before * expected,
        }
    return figures


def _attribution(
    changes: Sequence[Change], windows: Sequence[_Window]
) -> tuple[list[int], dict[int, int]]:
    """Calls credited to each change (the latest each followed), and changes per call row."""
    credit: dict[int, int] = {}
    followers: dict[int, int] = {}
    for index in sorted(range(len(changes)), key=lambda i: (_epoch(changes[i].start), i)):
        for row in windows[index].after.tolist():
            credit[row] = index  # a later start overwrites: the nearest change before the call
            followers[row] = followers.get(row, 0) + 1
    attributed = [0] * len(changes)
    for index in credit.values():
        attributed[index] += 1
    return attributed, followers


def change_impact(
    changes: Sequence[Change],
    calls: ObservationColumns,
    settings: ChangeImpactSettings | None = None,
    *,
    users: Mapping[str, Sequence[str]] | None = None,
) -> ChangeImpact:
    """What followed each change, against its baseline (see the module docs).

    ``calls`` are call observations (``call``, ``kind``, ``opened_at``, ``service``,
    ``component``; ``caller`` and ``caused_by_change`` when present); ``users`` maps a
    service to the people a catalogue says use it.
    """
    settings = settings or ChangeImpactSettings()
    if settings.kinds:
        calls = select(calls, np.isin(calls.column("kind"), settings.kinds))
    calls = rows_with(calls, "opened_at")
    indexed = _Calls.of(calls)
    opened = calls.column("opened_at")
    ids = calls.column("call")
    callers = calls.column("caller") if "caller" in calls else None
    called = present(calls, "caller") if callers is not None else None
    links = _links(calls)
    catalogue = users or {}
    windows = [indexed.window(c, settings.window_seconds) for c in changes]
    attributed, followers = _attribution(changes, windows)
    found = []
    for index, change in enumerate(changes):
        measure = windows[index]
        followed, linked = measure.after, links.get(change.id, [])
        if not len(followed) and not linked:
            continue
        followed = followed[np.argsort(opened[followed], kind="stable")]
        people = {p for s in change.services for p in catalogue.get(s, ())}
        if callers is not None and called is not None:
            start = _epoch(change.start)
            history = indexed.touching(change, start - settings.history_seconds, start)
            people.update(str(p) for p in callers[history][called[history]])
        found.append(
            ChangeAftermath(
                change=change.id,
                start=change.start,
                planned=change.planned,
                services=change.services,
                components=change.components,
                followed=tuple(str(i) for i in ids[followed]),
                on_service=measure.on_service,
                on_component=measure.on_component,
                linked=tuple(str(ids[row]) for row in linked),
                people=tuple(sorted(people)),
                shared=sum(1 for row in followed.tolist() if followers[row] > 1),
                attributed=attributed[index],
                before=measure.before,
                **_baseline(measure, settings),
            )
        )
    found.sort(key=_rank)
    return ChangeImpact(settings, len(changes), calls.n_rows, tuple(found), len(followers))


def _rank(a: ChangeAftermath) -> tuple[object, ...]:
    """Ranked changes by the lift's lower bound, then excess; the unranked after, by volume."""
    if a.lift_low is not None:
        return (0, -a.lift_low, -(a.excess or 0.0), instant(a.start), a.change)
    return (1, -len(a.followed), -len(a.linked), instant(a.start), a.change)


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
