"""``xlacore ingest``: the JSON contract, the table, and errors as messages."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from xlacore.cli import ingest as ingest_cli
from xlacore.errors import InvalidInputError, UnknownNameError

SLICE = (
    Path(__file__).resolve().parent.parent / "data" / "uci_slice" / "incident_event_log_slice.csv"
)
KEYS = [
    "records_read",
    "accepted",
    "rejected",
    "rejections",
    "warnings",
    "calls",
    "feedback",
    "by_channel",
    "by_kind",
    "by_service",
]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="xlacore")
    ingest_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["ingest", *argv])
    code: int = args.handler(args)
    return code


def test_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(f"servicenow:{SLICE}", "--format", "json") == 0
    out = capsys.readouterr().out
    report = json.loads(out)
    assert list(report) == KEYS
    assert (report["records_read"], report["accepted"], report["rejected"]) == (449, 449, 0)
    assert report["calls"] == 75
    assert report["feedback"] == 0
    assert report["by_kind"] == {"incident": 75}
    assert sum(report["by_channel"].values()) == 75
    assert report["by_service"] == {"(unmapped)": 75}
    warning = report["warnings"][0]
    assert set(warning) == {"location", "reason"}
    assert set(warning["location"]) >= {"source", "line", "record"}
    # deterministic: the same bytes on a second run
    run(f"servicenow:{SLICE}", "--format", "json")
    assert capsys.readouterr().out == out


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(f"servicenow:{SLICE}") == 0
    out = capsys.readouterr().out
    assert "449 read, 449 accepted, 0 rejected" in out
    assert "calls by channel" in out
    assert "phone" in out


def test_options_and_rejections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("number,state,opened_at\nINC1,New,2016-01-01 10:00\nINC2,New,soon\n")
    run(f"servicenow:{path}", "--format", "json", "--option", 'date_formats=["%Y-%m-%d %H:%M"]')
    report = json.loads(capsys.readouterr().out)
    assert report["rejected"] == 1
    assert report["rejections"][0]["location"]["line"] == 3
    assert "opened_at" in report["rejections"][0]["reason"]


def test_unknown_connector_and_bad_source() -> None:
    with pytest.raises(UnknownNameError, match="servicenow"):
        run(f"servicenw:{SLICE}")
    with pytest.raises(InvalidInputError, match="CONNECTOR:PATH"):
        run(str(SLICE))
    with pytest.raises(InvalidInputError, match="takes no mapping file"):
        run(f"servicenow:{SLICE}", "--mapping", "x.toml")
