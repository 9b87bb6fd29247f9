"""Recurring calls as problem candidates: act on the cause before more people call.

Calls that share a value of a key column (the same service, component, category or person)
and follow each other within a window form a *cluster*: each call opens at most
``window_seconds`` after the one before it (the session rule of journeys and detection
episodes). A cluster of at least ``min_calls`` calls is a problem candidate.

A busy value always has calls, so a cluster is measured against a baseline. The
*population* of a key is the examined calls that carry it; the value's *base rate* is its
share of the population (``value_calls / population``). Within the cluster's span (first to
last call, both included) ``span_calls`` calls of the population opened; the cluster's
*lift* is its share of those, over the base rate: ``(size / span_calls) / base rate``, with
the Wilson interval of ``size / span_calls`` divided by the base rate (the base rate, from
the whole population, taken as known). A lift of 1 is the value's usual share; a cluster
equal to the population has lift 1. The *expected* calls are ``span_calls · base rate``.

A cluster whose span holds more than ``max_coverage`` (half) of the population is the
background, not a burst (a busy service called every week forms one cluster over the whole
period): it is not a candidate, only counted in ``background``. Candidates are ranked by
their *excess* calls (size − expected: lift and volume in one figure), then by volume, then
by the experience lost on them: the working time people said they lost, their negative
answers, and the time the calls stayed open.

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

from xlacore.errors import InvariantError
from xlacore.insights._bounds import at_least, between, names
from xlacore.insights._columns import present, rows_with
from xlacore.insights._episodes import sessions
from xlacore.insights._join import lookup
from xlacore.insights.experience.negative import NEGATIVE_AT_MOST, is_negative
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.functions import wilson_interval, z_value
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
    negative-answer rule of :mod:`~xlacore.insights.experience.negative`. A cluster holding
    exactly the
    calls of a cluster found on an earlier key is left out (its key shows in that one's
    ``shared``) unless ``repeat_equal`` is true. ``max_coverage``: the largest share of the
    population a candidate's span may hold (above it the cluster is background);
    ``confidence``: of the lift's interval.
    """

    keys: tuple[str, ...] = field(default=DEFAULT_RECURRENCE_KEYS, converter=names, validator=_keys)
    window_seconds: int = field(default=7 * 86_400, validator=at_least(1))
    min_calls: int = field(default=3, validator=at_least(2))
    kinds: tuple[str, ...] = field(default=("incident",), converter=names)
    negative_at_most: float = NEGATIVE_AT_MOST
    repeat_equal: bool = False
    max_coverage: float = field(default=0.5, validator=between(0.0, 1.0))
    confidence: float = field(default=0.95, validator=between(0.5, 0.999))


@frozen
class ProblemCandidate:
    """Calls sharing ``value`` in column ``key`` that followed each other within the window.

    ``calls`` lists the call ids in opening order; ``shared`` the other key columns on
    which every call agrees, as ``(column, value)``. ``open_seconds`` sums the resolution
    times of the resolved calls; ``lost_seconds``, ``answers`` and ``negative_answers``
    come from the survey answers about the calls. ``reopened`` counts the reopened calls
    among those whose source records reopenings; ``None`` (no data) when none does.

    The baseline (module docs): ``population`` calls carry ``key``, ``value_calls`` of them
    have ``value``, ``span_calls`` of them opened within the cluster's span; ``lift`` (with
    ``lift_low`` to ``lift_high``) is the cluster's share of ``span_calls`` over the base
    rate ``value_calls / population``, and ``expected`` the calls that rate gives the span.
    """

    key: str
    value: str
    calls: tuple[str, ...]
    first_opened: datetime
    last_opened: datetime
    people: int
    reopened: int | None
    open_seconds: int
    lost_seconds: int
    answers: int
    negative_answers: int
    shared: tuple[tuple[str, str], ...]
    population: int
    value_calls: int
    span_calls: int
    lift: float
    lift_low: float
    lift_high: float
    expected: float

    @property
    def size(self) -> int:
        """How many calls the cluster holds."""
        return len(self.calls)

    @property
    def base_rate(self) -> float:
        """The value's share of the population: the rate the lift is measured against."""
        return self.value_calls / self.population

    @property
    def coverage(self) -> float:
        """The share of the population that opened within the cluster's span."""
        return self.span_calls / self.population

    @property
    def excess(self) -> float:
        """Calls above the base rate's expectation: what ranks the candidates."""
        return self.size - self.expected


@frozen
class ProblemCandidates(HtmlResult):
    """Problem candidates, ranked, the calls examined, and the clusters left out.

    ``background`` counts the clusters whose span held more than ``max_coverage`` of the
    population.
    """

    settings: RecurrenceSettings
    calls_examined: int
    candidates: tuple[ProblemCandidate, ...]
    background: int = 0


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


