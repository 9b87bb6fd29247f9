"""Lifecycle effects and first resolution on data with planted effects."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlacore.insights import (
    InsightData,
    first_resolution,
    insights_report,
    least_squares_slope,
    lifecycle_effects,
    render_text,
)

from .factories import T0, make_answer, make_call, mantel_haenszel_difference, spread

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


# -- confounding: services differ in both reassignment rate and happiness -------------------
# Within every service each reassignment costs exactly 20 points, 1 h of resolution and,
# for a 0/1 count, a known reopen difference. The happy service (desk) rarely reassigns, the
# unhappy one (sap) mostly does, so pooled over services reassignments look far costlier.
CONFOUNDED = {
    # service: answers (positive, neutral, negative) per ten for 0, 1, 2 reassignments
    # (+80/+60/+40, +30/+10/-10, -20/-40/-60) and calls per count, all multiples of ten
    "desk": (((8, 2, 0), (6, 4, 0), (4, 6, 0)), (60, 10, 10)),
    "mail": (((5, 3, 2), (4, 3, 3), (3, 3, 4)), (30, 30, 10)),
    "sap": (((2, 4, 4), (1, 4, 5), (0, 4, 6)), (10, 20, 60)),
}
WITHIN_POINTS = -20.0
HOURS = {"desk": 1.0, "mail": 5.0, "sap": 20.0}


def _confounded() -> InsightData:
    calls, answers = [], []
    for service, (bands, sizes) in CONFOUNDED.items():
        for k, (band, size) in enumerate(zip(bands, sizes, strict=True)):
            values = spread(*band)
            for i in range(size):
                cid = f"{service}-{k}-{i}"
                hours = HOURS[service] + k
                calls.append(make_call(cid, service=service, reassignments=k, hours=hours))
                answers.append(make_answer(f"F{cid}", cid, values[i % 10]))
    return InsightData.from_objects(calls, answers)


def test_within_service_slope_recovers_the_planted_effect_the_pooled_one_misses() -> None:
    data = _confounded()
    effect = lifecycle_effects(data.calls, data.answers).effects[0]
    within = effect.within
    assert within.scope == "within service"
    assert within.happiness.scope == "within service"
    assert within.happiness.strata == 3
    assert effect.happiness_slope.scope == "pooled"
    assert within.happiness.per_step == pytest.approx(WITHIN_POINTS, abs=0.5)
    assert within.resolution.per_step == pytest.approx(3600.0)
    pooled = effect.happiness_slope.per_step
    assert pooled is not None
    assert pooled < WITHIN_POINTS - 15  # confounded: the pooled slope is far steeper
    assert effect.resolution_slope.per_step is not None
    assert effect.resolution_slope.per_step > 2 * 3600
    low, high = within.happiness.ci_low, within.happiness.ci_high
    assert low is not None
    assert high is not None
    assert low < WITHIN_POINTS < high
    # labelled in the text and the JSON of the command line
    text = render_text(insights_report(data))
    assert "each step (pooled): happiness" in text
    assert "each step (within service): happiness -20.0" in text


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 1), st.booleans()),
        min_size=1,
        max_size=60,
    )
)
def test_within_reopen_slope_of_a_0_1_count_is_the_mantel_haenszel_difference(
    rows: list[tuple[str, int, bool]],
) -> None:
    calls = [
        make_call(f"C{i}", service=s, reassignments=x, reopens=int(y))
        for i, (s, x, y) in enumerate(rows)
    ]
    data = InsightData.from_objects(calls)
    within = lifecycle_effects(data.calls, data.answers).effects[0].within.reopen
    assert within is not None
    informative = [
        s for s in {s for s, _, _ in rows} if len({x for t, x, _ in rows if t == s}) == 2
    ]
    strata = len({s for s, _, _ in rows})
    if not informative or len(rows) - strata - 1 < 1:
        assert within.per_step is None
        return
    assert within.per_step == pytest.approx(mantel_haenszel_difference(rows), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 4), st.floats(-100, 100)),
        min_size=0,
        max_size=40,
    )
)
def test_within_slope_is_the_sxx_weighted_mean_of_per_stratum_slopes(
    rows: list[tuple[int, int, float]],
) -> None:
    """Agreement with a slow reference: one least-squares fit per stratum, then weighted."""
    strata = np.array([s for s, _, _ in rows], dtype=np.intp)
    x = np.array([x for _, x, _ in rows], dtype=np.float64)
    y = np.array([y for _, _, y in rows], dtype=np.float64)
    slope = least_squares_slope(x, y, 0.95, strata=strata, scope="within s")
    weights, slopes = [], []
    for s in sorted(set(strata.tolist())):
        xs, ys = x[strata == s], y[strata == s]
        sxx = float(((xs - xs.mean()) ** 2).sum())
        if sxx > 0:
            weights.append(sxx)
            slopes.append(float(np.polyfit(xs, ys, 1)[0]))
    assert slope.scope == "within s"
    if not weights or len(rows) - len(set(strata.tolist())) - 1 < 1:
        assert slope.per_step is None
        return
    expected = float(np.average(slopes, weights=weights))
    assert slope.per_step == pytest.approx(expected, rel=1e-6, abs=1e-6)
    # one stratum: the pooled slope
    single = least_squares_slope(x, y, 0.95, strata=np.zeros(len(rows), dtype=np.intp))
    assert single.per_step == pytest.approx(least_squares_slope(x, y, 0.95).per_step)
