"""Bounds on the numbers of analysis settings, checked as model invariants are."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from xlacore.errors import InvariantError

__all__ = ["at_least", "between", "names"]

Validator = Callable[[Any, Any, float], None]


def at_least(minimum: float) -> Validator:
    """An attrs validator: the value is ``minimum`` or more."""

    def check(_: Any, attribute: Any, value: float) -> None:
        if value < minimum:
            raise InvariantError(attribute.name, f"must be {minimum} or more, got {value}")

    return check


def between(low: float, high: float) -> Validator:
    """An attrs validator: the value lies from ``low`` to ``high``, both included."""

    def check(_: Any, attribute: Any, value: float) -> None:
        if not low <= value <= high:
            raise InvariantError(attribute.name, f"must lie from {low} to {high}, got {value}")

    return check


def names(value: str | Iterable[str]) -> tuple[str, ...]:
    """An attrs converter: a tuple of names; one name given alone is a tuple of one."""
    return (value,) if isinstance(value, str) else tuple(value)
