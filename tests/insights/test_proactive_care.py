"""Problem candidates and change impact on constructed calls, and against slow references."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.insights.factories import T0, make_answer, make_call

from xlacore.errors import InvariantError
from xlacore.insights.care.change_impact import ChangeImpactSettings, change_impact
from xlacore.insights.care.problems import RecurrenceSettings, problem_candidates
from xlacore.insights.experience.negative import is_negative
from xlacore.model import Call
from xlacore.model.changes import Change
from xlacore.scoring.observations import call_observations, feedback_observations
from xlacore.serialization import from_dict, to_dict

HOUR = 3600


def _calls(*specs: tuple[str, str, str, float]) -> list[Call]:
    """Calls from (id, service, caller, hours after T0)."""
    return [
        make_call(cid, service=service, caller=caller, opened=T0 + timedelta(hours=hours))
        for cid, service, caller, hours in specs
    ]


def _background(n: int = 20) -> list[Call]:
    """Calls on service ``bg`` ten days apart, before T0: a population the clusters stand out of.

    Without it a cluster's span holds most of a tiny population, and it is background.
    """
    return [
        make_call(f"bg{i:02d}", service="bg", caller=None, opened=T0 - timedelta(days=10 * i))
        for i in range(1, n + 1)
    ]


def test_a_cluster_needs_min_calls_within_the_window() -> None:
    calls = _background() + _calls(
        ("a1", "mail", "u9", 0),
        ("a2", "mail", "u2", 20),
        ("a3", "mail", "u3", 40),  # 20 h after a2: same cluster with a 24 h window
        ("a4", "mail", "u4", 100),  # 60 h later: a new cluster of one
        ("b1", "vpn", "u1", 1),
        ("b2", "vpn", "u1", 2),
    )
    settings = RecurrenceSettings(keys=("service", "caller"), window_seconds=24 * HOUR)
    result = problem_candidates(call_observations(calls), settings=settings)
    assert [(c.key, c.value, c.calls) for c in result.candidates] == [
        ("service", "mail", ("a1", "a2", "a3"))
    ]
    (candidate,) = result.candidates
    assert candidate.people == 3
    assert candidate.first_opened == T0
    assert candidate.last_opened == T0 + timedelta(hours=40)
    assert candidate.shared == ()
    assert candidate.open_seconds == 3 * 2 * HOUR
    loose = attrs.evolve(settings, min_calls=2)
    found = problem_candidates(call_observations(calls), settings=loose).candidates
    # u1's two calls are vpn's two calls: one candidate, the caller in its evidence
    assert {(c.key, c.value, c.size) for c in found} == {
        ("service", "mail", 3),
        ("service", "vpn", 2),
    }
    vpn = next(c for c in found if c.value == "vpn")
    assert vpn.shared == (("caller", "u1"),)


def test_ranked_by_volume_then_lost_experience() -> None:
    calls = (
        _background()
        + _calls(*((f"m{i}", "mail", f"u{i}", i) for i in range(3)))
        + _calls(*((f"v{i}", "vpn", f"w{i}", i + 10) for i in range(3)))
    )
    answers = [
        make_answer("f1", "v0", 2, lost=1800),  # negative, half an hour lost
        make_answer("f2", "v1", 9, lost=600),
        make_answer("f3", "m0", 3),
        make_answer("f4", "elsewhere", 0, lost=9999),  # about no call examined: ignored
    ]
    settings = RecurrenceSettings(keys=("service",))
    observed = feedback_observations(answers, calls=calls)
    result = problem_candidates(call_observations(calls), observed, settings)
    assert [c.value for c in result.candidates] == ["vpn", "mail"]
    vpn, mail = result.candidates
    assert (vpn.lost_seconds, vpn.answers, vpn.negative_answers) == (2400, 2, 1)
    assert (mail.lost_seconds, mail.answers, mail.negative_answers) == (0, 1, 1)
    more = [*calls, make_call("m9", service="mail", opened=T0 + timedelta(hours=5))]
    again = problem_candidates(call_observations(more), observed, settings)
    assert [c.value for c in again.candidates] == ["mail", "vpn"]


def test_kinds_missing_keys_and_no_calls() -> None:
    calls = [
        *_background(),
        *_calls(("a", "mail", "u1", 0), ("b", "mail", "u1", 1)),
        make_call("q", service="mail", kind="question", opened=T0 + timedelta(hours=2)),
        make_call("n", service=None, opened=T0 + timedelta(hours=3)),
    ]
    columns = call_observations(calls)
    settings = RecurrenceSettings(keys=("service", "component"), min_calls=3)
    assert problem_candidates(columns, settings=settings).candidates == ()
    every_kind = attrs.evolve(settings, kinds=())
    (found,) = problem_candidates(columns, settings=every_kind).candidates
    assert found.calls == ("a", "b", "q")
    none = columns.take(columns.column("call") == "none")
    answers = feedback_observations([make_answer("f1", "a", 1)], calls=calls)
    empty = problem_candidates(none, answers)
    assert (empty.calls_examined, empty.candidates) == (0, ())


@pytest.mark.parametrize(
    "change", [{"window_seconds": 0}, {"min_calls": 1}, {"keys": ()}, {"keys": ("a", "a")}]
)
def test_settings_are_checked(change: dict[str, object]) -> None:
    with pytest.raises(InvariantError):
        RecurrenceSettings(**change)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "low", "high", "negative"),
    [(6, 0, 10, True), (7, 0, 10, False), (3, 1, 5, True), (4, 1, 5, False), (4, 1, 7, True)],
)
def test_negative_answers(value: int, low: int, high: int, negative: bool) -> None:
    assert is_negative(value, low, high) is negative


# -- the law: clusters agree with an obvious loop --------------------------------------------
def _slow_clusters(
    rows: list[tuple[str, str, int]], window: int, min_calls: int
) -> set[tuple[str, tuple[str, ...]]]:
    found = set()
    for value in {v for _, v, _ in rows}:
        mine = sorted((t, cid) for cid, v, t in rows if v == value)
        current = [mine[0]]
        for item in mine[1:]:
            if item[0] - current[-1][0] > window:
                if len(current) >= min_calls:
                    found.add((value, tuple(c for _, c in current)))
                current = []
            current.append(item)
        if len(current) >= min_calls:
            found.add((value, tuple(c for _, c in current)))
    return found


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["mail", "vpn", "erp"]),
            st.integers(0, 200),
            st.sampled_from(["u1", "u2", "u3", None]),
        ),
        max_size=40,
    ),
    st.integers(1, 30),
    st.integers(2, 4),
)
def test_clusters_agree_with_a_slow_loop(
    spec: list[tuple[str, int, str | None]], window_hours: int, min_calls: int
) -> None:
    rows = [(f"c{i:02d}", service, hours * HOUR) for i, (service, hours, _) in enumerate(spec)]
    callers = {f"c{i:02d}": caller for i, (_, _, caller) in enumerate(spec)}
    calls = [
        make_call(cid, service=service, caller=callers[cid], opened=T0 + timedelta(seconds=t))
        for cid, service, t in rows
    ]
    settings = RecurrenceSettings(
        keys=("service", "caller"),
        window_seconds=window_hours * HOUR,
        min_calls=min_calls,
        max_coverage=1.0,  # every cluster, background or not
    )
    by_service = attrs.evolve(settings, keys=("service",))
    result = problem_candidates(call_observations(calls), settings=by_service)
    ours = {(c.value, c.calls) for c in result.candidates}
    assert ours == _slow_clusters(rows, window_hours * HOUR, min_calls)
    opened = {cid: T0 + timedelta(seconds=t) for cid, _, t in rows}
    for candidate in problem_candidates(call_observations(calls), settings=settings).candidates:
        mine = [callers[cid] for cid in candidate.calls]
        assert candidate.people == len({p for p in mine if p is not None})
        assert (candidate.first_opened, candidate.last_opened) == (
            opened[candidate.calls[0]],
            opened[candidate.calls[-1]],
        )
        if candidate.key == "service":
            one_caller = len(set(mine)) == 1 and mine[0] is not None
            assert ("caller" in dict(candidate.shared)) == one_caller


# -- change impact ------------------------------------------------------------------------------
def _component(call: Call, component: str) -> Call:
    return attrs.evolve(call, component=component)


def test_change_impact_follows_links_and_people() -> None:
    before = _calls(("h1", "mail", "ann", -48), ("h2", "erp", "bob", -10))
    after = [
        *_calls(("x1", "mail", "cat", 1), ("x2", "mail", "dan", 30)),
        _component(make_call("x3", service="erp", opened=T0 + timedelta(hours=2)), "srv-1"),
        attrs.evolve(
            make_call("x4", service="hr", opened=T0 + timedelta(days=9)), caused_by_change="CH1"
        ),
    ]
    change = Change(id="CH1", start=T0, services=("mail",), components=("srv-1",))
    quiet = Change(id="CH2", start=T0 + timedelta(days=30), services=("mail",))
    calls = call_observations([*before, *after])
    calls = calls.with_columns(caused_by_change=[c.caused_by_change for c in [*before, *after]])
    settings = ChangeImpactSettings(window_seconds=24 * HOUR, history_seconds=72 * HOUR)
    result = change_impact([change, quiet], calls, settings, users={"mail": ["eve"]})
    assert (result.changes, result.calls) == (2, 6)
    (found,) = result.aftermath
    assert found.followed == ("x1", "x3")  # x2 came 30 h later: outside the day
    assert (found.on_service, found.on_component) == (1, 1)
    assert found.linked == ("x4",)
    # ann called about mail two days before; bob's erp call had no affected component
    assert found.people == ("ann", "eve")


def test_change_impact_when_no_call_has_a_component() -> None:
    calls = call_observations([make_call("a", service="mail", opened=T0)])
    assert "component" in calls
    change = Change(id="CH1", start=T0, services=("mail",), components=("srv-1",))
    (found,) = change_impact([change], calls).aftermath
    assert found.followed == ("a",)
    assert (found.on_service, found.on_component) == (1, 0)


def test_one_kind_or_key_given_alone_is_not_split_into_letters() -> None:
    assert RecurrenceSettings(keys="service", kinds="incident").kinds == ("incident",)
    assert RecurrenceSettings(keys="service").keys == ("service",)
    assert ChangeImpactSettings(kinds="request").kinds == ("request",)


def test_change_needs_something_affected() -> None:
    with pytest.raises(InvariantError, match="at least one service or component"):
        Change(id="CH1", start=T0)
    with pytest.raises(InvariantError, match="before the start"):
        Change(id="CH1", start=T0, end=T0 - timedelta(hours=1), services=("mail",))


def test_a_cluster_repeated_on_a_later_key_is_left_out() -> None:
    calls = [attrs.evolve(c, category="Other") for c in _background()] + [
        attrs.evolve(c, category="Mail")
        for c in _calls(*((f"m{i}", "mail", f"u{i}", i) for i in range(3)))
    ]
    settings = RecurrenceSettings(keys=("service", "category"))
    (found,) = problem_candidates(call_observations(calls), settings=settings).candidates
    assert (found.key, found.shared) == ("service", (("category", "Mail"),))
    both = attrs.evolve(settings, repeat_equal=True)
    found_twice = problem_candidates(call_observations(calls), settings=both).candidates
    assert [c.key for c in found_twice] == ["category", "service"]


def test_a_change_round_trips_through_plain_data() -> None:
    change = Change(
        id="CH1",
        start=T0,
        end=T0 + timedelta(hours=2),
        planned=True,
        services=("mail",),
        components=("srv-1", "srv-2"),
        kind="Release",
        risk="Minor Change",
        attributes={"Originated from": "Problem"},
    )
    assert from_dict(Change, to_dict(change)) == change


# -- the baseline: lift over the base rate, background left out ------------------------------
def test_a_candidate_equal_to_the_population_has_lift_one_and_is_background() -> None:
    calls = _calls(*((f"m{i}", "mail", f"u{i}", i) for i in range(5)))
    whole = RecurrenceSettings(keys=("service",), max_coverage=1.0)
    (found,) = problem_candidates(call_observations(calls), settings=whole).candidates
    assert found.size == found.population == found.span_calls == found.value_calls == 5
    assert found.lift == pytest.approx(1.0)
    assert found.lift_low <= 1.0 <= found.lift_high
    assert (found.base_rate, found.coverage, found.excess) == (1.0, 1.0, pytest.approx(0.0))
    ranked = problem_candidates(
        call_observations(calls), settings=attrs.evolve(whole, max_coverage=0.5)
    )
    assert (ranked.candidates, ranked.background) == ((), 1)


@given(
    st.lists(
        st.tuples(st.sampled_from(["mail", "vpn", "erp", None]), st.integers(0, 300)),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 30),
    st.floats(0.05, 1.0),
)
def test_lift_matches_a_count_over_the_span(
    spec: list[tuple[str | None, int]], window_hours: int, max_coverage: float
) -> None:
    calls = [
        make_call(f"c{i:02d}", service=service, opened=T0 + timedelta(hours=hours))
        for i, (service, hours) in enumerate(spec)
    ]
    settings = RecurrenceSettings(
        keys=("service",), window_seconds=window_hours * HOUR, max_coverage=max_coverage
    )
    result = problem_candidates(call_observations(calls), settings=settings)
    every = problem_candidates(
        call_observations(calls), settings=attrs.evolve(settings, max_coverage=1.0)
    )
    assert len(result.candidates) + result.background == len(every.candidates)
    assert every.background == 0
    carrying = [(s, h) for s, h in spec if s is not None]
    for c in result.candidates:
        first = (c.first_opened - T0).total_seconds() / HOUR
        last = (c.last_opened - T0).total_seconds() / HOUR
        in_span = sum(1 for _, h in carrying if first <= h <= last)
        mine = sum(1 for s, _ in carrying if s == c.value)
        assert (c.population, c.value_calls, c.span_calls) == (len(carrying), mine, in_span)
        assert c.span_calls <= max_coverage * c.population
        assert c.lift == pytest.approx((c.size / in_span) / (mine / len(carrying)))
        assert c.lift_low <= c.lift <= c.lift_high
        assert c.expected == pytest.approx(in_span * mine / len(carrying))
        assert 0.0 < c.base_rate <= 1.0
        assert 0.0 < c.coverage <= 1.0
    excess = [c.excess for c in result.candidates]
    assert excess == sorted(excess, reverse=True)
