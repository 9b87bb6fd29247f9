"""Agreements: named objectives for a scope, with their composition into a bundle."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from attrs import field, frozen

from xlacore.errors import InvariantError
from xlacore.model.conditions import Condition
from xlacore.model.names import check_name
from xlacore.model.objectives import Objective
from xlacore.model.validators import (
    aware,
    fixed_offset,
    instant,
    optional_aware,
    str_tuple,
)

__all__ = [
    "AgreementKind",
    "ExclusionReason",
    "Exclusion",
    "Segment",
    "CompositionRule",
    "Composition",
    "Agreement",
]


class AgreementKind(enum.StrEnum):
    """Experience (XLA), service (SLA, with the customer) or operational (OLA, internal)."""

    XLA = "XLA"
    SLA = "SLA"
    OLA = "OLA"


class ExclusionReason(enum.StrEnum):
    """Why a period does not count."""

    MAINTENANCE = "maintenance"
    MAJOR_INCIDENT = "major_incident"
    HOLIDAY = "holiday"
    OTHER = "other"


def _after_start(instance: Any, attribute: Any, value: datetime) -> None:
    aware(instance, attribute, value)
    if instant(value) <= instant(instance.start):
        raise InvariantError(attribute.name, "must be after start")


@frozen(kw_only=True)
class Exclusion:
    """A period whose calls (by opening time) do not count, for ``services`` or for all."""

    start: datetime = field(converter=fixed_offset, validator=aware)
    end: datetime = field(converter=fixed_offset, validator=_after_start)
    reason: ExclusionReason = field(converter=ExclusionReason)
    services: tuple[str, ...] = field(default=(), converter=str_tuple)
    note: str | None = None


@frozen(kw_only=True)
class Segment:
    """A customer segment: the calls whose caller attributes satisfy ``where``."""

    name: str = field(validator=check_name)
    where: Condition


class CompositionRule(enum.StrEnum):
    """How a bundle's components combine into one figure (never into one status)."""

    WEIGHTED_AVERAGE = "weighted_average"
    MINIMUM = "minimum"
    ALL_MUST_PASS = "all_must_pass"


def _weights(value: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    return {segment: dict(weights) for segment, weights in value.items()}


def _check_weights(_: Any, attribute: Any, value: Mapping[str, Mapping[str, float]]) -> None:
    for segment, weights in value.items():
        for component, weight in weights.items():
            if weight < 0:
                raise InvariantError(
                    attribute.name,
                    f"must be zero or more, got {weight!r}",
                    f".{segment}.{component}",
                )


@frozen(kw_only=True)
class Composition:
    """The rule and the per-segment weights of a bundle.

    ``weights`` maps a segment name to component weights; a component is an objective of the
    agreement (``"happiness"``) or of one it relies on (``"workplace-sla.resolution"``).
    Components without a weight weigh 1.
    """

    rule: CompositionRule = field(
        default=CompositionRule.WEIGHTED_AVERAGE, converter=CompositionRule
    )
    weights: Mapping[str, Mapping[str, float]] = field(
        factory=dict, converter=_weights, validator=_check_weights, hash=False
    )


def _objectives(value: Iterable[Objective]) -> tuple[Objective, ...]:
    return tuple(value)


def _unique_names(_: Any, attribute: Any, value: tuple[Any, ...]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(value):
        if item.name in seen:
            raise InvariantError(attribute.name, f"name {item.name!r} repeats", f"[{index}].name")
        seen.add(item.name)


def _segments(value: Iterable[Segment]) -> tuple[Segment, ...]:
    return tuple(value)


def _exclusions(value: Iterable[Exclusion]) -> tuple[Exclusion, ...]:
    return tuple(value)


def _until_after_from(instance: Any, attribute: Any, value: datetime | None) -> None:
    optional_aware(instance, attribute, value)
    start = instance.effective_from
    if value is not None and start is not None and instant(value) <= instant(start):
        raise InvariantError(attribute.name, "must be after effective_from")


@frozen(kw_only=True)
class Agreement:
    """What an IT organisation promises: objectives for a scope.

    ``services`` limits the scope (empty: every service in the data); ``segments`` break it
    down by customer segment (the first segment a call matches is its segment). ``relies_on``
    names the agreements underpinning this one; their objectives join this agreement's bundle.
    ``exclusions`` are periods that do not count, with their reason.
    """

    name: str = field(validator=check_name)
    kind: AgreementKind = field(converter=AgreementKind)
    objectives: tuple[Objective, ...] = field(converter=_objectives, validator=_unique_names)
    services: tuple[str, ...] = field(default=(), converter=str_tuple)
    segments: tuple[Segment, ...] = field(default=(), converter=_segments, validator=_unique_names)
    composition: Composition = field(factory=Composition)
    effective_from: datetime | None = field(
        default=None, converter=fixed_offset, validator=optional_aware
    )
    effective_until: datetime | None = field(
        default=None, converter=fixed_offset, validator=_until_after_from
    )
    exclusions: tuple[Exclusion, ...] = field(default=(), converter=_exclusions)
    relies_on: tuple[str, ...] = field(default=(), converter=str_tuple)
    description: str | None = None

    def __attrs_post_init__(self) -> None:
        """Require at least one objective."""
        if not self.objectives:
            raise InvariantError("objectives", "an agreement needs at least one objective")

    def effective_at(self, moment: datetime) -> bool:
        """Whether the agreement is in force at ``moment``."""
        now = instant(moment)
        starts = self.effective_from is None or instant(self.effective_from) <= now
        return starts and (self.effective_until is None or now < instant(self.effective_until))
