"""The live ledger: every indicator of a set of agreements kept current, one change at a time.

A :class:`Ledger` takes calls as they change (:meth:`Ledger.update`, or every
``xlacore_call_event`` through :class:`~xlacore.plugins.LedgerListener`) and survey answers as
they arrive (:meth:`Ledger.add_feedback`). :meth:`Ledger.report` gives, at any point, the
report :func:`~xlacore.evaluation.evaluate.evaluate` gives over the same calls and answers at
the ledger's time (floats up to rounding in the order statistics were merged).

It runs the evaluation's own :class:`~xlacore.evaluation.plan.EvaluationPlan`; what it adds
is *where the rows live*, so a report re-reads only the rows that changed:

- **time slices.** Each row (a call, or an answer) lives in the slice of the time buckets
  (``slice_seconds`` wide) of every timestamp its source's indicators attribute by (for
  calls typically ``opened_at`` and ``resolved_at``). A slice caches the plan statistics of
  its rows together with how it lay against each measurement's window (inside, outside, or
  across an edge) when they were accumulated.
- **an event costs O(1)** (amortised, plus the call's own new events): the call's SLA timers
  are advanced by the new events (:class:`~xlacore.clock.SlaTimer`), and the call and its
  answers are moved to the slices their timestamps now fall in, which are marked dirty.
- **a report** re-accumulates the dirty slices and the slices that a window edge crosses
  (or that have crossed one since the last report), each from its stored rows, so rolling
  windows stay exact; every other slice contributes its cached statistics through the
  strategies' ``merge`` (counts, sums and histograms add; sketches add bucket by bucket).
  Slices that lie before every window and stay there (windows only move forward) are folded
  into one settled aggregate once and never read again. Calls whose SLA clock is running or
  paused are re-measured at every report as of the report's time, from their own events.

So a report costs O(rows in dirty and edge slices + calls with a running SLA clock +
slices inside the longest window x the size of the plan's statistics), independent of the
history before the windows. Three things cost more, and are rare: a new service in an
agreement that names none, an agreement coming into or out of force, and a change to a call
or answer older than every window re-accumulate the settled history once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import UTC, datetime
from functools import reduce

import attrs
from attrs import Factory, define

from xlacore.clock import SlaTimer
from xlacore.errors import InvalidInputError
from xlacore.evaluation.observations import UNKNOWN, Observations
from xlacore.evaluation.plan import EvaluationPlan, EvaluationStats, Extent
from xlacore.evaluation.report import Report
from xlacore.model._invariants import instant
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import Feedback, SubjectKind
from xlacore.model.indicators import Source
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import call_observations, feedback_observations
from xlacore.scoring.windows import DAY

__all__ = ["Ledger"]

Moments = Mapping[str, int | None]
"""A row's timestamps by column name, in epoch seconds (None: the row has none)."""

_CALL_MOMENTS = ("opened_at", "resolved_at", "updated_at")
_FEEDBACK_MOMENTS = (*_CALL_MOMENTS, "answered_at")

_INSIDE = "inside"
_OUTSIDE = "outside"


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(instant(moment).timestamp())


def _call_moments(call: Call | None) -> dict[str, int | None]:
    if call is None:
        return dict.fromkeys(_CALL_MOMENTS)
    return {
        "opened_at": _epoch(call.opened_at),
        "resolved_at": _epoch(call.resolved_at),
        "updated_at": _epoch(call.events[-1].at),
    }


@define
class _Slice:
    """Rows whose timestamps fall in the same buckets, and the statistics last taken of them.

    ``placement`` is how the rows lay against the plan's windows when ``stats`` were taken;
    ``bounds`` the earliest and latest of each timestamp among the rows.
    """

    rows: set[str] = Factory(set)
    dirty: bool = True
    bounds: dict[str, tuple[int, int]] = Factory(dict)
    observations: Observations | None = None
    placement: tuple[object, ...] | None = None
    stats: EvaluationStats | None = None

    def forget(self) -> None:
        """Drop the tables and statistics (the slice settled, or must be read again)."""
        self.observations = self.placement = self.stats = None


