"""Statuses are judged on the interval: laws of the rule, and the same status in every renderer."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.evaluation.judgement import gap, status
from xlacore.evaluation.report import AgreementResult, ObjectiveResult, Report, Status
from xlacore.model.agreements import AgreementKind
from xlacore.model.objectives import Comparison
from xlacore.render.csv import render_csv
from xlacore.render.html import render_html
from xlacore.render.json import render_json
from xlacore.render.table import STATUS_LABELS, render_table
from xlacore.testing import strategies as xst

_FIGURES = st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)
_RANK = {Status.BREACHED: 0, Status.AT_RISK: 1, Status.MET: 2}


@st.composite
def _scores(draw: st.DrawFn) -> tuple[float, float | None, float | None]:
    """A value and its interval (which need not contain it), or a value without one."""
    value = draw(_FIGURES)
    if draw(st.booleans()):
        return value, None, None
    low, high = sorted((draw(_FIGURES), draw(_FIGURES)))
    return value, low, high


def _hull(score: tuple[float, float | None, float | None]) -> list[float]:
    return [e for e in score if e is not None]


@given(_scores(), _FIGURES, _FIGURES, st.sampled_from(Comparison), st.floats(0, 100))
def test_status_is_monotone_in_the_target(
    score: tuple[float, float | None, float | None],
    first: float,
    second: float,
    op: Comparison,
    margin: float,
) -> None:
    lower, higher = sorted((first, second))
    at_lower = _RANK[status(*score, lower, op, margin=margin)]
    at_higher = _RANK[status(*score, higher, op, margin=margin)]
    # a higher target is harder to meet when higher is better, easier otherwise
    assert at_lower >= at_higher if op.higher_is_better else at_lower <= at_higher


@given(
    _scores(),
    _FIGURES,
    st.sampled_from(Comparison),
    st.floats(0, 100),
    st.floats(0, 1),
)
def test_met_clears_and_breached_misses_with_the_whole_interval(
    score: tuple[float, float | None, float | None],
    target: float,
    op: Comparison,
    margin: float,
    where: float,
) -> None:
    ends = _hull(score)
    low, high = min(ends), max(ends)
    inside = min(max(low + where * (high - low), low), high)
    found = status(*score, target, op, margin=margin)
    for point in [*ends, inside]:
        if found is Status.MET:
            assert op.holds(point, target)
            assert gap(point, target, op) >= margin
        elif found is Status.BREACHED:
            assert not op.holds(point, target)
    if found is Status.AT_RISK:  # inconclusive: some end misses, or keeps no margin
        assert any(not op.holds(e, target) or gap(e, target, op) < margin for e in ends)
        assert any(op.holds(e, target) for e in ends)


@pytest.mark.parametrize(
    ("score", "target", "op", "margin", "expected"),
    [
        ((37.5, -15.2, 69.7), 60, Comparison.GTE, 5, Status.AT_RISK),  # the case, n = 8
        ((37.5, -15.2, 69.7), 70, Comparison.GTE, 0, Status.BREACHED),
        ((98.4, 95.3, 99.4), 90, Comparison.GTE, 2, Status.MET),
        ((98.4, 95.3, 99.4), 95, Comparison.GTE, 2, Status.AT_RISK),  # clears by 0.3 < 2
        ((6305, 5195, 7415), 7200, Comparison.LTE, 900, Status.AT_RISK),
        ((2154, -693, 5001), 7200, Comparison.LTE, 900, Status.MET),
        ((-100.0, -95.0, -40.0), -90, Comparison.GT, 0, Status.AT_RISK),  # value outside
        ((80.0, None, None), 80, Comparison.GTE, 0, Status.MET),  # no interval: the value
        ((80.0, None, None), 80, Comparison.GT, 0, Status.BREACHED),
        ((50.0, 40.0, 60.0), 60, Comparison.LT, 0, Status.AT_RISK),
        ((50.0, 40.0, 60.0), 40, Comparison.LT, 0, Status.BREACHED),
    ],
)
def test_hand_cases(
    score: tuple[float, float | None, float | None],
    target: float,
    op: Comparison,
    margin: float,
    expected: Status,
) -> None:
    assert status(*score, target, op, margin=margin) is expected


_TABLE_STATUS = re.compile(
    "(" + "|".join(map(re.escape, STATUS_LABELS.values())) + r") *(improving|steady|worsening)?$"
)


@st.composite
def _reports(draw: st.DrawFn) -> Report:
    """One agreement's results, with plain names so the table's rows can be read back."""
    results = draw(st.lists(xst.objective_results(), min_size=1, max_size=8))
    plain = tuple(
        attrs.evolve(
            r,
            agreement="desk",
            kind=AgreementKind.XLA,
            objective=f"o{i}",
            scope=(("service", f"s{i}"),),
        )
        for i, r in enumerate(results)
    )
    agreement = AgreementResult(
        name="desk", kind=AgreementKind.XLA, effective=True, objectives=plain
    )
    return Report(
        evaluated_at=datetime(2026, 6, 30, tzinfo=UTC), agreements=(agreement,), findings=()
    )


def _table_statuses(report: Report) -> list[str]:
    labels = {label: s.value for s, label in STATUS_LABELS.items()}
    lines = render_table(report).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  scope ")) + 1
    rows = lines[start : lines.index("", start)]
    found = [_TABLE_STATUS.search(row) for row in rows]
    return [labels[m.group(1)] for m in found if m is not None]


def _html_statuses(report: Report) -> list[str]:
    results = render_html(report).split("<h2>Every result</h2>", 1)[1]
    return re.findall(r'data-status="(\w+)"', results)


@given(_reports())
def test_every_renderer_shows_the_same_status(report: Report) -> None:
    expected = [r.status.value for r in report.agreements[0].objectives]
    shown = json.loads(render_json(report))["agreements"][0]["objectives"]
    assert [r["status"] for r in shown] == expected
    assert _table_statuses(report) == expected
    assert _html_statuses(report) == expected
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert [r["status"] for r in rows] == expected


def test_no_data_and_too_few_read_differently() -> None:
    base = ObjectiveResult(
        agreement="desk",
        kind=AgreementKind.XLA,
        objective="happy",
        indicator="happy",
        scope=(("service", "laptop"),),
        comparison=Comparison.GTE,
        target=30,
        status=Status.NO_DATA,
        n=0,
        method="adjusted-wald",
    )
    few = attrs.evolve(base, status=Status.INSUFFICIENT_DATA, n=3, scope=(("service", "vpn"),))
    agreement = AgreementResult(
        name="desk", kind=AgreementKind.XLA, effective=True, objectives=(base, few)
    )
    report = Report(
        evaluated_at=datetime(2026, 6, 30, tzinfo=UTC), agreements=(agreement,), findings=()
    )
    table = render_table(report)
    rows = {line.split()[0]: line.split(maxsplit=2)[2] for line in table.splitlines()[-4:-2]}
    assert rows["laptop"] == "no data                  ≥ 30.0        no data"
    assert rows["vpn"] == "too few (n=3)            ≥ 30.0        too few"
    html = render_html(report)
    assert '<span class="status no_data" data-status="no_data">' in html
    assert '<span class="status insufficient_data" data-status="insufficient_data">' in html
    assert ".insufficient_data,.no_data{" in html
