"""Experience indicators: which observations, scored by which strategy, with what parameters."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from xlacore.errors import InvariantError
from xlacore.model.conditions import Condition
from xlacore.model.names import check_name
from xlacore.model.validators import non_empty

__all__ = ["Source", "Indicator"]


class Source(enum.StrEnum):
    """The observations an indicator reads: one row per call, or one per survey answer."""

    CALLS = "calls"
    FEEDBACK = "feedback"


def _default_attribution(indicator: Indicator) -> str:
    return "answered_at" if indicator.source is Source.FEEDBACK else "resolved_at"


def _check_good(instance: Indicator, attribute: Any, value: Condition | None) -> None:
    if value is not None and instance.strategy != "proportion":
        raise InvariantError(
            attribute.name, f"'good' needs strategy 'proportion', not {instance.strategy!r}"
        )


@frozen(kw_only=True)
class Indicator:
    """A named measure over observations.

    ``where`` selects the observations (all of ``source`` when absent). ``strategy`` names a
    scoring strategy and ``params`` its parameters as plain data; both are resolved against the
    registry when a file is validated, because the model knows no strategies. ``good`` makes a
    ``proportion`` of the observations for which it holds (OpenSLO's good/total ratio).
    ``attribution`` names the timestamp that places an observation in a window: the answer
    time for feedback and the resolution time for calls unless set.
    """

    name: str = field(validator=check_name)
    source: Source = field(converter=Source)
    strategy: str = field(validator=non_empty)
    params: Mapping[str, Any] = field(factory=dict, hash=False)
    where: Condition | None = None
    good: Condition | None = field(default=None, validator=_check_good)
    attribution: str = field(validator=non_empty)
    description: str | None = None

    @attribution.default
    def _attribution(self) -> str:
        return _default_attribution(self)
