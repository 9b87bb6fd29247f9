"""Plain-text rendering of the insights report (the library returns text; the CLI prints)."""

from __future__ import annotations

from collections.abc import Callable

from xlacore.insights.care.proactive import ProactiveDetection
from xlacore.insights.experience.channels import ChannelConsistency
from xlacore.insights.experience.concentration import LostTimeConcentration
from xlacore.insights.experience.factors import ReasonFactors
from xlacore.insights.experience.first_resolution import FirstResolution
from xlacore.insights.experience.journeys import Journeys
from xlacore.insights.experience.knowledge import Difference, KnowledgeEffect
from xlacore.insights.experience.lifecycle import LifecycleEffects, strata_label
from xlacore.insights.experience.self_service import SelfService
from xlacore.insights.experience.slope import Slope
from xlacore.insights.report import InsightsReport
from xlacore.insights.survey.survey_health import SurveyHealth
from xlacore.model.durations import readable_duration as duration
from xlacore.scoring.score import Score

__all__ = ["render_text", "score_text"]

_ALL = "(all)"


def _number(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def _formatter(fmt: str) -> Callable[[float | None], str]:
    return lambda value: _number(value, fmt)


def score_text(score: Score, fmt: Callable[[float | None], str] | str = "+.1f") -> str:
    """A score as ``value [low, high] n=…``, or its status when it has no value."""
    show = fmt if callable(fmt) else _formatter(fmt)
    if score.value is None:
        return f"{score.status.value.replace('_', ' ')} (n={score.n})"
    interval = "" if score.ci_low is None else f" [{show(score.ci_low)}, {show(score.ci_high)}]"
    return f"{show(score.value)}{interval} n={score.n}"


def _slope(slope: Slope | None, show: Callable[[float | None], str]) -> str:
    if slope is None or slope.per_step is None:
        return "-"
    return f"{show(slope.per_step)} [{show(slope.ci_low)}, {show(slope.ci_high)}]"


def _points(v: float | None) -> str:
    return _number(v, "+.1f")


def _percent(v: float | None) -> str:
    return _number(v, ".1f")


def _steps(title: str, slopes: tuple[Slope, Slope, Slope, Slope | None]) -> str:
    happiness, lost, resolution, reopened = slopes
    reopen = "" if reopened is None else f", reopen {_slope(reopened, _points)} pp"
    return (
        f"    {title}: happiness {_slope(happiness, _points)} points,"
        f" lost time {_slope(lost, duration)}, resolution {_slope(resolution, duration)}{reopen}"
    )


def _lifecycle(effects: LifecycleEffects, first: FirstResolution) -> list[str]:
    lines = ["Lifecycle effects (happiness -100..+100; times mean; reopen %)"]
    for effect in effects.effects:
        missing = effect.unrecorded
        lines.append(
            f"  by {effect.dimension}"
            + (f" (not recorded for {missing:,} calls: left out, no data)" if missing else "")
        )
        for row in effect.rows:
            count = f"{row.count}{'+' if row.or_more else ''}"
            reopen = (
                ""
                if row.reopen_rate is None
                else f" | reopen % {score_text(row.reopen_rate, '.1f')}"
            )
            lines.append(
                f"    {count:>3} calls {row.calls:>7,} | happiness {score_text(row.happiness)}"
                f" | lost {score_text(row.lost_time_seconds, duration)}"
                f" | resolution {score_text(row.resolution_seconds, duration)}{reopen}"
            )
        within = effect.within
        lines += [
            _steps(
                "each step (pooled)",
                (
                    effect.happiness_slope,
                    effect.lost_time_slope,
                    effect.resolution_slope,
                    effect.reopen_slope,
                ),
            ),
            _steps(
                f"each step ({within.scope})",
                (within.happiness, within.lost_time, within.resolution, within.reopen),
            ),
        ]
    lines.append("First-contact / first-assignment resolution (% of resolved calls)")
    lines.extend(
        f"  {share.service or _ALL:<20} resolved {share.resolved:>7,}"
        f" | FCR {score_text(share.first_contact, '.1f')}"
        f" | FAR {score_text(share.first_assignment, '.1f')}"
        for share in (first.overall, *first.per_service)
    )
    return lines


def _lost_time(result: LostTimeConcentration) -> list[str]:
    lines = [f"Lost-time concentration ({result.share:.0%} of perceived lost time)"]
    for row in (result.overall, *result.per_service):
        share = "-" if row.call_share is None else f"{row.call_share:.1%}"
        lines.append(
            f"  {row.service or _ALL:<20} {row.calls_needed:>6,} of {row.calls:,} calls ({share})"
            f" hold {duration(row.total_seconds * result.share)}"
        )
    return lines


def _channels(result: ChannelConsistency) -> list[str]:
    lines = [
        f"Channel consistency (chi-square over happiness bands, BH q < {result.alpha};"
        f" channels below n={result.min_n} not judged)"
    ]
    for service in result.services:
        verdict = (
            "not testable"
            if service.differs is None
            else f"{'DIFFER' if service.differs else 'consistent'}"
            f" (chi2 {service.statistic:.2f}, df {service.df}, p {service.p_value:.3g},"
            f" q {service.q_value:.3g}, gap {_points(service.gap)}, worst {service.worst})"
        )
        lines.append(f"  {service.service}: {verdict}")
        for channel in service.channels:
            mark = "" if channel.judged else "  (too small to judge)"
            lines.append(f"    {channel.channel:<14} {score_text(channel.happiness)}{mark}")
    return lines


def _journeys(result: Journeys) -> list[str]:
    lines = [
        f"Journeys ({result.journeys:,} journeys, {result.linked:,} linked, derived gap"
        f" {duration(result.gap_seconds)})"
    ]
    for row in result.services:
        flag = "  TOUCHPOINTS FINE, JOURNEY POOR" if row.journey_worse else ""
        lines.append(
            f"  {row.service:<20} journeys {row.journeys:>6,} (multi-touch"
            f" {row.multi_touch_journeys:,}) | touchpoints {score_text(row.touchpoints)}"
            f" | journey {score_text(row.journey)} | single {score_text(row.single_touch)}"
            f" | multi {score_text(row.multi_touch)}{flag}"
        )
    examples = f": {', '.join(result.examples)}" if result.examples else ""
    lines.append(
        f"  journeys with fine touchpoints but a poor total: {result.poor_journeys}{examples}"
    )
    return lines


def _factors(result: ReasonFactors) -> list[str]:
    lines = ["Reason factors (share of answers in the band that gave a reason)"]
    if not result.rows:
        lines.append("  no answers with reason factors")
    lines.extend(
        f"  {row.service:<20} {row.band:<8} {row.factor:<32} {row.count:>5} of"
        f" {row.answers:<5} {score_text(row.share, '.1f')}"
        for row in result.rows
    )
    return lines


def _difference(diff: Difference, show: Callable[[float | None], str]) -> str:
    if diff.value is None:
        return "-"
    return f"{show(diff.value)} [{show(diff.ci_low)}, {show(diff.ci_high)}] ({diff.method})"


def _knowledge(result: KnowledgeEffect) -> list[str]:
    lines = ["Knowledge effect (resolved calls)"]
    lines.extend(
        f"  {'with' if row.knowledge else 'without':<7} article: {row.resolved:>7,} calls"
        f" | mean {score_text(row.mean_resolution_seconds, duration)}"
        f" | median {score_text(row.median_resolution_seconds, duration)}"
        f" | reopen % {score_text(row.reopen_rate, '.1f')}"
        for row in (result.without, result.with_knowledge)
    )
    lines += [
        f"  with minus without (pooled): mean"
        f" {_difference(result.resolution_difference, duration)},"
        f" reopen {_difference(result.reopen_difference, _points)} pp",
        f"  with minus without ({result.reopen_within.scope}): mean"
        f" {_slope(result.resolution_within, duration)},"
        f" reopen {_slope(result.reopen_within, _points)} pp",
    ]
    return lines


def _proactive(result: ProactiveDetection) -> list[str]:
    lines = [
        f"Proactive detection (episodes per {', '.join(result.keys)} within"
        f" {duration(result.window_seconds)}; first incident from monitoring)"
    ]
    for row in (result.overall, *result.groups):
        name = "/".join(row.group) or _ALL
        lines.append(
            f"  {name:<20} incidents {row.incidents:>7,} episodes {row.episodes:>7,}"
            f" proactive % {score_text(row.share, '.1f')}"
            f" (people reported anyway: {row.proactive_then_reported:,};"
            f" first channel unknown: {row.unknown_channel:,})"
        )
    return lines


def _self_service(result: SelfService | None) -> list[str]:
    if result is None:
        return ["Self-service", "  no self-service records in the input"]
    return [
        f"Self-service (no-ticket window {duration(result.window_seconds)})",
        f"  self-solved %  {score_text(result.self_solved, '.1f')}"
        f" (KB {result.self_solved_kb}, VA {result.self_solved_va}, Q&A"
        f" {result.self_solved_qna}, proactive {result.self_solved_proactive}, automated"
        f" {result.automated}; resolutions {result.ticket_resolutions}, password resets"
        f" {result.password_resets})",
        f"  deflection %   {score_text(result.deflection, '.1f')}"
        f" (catalog {result.catalog}, VA submissions {result.va_submissions}; tickets"
        f" {result.tickets_submitted})",
    ]


def _finding(title: str, count: int, examples: tuple[str, ...]) -> str:
    named = f" ({', '.join(examples)})" if examples else ""
    return f"  {title}: {count}{named}"


def _survey(result: SurveyHealth) -> list[str]:
    people = result.answers_per_person
    integrity = result.integrity
    lines = ["Survey health (response rate: % of resolved calls with an answer)"]
    for row in (result.overall, *result.response_rates):
        name = _ALL if row.service is None else f"{row.service} / {row.channel}"
        lines.append(
            f"  {name:<28} {row.answered:>6,} of {row.resolved:>7,} {score_text(row.rate, '.1f')}"
        )
    lines += [
        f"  answers per person: {people.people:,} people, {people.answers:,} answers,"
        f" mean {_number(people.mean, '.2f')}, median {_number(people.median, '.1f')},"
        f" most {people.most}",
        _finding("self-rated answers", integrity.self_rated, integrity.self_rated_examples),
        _finding(
            f"changed after the {duration(result.edit_window_seconds)} edit window",
            integrity.changed_after_window,
            integrity.changed_examples,
        ),
        _finding(
            "calls with several answers",
            integrity.calls_with_several_answers,
            integrity.several_examples,
        ),
    ]
    return lines


def _header(report: InsightsReport) -> list[str]:
    settings, period = report.settings, report.period
    lines = [
        f"Settings: min n {settings.min_n} (channels judged from {settings.channel_min_n}),"
        f" confidence {settings.confidence:.0%}, slopes also {strata_label(settings.strata)}"
    ]
    if period is not None:
        since = "" if period.start is None else f" after {period.start.isoformat()}"
        lines.insert(
            0, f"Insights at {period.end.isoformat()} (calls opened and answers given{since})"
        )
    return lines


def render_text(report: InsightsReport) -> str:
    """The whole report as readable text, one section per analysis."""
    sections = [
        _header(report),
        _lifecycle(report.lifecycle, report.first_resolution),
        _lost_time(report.lost_time),
        _channels(report.channels),
        _journeys(report.journeys),
        _factors(report.factors),
        _knowledge(report.knowledge),
        _proactive(report.proactive),
        _self_service(report.self_service),
        _survey(report.survey_health),
    ]
    return "\n\n".join("\n".join(lines).rstrip() for lines in sections) + "\n"
