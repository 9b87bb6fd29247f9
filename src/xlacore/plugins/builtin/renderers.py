"""Registers the built-in report renderers of :mod:`xlacore.render`."""

from __future__ import annotations

from collections.abc import Iterator

from xlacore.plugins.descriptors import RendererDescriptor
from xlacore.plugins.markers import hookimpl
from xlacore.render.csv import render_csv
from xlacore.render.html import render_html
from xlacore.render.json import render_json
from xlacore.render.table import render_table


@hookimpl
def xlacore_report_renderers() -> Iterator[RendererDescriptor]:
    """Table (terminals), JSON (the contract), CSV (spreadsheets) and HTML (people)."""
    yield RendererDescriptor(
        "html", "text/html", render_html, "one self-contained page with accessible charts"
    )
    yield RendererDescriptor(
        "csv", "text/csv", render_csv, "objective results for spreadsheets, formula-safe"
    )
    yield RendererDescriptor("json", "application/json", render_json, "the report as JSON")
    yield RendererDescriptor("table", "text/plain", render_table, "a table for terminals")
