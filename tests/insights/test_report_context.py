"""The render context reads the records as they stood at the report's evaluation time."""

from __future__ import annotations

from datetime import timedelta

from xlacore.demo import DEMO_NOW, generate
from xlacore.demo.agreements import example_agreements
from xlacore.evaluation.evaluate import evaluate
from xlacore.insights import InsightData, Period, insights_report
from xlacore.insights.report_context import build_context
from xlacore.insights.sections import insight_sections


def test_insight_sections_follow_the_report_time() -> None:
    data = generate()
    agreements = example_agreements()
    earlier = DEMO_NOW - timedelta(days=30)
    report = evaluate(agreements, data.calls, data.feedback, at=earlier)
    context = build_context(agreements, data.calls, data.feedback, report, steps=1)

    period = Period.of(data.calls, data.feedback, at=earlier)
    selected = InsightData.from_objects(*period.select(data.calls, data.feedback))
    expected = insight_sections(insights_report(selected, period=period), {})
    everything = insight_sections(
        insights_report(InsightData.from_objects(data.calls, data.feedback)), {}
    )
    assert context.insights == expected
    assert context.insights != everything  # the later calls and answers are left out
