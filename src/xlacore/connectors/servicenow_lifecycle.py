"""Rebuilding an incident's lifecycle from ServiceNow audit rows.

Each audit row is a snapshot of the incident after one update. Consecutive snapshots (in
``sys_mod_count`` order) are compared, and every difference becomes a :class:`CallEvent`
at the row's ``sys_updated_at``; one row can give several events at the same time:

* ``reopened`` for each rise of ``reopen_count`` above its highest value so far, or once
  when the state leaves Resolved or Closed for an open state without the counter rising;
* ``reassigned`` for each rise of ``reassignment_count`` above its highest value so far
  (ServiceNow's own count, so the derived count equals the source's); ``assigned`` when
  the group is set or changes without the counter rising;
* ``priority_changed`` when the priority differs;
* for a state change: ``resolved``, ``closed``, ``paused`` (into an awaiting/on-hold state),
  ``resumed`` (from one back to an open state), otherwise ``status_changed``;
* ``updated`` when nothing of the above changed.

A row whose time lies before the previous event's cannot be placed in time order as it is.
It is kept: its events take the previous event's time, the recorded time is kept in
``detail``, and a warning names the row. Nothing is reordered or dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from attrs import frozen

from xlacore.connectors.states import StateKind, state_event, state_kind
from xlacore.model.calls import CallEvent, EventType

__all__ = ["Update", "lifecycle"]


@frozen
class Update:
    """One audit row of an incident, reduced to what its lifecycle needs."""

    line: int
    seq: int
    at: datetime
    state: str | None
    group: str | None = None
    priority: int | None = None
    reassignments: int | None = None
    reopens: int | None = None
    actor: str | None = None


def _rise(before: int, after: int | None) -> int:
    return 0 if after is None else max(0, after - before)


def lifecycle(
    opened_at: datetime,
    opened_by: str | None,
    updates: Sequence[Update],
    warn: Callable[[Update, str], None],
) -> tuple[CallEvent, ...]:
    """The events of one incident from its audit rows, already in ``sys_mod_count`` order.

    ``warn`` is told about rows kept with an oddity (time going backwards, an unknown state,
    a counter that falls).
    """
    first = updates[0]
    start_state = first.state if state_kind(first.state) is StateKind.OPEN else "New"
    events = [
        CallEvent(
            EventType.OPENED,
            opened_at,
            actor=opened_by,
            group=first.group,
            state=start_state,
            priority=first.priority,
        )
    ]
    last_at = opened_at
    state, group, priority = start_state, first.group, first.priority
    reassignments, reopens = 0, 0
    for update in updates:
        at, detail = update.at, None
        if at < last_at:
            detail = f"recorded at {update.at.isoformat()}, before the previous event"
            warn(
                update,
                f"sys_updated_at {update.at.isoformat()} (sys_mod_count {update.seq}) is"
                f" before the previous event's {last_at.isoformat()}; the events keep the"
                " previous time and the recorded one in their detail",
            )
            at = last_at
        last_at = at
        kind_before, kind_now = state_kind(state), state_kind(update.state)
        if kind_now is StateKind.UNKNOWN and update.state is not None:
            warn(update, f"unknown incident state {update.state!r}; kept as a status change")
        for name, before, after in (
            ("reassignment_count", reassignments, update.reassignments),
            ("reopen_count", reopens, update.reopens),
        ):
            if after is not None and after < before:
                warn(update, f"{name} falls from {before} to {after}; kept as recorded")
        new_group = update.group if update.group is not None else group
        types: list[EventType] = []
        reopened = _rise(reopens, update.reopens)
        if not reopened and kind_before.closing and kind_now.active:
            reopened = 1
        types += [EventType.REOPENED] * reopened
        reassigned = _rise(reassignments, update.reassignments)
        types += [EventType.REASSIGNED] * reassigned
        if not reassigned and new_group != group:
            types.append(EventType.ASSIGNED)
        if update.priority is not None and update.priority != priority:
            types.append(EventType.PRIORITY_CHANGED)
        if update.state is not None and update.state != state:
            types.append(state_event(kind_before, kind_now))
        if not types:
            types.append(EventType.UPDATED)
        state = update.state if update.state is not None else state
        group = new_group
        priority = update.priority if update.priority is not None else priority
        # counters keep their highest value, so a fall and a rise back are not counted twice
        reassignments = max(reassignments, update.reassignments or 0)
        reopens = max(reopens, update.reopens or 0)
        events.extend(CallEvent(t, at, update.actor, group, state, priority, detail) for t in types)
    return tuple(events)
