"""The published JSON Schemas, checked with jsonschema: valid schemas, and documents that match."""

from __future__ import annotations

import json
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from xlacore.errors import InvalidInputError, MissingExtraError, UnknownNameError
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.report import Report
from xlacore.render.json import render_json
from xlacore.schemas import SCHEMAS, validate
from xlacore.testing.strategies import reports

_EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "agreements" / "workplace.toml"


def _as_json(toml_text: str) -> Any:
    """TOML parsed and turned into what the same file would be in JSON (dates as ISO text)."""

    def iso(value: object) -> str:
        assert isinstance(value, date)
        return value.isoformat()

    return json.loads(json.dumps(tomllib.loads(toml_text), default=iso))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = SCHEMAS[name]()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_the_example_agreement_file_matches_its_schema() -> None:
    text = _EXAMPLE.read_text()
    load_documents(_EXAMPLE)  # the loader accepts it too
    validate(_as_json(text), "agreement")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            'op = "lte"',
            'op = "lessthan"',
            "$.documents[7].spec.objectives[1].op: 'lessthan' is not one of "
            "['gte', 'gt', 'lte', 'lt']",
        ),
        # no document kind fits: the closest one (an Indicator) names the wrong key
        (
            'apiVersion = "xlacore/v1"',
            'apiVersion = "xlacore/v0"',
            "$.documents[0].apiVersion: 'xlacore/v1' was expected",
        ),
        (
            'kind = "Indicator"',
            'kind = "Indicatr"',
            "$.documents[0].kind: 'Indicatr' is not one of ['Indicator']",
        ),
        (
            'timezone = "Europe/Amsterdam"',
            "timezone = 1",
            "$.documents[3].spec.timezone: 1 is not of type 'string'",
        ),
    ],
)
def test_a_broken_agreement_file_names_the_key(old: str, new: str, problem: str) -> None:
    text = _EXAMPLE.read_text()
    assert old in text
    with pytest.raises(InvalidInputError) as caught:
        validate(_as_json(text.replace(old, new, 1)), "agreement", source="broken.json")
    assert str(caught.value).startswith("invalid agreement document in broken.json: 1 problem")
    assert caught.value.problems == (problem,)


@settings(max_examples=40, deadline=None)
@given(reports())
def test_every_rendered_report_matches_the_report_schema(report: Report) -> None:
    validate(json.loads(render_json(report)), "report")


def _demo_like() -> dict[str, Any]:
    return {
        "format_version": "1",
        "evaluated_at": "2026-06-30T12:00:00+00:00",
        "service_names": {},
        "summary": [],
        "agreements": [],
        "findings": [],
        "insights": [],
        "answers": {"read": 3, "counted": 2, "superseded": 1, "without_call": 0},
    }


def test_report_violations_name_each_path() -> None:
    validate(_demo_like(), "report")
    bad = _demo_like()
    bad["evaluated_at"] = "30 June 2026"
    bad["service_names"] = {"email": 3}
    bad["colour"] = "green"
    del bad["findings"]
    with pytest.raises(InvalidInputError) as caught:
        validate(bad, "report")
    problems = caught.value.problems
    assert len(problems) == 4
    assert problems == tuple(sorted(problems))
    assert any(p.startswith("$.evaluated_at: ") and "date-time" in p for p in problems)
    assert any(p.startswith("$.service_names.email: 3 is not of type 'string'") for p in problems)
    assert any(p.startswith("$: ") and "'colour'" in p for p in problems)
    assert any(p.startswith("$: 'findings' is a required property") for p in problems)


def test_unknown_schema_lists_the_known_ones() -> None:
    with pytest.raises(UnknownNameError, match=r"known: agreement, report"):
        validate({}, "reprot")


@pytest.mark.parametrize("module", ["jsonschema", "rfc3339_validator"])
def test_without_the_extra_validation_says_what_to_install(
    module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingExtraError, match=r"pip install 'xlacore\[schema\]'") as caught:
        validate(_demo_like(), "report")
    assert caught.value.missing == module
