"""The mapped connector's native columns for event-log CSVs equal its objects path.

For generated event logs (valid and invalid rows, reopenings, group moves, times out of
order, unmapped channels and states, DST gaps) the columns equal ``call_observations`` of the
connector's calls, the accounts are equal (rejections and warnings, in order) and so is the
evaluation report; the contract kit's columnar law holds on them. On the UCI log the figures
are checked against pandas.
"""

from __future__ import annotations

import csv
import functools
import io
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlacore.cli import main
from xlacore.connectors import ingest
from xlacore.connectors.account import IngestAccount
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.mapping import MappingFile
from xlacore.connectors.protocol import ColumnBatch
from xlacore.evaluation.documents import load_documents
from xlacore.evaluation.evaluate import evaluate, evaluate_observations
from xlacore.frames.observations import call_table_observations
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import call_observations
from xlacore.serialization import from_dict
from xlacore.testing.contracts import assert_same_columns, check_connector

ROOT = Path(__file__).resolve().parents[2]
UCI_MAPPING = ROOT / "examples" / "mappings" / "uci_incident_events.toml"
HEADER = [
    "number", "state", "group", "actor", "at", "seq", "category", "channel", "priority",
    "impact", "kind", "knowledge", "location", "caller", "note",
]  # fmt: skip
AGREEMENT = """
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
metadata.name = "reopen-rate"
[documents.spec]
source = "calls"
strategy = "proportion"
params = { column = "reopened" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "first-assignment"
[documents.spec]
source = "calls"
strategy = "proportion"
params = { column = "first_assignment_resolution" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "desk"
[documents.spec]
services = ["Category 1", "Category 2", "unknown"]
objectives = [
  { name = "resolution", indicator = "resolved-in-8h", op = "gte", target = 70, window = "3650d" },
  { name = "reopen-rate", indicator = "reopen-rate", op = "lte", target = 10, window = "3650d" },
  { name = "fa", indicator = "first-assignment", op = "gte", target = 50, window = "3650d" },
]
"""


def _mapping(
    timezone: str, call_fields: str, group: bool, order: bool, statuses: bool
) -> MappingFile:
    events: dict[str, Any] = {"at": "at", "status": "state", "actor": "actor"}
    if group:
        events["group"] = "group"
    if order:
        events["order"] = "seq"
    values: dict[str, Any] = {"kind": {"req": "request"}, "channel": {"Carrier pigeon": "phone"}}
    if statuses:
        values["status"] = {
            "Fixed": "resolved",
            "Moved": "reassigned",
            "Again": "reopened",
            "Up": "escalated",
            "Note": "updated",
            "Hold": "paused",
        }
    data = {
        "source": {
            "missing": ["?"],
            "date_formats": ["%d/%m/%Y %H:%M"],
            "timezone": timezone,
        },
        "calls": {
            "id": "number",
            "grouping": "row_per_event",
            "call_fields": call_fields,
            "service": "category",
            "channel": "channel",
            "priority": "priority",
            "impact": "impact",
            "kind": "kind",
            "knowledge": "knowledge",
            "caller": "caller",
            "attributes": ["location", "note"],
            "events": events,
        },
        "values": values,
    }
    mapping: MappingFile = from_dict(MappingFile, data, source="test mapping")
    return mapping


def _sometimes(values: Sequence[str]) -> st.SearchStrategy[str]:
    return st.sampled_from([*values, "?"])


_TIMES = st.one_of(
    st.integers(0, 60 * 24 * 4).map(lambda m: m),  # minutes from 26/3/2016 00:00
    st.sampled_from([-1, -2, -3]),  # a missing time, one that is no date, no timestamp
)


