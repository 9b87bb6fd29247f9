"""The ``table`` renderer: the report as plain text that reads well at 80 columns.

Per agreement one row per objective and scope (value, target, n, status, trend), then each
bundle with every component's status beside the combined figure, then the findings.
Statuses read ``met``, ``AT RISK``, ``BREACHED``, ``too few`` (insufficient data) and
``no data``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from xlacore.evaluation.report import AgreementResult, ObjectiveResult, Report, Scope, Status
from xlacore.model.objectives import Comparison

__all__ = ["MEDIA_TYPE", "STATUS_LABELS", "WIDTH", "render_table", "scope_label"]

MEDIA_TYPE = "text/plain"
WIDTH = 80

_OPS = {Comparison.GTE: ">=", Comparison.GT: ">", Comparison.LTE: "<=", Comparison.LT: "<"}
STATUS_LABELS = {
    Status.MET: "met",
    Status.AT_RISK: "AT RISK",
    Status.BREACHED: "BREACHED",
    Status.INSUFFICIENT_DATA: "too few",
    Status.NO_DATA: "no data",
}
"""Status labels: "too few" observations for a figure, or "no data" at all."""
_ROW = "  {:<19} {:<12} {:>8} {:>9} {:>5}  {:<8} {}"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "~"


def scope_label(scope: Scope) -> str:
    """A scope as people read it: the service first, then the other values, ``/`` between."""
    values = dict(scope)
    parts = [values.pop("service", "")] + [v for _, v in sorted(values.items())]
    return "/".join(p for p in parts if p) or "all"


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent="  ", subsequent_indent=indent, break_on_hyphens=False
    )


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.1f}"


def _row(result: ObjectiveResult) -> str:
    return _ROW.format(
        _fit(scope_label(result.scope), 19),
        _fit(result.objective, 12),
        _num(result.value),
        f"{_OPS[result.comparison]} {_num(result.target)}",
        result.n,
        STATUS_LABELS[result.status],
        "" if result.trend is None else result.trend.value,
    ).rstrip()


def _agreement(result: AgreementResult) -> list[str]:
    head = f"{result.name} ({result.kind.value})"
    if not result.effective:
        return [head, "  not in force at this time", ""]
    lines = [head, _ROW.format("scope", "objective", "value", "target", "n", "status", "trend")]
    lines += [_row(r) for r in result.objectives]
    if result.bundles:
        lines += ["", f"  bundle ({result.bundles[0].rule.value}; status is the worst part)"]
    for bundle in result.bundles:
        figure = "-" if bundle.value is None else f"{bundle.value:.2f}"
        parts = ", ".join(
            f"{c.objective if c.agreement == result.name else c.agreement + '.' + c.objective}"
            f" {STATUS_LABELS[c.status]}"
            for c in bundle.components
        )
        text = f"{scope_label(bundle.scope)}: {STATUS_LABELS[bundle.status]} {figure} [{parts}]"
        lines += _wrap(text, "      ")
    return [*lines, ""]


def render_table(report: Report, options: Mapping[str, Any] | None = None) -> str:
    """The report as text; ``options`` are accepted and unused."""
    lines = [f"xlacore report, evaluated at {report.evaluated_at.isoformat()}", ""]
    for agreement in report.agreements:
        lines += _agreement(agreement)
    lines.append("Findings" if report.findings else "Findings: none")
    for finding in report.findings:
        text = f"{finding.kind} at {scope_label(finding.scope)}: {finding.message}"
        lines += _wrap(text, "    ")
    return "\n".join(lines) + "\n"
