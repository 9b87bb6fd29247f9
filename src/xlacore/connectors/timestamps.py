"""Parsing source timestamps into time-zone-aware datetimes, fast and the same way everywhere.

ITSM exports write timestamps in their own formats and usually without a time zone. A
:class:`TimestampParser` tries its formats in order and gives naive results the zone the
source is declared to be in; it never guesses a day-first or month-first order on its own.
Numeric ``strptime`` formats are compiled to one regular expression, which is several times
faster than ``strptime`` on the millions of timestamps a large export holds.

Wall times on DST days follow one rule (:func:`localize`): a time the clocks showed twice
(the autumn fold) is the first of the two readings, before the clocks went back; a time the
clocks skipped (the spring-forward gap, 02:30 on the last Sunday of March in Amsterdam) is
read with the offset in force before the change, as a clock that had not moved yet shows it
(so 02:30 CET is 03:30 CEST), and flagged: the parser counts such times for the reader to
warn about (:meth:`TimestampParser.gap_note`). Both are zoneinfo's ``fold=0`` reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.errors import InvalidInputError

__all__ = [
    "ISO",
    "TimestampParser",
    "gap_note",
    "local_instants",
    "localize",
    "numeric_pattern",
    "skipped",
    "zone",
]

#: The format name meaning ISO 8601 (``datetime.fromisoformat``); an offset in it is kept.
ISO = "iso"

_FIELDS = {
    "d": r"(?P<d>\d{1,2})",
    "m": r"(?P<m>\d{1,2})",
    "Y": r"(?P<Y>\d{4})",
    "H": r"(?P<H>\d{1,2})",
    "M": r"(?P<M>\d{1,2})",
    "S": r"(?P<S>\d{1,2})",
    "f": r"(?P<f>\d{1,6})",
}
_CACHE_LIMIT = 65_536
_MICROS = 1_000_000
_DAY_MICROS = 86_400 * _MICROS
_ONE_MICRO = timedelta(microseconds=1)
_LAST_MINUTE = timedelta(hours=23, minutes=59, seconds=59)
_EPOCH = datetime(1970, 1, 1)  # naive: wall times are read as if UTC


def zone(name: str) -> tzinfo:
    """The time zone for an IANA name (``"UTC"``, ``"Europe/Amsterdam"``)."""
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(
            [f"unknown time zone {name!r}; use an IANA name such as 'Europe/Amsterdam'"],
            what="time zone",
        ) from None


def localize(wall: datetime, zone: tzinfo) -> datetime:
    """The naive ``wall`` as a time in ``zone``, by the module's DST rule (``fold=0``)."""
    return wall.replace(tzinfo=zone)


