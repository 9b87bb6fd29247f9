"""The command line: the demo, help, errors without tracebacks, ``python -m``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from xlacore import __version__
from xlacore.cli import main


def test_demo_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--no-html"]) == 0
    out = capsys.readouterr().out
    assert "6 services, 400 people, 2400 calls" in out
    assert "Laptop" in out
    assert "first-contact resolution" in out


def test_demo_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "--no-html"])
    first = capsys.readouterr().out
    main(["demo", "--no-html"])
    assert capsys.readouterr().out == first


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xlacore", "demo", "--no-html"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "2400 calls" in done.stdout
