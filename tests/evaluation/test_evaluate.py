"""Evaluation against hand-computed expectations, and a constructed watermelon."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from xlacore.evaluation.documents import parse_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.report import Status
from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.feedback import ZERO_TO_TEN, Feedback, Subject, SubjectKind

AT = datetime(2026, 3, 31, 12, tzinfo=UTC)


def _doc(kind: str, name: str, spec: dict[str, object]) -> dict[str, object]:
    return {"apiVersion": "xlacore/v1", "kind": kind, "metadata": {"name": name}, "spec": spec}


DOCUMENTS = json.dumps(
    [
        _doc("Indicator", "happiness", {"source": "feedback", "strategy": "happiness"}),
        _doc(
            "Indicator",
            "fast",
            {
                "source": "calls",
                "strategy": "proportion",
                "good": {"field": "resolution_seconds", "op": "le", "value": 3600},
            },
        ),
        _doc(
            "SLA",
            "sla",
            {
                "services": ["laptop"],
                "objectives": [
                    {
                        "name": "fast",
                        "indicator": "fast",
                        "op": "gte",
                        "target": 80,
                        "min_n": 2,
                        "window": "7d",
                    }
                ],
            },
        ),
        _doc(
            "XLA",
            "xla",
            {
                "services": ["laptop"],
                "relies_on": ["sla"],
                "objectives": [
                    {
                        "name": "happy",
                        "indicator": "happiness",
                        "op": "gte",
                        "target": 50,
                        "at_risk_margin": 10,
                        "min_n": 4,
                        "window": "7d",
                    }
                ],
            },
        ),
    ]
)


def _call(n: int, minutes: int, days_ago: float) -> Call:
    opened = AT - timedelta(days=days_ago)
    return Call(
        id=f"C{n}",
        kind=CallKind.INCIDENT,
        service="laptop",
        events=(
            CallEvent(EventType.OPENED, opened),
            CallEvent(EventType.RESOLVED, opened + timedelta(minutes=minutes)),
        ),
    )


def _answer(n: int, value: int, call: Call) -> Feedback:
    assert call.resolved_at is not None
    return Feedback(
        id=f"F{n}",
        about=Subject(SubjectKind.CALL, call.id),
        scale=ZERO_TO_TEN,
        value=value,
        answered_at=call.resolved_at + timedelta(minutes=5),
    )


def _data(minutes: Sequence[int], values: Sequence[int]) -> tuple[list[Call], list[Feedback]]:
    """This week one call per minutes-to-resolve, answered with ``values`` in turn; the week
    before 2 calls answered 10."""
    calls = [_call(i, m, 1 + 5 * i / len(minutes)) for i, m in enumerate(minutes)]
    old = [_call(len(minutes) + i, 30, 8 + i) for i in range(2)]
    answers = [_answer(i, values[i % len(values)], c) for i, c in enumerate(calls)]
    answers += [_answer(len(minutes) + i, 10, c) for i, c in enumerate(old)]
    return calls + old, answers


ANSWERS = (10, 9, 8, 3, 2)
"""2 promoters, 1 passive, 2 detractors: happiness 0."""
FIVE = (30, 40, 50, 59, 300)
"""5 calls, 4 resolved within the hour: 80 %."""
HUNDRED = (30,) * 95 + (300,) * 5
"""100 calls, 95 resolved within the hour: 95 %."""


def _wilson(k: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half) / (1 + z * z / n), 100 * (centre + half) / (1 + z * z / n)


def _adjusted_wald(promoters: int, detractors: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p, d = (promoters + 0.75) / (n + 3), (detractors + 0.75) / (n + 3)
    se = math.sqrt((p + d - (p - d) ** 2) / (n + 3))
    return 100 * (p - d - z * se), 100 * (p - d + z * se)


def test_hand_computed_objectives_and_watermelon() -> None:
    calls, answers = _data(HUNDRED, ANSWERS)
    report = evaluate(parse_documents(DOCUMENTS, fmt="json"), calls, answers, at=AT)
    sla, xla = report.agreements
    [fast] = sla.objectives
    # 95 of 100: Wilson [88.8, 97.8], all of it above the target 80 → met
    low, high = _wilson(95, 100)
    assert (fast.ci_low, fast.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert low > 80
    assert (fast.n, fast.value, fast.status) == (100, 95.0, Status.MET)
    assert fast.budget_remaining == pytest.approx(0.75)  # (95 - 80) / (100 - 80)
    assert fast.impact == pytest.approx(1500.0)  # 100 × (95 - 80)
    [happy] = xla.objectives
    # 40 promoters, 40 detractors of 100: (40 - 40) / 100 = 0, adjusted Wald [-17.2, 17.2],
    # all of it below the target 50 → breached; impact 100 × (0 - 50)
    low, high = _adjusted_wald(40, 40, 100)
    assert (happy.ci_low, happy.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert high < 50
    assert (happy.n, happy.value, happy.status) == (100, 0.0, Status.BREACHED)
    assert happy.impact == pytest.approx(-5000.0)
    assert happy.budget_remaining == pytest.approx(-1.0)  # (0 - 50) / (100 - 50)
    assert happy.previous is None  # 2 answers the week before: below min n 4
    [finding] = report.findings
    assert finding.kind == "watermelon"
    assert dict(finding.scope) == {"service": "laptop"}
    assert [r.status for r in finding.evidence] == [Status.MET, Status.BREACHED]
    [bundle] = xla.bundles
    assert bundle.status is Status.BREACHED
    assert [c.status for c in bundle.components] == [Status.BREACHED, Status.MET]
    assert bundle.value == pytest.approx(0.5)


def test_five_answers_are_inconclusive_and_no_watermelon() -> None:
    calls, answers = _data(FIVE, ANSWERS)
    report = evaluate(parse_documents(DOCUMENTS, fmt="json"), calls, answers, at=AT)
    sla, xla = report.agreements
    [fast] = sla.objectives
    # 4 of 5 is exactly on target 80, Wilson [37.6, 96.4] reaches both sides → at risk;
    # the budget is spent exactly
    assert (fast.ci_low, fast.ci_high) == tuple(pytest.approx(e) for e in _wilson(4, 5))
    assert (fast.n, fast.value, fast.status) == (5, 80.0, Status.AT_RISK)
    assert fast.budget_remaining == pytest.approx(0.0)
    assert fast.impact == 0.0
    [happy] = xla.objectives
    # happiness 0 from 5 answers, adjusted Wald [-57.5, 57.5]: the target 50 lies inside, so
    # the point value 0 far below the target is not a breach
    low, high = _adjusted_wald(2, 2, 5)
    assert (happy.ci_low, happy.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert low < 50 < high
    assert (happy.n, happy.value, happy.status) == (5, 0.0, Status.AT_RISK)
    assert report.findings == ()
    [bundle] = xla.bundles
    assert (bundle.status, bundle.value) == (Status.AT_RISK, pytest.approx(0.5))


def test_insufficient_data_has_no_numbers_and_default_time_is_the_latest_event() -> None:
    calls, answers = _data(FIVE, ANSWERS)
    report = evaluate(parse_documents(DOCUMENTS, fmt="json"), calls[:1], answers[:1])
    assert report.evaluated_at == answers[0].answered_at
    happy = report.agreements[1].objectives[0]
    assert happy.status is Status.INSUFFICIENT_DATA
    assert happy.n == 1
    assert (happy.value, happy.impact, happy.budget_remaining) == (None, None, None)
    assert report.findings == ()


def test_no_answer_at_all_is_no_data_and_the_bundle_waits_for_it() -> None:
    calls, _ = _data(HUNDRED, ANSWERS)
    report = evaluate(parse_documents(DOCUMENTS, fmt="json"), calls, (), at=AT)
    sla, xla = report.agreements
    assert sla.objectives[0].status is Status.MET
    [happy] = xla.objectives
    assert (happy.status, happy.n, happy.value, happy.impact) == (Status.NO_DATA, 0, None, None)
    # met and no data: the bundle is not met, and there is no watermelon without the XLA side
    [bundle] = xla.bundles
    assert [c.status for c in bundle.components] == [Status.NO_DATA, Status.MET]
    assert (bundle.status, bundle.value) == (Status.NO_DATA, pytest.approx(1.0))
    assert report.findings == ()
