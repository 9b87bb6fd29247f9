"""The CSV renderer: one row per objective result; no text cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from hypothesis import given

from xlacore.demo import DEMO_NOW, generate
from xlacore.demo.agreements import example_agreements
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.figures import figure_text, target_text
from xlacore.evaluation.report import AgreementResult, ObjectiveResult, Report, Status, Unit
from xlacore.model.agreements import AgreementKind
from xlacore.model.objectives import Comparison
from xlacore.render.csv import FORMULA_STARTS, SHOWN, neutralise, render_csv
from xlacore.render.json import objective_to_dict
from xlacore.testing.strategies import reports


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@given(reports())
def test_one_row_per_result_and_no_text_cell_starts_a_formula(report: Report) -> None:
    rows = _rows(render_csv(report))
    results = [r for a in report.agreements for r in a.objectives]
    assert len(rows) == len(results)
    for row, result in zip(rows, results, strict=True):
        assert row["agreement"] == neutralise(result.agreement)
        assert row["status"] == result.status.value
        for key, value in result.scope:
            assert row[f"scope.{key}"] == neutralise(value)
        shown = [row[k] for k in SHOWN]
        assert shown[2] == neutralise(target_text(result.comparison, result.target, result.unit))
        if result.value is not None:
            assert shown[0] == neutralise(figure_text(result.value, result.unit))
        for name, cell in row.items():
            number = objective_to_dict(result).get(name)
            if isinstance(number, float):
                assert float(cell) == number  # numbers are written as they are, sign and all
            elif not isinstance(number, int):
                assert not cell.startswith(FORMULA_STARTS), (name, cell)


def test_a_hostile_service_name_is_shown_as_text() -> None:
    result = ObjectiveResult(
        agreement="@SUM(1+1)",
        kind=AgreementKind.XLA,
        objective="happiness",
        indicator="happiness",
        scope=(("service", '=HYPERLINK("http://x")'), ("segment", "\t-2")),
        comparison=Comparison.GTE,
        target=60.0,
        status=Status.BREACHED,
        n=40,
        method="adjusted-wald",
        value=-64.5,
        ci_low=-75.0,
        ci_high=-48.25,
    )
    report = Report(
        evaluated_at=datetime(2026, 6, 30, tzinfo=UTC),
        agreements=(
            AgreementResult(
                name="@SUM(1+1)", kind=AgreementKind.XLA, effective=True, objectives=(result,)
            ),
        ),
        findings=(),
    )
    text = render_csv(report)
    (row,) = _rows(text)
    assert row["agreement"] == "'@SUM(1+1)"
    assert row["scope.service"] == '\'=HYPERLINK("http://x")'
    assert row["scope.segment"] == "'\t-2"
    assert row["value"] == "-64.5"
    assert row["previous"] == ""
    assert text.endswith("\r\n")
    assert list(row)[:7] == [
        "evaluated_at",
        "agreement",
        "kind",
        "objective",
        "indicator",
        "scope.segment",
        "scope.service",
    ]


def test_durations_and_their_targets_read_in_hours_and_minutes_beside_the_seconds() -> None:
    data = generate()
    report = evaluate(example_agreements(), data.calls, data.feedback, at=DEMO_NOW)
    text = render_csv(report)
    header = next(csv.reader(io.StringIO(text, newline="")))
    assert header[-len(SHOWN) :] == list(SHOWN)
    rows = _rows(text)
    results = [r for a in report.agreements for r in a.objectives]
    lost = [(row, r) for row, r in zip(rows, results, strict=True) if r.objective == "lost-time"]
    assert lost
    for row, result in lost:
        assert result.unit is Unit.SECONDS
        assert float(row["target"]) == 7200.0  # the number stays a number, in seconds
        assert row["target_text"] == "≤ 2 h 00 min"
        assert re.fullmatch(r"(\d+ h )?\d+ min", row["value_text"]), row["value_text"]
        low, high = row["interval_text"].strip("[]").split(", ")
        assert re.fullmatch(r"(\d+ h )?\d+ (min|s)", low), low
        assert re.fullmatch(r"(\d+ h )?\d+ min", high), high
    laptop = next(row for row, r in lost if r.scope == (("service", "laptop"),))
    assert (laptop["value_text"], laptop["interval_text"]) == (
        "1 h 45 min",
        "[1 h 27 min, 2 h 04 min]",
    )
