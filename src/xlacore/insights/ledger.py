"""The live ledger: every indicator of a set of agreements kept current, one change at a time.

A :class:`Ledger` takes calls as they change (:meth:`Ledger.update`, or every
``xlacore_call_event`` through :class:`~xlacore.plugins.LedgerListener`) and survey answers as
they arrive (:meth:`Ledger.add_feedback`). :meth:`Ledger.report` gives, at any point, the
report :func:`~xlacore.evaluation.evaluate.evaluate` gives over the same calls and answers at
the ledger's time (floats up to rounding in the order statistics were merged).

It runs the evaluation's own :class:`~xlacore.evaluation.plan.EvaluationPlan` over the same
observation rows; what it adds is *where the rows live*, so a report builds only the rows that
changed:

- **time slices.** Each row (a call, or an answer) lives in the slice of the time buckets
  (``slice_seconds`` wide) of the timestamps its source's indicators attribute by (for calls
  typically ``opened_at`` and ``resolved_at``). A slice keeps its rows' observation table.
- **an event** costs O(1) dictionary work: the call's new state is kept and the call marked
  changed (:meth:`Ledger.apply_many` takes a batch). At the next read the changed calls are
  brought up to date once, however many events each had: their SLA clocks are replayed
  together on arrays (:func:`~xlacore.clock.replay_arrays.replay_arrays`, as batch evaluation
  does) to tell the calls whose clock still runs or is paused, and each call and its answers
  are moved to the slices their timestamps now fall in, and marked stale there. Applying the
  event to the call (:meth:`Call.with_event <xlacore.model.Call.with_event>`) is the feed's
  work.
- **a report** builds the stale rows of all slices again (and only them) in one table, their
  clocks replayed together (answers join the rows of their calls that the same read built,
  instead of building them again); measures the clocks of the calls whose SLA clock runs or
  is paused again as of the report's time (their rows are kept; only their clock columns are
  measured again); concatenates the tables of the slices that a window can still reach, runs
  one vectorised plan pass over them, merges it with the statistics of the settled slices,
  and finalises. A slice settles once every row lies
  before every window (windows only move forward): its statistics are merged into the
  settled ones once and its table is dropped.

So a report costs O(calls changed since the last one + calls with an active SLA clock) in
Python (and the events of those calls, read into arrays) and O(rows inside the longest window
span) in numpy, whatever the length of the history before it; memory holds every call and
answer (rows are built from them) and the tables of the rows inside the windows.
Rolling windows are exact because the plan masks each window over the rows themselves. Rare
events cost more: a new service in an agreement that names none, or an agreement coming into
or out of force, folds the settled history again; a change to a settled row re-reads the
settled slices.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import reduce
from typing import Any

import numpy as np
from attrs import Factory, define, frozen

from xlacore.clock.replay_arrays import replay_arrays
from xlacore.errors import InvalidInputError
from xlacore.evaluation.observations import UNKNOWN, Observations
from xlacore.evaluation.plan import EvaluationPlan, EvaluationStats, Extent
from xlacore.evaluation.report import Report
from xlacore.evaluation.sla import sla_columns
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import Feedback, SubjectKind
from xlacore.model.indicators import Source
from xlacore.model.validators import instant
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.columns import ObservationColumns, take_rows
from xlacore.scoring.observations import (
    call_observations,
    call_row,
    call_table,
    feedback_observations,
    feedback_table,
)
from xlacore.scoring.protocol import StrategyResolver
from xlacore.scoring.windows import DAY

__all__ = ["Ledger"]

_Moments = Mapping[str, int | None]
"""A row's timestamps by column name, in epoch seconds (None: the row has none)."""

_CALL_MOMENTS = ("opened_at", "resolved_at", "updated_at")
_FEEDBACK_MOMENTS = (*_CALL_MOMENTS, "answered_at")


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


_Build = Callable[[Sequence[str]], ObservationColumns]
"""Makes the table of some rows of one source, by row id, in that order."""


