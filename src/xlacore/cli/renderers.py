"""``--format NAME``: a report rendered by the registered renderer of that name."""

from __future__ import annotations

from xlacore.evaluation.report import Report
from xlacore.plugins import default_registry

__all__ = ["render"]


def render(report: Report, name: str) -> str:
    """The report rendered by the renderer called ``name``, as text.

    Binary output (a renderer may return bytes) is decoded as UTF-8.
    """
    output = default_registry().renderer(name).render(report, None)
    return output.decode() if isinstance(output, bytes) else output
