"""Laws of business-time arithmetic, checked with hypothesis."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.clock import BusinessClock, epoch_seconds
from xlacore.model.calendars import Calendar

from .strategies import calendars, instants


def ordered(*values: int) -> list[int]:
    return sorted(values)


@given(calendars(), instants, instants)
def test_business_elapsed_at_most_actual(calendar: Calendar, a: int, b: int) -> None:
    a, b = ordered(a, b)
    elapsed = BusinessClock(calendar).elapsed_array(np.array([a]), np.array([b]))[0]
    assert 0 <= elapsed <= b - a


@given(calendars(), instants, instants, instants)
def test_additive_over_split_intervals(calendar: Calendar, a: int, b: int, c: int) -> None:
    a, b, c = ordered(a, b, c)
    clock = BusinessClock(calendar)
    whole, first, second = clock.elapsed_array(np.array([a, a, b]), np.array([c, b, c]))
    assert whole == first + second


@given(
    calendars(),
    st.dates(date(2015, 1, 2), date(2029, 12, 30)),
    st.integers(0, 86_399),
    st.integers(0, 86_399),
)
def test_zero_on_a_closed_day(calendar: Calendar, day: date, x: int, y: int) -> None:
    closed = Calendar(
        "closed",
        timezone=calendar.timezone,
        weekly=calendar.weekly,
        holidays=(*calendar.holidays, day),
    )
    zone = ZoneInfo(calendar.timezone)
    midnight = datetime.combine(day, time(), tzinfo=zone)
    a, b = ordered(x, y)
    start, end = midnight + timedelta(seconds=a), midnight + timedelta(seconds=b)
    if end.astimezone(zone).date() != day:  # a 23-hour day: stay on the closed date
        return
    assert BusinessClock(closed).elapsed(start, end) == 0


@given(calendars(), instants, st.integers(0, 200 * 86_400))
def test_add_is_the_first_instant_reaching_the_goal(
    calendar: Calendar, t: int, seconds: int
) -> None:
    clock = BusinessClock(calendar)
    start = np.array([t])
    deadline = clock.add_array(start, np.array([seconds]))
    assert clock.elapsed_array(start, deadline)[0] == seconds
    if seconds:
        assert clock.elapsed_array(start, deadline - 1)[0] == seconds - 1


@pytest.mark.slow
@given(calendars(), st.lists(st.tuples(instants, instants), min_size=1, max_size=20))
def test_arrays_agree_with_scalars(calendar: Calendar, pairs: list[tuple[int, int]]) -> None:
    starts = np.array([min(p) for p in pairs])
    ends = np.array([max(p) for p in pairs])
    batch = BusinessClock(calendar).elapsed_array(starts, ends)
    for (s, e), expected in zip(zip(starts, ends, strict=True), batch, strict=True):
        single = BusinessClock(calendar)
        from_s = datetime.fromtimestamp(int(s)).astimezone()
        to_e = datetime.fromtimestamp(int(e)).astimezone()
        assert epoch_seconds(from_s) == s
        assert single.elapsed(from_s, to_e) == expected
