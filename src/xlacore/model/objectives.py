"""Objectives: an indicator compared with a (versioned) target over a window."""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from attrs import field, frozen

from xlacore.errors import InvariantError
from xlacore.model.durations import Seconds
from xlacore.model.names import check_name
from xlacore.model.validators import aware, fixed_offset, instant

__all__ = ["Comparison", "TargetRevision", "Objective", "DAY"]

DAY = Seconds(86_400)


class Comparison(enum.StrEnum):
    """How a value must relate to its target (OpenSLO's operator names)."""

    GTE = "gte"
    GT = "gt"
    LTE = "lte"
    LT = "lt"

    @property
    def higher_is_better(self) -> bool:
        """Whether larger values are the good side."""
        return self in (Comparison.GTE, Comparison.GT)

    def holds(self, value: float, target: float) -> bool:
        """Whether ``value`` meets ``target``."""
        return _OPERATORS[self](value, target)


_OPERATORS: dict[Comparison, Callable[[Any, Any], bool]] = {
    Comparison.GTE: operator.ge,
    Comparison.GT: operator.gt,
    Comparison.LTE: operator.le,
    Comparison.LT: operator.lt,
}


@frozen
class TargetRevision:
    """A target that applies from ``effective`` on (targets are revised, not rewritten)."""

    effective: datetime = field(converter=fixed_offset, validator=aware)
    target: float


def _revisions(value: Iterable[TargetRevision]) -> tuple[TargetRevision, ...]:
    return tuple(value)


def _check_revisions(_: Any, attribute: Any, value: tuple[TargetRevision, ...]) -> None:
    for index in range(1, len(value)):
        if instant(value[index].effective) <= instant(value[index - 1].effective):
            raise InvariantError(
                attribute.name, "revisions must be in increasing effective order", f"[{index}]"
            )


def _non_negative(_: Any, attribute: Any, value: float) -> None:
    if value < 0:
        raise InvariantError(attribute.name, f"must be zero or more, got {value!r}")


def _positive_int(_: Any, attribute: Any, value: int) -> None:
    if value < 1:
        raise InvariantError(attribute.name, f"must be 1 or more, got {value!r}")


@frozen(kw_only=True)
class Objective:
    """An indicator (by name) compared with a target.

    ``target`` applies until the first of ``revisions`` takes effect. A met value within
    ``at_risk_margin`` of the target is *at risk*. Below ``min_n`` observations the status is
    *insufficient data*. ``window`` is the rolling period scored; ``burn_short`` and ``burn_long``
    are the windows of the error budget's burn rates. ``best`` is the best possible value (100 for a
    percentage, 0 for a duration); it sizes the error budget and is derived when absent.
    """

    name: str = field(validator=check_name)
    indicator: str = field(validator=check_name)
    op: Comparison = field(converter=Comparison)
    target: float
    at_risk_margin: float = field(default=0.0, validator=_non_negative)
    min_n: int = field(default=5, validator=_positive_int)
    window: Seconds = field(default=Seconds(28 * DAY), validator=_positive_int)
    burn_short: Seconds = field(default=DAY, validator=_positive_int)
    burn_long: Seconds = field(default=Seconds(7 * DAY), validator=_positive_int)
    best: float | None = None
    revisions: tuple[TargetRevision, ...] = field(
        default=(), converter=_revisions, validator=_check_revisions
    )
    description: str | None = None

    def target_at(self, moment: datetime) -> float:
        """The target in force at ``moment``."""
        target = self.target
        for revision in self.revisions:
            if instant(revision.effective) <= instant(moment):
                target = revision.target
        return target
