"""Renderers: byte-identical JSON that validates against its schema; a table within 80 columns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from xlacore.cli import main
from xlacore.demo import DEMO_NOW, generate
from xlacore.demo.agreements import example_agreements
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.figures import evidence_text, scope_label, target_text
from xlacore.evaluation.render_context import RenderContext
from xlacore.evaluation.report import ObjectiveResult, Report, Unit
from xlacore.insights.report_context import build_context
from xlacore.render.json import render_json
from xlacore.render.report_schema import report_schema
from xlacore.render.table import STATUS_LABELS, render_table
from xlacore.schemas import validate
from xlacore.testing.strategies import reports


@pytest.fixture(scope="module")
def demo_json() -> str:
    data = generate()
    return render_json(evaluate(example_agreements(), data.calls, data.feedback, at=DEMO_NOW))


def test_json_is_deterministic_and_valid(demo_json: str) -> None:
    data = generate()
    again = render_json(evaluate(example_agreements(), data.calls, data.feedback, at=DEMO_NOW))
    assert again == demo_json
    report = json.loads(demo_json)
    validate(report, "report")
    for agreement in report["agreements"]:
        for result in agreement["objectives"]:
            if result["status"] == "insufficient_data":
                assert result["value"] is None
                assert result["impact"] is None
    # the demo's watermelon: laptop's SLA is met by its whole interval while its XLA is
    # breached, overall and for business; engineering's fewer laptop calls leave its SLA at risk,
    # and printing's SLA is at risk everywhere: no watermelon where the SLA side is not met
    assert [(f["kind"], f["scope"]) for f in report["findings"]] == [
        ("watermelon", {"segment": "business", "service": "laptop"}),
        ("watermelon", {"service": "laptop"}),
    ]
    for finding in report["findings"]:
        sla = [e for e in finding["evidence"] if e["kind"] == "SLA"]
        assert sla
        assert all(e["status"] == "met" and e["ci_low"] >= e["target"] for e in sla)
        assert any(
            e["status"] == "breached" and e["ci_high"] < e["target"] for e in finding["evidence"]
        )
    # the case: happiness 37.5 [-15.2, 69.7] from 8 answers against 60 is at risk
    [small] = [
        r
        for a in report["agreements"]
        for r in a["objectives"]
        if r["objective"] == "happiness"
        and r["scope"] == {"segment": "engineering", "service": "printing"}
    ]
    assert (small["value"], small["n"], small["status"]) == (37.5, 8, "at_risk")
    assert small["ci_low"] < small["target"] < small["ci_high"]


def test_table_fits_80_columns() -> None:
    data = generate()
    text = render_table(evaluate(example_agreements(), data.calls, data.feedback, at=DEMO_NOW))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "watermelon at laptop" in text


_TARGET = slice(57, 70)
"""Where the target column of a result row lies (after scope, objective and figure)."""


def _results_in_rows(report: Report) -> list[ObjectiveResult]:
    return [r for a in report.agreements if a.effective for r in a.objectives]


@given(reports())
def test_every_target_that_fits_its_column_stays_on_one_line(report: Report) -> None:
    # "≤ 48 h 00 min" is 13 characters: the target column holds it whole, sign and figure.
    # No name breaks a row, whatever it holds (a newline, a record separator).
    text = render_table(report)
    lines = text.split("\n")
    assert text.splitlines() == lines[:-1]
    assert max((len(line) for line in lines), default=0) <= 80
    shown = {line[_TARGET].strip() for line in lines}
    for result in _results_in_rows(report):
        target = target_text(result.comparison, result.target, result.unit)
        if len(target) <= _TARGET.stop - _TARGET.start:
            assert target in shown, target


def test_duration_targets_of_any_length_read_whole_in_the_table() -> None:
    data = generate()
    report = evaluate(example_agreements(), data.calls, data.feedback, at=DEMO_NOW)
    (xla,) = [a for a in report.agreements if a.name == "workplace-xla"]
    targets = (7200.0, 172_800.0, 359_940.0, 360_000.0)  # 2 h, 48 h, 99 h 59 min, 100 h
    lost = [r for r in xla.objectives if r.unit is Unit.SECONDS][: len(targets)]
    moved = [attrs.evolve(r, target=t) for r, t in zip(lost, targets, strict=True)]
    changed = attrs.evolve(xla, objectives=tuple(moved))
    lines = render_table(attrs.evolve(report, agreements=(changed,))).splitlines()
    cells = [line[_TARGET].rstrip() for line in lines]
    for expected in ("≤ 2 h 00 min", "≤ 48 h 00 min", "≤ 99 h 59 min", "≤ 100 h"):
        assert expected in cells, expected
    assert "≤" not in cells  # never the sign alone, its figure on the next line


_CELLS = (slice(2, 18), slice(19, 31), slice(32, 56), _TARGET, slice(71, 80))
"""The columns of a result row: scope, objective, figure, target, status."""


def _joined(parts: list[str]) -> str:
    """A wrapped cell read back: its lines joined by a space, or directly after a hyphen or
    a slash inside a word (``Printing/`` ``engineering-``)."""
    text = ""
    for part in filter(None, parts):
        inside = re.search(r"[^\s/-][-/]$", text)
        text += part if not text or inside else " " + part
    return text


def table_rows(text: str) -> list[tuple[str, ...]]:
    """Every result row of a table report, each cell read back whole from its lines."""
    rows: list[list[list[str]]] = []
    inside = False
    for line in text.split("\n"):
        if line.startswith("  scope "):
            inside = True
        elif not line.startswith("  ") or line.startswith("  bundle"):
            inside = False
        elif inside:
            cells = [line[c].strip() for c in _CELLS]
            if cells[4] in STATUS_LABELS.values():  # a row's first line carries its status
                rows.append([[] for _ in _CELLS])
            for parts, cell in zip(rows[-1], cells, strict=True):
                parts.append(cell)
    return [tuple(_joined(parts) for parts in row) for row in rows]


_LONG = {
    "laptop": "Laptops, docking stations and monitors of the head office",
    "printing": "Printing/engineering-workstations",
}


@pytest.mark.parametrize("columns", ["80", "120"])
@pytest.mark.parametrize("names", [{}, _LONG], ids=["ids", "long names"])
def test_every_scope_and_figure_reads_whole_at_any_terminal_width(
    columns: str, names: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)  # the table is laid out for 80, whatever the terminal
    data = generate()
    report = evaluate(example_agreements(), data.calls, data.feedback, at=DEMO_NOW)
    text = render_table(report, RenderContext(names=names))
    assert max(len(line) for line in text.splitlines()) <= 80
    results = _results_in_rows(report)
    expected = [
        (
            scope_label(r.scope, names),
            r.objective,
            evidence_text(r.value, r.ci_low, r.ci_high, r.n, r.unit),
            target_text(r.comparison, r.target, r.unit),
            STATUS_LABELS[r.status] + ("" if r.trend is None else " " + r.trend.value),
        )
        for r in results
    ]
    assert table_rows(text) == expected
    assert "~" not in text


@pytest.fixture(scope="module")
def demo_cli_json() -> str:
    """What the command line prints: the report with the catalogue names and the insights."""
    data = generate()
    agreements = example_agreements()
    report = evaluate(agreements, data.calls, data.feedback, at=DEMO_NOW)
    names = {s.id: s.name for s in data.catalog.services}
    context = build_context(
        agreements, data.calls, data.feedback, report, title="xlacore demo", names=names, steps=1
    )
    return render_json(report, context)


def test_cli_demo_json_matches_and_schema(
    demo_cli_json: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--no-html", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out == demo_cli_json
    document = json.loads(out)
    validate(document, "report")
    assert [s["key"] for s in document["insights"]] == [
        *("lifecycle", "first_resolution", "lost_time", "channels", "journeys", "factors"),
        *("knowledge", "proactive", "self_service", "survey_health"),
    ]
    assert main(["schema", "report"]) == 0
    assert json.loads(capsys.readouterr().out) == report_schema()
    assert main(["schema", "agreement"]) == 0
    assert "documents" in capsys.readouterr().out


def test_cli_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "agreements" / "workplace.toml"
    assert main(["validate", str(example)]) == 0
    broken = tmp_path / "broken.toml"
    broken.write_text(example.read_text().replace('op = "lte"', 'op = "lessthan"', 1))
    assert main(["validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"broken\.toml:\d+: \$\.documents\[7\]\.spec\.objectives\[1\]\.op: ", err)


def test_write_data_round_trip(
    demo_cli_json: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "agreements" / "workplace.toml"
    assert main(["demo", "--write-data", str(tmp_path)]) == 0
    capsys.readouterr()
    args = [
        "evaluate",
        str(example),
        "--calls",
        f"jsonl:{tmp_path / 'calls.jsonl'}",
        "--feedback",
        f"jsonl:{tmp_path / 'feedback.jsonl'}",
        "--at",
        DEMO_NOW.isoformat(),
        "--format",
        "json",
    ]
    assert main(args) == 0
    read = json.loads(capsys.readouterr().out)
    shown = json.loads(demo_cli_json)
    for key in ("agreements", "findings"):
        assert read[key] == shown[key]
    assert read["service_names"] == {}  # no catalogue given: ids stay ids
