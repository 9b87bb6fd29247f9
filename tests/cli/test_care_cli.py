"""``xlacore problems``, ``prioritize`` and ``readiness`` on the demo data and small files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from xlacore.cli import main
from xlacore.connectors.bpi2014_changes import read_bpi2014_changes

WORKPLACE = Path(__file__).resolve().parents[2] / "examples" / "agreements" / "workplace.toml"
HEADER = (
    "CI Name (aff);CI Type (aff);CI Subtype (aff);Service Component WBS (aff);Change ID;"
    "Change Type;Risk Assessment;Emergency Change;CAB-approval needed;Planned Start;Planned End;"
    "Scheduled Downtime Start;Scheduled Downtime End;Actual Start;Actual End;Requested End Date;"
    "Change record Open Time;Change record Close Time;Originated from;# Related Interactions;"
    "# Related Incidents"
)


def _row(ci: str, service: str, change: str, planned: str, actual: str = "") -> str:
    fields = [ci, "application", "x", service, change, "Release Type 1", "Minor Change", "N", "N"]
    fields += [planned, "", "", "", actual, "", "1-1-2026 0:00", "1-1-2026 0:00", "1-1-2026 0:00"]
    fields += ["Problem", "", "2"]
    return ";".join(fields)


@pytest.fixture
def changes(tmp_path: Path) -> Path:
    path = tmp_path / "Detail Change.csv"
    rows = [
        HEADER,
        _row("LAP1", "laptop", "C1", "14-5-2026 9:00", "15-5-2026 9:00"),
        _row("LAP2", "laptop", "C1", "14-5-2026 9:00", "15-5-2026 8:00"),
        _row("MAIL1", "email", "C2", "20-5-2026 7:00"),
        _row("", "email", "C3", "20-5-2026 7:00"),
        _row("MAIL1", "email", "C4", "yesterday"),
    ]
    path.write_text("\r\n".join(rows) + "\r\n", encoding="latin-1")
    return path


def test_the_change_reader_accounts_for_every_row(changes: Path) -> None:
    read = read_bpi2014_changes(changes)
    account = read.account
    assert (account.records_read, account.accepted, account.rejected) == (5, 3, 2)
    assert [(i.location.line, i.location.record) for i in account.rejections] == [
        (5, "C3"),
        (6, "C4"),
    ]
    assert "no 'CI Name (aff)'" in account.rejections[0].reason
    assert account.rejections[1].location.key == "Planned Start"
    c1, c2 = sorted(read.changes, key=lambda c: c.id)
    assert (c1.components, c1.services, c1.planned) == (("LAP1", "LAP2"), ("laptop",), False)
    assert c1.start.isoformat() == "2026-05-15T08:00:00+02:00"  # the earliest actual start
    assert (c2.planned, c2.start.hour) == (True, 7)


def test_problems_on_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["problems", "--demo", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Problem candidates: ")
    assert "  1. " in out
    assert "  3. " not in out
    assert (
        main(["problems", "--demo", "--by", "caller", "--min-calls", "4", "--format", "json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["settings"]["keys"] == ["caller"]
    assert len(data["candidates"]) <= 20
    assert all(c["key"] == "caller" and len(c["calls"]) >= 4 for c in data["candidates"])


def test_problems_with_changes(
    changes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zipped = tmp_path / "detail_change.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(changes, "Detail Change.csv")
    args = ["problems", "--demo", "--changes", str(zipped), "--top", "3"]
    assert main([*args, "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "2 of 5 change rows rejected" in captured.err
    data = json.loads(captured.out)
    assert data["changes"]["changes"] == 2
    assert {a["change"] for a in data["changes"]["aftermath"]} <= {"C1", "C2"}
    assert main(args) == 0
    assert "Change impact: " in capsys.readouterr().out


def test_problems_with_changes_tells_the_users_a_file_names(
    changes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    users = tmp_path / "users.toml"
    users.write_text('laptop = ["board-1", "board-2"]\nemail = []\n', encoding="utf-8")
    args = ["problems", "--demo", "--changes", str(changes), "--top", "0", "--format", "json"]
    assert main(args) == 0
    without = json.loads(capsys.readouterr().out)["changes"]["aftermath"]
    assert main([*args, "--users", str(users)]) == 0
    with_users = json.loads(capsys.readouterr().out)["changes"]["aftermath"]
    told = {a["change"]: set(a["people"]) for a in with_users}
    before = {a["change"]: set(a["people"]) for a in without}
    assert told["C1"] == before["C1"] | {"board-1", "board-2"}  # C1 changed the laptop service
    assert told["C2"] == before["C2"]  # email's users list is empty


def test_a_users_file_that_is_not_service_to_people_is_an_input_error(
    changes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    users = tmp_path / "users.toml"
    users.write_text('laptop = ["board-1"]\nemail = "everyone"\n', encoding="utf-8")
    args = ["problems", "--demo", "--changes", str(changes), "--users", str(users)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "line 2: $.email: expected a list of person ids, got 'everyone'" in err
    assert str(users) in err
    assert "Traceback" not in err


def test_prioritize_a_demo_call(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prioritize", "INC000009", "--demo"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Call INC000009: priority 2 (matrix 3; by xlacore)"
    # u0164's answer FB000913 is about INC002046, which was also reopened: one bad call
    assert "negative_experiences" not in out
    assert main(["prioritize", "INC000009", "--demo", "--negative", "1"]) == 0
    out = capsys.readouterr().out
    assert "u0164 had 1 negative experience (distinct calls) in the 30 days" in out
    assert "evidence: answer FB000913, reopened INC002046" in out
    assert main(["prioritize", "INC000009", "--demo", "--negative", "3", "--format", "json"]) == 0
    advice = json.loads(capsys.readouterr().out)
    assert [a["rule"] for a in advice["adjustments"]] == ["matrix", "objective"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["prioritize", "nope", "--demo"], "no call 'nope'"),
        (["prioritize", "INC000009", "--demo", "--matrix", "[[0]]"], "--matrix"),
        (["prioritize", "INC000009", "--demo", "--matrix", "rows"], "not JSON"),
        (["readiness"], "give --calls SRC"),
        (["prioritize", "INC000009", "--demo", "--negative", "0"], "must be 1 or more"),
        (["problems", "--demo", "--min-calls", "1"], "must be 2 or more"),
        (["problems", "--demo", "--by", "service", "service"], "distinct key columns"),
        (["readiness", "--demo", "--half-width", "0"], "half_width"),
    ],
)
def test_input_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["prioritize", "INC000009", "--demo", "--window-days", "nan"], "not a finite number"),
        (["problems", "--demo", "--window-days", "inf"], "not a finite number"),
        (["problems", "--demo", "--top", "-1"], "'-1' is negative"),
    ],
)
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_readiness_of_data_and_organisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text("culture-1 = 5\nculture-3 = 1\nengagement-1 = 2\n", encoding="utf-8")
    argv = ["readiness", "--demo", "--agreement", str(WORKPLACE)]
    assert main([*argv, "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert "Data readiness: not ready" in out
    assert "ok  calendars  office-hours" in out
    assert "Customer-centred culture: 100/100 (ready; 2 of 5 answered)" in out
    assert main(["readiness", "--answers", str(answers), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["data"] is None
    assert [p["band"] for p in data["organisation"]["preconditions"]] == [
        "ready",
        "not_ready",
        "unanswered",
    ]
    answers.write_text("culture-1 = 9\n", encoding="utf-8")
    assert main(["readiness", "--answers", str(answers)]) == 2
    assert "line 1: $.culture-1: 9 is not an answer from 1 to 5" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["problems", "prioritize", "readiness"])
def test_help_has_a_description_and_examples(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out
    assert f"xlacore {command} " in out
    assert "--format {table,json}" in out
