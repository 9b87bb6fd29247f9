"""The executive summary and the figures it is written with."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.demo import DEMO_NOW, generate
from xlacore.demo.agreements import example_agreements
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.figures import figure_text
from xlacore.evaluation.report import Report, Status, Trend, Unit
from xlacore.evaluation.summary import KINDS, executive_summary
from xlacore.model.durations import readable_duration
from xlacore.testing.strategies import reports

_SHAPE = re.compile(r"-?(\d+ s|\d+ min|\d{1,2} h \d\d min|\d{1,3}(,\d{3})* h)")


@given(st.floats(-1e8, 1e8))
def test_a_duration_reads_in_one_unit_and_back_to_its_seconds(seconds: float) -> None:
    text = readable_duration(seconds)
    assert _SHAPE.fullmatch(text), text
    number = text.lstrip("-")
    if number.endswith(" h"):
        back, slack = int(number[:-2].replace(",", "")) * 3600, 1800.0
        assert int(number[:-2].replace(",", "")) >= 100  # shorter ones keep their minutes
    elif " h " in number:
        hours, minutes = number.removesuffix(" min").split(" h ")
        back, slack = int(hours) * 3600 + int(minutes) * 60, 30.0
    elif number.endswith(" min"):
        back, slack = int(number[:-4]) * 60, 30.0
    else:
        back, slack = int(number[:-2]), 0.5
    assert abs(back - abs(seconds)) <= slack + 1e-6


def test_durations_as_the_issue_writes_them() -> None:
    assert [readable_duration(s) for s in (7500, 2700, 280_000, 86_400, 4e8, 40, None)] == [
        "2 h 05 min",
        "45 min",
        "77 h 47 min",
        "24 h 00 min",
        "111,111 h",
        "40 s",
        "-",
    ]


@given(reports())
def test_every_breached_result_is_evidence_and_every_sentence_is_backed(report: Report) -> None:
    summary = executive_summary(report)
    kinds = [s.kind for s in summary.sentences]
    assert kinds[0] == "breached"
    assert "watermelon" in kinds
    assert "impact" in kinds
    assert set(kinds) <= set(KINDS)
    assert kinds == sorted(kinds, key=KINDS.index)  # the reading order the docs give
    assert {"worsening", "improving", "steady"} & set(kinds)  # what changed is always said
    assert not ("steady" in kinds and {"worsening", "improving"} & set(kinds))
    effective = [r for a in report.agreements if a.effective for r in a.objectives]
    breached = [r for r in effective if r.status is Status.BREACHED]
    (first,) = [s for s in summary.sentences if s.kind == "breached"]
    assert list(first.evidence) == breached
    moved = {s.kind: s.evidence for s in summary.sentences if s.kind in ("worsening", "improving")}
    for trend in (Trend.WORSENING, Trend.IMPROVING):
        assert list(moved.get(trend.value, ())) == [r for r in effective if r.trend is trend]
    for sentence in summary.sentences:
        if sentence.kind == "impact" and sentence.evidence:
            (result,) = sentence.evidence
            assert result.impact is not None
            assert result.impact < 0
            rivals = [  # the same objective at single services: none has a bigger impact
                r.impact
                for r in effective
                if (r.agreement, r.objective) == (result.agreement, result.objective)
                and [k for k, _ in r.scope] == ["service"]
                and r.impact is not None
            ]
            assert result.impact == min(rivals)


def test_demo_summary_names_the_watermelon_and_the_biggest_impact() -> None:
    data = generate()
    report = evaluate(example_agreements(), data.calls, data.feedback, at=DEMO_NOW)
    names = {s.id: s.name for s in data.catalog.services}
    sentences = {s.kind: s for s in executive_summary(report, names).sentences}
    assert sentences["watermelon"].text == (
        "Watermelons (SLA met, experience breached) at Laptop, Laptop / business."
    )
    happiness = [
        r
        for a in report.agreements
        for r in a.objectives
        if r.objective == "happiness" and [k for k, _ in r.scope] == ["service"]
    ]
    worst = min(happiness, key=lambda r: r.impact or 0.0)
    impacts = [s for s in executive_summary(report, names).sentences if s.kind == "impact"]
    assert any(s.evidence == (worst,) for s in impacts)
    assert worst.impact == worst.n * (worst.value - worst.target)  # volume × gap


@given(st.floats(-0.0499, 0.0499), st.sampled_from([None, Unit.PERCENT, Unit.POINTS]))
def test_a_figure_that_rounds_to_zero_has_no_sign(value: float, unit: Unit | None) -> None:
    assert figure_text(value, unit).split(" ")[0] == "0.0"


@given(st.floats(-1e6, 1e6))
def test_shares_and_their_differences_read_with_their_own_sign(value: float) -> None:
    plain = figure_text(value)
    assert figure_text(value, Unit.PERCENT) == f"{plain} %"
    assert figure_text(value, Unit.POINTS) == f"{plain} pp"
    assert float(plain.replace(",", "")) == pytest.approx(value, abs=0.5)
