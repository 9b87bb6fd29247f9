"""Replaying an SLA definition over many calls at once: the timer's state machine on arrays.

:class:`~xlacore.clock.timer.SlaTimer` steps one call through one event in Python; a batch
evaluation would take a few microseconds per event that way. Here the events of all calls are
read once into columns, each condition is tested once per distinct value of the fields it
reads (with the timer's own compiled predicates, so the semantics cannot drift), and the state
machine takes *the k-th event of every call* in one vectorised step, for k = 0, 1, … up to the
longest history. The calls are sorted by their number of events, so the calls still replaying
at step k are a prefix and each step works on views. The result is the same
:class:`~xlacore.clock.cycles.CycleArrays` as the timers' snapshots (a property test holds the
two equal), ready for :func:`~xlacore.clock.measure.measure_cycles`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from typing import Any

import numpy as np
import numpy.typing as npt

from xlacore.clock.cycles import NO_PRIORITY, CycleArrays, Ints
from xlacore.clock.record import CALL_FIELDS, CARRIED, COUNTERS, EVENT_FIELDS
from xlacore.clock.timer import SlaState
from xlacore.model.calls import Call, CallEvent
from xlacore.model.conditions import AllOf, Compare, Condition, Not, predicate
from xlacore.model.sla import CancelWhen, OnReopen, SlaDefinition

__all__ = ["replay_arrays"]

Flags = npt.NDArray[np.bool_]

_NONE = np.iinfo(np.int64).min
"""An instant that is not there (no pause running, no cycle running, no end yet)."""

_IN_PROGRESS, _COMPLETED, _CANCELLED = 0, 1, 2
_STATES = np.array(
    [SlaState.IN_PROGRESS.value, SlaState.COMPLETED.value, SlaState.CANCELLED.value], np.str_
)
_PAUSED = SlaState.PAUSED.value

Coded = tuple[Ints, list[object]]
"""A column as codes into its distinct values (in order of first appearance)."""


def _factorise(values: Sequence[object]) -> Coded:
    """``values`` as codes into their distinct values (equal values share a code)."""
    index: dict[object, int] = {}
    first = np.fromiter(map(index.setdefault, values, range(len(values))), np.int64, len(values))
    dense = np.zeros(len(values), np.int64)
    dense[np.fromiter(index.values(), np.int64, len(index))] = np.arange(len(index))
    return dense[first], list(index)


class _Events:
    """The events of every call up to the as-of instant, flattened in call order.

    :meth:`coded` gives what the record (:mod:`xlacore.clock.record`) holds in a field after
    each event, as codes into its distinct values, so a condition is tested once per value.
    """

    def __init__(self, calls: Sequence[Call], limit: int | None) -> None:
        self.calls = calls
        events = [event for call in calls for event in call.events]
        stamps = np.array([event.at.timestamp() for event in events], np.float64)
        at = np.floor(stamps).astype(np.int64)  # as epoch_seconds: floored
        owner = np.repeat(np.arange(len(calls)), [len(call.events) for call in calls])
        if limit is not None:  # each call's events are in time order: a prefix stays
            kept = at <= limit
            events = list(compress(events, kept.tolist()))
            at, owner = at[kept], owner[kept]
        self.events: list[CallEvent] = events
        self.at, self.owner = at, owner
        self.counts = np.bincount(owner, minlength=len(calls)).astype(np.int64)
        self.first = np.cumsum(self.counts) - self.counts
        self.opening = np.repeat(self.first, self.counts)  # each event's call's first event
        self._coded: dict[str, Coded] = {}

    def coded(self, name: str) -> Coded:
        """The record's ``name`` after each event, factorised (computed once per field)."""
        found = self._coded.get(name)
        if found is None:
            found = self._coded[name] = self._code(name)
        return found

    def _code(self, name: str) -> Coded:
        if name in EVENT_FIELDS:
            return _factorise([getattr(event, name) for event in self.events])
        if name in CARRIED:
            return self._carried(name)
        if name in COUNTERS:
            return self._counted(name)
        if name in CALL_FIELDS:
            codes, distinct = _factorise([getattr(call, name) for call in self.calls])
            return codes[self.owner], distinct
        return np.zeros(len(self.events), np.int64), [None]  # a field no record has

    def _carried(self, name: str) -> Coded:
        """An event's value where it gives one, else the call's latest (or initial) one."""
        initial = [call.priority if name == "priority" else None for call in self.calls]
        given = [getattr(event, name) for event in self.events]
        codes, distinct = _factorise([*given, *initial, None])
        given_codes, initial_codes = codes[: len(given)], codes[len(given) : -1]
        missing = codes[-1]
        position = np.arange(len(given))
        latest = np.maximum.accumulate(np.where(given_codes != missing, position, -1))
        found = latest >= self.opening
        return np.where(found, given_codes[latest], initial_codes[self.owner]), distinct

    def _counted(self, name: str) -> Coded:
        """The count of such events so far, or none where the source does not record them."""
        kind, flag = COUNTERS[name]
        hits = np.array([event.type is kind for event in self.events], np.int64)
        running = np.cumsum(hits)
        opening = self.opening
        so_far = running - running[opening] + hits[opening]
        recorded = np.array([getattr(call, flag) for call in self.calls], np.bool_)
        top = int(so_far.max(initial=0))
        distinct: list[object] = [*range(top + 1), None]
        return np.where(recorded[self.owner], so_far, top + 1), distinct


