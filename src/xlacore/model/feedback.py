"""Feedback: one survey answer about a call, a journey or a service."""

from __future__ import annotations

import enum
import numbers
from datetime import datetime
from typing import Any

import attrs
from attrs import field, frozen

from xlacore.errors import InvariantError
from xlacore.model.validators import (
    as_whole,
    aware,
    fixed_offset,
    non_empty,
    optional_non_empty,
    str_tuple,
    whole,
)

__all__ = [
    "Scale",
    "ZERO_TO_TEN",
    "ONE_TO_FIVE",
    "ONE_TO_SEVEN",
    "SubjectKind",
    "Subject",
    "Feedback",
    "MAX_SCALE_POINTS",
]

#: The most points a scale may have; scores keep one histogram bin per point.
MAX_SCALE_POINTS = 101


def _check_high(instance: Any, attribute: attrs.Attribute[Any], high: Any) -> None:
    if high <= instance.low:
        raise InvariantError(attribute.name, f"must be above low ({instance.low}), got {high}")
    if high - instance.low + 1 > MAX_SCALE_POINTS:
        raise InvariantError(attribute.name, f"a scale has at most {MAX_SCALE_POINTS} points")


@frozen
class Scale:
    """An answer scale of whole points from ``low`` to ``high`` (0–10, 1–5, 1–7, or custom)."""

    low: int = field(converter=as_whole, validator=whole())
    high: int = field(converter=as_whole, validator=[whole(), _check_high])

    @property
    def points(self) -> int:
        """How many answer points the scale has."""
        return self.high - self.low + 1

    def __contains__(self, value: object) -> bool:
        """Whether ``value`` is a point of the scale: a whole number (numpy's too), not a bool."""
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            return False
        return self.low <= int(value) <= self.high


ZERO_TO_TEN = Scale(0, 10)
"""The 0–10 scale of NPS-style happiness questions."""
ONE_TO_FIVE = Scale(1, 5)
"""The 1–5 scale of most CSAT surveys."""
ONE_TO_SEVEN = Scale(1, 7)
"""The 1–7 scale of most CES surveys."""


class SubjectKind(enum.StrEnum):
    """What a survey answer is about."""

    CALL = "call"
    JOURNEY = "journey"
    SERVICE = "service"


@frozen
class Subject:
    """What a survey answer is about: a call, a journey or a service, by id."""

    kind: SubjectKind = field(converter=SubjectKind)
    id: str = field(validator=non_empty)


def _value_in_scale(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    span = f"{instance.scale.low}..{instance.scale.high}"
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvariantError(attribute.name, f"{value!r} is not a whole point of the scale {span}")
    if value not in instance.scale:
        raise InvariantError(attribute.name, f"{value} is outside the scale {span}")


def _optional_seconds(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise InvariantError(attribute.name, f"must be whole seconds, zero or more, got {value!r}")


@frozen
class Feedback:
    """One survey answer.

    ``value`` lies on ``scale``; ``lost_time_seconds`` is the working time the person says
    they lost (optional, whole seconds); ``factors`` the reasons they picked.
    """

    id: str = field(validator=non_empty)
    about: Subject
    scale: Scale
    value: int = field(converter=as_whole, validator=_value_in_scale)
    answered_at: datetime = field(converter=fixed_offset, validator=aware)
    person: str | None = field(default=None, validator=optional_non_empty)
    lost_time_seconds: int | None = field(default=None, validator=_optional_seconds)
    factors: tuple[str, ...] = field(default=(), converter=str_tuple)
    comment: str | None = None