@st.composite
def _rows(draw: st.DrawFn) -> list[list[str]]:
    rows: list[list[str]] = []
    for number in range(draw(st.integers(0, 7))):
        for _ in range(draw(st.integers(1, 5))):
            minute = draw(_TIMES)
            if minute == -1:
                at = "?"
            elif minute == -2:
                at = "31/4/2016 10:00"
            elif minute == -3:
                at = "soon"
            else:
                day, rest = divmod(minute, 60 * 24)
                at = f"{26 + day}/3/2016 {rest // 60:02d}:{rest % 60:02d}"
            states = ["New", "Active", "Awaiting User Info", "Resolved", "Closed", "-100"]
            states += ["Fixed", "Moved", "Again", "Up", "Note", "Hold"]
            rows.append(
                [
                    draw(st.sampled_from([f"INC{number:03d}"] * 6 + ["?"])),
                    draw(_sometimes(states)),
                    draw(_sometimes(["Group 1", "Group 2", "Group 3"])),
                    draw(_sometimes(["Updated by 1", "Updated by 2"])),
                    at,
                    draw(_sometimes(["0", "1", "2", "3", "1.5"])),
                    draw(_sometimes(["Category 1", "Category 2"])),
                    draw(_sometimes(["Phone", "Email", "Self service", "Smoke signal", "IVR"])),
                    draw(_sometimes(["1 - Critical", "3 - Moderate", "High", "urgent-ish"])),
                    draw(_sometimes(["2 - Medium", "Low", "huge"])),
                    draw(_sometimes(["incident", "req", "bogus"])),
                    draw(_sometimes(["true", "false", "yes"])),
                    draw(_sometimes(["Location 1", "Loc, 2", 'the "big" one'])),
                    draw(_sometimes(["Caller 1", "Caller 2"])),
                    draw(_sometimes(["a note"])),
                ]
            )
    return rows


def _log_bytes(rows: list[list[str]]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return text.getvalue().encode()


def _write(path: Path, rows: list[list[str]]) -> None:
    path.write_bytes(_log_bytes(rows))


def _columnar(path: Path, options: MappedOptions) -> tuple[ObservationColumns, IngestAccount]:
    account = IngestAccount()
    batches = MAPPED.read_columns(path, options, account)
    assert batches is not None, "the columnar path should read this file"
    read = ColumnBatch.concat(list(batches))
    assert read.feedback.n_rows == 0
    return read.calls, account


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=_rows(),
    timezone=st.sampled_from(["UTC", "Europe/Amsterdam"]),
    call_fields=st.sampled_from(["first", "last"]),
    group=st.booleans(),
    order=st.booleans(),
    statuses=st.booleans(),
)
def test_columnar_path_equals_the_objects_path(
    rows: list[list[str]],
    timezone: str,
    call_fields: str,
    group: bool,
    order: bool,
    statuses: bool,
) -> None:
    mapping = _mapping(timezone, call_fields, group, order, statuses)
    options = MappedOptions(mapping_object=mapping)
    agreements = _agreements()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        _write(path, rows)
        table, account = _columnar(path, options)
        read = ingest(MAPPED, path, options)
    assert account == read.account
    assert account.balanced
    assert_same_columns(table, call_observations(read.calls))
    report = evaluate_observations(agreements, call_table_observations(table))
    assert report == evaluate(agreements, read.calls)


def _event_rows(content: bytes) -> int:
    """The rows after the header (no generated value holds a line break)."""
    return content.count(b"\n") - 1 if content else 0


@pytest.mark.parametrize(
    ("timezone", "call_fields", "group", "order", "statuses"),
    [("Europe/Amsterdam", "first", True, True, True), ("UTC", "last", False, False, False)],
)
def test_the_contract_kit_passes_the_native_columns(
    timezone: str, call_fields: str, group: bool, order: bool, statuses: bool
) -> None:
    """The kit's columnar law on event logs the native path reads (and on garbage)."""
    options = MappedOptions(mapping_object=_mapping(timezone, call_fields, group, order, statuses))
    content = _log_bytes([[*_ROW, "L", "C", "n"]])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        path.write_bytes(content)
        assert MAPPED.read_columns(path, options, IngestAccount()) is not None, "not native"
    check_connector(
        MAPPED,
        sources=_rows().map(_log_bytes),
        records=_event_rows,
        suffix=".csv",
        options=options,
        settings=settings(
            max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )


@functools.cache
def _agreements() -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "agreement.toml"
        path.write_text(AGREEMENT, encoding="utf-8")
        return load_documents(path)


_ROW = ["INC1", "New", "Group 1", "A", "1/3/2016 10:00", "1", "Category 1", "Phone", "3", "2"]
_ROW += ["incident", "false"]


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        ([["INC1"], ["INC2"], ["INC1"]], "rows of a call not contiguous"),
        ([["INC1", "x"]], "a field count that differs from the header's"),
        ([["INC1"], [""]], "a blank row"),
    ],
)
def test_files_it_does_not_read_go_to_the_connector(
    tmp_path: Path, rows: list[list[str]], why: str
) -> None:
    """None and an untouched account; the command line then reads through the connector."""
    path = tmp_path / "events.csv"
    full = []
    for number, *extra in rows:
        row = [number, *_ROW[1:], "L", "C", "n"]
        if not number:
            row = [""] * len(HEADER)
        full.append(row + extra)
    _write(path, full)
    options = MappedOptions(mapping_object=_mapping("UTC", "first", True, True, False))
    account = IngestAccount()
    assert MAPPED.read_columns(path, options, account) is None, why
    assert account == IngestAccount()


