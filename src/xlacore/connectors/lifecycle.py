"""A call's lifecycle rebuilt from one-row-per-event sources (event logs), shared by mapped and XES.

Each event row names a time and, as the mapping says, its own event type, a state (status),
an assignment group and an actor. :class:`EventLifecycle` turns the rows of one call, in
order, into :class:`~xlacore.model.CallEvent` objects by these rules:

* the first row opens the call (``opened``); its own event follows at the same time when it
  has one: the mapped event type, else the event of a settled state (``paused``,
  ``resolved``, ``closed``);
* every later row gives one event of its own: its mapped type when a type column is mapped,
  else from the state: the same state as before (or none) is ``updated``, a new state is what
  ``[values.status]`` says, else what its name means (``resolved``, ``closed``, ``paused``,
  ``resumed``, else ``status_changed``, warned about once per state);
* type and state combine: the call's phase (open, awaiting, resolved or closed) follows the
  row's state when it has a known one, else the meaning of its event type; a row that makes
  a resolved or closed call active again adds ``reopened`` before its own event;
* a group that differs from the call's current one adds ``reassigned`` (``assigned`` when the
  call had none yet); a row whose own type is ``assigned`` to a group other than the current
  one is that ``reassigned``; the same group repeated is no reassignment, a row without a
  group keeps the current one;
* a row earlier than the one before keeps that time, with the recorded one in its ``detail``
  and a warning; nothing is reordered here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

import attrs

from xlacore.connectors.states import StateKind, state_event, state_kind
from xlacore.model.calls import CallEvent, EventType

__all__ = [
    "MEANINGS",
    "EventRow",
    "EventLifecycle",
    "earlier_note",
    "unknown_state_note",
    "value_of",
]

#: What an event type means for the call's phase (types not listed leave it as it is).
MEANINGS: Mapping[EventType, StateKind] = {
    EventType.OPENED: StateKind.OPEN,
    EventType.ASSIGNED: StateKind.OPEN,
    EventType.REASSIGNED: StateKind.OPEN,
    EventType.ESCALATED: StateKind.OPEN,
    EventType.STATUS_CHANGED: StateKind.OPEN,
    EventType.RESUMED: StateKind.OPEN,
    EventType.REOPENED: StateKind.OPEN,
    EventType.PAUSED: StateKind.AWAITING,
    EventType.RESOLVED: StateKind.RESOLVED,
    EventType.CLOSED: StateKind.CLOSED,
}

_SETTLED = frozenset({StateKind.AWAITING, StateKind.RESOLVED, StateKind.CLOSED})
_GROUP_EVENTS = frozenset({EventType.ASSIGNED, EventType.REASSIGNED})


def earlier_note(column: str, at: datetime) -> str:
    """The warning for a row whose time ``at`` (in ``column``) is before the previous event's."""
    return (
        f"{column} {at.isoformat()} is before the previous event;"
        " it keeps the previous time and the recorded one in its detail"
    )


def unknown_state_note(state: str) -> str:
    """The warning for a state without a lifecycle meaning (given once per state and read)."""
    return (
        f"state {state!r} has no lifecycle meaning; it leaves the call's phase as it"
        " is (map it in [values.status]; reported once per state)"
    )


def value_of(record: Mapping[str, str | None], key: str | None) -> str | None:
    """The value of column ``key`` in ``record`` (``None`` when it is not mapped or missing)."""
    return None if key is None else record.get(key)


@attrs.frozen
class EventRow:
    """What one event row says: its time, mapped event type, state, group and actor."""

    at: datetime
    explicit: EventType | None = None
    state: str | None = None
    group: str | None = None
    actor: str | None = None


@attrs.define
class EventLifecycle:
    """The running state of one call while its rows become call events.

    ``statuses`` is ``[values.status]``; ``warn(line, reason)`` reports an oddity of a row;
    ``warned`` holds the states already warned about (shared by the calls of one read).
    """

    at_column: str
    statuses: Mapping[str, str]
    warn: Callable[[int, str], None]
    warned: set[str]
    events: list[CallEvent] = attrs.field(factory=list)
    state: str | None = None
    group: str | None = None
    phase: StateKind = StateKind.OPEN

    def add(self, line: int, row: EventRow) -> None:
        """Add the events of one row."""
        if not self.events:
            self._open(line, row)
            return
        at, explicit, state, group, actor = row.at, row.explicit, row.state, row.group, row.actor
        detail = None
        previous = self.events[-1].at
        if at < previous:
            detail = f"recorded at {at.isoformat()}, before the previous event"
            self.warn(line, earlier_note(self.at_column, at))
            at = previous
        types: list[EventType] = []
        moved = group is not None and group != self.group
        if moved and explicit is EventType.ASSIGNED and self.group is not None:
            explicit = EventType.REASSIGNED  # assigned away from the current group
        if moved and explicit not in _GROUP_EVENTS:
            types.append(EventType.ASSIGNED if self.group is None else EventType.REASSIGNED)
        changed = state is not None and state != self.state
        if explicit is not None:
            kind = StateKind.UNKNOWN
            if state is not None and changed:
                kind = self._meaning(line, state)[1]
            if kind is StateKind.UNKNOWN:
                kind = MEANINGS.get(explicit, self.phase)
            types += self._move(kind, explicit)
        elif changed:
            assert state is not None
            mapped, kind = self._meaning(line, state)
            if kind is StateKind.UNKNOWN:
                types.append(EventType.STATUS_CHANGED)
            else:
                types += self._move(kind, mapped or state_event(self.phase, kind))
        else:
            types.append(EventType.UPDATED)
        self.state = state if state is not None else self.state
        self.group = group if group is not None else self.group
        self.events.extend(
            CallEvent(kind, at, actor, self.group, self.state, None, detail) for kind in types
        )

    def _open(self, line: int, row: EventRow) -> None:
        """The first row: ``opened``, then the row's own event when it has one."""
        at, state, group, actor = row.at, row.state, row.group, row.actor
        self.state, self.group = state, group
        self.events.append(CallEvent(EventType.OPENED, at, actor, group, state))
        mapped, kind = (None, StateKind.UNKNOWN) if state is None else self._meaning(line, state)
        own = row.explicit
        if own is None and kind in _SETTLED:
            own = mapped if mapped is not None else state_event(StateKind.OPEN, kind)
        if kind is StateKind.UNKNOWN and own is not None:
            kind = MEANINGS.get(own, StateKind.OPEN)
        if own is not None and own is not EventType.OPENED:
            self.events.append(CallEvent(own, at, actor, group, state))
        if kind is not StateKind.UNKNOWN:
            self.phase = kind

    def _move(self, kind: StateKind, own: EventType) -> list[EventType]:
        """The events of a move into phase ``kind``, a reopening first if it leaves a resolution."""
        types = []
        if self.phase.closing and kind.active and own is not EventType.REOPENED:
            types.append(EventType.REOPENED)
        types.append(own)
        self.phase = kind
        return types

    def _meaning(self, line: int, state: str) -> tuple[EventType | None, StateKind]:
        """The event type ``[values.status]`` gives ``state`` (if any) and what it means.

        A state without a known meaning is warned about once per read.
        """
        raw = self.statuses.get(state)
        if raw is not None:
            mapped = EventType(raw)
            return mapped, MEANINGS.get(mapped, self.phase)
        kind = state_kind(state)
        if kind is StateKind.UNKNOWN and state not in self.warned:
            self.warned.add(state)
            self.warn(line, unknown_state_note(state))
        return None, kind
