"""Experience insights: the questions IT organisations ask once they measure experience.

One module per analysis, grouped by the question it answers: :mod:`~xlacore.insights.experience`
(what shapes experience), :mod:`~xlacore.insights.care` (proactive care) and
:mod:`~xlacore.insights.survey` (whether the evidence can carry agreements); the live
:mod:`~xlacore.insights.ledger` beside them. Each function takes observation columns (see
:class:`~xlacore.insights.data.InsightData`) and returns a frozen, serialisable result.
:func:`insights_report` runs them all and :func:`render_text` makes them readable.
"""

from xlacore.insights.care.change_impact import (
    ChangeAftermath,
    ChangeImpact,
    ChangeImpactSettings,
    change_impact,
    load_users,
)
from xlacore.insights.care.proactive import ProactiveDetection, ProactiveRow, proactive_detection
from xlacore.insights.care.problems import (
    ProblemCandidate,
    ProblemCandidates,
    RecurrenceSettings,
    problem_candidates,
)
from xlacore.insights.data import InsightData, Period, latest_moment
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
from xlacore.insights.ledger import Ledger
from xlacore.insights.report import InsightSettings, InsightsReport, insights_report
from xlacore.insights.survey.questionnaire import (
    Band,
    PreconditionScore,
    Questionnaire,
    QuestionnaireResult,
    load_answers,
    load_questionnaire,
    score_questionnaire,
)
from xlacore.insights.survey.readiness import (
    AnswerCell,
    DataReadiness,
    ReadinessCheck,
    ReadinessSettings,
    answers_needed,
    data_readiness,
)
from xlacore.insights.survey.survey_health import (
    AnswersPerPerson,
    Integrity,
    ResponseRate,
    SurveyHealth,
    survey_health,
)
from xlacore.insights.text import render_text

__all__ = [
    # inputs and the whole report
    "InsightData",
    "InsightSettings",
    "Period",
    "latest_moment",
    "InsightsReport",
    "insights_report",
    "render_text",
    # lifecycle
    "lifecycle_effects",
    "LifecycleEffects",
    "LifecycleEffect",
    "LifecycleRow",
    "WithinSlopes",
    "Slope",
    "least_squares_slope",
    "first_resolution",
    "FirstResolution",
    "FirstResolutionRow",
    # lost time
    "lost_time_concentration",
    "LostTimeConcentration",
    "Concentration",
    # channels
    "channel_consistency",
    "ChannelConsistency",
    "ServiceChannels",
    "ChannelScore",
    # journeys
    "journeys",
    "journey_ids",
    "Journeys",
    "JourneyService",
    # reason factors
    "reason_factors",
    "ReasonFactors",
    "FactorShare",
    # self-service, knowledge, proactive
    "self_service",
    "SelfService",
    "SelfServiceEvent",
    "SelfServiceKind",
    "knowledge_effect",
    "KnowledgeEffect",
    "KnowledgeRow",
    "Difference",
    "proactive_detection",
    "ProactiveDetection",
    "ProactiveRow",
    # proactive care: recurring calls and change impact
    "problem_candidates",
    "ProblemCandidates",
    "ProblemCandidate",
    "RecurrenceSettings",
    "change_impact",
    "load_users",
    "ChangeImpact",
    "ChangeAftermath",
    "ChangeImpactSettings",
    "is_negative",
    "NEGATIVE_AT_MOST",
    # readiness
    "data_readiness",
    "DataReadiness",
    "ReadinessCheck",
    "ReadinessSettings",
    "AnswerCell",
    "answers_needed",
    "load_questionnaire",
    "load_answers",
    "score_questionnaire",
    "Questionnaire",
    "QuestionnaireResult",
    "PreconditionScore",
    "Band",
    # survey health
    "survey_health",
    "SurveyHealth",
    "ResponseRate",
    "AnswersPerPerson",
    "Integrity",
    # live scores
    "Ledger",
]
