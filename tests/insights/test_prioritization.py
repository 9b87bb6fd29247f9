"""The built-in priority advice: one constructed case per rule, and it never lowers a priority."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.insights.factories import T0, make_answer, make_call

from xlacore.errors import InvariantError
from xlacore.evaluation.report import AgreementResult, ObjectiveResult, Report, Status
from xlacore.insights.care.prioritization import (
    PersonHistory,
    PriorityAdvice,
    PrioritySettings,
    experience_priority,
)
from xlacore.model import ITIL_MATRIX, Call, CallEvent, EventType
from xlacore.model.agreements import AgreementKind
from xlacore.model.objectives import Comparison

NOW = T0 + timedelta(days=40)
DAY = timedelta(days=1)


def _call(impact: int | None = 2, urgency: int | None = 2, priority: int | None = None) -> Call:
    call = make_call("new", service="mail", caller="ann", opened=NOW, resolved=False)
    return attrs.evolve(call, impact=impact, urgency=urgency, priority=priority)


def _report(
    status: Status,
    kind: AgreementKind = AgreementKind.XLA,
    service: str = "mail",
    segment: str | None = None,
) -> Report:
    scope = (("service", service),)
    result = ObjectiveResult(
        agreement="workplace",
        kind=kind,
        objective="happiness",
        indicator="happiness",
        scope=scope if segment is None else (("segment", segment), *scope),
        comparison=Comparison.GTE,
        target=30.0,
        status=status,
        n=50,
        method="adjusted-wald",
    )
    agreement = AgreementResult(name="workplace", kind=kind, effective=True, objectives=(result,))
    return Report(evaluated_at=NOW, agreements=(agreement,), findings=())


def _rules(advice: PriorityAdvice) -> list[str]:
    return [a.rule for a in advice.adjustments]


def _bad(count: int, *, days_ago: float = 3) -> tuple[PersonHistory, list[str]]:
    answers = [
        make_answer(f"f{i}", f"old{i}", 2, person="ann", at=NOW - days_ago * DAY)
        for i in range(count)
    ]
    return PersonHistory("ann", (), tuple(answers)), [f"answer f{i}" for i in range(count)]


# -- where the priority starts ------------------------------------------------------------------
def test_the_matrix_sets_the_priority() -> None:
    advice = experience_priority(_call(1, 3), PersonHistory("ann"))
    assert (advice.priority, advice.matrix_priority) == (3, 3)
    assert _rules(advice) == ["matrix"]
    assert advice.adjustments[0].reason == "impact 1 x urgency 3: 3"
    assert advice.advisor == "xlacore"


def test_a_higher_recorded_priority_is_kept() -> None:
    advice = experience_priority(_call(3, 3, priority=2), PersonHistory("ann"))
    assert (advice.priority, advice.matrix_priority) == (2, 5)
    assert _rules(advice) == ["matrix", "recorded"]
    lower = experience_priority(_call(1, 1, priority=4), PersonHistory("ann"))
    assert (lower.priority, _rules(lower)) == (1, ["matrix"])


def test_outside_the_matrix_the_recorded_priority_stands() -> None:
    advice = experience_priority(_call(5, 4, priority=4), PersonHistory("ann"))
    assert (advice.priority, advice.matrix_priority, _rules(advice)) == (4, None, ["recorded"])
    assert "not in the 3x3 matrix" in advice.adjustments[0].reason


def test_nothing_known_means_the_lowest_priority() -> None:
    advice = experience_priority(_call(None, None), PersonHistory(None))
    assert (advice.priority, _rules(advice)) == (5, ["lowest"])


# -- negative experiences -----------------------------------------------------------------------
def test_enough_negative_answers_raise_one_level() -> None:
    history, evidence = _bad(2)
    advice = experience_priority(_call(2, 2), history)
    assert (advice.matrix_priority, advice.priority) == (3, 2)
    assert _rules(advice) == ["matrix", "negative_experiences"]
    step = advice.adjustments[1]
    assert step.evidence == tuple(evidence)
    assert step.reason.endswith("raised one level, 3 to 2")


def test_too_few_or_too_old_negative_answers_do_not() -> None:
    one, _ = _bad(1)
    assert experience_priority(_call(), one).priority == 3
    old, _ = _bad(3, days_ago=31)
    assert experience_priority(_call(), old).priority == 3
    kind = [make_answer(f"g{i}", "x", 9, person="ann", at=NOW - DAY) for i in range(3)]
    assert experience_priority(_call(), PersonHistory("ann", (), tuple(kind))).priority == 3
    later = [make_answer(f"h{i}", "x", 1, person="ann", at=NOW + DAY) for i in range(3)]
    assert experience_priority(_call(), PersonHistory("ann", (), tuple(later))).priority == 3


def test_the_threshold_and_window_are_settings() -> None:
    history, _ = _bad(1, days_ago=50)
    settings = PrioritySettings(negative_experiences=1, window_seconds=60 * 86_400)
    assert experience_priority(_call(), history, None, settings).priority == 2
    with pytest.raises(InvariantError):
        PrioritySettings(negative_experiences=0)


def test_complaints_and_reopened_calls_are_negative_experiences() -> None:
    complaint = make_call("k1", caller="ann", kind="complaint", opened=NOW - 2 * DAY)
    reopened = make_call("r1", caller="ann", opened=NOW - 5 * DAY, reopens=1)
    fine = make_call("ok", caller="ann", opened=NOW - 5 * DAY)
    history = PersonHistory("ann", (complaint, reopened, fine))
    advice = experience_priority(_call(), history)
    assert advice.priority == 2
    assert advice.adjustments[-1].evidence == ("complaint k1", "reopened r1")


def test_one_bad_call_is_one_negative_experience() -> None:
    """Reopened, answered negatively and complained about: still one call, one experience."""
    reopened = make_call("r1", caller="ann", opened=NOW - 5 * DAY, reopens=1)
    answer = make_answer("f1", "r1", 2, person="ann", at=NOW - 3 * DAY)
    history = PersonHistory("ann", (reopened,), (answer,))
    advice = experience_priority(_call(), history)
    assert (advice.priority, _rules(advice)) == (3, ["matrix"])
    once = PrioritySettings(negative_experiences=1)
    step = experience_priority(_call(), history, None, once).adjustments[-1]
    assert step.evidence == ("answer f1", "reopened r1")
    assert "had 1 negative experience (distinct calls)" in step.reason
    # a second bad call makes two
    other = make_call("r2", caller="ann", opened=NOW - 4 * DAY, reopens=1)
    assert (
        experience_priority(_call(), attrs.evolve(history, calls=(reopened, other))).priority == 2
    )


def test_history_of_a_person() -> None:
    mine = make_call("m1", caller="ann")
    theirs = make_call("t1", caller="bob")
    about_mine = make_answer("f1", "m1", 3, person=None)
    by_me = make_answer("f2", "t1", 3, person="ann")
    other = make_answer("f3", "t1", 3, person="bob")
    history = PersonHistory.of("ann", [mine, theirs], [about_mine, by_me, other])
    assert history == PersonHistory("ann", (mine,), (about_mine, by_me))
    assert PersonHistory.of(None, [mine], [by_me]) == PersonHistory(None)


# -- objectives -----------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [Status.BREACHED, Status.AT_RISK])
def test_an_objective_in_trouble_raises_one_level(status: Status) -> None:
    advice = experience_priority(_call(), PersonHistory("ann"), _report(status))
    assert advice.priority == 2
    assert _rules(advice) == ["matrix", "objective"]
    assert advice.adjustments[1].evidence == (
        f"workplace/happiness [service=mail]: {status.value}",
    )


@pytest.mark.parametrize(
    "report",
    [
        _report(Status.MET),
        _report(Status.INSUFFICIENT_DATA),
        _report(Status.BREACHED, kind=AgreementKind.SLA),
        _report(Status.BREACHED, service="vpn"),
        _report(Status.BREACHED, segment="engineering"),  # one segment of mail, maybe not ann's
        None,
    ],
)
def test_other_objectives_do_not(report: Report | None) -> None:
    assert experience_priority(_call(), PersonHistory("ann"), report).priority == 3


def test_both_rules_raise_one_level_together() -> None:
    history, _ = _bad(2)
    advice = experience_priority(_call(), history, _report(Status.BREACHED))
    assert advice.priority == 2
    assert _rules(advice) == ["matrix", "negative_experiences", "objective"]


def test_the_highest_priority_stays_the_highest() -> None:
    advice = experience_priority(_call(1, 1), PersonHistory("ann"), _report(Status.BREACHED))
    assert advice.priority == 1
    assert advice.adjustments[-1].reason.endswith("already the highest priority, 1")


# -- the law: never lowered, raised at most one level ---------------------------------------------
@given(
    impact=st.none() | st.integers(1, 5),
    urgency=st.none() | st.integers(1, 5),
    recorded=st.none() | st.integers(1, 6),
    changed=st.none() | st.integers(1, 6),
    values=st.lists(st.tuples(st.integers(0, 10), st.integers(0, 60)), max_size=6),
    status=st.none() | st.sampled_from(Status),
    threshold=st.integers(1, 4),
)
def test_never_lowers_a_priority(
    impact: int | None,
    urgency: int | None,
    recorded: int | None,
    changed: int | None,
    values: list[tuple[int, int]],
    status: Status | None,
    threshold: int,
) -> None:
    call = _call(impact, urgency, recorded)
    if changed is not None:
        event = CallEvent(EventType.PRIORITY_CHANGED, NOW + DAY, priority=changed)
        call = attrs.evolve(call, events=(*call.events, event))
    answers = tuple(
        make_answer(f"f{i}", "old", value, person="ann", at=NOW - days * DAY)
        for i, (value, days) in enumerate(values)
    )
    report = None if status is None else _report(status)
    settings = PrioritySettings(negative_experiences=threshold)
    advice = experience_priority(call, PersonHistory("ann", (), answers), report, settings)
    known = [p for p in (advice.matrix_priority, call.current_priority) if p is not None]
    start = min(known) if known else 5
    assert advice.priority <= start
    assert advice.priority >= max(1, start - 1)
    if advice.matrix_priority is not None:
        assert advice.matrix_priority == ITIL_MATRIX.priority(impact or 0, urgency or 0)
    raised = {"negative_experiences", "objective"} & set(_rules(advice))
    assert (advice.priority < start) == (bool(raised) and start > 1)


@given(
    st.lists(st.tuples(st.booleans(), st.integers(0, 3)), min_size=0, max_size=6),
    st.integers(1, 4),
)
def test_negative_experiences_count_distinct_calls(
    plan: list[tuple[bool, int]], threshold: int
) -> None:
    """Each earlier call: reopened or not, and how many negative answers about it."""
    calls = tuple(
        make_call(f"e{i}", caller="ann", opened=NOW - (5 + i) * DAY, reopens=int(reopened))
        for i, (reopened, _) in enumerate(plan)
    )
    answers = tuple(
        make_answer(f"f{i}-{j}", f"e{i}", 1, person="ann", at=NOW - DAY)
        for i, (_, bad) in enumerate(plan)
        for j in range(bad)
    )
    bad_calls = sum(reopened or bad > 0 for reopened, bad in plan)
    settings = PrioritySettings(negative_experiences=threshold)
    advice = experience_priority(_call(), PersonHistory("ann", calls, answers), None, settings)
    assert ("negative_experiences" in _rules(advice)) == (bad_calls >= threshold)
