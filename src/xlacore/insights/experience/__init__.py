"""What shapes experience, one module per analysis.

Lifecycle effects, first resolution, lost time, channels, journeys, reason factors,
knowledge use and self-service.
"""

from xlacore.insights.experience.channels import (
    ChannelConsistency,
    ChannelScore,
    ServiceChannels,
    channel_consistency,
)
from xlacore.insights.experience.concentration import (
    Concentration,
    LostTimeConcentration,
    lost_time_concentration,
)
from xlacore.insights.experience.factors import FactorShare, ReasonFactors, reason_factors
from xlacore.insights.experience.first_resolution import (
    FirstResolution,
    FirstResolutionRow,
    first_resolution,
)
from xlacore.insights.experience.journeys import Journeys, JourneyService, journey_ids, journeys
from xlacore.insights.experience.knowledge import (
    Difference,
    KnowledgeEffect,
    KnowledgeRow,
    knowledge_effect,
)
from xlacore.insights.experience.lifecycle import (
    LifecycleEffect,
    LifecycleEffects,
    LifecycleRow,
    WithinSlopes,
    lifecycle_effects,
)
from xlacore.insights.experience.negative import NEGATIVE_AT_MOST, is_negative
from xlacore.insights.experience.self_service import (
    SelfService,
    SelfServiceEvent,
    SelfServiceKind,
    self_service,
)
from xlacore.insights.experience.slope import Slope, least_squares_slope

__all__ = [
    "ChannelConsistency",
    "ChannelScore",
    "ServiceChannels",
    "channel_consistency",
    "Concentration",
    "LostTimeConcentration",
    "lost_time_concentration",
    "FactorShare",
    "ReasonFactors",
    "reason_factors",
    "FirstResolution",
    "FirstResolutionRow",
    "first_resolution",
    "Journeys",
    "JourneyService",
    "journey_ids",
    "journeys",
    "Difference",
    "KnowledgeEffect",
    "KnowledgeRow",
    "knowledge_effect",
    "LifecycleEffect",
    "LifecycleEffects",
    "LifecycleRow",
    "WithinSlopes",
    "lifecycle_effects",
    "NEGATIVE_AT_MOST",
    "is_negative",
    "SelfService",
    "SelfServiceEvent",
    "SelfServiceKind",
    "self_service",
    "Slope",
    "least_squares_slope",
]
