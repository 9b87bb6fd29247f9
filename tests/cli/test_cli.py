"""The command line: help everywhere, exit codes, short errors, progress, ``python -m``."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

import xlacore
from xlacore import __version__
from xlacore.cli import COMMAND_MODULES, build_parser, main
from xlacore.cli.usage import EXAMPLES, HelpFormatter
from xlacore.demo import demo_catalogue
from xlacore.serialization import to_json

ROOT = Path(__file__).resolve().parents[2]
WORKPLACE = ROOT / "examples" / "agreements" / "workplace.toml"
TUTORIAL = ROOT / "examples" / "tutorial"
SLICE = ROOT / "tests" / "data" / "uci_slice" / "incident_event_log_slice.csv"


def _importable() -> dict[str, str]:
    """The environment, with xlacore importable from any working directory."""
    source = str(Path(xlacore.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_subcommand_has_a_description_and_an_epilog_of_examples() -> None:
    commands = _subcommands()
    assert len(commands) == len(COMMAND_MODULES)
    missing = []
    for name, sub in commands.items():
        fix = "in its module's add_parser(subparsers)"
        if not (sub.description or "").strip():
            missing.append(f"xlacore {name}: no description (pass description=... {fix})")
        if sub.formatter_class is not HelpFormatter:
            missing.append(
                f"xlacore {name}: formatter_class is not xlacore.cli.usage.HelpFormatter "
                f"(pass formatter_class=HelpFormatter {fix})"
            )
        epilog = sub.epilog or ""
        lines = epilog.splitlines()[1:]
        if not epilog.startswith(EXAMPLES) or not lines:
            missing.append(
                f"xlacore {name}: no epilog of examples "
                f"(pass epilog=xlacore.cli.usage.examples('xlacore {name} ...') {fix})"
            )
        missing += [
            f"xlacore {name}: example {line.strip()!r} does not run 'xlacore {name}'"
            for line in lines
            if f"xlacore {name}" not in line
        ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_help_prints_the_examples_and_python_dash_m_prints_the_same(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: xlacore {name}")
    assert f"\n{EXAMPLES}\n  " in text
    done = subprocess.run(
        [sys.executable, "-m", "xlacore", name, "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**_importable(), "COLUMNS": "100"},
    )
    assert (done.returncode, done.stdout) == (0, text)


def test_demo_prints_the_report_and_writes_the_html_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    captured = capsys.readouterr()
    assert "6 services, 400 people, 2400 calls" in captured.out
    assert "Happiness (-100..+100) by reassignments: 0: +21, 1: -63, 2: -97, 3+: -100" in (
        captured.out
    )
    assert "watermelon at Laptop: SLA met while XLA breached" in captured.out
    page = tmp_path / "xlacore-demo-report.html"
    assert captured.err == f"HTML report: {page}\n"
    assert page.read_text().startswith("<!DOCTYPE html>")


def test_demo_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "1.html", tmp_path / "2.html"
    main(["demo", "--html", str(first)])
    out = capsys.readouterr().out
    main(["demo", "--html", str(second)])
    assert capsys.readouterr().out == out
    assert first.read_bytes() == second.read_bytes()


def test_demo_without_html_and_to_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "report.csv"
    assert main(["demo", "--no-html", "--format", "csv", "--output", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"xlacore demo: wrote {target}\n"
    assert target.read_text().startswith("evaluated_at,agreement,")
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(
    ("fail_on", "code", "message"),
    [
        (None, 0, ""),
        ("breach", 1, "xlacore demo: 8 objective results breached (--fail-on breach): "),
        ("at_risk", 1, "xlacore demo: 16 objective results at_risk or breached (--fail-on "),
    ],
)
def test_fail_on_exits_1_only_when_asked(
    fail_on: str | None, code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = [] if fail_on is None else ["--fail-on", fail_on]
    assert main(["demo", "--no-html", "--format", "json", *asked]) == code
    assert capsys.readouterr().err.startswith(message)


def test_fail_on_exits_0_when_every_objective_is_met(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo", "--write-data", str(tmp_path)])
    agreement = tmp_path / "email.toml"
    agreement.write_text(
        """
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "reopen-rate"
spec = { source = "calls", strategy = "proportion", params = { column = "reopened" } }

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "email"
spec.services = ["email"]
spec.objectives = [{ name = "reopen-rate", indicator = "reopen-rate", op = "lte", target = 50 }]
"""
    )
    capsys.readouterr()
    calls = f"jsonl:{tmp_path / 'calls.jsonl'}"
    assert main(["evaluate", str(agreement), "--calls", calls, "--fail-on", "at_risk"]) == 0
    assert "email (XLA)" in capsys.readouterr().out


def _broken_agreement(tmp_path: Path) -> Path:
    broken = tmp_path / "broken.toml"
    broken.write_text(WORKPLACE.read_text().replace("target = 90", 'target = "high"', 1))
    return broken


@pytest.mark.parametrize(
    ("argv", "first_line"),
    [
        (["evaluate", "{tmp}/none.toml", "--calls", "jsonl:x"], "{tmp}/none.toml: no such file"),
        (
            ["evaluate", "{broken}", "--calls", "jsonl:x"],
            "invalid agreement file in {broken}: 1 problem",
        ),
        (["evaluate", str(WORKPLACE), "--calls", "jsonl:{tmp}/none.jsonl"], "{tmp}/none.jsonl:"),
        (["evaluate", str(WORKPLACE), "--calls", "{tmp}/calls"], "invalid source: 1 problem"),
        (["ingest", "nope:x.csv"], "unknown connector 'nope'"),
        (
            ["ingest", f"servicenow:{SLICE}", "--option", "colour=blue"],
            "invalid ServiceNowOptions in servicenow options",
        ),
        (["demo", "--no-html", "--format", "pdf"], "unknown renderer 'pdf'"),
        (["demo", "--html", "{tmp}/no/such/dir/x.html"], "{tmp}/no/such/dir/x.html: no such"),
        (
            ["ingest", "mapped:{tmp}/t.csv", "--mapping", "{latin}"],
            "invalid mapping in {latin}: 1 problem",
        ),
    ],
)
def test_input_errors_are_two_lines_without_traceback_and_exit_2(
    argv: list[str], first_line: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b"\xff\xfe not UTF-8")
    names = {"tmp": tmp_path, "broken": _broken_agreement(tmp_path), "latin": latin}
    argv = [a.format(**names) for a in argv]
    command = argv[0]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"xlacore {command}: error: {first_line.format(**names)}"), err
    assert len(err.splitlines()) <= 2, err
    assert "Traceback" not in err
    assert main(["--debug", *argv]) == 2
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_a_bug_is_one_line_and_exit_3_never_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("xlacore.cli.plugins.describe", broken)
    assert main(["plugins", "--format", "json"]) == 3
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "xlacore plugins: error: internal error (ZeroDivisionError: division by zero); "
        "rerun with --debug and report it"
    ]
    assert main(["--debug", "plugins", "--format", "json"]) == 3
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_progress_line_is_drawn_when_asked_and_erased(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", f"servicenow:{SLICE}", "--progress"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"\rservicenow:{SLICE}: ")
    assert " of ~450 records (" in err  # the slice's lines, its header counted
    assert ", 0 rejected (" in err
    assert err.endswith("\r\033[K")


def test_no_progress_line_when_not_asked_and_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ingest", f"servicenow:{SLICE}"]) == 0
    assert capsys.readouterr().err == ""


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_top_level_help_lists_every_command_as_the_full_parser_does() -> None:
    # main() registers only the command it runs in full; the others by their one-line help
    full = build_parser().format_help()
    assert build_parser(every=False).format_help() == full
    assert build_parser("demo", every=False).format_help() == full


def test_help_and_version_import_no_subcommand_module_and_no_plugin() -> None:
    # start-up time: --help must not import the subcommands (they import all of xlacore)
    code = (
        "import sys\n"
        "from xlacore.cli import main\n"
        "for argv in (['--help'], ['--version']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('xlacore.', 'numpy', 'pluggy'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_importable(), capture_output=True, text=True, check=True
    )
    loaded = done.stdout.splitlines()[-1]
    assert loaded == "['xlacore.cli', 'xlacore.errors']", loaded


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xlacore", "demo", "--fail-on", "breach"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=_importable(),
    )
    assert done.returncode == 1, done.stderr
    assert "2400 calls" in done.stdout
    assert f"HTML report: {tmp_path / 'xlacore-demo-report.html'}" in done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["ingest", f"servicenow:{SLICE}", "--format", "json"],
        ["insights", "--demo"],
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
def test_output_writes_to_the_file_what_would_be_printed(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    printed = capsys.readouterr().out
    target = tmp_path / "out.txt"
    assert main([*argv, "--output", str(target)]) == 0
    assert capsys.readouterr() == ("", f"xlacore {argv[0]}: wrote {target}\n")
    assert target.read_bytes().decode() == printed


def test_evaluate_notes_rejected_records_and_reads_the_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo", "--write-data", str(tmp_path)])
    calls = tmp_path / "calls.jsonl"
    calls.write_text(calls.read_text() + "{not json\n")
    capsys.readouterr()
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(to_json(demo_catalogue()), encoding="utf-8")
    args = ["evaluate", str(WORKPLACE), "--calls", f"jsonl:{calls}", "--format", "json"]
    args += ["--catalogue", str(catalogue)]
    assert main([*args, "--feedback", f"jsonl:{tmp_path / 'feedback.jsonl'}"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"xlacore evaluate: jsonl:{calls}: 1 of 2401 records rejected; "
        f"'xlacore ingest jsonl:{calls}' lists them\n"
    )
    assert main(["evaluate", str(WORKPLACE), "--demo", "--format", "json"]) == 0
    assert capsys.readouterr().out == captured.out  # the same data, read or generated
    assert '"laptop": "Laptop"' in captured.out  # names from --catalogue


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", str(WORKPLACE), "--format", "html", "--output", "{tmp}/r.html"],
        ["insights", "--format", "json"],
    ],
)
def test_no_calls_at_all_is_a_report_not_a_crash(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "calls.jsonl"
    empty.write_text("")
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert main([*argv, "--calls", f"jsonl:{empty}"]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["insights", "--demo", "--feedback", "jsonl:f"], "--feedback: not read with --demo"),
        (["insights", "--demo", "--calls-mapping", "m"], "--calls-mapping: not read with --demo"),
        (["prioritize", "C1", "--demo", "--feedback-mapping", "m"], "--feedback-mapping: not"),
        (["insights", "--calls", "jsonl:c", "--feedback-mapping", "m"], "--feedback-mapping: no"),
        (["readiness", "--answers", "a", "--calls-mapping", "m"], "--calls-mapping: no --calls"),
        (["readiness", "--answers", "a", "--feedback", "jsonl:f"], "--feedback: no --calls"),
    ],
)
def test_record_options_that_would_be_ignored_are_usage_errors(
    argv: list[str], problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"xlacore {argv[0]}: error: invalid arguments: 1 problem\n  {problem}")
    assert len(err.splitlines()) == 2, err


def test_demo_checks_the_html_folder_before_writing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    html = tmp_path / "none" / "x.html"
    assert main(["demo", "--output", str(report), "--html", str(html)]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"xlacore demo: error: {html}: no such directory\n")
    assert list(tmp_path.iterdir()) == []
