"""Exit codes a script can rely on: each outcome has its own code (the table in docs/cli.md)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.cli import main
from xlacore.cli.sources import RejectLimit
from xlacore.connectors.account import IngestAccount, Location

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "examples" / "tutorial"
MAPPING = TUTORIAL / "tickets.toml"
_GOOD = (
    "INC00002,05/03/2026 17:54,,05/03/2026 18:25,Email,E-mail,user012,2 - High",
    "INC00003,24/04/2026 15:08,,24/04/2026 19:45,VPN,Phone,user072,3 - Moderate",
    "INC00004,13/03/2026 01:19,,13/03/2026 09:00,VPN,E-mail,user014,3 - Moderate",
)
_BAD = ",13/03/2026 01:19,,13/03/2026 09:00,VPN,E-mail,user014,3 - Moderate"  # no id


def _tickets(tmp_path: Path, rows: tuple[str, ...]) -> str:
    """A mapped source of ``rows`` under the tutorial's header."""
    header = (TUTORIAL / "tickets.csv").read_text().splitlines()[0]
    path = tmp_path / "tickets.csv"
    path.write_text("\n".join((header, *rows)) + "\n")
    return f"mapped:{path}"


def test_ingest_fails_with_5_after_the_account_when_every_record_is_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _tickets(tmp_path, (_BAD, _BAD))
    assert main(["ingest", source, "--mapping", str(MAPPING), "--format", "json"]) == 5
    out, err = capsys.readouterr()
    account = json.loads(out)  # the whole account was printed first
    assert (account["records_read"], account["accepted"], account["rejected"]) == (2, 0, 2)
    assert [r["location"]["line"] for r in account["rejections"]] == [2, 3]
    assert err == (
        f"xlacore ingest: error: {source}: 2 of 2 records rejected; nothing is left to "
        "report on (--max-rejected N|P% sets a limit)\n"
    )


@pytest.mark.parametrize(
    ("limit", "code"),
    [(None, 0), ("0", 5), ("1", 0), ("0%", 5), ("24%", 5), ("25%", 0), ("100%", 0)],
)
def test_ingest_max_rejected_counts_or_shares(
    limit: str | None, code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _tickets(tmp_path, (*_GOOD, _BAD))  # 1 of 4 rejected: 25 %
    asked = [] if limit is None else ["--max-rejected", limit]
    assert main(["ingest", source, "--mapping", str(MAPPING), *asked]) == code
    out, err = capsys.readouterr()
    assert "4 read, 3 accepted, 1 rejected" in out  # printed whatever the exit code
    if code:
        assert err == (
            f"xlacore ingest: error: {source}: 1 of 4 records rejected; more than "
            f"--max-rejected {limit} allows\n"
        )
    else:
        assert err == ""


def test_commands_reading_a_source_fail_with_5_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _tickets(tmp_path, (*_GOOD, _BAD))
    argv = ["evaluate", str(TUTORIAL / "agreement.toml"), "--calls", source]
    argv += ["--calls-mapping", str(MAPPING), "--format", "json"]
    assert main([*argv, "--max-rejected", "0"]) == 5
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1] == (
        f"xlacore evaluate: error: {source}: 1 of 4 records rejected; more than "
        "--max-rejected 0 allows"
    )
    assert main(argv) == 0
    assert (
        main(["insights", "--calls", _tickets(tmp_path, (_BAD,)), "--calls-mapping", str(MAPPING)])
        == 5
    )