def test_a_mapping_with_an_event_type_column_goes_to_the_connector(tmp_path: Path) -> None:
    mapping = _mapping("UTC", "first", True, True, False)
    events = from_dict(
        MappingFile,
        {
            "calls": {
                "id": "number",
                "grouping": "row_per_event",
                "events": {"at": "at", "type": "state"},
            },
            "source": {"date_formats": ["%d/%m/%Y %H:%M"]},
        },
        source="test",
    )
    path = tmp_path / "events.csv"
    _write(path, [[*_ROW, "L", "C", "n"]])
    native = MAPPED.read_columns(path, MappedOptions(mapping_object=mapping), IngestAccount())
    assert native is not None
    assert MAPPED.read_columns(path, MappedOptions(mapping_object=events), IngestAccount()) is None


def _uci(shared_data: Path) -> Path:
    return shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"


@pytest.mark.shared_data
def test_uci_log_against_pandas_and_the_objects_path(shared_data: Path) -> None:
    path = _uci(shared_data)
    options = MappedOptions(str(UCI_MAPPING))
    table, account = _columnar(path, options)
    with zipfile.ZipFile(path) as archive, archive.open("incident_event_log.csv") as raw:
        frame = pd.read_csv(raw, dtype=str, keep_default_na=False)
    # Independent figures: calls are the distinct incident numbers; nothing is rejected.
    assert account.records_read == len(frame) == 141_712
    assert account.rejected == 0
    assert account.balanced
    assert table.n_rows == frame["number"].nunique() == 24_918
    assert table.column("call").tolist() == frame["number"].drop_duplicates().tolist()
    # Reassignments: a group that differs from the incident's last known one, its rows in
    # sys_mod_count order (stable), the missing marker '?' keeping the group as it was.
    frame["seq"] = frame["sys_mod_count"].astype(int)
    ordered = frame.sort_values(["seq"], kind="stable").sort_values(["number"], kind="stable")
    groups = ordered["assignment_group"].where(ordered["assignment_group"] != "?")
    known_before = groups.groupby(ordered["number"]).shift().groupby(ordered["number"]).ffill()
    moved = groups.notna() & known_before.notna() & (groups != known_before)
    per_call = moved.groupby(ordered["number"], sort=False).sum()
    calls = table.column("call").tolist()
    counts = dict(zip(calls, table.column("reassignment_count").tolist(), strict=True))
    assert counts == per_call.astype(int).to_dict()
    assert sum(counts.values()) == int(moved.sum())
    # Reopenings: a move from a resolved or closed state to an active one.
    states = ordered["incident_state"]
    closing = states.isin(["Resolved", "Closed"])
    active = states.isin(["New", "Active", "Awaiting User Info", "Awaiting Problem"])
    active |= states.isin(["Awaiting Vendor", "Awaiting Evidence"])
    changed = states != states.groupby(ordered["number"]).shift()
    phase_before = pd.Series(np.where(closing, 1, np.where(active, 0, np.nan)), ordered.index)
    phase_before = (
        phase_before.groupby(ordered["number"]).shift().groupby(ordered["number"]).ffill()
    )
    reopened = changed & active & (phase_before == 1)
    reopens = reopened.groupby(ordered["number"], sort=False).sum().astype(int).to_dict()
    got = dict(zip(calls, table.column("reopen_count").tolist(), strict=True))
    assert got == reopens
    assert (sum(counts.values()), sum(got.values())) == (19_088, 332)
    # Against the source's own flags (its last row per incident): every incident it counts
    # as reopened is reopened here (275; one more here), and none is reassigned here that
    # it says never was.
    last = frame.groupby("number", sort=False).tail(1).set_index("number")
    flagged = set(last.index[last["reopen_count"].astype(int) > 0])
    reopened_here = {call for call, n in got.items() if n > 0}
    assert len(flagged) == 275
    assert flagged <= reopened_here
    assert len(reopened_here) == 276
    never = set(last.index[last["reassignment_count"].astype(int) == 0])
    assert not {call for call, n in counts.items() if n > 0} & never
    # And exactly what the connector's objects give.
    read = ingest(MAPPED, path, options)
    assert account == read.account
    assert_same_columns(table, call_observations(read.calls))


