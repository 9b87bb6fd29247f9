"""What both directions of the OpenSLO mapping share: names, durations, the unmapped list.

An xlacore ratio indicator travels as an OpenSLO ``ratioMetric`` whose metric sources have
the type ``xlacore``: ``{"source": "calls" | "feedback", "where": CONDITION}``, the total's
``where`` selecting the observations and the good (or bad) one's the good (or bad) ones.
"""

from __future__ import annotations

import re
from decimal import Decimal

from attrs import frozen

__all__ = [
    "API_VERSION",
    "METRIC_SOURCE",
    "KIND_ANNOTATION",
    "SERVICES_ANNOTATION",
    "OBJECTIVE_ANNOTATION",
    "Unmapped",
    "to_openslo_duration",
    "from_openslo_duration",
    "complement",
]

API_VERSION = "openslo/v1"
METRIC_SOURCE = "xlacore"
"""The metric source type of the observations xlacore scores."""

KIND_ANNOTATION = "xlacore/kind"
"""On a ``Service``: the kind of the agreement it becomes (``XLA``, ``SLA``, ``OLA``)."""
SERVICES_ANNOTATION = "xlacore/services"
"""On a ``Service``: the agreement's services, comma-separated (empty: every service)."""
OBJECTIVE_ANNOTATION = "xlacore/objective"
"""On an ``SLO``: the name of the objective it becomes."""

_UNITS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60}
_DURATION = re.compile(r"([1-9]\d*)([mhdwMQY])")


@frozen
class Unmapped:
    """Something that has no counterpart on the other side, and why.

    ``path`` says where it is: an OpenSLO key path (``$[2].spec.timeWindow[0]``) on import,
    ``agreement.objective.field`` on export.
    """

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def to_openslo_duration(seconds: int) -> str | None:
    """OpenSLO's shorthand for a window (``"4w"``), or ``None`` when it is not whole minutes."""
    for unit, size in _UNITS.items():
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return None


def from_openslo_duration(text: str) -> int | None:
    """Seconds of an OpenSLO duration, or ``None`` for months, quarters and years.

    Those vary in length, and an xlacore window has one.

    :raises ValueError: when ``text`` is not OpenSLO's duration shorthand.
    """
    match = _DURATION.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not an OpenSLO duration (a whole number and m, h, d, w, M, Q or Y)"
        )
    count, unit = match.groups()
    return int(count) * _UNITS[unit] if unit in _UNITS else None


def complement(percent: float) -> float:
    """``100 - percent`` in decimal arithmetic, so that applying it twice gives ``percent``."""
    return float(Decimal(100) - Decimal(repr(percent)))