def skipped(wall: datetime, zone: tzinfo) -> bool:
    """Whether the clocks of ``zone`` skipped the naive ``wall`` (it lies in a DST gap)."""
    if zone is UTC:
        return False
    return localize(wall, zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall


def gap_note(count: int, example: str, zone: tzinfo) -> str:
    """The warning for ``count`` wall times in DST gaps, ``example`` the first of them."""
    return (
        f"{count:,} timestamps name wall times the clocks skipped in {zone} (a DST change; "
        f"first {example!r}): read with the offset before the change; give times with their "
        "UTC offset, or check the source's timezone"
    )


def numeric_pattern(fmt: str) -> str | None:
    """The regular expression of a purely numeric ``strptime`` format, or ``None`` for others.

    Its named groups are the directives (``d``, ``m``, ``Y``, ``H``, ``M``, ``S``, ``f``); the
    columnar reader matches it over whole columns of distinct texts at once.
    """
    parts: list[str] = []
    index = 0
    seen: set[str] = set()
    while index < len(fmt):
        char = fmt[index]
        if char == "%":
            directive = fmt[index + 1 : index + 2]
            if directive not in _FIELDS or directive in seen:
                return None
            seen.add(directive)
            parts.append(_FIELDS[directive])
            index += 2
        else:
            parts.append(re.escape(char))
            index += 1
    if not {"d", "m", "Y"} <= seen:
        return None
    return "".join(parts)


def _compile(fmt: str) -> Callable[[str], datetime | None] | None:
    """A fast parser for a purely numeric ``strptime`` format, or ``None`` for other formats."""
    numeric = numeric_pattern(fmt)
    if numeric is None:
        return None
    pattern = re.compile(numeric + r"\Z")

    def parse(text: str) -> datetime | None:
        match = pattern.match(text)
        if match is None:
            return None
        g = match.groupdict()
        fraction = g.get("f")
        return datetime(
            int(g["Y"]),
            int(g["m"]),
            int(g["d"]),
            int(g.get("H") or 0),
            int(g.get("M") or 0),
            int(g.get("S") or 0),
            int(fraction.ljust(6, "0")) if fraction else 0,
        )

    return parse


def _strptime(fmt: str) -> Callable[[str], datetime | None]:
    def parse(text: str) -> datetime | None:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            return None

    return parse


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _formats(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


def _check_formats(_: object, __: object, value: tuple[str, ...]) -> None:
    if not value:
        raise ValueError("at least one timestamp format is needed")


@frozen
class TimestampParser:
    """Parse text in one of ``formats`` (``strptime`` patterns or ``"iso"``) into aware datetimes.

    Naive results are placed in ``assume``; results that carry an offset keep it. Parsed
    values are cached, since exports repeat the same minute many times.
    """

    formats: tuple[str, ...] = field(converter=_formats, validator=_check_formats)
    assume: tzinfo = UTC
    _parsers: tuple[Callable[[str], datetime | None], ...] = field(init=False, eq=False)
    _cache: dict[str, tuple[datetime, bool]] = field(init=False, eq=False, factory=dict)
    _skipped: dict[str, int] = field(init=False, eq=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        parsers = tuple(_iso if f == ISO else (_compile(f) or _strptime(f)) for f in self.formats)
        object.__setattr__(self, "_parsers", parsers)

    @classmethod
    def of(cls, formats: Sequence[str], assume: str = "UTC") -> TimestampParser:
        """A parser from format strings and a time-zone name."""
        return cls(formats, zone(assume))

    def parse(self, text: str) -> datetime:
        """The aware datetime for ``text``; :class:`ValueError` saying which formats were tried."""
        return self.read(text)[0]

    def read(self, text: str) -> tuple[datetime, bool]:
        """:meth:`parse`, and whether ``text`` had no zone of its own (so ``assume`` was given)."""
        cached = self._cache.get(text)
        if cached is not None:
            if text in self._skipped:
                self._skipped[text] += 1
            return cached
        stripped = text.strip()
        for parser in self._parsers:
            try:
                value = parser(stripped)
            except ValueError:  # numbers out of range, e.g. day 31 in April
                value = None
            if value is not None:
                result = (value, False)
                if value.tzinfo is None:
                    if skipped(value, self.assume):
                        self._skipped[text] = self._skipped.get(text, 0) + 1
                    result = (localize(value, self.assume), True)
                if len(self._cache) >= _CACHE_LIMIT:
                    self._cache.clear()
                self._cache[text] = result
                return result
        tried = ", ".join(repr(f) for f in self.formats)
        raise ValueError(f"{text!r} is not a timestamp in the expected format ({tried})")

    @property
    def skipped_texts(self) -> frozenset[str]:
        """The texts parsed so far whose wall times lay in a DST gap."""
        return frozenset(self._skipped)

    def gap_note(self) -> str | None:
        """A warning when some parsed wall times lay in a DST gap (see the module), else None."""
        if not self._skipped:
            return None
        return gap_note(sum(self._skipped.values()), next(iter(self._skipped)), self.assume)


def local_instants(
    wall: NDArray[np.int64], timezone: str
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Wall times (microseconds, read as if UTC) as epoch microseconds in ``timezone``.

    The DST rule of this module (:func:`localize`) on arrays (a repeated time is
    its first reading, a skipped one is read with the offset before the change); the second
    array says which wall times the clocks skipped, for the caller to warn about. Days of one
    offset shift at once; only a changing day's rows are read one by one.
    """
    place = ZoneInfo(timezone)
    days, inverse = np.unique(wall // _DAY_MICROS, return_inverse=True)
    shift = np.zeros(len(days), dtype=np.int64)
    changing = np.zeros(len(days), dtype=bool)
    for index, day in enumerate(days.tolist()):
        start = _EPOCH + timedelta(days=day)
        first, last = place.utcoffset(start), place.utcoffset(start + _LAST_MINUTE)
        shift[index] = int((first or timedelta()) / _ONE_MICRO)
        changing[index] = first != last
    instants = wall - shift[inverse]
    gaps = np.zeros(len(wall), dtype=bool)
    for row in np.flatnonzero(changing[inverse]).tolist():
        moment = _EPOCH + timedelta(microseconds=int(wall[row]))
        gaps[row] = skipped(moment, place)
        whole = int(localize(moment, place).timestamp())
        instants[row] = whole * _MICROS + moment.microsecond
    return instants, gaps