@define
class _Slice:
    """Rows whose timestamps fall in the same buckets, and their table while it is current.

    ``table`` holds the rows ``order`` in that order; rows in ``stale`` changed since (or
    left), so only they are built again. ``bounds`` are the earliest and latest of each
    timestamp the windows read, among the rows (read from the table at each refresh).
    """

    rows: set[str] = Factory(set)
    stale: set[str] = Factory(set)
    table: ObservationColumns | None = None
    order: list[str] = Factory(list)
    bounds: dict[str, tuple[int, int]] = Factory(dict)

    def forget(self) -> None:
        """Drop the table (the rows settled, or must all be built again)."""
        self.table, self.order = None, []
        self.stale = set(self.rows)

    def fresh(self) -> list[str]:
        """The rows to build again at the next refresh, in the order they will take."""
        return sorted(self.stale & self.rows)

    def refresh(self, build: _Build, built: ObservationColumns | None = None) -> None:
        """Build the stale rows again and keep the others' part of the table.

        ``built`` is the table of :meth:`fresh` when the caller built it already.
        """
        kept = [r not in self.stale for r in self.order]
        fresh = self.fresh()
        table = self.table
        if table is not None and not all(kept):
            table = table.take(np.array(kept, dtype=bool))
        parts = [] if table is None else [table]
        if fresh or not parts:
            parts.append(build(fresh) if built is None else built)
        self.table = parts[0] if len(parts) == 1 else ObservationColumns.concat(parts)
        self.order = [r for r, k in zip(self.order, kept, strict=True) if k] + fresh
        self.stale = set()

    def add(self, row: str) -> None:
        """Take ``row`` in (new or changed): it is built at the next refresh."""
        self.rows.add(row)
        self.stale.add(row)

    def discard(self, row: str) -> None:
        """Let ``row`` go, if it is here."""
        if row in self.rows:
            self.rows.discard(row)
            self.stale.add(row)


@frozen
class _Window:
    """Where one measurement of a plan starts looking: its timestamp column and first second."""

    column: str
    start: int

    def passed(self, bounds: Mapping[str, tuple[int, int]]) -> bool:
        """Whether every row lies before the window (and so before every later one)."""
        found = bounds.get(self.column)
        return found is None or found[1] < self.start


