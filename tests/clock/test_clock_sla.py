"""SLA replay semantics on hand-made calls."""

from __future__ import annotations

import os
import pickle
from datetime import UTC, datetime

import attrs
import pytest

from xlacore.clock import SlaState, SlaTimer, evaluate, evaluate_many
from xlacore.errors import UnknownNameError
from xlacore.model.calendars import Calendar
from xlacore.model.conditions import Compare
from xlacore.model.sla import Basis, CancelWhen, Goal, SlaDefinition

from .factories import HOUR, OFFICE, STOP, at, call, definition

P1_FOUR_HOURS = (Goal(4 * HOUR, priority=1), Goal(8 * HOUR))


def test_completed_within_goal() -> None:
    result = evaluate(call((4, "Resolved"), priority=1), definition())
    assert result.state is SlaState.COMPLETED
    assert result.business_elapsed_s == 4 * HOUR
    assert not result.breached
    assert result.met
    assert result.percentage == 100.0
    assert result.time_left_s == 0
    assert result.breach_at == at(4)
    assert result.ended_at == at(4)


def test_pause_moves_breach_but_not_original() -> None:
    c = call((1, "Awaiting User Info"), (3, "In Progress"), (6, "Resolved"), priority=1)
    result = evaluate(c, definition())
    assert result.business_elapsed_s == 4 * HOUR
    assert result.actual_elapsed_s == 4 * HOUR
    assert result.pause_s == 2 * HOUR
    assert result.breach_at == at(6)
    assert result.original_breach_at == at(4)
    assert not result.breached


def test_deadline_is_not_moved_by_pauses() -> None:
    c = call((1, "Awaiting User Info"), (3, "In Progress"), (6, "Resolved"), priority=1)
    result = evaluate(c, definition(timing="deadline"))
    assert result.breached
    assert result.business_elapsed_s == 6 * HOUR
    assert result.breach_at == result.original_breach_at == at(4)
    assert result.pause_s == 2 * HOUR


def test_priority_change_keeps_accumulated_pause() -> None:
    # P3 opened, paused 2 h, raised to P1: the P1 goal applies to the whole cycle, pauses kept.
    c = call(
        (1, "Awaiting User Info"), (3, "In Progress"), (3.5, "In Progress", 1), (6, "Resolved")
    )
    result = evaluate(c, definition())
    assert result.goal_s == 4 * HOUR
    assert result.business_elapsed_s == 4 * HOUR
    assert result.pause_s == 2 * HOUR
    assert not result.breached


def test_calendar_change_recomputes_history() -> None:
    # Monday 09:00 to Thursday 03:00: three 8-hour office days, or 66 hours 24x7.
    c = call((66, "Resolved"), priority=1)
    assert evaluate(c, definition()).business_elapsed_s == 24 * HOUR
    assert evaluate(c, definition(calendar=None)).business_elapsed_s == 66 * HOUR


def test_retroactive_start() -> None:
    start = Compare("priority", "eq", 1)
    c = call((1, "Awaiting User Info"), (2, "In Progress"), (3, "In Progress", 1), (5, "Resolved"))
    plain = evaluate(c, definition(start=start, goals=P1_FOUR_HOURS))
    retro = evaluate(c, definition(start=start, goals=P1_FOUR_HOURS, retroactive_start=True))
    assert plain.started_at == at(3)
    assert plain.business_elapsed_s == 2 * HOUR
    assert retro.started_at == at(0)
    assert retro.business_elapsed_s == 4 * HOUR  # 5 h minus the 1 h pause before the start
    assert retro.pause_s == HOUR
    assert not retro.breached


def test_breach_time_in_history() -> None:
    c = call((2, "Awaiting User Info"), (3, "In Progress"), (7, "Resolved"), priority=1)
    result = evaluate(c, definition())
    assert result.breached
    assert result.breach_at == at(5)  # 2 h, pause, then 2 more hours from 12:00
    assert result.time_left_s == -2 * HOUR
    assert result.percentage == 150.0


