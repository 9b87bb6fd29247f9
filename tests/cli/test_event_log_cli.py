"""An event log (one row per event) through ``evaluate`` and ``readiness`` on the command line.

The log has no survey column and no assignment group column: happiness and first-assignment
resolution cannot be computed from it, so they are no data (never met, never 0 or 100 %),
while the resolution SLA is judged and checked against pandas (issue 23).
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest

from xlacore.cli import main

_LOG = """\
id,at,state,service
A,2026-03-02T09:00:00+00:00,New,Email
A,2026-03-02T10:00:00+00:00,Active,Email
A,2026-03-02T11:00:00+00:00,Resolved,Email
B,2026-03-03T09:00:00+00:00,New,Email
B,2026-03-04T09:00:00+00:00,Resolved,Email
C,2026-03-05T09:00:00+00:00,New,Email
C,2026-03-05T09:30:00+00:00,Resolved,Email
C,2026-03-06T09:00:00+00:00,Active,Email
C,2026-03-07T09:30:00+00:00,Resolved,Email
D,2026-03-06T09:00:00+00:00,New,Email
D,2026-03-06T12:00:00+00:00,Closed,Email
E,2026-03-07T09:00:00+00:00,New,Email
E,2026-03-08T12:00:00+00:00,Resolved,Email
F,2026-03-08T08:00:00+00:00,New,Email
F,2026-03-08T09:00:00+00:00,Active,Email
F,2026-03-08T10:00:00+00:00,Resolved,Email
"""
_MAPPING = """\
[calls]
id = "id"
grouping = "row_per_event"
service = "service"
[calls.events]
at = "at"
status = "state"
"""
_INDICATORS = """\
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "resolved-in-8h"
[documents.spec]
source = "calls"
strategy = "proportion"
good = { field = "resolution_seconds", op = "le", value = 28800 }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "happiness"
[documents.spec]
source = "feedback"
strategy = "happiness"

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "far"
[documents.spec]
source = "calls"
strategy = "proportion"
params = { column = "first_assignment_resolution" }
"""
_SLA = """
[[documents]]
apiVersion = "xlacore/v1"
kind = "SLA"
metadata.name = "desk-sla"
[documents.spec]
services = ["Email"]
objectives = [{ name = "resolution", indicator = "resolved-in-8h", op = "gte", target = 95 }]
"""
_XLA = """
[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "desk-xla"
[documents.spec]
services = ["Email"]
objectives = [
  { name = "happiness", indicator = "happiness", op = "gte", target = 30 },
  { name = "far", indicator = "far", op = "gte", target = 80 },
]
"""


def _files(tmp_path: Path, *, sla: bool = True) -> list[str]:
    log, mapping, agreement = (tmp_path / n for n in ("log.csv", "m.toml", "a.toml"))
    log.write_text(_LOG)
    mapping.write_text(_MAPPING)
    agreement.write_text(_INDICATORS + (_SLA if sla else "") + _XLA)
    return [str(agreement), "--calls", f"mapped:{log}", "--calls-mapping", str(mapping)]


def _current_resolution_hours() -> pd.Series:
    """Per call, hours from its first row to its current resolution, computed with pandas.

    The current resolution is the first resolved or closed row after the last row that makes
    the call active again (a reopening).
    """
    rows = pd.read_csv(StringIO(_LOG), parse_dates=["at"])
    hours = {}
    for call, group in rows.groupby("id", sort=True):
        done = group["state"].isin(["Resolved", "Closed"]).to_numpy()
        start = 0
        for i in range(1, len(done)):
            if done[i - 1] and not done[i]:  # active again after a resolution
                start = i
        resolved = group["at"].iloc[start:][done[start:]].iloc[0]
        hours[call] = (resolved - group["at"].iloc[0]).total_seconds() / 3600
    return pd.Series(hours)


def _objectives(report: dict[str, object]) -> dict[str, dict[str, object]]:
    agreements = report["agreements"]
    assert isinstance(agreements, list)
    return {f"{a['name']}/{o['objective']}": o for a in agreements for o in a["objectives"]}


def test_an_event_log_without_answers_or_groups_gives_no_data_not_100(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["evaluate", *_files(tmp_path)]
    assert main([*argv, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    found = _objectives(report)
    for name in ("desk-xla/happiness", "desk-xla/far"):
        result = found[name]
        assert result["status"] == "no_data", name
        assert (result["value"], result["n"], result["ci_low"], result["ci_high"]) == (
            None,
            0,
            None,
            None,
        ), name
    # the SLA side is judged, against pandas: share resolved within 8 hours of opening
    hours = _current_resolution_hours()
    sla = found["desk-sla/resolution"]
    assert sla["n"] == len(hours) == 6
    assert sla["value"] == pytest.approx(100 * float((hours <= 8).mean()), abs=1e-4)
    assert sla["status"] == "breached"
    # the experience side has no data: never "XLA met", so no (reverse) watermelon
    assert report["findings"] == []
    assert "XLA met" not in json.dumps(report)

    assert main(argv) == 0
    table = capsys.readouterr().out
    xla = table[table.index("desk-xla (XLA)") :]
    happiness = next(line for line in xla.splitlines() if " happiness " in line)
    far = next(line for line in xla.splitlines() if " far " in line)
    for line in (happiness, far):
        assert line.split()[-2:] == ["no", "data"], line
        assert "%" not in line.split("≥")[0], line  # no figure, only the target's unit
    assert "Findings: none" in table


@pytest.mark.parametrize(("fail_on", "code"), [("no_data", 4), ("breach", 1), ("at_risk", 1)])
def test_fail_on_with_the_event_log_follows_the_exit_code_table(
    fail_on: str, code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # docs/cli.md: 4 when some objective has no data (--fail-on no_data); 1 for the judged
    # breach of the SLA with breach or at_risk
    assert main(["evaluate", *_files(tmp_path), "--fail-on", fail_on]) == code
    err = capsys.readouterr().err
    if code == 4:
        assert "2 objective results insufficient_data or no_data (--fail-on no_data)" in err
        assert "desk-xla/far, desk-xla/happiness" in err
    else:
        assert "desk-sla/resolution" in err
        assert "desk-xla" not in err


@pytest.mark.parametrize("fail_on", ["no_data", "breach", "at_risk"])
def test_an_experience_agreement_judging_nothing_exits_4_with_any_fail_on(
    fail_on: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", *_files(tmp_path, sla=False), "--fail-on", fail_on]) == 4
    err = capsys.readouterr().err
    said = f"insufficient_data or no_data (--fail-on {fail_on}): desk-xla/far, desk-xla/happiness"
    assert said in err


def test_readiness_flags_a_group_column_that_yields_no_reassignment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the log with a group column that never changes within a call (one team per call)
    lines = _LOG.splitlines()
    log, mapping = tmp_path / "log.csv", tmp_path / "m.toml"
    log.write_text("\n".join([f"{lines[0]},team", *(f"{r},desk-{r[0]}" for r in lines[1:])]))
    mapping.write_text(_MAPPING + 'group = "team"\n')
    argv = ["readiness", "--calls", f"mapped:{log}", "--calls-mapping", str(mapping)]
    assert main([*argv, "--format", "json"]) == 0
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)["data"]["checks"]}
    rows = pd.read_csv(log)
    teams = rows.groupby("id")["team"].nunique()
    assignment = checks["assignment"]
    assert (assignment["ready"], assignment["value"]) == (False, 0.0)
    assert assignment["detail"] == (
        f"0 of {len(teams)} calls reassigned; {len(teams)} name an assignment group,"
        f" {int((teams > 1).sum())} of them two or more"
    )
    assert "each keeps one throughout" in assignment["advice"]
    assert main(argv) == 0
    table = capsys.readouterr().out
    assert "NO  assignment 0 of 6 calls reassigned; 6 name an assignment group" in table
