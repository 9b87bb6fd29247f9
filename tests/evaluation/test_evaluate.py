"""Evaluation against hand-computed expectations, and a constructed watermelon."""

from __future__ import annotations

import json
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


def _data() -> tuple[list[Call], list[Feedback]]:
    # this week: 5 calls, 4 resolved within the hour (80 %); answers 10, 9, 8, 3, 2
    calls = [_call(i, m, 1 + i) for i, m in enumerate((30, 40, 50, 59, 300))]
    values = (10, 9, 8, 3, 2)
    # the week before: 2 answers, both 10
    old = [_call(10 + i, 30, 8 + i) for i in range(2)]
    answers = [_answer(i, v, c) for i, (v, c) in enumerate(zip(values, calls, strict=True))]
    answers += [_answer(10 + i, 10, c) for i, c in enumerate(old)]
    return calls + old, answers


def test_hand_computed_objectives_and_watermelon() -> None:
    calls, answers = _data()
    report = evaluate(parse_documents(DOCUMENTS, fmt="json"), calls, answers, at=AT)
    sla, xla = report.agreements
    [fast] = sla.objectives
    assert (fast.n, fast.value, fast.status) == (5, 80.0, Status.MET)
    assert fast.budget_remaining == pytest.approx(0.0)  # exactly on target: budget spent
    assert fast.impact == 0.0
    [happy] = xla.objectives
    # 2 positive, 2 negative of 5: (2 - 2) / 5 = 0 → breached; impact 5 × (0 - 50)
    assert (happy.n, happy.value, happy.status) == (5, 0.0, Status.BREACHED)
    assert happy.impact == pytest.approx(-250.0)
    assert happy.budget_remaining == pytest.approx(-1.0)  # (0 - 50) / (100 - 50)
    assert happy.previous is None  # 2 answers the week before: below min n 4
    [finding] = report.findings
    assert finding.kind == "watermelon"
    assert dict(finding.scope) == {"service": "laptop"}
    [bundle] = xla.bundles
    assert bundle.status is Status.BREACHED
    assert [c.status for c in bundle.components] == [Status.BREACHED, Status.MET]
    assert bundle.value == pytest.approx(0.5)


def test_insufficient_data_has_no_numbers_and_default_time_is_the_latest_event() -> None:
    calls, answers = _data()
    report = evaluate(parse_documents(DOCUMENTS, fmt="json"), calls[:1], answers[:1])
    assert report.evaluated_at == answers[0].answered_at
    happy = report.agreements[1].objectives[0]
    assert happy.status is Status.INSUFFICIENT_DATA
    assert (happy.value, happy.impact, happy.budget_remaining) == (None, None, None)
    assert report.findings == ()
