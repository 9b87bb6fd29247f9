"""Findings: watermelons, where the provider's figures are green and the users' are red.

At every scope, SLA/OLA results and XLA results are compared: when every SLA-side result
with data is met (or at risk) and at least one XLA result is breached, that is a ``watermelon``
(green outside, red inside); the reverse, no XLA result breached while an SLA result is
breached, is a ``reverse_watermelon`` (users are served well despite the missed SLA).
"""

from __future__ import annotations

from collections.abc import Iterable

from xlacore.evaluation.report import Finding, ObjectiveResult, Scope, Status
from xlacore.model.agreements import AgreementKind

__all__ = ["watermelons"]

_JUDGED = (Status.MET, Status.AT_RISK, Status.BREACHED)


def _green_red(green: list[ObjectiveResult], red: list[ObjectiveResult]) -> list[ObjectiveResult]:
    green = [r for r in green if r.status in _JUDGED]
    broken = [r for r in red if r.status is Status.BREACHED]
    if green and broken and all(r.status is not Status.BREACHED for r in green):
        return green + broken
    return []


def _describe(evidence: list[ObjectiveResult]) -> str:
    return ", ".join(f"{r.agreement}/{r.objective} {r.status.value}" for r in evidence)


def watermelons(results: Iterable[ObjectiveResult]) -> list[Finding]:
    """Watermelon findings over objective results, sorted by scope."""
    by_scope: dict[Scope, list[ObjectiveResult]] = {}
    for result in results:
        by_scope.setdefault(result.scope, []).append(result)
    findings = []
    for scope in sorted(by_scope):
        here = by_scope[scope]
        provider = [r for r in here if r.kind is not AgreementKind.XLA]
        experience = [r for r in here if r.kind is AgreementKind.XLA]
        for kind, green, red, words in (
            ("watermelon", provider, experience, "SLA met while XLA breached"),
            ("reverse_watermelon", experience, provider, "XLA met while SLA breached"),
        ):
            evidence = _green_red(green, red)
            if evidence:
                message = f"{words}: {_describe(evidence)}"
                findings.append(
                    Finding(kind=kind, scope=scope, message=message, evidence=tuple(evidence))
                )
    return findings
