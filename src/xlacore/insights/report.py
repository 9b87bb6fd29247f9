"""Every analysis at once, on one set of input columns: what ``xlacore insights`` prints."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from xlacore.insights.channels import ChannelConsistency, channel_consistency
from xlacore.insights.concentration import LostTimeConcentration, lost_time_concentration
from xlacore.insights.data import InsightData
from xlacore.insights.factors import ReasonFactors, reason_factors
from xlacore.insights.first_resolution import FirstResolution, first_resolution
from xlacore.insights.journeys import Journeys, journeys
from xlacore.insights.knowledge import KnowledgeEffect, knowledge_effect
from xlacore.insights.lifecycle import LifecycleEffects, lifecycle_effects
from xlacore.insights.proactive import ProactiveDetection, proactive_detection
from xlacore.insights.self_service import SelfService, SelfServiceEvent, self_service
from xlacore.insights.survey_health import SurveyHealth, survey_health
from xlacore.notebook import HtmlResult

__all__ = ["InsightsReport", "insights_report"]


@frozen
class InsightsReport(HtmlResult):
    """The result of every analysis; ``self_service`` is ``None`` without self-service events."""

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


def insights_report(data: InsightData, events: Iterable[SelfServiceEvent] = ()) -> InsightsReport:
    """Run every analysis with its defaults."""
    chosen = tuple(events)
    return InsightsReport(
        lifecycle=lifecycle_effects(data.calls, data.answers),
        first_resolution=first_resolution(data.calls),
        lost_time=lost_time_concentration(data.answers),
        channels=channel_consistency(data.answers),
        journeys=journeys(data.calls, data.answers),
        factors=reason_factors(data.answers, data.factors),
        knowledge=knowledge_effect(data.calls),
        proactive=proactive_detection(data.calls),
        self_service=self_service(chosen, data.calls) if chosen else None,
        survey_health=survey_health(data.calls, data.answers, data.actors),
    )
