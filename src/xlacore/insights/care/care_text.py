"""Plain-text rendering of proactive care, priority advice and readiness (the CLI prints it)."""

from __future__ import annotations

from xlacore.insights.care.change_impact import ChangeImpact
from xlacore.insights.care.prioritization import PriorityAdvice
from xlacore.insights.care.problems import ProblemCandidates
from xlacore.insights.survey.questionnaire import QuestionnaireResult
from xlacore.insights.survey.readiness import DataReadiness
from xlacore.model.durations import readable_duration as duration

__all__ = ["render_problems", "render_change_impact", "render_advice", "render_readiness"]


def _ids(ids: tuple[str, ...], shown: int = 5) -> str:
    more = f" … (+{len(ids) - shown})" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def render_problems(result: ProblemCandidates, top: int) -> str:
    """The ``top`` problem candidates (0: all), one block each."""
    s = result.settings
    shown = result.candidates[: top or None]
    lines = [
        f"Problem candidates: {len(result.candidates)} from {result.calls_examined} calls "
        f"({', '.join(s.kinds) or 'every kind'}; {s.min_calls}+ calls on one "
        f"{'/'.join(s.keys)}, at most {duration(s.window_seconds)} apart)",
        f"  baseline: a value's share of the calls carrying its key; lift = the cluster's share "
        f"of the calls opened in its span over that base rate ({s.confidence:.0%} Wilson "
        f"interval), ranked by excess calls (calls - expected); {result.background} clusters "
        f"whose span held over {s.max_coverage:.0%} of the calls left out as background",
    ]
    for rank, c in enumerate(shown, start=1):
        shared = "".join(f", same {k} {v}" for k, v in c.shared)
        people = f"{c.people} people" if c.people else "callers unknown"
        answers = (
            f"{c.answers} answers ({c.negative_answers} negative, {duration(c.lost_seconds)} lost)"
            if c.answers
            else "no answers"
        )
        reopened = "no data" if c.reopened is None else c.reopened
        lines += [
            f"{rank:>3}. {c.key} {c.value}: {c.size} calls, {people}, "
            f"{c.first_opened:%Y-%m-%d %H:%M} to {c.last_opened:%Y-%m-%d %H:%M} UTC{shared}",
            f"     lift {c.lift:.2f} [{c.lift_low:.2f}, {c.lift_high:.2f}] over base rate "
            f"{c.base_rate:.2%} ({c.value_calls} of {c.population}); n = {c.size} of "
            f"{c.span_calls} calls in its span, {c.expected:.1f} expected, excess "
            f"{c.excess:.1f}",
            f"     open {duration(c.open_seconds)} in all, reopened {reopened}, {answers}; "
            f"calls {_ids(c.calls)}",
        ]
    return "\n".join(lines) + "\n"


def _bound(value: float | None) -> str:
    return "unbounded" if value is None else f"{value:.2f}"


def render_change_impact(result: ChangeImpact, top: int) -> str:
    """The ``top`` changes (0: all): ranked by the lift's lower bound, then the unranked."""
    s = result.settings
    shown = result.aftermath[: top or None]
    ranked = sum(a.ranked for a in result.aftermath)
    lines = [
        f"Change impact: {len(result.aftermath)} of {result.changes} changes were followed by "
        f"or linked to calls ({result.calls} calls; window {duration(s.window_seconds)}); "
        f"{result.followed_calls} distinct calls followed a change, each attributed to the latest "
        f"one; {ranked} changes ranked by lift (at least {s.min_calls} calls before and after)"
    ]
    for a in shown:
        when = "planned" if a.planned else "started"
        if a.ranked:
            lift = (
                f"lift {_bound(a.lift)} [{_bound(a.lift_low)}, {_bound(a.lift_high)}] over the "
                f"other calls' after/before {a.expected:.2f}; excess {a.excess:.1f} calls"
            )
        else:
            lift = "no lift: too few calls or no other calls to compare"
        lines += [
            f"  {a.change} {when} {a.start:%Y-%m-%d %H:%M} on {_ids(a.services, 3)}: "
            f"{len(a.followed)} calls after, {a.before} before ({a.on_service} same service, "
            f"{a.on_component} same component; {a.shared} shared with other changes, "
            f"{a.attributed} attributed), {len(a.linked)} linked",
            f"     {lift}",
            f"     tell before the next change: {_ids(a.people) if a.people else 'nobody known'}",
        ]
    return "\n".join(lines) + "\n"


def render_advice(advice: PriorityAdvice) -> str:
    """The advised priority and every step with its reason and evidence."""
    matrix = "-" if advice.matrix_priority is None else str(advice.matrix_priority)
    lines = [
        f"Call {advice.call}: priority {advice.priority} (matrix {matrix}; by {advice.advisor})"
    ]
    for step in advice.adjustments:
        lines.append(f"  {step.rule}: {step.reason}")
        if step.evidence:
            lines.append(f"     evidence: {_ids(step.evidence)}")
    return "\n".join(lines) + "\n"


def render_readiness(data: DataReadiness | None, organisation: QuestionnaireResult | None) -> str:
    """The data checks and the questionnaire scores, whichever were run."""
    lines = []
    if data is not None:
        window = (
            ""
            if data.at is None
            else f" (last {data.settings.window_days:g} days to {data.at.isoformat()})"
        )
        lines.append(f"Data readiness: {'ready' if data.ready else 'not ready'}{window}")
        for check in data.checks:
            mark = "ok " if check.ready else "NO "
            lines.append(f"  {mark} {check.name:<10} {check.detail}")
            if not check.ready:
                lines.append(f"       {check.advice}")
    if organisation is not None:
        state = organisation.outcome.value.replace("_", " ")
        lines.append(
            f"Organisational readiness: {state} ({organisation.respondents} respondents,"
            f" at least {organisation.min_respondents} needed)"
        )
        for p in organisation.preconditions:
            figure = "-" if p.score is None else f"{p.score:.0f}/100"
            lines += [
                f"  {p.name}: {figure} ({p.band.value.replace('_', ' ')}; "
                f"{p.answered} of {p.statements} answered)",
                f"       {p.advice}",
            ]
        if organisation.unanswered:
            lines.append(f"  unanswered: {_ids(organisation.unanswered, 8)}")
    return "\n".join(lines) + "\n"
