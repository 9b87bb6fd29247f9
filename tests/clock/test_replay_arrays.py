"""The SLA state machine on arrays against the timer's, one call at a time (the slow reference)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from xlacore.clock import SlaTimer, replay
from xlacore.clock.cycles import CycleArrays
from xlacore.clock.intervals import epoch_seconds
from xlacore.clock.replay_arrays import replay_arrays
from xlacore.clock.sla import evaluate_many
from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.conditions import AllOf, AnyOf, Compare, Condition, Not
from xlacore.model.sla import CancelWhen, Goal, OnReopen, SlaDefinition, Timing

from .factories import OFFICE

_START = datetime(2024, 1, 8, 9, tzinfo=UTC)
_STATES = ("New", "In Progress", "Awaiting", "Resolved", "Closed")
_VALUES: dict[str, st.SearchStrategy[object]] = {
    "state": st.sampled_from(_STATES),
    "type": st.sampled_from(EventType),
    "priority": st.integers(1, 4),
    "group": st.sampled_from(("a", "b")),
    "reopen_count": st.integers(0, 2),
    "reassignment_count": st.integers(0, 2),
    "kind": st.sampled_from(CallKind),
    "actor": st.sampled_from(("x", "y")),
    "no_such_field": st.just("x"),
}


@st.composite
def _leaves(draw: st.DrawFn) -> Compare:
    field = draw(st.sampled_from(sorted(_VALUES)))
    op = draw(st.sampled_from(("eq", "ne", "in", "exists", "lt", "ge")))
    if op == "exists":
        return Compare(field, op, draw(st.booleans()))
    value = st.one_of(_VALUES[field], _VALUES["state"])  # another field's values: mixed types
    if op == "in":
        return Compare(field, op, tuple(draw(st.lists(value, max_size=3))))
    return Compare(field, op, draw(value))


def _conditions() -> st.SearchStrategy[Condition]:
    return st.recursive(
        _leaves(),
        lambda children: (
            st.lists(children, min_size=1, max_size=3).map(lambda cs: AllOf(tuple(cs)))
            | st.lists(children, min_size=1, max_size=3).map(lambda cs: AnyOf(tuple(cs)))
            | children.map(Not)
        ),
        max_leaves=4,
    )


@st.composite
def _definitions(draw: st.DrawFn) -> SlaDefinition:
    cancel_when = draw(st.sampled_from(CancelWhen))
    pause = draw(st.none() | _conditions())
    return SlaDefinition(
        "sla",
        "resolution",
        start=draw(_conditions()),
        stop=draw(_conditions()),
        goals=(Goal(3600, priority=1), Goal(7200)),
        pause=pause,
        resume=None if pause is None else draw(st.none() | _conditions()),
        reset=draw(st.none() | _conditions()),
        cancel=draw(st.none() | _conditions()) if cancel_when is CancelWhen.CANCEL_MET else None,
        cancel_when=cancel_when,
        calendar=OFFICE,
        retroactive_start=draw(st.booleans()),
        timing=draw(st.sampled_from(Timing)),
        on_reopen=draw(st.sampled_from(OnReopen)),
    )


@st.composite
def _calls(draw: st.DrawFn, index: int) -> Call:
    moment = _START + timedelta(minutes=draw(st.integers(0, 600)))
    opening = draw(st.none() | st.integers(1, 4))
    events = [CallEvent(EventType.OPENED, moment, state="New", priority=opening)]
    for _ in range(draw(st.integers(0, 10))):
        moment += timedelta(minutes=draw(st.sampled_from((0, 0, 5, 90, 2000))))
        events.append(
            CallEvent(
                draw(st.sampled_from([t for t in EventType if t is not EventType.OPENED])),
                moment,
                state=draw(st.none() | st.sampled_from(_STATES)),
                priority=draw(st.none() | st.integers(1, 4)),
                group=draw(st.none() | st.sampled_from(("a", "b"))),
                actor=draw(st.none() | st.sampled_from(("x", "y"))),
            )
        )
    return Call(
        f"c{index}",
        draw(st.sampled_from(CallKind)),
        events,
        priority=draw(st.none() | st.integers(1, 4)),
        assignments_recorded=draw(st.booleans()),
        reopenings_recorded=draw(st.booleans()),
    )


@st.composite
def _batches(draw: st.DrawFn) -> list[Call]:
    return [draw(_calls(i)) for i in range(draw(st.integers(0, 6)))]


_AS_OF = st.none() | st.integers(0, 3 * 86_400).map(lambda s: _START + timedelta(seconds=s))


@settings(max_examples=400)
@given(_definitions(), _batches(), _AS_OF)
def test_arrays_replay_as_the_timers_do(
    definition: SlaDefinition, calls: list[Call], at: datetime | None
) -> None:
    want = CycleArrays.from_facts([replay(definition, call, at) for call in calls])
    got = replay_arrays(definition, calls, None if at is None else epoch_seconds(at))
    assert got.same_as(want), (got, want)


@given(_definitions(), _batches(), _AS_OF)
def test_many_calls_measure_as_each_one_alone(
    definition: SlaDefinition, calls: list[Call], at: datetime | None
) -> None:
    """``evaluate_many`` (the arrays) gives each call the row a replay of it alone gives."""
    at = at or (max(c.events[-1].at for c in calls) if calls else None)
    many = evaluate_many(calls, definition, at=at)
    for index, call in enumerate(calls):
        alone = evaluate_many([call], definition, at=at)
        assert many.result(index) == alone.result(0)


def test_a_retroactive_start_after_a_completed_cycle_is_not_dated_back() -> None:
    """Completed, reopened in a new cycle, cancelled, attached again: the third cycle starts
    when it attaches, since an earlier cycle completed (the timer's ``retroactive_start``)."""
    moments = [_START + timedelta(hours=h) for h in range(5)]
    states = ["New", "Resolved", "In Progress", "Closed", "In Progress"]
    types = [EventType.OPENED, EventType.RESOLVED, EventType.REOPENED, EventType.CLOSED]
    events = [
        CallEvent(kind, moment, state=state)
        for kind, moment, state in zip([*types, EventType.REOPENED], moments, states, strict=True)
    ]
    definition = SlaDefinition(
        "sla",
        "resolution",
        start=Compare("state", "in", ("New", "In Progress")),
        stop=Compare("state", "eq", "Resolved"),
        goals=(Goal(3600),),
        cancel=Compare("state", "eq", "Closed"),
        retroactive_start=True,
        on_reopen=OnReopen.NEW_CYCLE,
    )
    calls = [Call("c", "incident", events)]
    got = replay_arrays(definition, calls)
    assert got.same_as(CycleArrays.from_facts([replay(definition, calls[0])]))
    starts = [epoch_seconds(moments[i]) for i in (0, 2, 4)]
    assert got.start.tolist() == starts
    assert got.state.tolist() == ["completed", "cancelled", "in_progress"]


@given(_definitions(), _batches())
def test_a_call_runs_while_its_timer_is_active(
    definition: SlaDefinition, calls: list[Call]
) -> None:
    timers = []
    for call in calls:
        timer = SlaTimer.for_call(definition, call)
        for event in call.events:
            timer.apply(event)
        timers.append(timer.active)
    assert replay_arrays(definition, calls).running(len(calls)).tolist() == timers
