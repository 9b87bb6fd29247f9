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

from xlacore.insights._bounds import at_least, names
from xlacore.insights._columns import present, rows_with
from xlacore.insights._episodes import sessions
from xlacore.insights._join import lookup
from xlacore.insights.negative import NEGATIVE_AT_MOST, is_negative
from xlacore.model._invariants import InvariantError
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import factorize

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

    keys: tuple[str, ...] = field(default=DEFAULT_RECURRENCE_KEYS, converter=names, validator=_keys)
    window_seconds: int = field(default=7 * 86_400, validator=at_least(1))
    min_calls: int = field(default=3, validator=at_least(2))
    kinds: tuple[str, ...] = field(default=("incident",), converter=names)
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
class ProblemCandidates(HtmlResult):
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


@frozen
class _Members:
    """The rows of the clusters, cluster after cluster, each in opening order.

    ``starts`` indexes each cluster's first member; every per-cluster figure is one
    ``reduceat`` over the members, so no step loops over calls.
    """

    rows: NDArray[np.intp]
    starts: NDArray[np.intp]

    def total(self, values: NDArray[Any]) -> list[int]:
        sums: list[int] = np.add.reduceat(values[self.rows], self.starts).astype(np.int64).tolist()
        return sums

    def _codes(
        self, calls: ObservationColumns, name: str
    ) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
        """Integer codes of column ``name`` (missing entries: -1) for the members."""
        column = calls.column(name)[self.rows]
        has = present(calls, name)[self.rows]
        codes = np.full(len(self.rows), -1, dtype=np.intp)
        codes[has] = factorize(column[has])[1]
        return codes, has

    def distinct(self, calls: ObservationColumns, name: str) -> list[int]:
        """How many distinct values of ``name`` each cluster holds (0 without the column)."""
        if name not in calls:
            return [0] * len(self.starts)
        codes, has = self._codes(calls, name)
        cluster = np.repeat(
            np.arange(len(self.starts)), np.diff(np.r_[self.starts, len(self.rows)])
        )
        pairs = np.unique(cluster[has] * np.int64(len(self.rows) + 1) + codes[has])
        counts = np.bincount(pairs // np.int64(len(self.rows) + 1), minlength=len(self.starts))
        result: list[int] = counts.astype(np.int64).tolist()
        return result

    def uniform(self, calls: ObservationColumns, name: str) -> NDArray[np.bool_]:
        """Whether every member of each cluster has one and the same value of ``name``."""
        if name not in calls:
            return np.zeros(len(self.starts), dtype=bool)
        codes, has = self._codes(calls, name)
        whole = np.logical_and.reduceat(has, self.starts)
        low = np.minimum.reduceat(codes, self.starts)
        return np.asarray(whole & (low == np.maximum.reduceat(codes, self.starts)), dtype=bool)


def _clusters(
    calls: ObservationColumns,
    examined: NDArray[np.intp],
    key: str,
    settings: RecurrenceSettings,
    answers: _Answers,
) -> list[ProblemCandidate]:
    rows = examined[present(calls, key)[examined]]
    if not len(rows):
        return []
    codes = factorize(calls.column(key)[rows])[1]
    opened = calls.column("opened_at")[rows].astype(np.int64)
    cluster = sessions(codes, opened, opened, settings.window_seconds)
    chosen = (np.bincount(cluster) >= settings.min_calls)[cluster]
    order = np.lexsort((opened[chosen], cluster[chosen]))
    if not len(order):
        return []
    ordered = cluster[chosen][order]
    members = _Members(
        rows[chosen][order], np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    )
    ends = np.r_[members.starts[1:], len(members.rows)]
    ids = calls.column("call")[members.rows].tolist()
    times = calls.column("opened_at")[members.rows]
    values = calls.column(key)[members.rows[members.starts]].tolist()
    shared = [(k, members.uniform(calls, k)) for k in settings.keys if k != key]
    people = members.distinct(calls, "caller")
    reopened = members.total(_filled(calls, "reopened").astype(np.int64))
    open_seconds = members.total(_filled(calls, "resolution_seconds"))
    lost = members.total(answers.lost)
    count = members.total(answers.count)
    negative = members.total(answers.negative)
    return [
        ProblemCandidate(
            key=key,
            value=str(values[i]),
            calls=tuple(map(str, ids[start:end])),
            first_opened=_moment(int(times[start])),
            last_opened=_moment(int(times[end - 1])),
            people=people[i],
            reopened=reopened[i],
            open_seconds=open_seconds[i],
            lost_seconds=lost[i],
            answers=count[i],
            negative_answers=negative[i],
            shared=tuple(
                (k, str(calls.column(k)[members.rows[start]])) for k, same in shared if same[i]
            ),
        )
        for i, (start, end) in enumerate(zip(members.starts.tolist(), ends.tolist(), strict=True))
    ]


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
    wanted = present(calls, "opened_at")
    if settings.kinds:
        wanted = wanted & np.isin(calls.column("kind"), settings.kinds)
    examined = np.flatnonzero(wanted)
    summed = _Answers.of(calls, answers, settings.negative_at_most)
    found: list[ProblemCandidate] = []
    seen: set[tuple[str, ...]] = set()
    for key in settings.keys:
        if key not in calls:
            continue
        for candidate in _clusters(calls, examined, key, settings, summed):
            if settings.repeat_equal or candidate.calls not in seen:
                found.append(candidate)
                seen.add(candidate.calls)
    return ProblemCandidates(settings, len(examined), tuple(sorted(found, key=_rank)))
