"""The two kinds of chart in the HTML report, drawn as inline SVG.

- :func:`interval_chart`: estimates with their intervals over categories (dates, channels,
  counts), one colour per series, optionally joined by a line, with an optional target line.
  Trends, the channel comparison and the lifecycle effect are all this chart.
- :func:`quadrant_chart`: the watermelon quadrant, one point per scope placed by an SLA
  figure and an experience figure, the targets splitting the plane and the watermelon corner
  (SLA on target, experience not) shaded.

Every mark is a ``<circle class="mark">`` with a ``<title>`` giving its figures in their unit
(:mod:`xlacore.evaluation.figures`), so a browser shows them on hover and tests can count
them. A quadrant point's name stands beside it, whole and inside the chart. An axis of
durations counts in round hours, or minutes below two hours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from attrs import frozen

from xlacore.evaluation.figures import evidence_text, figure_text, unit_suffix
from xlacore.evaluation.render_context import Estimate, Series
from xlacore.evaluation.report import Unit
from xlacore.render.svg import (
    PALETTE,
    Frame,
    Linear,
    Ticks,
    element,
    escape,
    figure,
    padded,
    x_ticks,
    y_axis,
)

__all__ = ["describe", "interval_chart", "QuadrantPoint", "quadrant_chart"]

_WIDE = Frame()
_TALL = Frame(height=360.0)
_CHAR_WIDTH = 7.0
"""Width of one tick-label character, in SVG user units (11px text, with room)."""
_DODGE = 0.6
"""Share of a category's width the series of one category spread over."""


def describe(estimate: Estimate) -> str:
    """A figure with its interval and n, in its unit.

    ``-64.5 [-75.6, -48.4] n=76``, ``2 h 05 min [1 h 40 min, 2 h 30 min] n=9``, ``too few
    (n=3)`` or ``no data``.
    """
    e = estimate
    return evidence_text(e.value, e.ci_low, e.ci_high, e.n, e.unit)


def _ticks(unit: Unit | None, lo: float, hi: float) -> Ticks:
    """Round hours for a duration spanning two hours or more, round minutes below; else plain."""
    if unit is not Unit.SECONDS:
        return Ticks(suffix=unit_suffix(unit))
    return Ticks(3600.0, " h") if hi - lo >= 7200 else Ticks(60.0, " min")


def _unit(estimates: Sequence[Estimate]) -> Unit | None:
    return next((e.unit for e in estimates if e.unit is not None), None)


def _figures(estimates: Sequence[Estimate]) -> list[float]:
    return [v for e in estimates for v in (e.value, e.ci_low, e.ci_high) if v is not None]


