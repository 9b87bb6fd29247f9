"""Proactive care, one module per analysis.

Calls without a contact, changes and their aftermath, problem candidates, and which call to
take first.
"""

from xlacore.insights.care.change_impact import (
    ChangeAftermath,
    ChangeImpact,
    ChangeImpactSettings,
    change_impact,
    load_users,
)
from xlacore.insights.care.prioritization import (
    Adjustment,
    PersonHistory,
    PriorityAdvice,
    PrioritySettings,
    experience_priority,
)
from xlacore.insights.care.proactive import ProactiveDetection, ProactiveRow, proactive_detection
from xlacore.insights.care.problems import (
    ProblemCandidate,
    ProblemCandidates,
    RecurrenceSettings,
    problem_candidates,
)

__all__ = [
    "ChangeAftermath",
    "ChangeImpact",
    "ChangeImpactSettings",
    "change_impact",
    "load_users",
    "ProactiveDetection",
    "ProactiveRow",
    "proactive_detection",
    "ProblemCandidate",
    "ProblemCandidates",
    "RecurrenceSettings",
    "problem_candidates",
    "PrioritySettings",
    "PersonHistory",
    "Adjustment",
    "PriorityAdvice",
    "experience_priority",
]
