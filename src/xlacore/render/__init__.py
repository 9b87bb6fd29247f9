"""Report renderers: a :class:`~xlacore.evaluation.report.Report` as text, JSON, CSV or HTML.

The renderers read the report and a
:class:`~xlacore.evaluation.render_context.RenderContext` and import nothing but the model and
the evaluation; the context is built by :mod:`xlacore.insights.report_context`
(history and insight figures) and :mod:`xlacore.insights.sections` (the analyses as sections).
Each renderer is a function ``render_<format>(report, context=None, ...)``; the names below
are imported on first use, so importing one renderer loads no other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlacore._lazy import load

if TYPE_CHECKING:
    from xlacore.render.csv import render_csv
    from xlacore.render.html import render_html
    from xlacore.render.json import render_json, report_to_dict
    from xlacore.render.report_schema import report_schema
    from xlacore.render.table import render_table

__all__ = [
    "render_table",
    "render_json",
    "render_csv",
    "render_html",
    "report_to_dict",
    "report_schema",
]

_MODULES = {
    "render_table": "xlacore.render.table",
    "render_json": "xlacore.render.json",
    "report_to_dict": "xlacore.render.json",
    "render_csv": "xlacore.render.csv",
    "render_html": "xlacore.render.html",
    "report_schema": "xlacore.render.report_schema",
}


def __getattr__(name: str) -> Any:
    """The names of :data:`__all__`, imported on first use."""
    return load(globals(), _MODULES, name)


def __dir__() -> list[str]:
    return sorted(__all__)
