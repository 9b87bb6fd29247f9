"""From replayed cycles to SLA figures: business time, breaches and percentages as arrays.

Every cycle of every call is flattened into one array of running intervals; elapsed time,
the interval in which a goal is used up and the deadlines are then computed with one
vectorised call per calendar. A single call goes through the very same code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from xlacore.clock.business import BusinessClock, clock_for
from xlacore.clock.cycles import NO_PRIORITY, CycleArrays
from xlacore.clock.results import SlaColumns
from xlacore.clock.timeline import Seconds
from xlacore.clock.timer import CycleFacts, SlaState
from xlacore.errors import UnknownNameError
from xlacore.model.calendars import Calendar
from xlacore.model.sla import Basis, SlaDefinition, Timing

__all__ = ["ALWAYS_OPEN", "resolve_calendar", "measure", "measure_cycles"]

ALWAYS_OPEN = Calendar("24x7")
"""The calendar of actual time, and of definitions without one."""

_ENDED = (SlaState.COMPLETED.value, SlaState.CANCELLED.value)


def resolve_calendar(
    calendar: str | Calendar | None, calendars: Mapping[str, Calendar]
) -> Calendar:
    """A calendar given itself, by name from ``calendars``, or ``None`` for 24x7."""
    if calendar is None:
        return ALWAYS_OPEN
    if isinstance(calendar, Calendar):
        return calendar
    try:
        return calendars[calendar]
    except KeyError:
        raise UnknownNameError("calendar", calendar, calendars) from None


def _per_clock(
    groups: npt.NDArray[np.int64],
    clocks: Sequence[BusinessClock],
    operation: Callable[[BusinessClock, Seconds, Seconds], Seconds],
    first: Seconds,
    second: Seconds,
) -> Seconds:
    out = np.zeros(len(groups), np.int64)
    for group in np.unique(groups):
        rows = groups == group
        out[rows] = operation(clocks[int(group)], first[rows], second[rows])
    return out


def _sum_by(owner: npt.NDArray[np.int64], values: Seconds, size: int) -> Seconds:
    return np.rint(np.bincount(owner, weights=values, minlength=size)).astype(np.int64)


def _instants(seconds: Seconds, present: npt.NDArray[np.bool_]) -> npt.NDArray[np.datetime64]:
    return np.where(present, seconds.astype("datetime64[s]"), np.datetime64("NaT", "s"))


class _Goals:
    """Each cycle's goal, the clocks it is measured on, and the intervals it is measured over."""

    def __init__(
        self, definition: SlaDefinition, cycles: CycleArrays, calendars: Mapping[str, Calendar]
    ) -> None:
        clocks: dict[Calendar, int] = {ALWAYS_OPEN: 0}
        priorities, which = np.unique(cycles.priority, return_inverse=True)
        goals, business, basis, actual = [], [], [], []
        for priority in priorities.tolist():  # the goal, calendar and basis of each priority
            goal = definition.goal_for(None if priority == NO_PRIORITY else priority)
            named = goal.calendar if goal is not None and goal.calendar is not None else None
            calendar = resolve_calendar(named or definition.calendar, calendars)
            clock = clocks.setdefault(calendar, len(clocks))
            by_actual_time = goal is not None and goal.basis is Basis.ACTUAL
            goals.append(goal.seconds if goal is not None else 0)
            business.append(clock)
            basis.append(0 if by_actual_time else clock)
            actual.append(by_actual_time)
        self.clocks = [clock_for(calendar) for calendar in clocks]
        self.goal = np.array(goals, np.int64)[which]
        self.business_clock = np.array(business, np.int64)[which]
        self.basis_clock = np.array(basis, np.int64)[which]
        self.actual_basis = np.array(actual, np.bool_)[which]
        if definition.timing is Timing.DEADLINE:  # measured from start to end, pauses and all
            self.interval_start, self.interval_end = cycles.start, cycles.end
            self.owner = np.arange(len(cycles), dtype=np.int64)
        else:
            self.interval_start, self.interval_end = cycles.interval_start, cycles.interval_end
            self.owner = cycles.owner