@pytest.mark.shared_data
def test_cli_ingest_reads_the_uci_log_through_the_columnar_path(
    shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = f"mapped:{_uci(shared_data)}"
    args = ["ingest", source, "--mapping", str(UCI_MAPPING), "--format", "json"]
    assert main(args) == 0
    columnar = capsys.readouterr().out
    assert main([*args, "--progress"]) == 0  # a progress line: the connector reads it
    assert capsys.readouterr().out == columnar
    assert '"calls": 24918' in columnar


def _cli_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    rows = [
        ["INC1", "New", "Group 1", "A", "1/3/2016 10:00", "0", "Category 1", "Phone", "3", "2"],
        ["INC1", "Resolved", "Group 2", "A", "1/3/2016 12:00", "1", "Category 1", "Phone", "3"],
        ["INC2", "New", "Group 1", "B", "2/3/2016 09:00", "0", "Category 2", "Email", "huge"],
        ["?", "New", "Group 1", "B", "2/3/2016 09:30", "1", "Category 2", "Email", "3"],
        ["INC3", "Active", "Group 3", "B", "soon", "0", "Category 2", "Email", "3"],
    ]
    full = [[*[*row, "2"][:10], "incident", "false", "L", "C", "n"] for row in rows]
    data = tmp_path / "events.csv"
    _write(data, full)
    mapping = tmp_path / "events.toml"
    mapping.write_text(
        """
[source]
missing = ["?"]
date_formats = ["%d/%m/%Y %H:%M"]

[calls]
id = "number"
grouping = "row_per_event"
service = "category"
channel = "channel"
priority = "priority"

[calls.events]
at = "at"
status = "state"
group = "group"
order = "seq"
""",
        encoding="utf-8",
    )
    agreement = tmp_path / "agreement.toml"
    agreement.write_text(AGREEMENT, encoding="utf-8")
    return data, mapping, agreement


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_cli_evaluate_gives_the_same_report_through_the_columnar_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    data, mapping, agreement = _cli_files(tmp_path)
    account = IngestAccount()
    assert MAPPED.read_columns(data, MappedOptions(str(mapping)), account) is not None
    assert account.rejected == 3  # a bad priority, no id, no time
    args = ["evaluate", str(agreement), "--calls", f"mapped:{data}"]
    args += ["--calls-mapping", str(mapping), "--format", fmt]
    assert main(args) == 0
    columnar = capsys.readouterr()
    assert main([*args, "--progress"]) == 0  # with a progress line the connector reads it
    objects = capsys.readouterr()
    assert columnar.out == objects.out
    assert "3 of 5 records rejected" in columnar.err
    assert "3 of 5 records rejected" in objects.err


def test_cli_ingest_strict_stops_at_the_same_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, mapping, _ = _cli_files(tmp_path)
    args = ["ingest", f"mapped:{data}", "--mapping", str(mapping), "--strict"]
    assert main(args) == 2
    columnar = capsys.readouterr().err
    assert main([*args, "--progress"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == columnar.splitlines()[-1]
    assert f"{data}:5: number (the id) is missing" in columnar  # before INC2's bad priority
