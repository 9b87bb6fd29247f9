"""Small builders of calls and SLA definitions for the clock tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from xlacore.model.calendars import Calendar, DayInterval, WeeklyHours
from xlacore.model.calls import Call, CallEvent, EventType
from xlacore.model.conditions import Compare
from xlacore.model.sla import Goal, SlaDefinition

HOUR = 3600
MONDAY = datetime(2024, 1, 8, 9, tzinfo=UTC)
OFFICE = Calendar("office", weekly=WeeklyHours.on(range(5), DayInterval("09:00", "17:00")))

START = Compare("kind", "eq", "incident")
STOP = Compare("state", "in", ("Resolved", "Closed"))
AWAITING = Compare("state", "eq", "Awaiting User Info")

_TYPES = {
    "Resolved": EventType.RESOLVED,
    "Closed": EventType.CLOSED,
    "Awaiting User Info": EventType.PAUSED,
}


def at(hours: float) -> datetime:
    return MONDAY + timedelta(hours=hours)


def call(
    *steps: tuple[float, str] | tuple[float, str, int], priority: int = 3, cid: str = "C1"
) -> Call:
    """Events from ``(hours after Monday 09:00, state[, new priority])``; the first opens."""
    events = [CallEvent(EventType.OPENED, at(0), state="New", priority=priority)]
    for step in steps:
        hours, state = step[0], step[1]
        new_priority = step[2] if len(step) > 2 else None
        kind = _TYPES.get(state, EventType.STATUS_CHANGED)
        if new_priority is not None:
            kind = EventType.PRIORITY_CHANGED
        if state == "Reopened":
            kind, state = EventType.REOPENED, "In Progress"
        events.append(CallEvent(kind, at(hours), state=state, priority=new_priority))
    return Call(cid, "incident", events, priority=priority)


def definition(**overrides: object) -> SlaDefinition:
    base: dict[str, object] = {
        "name": "resolve",
        "metric": "resolution",
        "start": START,
        "stop": STOP,
        "pause": AWAITING,
        "goals": (Goal(4 * HOUR, priority=1), Goal(8 * HOUR, priority=3)),
        "calendar": OFFICE,
    }
    base.update(overrides)
    return SlaDefinition(**base)  # type: ignore[arg-type]
