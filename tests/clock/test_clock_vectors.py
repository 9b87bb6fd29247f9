"""Published test vectors of other business-time libraries and DST cases."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from xlacore.clock import BusinessClock, local_instant
from xlacore.errors import InvalidInputError, MissingExtraError
from xlacore.model.calendars import Calendar, Closure, DayInterval, WeeklyHours

AMS = ZoneInfo("Europe/Amsterdam")
NY = ZoneInfo("America/New_York")
HOUR = 3600
NINE_TO_FIVE = WeeklyHours.on(range(5), DayInterval("09:00", "17:00"))


def clock(**kwargs: object) -> BusinessClock:
    return BusinessClock(Calendar("test", **kwargs))  # type: ignore[arg-type]


def test_businesstime_us_federal_holidays() -> None:
    # businesstime 0.1.6: businesstimedelta(2013-12-23 12:00, 2013-12-26 05:00) with US federal
    # holidays == timedelta(1, 18000): one 8-hour business day plus 5 hours (Christmas is off).
    c = clock(timezone="America/New_York", weekly=NINE_TO_FIVE, holiday_country="US")
    assert c.elapsed(
        datetime(2013, 12, 23, 12, tzinfo=NY), datetime(2013, 12, 26, 5, tzinfo=NY)
    ) == (8 * HOUR + 18000)


def test_businesstimedelta_lunch_break() -> None:
    # businesstimedelta: Mon 2016-01-18 09:00 -> Fri 2016-01-22 18:00, 9-18 with 12-13 lunch = 40 h.
    week = WeeklyHours.on(range(5), DayInterval("09:00", "12:00"), DayInterval("13:00", "18:00"))
    c = clock(weekly=week)
    start, end = datetime(2016, 1, 18, 9, tzinfo=UTC), datetime(2016, 1, 22, 18, tzinfo=UTC)
    assert c.elapsed(start, end) == 40 * HOUR


def test_business_duration_california() -> None:
    # business-duration: 2017-07-01 02:02 -> 2017-07-07 04:48, 07:00-17:00, US-CA holidays = 30.0 h.
    la = ZoneInfo("America/Los_Angeles")
    week = WeeklyHours.on(range(5), DayInterval("07:00", "17:00"))
    c = clock(
        timezone="America/Los_Angeles", weekly=week, holiday_country="US", holiday_subdivision="CA"
    )
    start, end = datetime(2017, 7, 1, 2, 2, tzinfo=la), datetime(2017, 7, 7, 4, 48, tzinfo=la)
    assert c.elapsed(start, end) / HOUR == 30.0


def test_servicenow_one_day_on_nine_to_five_is_three_working_days() -> None:
    # ServiceNow: a 1-day duration on a 9:00-17:00 schedule = three 8-hour working days.
    c = clock(weekly=NINE_TO_FIVE)
    monday = datetime(2024, 1, 1, 9, tzinfo=UTC)
    assert c.add(monday, 86_400) == datetime(2024, 1, 3, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        (AMS, date(2024, 3, 31), 23),
        (AMS, date(2024, 10, 27), 25),
        (NY, date(2024, 3, 10), 23),
        (NY, date(2024, 11, 3), 25),
        (NY, date(2024, 6, 2), 24),
    ],
)
def test_whole_day_on_dst_days(zone: ZoneInfo, day: date, hours: int) -> None:
    c = clock(timezone=str(zone))
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    end = datetime.fromordinal(day.toordinal() + 1).replace(tzinfo=zone)
    assert c.elapsed(start, end) == hours * HOUR


@pytest.mark.parametrize(
    ("zone", "day", "interval", "hours"),
    [
        # 01:00-04:00 wall clock spans the change: the skipped hour is not business time,
        # the repeated hour counts twice.
        (AMS, date(2024, 3, 31), ("01:00", "04:00"), 2),
        (AMS, date(2024, 10, 27), ("01:00", "04:00"), 4),
        (NY, date(2024, 3, 10), ("01:00", "04:00"), 2),
        (NY, date(2024, 11, 3), ("00:30", "03:00"), 3.5),
        # a boundary inside the gap maps to the transition (Amsterdam 02:30 -> 03:00 CEST)
        (AMS, date(2024, 3, 31), ("02:30", "05:00"), 2),
        (AMS, date(2024, 3, 31), ("02:10", "02:50"), 0),
        # a repeated boundary maps to its first occurrence (02:30 CEST)
        (AMS, date(2024, 10, 27), ("02:30", "05:00"), 3.5),
        # an ordinary 9-17 on the DST Sunday is 8 hours of real time
        (AMS, date(2024, 3, 31), ("09:00", "17:00"), 8),
        (NY, date(2024, 11, 3), ("09:00", "17:00"), 8),
    ],
)
def test_intervals_on_dst_days(
    zone: ZoneInfo, day: date, interval: tuple[str, str], hours: float
) -> None:
    c = clock(timezone=str(zone), weekly=WeeklyHours.on([6], DayInterval(*interval)))
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    end = datetime.fromordinal(day.toordinal() + 1).replace(tzinfo=zone)
    assert c.elapsed(start, end) == hours * HOUR


def test_gap_boundary_maps_to_transition_instant() -> None:
    transition = datetime(2024, 3, 31, 1, tzinfo=UTC)  # 02:00 CET -> 03:00 CEST
    assert local_instant(date(2024, 3, 31), 2 * HOUR + 1800, AMS) == transition.timestamp()
    first_0230 = datetime(2024, 10, 27, 0, 30, tzinfo=UTC)  # 02:30 CEST, before the repeat
    assert local_instant(date(2024, 10, 27), 2 * HOUR + 1800, AMS) == first_0230.timestamp()


def test_weekend_across_spring_forward_new_york() -> None:
    c = clock(timezone="America/New_York", weekly=NINE_TO_FIVE)
    friday, monday = datetime(2024, 3, 8, 16, tzinfo=NY), datetime(2024, 3, 11, 10, tzinfo=NY)
    assert c.elapsed(friday, monday) == 2 * HOUR
    assert c.add(friday, 2 * HOUR) == monday


def test_history_uses_the_offset_in_force_then() -> None:
    # 13:00-14:00 UTC is 08:00-09:00 EST in January (closed) and 09:00-10:00 EDT in July (open).
    c = clock(timezone="America/New_York", weekly=NINE_TO_FIVE)
    winter = datetime(2024, 1, 15, 13, tzinfo=UTC)
    summer = datetime(2024, 7, 15, 13, tzinfo=UTC)
    assert c.elapsed(winter, winter.replace(hour=14)) == 0
    assert c.elapsed(summer, summer.replace(hour=14)) == HOUR


def test_add_outside_hours_starts_at_next_opening() -> None:
    c = clock(weekly=NINE_TO_FIVE)
    saturday = datetime(2024, 1, 6, 10, tzinfo=UTC)
    assert c.add(saturday, HOUR) == datetime(2024, 1, 8, 10, tzinfo=UTC)
    assert c.add(saturday, 0) == saturday


def test_add_far_beyond_the_compiled_span() -> None:
    c = clock(weekly=NINE_TO_FIVE)
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    far = c.add(start, 5000 * 8 * HOUR)
    assert c.elapsed(start, far) == 5000 * 8 * HOUR


def test_closures_and_explicit_holidays() -> None:
    closure = Closure(
        datetime(2024, 1, 2, 10, tzinfo=UTC), datetime(2024, 1, 2, 12, tzinfo=UTC), "move"
    )
    c = clock(weekly=NINE_TO_FIVE, holidays=[date(2024, 1, 3)], closures=[closure])
    start, end = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 5, tzinfo=UTC)
    assert c.elapsed(start, end) == (8 + 6 + 0 + 8) * HOUR


def test_calendar_validation() -> None:
    with pytest.raises(ValueError, match="overlap"):
        WeeklyHours.on([0], DayInterval("09:00", "12:00"), DayInterval("11:00", "13:00"))
    with pytest.raises(ValueError, match="time zone"):
        Calendar("x", timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="no business hours"):
        WeeklyHours.on([])
    with pytest.raises(ValueError, match="after start"):
        DayInterval("17:00", "09:00")
    with pytest.raises(ValueError, match="holiday_country"):
        Calendar("x", holiday_subdivision="CA")
    assert DayInterval("00:00", "24:00").seconds == 86_400


def test_missing_holidays_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "holidays", None)
    c = clock(holiday_country="US")
    with pytest.raises(MissingExtraError, match=r"pip install 'xlacore\[holidays\]'"):
        c.elapsed(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC))


def test_unknown_holiday_country() -> None:
    c = clock(holiday_country="ZZ")
    with pytest.raises(InvalidInputError, match="holiday"):
        c.elapsed(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC))
