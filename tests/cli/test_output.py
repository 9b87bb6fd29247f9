"""``--output``: ``-`` is standard output; a file is replaced atomically or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.cli import main
from xlacore.cli.output import write_atomically

ROOT = Path(__file__).resolve().parents[2]
SLICE = ROOT / "tests" / "data" / "uci_slice" / "incident_event_log_slice.csv"
TUTORIAL = ROOT / "examples" / "tutorial"


@pytest.mark.parametrize(
    "argv",
    [
        ["ingest", f"servicenow:{SLICE}", "--format", "json"],
        ["insights", "--demo"],
        ["demo", "--no-html", "--format", "csv"],
        [
            "evaluate",
            str(TUTORIAL / "agreement.toml"),
            *("--calls", f"mapped:{TUTORIAL / 'tickets.csv'}"),
            *("--calls-mapping", str(TUTORIAL / "tickets.toml")),
            *("--format", "csv"),
        ],
    ],
    ids=lambda argv: argv[0],
)
def test_output_dash_is_standard_output_and_creates_no_file(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert printed
    assert main([*argv, "--output", "-"]) == 0
    assert capsys.readouterr() == (printed, "")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous")

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    assert main(["insights", "--demo", "--format", "json", "--output", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"xlacore insights: error: {target}: no space left on device\n"
    )
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_ctrl_c_while_writing_leaves_the_previous_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failing_renderer_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "insights.txt"
    target.write_text("previous")

    def broken(report: object) -> str:
        raise RuntimeError("renderer broke")

    monkeypatch.setattr("xlacore.cli.insights.render_text", broken)
    assert main(["insights", "--demo", "--output", str(target)]) == 3
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["insights.txt"]


@given(st.text())
def test_any_text_round_trips_through_the_atomic_writer(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "out.txt"
        target.write_text("previous")
        write_atomically(target, text.encode())
        assert target.read_bytes().decode() == text
        assert os.listdir(directory) == ["out.txt"]