@define
class _Window:
    """Where one measurement of a plan looks: its timestamp column and ``[start, end)``."""

    column: str
    start: int
    end: int

    def place(self, bounds: Mapping[str, tuple[int, int]]) -> object:
        """Inside, outside, or (across an edge) the window itself."""
        found = bounds.get(self.column)
        if found is None or found[1] < self.start or found[0] >= self.end:
            return _OUTSIDE
        if self.start <= found[0] and found[1] < self.end:
            return _INSIDE
        return (self.start, self.end)

    def passed(self, bounds: Mapping[str, tuple[int, int]]) -> bool:
        """Whether every row lies before the window (and so before every later one)."""
        found = bounds.get(self.column)
        return found is None or found[1] < self.start


Build = Callable[[Collection[str]], Observations]
"""Makes the observations of some rows of one source, by row id."""


@define
class _Rows:
    """The rows of one source in time slices, with a settled aggregate of the old ones."""

    columns: tuple[str, ...]
    width: int
    slices: dict[tuple[int | None, ...], _Slice] = Factory(dict)
    where: dict[str, tuple[int | None, ...]] = Factory(dict)
    moments: dict[str, Moments] = Factory(dict)
    settled: dict[tuple[int | None, ...], _Slice] = Factory(dict)
    settled_stats: EvaluationStats | None = None
    settled_stale: bool = False

    def _slice(self, key: tuple[int | None, ...]) -> _Slice:
        found = self.settled.pop(key, None)
        if found is not None:  # a change before every window: the aggregate is redone
            self.settled_stale = True
            self.slices[key] = found
            return found
        return self.slices.setdefault(key, _Slice())

    def place(self, row: str, moments: Moments) -> None:
        """Put ``row`` (new or changed) in the slice of its timestamps; mark what changed."""
        key = tuple(None if (t := moments[c]) is None else t // self.width for c in self.columns)
        self.remove(row)
        self.moments[row] = moments
        self.where[row] = key
        target = self._slice(key)
        target.rows.add(row)
        target.dirty = True

    def remove(self, row: str) -> None:
        """Take ``row`` out of its slice, if it is in one."""
        key = self.where.pop(row, None)
        if key is None:
            return
        del self.moments[row]
        found = self._slice(key)
        found.rows.discard(row)
        found.dirty = True
        if not found.rows:
            del self.slices[key]

    def reset(self) -> None:
        """Forget every statistic (the plan's shape changed)."""
        for key, found in self.settled.items():
            self.slices[key] = found
        self.settled.clear()
        self.settled_stats = None
        self.settled_stale = False
        for found in self.slices.values():
            found.dirty = True
            found.forget()

    def drop_tables(self) -> None:
        """Build every table again (a column was added; statistics stay valid)."""
        for found in self.slices.values():
            found.observations = None

    def statistics(
        self, plan: EvaluationPlan, windows: list[_Window], build: Build
    ) -> list[EvaluationStats]:
        """The statistics of every row under ``plan``, as parts to merge, in a fixed order."""
        if self.settled_stale:
            rows = [r for found in self.settled.values() for r in found.rows]
            self.settled_stats = plan.accumulate(build(rows)) if rows else None
            self.settled_stale = False
        parts: list[EvaluationStats] = []
        for key in sorted(self.slices, key=_order):
            found = self.slices[key]
            if found.dirty or found.observations is None:
                found.bounds = self._bounds(found.rows)
                found.observations = build(found.rows)
            placement = tuple(w.place(found.bounds) for w in windows)
            if found.dirty or placement != found.placement:
                found.stats = plan.accumulate(found.observations)
                found.placement, found.dirty = placement, False
            assert found.stats is not None
            if all(w.passed(found.bounds) for w in windows):
                self.settled[key] = self.slices.pop(key)
                self.settled_stats = _merge(plan, self.settled_stats, found.stats)
                found.forget()
            else:
                parts.append(found.stats)
        return parts if self.settled_stats is None else [self.settled_stats, *parts]

    def _bounds(self, rows: Iterable[str]) -> dict[str, tuple[int, int]]:
        bounds: dict[str, tuple[int, int]] = {}
        for row in rows:
            for column, t in self.moments[row].items():
                if t is not None:
                    low, high = bounds.get(column, (t, t))
                    bounds[column] = (min(low, t), max(high, t))
        return bounds


def _order(key: tuple[int | None, ...]) -> tuple[tuple[bool, int], ...]:
    return tuple((b is None, b or 0) for b in key)


def _merge(plan: EvaluationPlan, a: EvaluationStats | None, b: EvaluationStats) -> EvaluationStats:
    return b if a is None else plan.merge(a, b)


def _pad(table: ObservationColumns, names: Iterable[str]) -> ObservationColumns:
    """``table`` with an empty column for each of ``names`` it lacks (as one batch table has)."""
    missing = sorted(set(names) - set(table.names))
    return table.with_columns(**{n: [None] * table.n_rows for n in missing}) if missing else table


def _widen(known: set[str], names: Iterable[str], rows: _Rows) -> None:
    """Learn column names; tables built without a new one are built again."""
    new = set(names) - known
    if new:
        known |= new
        rows.drop_tables()


class Ledger:
    """Live scores of a set of agreements, equal to a batch evaluation at any point.

    Feed it calls as they change and answers as they arrive; ask for :meth:`report`.
    ``make_registry(plugins=[LedgerListener(ledger)])`` feeds it every ``xlacore_call_event``.
    ``slice_seconds`` is the width of its time buckets: narrower slices make a report
    re-read fewer rows at a window's edge and merge more cached statistics.
    """

    def __init__(self, agreements: AgreementSet, *, slice_seconds: int = DAY) -> None:
        if slice_seconds < 1:
            raise InvalidInputError(
                [f"slice_seconds: must be whole seconds, 1 or more; got {slice_seconds}"],
                what="ledger",
            )
        self.agreements = agreements
        self._calls: dict[str, Call] = {}
        self._feedback: dict[str, Feedback] = {}
        self._answers: dict[str, set[str]] = {}
        self._timers: dict[str, tuple[SlaTimer, ...]] = {}
        self._running: set[str] = set()
        self._services: set[str] = set()
        self._call_extras: set[str] = set()
        self._feedback_extras: set[str] = set()
        self._time: int | None = None
        self._shape: tuple[object, ...] | None = None
        self._call_rows = _Rows(self._columns(Source.CALLS, _CALL_MOMENTS), slice_seconds)
        self._feedback_rows = _Rows(
            self._columns(Source.FEEDBACK, _FEEDBACK_MOMENTS), slice_seconds
        )

    def _columns(self, source: Source, known: tuple[str, ...]) -> tuple[str, ...]:
        used = sorted(
            {i.attribution for i in self.agreements.indicators.values() if i.source is source}
        )
        for column in used:
            if column not in known:
                raise InvalidInputError(
                    [
                        f"{source.value} indicators attribute rows by {column!r}: the ledger "
                        f"places them in time by {', '.join(known)}; use one of those"
                    ],
                    what="ledger agreements",
                )
        return tuple(used)

    # -- what changes --------------------------------------------------------------------

    @property
    def time(self) -> datetime | None:
        """The ledger's time: the latest event, answer or :meth:`advance` (None: nothing yet)."""
        return None if self._time is None else datetime.fromtimestamp(self._time, UTC)

    def advance(self, to: datetime) -> None:
        """Move the ledger's time on to ``to`` (reports are as of it); never backwards."""
        moment = _epoch(to)
        assert moment is not None
        if self._time is not None and moment < self._time:
            raise InvalidInputError(
                [f"to: {to.isoformat()} is before the ledger's time; it never goes back"],
                what="ledger time",
            )
        self._time = moment

    def _see(self, moment: int | None) -> None:
        assert moment is not None
        if self._time is None or moment > self._time:
            self._time = moment

    def update(self, call: Call) -> None:
        """Take ``call`` as it is now: a new call, or one with new events."""
        previous = self._calls.get(call.id)
        self._calls[call.id] = call
        self._services.add(call.service or UNKNOWN)
        _widen(self._call_extras, call.attributes, self._call_rows)
        if call.id in self._answers:
            _widen(self._feedback_extras, call.attributes, self._feedback_rows)
        moments = _call_moments(call)
        self._see(moments["updated_at"])
        if self._advance_clocks(previous, call):
            self._running.add(call.id)
            self._call_rows.remove(call.id)
        else:
            self._running.discard(call.id)
            self._call_rows.place(call.id, moments)
        for answer in self._answers.get(call.id, ()):
            self._feedback_rows.place(answer, self._answer_moments(self._feedback[answer], moments))

    def _advance_clocks(self, previous: Call | None, call: Call) -> bool:
        """Advance the call's SLA timers by its new events; whether any is still active."""
        timers = self._timers.pop(call.id, None)
        known = 0 if previous is None else len(previous.events)
        extends = (
            timers is not None
            and previous is not None
            and len(call.events) > known
            and call.events[known - 1] == previous.events[-1]
        )
        if not extends:
            timers = tuple(SlaTimer.for_call(d, call) for d in self.agreements.sla_definitions)
            known = 0
        assert timers is not None
        for event in call.events[known:]:
            for timer in timers:
                timer.apply(event)
        if any(t.active for t in timers):
            self._timers[call.id] = timers
            return True
        return False

    def add_feedback(self, feedback: Feedback) -> None:
        """Take a survey answer (a new one, or a correction of one with the same id)."""
        self._feedback[feedback.id] = feedback
        self._see(_epoch(feedback.answered_at))
        call = None
        if feedback.about.kind is SubjectKind.CALL:
            self._answers.setdefault(feedback.about.id, set()).add(feedback.id)
            call = self._calls.get(feedback.about.id)
            if call is not None:
                _widen(self._feedback_extras, call.attributes, self._feedback_rows)
        self._feedback_rows.place(feedback.id, self._answer_moments(feedback, _call_moments(call)))

    @staticmethod
    def _answer_moments(feedback: Feedback, call: Moments) -> Moments:
        return {**call, "answered_at": _epoch(feedback.answered_at)}

    # -- the report ----------------------------------------------------------------------

    def report(self) -> Report:
        """The report as of the ledger's time: :func:`~xlacore.evaluation.evaluate.evaluate`'s."""
        extent = Extent(self._time, frozenset(self._services))
        plan = EvaluationPlan.of(self.agreements, at=None, extent=extent)
        end = int(plan.at.timestamp()) + 1
        shape = tuple(
            (m.context, m.indicator, m.min_n, m.window.start - end, m.window.end - end)
            for m in plan.measurements
        )
        if shape != self._shape:
            self._shape = shape
            self._call_rows.reset()
            self._feedback_rows.reset()
        windows = {
            source: [
                _Window(m.indicator.attribution, m.window.start, m.window.end)
                for m in plan.measurements
                if m.indicator.source is source
            ]
            for source in Source
        }
        parts = [
            *self._call_rows.statistics(plan, windows[Source.CALLS], self._build_calls(plan)),
            *self._feedback_rows.statistics(plan, windows[Source.FEEDBACK], self._build_feedback),
        ]
        if self._running:
            parts.append(plan.accumulate(self._build_calls(plan)(sorted(self._running))))
        if not parts:
            parts.append(plan.accumulate(self._build_feedback(())))
        return plan.finalize(reduce(plan.merge, parts))

    def _build_calls(self, plan: EvaluationPlan) -> Build:
        agreements = self.agreements

        def build(rows: Collection[str]) -> Observations:
            calls = [self._calls[r] for r in sorted(rows)]
            found = Observations.of(
                calls,
                (),
                slas=agreements.sla_definitions,
                calendars=agreements.calendars,
                at=plan.at,
            )
            return attrs.evolve(found, calls=_pad(found.calls, self._call_extras))

        return build

    def _build_feedback(self, rows: Collection[str]) -> Observations:
        answers = [self._feedback[r] for r in sorted(rows)]
        about = {a.about.id for a in answers if a.about.kind is SubjectKind.CALL}
        calls = [self._calls[c] for c in sorted(about) if c in self._calls]
        table = feedback_observations(answers, calls=calls, unknown=UNKNOWN)
        return Observations.from_tables(
            call_observations((), unknown=UNKNOWN), _pad(table, self._feedback_extras)
        )
