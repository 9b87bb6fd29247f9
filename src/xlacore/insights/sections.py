"""Every insight analysis as an :class:`~xlacore.evaluation.render_context.InsightSection`.

The analyses' own result types stay in :mod:`xlacore.insights`; this turns each into a title,
a lead sentence and tables whose figures are
:class:`~xlacore.evaluation.render_context.Estimate` s (value, interval, n and unit), so
the HTML page and the JSON show every insight with its evidence without the renderers
knowing the analyses. One section per analysis of :class:`~xlacore.insights.InsightsReport`,
in its order.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from xlacore.evaluation.figures import figure_text
from xlacore.evaluation.render_context import Cell, Estimate, InsightSection, InsightTable
from xlacore.evaluation.report import Unit
from xlacore.insights import InsightsReport
from xlacore.insights.care.proactive import ProactiveDetection
from xlacore.insights.experience.channels import ChannelConsistency
from xlacore.insights.experience.concentration import LostTimeConcentration
from xlacore.insights.experience.factors import ReasonFactors
from xlacore.insights.experience.first_resolution import FirstResolution
from xlacore.insights.experience.journeys import Journeys
from xlacore.insights.experience.knowledge import Difference, KnowledgeEffect
from xlacore.insights.experience.lifecycle import LifecycleEffects
from xlacore.insights.experience.self_service import SelfService
from xlacore.insights.experience.slope import Slope
from xlacore.insights.survey.survey_health import SurveyHealth
from xlacore.model.durations import readable_duration
from xlacore.scoring.score import Score

__all__ = ["insight_sections"]

_ALL = "all services"


def _score(label: str, score: Score | None, unit: Unit | None = None) -> Cell:
    if score is None:
        return "-"
    return Estimate(label, score.value, score.ci_low, score.ci_high, score.n, unit)


def _slope(label: str, slope: Slope | None, unit: Unit | None = None) -> Cell:
    if slope is None:
        return "-"
    return Estimate(label, slope.per_step, slope.ci_low, slope.ci_high, slope.n, unit)


def _difference(label: str, diff: Difference, n: int, unit: Unit | None = None) -> Estimate:
    return Estimate(label, diff.value, diff.ci_low, diff.ci_high, n, unit)


def _service(service: str | None, names: Mapping[str, str]) -> str:
    return _ALL if service is None else names.get(service, service)


def _table(caption: str, headers: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> InsightTable:
    return InsightTable(caption, headers, tuple(rows))


def _lifecycle(effects: LifecycleEffects) -> InsightSection:
    tables = []
    for effect in effects.effects:
        rows: list[tuple[Cell, ...]] = [
            (
                f"{row.count}{'+' if row.or_more else ''}",
                row.calls,
                _score("happiness", row.happiness),
                _score("lost time", row.lost_time_seconds, Unit.SECONDS),
                _score("resolution", row.resolution_seconds, Unit.SECONDS),
                _score("reopened", row.reopen_rate, Unit.PERCENT),
            )
            for row in effect.rows
        ]
        within = effect.within
        slopes = (
            (
                "each step (pooled)",
                effect.happiness_slope,
                effect.lost_time_slope,
                effect.resolution_slope,
                effect.reopen_slope,
            ),
            (
                f"each step ({within.scope})",
                within.happiness,
                within.lost_time,
                within.resolution,
                within.reopen,
            ),
        )
        for name, happiness, lost, resolution, reopen in slopes:
            rows.append(
                (
                    name,
                    "",
                    _slope("happiness", happiness),
                    _slope("lost time", lost, Unit.SECONDS),
                    _slope("resolution", resolution, Unit.SECONDS),
                    _slope("reopened", reopen, Unit.POINTS),
                )
            )
        headers = (effect.dimension.replace("_", " "), "calls", "happiness", "lost time")
        tables.append(
            _table(
                f"By {effect.dimension.replace('_', ' ')}"
                + (
                    f" (not recorded for {effect.unrecorded:,} calls: left out, no data)"
                    if effect.unrecorded
                    else ""
                ),
                (*headers, "resolution", "reopened"),
                rows,
            )
        )
    return InsightSection(
        "lifecycle",
        "Lifecycle effects",
        "Happiness (-100 to +100), lost time and resolution time (means) and the reopened "
        "share by how often a call was reassigned or reopened; each step is the change per "
        "one more, pooled and within the strata (reopen in percentage points).",
        tuple(tables),
    )


def _first_resolution(result: FirstResolution, names: Mapping[str, str]) -> InsightSection:
    rows: list[tuple[Cell, ...]] = [
        (
            _service(r.service, names),
            r.resolved,
            _score("first contact", r.first_contact, Unit.PERCENT),
            _score("first assignment", r.first_assignment, Unit.PERCENT),
        )
        for r in (result.overall, *result.per_service)
    ]
    return InsightSection(
        "first_resolution",
        "First-contact and first-assignment resolution",
        "Share of resolved calls resolved at the first contact, and by the first group they "
        "were assigned to.",
        (
            _table(
                "Resolution at first contact and first assignment",
                ("service", "resolved", "first contact", "first assignment"),
                rows,
            ),
        ),
    )


def _lost_time(result: LostTimeConcentration, names: Mapping[str, str]) -> InsightSection:
    rows: list[tuple[Cell, ...]] = [
        (
            _service(r.service, names),
            r.calls,
            r.calls_needed,
            *(
                ("no data", "no data")  # no call has a lost-time answer: nothing to add up
                if r.calls == 0
                else (
                    "-" if r.call_share is None else figure_text(100 * r.call_share, Unit.PERCENT),
                    readable_duration(r.total_seconds * result.share),
                )
            ),
        )
        for r in (result.overall, *result.per_service)
    ]
    return InsightSection(
        "lost_time",
        "Lost-time concentration",
        f"How few calls hold {result.share:.0%} of the working time people said they lost "
        "(counted exactly, no sample: no interval).",
        (
            _table(
                f"Calls holding {result.share:.0%} of lost time",
                ("service", "calls", "calls needed", "share of calls", "lost time held"),
                rows,
            ),
        ),
    )


def _channels(result: ChannelConsistency, names: Mapping[str, str]) -> InsightSection:
    rows: list[tuple[Cell, ...]] = []
    for service in result.services:
        verdict = (
            "not testable"
            if service.differs is None
            else ("channels differ" if service.differs else "consistent")
            + f" (q {service.q_value:.3g}, worst {service.worst})"
        )
        for channel in service.channels:
            judged = "judged" if channel.judged else "too few to judge"
            rows.append(
                (
                    names.get(service.service, service.service),
                    channel.channel,
                    _score(channel.channel, channel.happiness),
                    judged,
                    verdict,
                )
            )
    return InsightSection(
        "channels",
        "Channel consistency",
        f"Happiness per channel within each service; a chi-square test over happiness bands "
        f"says whether channels differ (Benjamini-Hochberg q < {result.alpha}); channels with "
        f"fewer than {result.min_n} answers are not judged."
        + ("" if rows else " No answer is about a call with a channel."),
        (
            _table(
                "Happiness by channel",
                ("service", "channel", "happiness", "judged", "service verdict"),
                rows,
            ),
        ),
    )


def _journeys(result: Journeys, names: Mapping[str, str]) -> InsightSection:
    rows: list[tuple[Cell, ...]] = [
        (
            names.get(r.service, r.service),
            r.journeys,
            r.multi_touch_journeys,
            _score("touchpoints", r.touchpoints),
            _score("journey", r.journey),
            _score("single touch", r.single_touch),
            _score("multi touch", r.multi_touch),
            "touchpoints fine, journey poor" if r.journey_worse else "",
        )
        for r in result.services
    ]
    return InsightSection(
        "journeys",
        "Journeys",
        f"{result.journeys:,} journeys ({result.linked:,} linked calls, calls of a person less "
        f"than {readable_duration(result.gap_seconds)} apart); happiness of the touchpoints "
        f"against the whole journey. Journeys with fine touchpoints but a poor total: "
        f"{result.poor_journeys}.",
        (
            _table(
                "Happiness per touchpoint and per journey",
                (
                    *("service", "journeys", "multi-touch", "touchpoints", "journey"),
                    *("single touch", "multi touch", "flag"),
                ),
                rows,
            ),
        ),
    )


def _factors(result: ReasonFactors, names: Mapping[str, str]) -> InsightSection:
    rows: list[tuple[Cell, ...]] = [
        (
            names.get(r.service, r.service),
            r.band,
            r.factor,
            r.count,
            r.answers,
            _score(r.factor, r.share, Unit.PERCENT),
        )
        for r in result.rows
    ]
    return InsightSection(
        "factors",
        "Reason factors",
        "Share of the answers in each happiness band that gave each reason."
        + ("" if rows else " No answer gave a reason factor."),
        (
            _table(
                "Reasons by band",
                ("service", "band", "factor", "count", "answers", "share"),
                rows,
            ),
        ),
    )


def _knowledge(result: KnowledgeEffect) -> InsightSection:
    rows: list[tuple[Cell, ...]] = [
        (
            "with article" if r.knowledge else "without article",
            r.resolved,
            _score("mean", r.mean_resolution_seconds, Unit.SECONDS),
            _score("median", r.median_resolution_seconds, Unit.SECONDS),
            _score("reopened", r.reopen_rate, Unit.PERCENT),
        )
        for r in (result.without, result.with_knowledge)
    ]
    n = result.without.resolved + result.with_knowledge.resolved
    rows += [
        (
            "with minus without (pooled)",
            n,
            _difference("mean", result.resolution_difference, n, Unit.SECONDS),
            "",
            _difference("reopened", result.reopen_difference, n, Unit.POINTS),
        ),
        (
            f"with minus without ({result.reopen_within.scope})",
            n,
            _slope("mean", result.resolution_within, Unit.SECONDS),
            "",
            _slope("reopened", result.reopen_within, Unit.POINTS),
        ),
    ]
    return InsightSection(
        "knowledge",
        "Knowledge effect",
        "Resolution time and reopened share of resolved calls with and without a knowledge "
        "article, and the difference (pooled and within the strata; reopen in percentage "
        "points).",
        (
            _table(
                "Resolved calls with and without an article",
                ("calls", "resolved", "mean resolution", "median resolution", "reopened"),
                rows,
            ),
        ),
    )


def _proactive(result: ProactiveDetection, names: Mapping[str, str]) -> InsightSection:
    rows: list[tuple[Cell, ...]] = [
        (
            " / ".join(names.get(g, g) for g in r.group) or _ALL,
            r.incidents,
            r.episodes,
            _score("proactive", r.share, Unit.PERCENT),
            r.proactive_then_reported,
            r.unknown_channel,
        )
        for r in (result.overall, *result.groups)
    ]
    return InsightSection(
        "proactive",
        "Proactive detection",
        f"Incident episodes per {', '.join(result.keys)} (incidents less than "
        f"{readable_duration(result.window_seconds)} apart) whose first incident came from "
        "monitoring, before anyone called.",
        (
            _table(
                "Episodes found by monitoring first",
                (
                    *("group", "incidents", "episodes", "proactive share"),
                    *("reported anyway", "first channel unknown"),
                ),
                rows,
            ),
        ),
    )


def _self_service(result: SelfService | None) -> InsightSection:
    if result is None:
        return InsightSection(
            "self_service", "Self-service", "No self-service records in the input."
        )
    rows: list[tuple[Cell, ...]] = [
        ("self-solved", _score("self-solved", result.self_solved, Unit.PERCENT)),
        ("deflection", _score("deflection", result.deflection, Unit.PERCENT)),
    ]
    return InsightSection(
        "self_service",
        "Self-service",
        f"Self-service that needed no ticket within "
        f"{readable_duration(result.window_seconds)} (knowledge base {result.self_solved_kb}, "
        f"virtual agent {result.self_solved_va}, Q&A {result.self_solved_qna}, proactive "
        f"{result.self_solved_proactive}, automated {result.automated}), and catalogue and "
        f"virtual-agent submissions against {result.tickets_submitted} tickets.",
        (_table("Self-service shares", ("measure", "share"), rows),),
    )


def _survey(result: SurveyHealth, names: Mapping[str, str]) -> InsightSection:
    rows: list[tuple[Cell, ...]] = [
        (
            _service(r.service, names),
            r.channel or "all channels",
            r.answered,
            r.resolved,
            _score("response rate", r.rate, Unit.PERCENT),
        )
        for r in (result.overall, *result.response_rates)
    ]
    people, integrity = result.answers_per_person, result.integrity
    checks: list[tuple[Cell, ...]] = [
        ("people who answered", people.people),
        ("answers", people.answers),
        ("most answers by one person", people.most),
        ("self-rated answers", integrity.self_rated),
        (
            f"changed after the {readable_duration(result.edit_window_seconds)} edit window",
            integrity.changed_after_window,
        ),
        ("calls with several answers", integrity.calls_with_several_answers),
    ]
    return InsightSection(
        "survey_health",
        "Survey health",
        "Response rate (share of resolved calls with an answer) per service and channel, "
        "how answers spread over people, and answers that should not count.",
        (
            _table(
                "Response rates",
                ("service", "channel", "answered", "resolved", "response rate"),
                rows,
            ),
            _table("Answers and integrity", ("check", "count"), checks),
        ),
    )


def insight_sections(
    report: InsightsReport, names: Mapping[str, str] | None = None
) -> tuple[InsightSection, ...]:
    """One section per analysis of ``report``; ``names`` maps service ids to names."""
    known = names or {}
    settings = report.settings
    evidence = (
        f" Intervals at {settings.confidence:.0%} confidence; a figure needs "
        f"{settings.min_n} observations."
    )
    sections = (
        _lifecycle(report.lifecycle),
        _first_resolution(report.first_resolution, known),
        _lost_time(report.lost_time, known),
        _channels(report.channels, known),
        _journeys(report.journeys, known),
        _factors(report.factors, known),
        _knowledge(report.knowledge),
        _proactive(report.proactive, known),
        _self_service(report.self_service),
        _survey(report.survey_health, known),
    )
    return tuple(attrs.evolve(s, lead=s.lead + evidence) for s in sections)