@pytest.mark.parametrize("text", ["x", "-1", "1.5", "101%", "-1%", "nan%", "inf%", "%"])
def test_a_bad_max_rejected_is_a_usage_error(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", "jsonl:x", "--max-rejected", text])
    assert exit_info.value.code == 2
    assert "--max-rejected" in capsys.readouterr().err


@given(
    read=st.integers(0, 300),
    data=st.data(),
    count=st.integers(0, 400),
    percent=st.decimals(0, 100, places=3),
)
def test_reject_limits_fail_exactly_above_their_bound(
    read: int, data: st.DataObject, count: int, percent: Decimal
) -> None:
    rejected = data.draw(st.integers(0, read))
    account = IngestAccount()
    account.accept(read - rejected)
    for line in range(rejected):
        account.reject(Location("x.csv", line=line + 2), "bad")
    assert RejectLimit(count=count).exceeded(account) == (rejected > count)
    assert RejectLimit(percent=percent).exceeded(account) == (
        read > 0 and Fraction(rejected, read) > Fraction(percent) / 100
    )
    assert RejectLimit().exceeded(account) == (read > 0 and rejected == read)


WORKPLACE = ROOT / "examples" / "agreements" / "workplace.toml"


@pytest.mark.parametrize("fail_on", ["breach", "at_risk", "no_data"])
def test_fail_on_exits_4_when_no_objective_could_be_judged(
    fail_on: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "calls.jsonl"
    empty.write_text("")
    argv = ["evaluate", str(WORKPLACE), "--calls", f"jsonl:{empty}", "--format", "json"]
    assert main(argv) == 0  # without --fail-on, a report of no data is a report
    report = json.loads(capsys.readouterr().out)
    statuses = {o["status"] for a in report["agreements"] for o in a["objectives"]}
    assert statuses <= {"no_data", "insufficient_data"}
    assert "no_data" in statuses
    assert main([*argv, "--fail-on", fail_on]) == 4
    err = capsys.readouterr().err
    assert f"objective results insufficient_data or no_data (--fail-on {fail_on}): " in err


def test_fail_on_no_data_exits_4_only_for_unjudged_objectives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--no-html", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    results = [o for a in report["agreements"] for o in a["objectives"]]
    unjudged = [o for o in results if o["status"] in ("no_data", "insufficient_data")]
    judged = {o["status"] for o in results} - {"no_data", "insufficient_data"}
    assert judged  # the demo judges something, so breach and at_risk keep exit 1
    assert main(["demo", "--no-html", "--format", "json", "--fail-on", "no_data"]) == (
        4 if unjudged else 0
    )
    assert main(["demo", "--no-html", "--format", "json", "--fail-on", "breach"]) == 1


def test_a_missing_extra_is_an_environment_error_naming_the_pip_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "slo.yaml"
    source.write_text("apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: x\nspec: {}\n")
    monkeypatch.setitem(sys.modules, "yaml", None)  # PyYAML not installed
    assert main(["openslo", "import", str(source)]) == 2
    err = capsys.readouterr().err
    assert "needs PyYAML" in err
    assert "pip install 'xlacore[openslo]'" in err
    assert "internal error" not in err


def test_the_rejection_note_gives_the_ingest_command_with_its_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _tickets(tmp_path, (*_GOOD, _BAD))
    agreement = str(TUTORIAL / "agreement.toml")
    assert main(["evaluate", agreement, "--calls", source, "--calls-mapping", str(MAPPING)]) == 0
    err = capsys.readouterr().err
    assert (
        f"1 of 4 records rejected; 'xlacore ingest {source} --mapping {MAPPING}' lists them" in err
    )


_HOLIDAY_SLA = """
[[documents]]
apiVersion = "xlacore/v1"
kind = "Calendar"
metadata.name = "office-hours"
[documents.spec]
timezone = "Europe/Amsterdam"
holiday_country = "NL"

[[documents]]
apiVersion = "xlacore/v1"
kind = "SlaDefinition"
metadata.name = "res"
[documents.spec]
metric = "resolution"
start = { field = "type", op = "eq", value = "opened" }
stop = { field = "state", op = "in", value = ["Resolved", "Closed"] }
calendar = "office-hours"
goals = [{ seconds = 86400 }]
"""


def test_a_missing_holidays_extra_is_exit_2_naming_the_pip_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    agreement = tmp_path / "sla.toml"
    agreement.write_text(_HOLIDAY_SLA)
    argv = ["evaluate", str(agreement), "--calls", f"mapped:{TUTORIAL / 'tickets.csv'}"]
    argv += ["--calls-mapping", str(MAPPING)]
    monkeypatch.setitem(sys.modules, "holidays", None)  # the extra not installed
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "calendar holidays for country 'NL' needs holidays" in err
    assert "pip install 'xlacore[holidays]'" in err
    assert "internal error" not in err


def test_a_missing_dask_extra_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from xlacore.errors import MissingExtraError

    monkeypatch.delitem(sys.modules, "xlacore.scale.dask", raising=False)
    monkeypatch.setitem(sys.modules, "dask.bag", None)  # the extra not installed
    with pytest.raises(MissingExtraError, match=r"pip install 'xlacore\[dask\]'"):
        import xlacore.scale.dask  # noqa: F401
