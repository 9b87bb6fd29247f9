"""The JSON Schema of the ``json`` renderer's output (``xlacore schema report``)."""

from __future__ import annotations

from typing import Any

from xlacore.evaluation.report import OBJECTIVE_UNITS, Status, Trend, Unit
from xlacore.evaluation.summary import KINDS
from xlacore.model.agreements import AgreementKind, CompositionRule
from xlacore.model.objectives import Comparison
from xlacore.render.json import FORMAT_VERSION

__all__ = ["report_schema"]

_NUMBER = {"type": ["number", "null"]}
_SCOPE = {"type": "object", "additionalProperties": {"type": "string"}}


def _enum(values: Any, nullable: bool = False) -> dict[str, Any]:
    options: list[Any] = [v.value for v in values]
    return {"enum": [*options, None] if nullable else options}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


_OBJECTIVE = _object(
    {
        "agreement": {"type": "string"},
        "kind": _enum(AgreementKind),
        "objective": {"type": "string"},
        "indicator": {"type": "string"},
        "scope": _SCOPE,
        "comparison": _enum(Comparison),
        "target": {"type": "number"},
        "status": _enum(Status),
        "n": {"type": "integer", "minimum": 0},
        "method": {"type": "string"},
        "unit": _enum(OBJECTIVE_UNITS, nullable=True),
        "value": _NUMBER,
        "ci_low": _NUMBER,
        "ci_high": _NUMBER,
        "previous": _NUMBER,
        "trend": _enum(Trend, nullable=True),
        "baseline": _NUMBER,
        "impact": _NUMBER,
        "budget_remaining": _NUMBER,
        "burn_rate_short": _NUMBER,
        "burn_rate_long": _NUMBER,
    }
)

_COUNT = {"type": "integer", "minimum": 0}
_ANSWERS = _object(
    {"read": _COUNT, "counted": _COUNT, "superseded": _COUNT, "without_call": _COUNT}
)

_COMPONENT = _object(
    {
        "agreement": {"type": "string"},
        "objective": {"type": "string"},
        "kind": _enum(AgreementKind),
        "status": _enum(Status),
        "weight": {"type": "number", "minimum": 0},
        "attainment": _NUMBER,
    }
)


_ESTIMATE = _object(
    {
        "label": {"type": "string"},
        "value": _NUMBER,
        "ci_low": _NUMBER,
        "ci_high": _NUMBER,
        "n": {"type": "integer", "minimum": 0},
        "unit": _enum(Unit, nullable=True),
    }
)

_INSIGHT = _object(
    {
        "key": {"type": "string"},
        "title": {"type": "string"},
        "lead": {"type": "string"},
        "tables": {
            "type": "array",
            "items": _object(
                {
                    "caption": {"type": "string"},
                    "headers": {"type": "array", "items": {"type": "string"}},
                    "rows": {
                        "type": "array",
                        "items": {
                            "type": "array",
                            "items": {
                                "anyOf": [
                                    {"type": "string"},
                                    {"type": "integer"},
                                    {"$ref": "#/$defs/estimate"},
                                ]
                            },
                        },
                    },
                }
            ),
        },
    }
)


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every ``json`` report validates against."""
    objective = {"$ref": "#/$defs/objective"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://xlacore.dev/schemas/report.json",
        "title": "xlacore report",
        **_object(
            {
                "format_version": {"const": FORMAT_VERSION},
                "evaluated_at": {"type": "string", "format": "date-time"},
                "service_names": _SCOPE,
                "summary": {
                    "type": "array",
                    "items": _object(
                        {
                            "kind": {"enum": list(KINDS)},
                            "text": {"type": "string"},
                            "evidence": {"type": "array", "items": objective},
                        }
                    ),
                },
                "agreements": {
                    "type": "array",
                    "items": _object(
                        {
                            "name": {"type": "string"},
                            "kind": _enum(AgreementKind),
                            "effective": {"type": "boolean"},
                            "objectives": {"type": "array", "items": objective},
                            "bundles": {
                                "type": "array",
                                "items": _object(
                                    {
                                        "scope": _SCOPE,
                                        "rule": _enum(CompositionRule),
                                        "status": _enum(Status),
                                        "value": _NUMBER,
                                        "components": {"type": "array", "items": _COMPONENT},
                                    }
                                ),
                            },
                        }
                    ),
                },
                "findings": {
                    "type": "array",
                    "items": _object(
                        {
                            "kind": {"type": "string"},
                            "scope": _SCOPE,
                            "message": {"type": "string"},
                            "evidence": {"type": "array", "items": objective},
                        }
                    ),
                },
                "insights": {"type": "array", "items": _INSIGHT},
                "answers": {**_ANSWERS, "type": ["object", "null"]},
            }
        ),
        "$defs": {"objective": _OBJECTIVE, "estimate": _ESTIMATE},
    }
