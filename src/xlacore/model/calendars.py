"""Business calendars: when the clock of an SLA runs.

A :class:`Calendar` is weekly business hours (several intervals a day are allowed) in one IANA
time zone, minus holidays (explicit dates and, with the ``holidays`` extra, a country's public
holidays) and closures (explicit instant ranges). Wall-clock hours are interpreted with the
UTC offset in force on each local date, so history stays right across DST changes. With no
arguments a calendar is open 24x7. The arithmetic lives in :mod:`xlacore.clock`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from attrs import field, frozen

from xlacore.errors import InvariantError
from xlacore.model.validators import aware, non_empty, optional_non_empty

__all__ = ["DAY_SECONDS", "DayInterval", "WeeklyHours", "Closure", "Calendar"]

DAY_SECONDS = 86_400
"""Seconds in a wall-clock day; ``24:00`` is this many seconds after midnight."""

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def _seconds_of_day(value: str | time | int) -> int:
    """``"09:30"``, ``"24:00"``, a :class:`~datetime.time` or seconds → seconds after midnight."""
    if isinstance(value, time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, str):
        found = _CLOCK.match(value.strip())
        if found is None:
            raise InvariantError("time", f"expected HH:MM or HH:MM:SS, got {value!r}")
        hours, minutes, seconds = (int(part or 0) for part in found.groups())
        if minutes > 59 or seconds > 59:
            raise InvariantError("time", f"not a time of day: {value!r}")
        return hours * 3600 + minutes * 60 + seconds
    return value


def _in_day(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= DAY_SECONDS:
        raise InvariantError(attribute.name, f"must lie within 00:00..24:00, got {value!r}")


@frozen(order=True)
class DayInterval:
    """One open interval of a business day in local wall-clock time, ``[start, end)``.

    Held as seconds after local midnight; construct with ``DayInterval("09:00", "17:00")``.
    ``"24:00"`` ends the interval at the next midnight.
    """

    start: int = field(converter=_seconds_of_day, validator=_in_day)
    end: int = field(converter=_seconds_of_day, validator=_in_day)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvariantError("end", f"must be after start ({self.start} s), got {self.end} s")

    @property
    def seconds(self) -> int:
        """Wall-clock length of the interval."""
        return self.end - self.start


def _intervals(value: Iterable[DayInterval]) -> tuple[DayInterval, ...]:
    return tuple(sorted(value))


def _check_week(
    _: object, attribute: attrs.Attribute[Any], value: tuple[tuple[DayInterval, ...], ...]
) -> None:
    if len(value) != 7:
        raise InvariantError(attribute.name, f"needs 7 days (Monday first), got {len(value)}")
    for index, day in enumerate(value):
        for before, after in itertools.pairwise(day):
            if after.start < before.end:
                raise InvariantError(attribute.name, "intervals of a day overlap", f"[{index}]")
    if not any(value):
        raise InvariantError(
            attribute.name, "has no business hours at all; the clock would never run"
        )


def _week(value: Iterable[Iterable[DayInterval]]) -> tuple[tuple[DayInterval, ...], ...]:
    return tuple(_intervals(day) for day in value)


@frozen
class WeeklyHours:
    """Business hours for each weekday, Monday first; several non-overlapping intervals a day."""

    days: tuple[tuple[DayInterval, ...], ...] = field(converter=_week, validator=_check_week)

    @classmethod
    def always(cls) -> WeeklyHours:
        """Open 24 hours, seven days a week."""
        return cls.on(range(7), DayInterval(0, DAY_SECONDS))

    @classmethod
    def on(cls, weekdays: Iterable[int], *intervals: DayInterval) -> WeeklyHours:
        """The same ``intervals`` on each of ``weekdays`` (0 = Monday ... 6 = Sunday).

        ``WeeklyHours.on(range(5), DayInterval("09:00", "12:00"), DayInterval("13:00", "18:00"))``
        is a Monday-to-Friday week with a lunch break.
        """
        open_days = set(weekdays)
        return cls(tuple(intervals if day in open_days else () for day in range(7)))


def _check_order(instance: Closure, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    aware(instance, attribute, value)
    if value <= instance.start:
        raise InvariantError(attribute.name, "a closure must end after it starts")


@frozen
class Closure:
    """An instant range ``[start, end)`` when the calendar is closed (maintenance, office move)."""

    start: datetime = field(validator=aware)
    end: datetime = field(validator=_check_order)
    reason: str | None = field(default=None, validator=optional_non_empty)


def _check_zone(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise InvariantError(attribute.name, f"unknown IANA time zone {value!r}") from exc


def _dates(value: Iterable[date]) -> tuple[date, ...]:
    return tuple(sorted(set(value)))


def _check_dates(_: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for index, item in enumerate(value):
        if not isinstance(item, date) or isinstance(item, datetime):
            raise InvariantError(attribute.name, f"expected a date, got {item!r}", f"[{index}]")


def _check_subdivision(
    instance: Calendar, attribute: attrs.Attribute[Any], value: str | None
) -> None:
    optional_non_empty(instance, attribute, value)
    if value is not None and instance.holiday_country is None:
        raise InvariantError(attribute.name, "a holiday subdivision needs a holiday_country")


@frozen(cache_hash=True)  # a cache key (compiled rules, business clocks): hashed once
class Calendar:
    """Business hours in a time zone, minus holidays and closures; 24x7 by default.

    ``holidays`` are local dates closed all day. ``holiday_country`` (ISO 3166 code, e.g.
    ``"US"``) and ``holiday_subdivision`` (e.g. ``"CA"``) add that country's public holidays
    through the optional ``holidays`` package (``pip install 'xlacore[holidays]'``).
    """

    name: str = field(validator=non_empty)
    timezone: str = field(default="UTC", validator=_check_zone)
    weekly: WeeklyHours = field(factory=WeeklyHours.always)
    holidays: tuple[date, ...] = field(default=(), converter=_dates, validator=_check_dates)
    closures: tuple[Closure, ...] = field(default=(), converter=tuple)
    holiday_country: str | None = field(default=None, validator=optional_non_empty)
    holiday_subdivision: str | None = field(default=None, validator=_check_subdivision)
