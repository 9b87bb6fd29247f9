"""Validators shared by the model classes.

They raise :class:`InvariantError`, a :class:`ValueError` that remembers which part of the
object is wrong, so the serialization edge can report it with its key path
(``$.events[3].at``) instead of a bare message.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs

__all__ = [
    "InvariantError",
    "aware",
    "optional_aware",
    "non_empty",
    "optional_non_empty",
    "str_tuple",
    "instant",
    "fixed_offset",
    "seconds_between",
]

_SECOND = timedelta(seconds=1)


class InvariantError(ValueError):
    """A model invariant does not hold.

    ``subpath`` locates the problem inside the attribute being validated, in key-path
    notation (``"[3].at"``); empty when the attribute itself is wrong.
    """

    def __init__(self, field: str, message: str, subpath: str = "") -> None:
        self.field = field
        self.subpath = subpath
        self.message = message
        super().__init__(f"{field}{subpath}: {message}")


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
