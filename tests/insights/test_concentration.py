"""Lost-time concentration with a planted 80/20 split."""

from __future__ import annotations

import pytest

from xlacore.insights import InsightData, lost_time_concentration

from .factories import make_answer, make_call


def test_few_calls_cause_most_lost_time() -> None:
    # mail: 10 calls; two lose 8 h each, eight lose 30 min each -> 16 h of 20 h = 80 %
    calls = [make_call(f"M{i}", service="mail") for i in range(10)]
    lost = [8 * 3600, 8 * 3600] + [1800] * 8
    answers = [make_answer(f"F{i}", f"M{i}", 5, lost=s) for i, s in enumerate(lost)]
    # vpn: 4 calls with equal loss: 3 hold only 75 %, so all 4 are needed
    calls += [make_call(f"V{i}", service="vpn") for i in range(4)]
    answers += [make_answer(f"G{i}", f"V{i}", 5, lost=3600) for i in range(4)]
    # a second person's answer about M9 adds to that call; one without lost time is left out
    answers += [
        make_answer("X", "M9", 5, lost=0, person="u2"),
        make_answer("Y", "M8", 5, person="u3"),
    ]
    result = lost_time_concentration(InsightData.from_objects(calls, answers).answers)
    mail, vpn = result.per_service
    assert (mail.service, mail.calls, mail.total_seconds) == ("mail", 10, 20 * 3600)
    assert mail.calls_needed == 2
    assert mail.call_share == pytest.approx(0.2)
    assert (vpn.calls_needed, vpn.call_share) == (4, 1.0)
    assert result.overall.calls == 14
    assert result.overall.total_seconds == 24 * 3600
    # overall 80 % of 24 h = 19.2 h: 8 + 8 + 1 + 1 + 1 (h) + 0.5 ... -> 2 x 8 h, then 1 h each
    assert result.overall.calls_needed == 6


def test_nothing_lost_has_no_share() -> None:
    calls = [make_call("A")]
    result = lost_time_concentration(
        InsightData.from_objects(calls, [make_answer("F", "A", 9, lost=0)]).answers
    )
    assert result.overall.call_share is None
    assert result.overall.calls_needed == 0
