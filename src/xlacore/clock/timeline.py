"""A calendar's open intervals over a span of local dates, as sorted epoch-second arrays.

Business time then becomes array arithmetic: the business seconds before an instant are a
``searchsorted`` into the interval starts plus a cumulative sum, so elapsed time and deadlines
for many calls cost a few vectorised numpy operations.

**DST rule.** A wall-clock boundary (``09:00`` on a local date) becomes the *first instant at
which the local clock reads that time or later*. In the spring-forward gap a boundary that the
clock skips (``02:30`` in Amsterdam on the last Sunday of March) maps to the transition instant
(the clock's ``03:00``); in the fall-back overlap a repeated time maps to its first occurrence.
The same monotone rule for every boundary means intervals never overlap and adjacent ones tile:
``00:00-24:00`` lasts 23 hours on a spring-forward day and 25 hours on a fall-back day, an
interval wholly inside the gap is empty, and ``01:00-04:00`` on a fall-back day counts the
repeated hour (4 hours of real time).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from xlacore.clock.holidays import public_holidays
from xlacore.clock.intervals import Interval, epoch_seconds, merge, subtract
from xlacore.model.calendars import Calendar

__all__ = ["Seconds", "Timeline", "local_instant", "compile_timeline"]

Seconds = npt.NDArray[np.int64]
"""An array of epoch seconds or durations in seconds."""

_DAY = timedelta(days=1)


def local_instant(day: date, second: int, zone: ZoneInfo) -> int:
    """The epoch second at which the clock of ``zone`` on ``day`` first reads ``second`` or later.

    ``second`` counts from local midnight; this is the module's DST rule for one boundary.
    """
    wall = datetime.combine(day, time()) + timedelta(seconds=second)
    instant = int(wall.replace(tzinfo=zone).timestamp())
    if datetime.fromtimestamp(instant, zone).replace(tzinfo=None) == wall:
        return instant
    # ``wall`` lies in a spring-forward gap: find the transition between the instant read with
    # the offset after it (whose clock shows an earlier time) and ``instant``.
    low = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    high = instant
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) < wall:
            low = middle
        else:
            high = middle
    return high


def _closed_days(calendar: Calendar, first: date, last: date) -> frozenset[date]:
    explicit = frozenset(calendar.holidays)
    if calendar.holiday_country is None:
        return explicit
    years = range(first.year, last.year + 1)
    return explicit | public_holidays(calendar.holiday_country, calendar.holiday_subdivision, years)


def _weekly_intervals(calendar: Calendar, first: date, last: date) -> list[Interval]:
    zone = ZoneInfo(calendar.timezone)
    closed = _closed_days(calendar, first, last)
    opened: list[Interval] = []
    day = first
    while day <= last:
        if day not in closed:
            for interval in calendar.weekly.days[day.weekday()]:
                start = local_instant(day, interval.start, zone)
                end = local_instant(day, interval.end, zone)
                opened.append((start, end))  # empty when wholly inside a spring-forward gap
        day += _DAY
    return merge(opened)


def _int64(values: list[int]) -> Seconds:
    return np.asarray(values, dtype=np.int64)


@frozen(eq=False)
class Timeline:
    """The open intervals ``[starts[i], ends[i])`` of a calendar between ``lo`` and ``hi``.

    ``before[i]`` is the business time before interval ``i`` counted from ``lo``. Queries must
    lie within ``[lo, hi]``; :class:`~xlacore.clock.BusinessClock` takes care of that.
    """

    lo: int
    hi: int
    starts: Seconds
    ends: Seconds
    before: Seconds = field(init=False)

    @before.default
    def _before(self) -> Seconds:
        lengths = self.ends - self.starts
        return np.concatenate((np.zeros(1, np.int64), np.cumsum(lengths)))[:-1].astype(np.int64)

    @property
    def total(self) -> int:
        """Business seconds in the whole span."""
        return int(self.ends[-1] - self.starts[-1] + self.before[-1]) if len(self.starts) else 0

    def position(self, instants: Seconds) -> Seconds:
        """Business seconds from ``lo`` up to each instant."""
        if not len(self.starts):
            return np.zeros_like(instants)
        index = np.searchsorted(self.starts, instants, side="right") - 1
        safe = np.maximum(index, 0)
        within = np.clip(instants - self.starts[safe], 0, self.ends[safe] - self.starts[safe])
        return np.where(index >= 0, self.before[safe] + within, 0).astype(np.int64)

    def elapsed(self, starts: Seconds, ends: Seconds) -> Seconds:
        """Business seconds in each ``[starts, ends)`` (negative when an end precedes its start)."""
        return self.position(ends) - self.position(starts)

    def locate(self, positions: Seconds) -> Seconds:
        """The first instant at which ``position`` reaches each value (values in ``1..total``)."""
        index = np.searchsorted(self.before + (self.ends - self.starts), positions, side="left")
        return (self.starts[index] + (positions - self.before[index])).astype(np.int64)


def compile_timeline(calendar: Calendar, first: date, last: date) -> Timeline:
    """The open intervals of ``calendar`` on the local dates ``first`` to ``last`` inclusive."""
    zone = ZoneInfo(calendar.timezone)
    closures = merge((epoch_seconds(c.start), epoch_seconds(c.end)) for c in calendar.closures)
    opened = subtract(_weekly_intervals(calendar, first, last), closures)
    return Timeline(
        lo=local_instant(first, 0, zone),
        hi=local_instant(last + _DAY, 0, zone),
        starts=_int64([start for start, _ in opened]),
        ends=_int64([end for _, end in opened]),
    )
