"""The layers hold: packages import only those below them, no modules import in a circle.

The contracts live in pyproject.toml (``[tool.importlinter]``): the layers, and the imports
forbidden beside them (the renderers read only the model and the evaluation). These tests run
every contract, look for cycles between modules, and check what importing the lower layers
really loads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).parent.parent


def test_the_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = grimp.build_graph("xlacore", exclude_type_checking_imports=True, cache_dir=None)
    circles = {
        (importer, imported, *chain)
        for importer in sorted(graph.modules)
        for imported in graph.find_modules_directly_imported_by(importer)
        if (chain := graph.find_shortest_chain(imported, importer))
    }
    assert circles == set()


@pytest.mark.parametrize(
    ("module", "absent"),
    [
        ("xlacore.evaluation.evaluate", "xlacore.plugins"),
        ("xlacore.frames.evaluate", "xlacore.plugins"),
        ("xlacore.testing.pytest_plugin", "xlacore.plugins"),
        ("xlacore.scoring.builtin", "xlacore.evaluation"),
        ("xlacore.render.html", "xlacore.insights"),
        ("xlacore.render.json", "xlacore.insights"),
    ],
)
def test_a_lower_layer_loads_nothing_above_it(module: str, absent: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"above = {absent!r}\n"
        "print(sorted(m for m in sys.modules if m == above or m.startswith(above + '.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
