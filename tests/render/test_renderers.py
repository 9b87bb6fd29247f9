"""Renderers: byte-identical JSON that validates against its schema; a table within 80 columns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from xlacore.cli import main
from xlacore.demo import DEMO_NOW, generate
from xlacore.demo.agreements import example_agreements
from xlacore.evaluation.evaluate import evaluate
from xlacore.render.json import render_json
from xlacore.render.report_context import build_context
from xlacore.render.report_schema import report_schema
from xlacore.render.table import render_table
from xlacore.schemas import validate


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
