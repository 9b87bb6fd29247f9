"""Calls and their lifecycles.

A :class:`Call` is any contact about a service (incident, request, question, …). Its history
is an ordered tuple of :class:`CallEvent`; facts such as the resolution time, reassignment
count or first-contact resolution are *derived from the events*, never stored twice.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cached_property
from typing import Any

import attrs
from attrs import field, frozen

from xlacore.errors import InvariantError
from xlacore.model.channels import Channel
from xlacore.model.validators import (
    aware,
    fixed_offset,
    flag,
    instant,
    non_empty,
    optional_non_empty,
    seconds_between,
    whole,
)

__all__ = ["CallKind", "EventType", "CallEvent", "Call"]


class CallKind(enum.StrEnum):
    """What a call is about."""

    INCIDENT = "incident"
    REQUEST = "request"
    QUESTION = "question"
    COMPLAINT = "complaint"
    CHANGE = "change"
    PROBLEM = "problem"


class EventType(enum.StrEnum):
    """What happened to a call. ``status_changed`` covers any other state (e.g. awaiting user)."""

    OPENED = "opened"
    ASSIGNED = "assigned"
    REASSIGNED = "reassigned"
    ESCALATED = "escalated"
    PAUSED = "paused"
    RESUMED = "resumed"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLOSED = "closed"
    STATUS_CHANGED = "status_changed"
    PRIORITY_CHANGED = "priority_changed"
    UPDATED = "updated"


def _optional_priority(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InvariantError(
            attribute.name, f"must be a whole number from 1 (highest), got {value!r}"
        )


@frozen
class CallEvent:
    """One step in a call's lifecycle.

    ``state`` is the ITSM tool's own state *after* the event ("Awaiting User Info"), kept so
    SLA conditions can test it; ``priority`` is the priority after the event when it changed
    or is known; ``group`` the assignment group and ``actor`` who acted.
    """

    type: EventType = field(converter=EventType)
    at: datetime = field(converter=fixed_offset, validator=aware)
    actor: str | None = field(default=None, validator=optional_non_empty)
    group: str | None = field(default=None, validator=optional_non_empty)
    state: str | None = None
    priority: int | None = field(default=None, validator=_optional_priority)
    detail: str | None = None


def _check_events(_: Any, attribute: attrs.Attribute[Any], events: Any) -> None:
    if not events:
        raise InvariantError(attribute.name, "a call needs at least its 'opened' event")
    if events[0].type is not EventType.OPENED:
        raise InvariantError(
            attribute.name,
            f"the first event must be 'opened', not {events[0].type.value!r}",
            "[0].type",
        )
    for index in range(1, len(events)):
        if instant(events[index].at) < instant(events[index - 1].at):
            raise InvariantError(
                attribute.name,
                f"event out of sequence: {events[index].at.isoformat()} is before the previous"
                f" event's {events[index - 1].at.isoformat()}; events must be in time order",
                f"[{index}].at",
            )


def _events(value: Iterable[CallEvent]) -> tuple[CallEvent, ...]:
    return tuple(value)


@frozen
class Call:
    """A contact about a service, with its lifecycle.

    ``events`` start with ``opened`` and are in time order; equal timestamps are allowed and
    then the tuple order is the sequence. ``priority``, ``impact`` and ``urgency`` are the
    values at opening (later changes are ``priority_changed`` events). Links:
    ``caused_by_change`` (the change that caused it), ``problem``, ``journey``.
    ``attributes`` keeps any further source fields as text. ``assignments_recorded`` is false
    when the source does not record moves between assignment groups (no group column, no
    reassignment events): the facts that rest on them (reassignment count, first-assignment
    and first-contact resolution) are then ``None``, unknown, never "no reassignment".
    ``reopenings_recorded`` and ``escalations_recorded`` say the same of reopenings and
    escalations (an export with no reopen time, a tool that never escalates): their counts are
    then ``None``.
    ``recorded_reassignments`` and ``recorded_first_contact`` are the source's own count of
    moves between groups and its own first-contact-resolution flag, for exports that keep the
    verdict instead of the history (one row per call); each, when given, is what the facts
    resting on it read.
    """

    id: str = field(validator=non_empty)
    kind: CallKind = field(converter=CallKind)
    events: tuple[CallEvent, ...] = field(converter=_events, validator=_check_events)
    service: str | None = field(default=None, validator=optional_non_empty)
    channel: Channel | None = field(default=None, converter=attrs.converters.optional(Channel))
    caller: str | None = field(default=None, validator=optional_non_empty)
    impact: int | None = field(default=None, validator=_optional_priority)
    urgency: int | None = field(default=None, validator=_optional_priority)
    priority: int | None = field(default=None, validator=_optional_priority)
    category: str | None = None
    component: str | None = None
    caused_by_change: str | None = None
    problem: str | None = None
    journey: str | None = None
    knowledge_used: bool = field(default=False, validator=flag)
    attributes: Mapping[str, str] = field(factory=dict, hash=False)
    assignments_recorded: bool = field(default=True, validator=flag)
    reopenings_recorded: bool = field(default=True, validator=flag)
    escalations_recorded: bool = field(default=True, validator=flag)
    recorded_reassignments: int | None = field(
        default=None, validator=attrs.validators.optional(whole(0))
    )
    recorded_first_contact: bool | None = field(
        default=None, validator=attrs.validators.optional(flag)
    )

    def with_event(self, event: CallEvent) -> Call:
        """This call with ``event`` added to the end of its history.

        The history is checked as always, so an event earlier than the current last one, or a
        second ``opened``, is rejected with the index that is out of place. This is how a live
        feed applies changes one at a time; every derived fact follows from the new history.
        """
        return attrs.evolve(self, events=(*self.events, event))

    # -- derived facts -------------------------------------------------------------------
    @property
    def opened_at(self) -> datetime:
        """When the call was opened (its first event)."""
        return self.events[0].at

    def _last_cycle(self) -> tuple[CallEvent, ...]:
        """The events since the last reopening (all events when never reopened)."""
        for index in range(len(self.events) - 1, -1, -1):
            if self.events[index].type is EventType.REOPENED:
                return self.events[index:]
        return self.events

    @cached_property
    def resolved_at(self) -> datetime | None:
        """When the call was last resolved.

        That is the first resolution (or closure) after its last reopening; ``None`` while the
        call is unresolved. Kept once found (a call never changes): the resolution facts
        (resolved, resolution time, first-contact and first-assignment resolution) all read it.
        """
        for event in self._last_cycle():
            if event.type in (EventType.RESOLVED, EventType.CLOSED):
                return event.at
        return None

    @property
    def first_resolved_at(self) -> datetime | None:
        """When the call was first resolved (or closed), even if it was reopened later."""
        for event in self.events:
            if event.type in (EventType.RESOLVED, EventType.CLOSED):
                return event.at
        return None

    @property
    def closed_at(self) -> datetime | None:
        """When the call was closed, unless it was reopened afterwards."""
        for event in self._last_cycle():
            if event.type is EventType.CLOSED:
                return event.at
        return None

    @property
    def is_resolved(self) -> bool:
        """Whether the call is resolved (or closed) now."""
        return self.resolved_at is not None

    @property
    def resolution_seconds(self) -> int | None:
        """Whole seconds from opening to the current resolution; ``None`` while unresolved."""
        resolved = self.resolved_at
        return None if resolved is None else seconds_between(self.opened_at, resolved)

    def _count(self, kind: EventType) -> int:
        return sum(1 for event in self.events if event.type is kind)

    @property
    def reassignment_count(self) -> int | None:
        """How often the call moved to another assignment group.

        The source's own count when it records one (``recorded_reassignments``), else the
        ``reassigned`` events; ``None`` when the source records neither.
        """
        if self.recorded_reassignments is not None:
            return self.recorded_reassignments
        return self._count(EventType.REASSIGNED) if self.assignments_recorded else None

    @property
    def reopen_count(self) -> int | None:
        """How often the call was reopened after a resolution; ``None``: not recorded."""
        return self._count(EventType.REOPENED) if self.reopenings_recorded else None

    @property
    def escalation_count(self) -> int | None:
        """How often the call was escalated; ``None``: not recorded."""
        return self._count(EventType.ESCALATED) if self.escalations_recorded else None

    @property
    def first_assignment_resolution(self) -> bool | None:
        """Resolved without reassignment to a different group (ServiceNow's definition).

        Only reassignments before the first resolution count: what happens after it (a
        reopening handed to another group) does not change who resolved it first. ``None``
        when the source does not record assignments.
        """
        moves = self.moves_before_resolution
        return None if moves is None else self.is_resolved and moves == 0

    @property
    def moves_before_resolution(self) -> int | None:
        """Reassignments before the first resolution (or closure); ``None``: not recorded.

        A source's own count does not say when the moves happened: all of it is counted.
        """
        if self.recorded_reassignments is not None or not self.assignments_recorded:
            return self.reassignment_count
        moves = 0
        for event in self.events:
            if event.type in (EventType.RESOLVED, EventType.CLOSED):
                break
            moves += event.type is EventType.REASSIGNED
        return moves

    @property
    def first_contact_resolution(self) -> bool | None:
        """Resolved by the first group in one go: no reassignment, escalation or reopening.

        With the source's own flag (``recorded_first_contact``): resolved and flagged.
        ``None`` when the source records neither the flag nor both the moves and the
        reopenings. Escalations count when the source records them; one that records none is
        judged on its moves and reopenings (a functional escalation is a move). The paths that
        derive calls as columns use its array form,
        :func:`~xlacore.connectors.mapping.first_contact_resolution`; a property test holds the
        two to the same answers.
        """
        if self.recorded_first_contact is not None:
            return self.is_resolved and self.recorded_first_contact
        reassignments, reopens = self.reassignment_count, self.reopen_count
        if reassignments is None or reopens is None:
            return None
        return (
            self.is_resolved and reassignments == 0 and reopens == 0 and not self.escalation_count
        )

    def _latest(self, name: str) -> object | None:
        for event in reversed(self.events):
            value: object = getattr(event, name)
            if value is not None:
                return value
        return None

    @property
    def current_priority(self) -> int | None:
        """The priority now: the latest one an event carries, else the priority at opening."""
        latest = self._latest("priority")
        return latest if isinstance(latest, int) else self.priority

    @property
    def current_group(self) -> str | None:
        """The assignment group now (the latest one an event names)."""
        latest = self._latest("group")
        return latest if isinstance(latest, str) else None

    @property
    def current_state(self) -> str | None:
        """The ITSM tool's state now (the latest one an event carries)."""
        latest = self._latest("state")
        return latest if isinstance(latest, str) else None
