"""The executive summary: what a service manager reads first, each sentence with its evidence.

:func:`executive_summary` is a pure function of a :class:`~xlacore.evaluation.report.Report`
(and, optionally, the catalogue's service names). It is computed here once and rendered by
every renderer, so the table, the HTML page and the JSON say the same. Its sentences, in order:

- ``breached``: the results whose whole interval misses the target (or, when none is, that
  none is), then ``at_risk``: those the evidence cannot decide;
- ``watermelon``: the scopes where every SLA result is met while an XLA result is breached
  (the report's findings);
- ``impact``: per objective the scope with the biggest impact, volume × gap to target (n
  times how far the figure is on the bad side), among single-service scopes so a service and
  its segments are not counted twice; the gap and the impact read as sizes (the JSON's
  ``impact`` keeps its sign);
- ``worsening`` / ``improving``: results whose previous window lies outside the current
  interval (the report's trend), or that nothing changed beyond its interval.

Every sentence carries the objective results it rests on (value, interval, n, target,
status); a sentence without evidence says that nothing was found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import frozen

from xlacore.evaluation.figures import (
    STATUS_TEXT,
    figure_text,
    gap_text,
    impact_text,
    result_text,
    scope_label,
    target_text,
)
from xlacore.evaluation.report import ObjectiveResult, Report, Status, Trend

__all__ = ["KINDS", "SHOWN", "ExecutiveSummary", "Sentence", "evidence_line", "executive_summary"]

KINDS = ("breached", "at_risk", "watermelon", "impact", "worsening", "improving", "steady")
"""Every kind a sentence may have, in reading order."""
SHOWN = 3
"""How many places a sentence names before "and N more" (its evidence lists all)."""


@frozen
class Sentence:
    """One statement of the summary, its ``kind`` and the results it rests on."""

    kind: str
    text: str
    evidence: tuple[ObjectiveResult, ...] = ()


@frozen
class ExecutiveSummary:
    """The sentences of the summary, in reading order."""

    sentences: tuple[Sentence, ...]


def _name(result: ObjectiveResult, names: Mapping[str, str]) -> str:
    return f"{result.agreement}/{result.objective} at {scope_label(result.scope, names)}"


def evidence_line(result: ObjectiveResult, names: Mapping[str, str] | None = None) -> str:
    """``"x/happiness at Printing: 41.2 [30.1, 52.3] n=64, target ≥ 60.0, breached"``.

    A result that moved beyond its interval also names its previous window's figure.
    """
    target = target_text(result.comparison, result.target, result.unit)
    moved = result.trend in (Trend.IMPROVING, Trend.WORSENING)
    before = f", previous window {figure_text(result.previous, result.unit)}" if moved else ""
    return (
        f"{_name(result, names or {})}: {result_text(result)}, target {target}, "
        f"{STATUS_TEXT[result.status]}{before}"
    )


def _places(results: Sequence[ObjectiveResult], names: Mapping[str, str]) -> str:
    shown = [_name(r, names) for r in results[:SHOWN]]
    rest = len(results) - SHOWN
    return "; ".join(shown) + (f"; and {rest} more" if rest > 0 else "")


def _statuses(results: list[ObjectiveResult], names: Mapping[str, str]) -> list[Sentence]:
    total = len(results)
    breached = [r for r in results if r.status is Status.BREACHED]
    at_risk = [r for r in results if r.status is Status.AT_RISK]
    unjudged = sum(r.status in (Status.INSUFFICIENT_DATA, Status.NO_DATA) for r in results)
    tail = f" ({unjudged} had too few or no observations to judge)" if unjudged else ""
    if breached:
        first = Sentence(
            "breached",
            f"{len(breached)} of {total} objective results are breached, their whole interval "
            f"missing the target{tail}: {_places(breached, names)}.",
            tuple(breached),
        )
    else:
        first = Sentence("breached", f"No objective result of {total} is breached{tail}.")
    sentences = [first]
    if at_risk:
        sentences.append(
            Sentence(
                "at_risk",
                f"{len(at_risk)} are at risk, their interval reaching the target or its margin: "
                f"{_places(at_risk, names)}.",
                tuple(at_risk),
            )
        )
    return sentences


def _watermelons(report: Report, names: Mapping[str, str]) -> Sentence:
    found = [f for f in report.findings if f.kind == "watermelon"]
    if not found:
        return Sentence(
            "watermelon", "No watermelon: nowhere is the SLA met while the experience is breached."
        )
    found.sort(key=lambda f: scope_label(f.scope, names))
    places = ", ".join(scope_label(f.scope, names) for f in found)
    evidence = tuple(r for f in found for r in f.evidence)
    return Sentence(
        "watermelon",
        f"Watermelons (SLA met, experience breached) at {places}.",
        evidence,
    )


def _impact(results: list[ObjectiveResult], names: Mapping[str, str]) -> list[Sentence]:
    """Per objective, the single-service scope furthest below target, volume × gap."""
    worst: dict[tuple[str, str], ObjectiveResult] = {}
    for r in results:
        if r.impact is None or r.impact >= 0 or [k for k, _ in r.scope] != ["service"]:
            continue
        key = (r.agreement, r.objective)
        if key not in worst or r.impact < (worst[key].impact or 0.0):
            worst[key] = r
    sentences = []
    for r in sorted(worst.values(), key=lambda one: (one.agreement, one.objective)):
        gap = abs((r.impact or 0.0) / r.n)
        sentences.append(
            Sentence(
                "impact",
                f"Biggest impact on {r.agreement}/{r.objective}: "
                f"{scope_label(r.scope, names)}, n={r.n} × {gap_text(gap, r.unit)} off the "
                f"target {target_text(r.comparison, r.target, r.unit)} = "
                f"{impact_text(abs(r.impact or 0.0), r.unit)}.",
                (r,),
            )
        )
    if not sentences:
        sentences.append(Sentence("impact", "No service misses a target: no impact to rank."))
    return sentences


def _changes(results: list[ObjectiveResult], names: Mapping[str, str]) -> list[Sentence]:
    sentences = []
    for trend, words in ((Trend.WORSENING, "Worse"), (Trend.IMPROVING, "Better")):
        moved = [r for r in results if r.trend is trend]
        if moved:
            sentences.append(
                Sentence(
                    trend.value,
                    f"{words} than the previous window, beyond the interval: "
                    f"{_places(moved, names)}.",
                    tuple(moved),
                )
            )
    if not sentences:
        sentences.append(
            Sentence("steady", "Nothing changed beyond its interval since the previous window.")
        )
    return sentences


def executive_summary(report: Report, names: Mapping[str, str] | None = None) -> ExecutiveSummary:
    """The summary of ``report``; ``names`` maps service ids to catalogue names."""
    known = names or {}
    results = [r for a in report.agreements if a.effective for r in a.objectives]
    return ExecutiveSummary(
        (
            *_statuses(results, known),
            _watermelons(report, known),
            *_impact(results, known),
            *_changes(results, known),
        )
    )
