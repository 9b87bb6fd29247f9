"""What ITSM status names mean for a call's lifecycle, shared by the ServiceNow and Jira readers.

Tools name their states differently ("Awaiting User Info", "Waiting for customer", "Done");
:func:`state_kind` sorts a name into open, awaiting, resolved or closed, and
:func:`state_event` gives the event a move from one kind to another is.
"""

from __future__ import annotations

import enum

from xlacore.model.calls import EventType

__all__ = ["StateKind", "state_kind", "state_event"]


class StateKind(enum.Enum):
    """What a state means for the lifecycle."""

    OPEN = "open"
    AWAITING = "awaiting"
    RESOLVED = "resolved"
    CLOSED = "closed"
    UNKNOWN = "unknown"

    @property
    def closing(self) -> bool:
        """Resolved or closed."""
        return self in (StateKind.RESOLVED, StateKind.CLOSED)

    @property
    def active(self) -> bool:
        """Open or awaiting."""
        return self in (StateKind.OPEN, StateKind.AWAITING)


_STATES = {
    # ServiceNow
    "new": StateKind.OPEN,
    "active": StateKind.OPEN,
    "in progress": StateKind.OPEN,
    "work in progress": StateKind.OPEN,
    "assigned": StateKind.OPEN,
    "on hold": StateKind.AWAITING,
    "pending": StateKind.AWAITING,
    "resolved": StateKind.RESOLVED,
    "closed": StateKind.CLOSED,
    "canceled": StateKind.CLOSED,
    "cancelled": StateKind.CLOSED,
    # Jira Service Management defaults
    "open": StateKind.OPEN,
    "to do": StateKind.OPEN,
    "reopened": StateKind.OPEN,
    "waiting for support": StateKind.OPEN,
    "escalated": StateKind.OPEN,
    "waiting for customer": StateKind.AWAITING,
    "waiting for approval": StateKind.AWAITING,
    "done": StateKind.RESOLVED,
    "declined": StateKind.CLOSED,
}


def state_kind(state: str | None) -> StateKind:
    """The lifecycle meaning of a state name (any case); ``awaiting …`` names are awaiting."""
    if state is None:
        return StateKind.UNKNOWN
    key = state.strip().casefold()
    if key.startswith("awaiting"):
        return StateKind.AWAITING
    return _STATES.get(key, StateKind.UNKNOWN)


def state_event(before: StateKind, now: StateKind) -> EventType:
    """The event a state change from ``before`` to ``now`` is (reopening is decided apart)."""
    if now is StateKind.RESOLVED:
        return EventType.RESOLVED
    if now is StateKind.CLOSED:
        return EventType.CLOSED
    if now is StateKind.AWAITING and before is not StateKind.AWAITING:
        return EventType.PAUSED
    if now is StateKind.OPEN and before is StateKind.AWAITING:
        return EventType.RESUMED
    return EventType.STATUS_CHANGED
