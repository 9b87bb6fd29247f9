"""Validators shared by the model classes.

They raise :class:`InvariantError`, a :class:`ValueError` that remembers which part of the
object is wrong, so the serialization edge can report it with its key path
(``$.events[3].at``) instead of a bare message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

__all__ = ["InvariantError", "aware", "optional_aware", "non_empty", "optional_non_empty"]


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