class _Tests:
    """Each condition of a definition as one flag per event, built from per-value tests."""

    def __init__(self, events: _Events) -> None:
        self._events = events

    def __call__(self, condition: Condition | None) -> Flags | None:
        return None if condition is None else self.flags(condition)

    def flags(self, condition: Condition) -> Flags:
        """Whether ``condition`` holds on the record after each event."""
        if isinstance(condition, Compare):
            codes, distinct = self._events.coded(condition.field)
            test, field = predicate(condition), condition.field
            return np.array([test({field: v}) for v in distinct], np.bool_)[codes]
        if isinstance(condition, Not):
            return ~self.flags(condition.condition)
        parts = [self.flags(c) for c in condition.conditions]  # never empty (AllOf, AnyOf)
        combine = np.logical_and if isinstance(condition, AllOf) else np.logical_or
        flags: Flags = combine.reduce(parts)
        return flags


def _priorities(events: _Events) -> Ints:
    """The record's priority after each event, as the timer reads it (an int, else none)."""
    codes, distinct = events.coded("priority")
    table = [v if isinstance(v, int) else NO_PRIORITY for v in distinct]
    return np.array(table, np.int64)[codes] if table else np.zeros(0, np.int64)


class _Machine:
    """The state of one SLA on every call, stepped one event position at a time.

    Calls are held in the order of :attr:`order` (most events first), so the calls with a
    k-th event are the first ``live[k]`` ones.
    """

    def __init__(self, definition: SlaDefinition, events: _Events) -> None:
        self.definition = definition
        self.events = events
        tests = _Tests(events)
        self.start, self.stop = tests.flags(definition.start), tests.flags(definition.stop)
        self.reset, self.cancel = tests(definition.reset), tests(definition.cancel)
        self.pause, self.resume = tests(definition.pause), tests(definition.resume)
        self.priority = _priorities(events)
        self.order = np.argsort(-events.counts, kind="stable")
        size = len(self.order)
        self.first = events.first[self.order]
        self.opened = np.zeros(size, np.int64)
        self.paused_since = np.full(size, _NONE)
        self.cycle = np.full(size, -1)  # the number of the current (last) cycle
        self.cycle_start = np.zeros(size, np.int64)
        self.since = np.full(size, _NONE)  # where the current cycle's running span began
        self.end = np.full(size, _NONE)
        self.state = np.zeros(size, np.int8)
        self.cycle_priority = np.full(size, NO_PRIORITY)
        self.completed_before = np.zeros(size, np.bool_)  # an earlier cycle completed
        self.spans: list[tuple[Ints, Ints, Ints, Ints]] = []  # (call, cycle, from, to)
        self.pauses: list[tuple[Ints, Ints, Ints]] = []  # (call, from, to)
        self.done: list[tuple[npt.NDArray[Any], ...]] = []  # cycles a later one followed

    def run(self) -> None:
        counts = self.events.counts[self.order]
        for k in range(int(counts[0]) if len(counts) else 0):
            live = int(np.searchsorted(-counts, -k, side="left"))  # calls with more than k
            self.step(k, np.arange(live), self.first[:live] + k)

    def step(self, k: int, calls: Ints, event: Ints) -> None:
        at = self.events.at[event]
        if k == 0:
            self.opened[calls] = at
        if self.pause is not None:
            self._track_pause(calls, event, at)
        definition = self.definition
        start, stop = self.start[event], self.stop[event]
        since = self.since[calls]
        active = since != _NONE
        completes = active & stop
        resets = np.zeros_like(active)
        if self.reset is not None:
            resets = active & ~stop & start & self.reset[event]
        going_on = active & ~stop & ~resets
        cancels = np.zeros_like(active)
        if definition.cancel_when is CancelWhen.START_NOT_MET:
            cancels = going_on & ~start
        elif definition.cancel_when is CancelWhen.CANCEL_MET and self.cancel is not None:
            cancels = going_on & self.cancel[event]
        closes = completes | resets | cancels
        ending = calls[closes]
        self.spans.append((ending, self.cycle[ending], since[closes], at[closes]))
        self.since[ending] = _NONE
        self.end[ending] = at[closes]
        self.state[calls[completes | resets]] = _COMPLETED
        self.state[calls[cancels]] = _CANCELLED
        self.cycle_priority[ending] = self.priority[event[closes]]

        attaches = ~active & start & ~stop
        if self.cancel is not None:
            attaches &= ~self.cancel[event]
        reopens = attaches & (self.cycle[calls] >= 0) & (self.state[calls] == _COMPLETED)
        fresh = attaches & ~reopens
        if definition.on_reopen is OnReopen.CONTINUE:
            resumed = calls[reopens]
            self.since[resumed] = at[reopens]
            self.state[resumed] = _IN_PROGRESS
        new = resets | fresh
        if definition.on_reopen is OnReopen.NEW_CYCLE:
            new |= reopens
        begin = at.copy()
        if definition.retroactive_start:
            back = fresh & ~self.completed_before[calls]
            begin[back] = self.opened[calls[back]]
        self._attach(calls[new], begin[new])

    def _track_pause(self, calls: Ints, event: Ints, at: Ints) -> None:
        assert self.pause is not None
        since = self.paused_since[calls]
        paused = since != _NONE
        pause = self.pause[event]
        resumes = paused & (self.resume[event] if self.resume is not None else ~pause)
        self.pauses.append((calls[resumes], since[resumes], at[resumes]))
        self.paused_since[calls[resumes]] = _NONE
        begins = ~paused & pause
        self.paused_since[calls[begins]] = at[begins]

    def _attach(self, calls: Ints, begin: Ints) -> None:
        """Start a new cycle on ``calls`` at ``begin``; their previous cycle is done."""
        had = calls[self.cycle[calls] >= 0]
        self.done.append(
            (
                had,
                self.cycle[had],
                self.cycle_start[had],
                self.end[had],
                self.state[had],
                self.cycle_priority[had],
            )
        )
        self.completed_before[had] |= self.state[had] == _COMPLETED
        self.cycle[calls] += 1
        self.cycle_start[calls] = begin
        self.since[calls] = begin
        self.end[calls] = _NONE
        self.state[calls] = _IN_PROGRESS
        self.cycle_priority[calls] = NO_PRIORITY

    def cycles(self, limit: int | None) -> CycleArrays:
        """Every cycle as of ``limit`` (None: each call's last event), as the timers give it."""
        counts = self.events.counts[self.order]
        now = np.zeros(len(self.order), np.int64)
        seen = counts > 0
        last_event = self.first[seen] + counts[seen] - 1
        now[seen] = self.events.at[last_event] if limit is None else limit
        final_priority = np.full(len(self.order), NO_PRIORITY)
        final_priority[seen] = self.priority[last_event]

        current = np.flatnonzero(self.cycle >= 0)
        running = self.since[current] != _NONE
        active = current[running]
        self.spans.append((active, self.cycle[active], self.since[active], now[active]))
        paused = self.paused_since != _NONE
        state = _STATES[self.state[current]]
        state[running] = np.where(paused[active], _PAUSED, SlaState.IN_PROGRESS.value)
        end = np.where(running, now[current], self.end[current])
        priority = np.where(running, final_priority[current], self.cycle_priority[current])
        last = (current, self.cycle[current], self.cycle_start[current], end)
        done = [np.concatenate(c) for c in zip(*self.done, strict=True)] if self.done else None

        pausing = np.flatnonzero(paused)
        self.pauses.append((pausing, self.paused_since[pausing], now[pausing]))
        return _assemble(
            self.order,
            last,
            state,
            priority,
            done,
            [np.concatenate(c) for c in zip(*self.spans, strict=True)],
            [np.concatenate(c) for c in zip(*self.pauses, strict=True)],
            self.opened,
        )


