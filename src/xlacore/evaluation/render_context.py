"""What a renderer may use beside the report: earlier evaluations and insight figures.

The renderer protocol stays ``render(report, options)``; a renderer that draws more than the
report (the ``html`` one) takes a :class:`RenderContext` as its options. The context holds
plain figures (:class:`Estimate`), not the analyses' own types, so renderers do not change
when an analysis does. It lives in the evaluation, below both its builder
(:func:`xlacore.insights.report_context.build_context`, which runs the analyses) and its
readers (:mod:`xlacore.render`, which import only the model and the evaluation).
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

from xlacore.evaluation.report import Report, Unit

__all__ = ["Estimate", "Series", "Cell", "InsightTable", "InsightSection", "RenderContext"]


@frozen
class Estimate:
    """A figure with its interval and n; ``value`` is None when the data are insufficient."""

    label: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    unit: Unit | None = None


@frozen
class Series:
    """Named estimates, one per category of a chart (a channel, a count, a date)."""

    name: str
    points: tuple[Estimate, ...]


Cell = str | int | Estimate
"""A cell of an insight table: text, a count, or a figure with its interval and n."""


@frozen
class InsightTable:
    """One table of an insight: a caption, column headers and rows of cells."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@frozen
class InsightSection:
    """One insight analysis as a renderer shows it: a title, a lead sentence, its tables.

    ``key`` names the analysis (``lifecycle``, ``lost_time``, ...); ``lead`` says what the
    figures are and how they were computed (the settings, the confidence of the intervals).
    """

    key: str
    title: str
    lead: str
    tables: tuple[InsightTable, ...] = ()


@frozen
class RenderContext:
    """Everything optional a renderer may draw besides the report.

    ``history`` holds earlier evaluations of the same agreements, oldest first (the trends);
    ``channels`` happiness by channel, one series per service; ``lifecycle`` happiness by
    reassignment count. ``quadrant`` names the SLA and the XLA objective of the watermelon
    quadrant as ``"agreement/objective"`` (default: the first of each kind sharing a scope).
    ``names`` maps service ids to the catalogue's names, shown instead of the ids;
    ``insights`` holds every insight analysis as sections (HTML and JSON show them).
    """

    title: str = "xlacore report"
    history: tuple[Report, ...] = ()
    channels: tuple[Series, ...] = ()
    lifecycle: tuple[Estimate, ...] = ()
    quadrant: tuple[str, str] | None = None
    names: Mapping[str, str] = field(factory=dict, hash=False)
    insights: tuple[InsightSection, ...] = ()
