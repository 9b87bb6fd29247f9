"""The report: what an evaluation found, per agreement, objective and scope, plus findings."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from attrs import frozen

from xlacore.evaluation.answers import AnswerAccount
from xlacore.model.agreements import AgreementKind, CompositionRule
from xlacore.model.objectives import Comparison

__all__ = [
    "Status",
    "Trend",
    "Unit",
    "OBJECTIVE_UNITS",
    "Scope",
    "ObjectiveResult",
    "Component",
    "BundleResult",
    "AgreementResult",
    "Finding",
    "Report",
]

Scope = tuple[tuple[str, str], ...]
"""What a result is about, as sorted ``(key, value)`` pairs: ``(("service", "laptop"),)``."""


class Status(enum.StrEnum):
    """An objective's state, judged on its interval (:mod:`xlacore.evaluation.judgement`).

    ``insufficient_data`` (some observations, fewer than the minimum n) and ``no_data`` (none
    at all) are never a breach and never a pass.
    """

    MET = "met"
    """The whole interval clears the target by the at-risk margin."""
    AT_RISK = "at_risk"
    """Inconclusive: the interval reaches both sides of the target, or within the margin."""
    BREACHED = "breached"
    """The whole interval misses the target."""
    INSUFFICIENT_DATA = "insufficient_data"
    """Too few observations for a figure."""
    NO_DATA = "no_data"
    """No observation at all: nothing to judge."""


class Trend(enum.StrEnum):
    """Current against previous period, judged against the target's direction."""

    IMPROVING = "improving"
    STEADY = "steady"
    WORSENING = "worsening"


class Unit(enum.StrEnum):
    """What an objective's figures count, so renderers write them for people.

    Read from the indicator (:func:`xlacore.evaluation.checks.unit_of`); a figure without a
    unit (happiness points, CES means) is a plain number.
    """

    SECONDS = "seconds"
    """A duration: value, interval, target and previous in seconds, impact in n × seconds."""
    PERCENT = "percent"
    """A share in percent (0-100)."""
    POINTS = "points"
    """A difference of two shares, in percentage points (insight figures; never an objective's)."""


OBJECTIVE_UNITS = (Unit.SECONDS, Unit.PERCENT)
"""The units an objective's figures may have (an indicator measures no difference)."""


@frozen(kw_only=True)
class ObjectiveResult:
    """One objective at one scope.

    ``value``/``ci_low``/``ci_high``/``n``/``method`` come from the scoring strategy over the
    objective's window; ``previous`` is the window before it and ``baseline`` the whole
    agreement scope in the same window. ``impact`` is n × gap to target (negative: harm);
    ``budget_remaining`` the share of the error budget left and ``burn_rate_*`` how fast it is
    spent over the short and long burn windows (1 spends it exactly over the window). Every
    number but ``n`` and ``target`` is None when the status is insufficient data or no data
    (then ``n`` is 0). ``unit`` says what the figures count (None: a plain number).
    """

    agreement: str
    kind: AgreementKind
    objective: str
    indicator: str
    scope: Scope
    comparison: Comparison
    target: float
    status: Status
    n: int
    method: str
    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    previous: float | None = None
    trend: Trend | None = None
    baseline: float | None = None
    impact: float | None = None
    budget_remaining: float | None = None
    burn_rate_short: float | None = None
    burn_rate_long: float | None = None
    unit: Unit | None = None


@frozen(kw_only=True)
class Component:
    """One part of a bundle, shown as it is: its status, weight and attainment (met = 1)."""

    agreement: str
    objective: str
    kind: AgreementKind
    status: Status
    weight: float
    attainment: float | None


@frozen(kw_only=True)
class BundleResult:
    """An agreement's components at one scope: a figure by the rule, a status by the worst.

    ``status`` is the worst status of the weighted components, whatever the rule, so a
    breached part always shows (breached, at risk, insufficient data, no data, met, from worst
    to best: a bundle is met only when every weighted part is); ``value`` combines the
    attainments (met 1, at risk 0.5, breached 0).
    """

    agreement: str
    scope: Scope
    rule: CompositionRule
    status: Status
    value: float | None
    components: tuple[Component, ...]


@frozen(kw_only=True)
class AgreementResult:
    """One agreement: whether it is in force, its objective results and bundles."""

    name: str
    kind: AgreementKind
    effective: bool
    objectives: tuple[ObjectiveResult, ...] = ()
    bundles: tuple[BundleResult, ...] = ()


@frozen(kw_only=True)
class Finding:
    """Something the figures show together that none shows alone (e.g. a watermelon)."""

    kind: str
    scope: Scope
    message: str
    evidence: tuple[ObjectiveResult, ...]


@frozen(kw_only=True)
class Report:
    """An evaluation at one moment."""

    evaluated_at: datetime
    agreements: tuple[AgreementResult, ...]
    findings: tuple[Finding, ...]
    answers: AnswerAccount | None = None
    """The answers read and counted; None when the report was not built from the answers."""

    def to_frame(self, backend: str = "pandas") -> Any:
        """One row per objective result as a ``pandas``, ``polars`` or ``pyarrow`` table.

        Columns: :data:`xlacore.frames.report.REPORT_COLUMNS` (value, low, high, n, status,
        target, scope, objective, ...). Needs ``xlacore[frames]`` and the backend.
        """
        from xlacore.frames.report import report_frame

        return report_frame(self, backend)

    def _repr_html_(self) -> str:
        """The objective results and findings as HTML tables (what a notebook shows)."""
        from xlacore.notebook import html_table

        columns = ("agreement", "objective", "scope", "status", "value", "low", "high", "n")
        rows = (
            (r.agreement, r.objective, r.scope, r.status, r.value, r.ci_low, r.ci_high, r.n)
            for a in self.agreements
            for r in a.objectives
        )
        caption = f"xlacore report at {self.evaluated_at.isoformat()}"
        found = html_table(
            ("finding", "scope", "message"), ((f.kind, f.scope, f.message) for f in self.findings)
        )
        return html_table(columns, rows, caption=caption) + (found if self.findings else "")
