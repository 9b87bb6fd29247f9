"""Small SVG primitives for the HTML report: scales, ticks, axes and accessible figures.

Everything returns markup as text with every value escaped and every number formatted the
same way, so a chart is deterministic and needs no library, script or font download.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

from attrs import frozen

__all__ = [
    "PALETTE",
    "Frame",
    "Linear",
    "Ticks",
    "element",
    "escape",
    "figure",
    "nice_ticks",
    "number",
    "padded",
    "x_ticks",
    "y_axis",
]

PALETTE = ("#0072b2", "#b45000", "#007a5a", "#a0457c", "#8a6500", "#000000", "#57606a")
"""Okabe and Ito's hues (told apart with every common colour-vision deficiency), darkened
where needed so each has a contrast of at least 4.5:1 on white; then black and grey."""


def escape(text: object) -> str:
    """``text`` safe inside an element or a quoted attribute."""
    return html.escape(str(text), quote=True)


def number(value: float) -> str:
    """A coordinate with two decimals at most and no ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def element(tag: str, body: str = "", **attributes: object) -> str:
    """One element; ``class_`` is written ``class``, floats as :func:`number`, ``None`` left out."""
    parts = [tag]
    for name, value in attributes.items():
        if value is None:
            continue
        shown = number(value) if isinstance(value, float) else escape(value)
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{shown}"')
    opening = " ".join(parts)
    return f"<{opening}>{body}</{tag}>" if body else f"<{opening}/>"


@frozen
class Linear:
    """Maps ``lo..hi`` of the data onto ``start..end`` of the drawing (either may descend)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        """The drawing coordinate of ``value``."""
        span = self.hi - self.lo
        share = 0.5 if span == 0 else (value - self.lo) / span
        return self.start + share * (self.end - self.start)


@frozen
class Frame:
    """A chart's size and the margins around its plotting area, in SVG user units."""

    width: float = 640.0
    height: float = 300.0
    left: float = 64.0
    right: float = 40.0  # room for half a category label centred on the last position
    top: float = 16.0
    bottom: float = 48.0

    @property
    def x_range(self) -> tuple[float, float]:
        """Left and right edges of the plotting area."""
        return self.left, self.width - self.right

    @property
    def y_range(self) -> tuple[float, float]:
        """Bottom and top edges of the plotting area (SVG's y grows downwards)."""
        return self.height - self.bottom, self.top


def padded(values: Iterable[float], share: float = 0.08) -> tuple[float, float]:
    """The range of ``values`` widened by ``share`` on each side (never empty)."""
    seen = list(values)
    lo, hi = (min(seen), max(seen)) if seen else (0.0, 1.0)
    pad = (hi - lo) * share or max(abs(lo) * share, 1.0)
    return lo - pad, hi + pad


def nice_ticks(lo: float, hi: float, count: int = 5) -> tuple[float, ...]:
    """About ``count`` round values (1, 2 or 5 times a power of ten apart) inside ``lo..hi``."""
    raw = (hi - lo) / max(count, 1)
    if raw <= 0 or not math.isfinite(raw):
        return (lo,)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    ticks = (k * step for k in range(math.ceil(lo / step), math.floor(hi / step) + 1))
    return tuple(t for t in ticks if lo <= t <= hi)  # rounding (or underflow) may step over


@frozen
class Ticks:
    """How an axis counts: ticks round in ``per`` data units, written with ``suffix``.

    Durations held in seconds get round hours (``per=3600``, ``" h"``) or minutes.
    """

    per: float = 1.0
    suffix: str = ""

    def at(self, lo: float, hi: float) -> list[tuple[float, str]]:
        """The ticks inside ``lo..hi`` of the data, each with its label."""
        return [
            (tick * self.per, f"{tick:g}{self.suffix}")
            for tick in nice_ticks(lo / self.per, hi / self.per)
        ]


def y_axis(scale: Linear, frame: Frame, label: str, ticks: Ticks = Ticks()) -> list[str]:
    """Grid lines with tick labels on the left, and the axis label."""
    x0, x1 = frame.x_range
    marks: list[str] = []
    for tick, text in ticks.at(scale.lo, scale.hi):
        y = scale(tick)
        marks.append(element("line", x1=x0, x2=x1, y1=y, y2=y, class_="grid"))
        marks.append(element("text", text, x=x0 - 6, y=y + 4, class_="tick end"))
    middle = (frame.y_range[0] + frame.y_range[1]) / 2
    marks.append(
        element(
            "text",
            escape(label),
            x=14.0,
            y=middle,
            transform=f"rotate(-90 14 {number(middle)})",
            class_="label middle",
        )
    )
    return marks


def x_ticks(positions: Sequence[tuple[float, str]], frame: Frame, label: str) -> list[str]:
    """The baseline, a label under each position, and the axis label."""
    x0, x1 = frame.x_range
    base = frame.y_range[0]
    marks = [element("line", x1=x0, x2=x1, y1=base, y2=base, class_="axis")]
    marks += [
        element("text", escape(text), x=x, y=base + 16, class_="tick middle")
        for x, text in positions
    ]
    marks.append(
        element("text", escape(label), x=(x0 + x1) / 2, y=frame.height - 8, class_="label middle")
    )
    return marks


def figure(chart_id: str, title: str, description: str, frame: Frame, body: Iterable[str]) -> str:
    """An ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``."""
    head = element("title", escape(title), id=f"{chart_id}-title") + element(
        "desc", escape(description), id=f"{chart_id}-desc"
    )
    return element(
        "svg",
        head + "".join(body),
        id=chart_id,
        role="img",
        aria_labelledby=f"{chart_id}-title",
        aria_describedby=f"{chart_id}-desc",
        viewBox=f"0 0 {number(frame.width)} {number(frame.height)}",
        width=frame.width,
        height=frame.height,
        class_="chart",
    )
