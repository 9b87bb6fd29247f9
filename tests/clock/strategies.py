"""Hypothesis strategies for calendars and instants used by the clock tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from xlacore.model.calendars import DAY_SECONDS, Calendar, DayInterval, WeeklyHours

ZONES = ("UTC", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")
LO = 1_420_070_400  # 2015-01-01
HI = 1_893_456_000  # 2030-01-01

instants = st.integers(LO, HI)


@st.composite
def day_intervals(draw: st.DrawFn) -> tuple[DayInterval, ...]:
    cuts = sorted(
        draw(st.sets(st.integers(0, DAY_SECONDS // 900).map(lambda q: q * 900), max_size=6))
    )
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    return tuple(DayInterval(a, b) for a, b in pairs if b > a)


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    days = draw(st.lists(day_intervals(), min_size=7, max_size=7))
    if not any(days):
        days[0] = (DayInterval("09:00", "17:00"),)
    holidays = draw(st.lists(st.dates(date(2015, 1, 1), date(2029, 12, 31)), max_size=5).map(tuple))
    return Calendar(
        "generated",
        timezone=draw(st.sampled_from(ZONES)),
        weekly=WeeklyHours(days),
        holidays=holidays,
    )


ONE_DAY = timedelta(days=1)
