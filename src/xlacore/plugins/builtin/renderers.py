"""Registers the built-in report renderers of :mod:`xlacore.render`."""

from __future__ import annotations

from collections.abc import Iterator

from xlacore.plugins._markers import hookimpl
from xlacore.plugins.descriptors import RendererDescriptor
from xlacore.render.json import render_json
from xlacore.render.table import render_table


@hookimpl
def xlacore_report_renderers() -> Iterator[RendererDescriptor]:
    """The table (for people, 80 columns) and JSON (the report contract) renderers."""
    yield RendererDescriptor("json", "application/json", render_json, "the report as JSON")
    yield RendererDescriptor("table", "text/plain", render_table, "a table for terminals")
