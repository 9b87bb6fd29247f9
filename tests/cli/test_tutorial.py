"""docs/tutorial.md works: every ``xlacore`` command in it runs on ``examples/tutorial/``
and prints what the page shows."""

from __future__ import annotations

import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest

from xlacore.cli import main

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial.md"
FILES = ROOT / "examples" / "tutorial"
_SET_UP = ("python3 -m venv", "cd examples/tutorial")
"""Commands the test does not run: installing, and going where the files are."""


def console_steps(text: str) -> list[tuple[str, list[str]]]:
    """Each ``$ command`` of the page's console blocks with the output lines shown after it."""
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        lines = block.splitlines()
        while lines:
            command = lines.pop(0).removeprefix("$ ")
            while command.endswith("\\"):
                command = command[:-1] + lines.pop(0).strip()
            output = []
            while lines and not lines[0].startswith("$ "):
                output.append(lines.pop(0))
            steps.append((command, output))
    return steps


STEPS = console_steps(TUTORIAL.read_text(encoding="utf-8"))


def test_the_tutorial_has_its_steps() -> None:
    commands = [c for c, _ in STEPS]
    assert [c for c in commands if not c.startswith("xlacore ")] == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install .",
        "cd examples/tutorial",
    ]
    assert [c.split()[1] for c in commands if c.startswith("xlacore ")] == [
        "demo",
        "ingest",
        "ingest",
        "validate",
        "evaluate",
        "evaluate",
        "evaluate",
    ]


@pytest.mark.parametrize(
    ("command", "shown"),
    [(c, o) for c, o in STEPS if c.startswith("xlacore ")],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_each_command_runs_and_prints_what_the_page_shows(
    command: str,
    shown: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copytree(FILES, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(command)[1:]
    assert main(argv) == (1 if "--fail-on" in argv else 0)
    captured = capsys.readouterr()
    if shown:
        printed = (captured.out + captured.err).splitlines()
        assert [line.rstrip() for line in printed] == shown
    if "--output" in argv:
        assert (tmp_path / argv[argv.index("--output") + 1]).stat().st_size > 0


def test_every_file_the_docs_include_ships_in_the_source_distribution() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = [Path(p) for p in config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]]
    included = {
        (page.parent / name).resolve().relative_to(ROOT)
        for page in (ROOT / "docs").rglob("*.md")
        for name in re.findall(r"```\{literalinclude\} (\S+)", page.read_text(encoding="utf-8"))
    }
    assert included
    assert {p for p in included if not any(p.is_relative_to(s) for s in shipped)} == set()