@pytest.mark.parametrize(
    ("on_reopen", "cycles", "elapsed", "started", "pause"),
    [("first_cycle", 1, 1, 0, 0), ("new_cycle", 2, 1, 2, 0), ("continue", 1, 2, 0, 1)],
)
def test_reopen(on_reopen: str, cycles: int, elapsed: int, started: int, pause: int) -> None:
    c = call((1, "Resolved"), (2, "Reopened"), (3, "Resolved"), priority=1)
    result = evaluate(c, definition(on_reopen=on_reopen))
    assert result.state is SlaState.COMPLETED
    assert result.cycles == cycles
    assert result.business_elapsed_s == elapsed * HOUR
    assert result.started_at == at(started)
    assert result.pause_s == pause * HOUR


def test_cancel_when_start_no_longer_met() -> None:
    start = Compare("priority", "eq", 1)
    c = call((1, "In Progress", 2), (2, "Resolved"), priority=1)
    result = evaluate(c, definition(start=start, cancel_when=CancelWhen.START_NOT_MET))
    assert result.state is SlaState.CANCELLED
    assert result.ended_at == at(1)
    never = evaluate(c, definition(start=start, cancel_when=CancelWhen.NEVER))
    assert never.state is SlaState.COMPLETED


def test_cancel_condition() -> None:
    cancel = Compare("state", "eq", "Cancelled")
    result = evaluate(call((1, "Cancelled"), priority=1), definition(cancel=cancel))
    assert result.state is SlaState.CANCELLED


def test_reset_starts_a_new_cycle() -> None:
    reset = Compare("state", "eq", "Reassigned")
    c = call((1, "Reassigned"), (2, "Resolved"), priority=1)
    result = evaluate(c, definition(reset=reset))
    assert result.cycles == 2
    assert result.started_at == at(1)
    assert result.business_elapsed_s == HOUR


def test_in_progress_and_paused_at_a_moment() -> None:
    c = call((1, "Awaiting User Info"), priority=1)
    paused = evaluate(c, definition(), at=at(3))
    assert paused.state is SlaState.PAUSED
    assert paused.business_elapsed_s == HOUR
    assert paused.breach_at == at(6)  # 3 h left, running again from the as-of time
    running = evaluate(call((1, "In Progress"), priority=1), definition(), at=at(2))
    assert running.state is SlaState.IN_PROGRESS
    assert running.time_left_s == 2 * HOUR
    assert running.ended_at is None


def test_not_attached_and_no_goal() -> None:
    never = evaluate(call((1, "Resolved")), definition(start=Compare("priority", "eq", 1)))
    assert never.state is SlaState.NOT_ATTACHED
    assert never.goal_s is None
    assert never.breach_at is None
    no_goal = evaluate(
        call((1, "Resolved"), priority=5), definition(goals=(Goal(HOUR, priority=1),))
    )
    assert no_goal.state is SlaState.COMPLETED
    assert no_goal.goal_s is None
    assert no_goal.percentage is None


def test_named_calendars_and_goal_calendars() -> None:
    c = call((66, "Resolved"), priority=1)
    named = definition(calendar="office")
    assert evaluate(c, named, calendars={"office": OFFICE}).business_elapsed_s == 24 * HOUR
    with pytest.raises(UnknownNameError, match="office"):
        evaluate(c, named)
    actual_p1 = definition(goals=(Goal(4 * HOUR, priority=1, basis=Basis.ACTUAL),))
    result = evaluate(c, actual_p1)
    assert result.breached
    assert result.breach_at == at(4)
    assert result.business_elapsed_s == 24 * HOUR


def test_batch_equals_single() -> None:
    calls = [
        call((4, "Resolved"), priority=1, cid="a"),
        call((1, "Awaiting User Info"), (3, "In Progress"), (9, "Resolved"), cid="b"),
        call((1, "Awaiting User Info"), cid="c"),
        call(cid="d", priority=5),
    ]
    moment = datetime(2024, 1, 10, tzinfo=UTC)
    columns = evaluate_many(calls, definition(), at=moment)
    assert len(columns) == 4
    for index, c in enumerate(calls):
        assert columns.result(index) == evaluate(c, definition(), at=moment)
    assert columns.met.tolist() == [True, True, False, False]
    assert columns.measured.tolist() == [True, True, True, False]


