"""The ``xlacore_call_event`` notification: every listener hears every event, results ignored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from xlacore.model import Call, CallEvent, CallKind, EventType, InvariantError
from xlacore.plugins import Origin, hookimpl, make_registry

OPENED = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _opened() -> Call:
    return Call(id="C1", kind=CallKind.INCIDENT, events=[CallEvent(EventType.OPENED, OPENED)])


class Recorder:
    """A listener that keeps what it hears and returns something pluggy must ignore."""

    def __init__(self) -> None:
        self.heard: list[tuple[str, EventType, int]] = []

    @hookimpl
    def xlacore_call_event(self, call: Call, event: CallEvent) -> str:
        self.heard.append((call.id, event.type, len(call.events)))
        return "ignored"


def test_hook_xlacore_call_event() -> None:
    first, second = Recorder(), Recorder()  # two instances of one class: both registered
    registry = make_registry(entry_points=False, plugins=[first, second])
    names = [p.name for p in registry.plugins() if p.origin is Origin.IN_PROCESS]
    assert names == [f"{__name__}.Recorder", f"{__name__}.Recorder#2"]
    call = _opened()
    registry.call_event(call, call.events[0])
    resolved = CallEvent(EventType.RESOLVED, OPENED + timedelta(hours=2))
    assert registry.call_event(call.with_event(resolved), resolved) is None  # type: ignore[func-returns-value]
    assert (
        first.heard
        == second.heard
        == [
            ("C1", EventType.OPENED, 1),
            ("C1", EventType.RESOLVED, 2),
        ]
    )


def test_a_listener_may_ask_for_the_event_only() -> None:
    types: list[EventType] = []

    class EventsOnly:
        @hookimpl
        def xlacore_call_event(self, event: CallEvent) -> None:
            types.append(event.type)

    registry = make_registry(entry_points=False, plugins=[EventsOnly()])
    call = _opened()
    registry.call_event(call, call.events[0])
    assert types == [EventType.OPENED]


def test_a_listener_error_reaches_the_caller() -> None:
    class Refuses:
        @hookimpl
        def xlacore_call_event(self, call: Call) -> None:
            raise ValueError(f"cannot apply {call.id}")

    registry = make_registry(entry_points=False, plugins=[Refuses()])
    call = _opened()
    with pytest.raises(ValueError, match="cannot apply C1"):
        registry.call_event(call, call.events[0])


def test_without_listeners_nothing_happens() -> None:
    registry = make_registry(entry_points=False)
    call = _opened()
    registry.call_event(call, call.events[0])


def test_with_event_appends_and_rechecks_the_history() -> None:
    call = _opened()
    paused = CallEvent(EventType.PAUSED, OPENED + timedelta(minutes=5), state="Awaiting User")
    later = call.with_event(paused)
    assert later.events == (call.events[0], paused)
    assert later.current_state == "Awaiting User"
    assert call.events == (call.events[0],)  # the original is unchanged
    with pytest.raises(InvariantError, match=r"\[2\]\.at"):
        later.with_event(CallEvent(EventType.RESUMED, OPENED))
