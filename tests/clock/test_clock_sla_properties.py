"""Laws of SLA replay over generated event histories."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from xlacore.clock import SlaTimer, evaluate, replay
from xlacore.model.calls import Call, CallEvent, EventType

from .factories import MONDAY, definition

_STEPS = {
    "Awaiting User Info": EventType.PAUSED,
    "In Progress": EventType.STATUS_CHANGED,
    "Resolved": EventType.RESOLVED,
    "Reopened": EventType.REOPENED,
    "Priority": EventType.PRIORITY_CHANGED,
}


@st.composite
def calls(draw: st.DrawFn) -> Call:
    events = [
        CallEvent(EventType.OPENED, MONDAY, state="New", priority=draw(st.sampled_from([1, 3])))
    ]
    moment = MONDAY
    for _ in range(draw(st.integers(0, 12))):
        moment += timedelta(minutes=draw(st.integers(0, 3000)))
        step = draw(st.sampled_from(sorted(_STEPS)))
        state = "In Progress" if step in ("Reopened", "Priority") else step
        priority = draw(st.sampled_from([1, 3])) if step == "Priority" else None
        events.append(CallEvent(_STEPS[step], moment, state=state, priority=priority))
    return Call("G", "incident", events, priority=events[0].priority)


settings_kwargs = st.sampled_from(["first_cycle", "new_cycle", "continue"])


@given(calls(), settings_kwargs, st.booleans())
def test_business_at_most_actual(call: Call, on_reopen: str, retro: bool) -> None:
    result = evaluate(call, definition(on_reopen=on_reopen, retroactive_start=retro))
    assert 0 <= result.business_elapsed_s <= result.actual_elapsed_s
    assert result.pause_s >= 0


@given(calls(), settings_kwargs, st.booleans())
def test_a_pause_never_increases_business_elapsed(call: Call, on_reopen: str, retro: bool) -> None:
    paused = evaluate(call, definition(on_reopen=on_reopen, retroactive_start=retro))
    unpaused = evaluate(call, definition(on_reopen=on_reopen, retroactive_start=retro, pause=None))
    assert paused.business_elapsed_s <= unpaused.business_elapsed_s
    assert paused.actual_elapsed_s <= unpaused.actual_elapsed_s


@given(calls(), settings_kwargs)
def test_one_event_at_a_time_equals_one_go(call: Call, on_reopen: str) -> None:
    d = definition(on_reopen=on_reopen)
    timer = SlaTimer.for_call(d, call)
    for count, event in enumerate(call.events, start=1):
        timer.apply(event)
        prefix = Call(call.id, call.kind, call.events[:count], priority=call.priority)
        assert timer.snapshot() == replay(d, prefix)
    assert timer.snapshot() == replay(d, call)
