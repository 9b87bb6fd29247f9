"""The whole report on the demo data: serialisable, rendered, and printed by the CLI."""

from __future__ import annotations

import json

import pytest

from xlacore.cli import main
from xlacore.demo import generate
from xlacore.insights import InsightData, insights_report, render_text
from xlacore.serialization import json_dumps, to_dict

from .factories import make_answer


@pytest.fixture(scope="module")
def demo_data() -> InsightData:
    demo = generate()
    return InsightData.from_objects(demo.calls, demo.feedback)


def test_demo_report_shows_the_planted_effects(demo_data: InsightData) -> None:
    report = insights_report(demo_data)
    reassignments = report.lifecycle.effects[0]
    slope = reassignments.happiness_slope
    assert slope.ci_high is not None
    assert slope.ci_high < 0  # happiness falls with every reassignment
    laptop = next(r for r in report.first_resolution.per_service if r.service == "laptop")
    assert laptop.first_contact.value < report.first_resolution.overall.first_contact.value  # type: ignore[operator]
    assert report.self_service is None
    json_dumps(to_dict(report))  # plain, finite data only


def test_render_text_has_every_section(demo_data: InsightData) -> None:
    text = render_text(insights_report(demo_data))
    for title in (
        "Lifecycle effects",
        "First-contact",
        "Lost-time concentration",
        "Channel consistency",
        "Journeys",
        "Reason factors",
        "Knowledge effect",
        "Proactive detection",
        "Self-service",
        "Survey health",
    ):
        assert title in text
    assert "too small to judge" in text


def test_cli_demo_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["insights", "--demo"]) == 0
    assert "Lifecycle effects" in capsys.readouterr().out
    assert main(["insights", "--demo", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lifecycle"]["effects"][0]["dimension"] == "reassignment_count"


def test_cli_rejects_a_bad_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["insights", "--calls", "no-colon"]) == 2
    assert "CONNECTOR:PATH" in capsys.readouterr().err
    assert main(["insights", "--calls", "nosuch:x.csv"]) == 2


@pytest.mark.parametrize("kind", ["call", "journey"])
def test_answers_about_calls_that_were_not_read_are_reported_without_them(kind: str) -> None:
    answers = [make_answer(f"F{i}", "C1", 9, kind=kind) for i in range(6)]
    report = insights_report(InsightData.from_objects([], answers))
    assert "Journeys" in render_text(report)