def _assemble(  # noqa: PLR0917 (the machine's parts, put together once)
    order: Ints,
    last: tuple[Ints, Ints, Ints, Ints],
    last_state: npt.NDArray[np.str_],
    last_priority: Ints,
    done: list[Ints] | None,
    spans: list[Ints],
    pauses: list[Ints],
    opened: Ints,
) -> CycleArrays:
    """The cycles in call order (calls' original order, then cycle number), pauses cut out."""
    calls, numbers, starts, ends = last
    states, priorities = last_state, last_priority
    if done is not None:
        d_calls, d_numbers, d_starts, d_ends, d_states, d_priorities = done
        calls = np.concatenate([calls, d_calls])
        numbers = np.concatenate([numbers, d_numbers])
        starts = np.concatenate([starts, d_starts])
        ends = np.concatenate([ends, d_ends])
        states = np.concatenate([states, _STATES[d_states]])
        priorities = np.concatenate([priorities, d_priorities])
    original = order[calls]
    rows = np.lexsort((numbers, original))
    width = int(numbers.max()) + 1 if len(numbers) else 1
    keys = (original * width + numbers)[rows]

    span_calls, span_numbers, span_from, span_to = spans
    span_rows = np.searchsorted(keys, order[span_calls] * width + span_numbers)
    by_time = np.lexsort((span_from, span_rows))
    span_rows, span_calls = span_rows[by_time], span_calls[by_time]
    span_from, span_to = span_from[by_time], span_to[by_time]
    owner, first, second = _cut(span_rows, span_calls, span_from, span_to, pauses, opened)
    running = np.bincount(owner, weights=second - first, minlength=len(rows)).astype(np.int64)
    starts, ends = starts[rows], ends[rows]
    return CycleArrays(
        call=original[rows],
        start=starts,
        end=ends,
        priority=priorities[rows],
        state=states[rows].astype(np.str_),
        pause=ends - starts - running,
        interval_start=first,
        interval_end=second,
        owner=owner,
    )


