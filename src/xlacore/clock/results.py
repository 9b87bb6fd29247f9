"""What an SLA evaluation returns: one frozen result per call, or columns for many calls."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
from attrs import frozen

from xlacore.clock.timer import SlaState

__all__ = ["SlaResult", "SlaColumns"]

Instants = npt.NDArray[np.datetime64]


@frozen
class SlaResult:
    """An SLA on one call: the reported cycle (the last one) as of the evaluation time.

    ``breach_at`` is when the goal was or will be used up (moved by pauses; while active it
    assumes the clock runs on from the evaluation time); ``original_breach_at`` ignores pauses.
    Elapsed and time left are in seconds; ``percentage`` is elapsed on the goal's basis over the
    goal. Goal fields are ``None`` when the SLA never attached or has no goal for the priority.
    """

    call_id: str
    definition: str
    state: SlaState
    goal_s: int | None
    started_at: datetime | None
    ended_at: datetime | None
    breached: bool
    breach_at: datetime | None
    original_breach_at: datetime | None
    actual_elapsed_s: int
    business_elapsed_s: int
    percentage: float | None
    time_left_s: int | None
    pause_s: int
    cycles: int
    breached_cycles: int

    @property
    def met(self) -> bool:
        """Completed within its goal."""
        return self.state is SlaState.COMPLETED and self.goal_s is not None and not self.breached


def _instant(value: np.datetime64) -> datetime | None:
    if np.isnat(value):
        return None
    return datetime.fromtimestamp(int(value.astype(np.int64)), UTC)


@frozen(eq=False)
class SlaColumns:
    """Results for many calls as aligned numpy arrays (one row per call, in input order).

    Instants are ``datetime64[s]`` in UTC (``NaT`` when absent); durations ``int64`` seconds;
    ``goal_s`` is 0 and ``percentage`` NaN where no goal applies. ``ended_at`` is the stop or
    cancel instant (NaT while active). Scoring reads ``met`` and ``measured`` directly.
    """

    definition: str
    call_ids: tuple[str, ...]
    state: npt.NDArray[np.str_]
    goal_s: npt.NDArray[np.int64]
    started_at: Instants
    ended_at: Instants
    breached: npt.NDArray[np.bool_]
    breach_at: Instants
    original_breach_at: Instants
    actual_elapsed_s: npt.NDArray[np.int64]
    business_elapsed_s: npt.NDArray[np.int64]
    percentage: npt.NDArray[np.float64]
    time_left_s: npt.NDArray[np.int64]
    pause_s: npt.NDArray[np.int64]
    cycles: npt.NDArray[np.int64]
    breached_cycles: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.call_ids)

    @property
    def measured(self) -> npt.NDArray[np.bool_]:
        """Rows where the SLA attached and a goal applies."""
        measured: npt.NDArray[np.bool_] = self.goal_s > 0
        return measured

    @property
    def met(self) -> npt.NDArray[np.bool_]:
        """Rows completed within their goal."""
        completed: npt.NDArray[np.bool_] = self.state == SlaState.COMPLETED.value
        return self.measured & completed & ~self.breached

    def result(self, index: int) -> SlaResult:
        """Row ``index`` as a :class:`SlaResult`."""
        measured = bool(self.goal_s[index] > 0)
        return SlaResult(
            call_id=self.call_ids[index],
            definition=self.definition,
            state=SlaState(str(self.state[index])),
            goal_s=int(self.goal_s[index]) if measured else None,
            started_at=_instant(self.started_at[index]),
            ended_at=_instant(self.ended_at[index]),
            breached=bool(self.breached[index]),
            breach_at=_instant(self.breach_at[index]),
            original_breach_at=_instant(self.original_breach_at[index]),
            actual_elapsed_s=int(self.actual_elapsed_s[index]),
            business_elapsed_s=int(self.business_elapsed_s[index]),
            percentage=float(self.percentage[index]) if measured else None,
            time_left_s=int(self.time_left_s[index]) if measured else None,
            pause_s=int(self.pause_s[index]),
            cycles=int(self.cycles[index]),
            breached_cycles=int(self.breached_cycles[index]),
        )
