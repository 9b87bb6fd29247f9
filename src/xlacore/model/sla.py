"""SLA definitions: when the clock of a call starts, pauses and stops, and the goals it is held to.

Conditions use the one condition language of :mod:`xlacore.model.conditions` over the record
a call has after each of its events (the fields are listed in the clock documentation). The
replay that evaluates a definition lives in :mod:`xlacore.clock`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

import attrs
from attrs import field, frozen

from xlacore.errors import InvariantError
from xlacore.model.calendars import Calendar
from xlacore.model.conditions import Condition
from xlacore.model.validators import non_empty

__all__ = ["Metric", "Basis", "Timing", "CancelWhen", "OnReopen", "Goal", "SlaDefinition"]


class Metric(enum.StrEnum):
    """What an SLA measures."""

    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


class Basis(enum.StrEnum):
    """Which time a goal counts: business time on the calendar, or actual (24x7) time."""

    BUSINESS = "business"
    ACTUAL = "actual"


class Timing(enum.StrEnum):
    """A timer stops while paused; a deadline is fixed at the start and pauses do not move it."""

    TIMER = "timer"
    DEADLINE = "deadline"


class CancelWhen(enum.StrEnum):
    """When an attached SLA is cancelled (ServiceNow's "When to cancel")."""

    CANCEL_MET = "cancel_met"
    START_NOT_MET = "start_not_met"
    NEVER = "never"


class OnReopen(enum.StrEnum):
    """What a completed SLA does when its start condition matches again (a reopened call).

    ``first_cycle`` keeps the first cycle only; ``new_cycle`` starts a fresh cycle;
    ``continue`` resumes the completed cycle, counting the time in between as paused.
    """

    FIRST_CYCLE = "first_cycle"
    NEW_CYCLE = "new_cycle"
    CONTINUE = "continue"


def _positive(_: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvariantError(
            attribute.name, f"must be a positive whole number of seconds, got {value!r}"
        )


def _optional_priority(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InvariantError(
            attribute.name, f"must be a whole number from 1 (highest), got {value!r}"
        )


@frozen
class Goal:
    """A target duration in seconds, for one priority (``None``: any priority without its own goal).

    ``calendar`` overrides the definition's calendar for this priority (e.g. P1 24x7).
    """

    seconds: int = field(validator=_positive)
    priority: int | None = field(default=None, validator=_optional_priority)
    basis: Basis = field(default=Basis.BUSINESS, converter=Basis)
    calendar: str | Calendar | None = None


def _check_goals(_: object, attribute: attrs.Attribute[Any], value: tuple[Goal, ...]) -> None:
    if not value:
        raise InvariantError(attribute.name, "needs at least one goal")
    seen: set[int | None] = set()
    for index, goal in enumerate(value):
        if goal.priority in seen:
            raise InvariantError(
                attribute.name, f"two goals for priority {goal.priority}", f"[{index}]"
            )
        seen.add(goal.priority)


def _goals(value: Iterable[Goal]) -> tuple[Goal, ...]:
    return tuple(value)


@frozen(cache_hash=True)  # a cache key (compiled rules, business clocks): hashed once
class SlaDefinition:
    """Start, pause, resume, stop, reset and cancel conditions with goals per priority.

    ServiceNow's semantics: the SLA attaches when ``start`` matches and neither ``stop`` nor
    ``cancel`` does; then ``stop`` completes it, ``reset`` (with ``start``) completes it and
    attaches a new cycle, and ``cancel_when`` decides cancellation. It pauses while ``pause``
    matches, or, when ``resume`` is given, from a ``pause`` match until a ``resume`` match.
    ``retroactive_start`` dates the start back to the opening of the call (pauses since then
    are kept). ``calendar`` is a calendar or the name of one (``None``: 24x7).
    """

    name: str = field(validator=non_empty)
    metric: Metric = field(converter=Metric)
    start: Condition
    stop: Condition
    goals: tuple[Goal, ...] = field(converter=_goals, validator=_check_goals)
    pause: Condition | None = None
    resume: Condition | None = None
    reset: Condition | None = None
    cancel: Condition | None = None
    cancel_when: CancelWhen = field(default=CancelWhen.CANCEL_MET, converter=CancelWhen)
    calendar: str | Calendar | None = None
    retroactive_start: bool = False
    timing: Timing = field(default=Timing.TIMER, converter=Timing)
    on_reopen: OnReopen = field(default=OnReopen.FIRST_CYCLE, converter=OnReopen)

    def __attrs_post_init__(self) -> None:
        if self.resume is not None and self.pause is None:
            raise InvariantError("resume", "a resume condition needs a pause condition")
        if self.cancel is not None and self.cancel_when is not CancelWhen.CANCEL_MET:
            raise InvariantError(
                "cancel", f"is ignored when cancel_when is {self.cancel_when.value!r}"
            )

    def goal_for(self, priority: int | None) -> Goal | None:
        """The goal for a priority: its own goal, else the goal for any priority, else ``None``."""
        fallback = None
        for goal in self.goals:
            if goal.priority == priority and priority is not None:
                return goal
            if goal.priority is None:
                fallback = goal
        return fallback
