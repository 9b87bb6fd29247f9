"""Registers the built-in priority advice of :mod:`xlacore.insights.care.prioritization`.

It is registered ``trylast``, so any other plugin's advice comes first.
"""

from __future__ import annotations

from xlacore.evaluation.report import Report
from xlacore.insights.care.prioritization import (
    PersonHistory,
    PriorityAdvice,
    PrioritySettings,
    experience_priority,
)
from xlacore.model.calls import Call
from xlacore.plugins.markers import hookimpl


@hookimpl(trylast=True)
def xlacore_prioritize(
    call: Call, history: PersonHistory, report: Report | None, settings: PrioritySettings
) -> PriorityAdvice:
    """The matrix priority, raised one level for a bad experience or an objective in trouble."""
    return experience_priority(call, history, report, settings)
