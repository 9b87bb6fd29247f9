"""The example plugin, installed with pip into a fresh virtual environment beside a broken one.

It is discovered through its entry point, listed by ``xlacore plugins`` with its distribution,
usable through the default registry, and passes the contract kit there (with the fixtures of
xlacore's installed pytest plugin). The broken plugin shows up as a load failure and takes
nothing else down.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "plugin"
BROKEN = Path(__file__).resolve().parent / "broken_plugin"


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, cwd=cwd
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment (no system site-packages) with both plugins installed."""
    root = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", root)
    python = root / "bin" / "python"
    _run(
        python,
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "-e",
        REPO,
        EXAMPLE,
        BROKEN,
        "pytest",
        "hypothesis",
    )
    return root


def test_plugins_json_lists_the_example_and_the_broken_plugin(venv: Path) -> None:
    listing = json.loads(_run(venv / "bin" / "xlacore", "plugins", "--format", "json").stdout)
    (acme,) = [p for p in listing["plugins"] if p["name"] == "acme"]
    assert acme["distribution"] == "xlacore-acme"
    assert acme["version"] == "0.1.0"
    assert acme["scoring_strategies"] == ["acme-top-box"]
    assert acme["connectors"] == ["acme-desk"]
    assert "happiness" in listing["scoring_strategies"]  # the built-ins still work
    (failure,) = listing["load_failures"]
    assert failure["plugin"] == "broken"
    assert failure["distribution"] == "xlacore-broken"
    assert failure["version"] == "6.6.6"
    assert "ImportError" in failure["reason"]


def test_python_dash_m_lists_them_too(venv: Path) -> None:
    out = _run(venv / "bin" / "python", "-m", "xlacore", "plugins").stdout
    assert "acme  (xlacore-acme 0.1.0)" in out
    assert "broken from xlacore-broken 6.6.6: ImportError" in out


USE = """
import warnings
from pathlib import Path
import numpy as np
from xlacore.connectors import ingest
from xlacore.plugins import default_registry
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    registry = default_registry()
assert [str(w.message).split(" was skipped")[0] for w in caught] == [
    "xlacore plugin 'broken' (distribution xlacore-broken 6.6.6)"
]
path = Path("export.csv")
path.write_text("id,ticket,score,answered_at\\n"
                "S1,INC1,9,2026-03-02T09:30:00+00:00\\n"
                "S2,INC2,4,2026-03-02T10:00:00+00:00\\n"
                "S3,INC3,eleven,2026-03-02T10:00:00+00:00\\n")
result = ingest(registry.connector("acme-desk").connector, path)
strategy = registry.scoring_strategy("acme-top-box").strategy
columns = ObservationColumns.from_arrays(value=np.array([f.value for f in result.feedback]))
grouping = Grouping.of(columns)
params = strategy.params_type()
(score,) = strategy.finalize(strategy.accumulate(columns, grouping, params), params)
print(result.account.accepted, result.account.rejected, score.value, score.n)
"""


def test_the_example_is_usable(venv: Path, tmp_path: Path) -> None:
    out = _run(venv / "bin" / "python", "-c", USE, cwd=tmp_path).stdout.split()
    assert out == ["2", "1", "0.5", "2"]


def test_the_example_passes_the_contract_kit_with_the_installed_pytest_plugin(
    venv: Path,
) -> None:
    done = _run(
        venv / "bin" / "python",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-c",
        EXAMPLE / "pyproject.toml",
        EXAMPLE / "tests",
    )
    assert "3 passed" in done.stdout
