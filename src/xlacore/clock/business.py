"""Business-time arithmetic on a calendar: elapsed business seconds and deadlines.

Instants are whole epoch seconds (a datetime's sub-second part is dropped); durations are
integer seconds. The scalar methods run the very array code on one element, so a single call
and a batch always agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import numpy as np
from attrs import define, field

from xlacore.clock.intervals import epoch_seconds, from_epoch
from xlacore.clock.timeline import Seconds, Timeline, compile_timeline
from xlacore.model.calendars import Calendar

__all__ = ["BusinessClock", "clock_for"]

_MARGIN = 2 * 86_400  # more than any UTC offset, so local dates cover the UTC span
_LAST_YEAR = 9000


def _utc_date(seconds: int) -> date:
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)).date()


@define
class BusinessClock:
    """Elapsed business time and deadlines on one calendar.

    The clock compiles the calendar into a :class:`~xlacore.clock.timeline.Timeline` of whole
    years around the instants it is asked about and grows it when a query or a deadline falls
    outside; results never depend on what was asked before.
    """

    calendar: Calendar
    _timeline: Timeline | None = field(default=None, init=False, repr=False)

    def _cover(self, lo: int, hi: int) -> Timeline:
        timeline = self._timeline
        if timeline is not None and timeline.lo <= lo and hi <= timeline.hi:
            return timeline
        if timeline is not None:
            lo, hi = min(lo, timeline.lo), max(hi, timeline.hi)
        first = date(_utc_date(lo - _MARGIN).year, 1, 1)
        last_year = _utc_date(hi + _MARGIN).year
        if last_year > _LAST_YEAR:
            raise ValueError(
                f"calendar {self.calendar.name!r} has no business time before {_LAST_YEAR}"
            )
        timeline = compile_timeline(self.calendar, first, date(last_year, 12, 31))
        self._timeline = timeline
        return timeline

    def elapsed_array(self, starts: Seconds, ends: Seconds) -> Seconds:
        """Business seconds in each ``[starts[i], ends[i])`` (negative if reversed)."""
        if not len(starts):
            return np.zeros(0, np.int64)
        timeline = self._cover(
            int(min(starts.min(), ends.min())), int(max(starts.max(), ends.max()))
        )
        return timeline.elapsed(starts, ends)

    def add_array(self, starts: Seconds, seconds: Seconds) -> Seconds:
        """First instant when ``seconds[i]`` business seconds have passed since ``starts[i]``.

        A deadline lands at the end of business time, never at the next opening: 8 business
        hours from Monday 09:00 on a 9-17 calendar is Monday 17:00. Zero seconds is the start.
        """
        if not len(starts):
            return np.zeros(0, np.int64)
        if (seconds < 0).any():
            raise ValueError("business seconds to add must not be negative")
        lo, hi = int(starts.min()), int(starts.max())
        timeline = self._cover(lo, hi)
        targets = timeline.position(starts) + seconds
        while targets.max() > timeline.total:
            timeline = self._cover(lo, timeline.hi + (timeline.hi - timeline.lo))
            targets = timeline.position(starts) + seconds
        reached = timeline.locate(np.maximum(targets, 1))
        return np.where(seconds > 0, np.maximum(reached, starts), starts).astype(np.int64)

    def elapsed(self, start: datetime, end: datetime) -> int:
        """Business seconds between two instants (negative when ``end`` precedes ``start``)."""
        starts = np.array([epoch_seconds(start)], np.int64)
        return int(self.elapsed_array(starts, np.array([epoch_seconds(end)], np.int64))[0])

    def add(self, start: datetime, seconds: int) -> datetime:
        """The instant (UTC) at which ``seconds`` business seconds have passed since ``start``."""
        starts = np.array([epoch_seconds(start)], np.int64)
        return from_epoch(int(self.add_array(starts, np.array([seconds], np.int64))[0]))


@lru_cache(maxsize=128)
def clock_for(calendar: Calendar) -> BusinessClock:
    """A shared :class:`BusinessClock` per calendar, so its compiled timeline is reused."""
    return BusinessClock(calendar)
