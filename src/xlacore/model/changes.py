"""Changes: planned work on services and components, whose aftermath calls may reveal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from attrs import field, frozen

from xlacore.errors import InvariantError
from xlacore.model.validators import (
    aware,
    fixed_offset,
    instant,
    non_empty,
    optional_aware,
    str_tuple,
)

__all__ = ["Change"]


def _optional_fixed_offset(moment: Any) -> Any:
    return None if moment is None else fixed_offset(moment)


def _after_start(instance: Any, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    optional_aware(instance, attribute, value)
    if value is not None and instant(value) < instant(instance.start):
        raise InvariantError(
            attribute.name,
            f"{value.isoformat()} is before the start {instance.start.isoformat()}",
        )


def _something_affected(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value and not instance.services:
        raise InvariantError(attribute.name, "a change affects at least one service or component")


@frozen
class Change:
    """A change to services and components, from ``start`` to ``end`` (``None``: not known).

    ``start`` is when the change was carried out, or when it was planned to be when
    ``planned`` is true (the source recorded no actual start). ``services`` and
    ``components`` are what it affects, in the same vocabulary as calls (``Call.service``,
    ``Call.component``). ``attributes`` keeps further source fields as text.
    """

    id: str = field(validator=non_empty)
    start: datetime = field(converter=fixed_offset, validator=aware)
    end: datetime | None = field(
        default=None, converter=_optional_fixed_offset, validator=_after_start
    )
    planned: bool = False
    services: tuple[str, ...] = field(default=(), converter=str_tuple)
    components: tuple[str, ...] = field(
        default=(), converter=str_tuple, validator=_something_affected
    )
    kind: str | None = None
    risk: str | None = None
    emergency: bool = False
    attributes: Mapping[str, str] = field(factory=dict, hash=False)
