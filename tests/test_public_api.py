"""``import xlacore`` is the face: a short list of names, loaded on first use."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import xlacore
from xlacore.demo.agreements import EXAMPLE
from xlacore.demo.data import DEMO_NOW, generate
from xlacore.evaluation.report import Report
from xlacore.serialization import json_dumps, to_dict

AGREEMENTS = Path(xlacore.__file__).parent / "demo" / "agreements" / EXAMPLE


def test_every_exported_name_resolves_and_nothing_else_is_offered() -> None:
    for name in xlacore.__all__:
        assert getattr(xlacore, name) is not None, name
    assert dir(xlacore) == sorted(xlacore.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        xlacore.nope


def test_importing_the_face_loads_only_itself_and_the_errors() -> None:
    code = "import sys, xlacore; print(sorted(m for m in sys.modules if m.startswith('xlacore')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['xlacore', 'xlacore.errors']"


def test_the_face_reads_evaluates_and_renders_through_the_registry(tmp_path: Path) -> None:
    data = generate(calls=300, people=80)
    agreements = xlacore.load_agreements(AGREEMENTS)
    report = xlacore.evaluate(agreements, data.calls, data.feedback, at=DEMO_NOW)
    assert isinstance(report, Report)
    rendered = xlacore.render_report(report, "json")
    assert json.loads(rendered)["evaluated_at"].startswith("2026-06-30T17:00:00")
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(json_dumps({"call": to_dict(c)}) + "\n" for c in data.calls[:5]))
    result = xlacore.ingest("jsonl", path)
    assert result.account.records_read == 5 == result.account.accepted
    assert [c.id for c in result.calls] == [c.id for c in data.calls[:5]]


def test_the_face_renders_a_built_context_like_the_renderer_itself() -> None:
    from xlacore.insights.report_context import build_context
    from xlacore.render.html import render_html

    data = generate(calls=300, people=80)
    agreements = xlacore.load_agreements(AGREEMENTS)
    report = xlacore.evaluate(agreements, data.calls, data.feedback, at=DEMO_NOW)
    strategies = xlacore.default_registry().strategy
    context = build_context(
        agreements, data.calls, data.feedback, report, steps=3, strategies=strategies
    )
    assert len(context.history) == 2
    assert xlacore.render_report(report, "html", context) == render_html(report, context)
    sections = json.loads(xlacore.render_report(report, "json", context))["insights"]
    assert [s["key"] for s in sections] == [s.key for s in context.insights]


def test_renderer_authors_find_the_context_types_in_the_render_package() -> None:
    from xlacore.evaluation import render_context
    from xlacore.render import context

    assert context.__all__ == render_context.__all__
    for name in context.__all__:
        assert getattr(context, name) is getattr(render_context, name), name


#: Names defined in more than one public module, and why that is one concept per name: the
#: face (``xlacore``) wraps the layer below under the same name; the others are explained in
#: docs/concepts.md ("What each package offers"). Commands (``xlacore.cli.*``) are left out.
SHARED_NAMES = {
    "evaluate": {
        "xlacore",
        "xlacore.clock.sla",
        "xlacore.evaluation.evaluate",
        "xlacore.frames.evaluate",
    },
    "ingest": {"xlacore", "xlacore.connectors.protocol"},
    "insights_report": {"xlacore", "xlacore.insights.report"},
    "Band": {"xlacore.scoring.normalisation", "xlacore.insights.survey.questionnaire"},
    "Component": {
        "xlacore.model.services",
        "xlacore.scoring.composite",
        "xlacore.evaluation.report",
    },
    "number": {"xlacore.model.validators", "xlacore.render.svg"},
}


def test_a_public_name_is_defined_in_one_module_unless_it_is_explained() -> None:
    root = Path(xlacore.__file__).parent.parent
    where: dict[str, set[str]] = {}
    for path in sorted((root / "xlacore").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if module.startswith("xlacore.cli.") or "._" in module:
            continue
        for node in ast.parse(path.read_text()).body:
            defines = isinstance(node, ast.ClassDef | ast.FunctionDef)
            if defines and not node.name.startswith("_"):
                where.setdefault(node.name, set()).add(module)
    shared = {name: modules for name, modules in where.items() if len(modules) > 1}
    assert shared == SHARED_NAMES


def test_the_testing_face_lists_every_contract_check_and_the_strategies() -> None:
    """``xlacore.testing`` names its contracts without importing them (pytest loads it for
    every session), so its list is a copy of theirs; this keeps the copy whole."""
    import xlacore.testing
    from xlacore.testing import contracts

    assert xlacore.testing.__all__ == [*contracts.__all__, "strategies"]
