"""Lifecycle effects and first resolution on data with planted effects."""

from __future__ import annotations

from datetime import timedelta

import pytest

from xlacore.insights import InsightData, first_resolution, lifecycle_effects

from .factories import T0, make_answer, make_call, spread

# reassignments k: answers 70-10k % positive, 10+10k % negative -> happiness 60 - 20k;
# lost time (1 + k) h; resolution (2 + k) h; every 5th call with k >= 2 reopened.
PER_COUNT = 100


def _planted() -> InsightData:
    calls, answers = [], []
    for k in range(5):
        values = spread(70 - 10 * k, 20, 10 + 10 * k)
        for i, value in enumerate(values):
            cid = f"C{k}-{i}"
            calls.append(
                make_call(
                    cid,
                    reassignments=k,
                    hours=2 + k,
                    opened=T0 + timedelta(minutes=i),
                    reopens=1 if k >= 2 and i % 5 == 0 else 0,
                )
            )
            answers.append(make_answer(f"F{cid}", cid, value, lost=(1 + k) * 3600))
    return InsightData.from_objects(calls, answers)


def test_each_reassignment_costs_the_planted_points_and_hours() -> None:
    data = _planted()
    effects = lifecycle_effects(data.calls, data.answers)
    table = effects.effects[0]
    assert table.dimension == "reassignment_count"
    assert [row.count for row in table.rows] == [0, 1, 2, 3]
    assert table.rows[-1].or_more
    assert [row.calls for row in table.rows] == [100, 100, 100, 200]
    for k, row in enumerate(table.rows[:3]):
        assert row.happiness.value == pytest.approx(60 - 20 * k)
        assert row.lost_time_seconds.value == pytest.approx((1 + k) * 3600)
        assert row.resolution_seconds.value == pytest.approx((2 + k) * 3600)
        assert row.happiness.ci_low is not None
        assert row.happiness.ci_low < row.happiness.value < row.happiness.ci_high  # type: ignore[operator]
    # the "3 or more" row pools 3 and 4 reassignments
    assert table.rows[3].happiness.value == pytest.approx((0 - 20) / 2)
    assert table.happiness_slope.per_step == pytest.approx(-20.0)
    assert table.lost_time_slope.per_step == pytest.approx(3600.0)
    assert table.lost_time_slope.std_error == pytest.approx(0.0, abs=1e-9)
    assert table.resolution_slope.per_step == pytest.approx(3600.0, rel=1e-6)
    assert table.happiness_slope.n == 500
    # reopen rate: 0 % below two reassignments, 20 % from two on
    assert table.rows[0].reopen_rate is not None
    assert table.rows[0].reopen_rate.value == 0.0
    assert table.rows[2].reopen_rate.value == pytest.approx(20.0)  # type: ignore[union-attr]
    reopenings = effects.effects[2]
    assert reopenings.dimension == "reopen_count"
    assert reopenings.reopen_slope is None
    assert all(row.reopen_rate is None for row in reopenings.rows)


def test_empty_counts_are_insufficient_data_not_zero() -> None:
    data = _planted()
    escalations = lifecycle_effects(data.calls, data.answers).effects[1]
    assert escalations.rows[1].calls == 0
    assert not escalations.rows[1].happiness.ok
    assert escalations.rows[1].happiness.value is None
    assert escalations.happiness_slope.per_step is None


def test_answers_on_other_scales_stay_out_of_happiness() -> None:
    from xlacore.model import ONE_TO_FIVE, Feedback, Subject

    call = make_call("A")
    five = Feedback("F5", Subject("call", "A"), ONE_TO_FIVE, 5, T0 + timedelta(days=1))
    data = InsightData.from_objects([call], [five, make_answer("F10", "A", 10)])
    row = lifecycle_effects(data.calls, data.answers, min_n=1).effects[0].rows[0]
    assert row.happiness.n == 1


def test_first_contact_and_first_assignment_resolution() -> None:
    calls = [
        make_call("A1", service="mail"),  # FCR and FAR
        make_call("A2", service="mail", reassignments=1),  # neither
        make_call("A3", service="mail", escalations=1),  # FAR only
        make_call("A4", service="mail", reopens=1),  # FAR only
        make_call("B1", service="vpn"),
        make_call("B2", service="vpn", resolved=False),  # not resolved: not counted
        make_call("C1", service=None),
    ]
    result = first_resolution(InsightData.from_objects(calls).calls, min_n=1)
    assert result.overall.resolved == 6
    assert result.overall.first_contact.value == pytest.approx(100 * 3 / 6)
    assert result.overall.first_assignment.value == pytest.approx(100 * 5 / 6)
    mail, vpn = result.per_service
    assert (mail.service, mail.resolved) == ("mail", 4)
    assert mail.first_contact.value == pytest.approx(25.0)
    assert mail.first_assignment.value == pytest.approx(75.0)
    assert mail.first_assignment.method == "wilson"
    assert (vpn.service, vpn.resolved, vpn.first_contact.value) == ("vpn", 1, 100.0)


def test_no_calls_give_rows_without_figures() -> None:
    data = InsightData.from_objects([], [])
    for effect in lifecycle_effects(data.calls, data.answers).effects:
        assert all(row.calls == 0 and row.happiness.value is None for row in effect.rows)
