"""First-contact and first-assignment resolution, by ServiceNow's definitions.

First-assignment resolution (ServiceNow's ITSM success KPI): a resolved call that was never
reassigned to a different group. First-contact resolution, stricter: resolved by the first
group in one go, with no reassignment, escalation or reopening. Both are shares of the
resolved calls, with Wilson intervals, overall and per service.
"""

from __future__ import annotations

import numpy as np
from attrs import frozen

from xlacore.insights._columns import present, rows_with, select
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import score
from xlacore.scoring.proportion import ProportionParams, proportion
from xlacore.scoring.score import Score

__all__ = ["FirstResolutionRow", "FirstResolution", "first_resolution"]


@frozen
class FirstResolutionRow:
    """Resolved calls of one service (``None``: all services) and both rates in percent."""

    service: str | None
    resolved: int
    first_contact: Score
    first_assignment: Score


@frozen
class FirstResolution(HtmlResult):
    """First-contact and first-assignment resolution overall and per service."""

    overall: FirstResolutionRow
    per_service: tuple[FirstResolutionRow, ...]


def _rows(
    resolved: ObservationColumns, keys: tuple[str, ...], min_n: int, confidence: float
) -> list[FirstResolutionRow]:
    def rate(column: str) -> tuple[Score, ...]:
        params = ProportionParams(column=column, min_n=min_n, confidence=confidence)
        return tuple(score(proportion, resolved, params, by=keys))

    contact, assignment = rate("first_contact_resolution"), rate("first_assignment_resolution")
    return [
        FirstResolutionRow(
            service=c.group[0] if keys else None,
            resolved=c.n,
            first_contact=c,
            first_assignment=a,
        )
        for c, a in zip(contact, assignment, strict=True)
    ]


def first_resolution(
    calls: ObservationColumns, *, min_n: int = 5, confidence: float = 0.95
) -> FirstResolution:
    """First-contact and first-assignment resolution of the resolved ``calls``."""
    resolved = select(calls, present(calls, "resolved") & np.asarray(calls.column("resolved")))
    (overall,) = _rows(resolved, (), min_n, confidence)
    per_service = _rows(rows_with(resolved, "service"), ("service",), min_n, confidence)
    return FirstResolution(overall, tuple(per_service))
