"""Renderer lookup for ``--format``, in one place.

Resolved among the built-in renderers until the plugin registry is on main; at that merge
this becomes the registry's ``renderer(name)`` lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from xlacore.errors import UnknownNameError
from xlacore.evaluation.report import Report
from xlacore.render.json import render_json
from xlacore.render.table import render_table

__all__ = ["RENDERERS", "render"]

RENDERERS: Mapping[str, Callable[[Report, Mapping[str, Any] | None], str]] = {
    "json": render_json,
    "table": render_table,
}


def render(report: Report, name: str) -> str:
    """The report rendered by the renderer called ``name``."""
    try:
        renderer = RENDERERS[name]
    except KeyError:
        raise UnknownNameError("renderer", name, RENDERERS) from None
    return renderer(report, None)
