"""docs/report-format.md documents the JSON report's schema field for field, type for type."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from xlacore.render.report_schema import report_schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "report-format.md"


def type_of(schema: dict[str, Any]) -> str:
    """A field's type as the page writes it."""
    if "const" in schema:
        return f'`"{schema["const"]}"`'
    if "enum" in schema:
        named = ", ".join(f"`{v}`" for v in schema["enum"] if v is not None)
        return named + (" or null" if None in schema["enum"] else "")
    if "anyOf" in schema:
        return "string, integer or estimate"
    kind = schema["type"]
    if kind == "array":
        items = schema["items"]
        if "$ref" in items:
            return "array of objective results"
        return "array of " + {"string": "strings", "array": "arrays of cells"}.get(
            items.get("type"), "objects"
        )
    if kind == "object":
        return "object of strings"
    return " or ".join(kind) if isinstance(kind, list) else str(kind)


def _objects() -> dict[str, dict[str, Any]]:
    schema = report_schema()
    agreement = schema["properties"]["agreements"]["items"]
    bundle = agreement["properties"]["bundles"]["items"]
    return {
        "Report": schema,
        "Agreement": agreement,
        "Objective result": schema["$defs"]["objective"],
        "Bundle": bundle,
        "Component": bundle["properties"]["components"]["items"],
        "Finding": schema["properties"]["findings"]["items"],
        "Summary sentence": schema["properties"]["summary"]["items"],
        "Insight section": schema["properties"]["insights"]["items"],
        "Insight table": schema["properties"]["insights"]["items"]["properties"]["tables"]["items"],
        "Estimate": schema["$defs"]["estimate"],
    }


def documented(heading: str) -> list[tuple[str, str]]:
    """The (field, type) rows of the table under ``### heading``."""
    section = DOC.read_text(encoding="utf-8").split(f"\n### {heading}\n", 1)[1]
    table = section.strip().split("\n\n", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \| .+ \|$", table, flags=re.MULTILINE)
    return [(name, kind) for name, kind in rows]


@pytest.mark.parametrize(("heading", "schema"), list(_objects().items()))
def test_every_field_is_documented_in_order_with_its_type(
    heading: str, schema: dict[str, Any]
) -> None:
    expected = [(name, type_of(sub)) for name, sub in schema["properties"].items()]
    assert documented(heading) == expected