@define
class _Rows:
    """The rows of one source in time slices, with the statistics of the settled ones."""

    source: Source
    columns: tuple[str, ...]
    width: int
    slices: dict[tuple[int | None, ...], _Slice] = Factory(dict)
    where: dict[str, tuple[int | None, ...]] = Factory(dict)
    settled: dict[tuple[int | None, ...], _Slice] = Factory(dict)
    settled_stats: EvaluationStats | None = None
    settled_stale: bool = False

    def _slice(self, key: tuple[int | None, ...]) -> _Slice:
        found = self.settled.pop(key, None)
        if found is not None:  # a change before every window: the settled part is redone
            self.settled_stale = True
            self.slices[key] = found
            return found
        found = self.slices.get(key)
        if found is None:  # not setdefault: a slice is made only when none is there
            found = self.slices[key] = _Slice()
        return found

    def place(self, row: str, moments: _Moments) -> None:
        """Put ``row`` (new or changed) in the slice of its timestamps; mark it stale."""
        key = tuple(None if (t := moments[c]) is None else t // self.width for c in self.columns)
        self.remove(row)
        self.where[row] = key
        self._slice(key).add(row)

    def remove(self, row: str) -> None:
        """Take ``row`` out of its slice, if it is in one."""
        key = self.where.pop(row, None)
        if key is None:
            return
        found = self._slice(key)
        found.discard(row)
        if not found.rows:
            del self.slices[key]

    def unsettle(self) -> None:
        """Bring every settled slice back (the plan's shape changed)."""
        self.slices.update(self.settled)
        self.settled.clear()
        self.settled_stats = None
        self.settled_stale = False

    def drop_tables(self) -> None:
        """_Build every table again (a column was added)."""
        for found in self.slices.values():
            found.forget()

    def current(
        self, plan: EvaluationPlan, windows: list[_Window], build: _Build
    ) -> tuple[EvaluationStats | None, list[ObservationColumns]]:
        """The statistics of the settled rows, and the tables of the others in a fixed order.

        Slices that now lie before every window settle: their statistics join the settled
        ones and their table is dropped.
        """
        if self.settled_stale:
            rows = sorted(r for found in self.settled.values() for r in found.rows)
            self.settled_stats = self._accumulate(plan, build(rows)) if rows else None
            self.settled_stale = False
        keys = sorted(self.slices, key=_order)
        self._refresh([self.slices[k] for k in keys], build)
        tables: list[ObservationColumns] = []
        settling: list[tuple[int | None, ...]] = []
        for key in keys:
            found = self.slices[key]
            assert found.table is not None
            if all(w.passed(found.bounds) for w in windows):
                settling.append(key)
            else:
                tables.append(found.table)
        if settling:  # one pass over every slice that settles now; they move once it worked
            done = [t for k in settling if (t := self.slices[k].table) is not None]
            stats = self._accumulate(plan, ObservationColumns.concat(done))
            self.settled_stats = _merge(plan, self.settled_stats, stats)
            for key in settling:
                self.settled[key] = found = self.slices.pop(key)
                found.forget()
        return self.settled_stats, tables

    def _accumulate(self, plan: EvaluationPlan, table: ObservationColumns) -> EvaluationStats:
        return plan.accumulate(_observations(self.source, table))

    def _refresh(self, slices: Sequence[_Slice], build: _Build) -> None:
        """Refresh the slices with stale rows, building all their stale rows in one table."""
        stale = [found for found in slices if found.stale or found.table is None]
        fresh = [found.fresh() for found in stale]
        rows = [row for part in fresh for row in part]
        built = build(rows) if rows else None
        start = 0
        for found, part in zip(stale, fresh, strict=True):
            own = None
            if part:
                assert built is not None
                own = built.take(slice(start, start + len(part)))
            start += len(part)
            found.refresh(build, own)
            assert found.table is not None
            found.bounds = _bounds(found.table, self.columns)


def _bounds(table: ObservationColumns, columns: Iterable[str]) -> dict[str, tuple[int, int]]:
    """The earliest and latest value of each timestamp column that has one in ``table``."""
    bounds: dict[str, tuple[int, int]] = {}
    for column in columns:
        values, present = table.column(column), table.mask(column)
        if present is not None:
            values = take_rows(values, present)
        if len(values):
            bounds[column] = (int(values.min()), int(values.max()))
    return bounds


def _observations(source: Source, table: ObservationColumns) -> Observations:
    """Observations of one source's rows (the other table empty)."""
    if source is Source.CALLS:
        return Observations.from_tables(table, feedback_observations(()))
    return Observations.from_tables(call_observations(()), table)


def _order(key: tuple[int | None, ...]) -> tuple[tuple[bool, int], ...]:
    return tuple((b is None, b or 0) for b in key)


def _merge(plan: EvaluationPlan, a: EvaluationStats | None, b: EvaluationStats) -> EvaluationStats:
    return b if a is None else plan.merge(a, b)


def _pad(table: ObservationColumns, names: Iterable[str]) -> ObservationColumns:
    """``table`` with an empty column for each of ``names`` it lacks (as one batch table has)."""
    missing = sorted(set(names) - set(table.names))
    return table.with_columns(**{n: [None] * table.n_rows for n in missing}) if missing else table


def _learn(known: set[str], names: Iterable[str]) -> bool:
    """Add column names to ``known``; whether one was new (tables lack it: build them again)."""
    new = set(names) - known
    known |= new
    return bool(new)


class Ledger:
    """Live scores of a set of agreements, equal to a batch evaluation at any point.

    Feed it calls as they change and answers as they arrive; ask for :meth:`report`.
    ``make_registry(plugins=[LedgerListener(ledger)])`` feeds it every ``xlacore_call_event``.
    ``slice_seconds`` is the width of its time buckets: a bucket's rows settle (leave the
    per-report pass) once all of them lie before every window, so narrower buckets settle
    sooner but give a report more tables to concatenate. ``strategies`` resolves strategy
    names, as for :func:`~xlacore.evaluation.evaluate.evaluate`.
    """

    def __init__(
        self,
        agreements: AgreementSet,
        *,
        slice_seconds: int = DAY,
        strategies: StrategyResolver = builtin_strategy,
    ) -> None:
        if slice_seconds < 1:
            raise InvalidInputError(
                [f"slice_seconds: must be whole seconds, 1 or more; got {slice_seconds}"],
                what="ledger",
            )
        self.agreements = agreements
        self._strategies = strategies
        self._calls: dict[str, Call] = {}
        self._feedback: dict[str, Feedback] = {}
        self._answers: dict[str, set[str]] = {}
        self._pending: dict[str, Call | None] = {}  # changed calls: the state last accounted
        self._running = _Slice()  # calls whose SLA clock is active: rows without clocks
        self._services: Counter[str] = Counter()
        self._call_extras: set[str] = set()
        self._time: int | None = None
        self._built: dict[str, dict[str, Any]] = {}  # current rows of calls, until the next report
        self._shape: tuple[object, ...] | None = None
        self._call_rows = _Rows(
            Source.CALLS, self._columns(Source.CALLS, _CALL_MOMENTS), slice_seconds
        )
        self._feedback_rows = _Rows(
            Source.FEEDBACK, self._columns(Source.FEEDBACK, _FEEDBACK_MOMENTS), slice_seconds
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
        self._catch_up()
        return None if self._time is None else datetime.fromtimestamp(self._time, UTC)

    def advance(self, to: datetime) -> None:
        """Move the ledger's time on to ``to`` (reports are as of it); never backwards."""
        moment = _epoch(to)
        assert moment is not None
        self._catch_up()
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
        """Take ``call`` as it is now: a new call, or one with new events.

        O(1): the call's new state is kept and its clocks, rows and answers are brought up
        to date when the ledger is next read (:meth:`report`, :attr:`time`), once per call
        however many of its events arrived in between.
        """
        self._pending.setdefault(call.id, self._calls.get(call.id))
        self._calls[call.id] = call

    def apply_many(self, items: Iterable[Call | Feedback]) -> None:
        """Take a batch of changed calls and answers, in the order they happened.

        The same as :meth:`update` for each call and :meth:`add_feedback` for each answer;
        a call changed several times in the batch is brought up to date once.
        """
        for item in items:
            if isinstance(item, Feedback):
                self.add_feedback(item)
            else:
                self.update(item)

    def _catch_up(self) -> None:
        """Bring every call changed since the last read up to date (see :meth:`update`)."""
        pending, self._pending = self._pending, {}
        calls = [self._calls[call_id] for call_id in pending]
        running = self._clocks_running(calls)
        for previous, call, runs in zip(pending.values(), calls, running, strict=True):
            self._refresh_call(previous, call, runs)

    def _clocks_running(self, calls: Sequence[Call]) -> list[bool]:
        """Whether an SLA clock of each call still runs or is paused after its last event.

        A call whose clocks all stopped gives the same SLA figures as of any later time, so
        its row stays as built until the call changes again.
        """
        runs = np.zeros(len(calls), np.bool_)
        for definition in self.agreements.sla_definitions:
            runs |= replay_arrays(definition, calls).running(len(calls))
        flags: list[bool] = runs.tolist()
        return flags

    def _refresh_call(self, previous: Call | None, call: Call, clock_runs: bool) -> None:
        """Account for ``call`` as it is now, ``previous`` being the state last accounted."""
        if previous is not None:
            self._services[previous.service or UNKNOWN] -= 1
        self._services[call.service or UNKNOWN] += 1
        if _learn(self._call_extras, call.attributes):  # every table gains the column
            self._call_rows.drop_tables()
            self._feedback_rows.drop_tables()
            self._running.forget()
        row = self._built[call.id] = call_row(call)  # the next read builds its table from it
        moments = {column: row[column] for column in _CALL_MOMENTS}
        self._see(moments["updated_at"])
        if clock_runs:
            self._running.add(call.id)
            self._call_rows.remove(call.id)
        else:
            self._running.discard(call.id)
            self._call_rows.place(call.id, moments)
        for answer in self._answers.get(call.id, ()):
            self._feedback_rows.place(answer, self._answer_moments(self._feedback[answer], moments))

    def add_feedback(self, feedback: Feedback) -> None:
        """Take a survey answer (a new one, or a correction of one with the same id)."""
        previous = self._feedback.get(feedback.id)
        if previous is not None and previous.about.kind is SubjectKind.CALL:
            self._answers[previous.about.id].discard(feedback.id)  # about another call now?
        self._feedback[feedback.id] = feedback
        self._see(_epoch(feedback.answered_at))
        call = None
        if feedback.about.kind is SubjectKind.CALL:
            self._answers.setdefault(feedback.about.id, set()).add(feedback.id)
            call = self._calls.get(feedback.about.id)
        self._feedback_rows.place(feedback.id, self._answer_moments(feedback, _call_moments(call)))

    @staticmethod
    def _answer_moments(feedback: Feedback, call: _Moments) -> _Moments:
        return {**call, "answered_at": _epoch(feedback.answered_at)}

    # -- the report ----------------------------------------------------------------------

    def report(self) -> Report:
        """The report as of the ledger's time: :func:`~xlacore.evaluation.evaluate.evaluate`'s."""
        self._catch_up()
        extent = Extent(self._time, frozenset(s for s, n in self._services.items() if n))
        plan = EvaluationPlan.of(
            self.agreements, at=None, extent=extent, strategies=self._strategies
        )
        end = int(plan.at.timestamp()) + 1
        shape = tuple(
            (m.context, m.indicator, m.min_n, m.window.start - end, m.window.end - end)
            for m in plan.measurements
        )
        if shape != self._shape:
            self._shape = shape
            self._call_rows.unsettle()
            self._feedback_rows.unsettle()
        windows = {
            source: [
                _Window(m.indicator.attribution, m.window.start)
                for m in plan.measurements
                if m.indicator.source is source
            ]
            for source in Source
        }
        try:  # the calls first: the answers' join reads the rows they build
            settled_calls, calls = self._call_rows.current(
                plan, windows[Source.CALLS], self._build_calls
            )
            if self._running.rows:
                calls.append(self._running_table())
            settled_answers, answers = self._feedback_rows.current(
                plan, windows[Source.FEEDBACK], self._build_feedback
            )
        finally:
            self._built.clear()
        current = Observations.from_tables(
            ObservationColumns.concat(calls or [call_observations(())]),
            ObservationColumns.concat(answers or [feedback_observations(())]),
        )
        parts = [s for s in (settled_calls, settled_answers) if s is not None]
        return plan.finalize(reduce(plan.merge, [*parts, plan.accumulate(current)]))

    def _call_row(self, call_id: str) -> dict[str, Any]:
        """The row of a call as it is now, built once per read (the answers' join reads it)."""
        row = self._built.get(call_id)
        if row is None:
            row = self._built[call_id] = call_row(self._calls[call_id])
        return row

    def _call_rows_of(self, rows: Sequence[str]) -> list[dict[str, Any]]:
        return [self._call_row(r) for r in rows]

    def _build_calls(self, rows: Sequence[str]) -> ObservationColumns:
        """The rows of calls whose clocks stopped (measured as of any later time: the ledger's)."""
        table = call_table(self._call_rows_of(rows), unknown=UNKNOWN)
        clocks = self._clock_columns(rows)
        return _pad(table.with_columns(**clocks), self._call_extras)

    def _running_table(self) -> ObservationColumns:
        """The calls with an active SLA clock, their clocks measured as of the ledger's time."""
        running = self._running
        running.refresh(
            lambda rows: _pad(
                call_table(self._call_rows_of(rows), unknown=UNKNOWN), self._call_extras
            )
        )
        assert running.table is not None
        return running.table.with_columns(**self._clock_columns(running.order))

    def _clock_columns(self, rows: Sequence[str]) -> dict[str, np.ma.MaskedArray]:
        """The SLA columns of the calls ``rows`` as of the ledger's time, in order."""
        assert self._time is not None
        at = datetime.fromtimestamp(self._time, UTC)
        calls = [self._calls[r] for r in rows]
        return sla_columns(calls, self.agreements.sla_definitions, self.agreements.calendars, at)

    def _build_feedback(self, rows: Sequence[str]) -> ObservationColumns:
        answers = [self._feedback[r] for r in rows]
        about = {a.about.id for a in answers if a.about.kind is SubjectKind.CALL}
        calls = {c: self._call_row(c) for c in sorted(about) if c in self._calls}
        table = feedback_table(answers, calls, unknown=UNKNOWN)
        return _pad(table, self._call_extras)
