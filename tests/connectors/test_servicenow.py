"""The ServiceNow connector on the vendored UCI slice, on synthetic exports and on the full log."""

from __future__ import annotations

import csv
import io
import statistics
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from xlacore.connectors import ingest
from xlacore.connectors.account import RejectedRecordError
from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
from xlacore.model.calls import EventType
from xlacore.model.channels import Channel

SLICE = (
    Path(__file__).resolve().parent.parent / "data" / "uci_slice" / "incident_event_log_slice.csv"
)


def _slice_rows() -> list[dict[str, str]]:
    with SLICE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_slice_accounts_for_every_row() -> None:
    result = ingest(SERVICENOW, SLICE)
    rows = _slice_rows()
    account = result.account
    assert account.records_read == len(rows) == 449
    assert account.accepted == 449
    assert account.rejected == 0
    assert account.balanced
    assert len(result.calls) == len({r["number"] for r in rows}) == 75


def test_slice_lifecycle_of_a_known_incident() -> None:
    calls = {c.id: c for c in ingest(SERVICENOW, SLICE).calls}
    call = calls["INC0000047"]
    types = [e.type for e in call.events]
    assert types[0] is EventType.OPENED
    assert call.opened_at == datetime(2016, 2, 29, 4, 40, tzinfo=UTC)
    assert EventType.PAUSED in types
    assert call.reassignment_count == 1
    assert call.resolved_at == datetime(2016, 3, 1, 9, 52, tzinfo=UTC)
    assert call.closed_at == datetime(2016, 3, 6, 10, 0, tzinfo=UTC)
    assert call.current_state == "Closed"
    assert call.current_group == "Group 24"
    assert call.channel is Channel.PHONE
    assert call.priority == 3
    assert call.impact == 2
    assert call.attributes["made_sla"] == "true"
    assert call.knowledge_used
    paused = next(e for e in call.events if e.type is EventType.PAUSED)
    assert paused.state == "Awaiting User Info"


def test_backwards_timestamp_is_kept_with_a_warning() -> None:
    result = ingest(SERVICENOW, SLICE)
    calls = {c.id: c for c in result.calls}
    call = calls["INC0000130"]
    moved = [e for e in call.events if e.detail is not None]
    assert moved
    assert "recorded at 2016-02-29T07:27:00+00:00" in moved[0].detail
    warnings = [w for w in result.account.warnings if w.location.record == "INC0000130"]
    assert any(w.location.line == 330 and "before the previous" in w.reason for w in warnings)
    assert any("repeats" in w.reason for w in warnings)


def test_unknown_state_is_warned_and_kept() -> None:
    result = ingest(SERVICENOW, SLICE)
    call = next(c for c in result.calls if c.id == "INC0028089")
    assert any(e.state == "-100" for e in call.events)
    reasons = [w for w in result.account.warnings if "'-100'" in w.reason]
    assert [w.location.line for w in reasons] == [446, 447]


def test_reopened_incident() -> None:
    call = next(c for c in ingest(SERVICENOW, SLICE).calls if c.id == "INC0000102")
    assert call.reopen_count >= 1


def test_timezone_option_applies_to_naive_timestamps() -> None:
    options = ServiceNowOptions(timezone="Europe/Amsterdam")
    call = ingest(SERVICENOW, SLICE, options).calls[0]
    assert call.opened_at.utcoffset() is not None
    assert call.opened_at.isoformat() == "2016-02-29T01:16:00+01:00"