def _recorded(calls: ObservationColumns, name: str) -> NDArray[np.bool_]:
    """Where column ``name`` has a value (nowhere when the column is missing)."""
    if name not in calls:
        return np.zeros(calls.n_rows, dtype=bool)
    return present(calls, name)


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


@frozen
class _Baseline:
    """Per cluster: the population of its key, its value's calls, the calls in its span."""

    population: int
    value_calls: list[int]
    span_calls: list[int]
    lift: list[float]
    low: list[float]
    high: list[float]
    expected: list[float]

    @classmethod
    def of(
        cls,
        *,
        codes: NDArray[np.intp],
        opened: NDArray[np.int64],
        first: NDArray[np.int64],
        last: NDArray[np.int64],
        value: NDArray[np.intp],
        size: NDArray[np.int64],
        confidence: float,
    ) -> _Baseline:
        n = len(codes)
        value_calls = np.bincount(codes)[value]
        times = np.sort(opened)
        span = np.searchsorted(times, last, "right") - np.searchsorted(times, first, "left")
        base = value_calls / n
        low, high = wilson_interval(size, span, z_value(confidence))
        return cls(
            n,
            value_calls.astype(np.int64).tolist(),
            span.astype(np.int64).tolist(),
            (size / span / base).tolist(),
            (low / base).tolist(),
            (high / base).tolist(),
            (span * base).tolist(),
        )


def _clusters(
    calls: ObservationColumns,
    examined: NDArray[np.intp],
    key: str,
    settings: RecurrenceSettings,
    answers: _Answers,
) -> tuple[list[ProblemCandidate], int]:
    """The candidates on ``key`` and how many clusters were background."""
    rows = examined[present(calls, key)[examined]]
    if not len(rows):
        return [], 0
    codes = factorize(calls.column(key)[rows])[1]
    opened = calls.column("opened_at")[rows].astype(np.int64)
    cluster = sessions(codes, opened, opened, settings.window_seconds)
    chosen = (np.bincount(cluster) >= settings.min_calls)[cluster]
    order = np.lexsort((opened[chosen], cluster[chosen]))
    if not len(order):
        return [], 0
    ordered = cluster[chosen][order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(order)]
    member_opened = opened[chosen][order]
    baseline = _Baseline.of(
        codes=codes,
        opened=opened,
        first=member_opened[starts],
        last=member_opened[ends - 1],
        value=codes[chosen][order][starts],
        size=(ends - starts).astype(np.int64),
        confidence=settings.confidence,
    )
    members = _Members(rows[chosen][order], starts)
    ids = calls.column("call")[members.rows].tolist()
    times = calls.column("opened_at")[members.rows]
    values = calls.column(key)[members.rows[members.starts]].tolist()
    shared = [(k, members.uniform(calls, k)) for k in settings.keys if k != key]
    people = members.distinct(calls, "caller")
    reopened = members.total(_filled(calls, "reopened").astype(np.int64))
    # How many members' sources record reopenings: none is no data, not "never reopened".
    recorded = members.total(_recorded(calls, "reopened").astype(np.int64))
    open_seconds = members.total(_filled(calls, "resolution_seconds"))
    lost = members.total(answers.lost)
    count = members.total(answers.count)
    negative = members.total(answers.negative)
    limit = settings.max_coverage * baseline.population
    found = [
        ProblemCandidate(
            key=key,
            value=str(values[i]),
            calls=tuple(map(str, ids[start:end])),
            first_opened=_moment(int(times[start])),
            last_opened=_moment(int(times[end - 1])),
            people=people[i],
            reopened=reopened[i] if recorded[i] else None,
            open_seconds=open_seconds[i],
            lost_seconds=lost[i],
            answers=count[i],
            negative_answers=negative[i],
            shared=tuple(
                (k, str(calls.column(k)[members.rows[start]])) for k, same in shared if same[i]
            ),
            population=baseline.population,
            value_calls=baseline.value_calls[i],
            span_calls=baseline.span_calls[i],
            lift=baseline.lift[i],
            lift_low=baseline.low[i],
            lift_high=baseline.high[i],
            expected=baseline.expected[i],
        )
        for i, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True))
        if baseline.span_calls[i] <= limit
    ]
    return found, len(starts) - len(found)


def _rank(candidate: ProblemCandidate) -> tuple[Any, ...]:
    return (
        -candidate.excess,
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
    background = 0
    for key in settings.keys:
        if key not in calls:
            continue
        clusters, left_out = _clusters(calls, examined, key, settings, summed)
        background += left_out
        for candidate in clusters:
            if settings.repeat_equal or candidate.calls not in seen:
                found.append(candidate)
                seen.add(candidate.calls)
    return ProblemCandidates(settings, len(examined), tuple(sorted(found, key=_rank)), background)
