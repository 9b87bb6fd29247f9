"""Change impact's baseline: attribution to one change, after/before ratio, lift, rank."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest
from tests.insights.factories import T0, make_call

from xlacore.insights.care.change_impact import ChangeImpactSettings, _ratio, change_impact
from xlacore.model.changes import Change
from xlacore.scoring.observations import call_observations

HOUR = 3600
SERVICES = ("mail", "vpn", "erp")


@given(st.integers(0, 400), st.integers(0, 400), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_the_ratio_interval_is_wilson_of_the_conditional_share(
    after: int, before: int, confidence: float
) -> None:
    ratio, low, high = _ratio(after, before, confidence)
    if after + before == 0:
        assert ratio is low is high is None
        return
    share = binomtest(after, after + before).proportion_ci(confidence, method="wilson")
    assert low == pytest.approx(share.low / (1 - share.low), rel=1e-9, abs=1e-12)
    if before == 0:  # unbounded above: only the lower bound
        assert ratio is high is None
        return
    assert ratio == after / before
    assert high == pytest.approx(share.high / (1 - share.high), rel=1e-9)
    assert low <= ratio <= high


@given(st.integers(1, 300), st.integers(1, 300))
def test_swapping_before_and_after_inverts_the_ratio_and_its_interval(a: int, b: int) -> None:
    ratio, low, _ = _ratio(a, b, 0.95)
    back, _, back_high = _ratio(b, a, 0.95)
    assert ratio is not None and back is not None  # noqa: PT018
    assert ratio * back == pytest.approx(1)
    assert low is not None and back_high is not None  # noqa: PT018
    assert low * back_high == pytest.approx(1)


calls_at = st.lists(st.tuples(st.sampled_from(SERVICES), st.integers(-72, 72)), max_size=60)
changes_at = st.lists(
    st.tuples(st.sampled_from(SERVICES), st.integers(-48, 48)), min_size=1, max_size=8
)


@given(calls_at, changes_at)
def test_each_call_is_attributed_to_one_change_the_nearest_before_it(
    spec: list[tuple[str, int]], moves: list[tuple[str, int]]
) -> None:
    calls = [
        make_call(f"c{i}", service=s, opened=T0 + timedelta(hours=h))
        for i, (s, h) in enumerate(spec)
    ]
    changes = [
        Change(id=f"CH{i}", start=T0 + timedelta(hours=h), services=(s,))
        for i, (s, h) in enumerate(moves)
    ]
    settings = ChangeImpactSettings(window_seconds=24 * HOUR, kinds=())
    result = change_impact(changes, call_observations(calls), settings)
    # the slow obvious reference: per call the changes it followed, and the latest of them
    followed: dict[str, list[tuple[int, int]]] = {}
    for call, (service, hour) in zip(calls, spec, strict=True):
        for index, (moved, start) in enumerate(moves):
            if moved == service and start <= hour < start + 24:
                followed.setdefault(call.id, []).append((start, index))
    credit: dict[str, int] = {}
    for found in followed.values():
        latest = f"CH{max(found)[1]}"
        credit[latest] = credit.get(latest, 0) + 1
    assert result.followed_calls == len(followed)
    assert sum(a.attributed for a in result.aftermath) == len(followed)
    assert {a.change: a.attributed for a in result.aftermath if a.attributed} == credit
    for a in result.aftermath:
        assert a.attributed <= len(a.followed)
        assert a.shared == sum(1 for c in a.followed if len(followed[c]) > 1)
        before = sum(
            1
            for s, h in spec
            for m, st_ in [moves[int(a.change[2:])]]
            if s == m and st_ - 24 <= h < st_
        )
        assert a.before == before


def test_a_change_is_ranked_by_its_lift_over_the_other_services() -> None:
    steady = [
        make_call(f"s{i}", service="vpn", opened=T0 + timedelta(hours=h))
        for i, h in enumerate(range(-23, 24, 2))
    ]
    surge = [
        make_call(f"m{i}", service="mail", opened=T0 + timedelta(hours=h))
        for i, h in enumerate([-20, -5, *range(1, 21)])
    ]
    quiet = [make_call("e1", service="erp", opened=T0 + timedelta(hours=3))]
    changes = [
        Change(id="CH-mail", start=T0, services=("mail",)),
        Change(id="CH-erp", start=T0, services=("erp",)),
    ]
    settings = ChangeImpactSettings(window_seconds=24 * HOUR, kinds=())
    result = change_impact(changes, call_observations([*steady, *surge, *quiet]), settings)
    mail, erp = result.aftermath
    assert mail.change == "CH-mail"
    assert (len(mail.followed), mail.before) == (20, 2)
    assert mail.ratio == pytest.approx(10.0)
    assert mail.expected == pytest.approx((12 + 1) / 12)  # vpn and erp after / before
    assert mail.lift == pytest.approx(10.0 / (13 / 12))
    assert mail.lift_low is not None and mail.lift_low > 1  # noqa: PT018
    assert mail.excess == pytest.approx(20 - 2 * 13 / 12)
    assert mail.ranked
    assert erp.change == "CH-erp"
    assert (len(erp.followed), erp.before, erp.lift, erp.ranked) == (1, 0, None, False)  # 1 < min 5
