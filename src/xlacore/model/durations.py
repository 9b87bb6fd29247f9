"""Durations as whole seconds, written in files as ``"28d"``, ``"4h"``, ``"PT4H"`` or seconds.

:data:`Seconds` marks a field as a duration, so :mod:`xlacore.serialization` accepts the
shorthand there (and only there); :func:`parse_duration` is that reading. Months and years
are left out on purpose: their length varies, and a window must have one.
:func:`readable_duration` writes a duration for people (``"2 h 05 min"``); every renderer and
text report uses it, for figures and targets alike.
"""

from __future__ import annotations

import re
from typing import NewType

__all__ = [
    "DURATION_SUFFIX",
    "Seconds",
    "format_duration",
    "is_duration_column",
    "parse_duration",
    "readable_duration",
]

Seconds = NewType("Seconds", int)
"""A duration in whole seconds."""
DURATION_SUFFIX = "_seconds"
"""How the name of a column holding a duration ends (``lost_time_seconds``)."""


def is_duration_column(name: object) -> bool:
    """Whether the column ``name`` holds durations: whole seconds, zero or more."""
    return str(name).endswith(DURATION_SUFFIX)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}
_PART = re.compile(r"(\d+)([wdhms])")
_SHORT = re.compile(r"(?:\d+[wdhms])+")
_ISO = re.compile(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")


def parse_duration(text: str) -> Seconds:
    """Seconds of a shorthand (``"28d"``, ``"1h30m"``) or ISO 8601 (``"PT4H"``) duration.

    :raises ValueError: for anything else, with the accepted forms.
    """
    if _SHORT.fullmatch(text):
        return Seconds(sum(int(n) * _UNITS[u] for n, u in _PART.findall(text)))
    iso = _ISO.fullmatch(text)
    if iso and text not in ("P", "PT") and not text.endswith("T"):
        weeks, days, hours, minutes, seconds = (int(g or 0) for g in iso.groups())
        return Seconds(((weeks * 7 + days) * 24 + hours) * 3600 + minutes * 60 + seconds)
    raise ValueError(
        f"{text!r} is not a duration; write e.g. '28d', '4h', '1h30m', 'PT4H' or whole seconds"
    )


def format_duration(seconds: int) -> str:
    """The shortest shorthand for whole seconds (``86400`` → ``"1d"``, ``5400`` → ``"1h30m"``)."""
    if seconds == 0:
        return "0s"
    parts = []
    rest = seconds
    for unit, size in sorted(_UNITS.items(), key=lambda item: -item[1]):
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


_LONG_HOURS = 100
"""From this many hours on, a readable duration drops its minutes."""


def readable_duration(seconds: float | None) -> str:
    """A duration for people: ``"40 s"``, ``"45 min"``, ``"2 h 05 min"``, ``"1,234 h"``.

    Under a minute in seconds, under an hour in minutes, under a hundred hours in hours and
    minutes (rounded to the minute), from then on in whole hours with thousands separators:
    always hours, never days, whose length a reader would have to guess (24 hours or a
    working day?). Signed (an interval's end may lie below zero); ``"-"`` for None.
    """
    if seconds is None:
        return "-"
    size = abs(seconds)
    sign = "-" if seconds < 0 and round(size) > 0 else ""
    if round(size) < _UNITS["m"]:
        return f"{sign}{round(size)} s"
    minutes = round(size / _UNITS["m"])
    if minutes < 60:
        return f"{sign}{minutes} min"
    if minutes < _LONG_HOURS * 60:
        return f"{sign}{minutes // 60} h {minutes % 60:02d} min"
    return f"{sign}{round(size / _UNITS['h']):,} h"