def test_catalogue_maps_category_to_service(tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(
        '{"services":[{"id":"email","name":"Email"}],'
        '"components":[{"kind":"category","key":"Category 55","service":"email"}]}'
    )
    calls = ingest(SERVICENOW, SLICE, ServiceNowOptions(catalogue=str(catalogue))).calls
    by_id = {c.id: c for c in calls}
    assert by_id["INC0000045"].service == "email"
    assert by_id["INC0000047"].service is None


HEADER = (
    "number,incident_state,sys_mod_count,sys_updated_at,opened_at,priority,assignment_group,"
    "contact_type,reassignment_count"
)


def _write(tmp_path: Path, *lines: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_rows_are_rejected_with_locations(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER,
        "INC1,New,0,1/3/2016 10:00,1/3/2016 10:00,3 - Moderate,G1,Phone,0",
        "INC1,Active,x,1/3/2016 10:05,1/3/2016 10:00,3 - Moderate,G1,Phone,0",
        "INC1,Active,2,32/3/2016 10:05,1/3/2016 10:00,3 - Moderate,G1,Phone,0",
        "INC1,Active,3,1/3/2016 10:05,1/3/2016 10:00,9 - Bad,G1,Phone,0",
        "INC1,Resolved,4,1/3/2016 11:00",
        "INC2,New,0,1/3/2016 10:00,1/3/2016 10:00,?,?,Teams,0",
        "INC1,Closed,5,2/3/2016 10:00,1/3/2016 10:00,3 - Moderate,G1,Phone,0",
    )
    result = ingest(SERVICENOW, path)
    account = result.account
    assert account.balanced
    assert (account.records_read, account.accepted, account.rejected) == (7, 2, 5)
    found = {(r.location.line, r.location.record): r.reason for r in account.rejections}
    assert "sys_mod_count" in found[(3, "INC1")]
    assert "sys_updated_at" in found[(4, "INC1")]
    assert "outside 1..5" in found[(5, "INC1")]
    assert "4 fields where the header has 9" in found[(6, "INC1")]
    assert "not contiguous" in found[(8, "INC1")]
    assert {c.id for c in result.calls} == {"INC1", "INC2"}
    inc2 = next(c for c in result.calls if c.id == "INC2")
    assert inc2.channel is None
    assert any("'Teams'" in w.reason for w in account.warnings)


def test_strict_mode_stops_at_the_first_bad_row(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER,
        "INC1,New,0,1/3/2016 10:00,1/3/2016 10:00,3 - Moderate,G1,Phone,0",
        "INC1,Active,x,1/3/2016 10:05,1/3/2016 10:00,3 - Moderate,G1,Phone,0",
    )
    with pytest.raises(RejectedRecordError, match=r"export.csv:3 \(record INC1\).*sys_mod_count"):
        ingest(SERVICENOW, path, strict=True)


def test_wrong_encoding_rejects_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(
        (HEADER + "\n").encode()
        + "INC1,New,0,1/3/2016 10:00,1/3/2016 10:00,3 - Moderate,Gr\xfcppe,Phone,0\n".encode(
            "latin-1"
        )
        + b"INC2,New,0,1/3/2016 10:00,1/3/2016 10:00,3 - Moderate,G,Phone,0\n"
    )
    account = ingest(SERVICENOW, path).account
    assert (account.accepted, account.rejected) == (1, 1)
    assert account.rejections[0].location.line == 2
    assert "utf-8" in account.rejections[0].reason


def test_table_form_with_duplicate_ids(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "number,state,opened_at,resolved_at,closed_at,contact_type,priority,impact,urgency",
        "INC1,Closed,2016-03-01 10:00:00,2016-03-01 12:00:00,2016-03-03 12:00:00,"
        "Self-service,2 - High,1 - High,2 - Medium",
        "INC2,Active,2016-03-01 10:00:00,,,Email,4 - Low,3 - Low,3 - Low",
        "INC1,Closed,2016-03-01 10:00:00,,,Email,4 - Low,3 - Low,3 - Low",
        "INC3,Resolved,2016-03-02 10:00:00,2016-03-01 12:00:00,,Email,4 - Low,3 - Low,3 - Low",
    )
    result = ingest(SERVICENOW, path)
    account = result.account
    assert (account.records_read, account.accepted, account.rejected) == (4, 3, 1)
    assert "duplicate number (first at line 2)" in account.rejections[0].reason
    inc1, inc2, inc3 = result.calls
    assert inc1.channel is Channel.PORTAL
    assert inc1.resolution_seconds == 7200
    assert inc1.closed_at is not None
    assert not inc2.is_resolved
    assert inc3.resolved_at == inc3.opened_at  # recorded before opening: kept, warned
    assert any(w.location.record == "INC3" for w in account.warnings)


def test_gz_and_zip_sources_read_the_same(tmp_path: Path) -> None:
    import gzip

    data = SLICE.read_bytes()
    gz = tmp_path / "slice.csv.gz"
    gz.write_bytes(gzip.compress(data))
    zipped = tmp_path / "slice.csv.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("slice.csv", data)
    plain = ingest(SERVICENOW, SLICE).calls
    assert ingest(SERVICENOW, gz).calls == plain
    assert ingest(SERVICENOW, zipped).calls == plain


# -- the whole UCI log -----------------------------------------------------------------
def _independent_figures(path: Path) -> tuple[int, int, float, float, Counter[str]]:
    """Rows, incidents, made_sla share, mean reassignment count and contact types.

    Computed with the csv module alone from each incident's final row (highest
    sys_mod_count; the later row in the file when equal).
    """
    final: dict[str, tuple[int, dict[str, str]]] = {}
    rows = 0
    with zipfile.ZipFile(path) as archive, archive.open("incident_event_log.csv") as raw:
        for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")):
            rows += 1
            seq = int(row["sys_mod_count"])
            known = final.get(row["number"])
            if known is None or seq >= known[0]:
                final[row["number"]] = (seq, row)
    last = [row for _, row in final.values()]
    made = sum(r["made_sla"] == "true" for r in last) / len(last)
    reassigned = statistics.fmean(int(r["reassignment_count"]) for r in last)
    return rows, len(last), made, reassigned, Counter(r["contact_type"] for r in last)


@pytest.mark.shared_data
@pytest.mark.slow
def test_whole_uci_log(shared_data: Path) -> None:
    path = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    result = ingest(SERVICENOW, path, ServiceNowOptions(member="incident_event_log.csv"))
    account = result.account
    assert account.records_read == 141_712
    assert account.accepted + account.rejected == 141_712
    assert account.rejected == 0
    calls = result.calls
    assert len(calls) == 24_918

    rows, incidents, made, reassigned, contact_types = _independent_figures(path)
    assert (rows, incidents) == (141_712, 24_918)
    ours_made = sum(c.attributes.get("made_sla") == "true" for c in calls) / len(calls)
    assert ours_made == pytest.approx(made)
    assert round(100 * ours_made, 2) == 63.42  # the data README's figure
    assert statistics.fmean(c.reassignment_count for c in calls) == pytest.approx(reassigned)
    assert round(reassigned, 2) == 0.94
    assert Counter(c.attributes["contact_type"] for c in calls) == contact_types
    expected_channels = Counter(
        {
            Channel.PHONE: contact_types["Phone"] + contact_types["IVR"],
            Channel.PORTAL: contact_types["Self service"],
            Channel.EMAIL: contact_types["Email"],
            None: contact_types["Direct opening"],
        }
    )
    assert Counter(c.channel for c in calls) == expected_channels
    # the oddities are kept and reported with their rows, not silently fixed
    backwards = [w for w in account.warnings if "before the previous" in w.reason]
    assert len(backwards) == 7
    assert len(account.warnings) == 21
    assert sum("'-100'" in w.reason for w in account.warnings) == 5
