"""Findings: watermelons, where the provider's figures are green and the users' are red.

At every scope, SLA/OLA results and XLA results are compared. A ``watermelon`` (green
outside, red inside) needs both sides judged for certain: every SLA-side result met (its
whole interval clears the target) and at least one XLA result breached (its whole interval
misses). An at-risk, insufficient or missing figure on the green side is no evidence that it
is green, so it gives no finding. The reverse, every XLA result met while an SLA result is
breached, is a ``reverse_watermelon`` (users are served well despite the missed SLA).
"""

from __future__ import annotations

from collections.abc import Iterable

from xlacore.evaluation.report import Finding, ObjectiveResult, Scope, Status
from xlacore.model.agreements import AgreementKind

__all__ = ["watermelons"]


def _green_red(green: list[ObjectiveResult], red: list[ObjectiveResult]) -> list[ObjectiveResult]:
    """The evidence that every ``green`` result is met while some ``red`` one is breached."""
    broken = [r for r in red if r.status is Status.BREACHED]
    if green and broken and all(r.status is Status.MET for r in green):
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
