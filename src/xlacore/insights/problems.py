"""Recurring calls as problem candidates: act on the cause before more people call.

Calls that share a value of a key column (the same service, component, category or person)
and follow each other within a window form a *cluster*: each call opens at most
``window_seconds`` after the one before it (the session rule of journeys and detection
episodes). A cluster of at least ``min_calls`` calls is a problem candidate. Candidates are
ranked by volume (calls), then by the experience lost on them: the working time people said
they lost, their negative answers, and the time the calls stayed open.

Each candidate carries its evidence: the calls in time order, when the cluster began and
ended, how many people called, how often a call was reopened, and the other key columns on
which every call of the cluster agrees (twenty incidents on one component that also share
one category point harder at one cause than twenty scattered ones).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.insights._bounds import at_least
from xlacore.insights._columns import present, rows_with, select
from xlacore.insights._episodes import sessions
from xlacore.insights._join import lookup
from xlacore.insights.negative import NEGATIVE_AT_MOST, is_negative
from xlacore.model._invariants import InvariantError
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping

__all__ = [
    "DEFAULT_RECURRENCE_KEYS",
    "RecurrenceSettings",
    "ProblemCandidate",
    "ProblemCandidates",
    "problem_candidates",
]

#: The key columns checked by default: same service, component, category or person.
DEFAULT_RECURRENCE_KEYS = ("service", "component", "category", "caller")


def _keys(_: Any, attribute: Any, value: tuple[str, ...]) -> None:
    if not value or len(set(value)) != len(value):
        raise InvariantError(attribute.name, f"needs distinct key columns, got {value!r}")


@frozen
class RecurrenceSettings:
    """What counts as recurring.

    ``keys``: the columns checked one at a time; ``window_seconds``: the longest pause
    between two calls of one cluster; ``min_calls``: the smallest cluster reported;
    ``kinds``: the call kinds considered (empty: every kind); ``negative_at_most``: the
    negative-answer rule of :mod:`xlacore.insights.negative`. A cluster holding exactly the
    calls of a cluster found on an earlier key is left out (its key shows in that one's
    ``shared``) unless ``repeat_equal`` is true.
    """

    keys: tuple[str, ...] = field(default=DEFAULT_RECURRENCE_KEYS, converter=tuple, validator=_keys)
    window_seconds: int = field(default=7 * 86_400, validator=at_least(1))
    min_calls: int = field(default=3, validator=at_least(2))
    kinds: tuple[str, ...] = field(default=("incident",), converter=tuple)
    negative_at_most: float = NEGATIVE_AT_MOST
    repeat_equal: bool = False


@frozen
class ProblemCandidate:
    """Calls sharing ``value`` in column ``key`` that followed each other within the window.

    ``calls`` lists the call ids in opening order; ``shared`` the other key columns on
    which every call agrees, as ``(column, value)``. ``open_seconds`` sums the resolution
    times of the resolved calls; ``lost_seconds``, ``answers`` and ``negative_answers``
    come from the survey answers about the calls.
    """

    key: str
    value: str
    calls: tuple[str, ...]
    first_opened: datetime
    last_opened: datetime
    people: int
    reopened: int
    open_seconds: int
    lost_seconds: int
    answers: int
    negative_answers: int
    shared: tuple[tuple[str, str], ...]

    @property
    def size(self) -> int:
        """How many calls the cluster holds."""
        return len(self.calls)


@frozen
class ProblemCandidates:
    """Problem candidates, ranked, and how many calls were examined."""

    settings: RecurrenceSettings
    calls_examined: int
    candidates: tuple[ProblemCandidate, ...]


def _sums(codes: NDArray[np.intp], weights: NDArray[Any], size: int) -> NDArray[np.int64]:
    return np.bincount(codes, weights=weights, minlength=size).astype(np.int64)


@frozen
class _Answers:
    """Per call row: reported lost seconds, answers, negative answers."""

    lost: NDArray[np.int64]
    count: NDArray[np.int64]
    negative: NDArray[np.int64]

    @classmethod
    def of(
        cls, calls: ObservationColumns, answers: ObservationColumns | None, at_most: float
    ) -> _Answers:
        zeros = np.zeros(calls.n_rows, dtype=np.int64)
        if answers is None:
            return cls(zeros, zeros, zeros)
        answers = rows_with(answers, "call", "value", "scale_low", "scale_high")
        rows, found = lookup(calls.column("call"), answers.column("call"))
        row = rows[found]
        lost = _filled(answers, "lost_time_seconds")
        negative = is_negative(
            answers.column("value"),
            answers.column("scale_low"),
            answers.column("scale_high"),
            at_most,
        )
        n = calls.n_rows
        return cls(
            _sums(row, lost[found].astype(np.float64), n),
            np.bincount(row, minlength=n).astype(np.int64),
            _sums(row, negative[found].astype(np.float64), n),
        )


def _moment(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _filled(calls: ObservationColumns, name: str) -> NDArray[Any]:
    """Column ``name`` with missing entries (or a missing column) as zero."""
    if name not in calls:
        return np.zeros(calls.n_rows, dtype=np.int64)
    return np.where(present(calls, name), calls.column(name), 0)


def _distinct(calls: ObservationColumns, name: str, rows: NDArray[np.intp]) -> int:
    if name not in calls:
        return 0
    return len(set(calls.column(name)[rows][present(calls, name)[rows]].tolist()))


def _shared(
    calls: ObservationColumns, rows: NDArray[np.intp], keys: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    found = []
    for key in keys:
        if key not in calls or not present(calls, key)[rows].all():
            continue
        values = calls.column(key)[rows]
        if (values == values[0]).all():
            found.append((key, str(values[0])))
    return tuple(found)


def _clusters(
    calls: ObservationColumns, key: str, settings: RecurrenceSettings, answers: _Answers
) -> list[ProblemCandidate]:
    keep = present(calls, key)
    rows = np.flatnonzero(keep)
    if not len(rows):
        return []
    grouping = Grouping.of(select(calls, keep), (key,))
    opened = calls.column("opened_at")[rows].astype(np.int64)
    cluster = sessions(grouping.codes, opened, opened, settings.window_seconds)
    sizes = np.bincount(cluster)
    wanted = sizes >= settings.min_calls
    chosen = wanted[cluster]
    order = np.lexsort((opened[chosen], cluster[chosen]))
    members = rows[chosen][order]
    if not len(members):
        return []
    bounds = np.flatnonzero(np.diff(cluster[chosen][order])) + 1
    others = tuple(k for k in settings.keys if k != key)
    ids = calls.column("call")
    resolution = _filled(calls, "resolution_seconds")
    reopened = _filled(calls, "reopened").astype(bool)
    result = []
    for part in np.split(members, bounds):
        times = calls.column("opened_at")[part]
        result.append(
            ProblemCandidate(
                key=key,
                value=str(calls.column(key)[part[0]]),
                calls=tuple(str(i) for i in ids[part]),
                first_opened=_moment(int(times[0])),
                last_opened=_moment(int(times[-1])),
                people=_distinct(calls, "caller", part),
                reopened=int(reopened[part].sum()),
                open_seconds=int(resolution[part].sum()),
                lost_seconds=int(answers.lost[part].sum()),
                answers=int(answers.count[part].sum()),
                negative_answers=int(answers.negative[part].sum()),
                shared=_shared(calls, part, others),
            )
        )
    return result


def _rank(candidate: ProblemCandidate) -> tuple[Any, ...]:
    return (
        -candidate.size,
        -candidate.lost_seconds,
        -candidate.negative_answers,
        -candidate.open_seconds,
        candidate.key,
        candidate.value,
        candidate.first_opened,
    )


def problem_candidates(
    calls: ObservationColumns,
    answers: ObservationColumns | None = None,
    settings: RecurrenceSettings | None = None,
) -> ProblemCandidates:
    """Recurring calls on each key column of ``settings``, ranked (see the module docs).

    ``calls`` are call observations (``call``, ``kind``, ``opened_at`` and the key columns;
    ``caller``, ``resolution_seconds`` and ``reopened`` when present); ``answers`` the
    answer observations whose ``call`` links them to the calls. A key column the calls do
    not have is skipped.
    """
    settings = settings or RecurrenceSettings()
    if settings.kinds:
        calls = select(calls, np.isin(calls.column("kind"), settings.kinds))
    examined = rows_with(calls, "opened_at")
    summed = _Answers.of(examined, answers, settings.negative_at_most)
    found: list[ProblemCandidate] = []
    seen: set[tuple[str, ...]] = set()
    for key in settings.keys:
        if key not in examined:
            continue
        for candidate in _clusters(examined, key, settings, summed):
            if settings.repeat_equal or candidate.calls not in seen:
                found.append(candidate)
                seen.add(candidate.calls)
    return ProblemCandidates(settings, examined.n_rows, tuple(sorted(found, key=_rank)))
