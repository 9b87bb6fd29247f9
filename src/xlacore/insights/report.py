"""Every analysis at once, on one set of input columns: what ``xlacore insights`` prints."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen

from xlacore.insights._bounds import at_least, between, names
from xlacore.insights.care.proactive import ProactiveDetection, proactive_detection
from xlacore.insights.data import InsightData, Period
from xlacore.insights.experience.channels import ChannelConsistency, channel_consistency
from xlacore.insights.experience.concentration import LostTimeConcentration, lost_time_concentration
from xlacore.insights.experience.factors import ReasonFactors, reason_factors
from xlacore.insights.experience.first_resolution import FirstResolution, first_resolution
from xlacore.insights.experience.journeys import Journeys, journeys
from xlacore.insights.experience.knowledge import KnowledgeEffect, knowledge_effect
from xlacore.insights.experience.lifecycle import LifecycleEffects, lifecycle_effects
from xlacore.insights.experience.self_service import SelfService, SelfServiceEvent, self_service
from xlacore.insights.survey.survey_health import SurveyHealth, survey_health
from xlacore.notebook import HtmlResult

__all__ = ["InsightSettings", "InsightsReport", "insights_report"]


@frozen
class InsightSettings:
    """The settings every analysis shares.

    ``min_n``: the fewest observations a score needs (below: insufficient data);
    ``channel_min_n``: the fewest answers a channel needs to be judged for consistency (never
    fewer than ``min_n``: a higher ``min_n`` raises it too);
    ``confidence``: of every interval; ``strata``: the columns lifecycle slopes and
    knowledge differences are also computed within (the service by default).
    """

    min_n: int = field(default=5, validator=at_least(1))
    channel_min_n: int = field(default=30, validator=at_least(1))
    confidence: float = field(default=0.95, validator=between(0.5, 0.999))
    strata: tuple[str, ...] = field(default=("service",), converter=names)


@frozen
class InsightsReport(HtmlResult):
    """The result of every analysis; ``self_service`` is ``None`` without self-service events.

    ``settings`` are those the analyses ran with; ``period`` the time they read, when the
    caller chose one (``None``: whatever data was given).
    """

    lifecycle: LifecycleEffects
    first_resolution: FirstResolution
    lost_time: LostTimeConcentration
    channels: ChannelConsistency
    journeys: Journeys
    factors: ReasonFactors
    knowledge: KnowledgeEffect
    proactive: ProactiveDetection
    self_service: SelfService | None
    survey_health: SurveyHealth
    settings: InsightSettings = InsightSettings()
    period: Period | None = None


def insights_report(
    data: InsightData,
    events: Iterable[SelfServiceEvent] = (),
    settings: InsightSettings | None = None,
    period: Period | None = None,
) -> InsightsReport:
    """Run every analysis with the shared ``settings`` (defaults: :class:`InsightSettings`).

    ``period`` records the time the data was selected for (:meth:`Period.select`); the
    analyses read ``data`` as given.
    """
    chosen = tuple(events)
    s = settings or InsightSettings()
    n, confidence = s.min_n, s.confidence
    return InsightsReport(
        lifecycle=lifecycle_effects(
            data.calls, data.answers, strata=s.strata, min_n=n, confidence=confidence
        ),
        first_resolution=first_resolution(data.calls, min_n=n, confidence=confidence),
        lost_time=lost_time_concentration(data.answers),
        channels=channel_consistency(
            data.answers, min_n=max(s.channel_min_n, n), confidence=confidence
        ),
        journeys=journeys(data.calls, data.answers, min_n=n, confidence=confidence),
        factors=reason_factors(data.answers, data.factors, confidence=confidence, min_n=n),
        knowledge=knowledge_effect(data.calls, min_n=n, confidence=confidence, strata=s.strata),
        proactive=proactive_detection(data.calls, confidence=confidence, min_n=n),
        self_service=(
            self_service(chosen, data.calls, confidence=confidence, min_n=n) if chosen else None
        ),
        survey_health=survey_health(
            data.calls, data.versions, data.actors, min_n=n, confidence=confidence
        ),
        settings=s,
        period=period,
    )
