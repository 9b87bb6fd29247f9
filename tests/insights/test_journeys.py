"""Journeys: grouping by link or by person, service and gap; touchpoints fine, journey poor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from xlacore.insights import InsightData, journey_ids, journeys

from .factories import T0, make_answer, make_call


def test_journey_ids_follow_links_then_person_service_and_gap() -> None:
    calls = [
        make_call("C1", caller="u1", service="mail", opened=T0),
        make_call("C2", caller="u1", service="mail", opened=T0 + timedelta(days=3)),
        make_call("C3", caller="u1", service="mail", opened=T0 + timedelta(days=20)),
        make_call("C4", caller="u1", service="vpn", opened=T0 + timedelta(days=1)),
        make_call("C5", caller="u2", service="mail", journey="J9"),
        make_call("C6", caller=None, service="mail"),
    ]
    ids = journey_ids(InsightData.from_objects(calls).calls).tolist()
    assert ids == ["auto:C1", "auto:C1", "auto:C3", "auto:C4", "J9", "auto:C6"]
    short = journey_ids(InsightData.from_objects(calls).calls, gap_seconds=3600).tolist()
    assert short[:2] == ["auto:C1", "auto:C2"]


def test_a_journey_whose_touchpoints_are_fine_but_whose_total_is_poor() -> None:
    calls, answers = [], []
    # 40 linked journeys of three calls each: every touchpoint 9-10, the journey answer 3
    for j in range(40):
        for t in range(3):
            cid = f"J{j}-{t}"
            opened = T0 + timedelta(days=t)
            calls.append(
                make_call(cid, service="laptop", caller=f"p{j}", opened=opened, journey=f"J{j}")
            )
            answers.append(make_answer(f"F{cid}", cid, 9 + t % 2, person=f"p{j}"))
        answers.append(make_answer(f"FJ{j}", f"J{j}", 3, kind="journey", person=f"p{j}"))
    data = InsightData.from_objects(calls, answers)
    result = journeys(data.calls, data.answers, examples=3)
    assert result.journeys == 40
    assert result.linked == 40
    (laptop,) = result.services
    assert laptop.touchpoints.value == pytest.approx(100.0)
    assert laptop.journey.value == pytest.approx(-100.0)
    assert laptop.gap == pytest.approx(200.0)
    assert laptop.journey_worse
    assert laptop.multi_touch_journeys == 40
    assert laptop.multi_touch.n == 120
    assert laptop.single_touch.n == 0
    assert result.poor_journeys == 40
    assert result.examples == ("J0", "J1", "J10")


def test_good_journeys_are_not_flagged() -> None:
    calls = [make_call(f"C{i}", service="mail", caller=f"p{i}") for i in range(20)]
    answers = [make_answer(f"F{i}", f"C{i}", 9) for i in range(20)]
    data = InsightData.from_objects(calls, answers)
    result = journeys(data.calls, data.answers)
    (mail,) = result.services
    assert not mail.journey_worse
    assert mail.journey.value is None
    assert result.poor_journeys == 0
    assert result.linked == 0