def _whisker(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return element("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=colour, class_="interval")


def _mark(x: float, y: float, colour: str, label: str, text: str) -> str:
    return element(
        "circle",
        element("title", escape(text)),
        cx=x,
        cy=y,
        r=4.5,
        fill=colour,
        class_="mark",
        data_label=label,
    )


def interval_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    x_label: str,
    y_label: str,
    target: float | None = None,
    connect: bool = False,
    frame: Frame = _WIDE,
) -> str:
    """Each series' estimates at its categories, intervals as whiskers; gaps stay empty."""
    points = [p for s in series for p in s.points]
    extra = [] if target is None else [target]
    y = Linear(*padded([*_figures(points), *extra]), *frame.y_range)
    unit = _unit(points)
    x0, x1 = frame.x_range
    band = (x1 - x0) / max(len(categories), 1)
    centre = {c: x0 + (i + 0.5) * band for i, c in enumerate(categories)}
    offset = band * _DODGE / max(len(series), 1)
    body = y_axis(y, frame, y_label, _ticks(unit, y.lo, y.hi))
    widest = max((len(c) for c in categories), default=1) * _CHAR_WIDTH
    every = max(1, math.ceil(widest * len(categories) / (x1 - x0)))  # every n-th: no overlap
    shown = [
        (centre[c], c) for i, c in enumerate(categories) if (len(categories) - 1 - i) % every == 0
    ]
    body += x_ticks(shown, frame, x_label)
    if target is not None:
        body.append(element("line", x1=x0, x2=x1, y1=y(target), y2=y(target), class_="target"))
        body.append(
            element(
                "text",
                f"target {figure_text(target, unit)}",
                x=x1,
                y=y(target) - 4,
                class_="tick end",
            )
        )
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        shift = (index - (len(series) - 1) / 2) * offset
        path: list[str] = []
        for estimate in one.points:
            if estimate.value is None or estimate.label not in centre:
                path.append("")
                continue
            cx, cy = centre[estimate.label] + shift, y(estimate.value)
            path.append(f"{cx:.2f},{cy:.2f}")
            if estimate.ci_low is not None and estimate.ci_high is not None:
                body.append(_whisker(cx, y(estimate.ci_low), cx, y(estimate.ci_high), colour))
            text = f"{one.name}, {estimate.label}: {describe(estimate)}"
            body.append(_mark(cx, cy, colour, one.name, text))
        if connect:
            runs = " ".join(p for p in path if p)  # a gap joins its neighbours; marks show it
            if " " in runs:
                body.insert(0, element("polyline", points=runs, stroke=colour, class_="line"))
    return figure(chart_id, title, description, frame, body)


@frozen
class QuadrantPoint:
    """One scope of the quadrant: its SLA figure (x) and experience figure (y)."""

    label: str
    sla: Estimate
    experience: Estimate


def quadrant_chart(
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[QuadrantPoint],
    *,
    x_label: str,
    y_label: str,
    targets: tuple[float, float],
    higher_is_better: tuple[bool, bool],
    frame: Frame = _TALL,
) -> str:
    """Points with intervals in both directions; the watermelon corner is shaded."""
    x_target, y_target = targets
    x = Linear(*padded([*_figures([p.sla for p in points]), x_target]), *frame.x_range)
    y = Linear(*padded([*_figures([p.experience for p in points]), y_target]), *frame.y_range)
    sla_good_high, experience_good_high = higher_is_better
    left, right = frame.x_range
    bottom, top = frame.y_range
    corner_x = (x(x_target), right) if sla_good_high else (left, x(x_target))
    corner_y = (y(y_target), bottom) if experience_good_high else (top, y(y_target))
    body = [
        element(
            "rect",
            x=corner_x[0],
            y=corner_y[0],
            width=corner_x[1] - corner_x[0],
            height=corner_y[1] - corner_y[0],
            class_="watermelon",
        ),
        # From the plot's edge in the corner inwards, so it stays inside however small the corner.
        element(
            "text",
            "watermelon: SLA on target, experience not",
            x=right - 6 if sla_good_high else left + 6,
            y=bottom - 8 if experience_good_high else top + 14,
            class_="tick end" if sla_good_high else "tick",
        ),
    ]
    body += y_axis(y, frame, y_label, _ticks(_unit([p.experience for p in points]), y.lo, y.hi))
    across = _ticks(_unit([p.sla for p in points]), x.lo, x.hi)
    body += x_ticks([(x(t), text) for t, text in across.at(x.lo, x.hi)], frame, x_label)
    body.append(element("line", x1=x(x_target), x2=x(x_target), y1=bottom, y2=top, class_="target"))
    body.append(element("line", x1=left, x2=right, y1=y(y_target), y2=y(y_target), class_="target"))
    for index, point in enumerate(points):
        if point.sla.value is None or point.experience.value is None:
            continue
        colour = PALETTE[index % len(PALETTE)]
        cx, cy = x(point.sla.value), y(point.experience.value)
        if point.sla.ci_low is not None and point.sla.ci_high is not None:
            body.append(_whisker(x(point.sla.ci_low), cy, x(point.sla.ci_high), cy, colour))
        if point.experience.ci_low is not None and point.experience.ci_high is not None:
            body.append(
                _whisker(cx, y(point.experience.ci_low), cx, y(point.experience.ci_high), colour)
            )
        text = f"{point.label}: SLA {describe(point.sla)}; experience {describe(point.experience)}"
        body.append(_mark(cx, cy, colour, point.label, text))
        body.append(
            element("text", escape(point.label), y=cy - 8, **_beside(cx, point.label, frame))
        )
    return figure(chart_id, title, description, frame, body)


def _beside(x: float, label: str, frame: Frame) -> dict[str, object]:
    """Where a mark's name goes: on its right, else on its left, where it fits.

    A name too long for either side goes on the roomier one with its glyphs narrowed to the
    room there (``textLength``), so it stays whole and inside the chart.
    """
    need = len(label) * _CHAR_WIDTH
    right, left = frame.width - (x + 8), x - 8
    if need <= right:
        return {"x": x + 8, "class_": "tick"}
    if need <= left:
        return {"x": x - 8, "class_": "tick end"}
    narrowed = {"textLength": max(right, left), "lengthAdjust": "spacingAndGlyphs"}
    if right >= left:
        return {"x": x + 8, "class_": "tick", **narrowed}
    return {"x": x - 8, "class_": "tick end", **narrowed}
