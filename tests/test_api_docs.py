"""The API reference documents every public module once, on its package's page."""

from __future__ import annotations

import re
from pathlib import Path

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
