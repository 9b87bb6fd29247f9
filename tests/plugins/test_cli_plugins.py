"""``xlacore plugins``: table and JSON listings, load failures, exit code 0."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xlacore.cli import main

PLUGIN = """
from xlacore.plugins import ConnectorDescriptor, hookimpl

class Connector:
    options_type = dict
    def read(self, path, options, account):
        return iter(())

@hookimpl
def xlacore_connectors():
    yield ConnectorDescriptor(name="acme-desk", connector=Connector(), description="Acme Desk")
"""


@pytest.fixture
def installed(make_dist: Any) -> None:
    make_dist("acme-xla", "1.2", {"acme": "acme_plugin"}, {"acme_plugin": PLUGIN})
    make_dist("broken-xla", "0.1", {"broken": "broken_plugin"}, {"broken_plugin": "1 / 0"})


@pytest.mark.usefixtures("installed")
def test_json_lists_plugins_names_and_failures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins", "--format", "json"]) == 0
    captured = capsys.readouterr()
    listing = json.loads(captured.out)
    acme = next(p for p in listing["plugins"] if p["name"] == "acme")
    assert acme == {
        "name": "acme",
        "origin": "entry-point",
        "distribution": "acme-xla",
        "version": "1.2",
        "scoring_strategies": [],
        "connectors": ["acme-desk"],
        "change_connectors": [],
        "renderers": [],
    }
    assert listing["connectors"]["acme-desk"] == "Acme Desk"
    assert "jsonl" in listing["connectors"]
    (failure,) = listing["load_failures"]
    assert failure["plugin"] == "broken"
    assert failure["distribution"] == "broken-xla"
    assert "ZeroDivisionError" in failure["reason"]
    assert captured.err == ""  # the failure is listed, not warned about as well


@pytest.mark.usefixtures("installed")
def test_json_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    main(["plugins", "--format", "json"])
    first = capsys.readouterr().out
    main(["plugins", "--format", "json"])
    assert capsys.readouterr().out == first


@pytest.mark.usefixtures("installed")
def test_table_lists_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "acme  (acme-xla 1.2)" in out
    assert "connectors: acme-desk" in out
    assert "broken from broken-xla 0.1: ZeroDivisionError" in out


@pytest.mark.usefixtures("installed")
def test_disabled_plugins_are_shown(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XLACORE_DISABLE_PLUGINS", "broken")
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "disabled: broken" in out
    assert "load failures: none" in out


def test_python_dash_m_runs_it() -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run(
        [sys.executable, "-m", "xlacore", "plugins", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(src), "XLACORE_NO_ENTRY_POINTS": "1"},
    )
    assert "jsonl" in json.loads(done.stdout)["connectors"]
