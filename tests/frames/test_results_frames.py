"""Results out: Report.to_frame round-trips the figures; notebooks show readable tables."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from xlacore.connectors import ingest
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.errors import InvalidInputError, MissingExtraError
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.report import Report
from xlacore.frames.report import REPORT_COLUMNS
from xlacore.scoring.score import Score, ScoreStatus

TUTORIAL = Path(__file__).resolve().parents[2] / "examples" / "tutorial"


@pytest.fixture(scope="module")
def report() -> Report:
    calls = ingest(MAPPED, TUTORIAL / "tickets.csv", MappedOptions(str(TUTORIAL / "tickets.toml")))
    answers = ingest(MAPPED, TUTORIAL / "survey.csv", MappedOptions(str(TUTORIAL / "survey.toml")))
    return evaluate(load_documents(TUTORIAL / "agreement.toml"), calls.calls, answers.feedback)


def _rows(frame: object) -> list[dict[str, object]]:
    if isinstance(frame, pd.DataFrame):
        return [
            {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in r.items()}
            for r in frame.to_dict("records")
        ]
    if isinstance(frame, pl.DataFrame):
        return frame.to_dicts()
    assert isinstance(frame, pa.Table)
    return frame.to_pylist()


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_to_frame_round_trips_the_figures(report: Report, backend: str) -> None:
    frame = report.to_frame(backend)
    rows = _rows(frame)
    results = [r for a in report.agreements for r in a.objectives]
    assert len(rows) == len(results) == 9
    assert [c for c, _ in REPORT_COLUMNS] == list(rows[0])
    for row, result in zip(rows, results, strict=True):
        assert row["agreement"] == result.agreement
        assert row["objective"] == result.objective
        assert row["status"] == result.status.value
        assert row["value"] == result.value
        assert (row["low"], row["high"]) == (result.ci_low, result.ci_high)
        assert row["n"] == result.n
        assert row["target"] == result.target
        assert row["service"] == dict(result.scope)["service"]
        assert row["scope"] == f"service={dict(result.scope)['service']}"
        assert row["trend"] == (None if result.trend is None else result.trend.value)


def test_to_frame_keeps_no_data_as_null(report: Report) -> None:
    """A figure without a value is null (NaN in pandas), never 0."""
    frame = report.to_frame("polars")
    assert frame["burn_rate_short"].null_count() == len(frame)
    assert frame.schema["value"] == pl.Float64
    assert frame.schema["n"] == pl.Int64


def test_an_empty_report_has_the_columns() -> None:
    from datetime import UTC, datetime

    empty = Report(evaluated_at=datetime(2026, 1, 1, tzinfo=UTC), agreements=(), findings=())
    frame = empty.to_frame("pandas")
    assert list(frame.columns) == [c for c, _ in REPORT_COLUMNS]
    assert len(frame) == 0


def test_an_unknown_backend_is_named(report: Report) -> None:
    with pytest.raises(InvalidInputError, match="backend 'spark': choose one of pandas"):
        report.to_frame("spark")


def test_to_frame_without_narwhals_names_the_extra(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "narwhals.stable.v2", None)
    with pytest.raises(MissingExtraError, match=r"xlacore\[frames\]"):
        report.to_frame()


def test_the_report_shows_as_a_table_in_a_notebook(report: Report) -> None:
    html = report._repr_html_()
    assert html.startswith("<table><caption>xlacore report at 2026-")
    assert html.count("<tr><td>") == 9 + len(report.findings)
    assert report.findings
    assert f"<td>{report.findings[0].kind}</td>" in html
    assert "<td>service=Email</td>" in html
    assert "<td>breached</td>" in html


def test_a_score_shows_as_a_table_with_no_value_as_a_dash() -> None:
    ok = Score(("Email", "<b>"), 42.123456, 30.0, 50.0, 12, "adjusted-wald")
    html = ok._repr_html_()
    assert "<td>Email, &lt;b&gt;</td><td>42.12</td><td>30</td><td>50</td><td>12</td>" in html
    none = Score((), None, None, None, 2, "wilson", ScoreStatus.INSUFFICIENT_DATA)
    assert "<td>all</td><td>—</td><td>—</td><td>—</td><td>2</td>" in none._repr_html_()
    assert "<td>insufficient_data</td>" in none._repr_html_()
