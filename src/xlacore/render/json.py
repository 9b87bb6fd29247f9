"""The ``json`` renderer: the report as the JSON contract described by ``xlacore schema report``.

Deterministic: fields in a fixed order, scopes sorted, floats rounded to :data:`DECIMALS`
places, two-space indentation and a final newline, so the same input gives the same bytes.
The executive summary (:mod:`xlacore.evaluation.summary`) is always included; with a
:class:`~xlacore.evaluation.render_context.RenderContext` as options the catalogue's service
names and every insight section are too.
"""

from __future__ import annotations

import json
from typing import Any

from xlacore.evaluation.answers import AnswerAccount
from xlacore.evaluation.render_context import Cell, Estimate, InsightSection, RenderContext
from xlacore.evaluation.report import (
    AgreementResult,
    BundleResult,
    Finding,
    ObjectiveResult,
    Report,
    Scope,
)
from xlacore.evaluation.summary import Sentence, executive_summary

__all__ = [
    "FORMAT_VERSION",
    "DECIMALS",
    "MEDIA_TYPE",
    "estimate_to_dict",
    "report_to_dict",
    "render_json",
]

FORMAT_VERSION = "1"
"""The version of the JSON report contract; it changes only when a field changes meaning."""
DECIMALS = 4
"""Places every float is rounded to."""
MEDIA_TYPE = "application/json"


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def _scope(scope: Scope) -> dict[str, str]:
    return dict(scope)


def objective_to_dict(result: ObjectiveResult) -> dict[str, Any]:
    """One objective result as plain data."""
    return {
        "agreement": result.agreement,
        "kind": result.kind.value,
        "objective": result.objective,
        "indicator": result.indicator,
        "scope": _scope(result.scope),
        "comparison": result.comparison.value,
        "target": _number(result.target),
        "status": result.status.value,
        "n": result.n,
        "method": result.method,
        "unit": None if result.unit is None else result.unit.value,
        "value": _number(result.value),
        "ci_low": _number(result.ci_low),
        "ci_high": _number(result.ci_high),
        "previous": _number(result.previous),
        "trend": None if result.trend is None else result.trend.value,
        "baseline": _number(result.baseline),
        "impact": _number(result.impact),
        "budget_remaining": _number(result.budget_remaining),
        "burn_rate_short": _number(result.burn_rate_short),
        "burn_rate_long": _number(result.burn_rate_long),
    }


def _bundle(result: BundleResult) -> dict[str, Any]:
    return {
        "scope": _scope(result.scope),
        "rule": result.rule.value,
        "status": result.status.value,
        "value": _number(result.value),
        "components": [
            {
                "agreement": c.agreement,
                "objective": c.objective,
                "kind": c.kind.value,
                "status": c.status.value,
                "weight": _number(c.weight),
                "attainment": _number(c.attainment),
            }
            for c in result.components
        ],
    }


def _agreement(result: AgreementResult) -> dict[str, Any]:
    return {
        "name": result.name,
        "kind": result.kind.value,
        "effective": result.effective,
        "objectives": [objective_to_dict(r) for r in result.objectives],
        "bundles": [_bundle(b) for b in result.bundles],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "scope": _scope(finding.scope),
        "message": finding.message,
        "evidence": [objective_to_dict(r) for r in finding.evidence],
    }


def _sentence(sentence: Sentence) -> dict[str, Any]:
    return {
        "kind": sentence.kind,
        "text": sentence.text,
        "evidence": [objective_to_dict(r) for r in sentence.evidence],
    }


def estimate_to_dict(estimate: Estimate) -> dict[str, Any]:
    """A figure with its interval, n and unit as plain data."""
    return {
        "label": estimate.label,
        "value": _number(estimate.value),
        "ci_low": _number(estimate.ci_low),
        "ci_high": _number(estimate.ci_high),
        "n": estimate.n,
        "unit": None if estimate.unit is None else estimate.unit.value,
    }


def _cell(cell: Cell) -> Any:
    return estimate_to_dict(cell) if isinstance(cell, Estimate) else cell


def _insight(section: InsightSection) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "lead": section.lead,
        "tables": [
            {
                "caption": t.caption,
                "headers": list(t.headers),
                "rows": [[_cell(c) for c in row] for row in t.rows],
            }
            for t in section.tables
        ],
    }


def report_to_dict(report: Report, context: RenderContext | None = None) -> dict[str, Any]:
    """The report as plain data in the shape of the JSON contract.

    ``context`` adds the catalogue's service names (used in the summary) and the insights.
    """
    names = dict(context.names) if context is not None else {}
    return {
        "format_version": FORMAT_VERSION,
        "evaluated_at": report.evaluated_at.isoformat(),
        "service_names": dict(sorted(names.items())),
        "summary": [_sentence(s) for s in executive_summary(report, names).sentences],
        "agreements": [_agreement(a) for a in report.agreements],
        "findings": [_finding(f) for f in report.findings],
        "insights": [] if context is None else [_insight(s) for s in context.insights],
        "answers": None if report.answers is None else _answers(report.answers),
    }


def _answers(account: AnswerAccount) -> dict[str, int]:
    return {
        "read": account.read,
        "counted": account.counted,
        "superseded": account.superseded,
        "without_call": account.without_call,
    }


def render_json(report: Report, options: Any = None) -> str:
    """The JSON text of the report; ``options`` may be a :class:`RenderContext`."""
    context = options if isinstance(options, RenderContext) else None
    data = report_to_dict(report, context)
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