def measure(
    definition: SlaDefinition,
    call_ids: Sequence[str],
    facts: Sequence[tuple[CycleFacts, ...]],
    calendars: Mapping[str, Calendar],
) -> SlaColumns:
    """SLA figures for each call from the cycles its timer recorded (one row per call)."""
    return measure_cycles(definition, call_ids, CycleArrays.from_facts(facts), calendars)


def measure_cycles(
    definition: SlaDefinition,
    call_ids: Sequence[str],
    cycles: CycleArrays,
    calendars: Mapping[str, Calendar],
) -> SlaColumns:
    """SLA figures for each call from the cycles of all calls as arrays (one row per call)."""
    goals = _Goals(definition, cycles, calendars)
    size, owner, clocks = len(cycles.start), goals.owner, goals.clocks
    a, b = goals.interval_start, goals.interval_end
    business = _per_clock(goals.business_clock[owner], clocks, BusinessClock.elapsed_array, a, b)
    actual = b - a
    used = np.where(goals.actual_basis[owner], actual, business)
    business_total = _sum_by(owner, business, size)
    actual_total = _sum_by(owner, actual, size)
    used_total = _sum_by(owner, used, size)
    goal = goals.goal
    measured = goal > 0
    breached = measured & (used_total > goal)

    # Where the goal is used up: in the first interval whose running total reaches it, or,
    # when not yet reached, that much further on from the end of the cycle.
    running = np.cumsum(used)
    first = np.searchsorted(owner, np.arange(size))
    before = np.zeros(size, np.int64)
    has_intervals = first < len(owner)
    before[has_intervals] = (running - used)[first[has_intervals]]
    within = running - before[owner]
    crossing = np.flatnonzero(breached[owner] & (within >= goal[owner]))
    crossed_cycles, first_crossing = np.unique(owner[crossing], return_index=True)
    k = crossing[first_crossing]
    anchor = cycles.end.copy()
    amount = np.where(measured & ~breached, goal - used_total, 0)
    anchor[crossed_cycles] = a[k]
    amount[crossed_cycles] = goal[crossed_cycles] - (within[k] - used[k])
    breach_at = _per_clock(goals.basis_clock, clocks, BusinessClock.add_array, anchor, amount)
    original = _per_clock(goals.basis_clock, clocks, BusinessClock.add_array, cycles.start, goal)

    # One row per call: its last cycle, plus counts over all its cycles.
    calls = len(call_ids)
    counts = np.bincount(cycles.call, minlength=calls).astype(np.int64)
    attached = counts > 0
    last = np.searchsorted(cycles.call, np.arange(calls), side="right") - 1
    pick = np.where(attached, last, 0)

    def column(values: npt.NDArray[np.int64], default: int = 0) -> npt.NDArray[np.int64]:
        if not size:
            return np.full(calls, default, np.int64)
        return np.where(attached, values[pick], default)

    state = (
        np.where(attached, cycles.state[pick], SlaState.NOT_ATTACHED.value)
        if size
        else np.full(calls, SlaState.NOT_ATTACHED.value)
    )
    goal_s = column(goal)
    has_goal = goal_s > 0
    used_s = column(used_total)
    ended = np.isin(state, _ENDED)
    with np.errstate(divide="ignore", invalid="ignore"):
        percentage = np.where(has_goal, used_s * 100.0 / np.maximum(goal_s, 1), np.nan)
    return SlaColumns(
        definition=definition.name,
        call_ids=tuple(call_ids),
        state=state.astype(np.str_),
        goal_s=goal_s,
        started_at=_instants(column(cycles.start), attached),
        ended_at=_instants(column(cycles.end), attached & ended),
        breached=column(breached.astype(np.int64)).astype(np.bool_),
        breach_at=_instants(column(breach_at), has_goal),
        original_breach_at=_instants(column(original), has_goal),
        actual_elapsed_s=column(actual_total),
        business_elapsed_s=column(business_total),
        percentage=percentage,
        time_left_s=np.where(has_goal, goal_s - used_s, 0),
        pause_s=column(cycles.pause),
        cycles=counts,
        breached_cycles=_sum_by(cycles.call, breached.astype(np.int64), calls),
    )