def _cut(  # noqa: PLR0917
    rows: Ints, calls: Ints, begin: Ints, end: Ints, pauses: list[Ints], opened: Ints
) -> tuple[Ints, Ints, Ints]:
    """The parts of each span ``[begin, end)`` outside its call's pauses, in order.

    As :func:`xlacore.clock.intervals.subtract`: a span is cut at every pause, even an empty
    one, and empty parts are dropped. A call's time is keyed apart from the others' (``call *
    width + seconds since its opening``), so one sorted search over the gaps between the
    pauses of every call cuts all spans at once.
    """
    pause_calls, pause_from, pause_to = pauses
    size = len(opened)
    reach = int((end - opened[calls]).max(initial=0))
    if len(pause_calls):
        reach = max(reach, int((pause_to - opened[pause_calls]).max()))
    width = reach + 3  # 0: before the opening, 1 + seconds: an instant, width - 1: after all
    if size * width >= 2**62:
        raise ValueError(f"{size:,} calls over {reach:,} seconds do not fit in 64-bit keys")
    lane = np.arange(size, dtype=np.int64) * width

    def key(owner: Ints, moment: Ints) -> Ints:
        return lane[owner] + (moment - opened[owner]) + 1

    gap_from = np.sort(np.concatenate([lane, key(pause_calls, pause_to)]))
    gap_to = np.sort(np.concatenate([key(pause_calls, pause_from), lane + width - 1]))
    low, high = key(calls, begin), key(calls, end)
    first = np.searchsorted(gap_to, low, side="right")  # the first gap ending after the span starts
    count = np.maximum(np.searchsorted(gap_from, high, side="left") - first, 0)
    span = np.repeat(np.arange(len(low)), count)
    gap = first[span] + np.arange(len(span)) - np.repeat(np.cumsum(count) - count, count)
    part_from = np.maximum(low[span], gap_from[gap])
    part_to = np.minimum(high[span], gap_to[gap])
    keep = part_from < part_to
    shift = (key(calls, begin) - begin)[span][keep]
    return rows[span][keep], part_from[keep] - shift, part_to[keep] - shift


def replay_arrays(
    definition: SlaDefinition, calls: Sequence[Call], at: int | None = None
) -> CycleArrays:
    """The cycles of ``definition`` on every call as of ``at``: what the timers give.

    ``at`` is in epoch seconds (default: each call's last event); the events after it are left
    out. The result equals folding each call's events through an
    :class:`~xlacore.clock.timer.SlaTimer` and taking its snapshot at ``at``.
    """
    machine = _Machine(definition, _Events(calls, at))
    machine.run()
    return machine.cycles(at)
