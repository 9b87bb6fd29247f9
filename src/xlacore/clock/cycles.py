"""The cycles of many calls' SLA clocks as flat arrays: what :mod:`xlacore.clock.measure` reads.

A replay yields cycles either as :class:`~xlacore.clock.timer.CycleFacts` per call (a live
:class:`~xlacore.clock.timer.SlaTimer`) or as arrays straight away
(:func:`xlacore.clock.replay_arrays.replay_arrays`); both meet here, so the calendar
arithmetic is written once and the two replays can be checked equal array by array.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from attrs import fields, frozen

from xlacore.clock.timer import CycleFacts, SlaState

__all__ = ["NO_PRIORITY", "CycleArrays"]

NO_PRIORITY = 0
"""The ``priority`` of a cycle whose call had none (priorities are whole numbers from 1)."""

Ints = npt.NDArray[np.int64]

_RUNNING = (SlaState.IN_PROGRESS.value, SlaState.PAUSED.value)


@frozen(eq=False)
class CycleArrays:
    """Every cycle of every call, one row per cycle, ordered by call and then by time.

    ``call`` is the index of the cycle's call among the calls replayed; ``start`` and ``end``
    are epoch seconds (``end`` is the stop or cancel instant, or the as-of instant of a cycle
    still active); ``priority`` the call's priority the goal is chosen by (:data:`NO_PRIORITY`
    for none); ``state`` a :class:`~xlacore.clock.timer.SlaState` value; ``pause`` the seconds
    between start and end in which the clock did not run. The running intervals of all cycles
    are ``interval_start`` / ``interval_end``, their cycle's row in ``owner`` (ascending).
    """

    call: Ints
    start: Ints
    end: Ints
    priority: Ints
    state: npt.NDArray[np.str_]
    pause: Ints
    interval_start: Ints
    interval_end: Ints
    owner: Ints

    @classmethod
    def from_facts(cls, facts: Sequence[tuple[CycleFacts, ...]]) -> CycleArrays:
        """The arrays of cycles given per call, as each call's timer snapshot gives them.

        See :meth:`SlaTimer.snapshot <xlacore.clock.timer.SlaTimer.snapshot>`.
        """
        rows: list[tuple[int, int, int, int, int]] = []
        states: list[str] = []
        intervals: list[tuple[int, int, int]] = []
        for call_index, cycles in enumerate(facts):
            for cycle in cycles:
                row = len(rows)
                intervals.extend((row, a, b) for a, b in cycle.running)
                chosen = NO_PRIORITY if cycle.priority is None else cycle.priority
                rows.append((call_index, cycle.start, cycle.end, chosen, cycle.pause_seconds))
                states.append(cycle.state.value)
        call, start, end, priority, pause = _columns(rows, 5)
        owner, interval_start, interval_end = _columns(intervals, 3)
        return cls(
            call,
            start,
            end,
            priority,
            np.array(states, np.str_),
            pause,
            interval_start,
            interval_end,
            owner,
        )

    def running(self, calls: int) -> npt.NDArray[np.bool_]:
        """Whether the last cycle of each of ``calls`` calls is in progress or paused.

        A call whose last cycle ended (or that has none) gives the same figures as of any
        later instant, until it has another event.
        """
        last = np.searchsorted(self.call, np.arange(calls), side="right") - 1
        found = last >= 0
        found[found] = self.call[last[found]] == np.flatnonzero(found)
        runs = np.zeros(calls, np.bool_)
        runs[found] = np.isin(self.state[last[found]], _RUNNING)
        return runs

    def __len__(self) -> int:
        return len(self.call)

    def same_as(self, other: CycleArrays) -> bool:
        """Whether both hold the same cycles and intervals (a replay against another)."""
        return all(
            np.array_equal(getattr(self, f.name), getattr(other, f.name))
            for f in fields(CycleArrays)
        )


def _columns(rows: Sequence[tuple[int, ...]], width: int) -> list[Ints]:
    if not rows:
        return [np.zeros(0, np.int64) for _ in range(width)]
    return [np.array(column, np.int64) for column in zip(*rows, strict=True)]