def test_as_of_is_the_deprecated_name_of_at() -> None:
    c = call((1, "In Progress"), (2, "On Hold"), (5, "In Progress"), priority=1)
    with pytest.warns(DeprecationWarning, match="pass at="):
        old = evaluate(c, definition(), as_of=at(3))
    assert old == evaluate(c, definition(), at=at(3))
    with (
        pytest.warns(DeprecationWarning, match="pass at="),
        pytest.raises(TypeError, match="at= only"),
    ):
        evaluate(c, definition(), at=at(2), as_of=at(3))


@pytest.mark.parametrize("field", ["reopen_count", "reassignment_count"])
def test_an_unrecorded_count_is_missing_not_zero(field: str) -> None:
    """A count the source does not keep is no data to a condition, as on the call itself."""
    flag = "reopenings_recorded" if field == "reopen_count" else "assignments_recorded"
    recorded = call((1, "In Progress"), (2, "Resolved"), priority=1)
    unrecorded = attrs.evolve(recorded, **{flag: False})
    assert getattr(unrecorded, field) is None
    zero = definition(start=Compare(field, "eq", 0), stop=STOP)
    assert evaluate(recorded, zero).state is SlaState.COMPLETED
    assert evaluate(unrecorded, zero).state is SlaState.NOT_ATTACHED
    missing = definition(start=Compare(field, "exists", False), stop=STOP)
    assert evaluate(unrecorded, missing).state is SlaState.COMPLETED
    assert evaluate(recorded, missing).state is SlaState.NOT_ATTACHED


def test_a_timer_pickles_and_runs_on() -> None:
    """A live timer (its compiled conditions included) survives pickling, e.g. a saved feed."""
    c = call((1, "Awaiting User Info"), (2, "In Progress"), (3, "Resolved"), priority=1)
    timer = SlaTimer.for_call(definition(), c)
    for event in c.events[:2]:
        timer.apply(event)
    copy = pickle.loads(pickle.dumps(timer))
    for event in c.events[2:]:
        timer.apply(event)
        copy.apply(event)
    assert copy.snapshot() == timer.snapshot()
    assert copy.snapshot()[0].state is SlaState.COMPLETED


_REBUILT_IN_ANOTHER_PROCESS = """
import pickle, sys
from xlacore.model.calendars import Calendar
from xlacore.model.conditions import Compare
from xlacore.model.sla import Goal, SlaDefinition
loaded = pickle.loads(sys.stdin.buffer.read())
fresh = (
    SlaDefinition("resolution", "resolution", Compare("state", "eq", "New"),
                  Compare("state", "eq", "Resolved"), (Goal(3600),), calendar=Calendar("office")),
    Calendar("office"),
)
assert loaded == fresh
assert {f: i for i, f in enumerate(fresh)} == {f: i for i, f in enumerate(loaded)}
"""


def test_cached_hashes_do_not_travel_in_pickles() -> None:
    """A definition and a calendar cache their hash (they key compiled rules and clocks); a copy
    unpickled in a process with another hash seed hashes as one made there."""
    import subprocess
    import sys

    office = Calendar("office")
    made = SlaDefinition(
        "resolution",
        "resolution",
        Compare("state", "eq", "New"),
        Compare("state", "eq", "Resolved"),
        (Goal(3600),),
        calendar=office,
    )
    payload = pickle.dumps((made, office))
    assert hash(made) == hash(pickle.loads(payload)[0])  # cached here, recomputed there
    env = {**os.environ, "PYTHONHASHSEED": str(hash("seed") % 1000 + 1)}
    subprocess.run(
        [sys.executable, "-c", _REBUILT_IN_ANOTHER_PROCESS], input=payload, env=env, check=True
    )
