"""Validators and converters of the model's classes, for classes elsewhere to check alike.

They raise :class:`~xlacore.errors.InvariantError`, an :class:`~xlacore.errors.XlaCoreError`
and :class:`ValueError` that remembers which attribute is wrong, so the serialization edge
reports it with its key path (``$.events[3].at``) and a message that says what is allowed.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs

from xlacore.errors import InvariantError

__all__ = [
    "aware",
    "optional_aware",
    "non_empty",
    "optional_non_empty",
    "str_tuple",
    "instant",
    "fixed_offset",
    "seconds_between",
    "as_number",
    "as_whole",
    "whole",
    "number",
    "one_of",
    "flag",
    "text",
    "optional_text",
]

_SECOND = timedelta(seconds=1)


def aware(_: Any, attribute: attrs.Attribute[Any], value: datetime) -> None:
    """Require a time-zone-aware :class:`~datetime.datetime`."""
    if not isinstance(value, datetime):
        raise InvariantError(attribute.name, f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvariantError(attribute.name, "naive datetime; a time zone is required")


def optional_aware(instance: Any, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """Like :func:`aware`, but ``None`` is allowed."""
    if value is not None:
        aware(instance, attribute, value)


def non_empty(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    """Require a string with at least one non-blank character."""
    if not isinstance(value, str):
        raise InvariantError(attribute.name, f"expected a string, got {type(value).__name__}")
    if not value.strip():
        raise InvariantError(attribute.name, "must not be empty")


def optional_non_empty(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Like :func:`non_empty`, but ``None`` is allowed."""
    if value is not None:
        non_empty(instance, attribute, value)


def str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """Converter: any iterable of strings to a tuple (lists arrive from JSON)."""
    return tuple(value)


def instant(moment: datetime) -> datetime:
    """The same moment in UTC.

    Python compares and subtracts datetimes that share a tzinfo by their *wall-clock*
    reading, which is wrong across a DST change; comparing instants in UTC is always right.
    """
    return moment.astimezone(UTC)


def seconds_between(start: datetime, end: datetime) -> int:
    """Whole elapsed seconds from ``start`` to ``end`` (floored), DST-correct."""
    return (instant(end) - instant(start)) // _SECOND


def fixed_offset(moment: Any) -> Any:
    """Converter: an aware datetime with its zone replaced by the fixed offset in force.

    The instant and the offset are kept; a zone *name* is not, because what was recorded is
    an instant, and a fixed offset compares and round-trips through ISO 8601 exactly (a
    ``ZoneInfo`` time inside a DST fold compares unequal to every other zone's, PEP 495).
    Anything else passes through unchanged for the validator to reject.
    """
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        offset = moment.utcoffset()
        if offset is not None and not isinstance(moment.tzinfo, timezone):
            return moment.astimezone(timezone(offset))
    return moment


def _is_real(value: object) -> bool:
    """An int, float or numpy number (numpy registers them as :mod:`numbers`), not a bool."""
    if isinstance(value, bool):
        return False
    return isinstance(value, numbers.Real)


def as_number(value: Any) -> Any:
    """Converter: ints, floats and numpy numbers as a float; anything else for the validator."""
    return float(value) if _is_real(value) else value


def as_whole(value: Any) -> Any:
    """Converter: a numpy integer (or an integral float) as an int; anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else value


def _bounds(low: float | None, high: float | None, *, above: bool, below: bool) -> str:
    parts = []
    if low is not None:
        parts.append(f"{'above' if above else 'at least'} {low:g}")
    if high is not None:
        parts.append(f"{'below' if below else 'at most'} {high:g}")
    return " and ".join(parts)


def whole(low: int | None = None, high: int | None = None) -> Callable[..., None]:
    """Validator: a whole number (not a bool) within ``low..high``, the message says so."""
    rule = " ".join(filter(None, ("a whole number", _bounds(low, high, above=False, below=False))))

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvariantError(attribute.name, f"{value!r} is not allowed; expected {rule}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise InvariantError(attribute.name, f"{value} is outside the range; expected {rule}")

    return check


def number(
    low: float | None = None,
    high: float | None = None,
    *,
    above: bool = False,
    below: bool = False,
) -> Callable[..., None]:
    """Validator: a finite number within the bounds (``above``/``below``: excluding them)."""
    rule = " ".join(filter(None, ("a number", _bounds(low, high, above=above, below=below))))

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not _is_real(value) or not math.isfinite(value):
            raise InvariantError(attribute.name, f"{value!r} is not allowed; expected {rule}")
        too_low = low is not None and (value <= low if above else value < low)
        too_high = high is not None and (value >= high if below else value > high)
        if too_low or too_high:
            raise InvariantError(attribute.name, f"{value:g} is outside the range; expected {rule}")

    return check


def one_of(*choices: str) -> Callable[..., None]:
    """Validator: one of the given words; the message lists them."""
    allowed = ", ".join(repr(c) for c in choices)

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in choices:
            raise InvariantError(attribute.name, f"{value!r} is not allowed; use one of {allowed}")

    return check


def flag(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: ``True`` or ``False`` (not 1, ``"yes"``); the message says so."""
    if not isinstance(value, bool):
        raise InvariantError(attribute.name, f"{value!r} is not allowed; expected True or False")


def text(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: a string (a column name, say; may be empty only where a check allows it)."""
    if not isinstance(value, str):
        raise InvariantError(attribute.name, f"expected a string, got {type(value).__name__}")


def optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Like :func:`text`, but ``None`` is allowed."""
    if value is not None:
        text(instance, attribute, value)
