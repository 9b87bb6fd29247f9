"""Every hook is documented with its signature and has a test of its own (datasette's rule)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from xlacore.plugins import PROJECT_NAME
from xlacore.plugins.hookspecs import XlaCoreSpecs

HERE = Path(__file__).resolve().parent
HOOKS_DOC = HERE.parents[1] / "docs" / "plugins" / "hooks.md"
HOOKS = sorted(name for name in vars(XlaCoreSpecs) if name.startswith("xlacore_"))


def test_there_are_hooks() -> None:
    assert HOOKS == [
        "xlacore_call_event",
        "xlacore_change_connectors",
        "xlacore_connectors",
        "xlacore_prioritize",
        "xlacore_report_renderers",
        "xlacore_scoring_strategies",
    ]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_its_signature(hook: str) -> None:
    spec = getattr(XlaCoreSpecs, hook)
    params = [p for p in inspect.signature(spec).parameters if p != "self"]
    heading = f"## {hook}({', '.join(params)})"
    text = HOOKS_DOC.read_text(encoding="utf-8")
    assert heading in text, f"{HOOKS_DOC.name} has no section {heading!r}"
    returns = str(inspect.signature(spec).return_annotation)
    assert f"Returns `{returns}`." in text


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook: str) -> None:
    pattern = re.compile(rf"def test_hook_{hook}\b")
    found = [p.name for p in HERE.glob("test_*.py") if pattern.search(p.read_text("utf-8"))]
    assert found, f"no test_hook_{hook} in {HERE}"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_docstring_has_an_example(hook: str) -> None:
    doc = inspect.getdoc(getattr(XlaCoreSpecs, hook)) or ""
    assert "Example:" in doc
    assert "None" in doc, "say what returning None means"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_parameter_is_documented(hook: str) -> None:
    spec = getattr(XlaCoreSpecs, hook)
    doc = inspect.getdoc(spec) or ""
    params = [p for p in inspect.signature(spec).parameters if p != "self"]
    for param in params:
        assert f":param {param}:" in doc, f"{hook} does not document {param!r}"
    if not params:
        assert "takes no parameters" in doc


@pytest.mark.parametrize("hook", HOOKS)
def test_firstresult_hooks_say_so(hook: str) -> None:
    spec = getattr(XlaCoreSpecs, hook)
    options = getattr(spec, f"{PROJECT_NAME}_spec")
    if options["firstresult"]:
        assert "first result that is not ``None``" in (inspect.getdoc(spec) or "")
        assert str(inspect.signature(spec).return_annotation).endswith("| None")
