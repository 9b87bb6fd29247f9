"""Derived lifecycle facts follow from the events alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given

from xlacore.model import Call, CallEvent, CallKind, EventType, InvariantError
from xlacore.testing import strategies as xst

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def _call(*steps: tuple[EventType, int, str | None]) -> Call:
    events = [CallEvent(EventType.OPENED, T0, group="desk")]
    events += [CallEvent(kind, T0 + timedelta(minutes=m), group=g) for kind, m, g in steps]
    return Call(id="INC1", kind=CallKind.INCIDENT, events=events)


def test_resolved_first_time_by_the_first_group() -> None:
    call = _call((EventType.ASSIGNED, 1, "desk"), (EventType.RESOLVED, 30, None))
    assert call.resolved_at == T0 + timedelta(minutes=30)
    assert call.resolution_seconds == 30 * 60
    assert call.first_contact_resolution
    assert call.first_assignment_resolution
    assert call.reassignment_count == call.reopen_count == call.escalation_count == 0


def test_reassignment_breaks_first_assignment_resolution() -> None:
    call = _call((EventType.REASSIGNED, 5, "network"), (EventType.RESOLVED, 90, None))
    assert call.reassignment_count == 1
    assert not call.first_assignment_resolution
    assert not call.first_contact_resolution
    assert call.current_group == "network"


def test_reopening_keeps_first_assignment_but_not_first_contact() -> None:
    call = _call(
        (EventType.RESOLVED, 10, None),
        (EventType.REOPENED, 20, None),
        (EventType.RESOLVED, 50, None),
        (EventType.CLOSED, 60, None),
    )
    assert call.reopen_count == 1
    assert call.first_resolved_at == T0 + timedelta(minutes=10)
    assert call.resolved_at == T0 + timedelta(minutes=50)
    assert call.closed_at == T0 + timedelta(minutes=60)
    assert call.first_assignment_resolution
    assert not call.first_contact_resolution


def test_a_reopened_call_is_unresolved_until_resolved_again() -> None:
    call = _call((EventType.RESOLVED, 10, None), (EventType.REOPENED, 20, None))
    assert not call.is_resolved
    assert call.resolved_at is None
    assert call.resolution_seconds is None
    assert call.closed_at is None
    assert call.first_resolved_at is not None


def test_closing_without_a_resolved_event_resolves() -> None:
    call = _call((EventType.CLOSED, 15, None))
    assert call.resolved_at == call.closed_at == T0 + timedelta(minutes=15)


def test_priority_changes_are_read_from_events() -> None:
    events = [
        CallEvent(EventType.OPENED, T0),
        CallEvent(EventType.PRIORITY_CHANGED, T0 + timedelta(hours=3), priority=1),
    ]
    call = Call(id="INC2", kind="incident", events=events, priority=3)
    assert call.priority == 3
    assert call.current_priority == 1


def test_resolution_time_across_dst_counts_real_seconds() -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    opened = datetime(2024, 3, 31, 1, 30, tzinfo=amsterdam)  # clocks jump 02:00 → 03:00
    resolved = datetime(2024, 3, 31, 3, 30, tzinfo=amsterdam)
    call = Call(
        id="INC3",
        kind="incident",
        events=[CallEvent("opened", opened), CallEvent("resolved", resolved)],
    )
    assert call.resolution_seconds == 3600


def test_equal_timestamps_are_allowed_and_keep_their_order() -> None:
    events = [CallEvent("opened", T0), CallEvent("assigned", T0), CallEvent("resolved", T0)]
    call = Call(id="X", kind="request", events=events)
    assert [e.type for e in call.events] == ["opened", "assigned", "resolved"]
    assert call.resolution_seconds == 0


@pytest.mark.parametrize(
    ("events", "fragment"),
    [
        ([], "at least its 'opened' event"),
        ([CallEvent("assigned", T0)], "first event must be 'opened'"),
        (
            [CallEvent("opened", T0), CallEvent("resolved", T0 - timedelta(seconds=1))],
            "out of sequence",
        ),
    ],
)
def test_event_invariants(events: list[CallEvent], fragment: str) -> None:
    with pytest.raises(InvariantError, match=fragment):
        Call(id="X", kind="incident", events=events)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(InvariantError, match="naive datetime"):
        CallEvent("opened", datetime(2024, 1, 1))


@given(xst.calls())
def test_derived_facts_are_consistent(call: Call) -> None:
    types = [e.type for e in call.events]
    if call.recorded_reassignments is not None:  # the source's own count is the fact
        assert call.reassignment_count == call.recorded_reassignments
        assert call.moves_before_resolution == call.recorded_reassignments
    elif call.assignments_recorded:
        assert call.reassignment_count == types.count(EventType.REASSIGNED)
    else:  # no moves recorded: unknown, never "no reassignment"
        assert call.reassignment_count is None
        assert call.first_assignment_resolution is None
    # Reopenings and escalations: counted when recorded, else unknown (never "none").
    for count, recorded, kind in (
        (call.reopen_count, call.reopenings_recorded, EventType.REOPENED),
        (call.escalation_count, call.escalations_recorded, EventType.ESCALATED),
    ):
        assert count == (types.count(kind) if recorded else None)
    if call.recorded_first_contact is not None:  # the source's own flag, once resolved
        assert call.first_contact_resolution == (call.is_resolved and call.recorded_first_contact)
    elif call.reassignment_count is None or not call.reopenings_recorded:
        assert call.first_contact_resolution is None  # a fact it rests on is unknown
    else:  # in one go: no move, no reopening, no escalation when escalations are recorded
        assert call.first_contact_resolution == (
            call.is_resolved
            and call.reassignment_count == 0
            and call.reopen_count == 0
            and (not call.escalations_recorded or call.escalation_count == 0)
        )
    if call.first_contact_resolution and call.recorded_first_contact is None:
        assert call.first_assignment_resolution
    if call.first_assignment_resolution:
        assert call.is_resolved
    if call.resolution_seconds is not None:
        assert call.resolution_seconds >= 0
        assert call.first_resolved_at is not None
        assert call.first_resolved_at <= call.resolved_at  # type: ignore[operator]
    if call.closed_at is not None:
        assert call.is_resolved


def _last_resolution(call: Call) -> datetime | None:
    """The first resolution or closure after the last reopening, found from scratch."""
    events = call.events
    since = max((i for i, e in enumerate(events) if e.type is EventType.REOPENED), default=0)
    ends = (EventType.RESOLVED, EventType.CLOSED)
    return next((e.at for e in events[since:] if e.type in ends), None)


@given(xst.calls())
def test_a_new_event_gives_the_new_history_its_own_resolution(call: Call) -> None:
    """The resolution is kept once read, but a call grown by an event (a live feed's
    ``with_event``, or ``attrs.evolve``) reads its own: resolved, reopened, closed."""
    grown = attrs.evolve(call, events=call.events[:1])
    for event in call.events[1:]:
        assert grown.resolved_at == _last_resolution(grown)  # read: kept on this state
        grown = grown.with_event(event)
        assert grown.resolved_at == _last_resolution(grown)
        assert grown.is_resolved is (grown.resolved_at is not None)
    assert grown == call
    assert grown.resolution_seconds == call.resolution_seconds
    assert grown.first_contact_resolution == call.first_contact_resolution
