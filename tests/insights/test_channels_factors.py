"""Channel consistency with one planted worse channel; reason factors by band."""

from __future__ import annotations

import pytest

from xlacore.insights import InsightData, channel_consistency, reason_factors
from xlacore.serialization import to_dict

from .factories import make_answer, make_call, spread


def _service(name: str, channels: dict[str, list[int]]) -> tuple[list, list]:  # type: ignore[type-arg]
    calls, answers = [], []
    for channel, values in channels.items():
        for i, value in enumerate(values):
            cid = f"{name}-{channel}-{i}"
            calls.append(make_call(cid, service=name, channel=channel))
            answers.append(make_answer(f"F{cid}", cid, value))
    return calls, answers


def test_one_worse_channel_is_found_and_small_channels_are_not_judged() -> None:
    good = spread(60, 25, 15)  # happiness +45
    bad = spread(25, 25, 50)  # happiness -25
    calls, answers = _service(
        "laptop", {"phone": good, "portal": good, "email": bad, "walk_in": spread(2, 1, 1)}
    )
    more_calls, more_answers = _service("mail", {"phone": good, "portal": good})
    data = InsightData.from_objects(calls + more_calls, answers + more_answers)
    result = channel_consistency(data.answers, min_n=30)
    laptop, mail = result.services
    assert laptop.service == "laptop"
    assert laptop.differs is True
    assert laptop.worst == "email"
    assert laptop.gap == pytest.approx(70.0)
    assert laptop.df == 4  # three judged channels x three bands
    assert laptop.p_value is not None
    assert laptop.p_value < 1e-6
    walk_in = next(c for c in laptop.channels if c.channel == "walk_in")
    assert not walk_in.judged
    assert walk_in.happiness.value is None
    email = next(c for c in laptop.channels if c.channel == "email")
    assert email.happiness.value == pytest.approx(-25.0)
    assert mail.differs is False
    assert mail.p_value == pytest.approx(1.0)
    # BH: the q-values are the p-values adjusted over the two tested services
    assert laptop.q_value == pytest.approx(min(1.0, 2 * laptop.p_value))
    assert to_dict(result)["services"][0]["channels"][0]["channel"]


def test_a_service_with_one_judged_channel_is_not_testable() -> None:
    calls, answers = _service("vpn", {"phone": spread(20, 10, 10), "chat": [9, 9]})
    (vpn,) = channel_consistency(InsightData.from_objects(calls, answers).answers).services
    assert vpn.differs is None
    assert vpn.q_value is None
    assert vpn.gap is None


def test_reason_factors_count_and_share_by_band() -> None:
    calls = [make_call(f"C{i}", service="mail") for i in range(10)]
    answers = [
        make_answer("P1", "C0", 10, factors=("Speed", "Friendly")),
        make_answer("P2", "C1", 9, factors=("Speed",)),
        make_answer("P3", "C2", 9),  # no factor: not in the denominator
        make_answer("N1", "C3", 2, factors=("Passed around", "Slow")),
        make_answer("N2", "C4", 4, factors=("Passed around",)),
        make_answer("N3", "C5", 6, factors=("Passed around",)),
        make_answer("M1", "C6", 7, factors=("Slow",)),
    ]
    result = reason_factors(*_factor_inputs(calls, answers))
    rows = [(r.band, r.factor, r.count, r.answers) for r in result.rows]
    assert rows == [
        ("negative", "Passed around", 3, 3),
        ("negative", "Slow", 1, 3),
        ("neutral", "Slow", 1, 1),
        ("positive", "Speed", 2, 2),
        ("positive", "Friendly", 1, 2),
    ]
    first = result.rows[0]
    assert first.share.value == pytest.approx(100.0)
    assert first.share.method == "wilson"
    assert result.rows[1].share.value == pytest.approx(100 / 3)


def _factor_inputs(calls: list, answers: list) -> tuple:  # type: ignore[type-arg]
    data = InsightData.from_objects(calls, answers)
    return data.answers, data.factors


def test_no_factors_gives_no_rows() -> None:
    data = InsightData.from_objects([make_call("A")], [make_answer("F", "A", 9)])
    assert reason_factors(data.answers, data.factors).rows == ()
