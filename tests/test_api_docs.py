"""The API reference documents every public module once, on its package's page."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from types import FunctionType, ModuleType

from sphinx.util.inspect import signature, stringify_signature

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src"
PAGES = ROOT / "docs" / "api"


def _public_modules() -> set[str]:
    found = set()
    for path in (SRC / "xlacore").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        if not any(p.startswith("_") for p in parts):
            found.add(".".join(parts))
    # Commands are documented in docs/cli.md; the package page shows ``main`` only.
    return {m for m in found if not m.startswith("xlacore.cli.")}


def _documented() -> dict[str, list[str]]:
    pages: dict[str, list[str]] = {}
    for page in sorted(PAGES.glob("xlacore*.md")):
        for module in re.findall(r"^\.\. automodule:: (\S+)$", page.read_text(), re.M):
            pages.setdefault(module, []).append(page.stem)
    return pages


def test_every_public_module_is_documented_once_on_its_packages_page() -> None:
    documented = _documented()
    assert set(documented) == _public_modules()
    for module, pages in documented.items():
        package = ".".join(module.split(".")[:2])
        top = {"xlacore.errors", "xlacore.serialization", "xlacore.schemas", "xlacore.notebook"}
        want = "xlacore" if module == "xlacore" or package in top else package
        assert pages == [want], module


def test_the_index_lists_every_page() -> None:
    index = (PAGES / "index.md").read_text()
    assert {p.stem for p in PAGES.glob("xlacore*.md")} <= set(index.split())


def _conf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("xlacore_docs_conf", ROOT / "docs" / "conf.py")
    assert spec is not None
    assert spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


def _documented_callables() -> Iterator[tuple[str, object]]:
    """Every class, function and method autodoc shows, with its dotted name."""
    for name in sorted(_documented()):
        module = importlib.import_module(name)
        shown = getattr(module, "__all__", None) or [n for n in vars(module) if n[0] != "_"]
        for attr in shown:
            obj = getattr(module, attr)
            if getattr(obj, "__module__", None) != name or not callable(obj):
                continue
            yield f"{name}.{attr}", obj
            if inspect.isclass(obj):
                for member, value in vars(obj).items():
                    if member[0] != "_" and isinstance(value, FunctionType | classmethod):
                        yield f"{name}.{attr}.{member}", getattr(obj, member)


def test_no_signature_in_the_reference_shows_an_objects_repr() -> None:
    """``=NOTHING``, ``<function f>``, ``<lambda>()`` tell a reader nothing: conf.py cleans them."""
    clean = _conf()._clean_signature
    junk: dict[str, str] = {}
    for name, obj in _documented_callables():
        try:
            raw = stringify_signature(signature(obj), show_annotation=False)
        except (TypeError, ValueError):  # no signature to show (a builtin's, an enum's)
            continue
        cleaned = clean(None, "", name, obj, {}, raw, None)
        shown = raw if cleaned is None else cleaned[0]
        if re.search(r"NOTHING|<\w|\bat 0x|=_\w", shown):
            junk[name] = shown
    assert junk == {}
