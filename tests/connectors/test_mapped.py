"""The mapped connector: mapping files, BPI 2014 incidents, event rows, feedback, JSON Lines."""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
import zipfile
from collections import Counter
from pathlib import Path

import attrs
import pandas as pd
import pytest

import xlacore
from xlacore.connectors import ingest
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.mapping import SCHEMA_PATH, MappingFile, load_mapping
from xlacore.errors import ConnectorError, InvalidInputError
from xlacore.frames.mapping import frame_mapping
from xlacore.model.calls import CallKind, EventType
from xlacore.model.channels import Channel

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "mappings"


def _mapping(tmp_path: Path, text: str) -> MappedOptions:
    path = tmp_path / "mapping.toml"
    path.write_text(text)
    return MappedOptions(str(path))


def test_example_mappings_load() -> None:
    for path in sorted(EXAMPLES.glob("*.toml")):
        assert isinstance(load_mapping(path), MappingFile)


def _schema_keys(schema: dict[str, object]) -> set[str]:
    properties = schema.get("properties", {})
    assert isinstance(properties, dict)
    return set(properties)


def test_schema_matches_the_model() -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    assert _schema_keys(schema) == set(attrs.fields_dict(MappingFile))
    for name, field in attrs.fields_dict(MappingFile).items():
        sub = schema["properties"][name]
        inner = [t for t in getattr(field.type, "__args__", (field.type,)) if attrs.has(t)]
        if isinstance(field.type, type) and attrs.has(field.type):
            inner = [field.type]
        if inner:
            assert _schema_keys(sub) == set(attrs.fields_dict(inner[0])), name


def test_unknown_key_names_path_and_file(tmp_path: Path) -> None:
    options = _mapping(tmp_path, '[source]\nformat = "csv"\n[calls]\nid = "x"\ncolour = "red"\n')
    with pytest.raises(
        InvalidInputError, match=r"mapping.toml[\s\S]*\$\.calls: unknown key 'colour'"
    ):
        ingest(MAPPED, tmp_path / "any.csv", options)


def test_mapping_needs_calls_or_feedback(tmp_path: Path) -> None:
    options = _mapping(tmp_path, '[source]\nformat = "csv"\n')
    with pytest.raises(InvalidInputError, match="exactly one of"):
        ingest(MAPPED, tmp_path / "any.csv", options)


def test_no_mapping_is_an_error_naming_the_flags_to_give(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match="needs a mapping file") as caught:
        ingest(MAPPED, tmp_path / "any.csv")
    assert "--mapping FILE on ingest" in str(caught.value)
    assert "--calls-mapping FILE or --feedback-mapping FILE" in str(caught.value)


CALLS = """
[source]
date_formats = ["%Y-%m-%d %H:%M"]
timezone = "Europe/Amsterdam"
missing = ["", "NULL"]
[calls]
id = "id"
kind = "type"
channel = "via"
priority = "prio"
service = "svc"
attributes = ["team"]
[calls.times]
opened = "opened"
resolved = "resolved"
[values.kind]
"Störung" = "incident"
[values.channel]
"Teams" = "chat"
[values.priority]
"P1" = 1
"""


def test_row_per_call_with_value_maps_and_rejections(tmp_path: Path) -> None:
    data = tmp_path / "calls.csv"
    data.write_text(
        "id,type,via,prio,svc,team,opened,resolved\n"
        "A,Störung,Teams,P1,Email,T1,2024-03-01 09:00,2024-03-01 10:30\n"
        "B,request,Fax,3,NULL,T2,2024-03-01 09:00,NULL\n"
        "A,request,Phone,3,Email,T1,2024-03-01 09:00,\n"
        "C,gripe,Phone,3,Email,T1,2024-03-01 09:00,\n"
        "D,request,Phone,0,Email,T1,2024-03-01 09:00,\n"
        "E,request,Phone,3,Email,T1,yesterday,\n"
        ",request,Phone,3,Email,T1,2024-03-01 09:00,\n",
        encoding="utf-8",
    )
    result = ingest(MAPPED, data, _mapping(tmp_path, CALLS))
    account = result.account
    assert (account.records_read, account.accepted, account.rejected) == (7, 2, 5)
    reasons = {r.location.line: r.reason for r in account.rejections}
    assert "duplicate id (first at line 2)" in reasons[4]
    assert "values.kind" in reasons[5]
    assert "level" in reasons[6]
    assert "opened" in reasons[7]
    assert "missing" in reasons[8]
    a, b = result.calls
    assert (a.kind, a.channel, a.priority, a.service) == (
        CallKind.INCIDENT,
        Channel.CHAT,
        1,
        "Email",
    )
    assert a.resolution_seconds == 5400
    assert a.opened_at.isoformat() == "2024-03-01T09:00:00+01:00"
    assert a.attributes["team"] == "T1"
    assert b.channel is None
    assert b.service is None
    assert any("'Fax'" in w.reason for w in account.warnings)


EVENTS = """
[source]
format = "jsonl"
[calls]
id = "ticket"
grouping = "row_per_event"
channel = "channel"
[calls.events]
at = "time"
type = "activity"
group = "team"
order = "seq"
[values.event]
"Open" = "opened"
"Assign" = "assigned"
"Move" = "reassigned"
"Solve" = "resolved"
"""


def test_row_per_event_jsonl(tmp_path: Path) -> None:
    data = tmp_path / "events.jsonl"
    lines = [
        {
            "ticket": "T1",
            "seq": 1,
            "time": "2024-01-01T09:00:00+00:00",
            "activity": "Open",
            "channel": "email",
        },
        {
            "ticket": "T1",
            "seq": 3,
            "time": "2024-01-01T11:00:00+00:00",
            "activity": "Move",
            "team": "B",
        },
        {
            "ticket": "T1",
            "seq": 2,
            "time": "2024-01-01T10:00:00+00:00",
            "activity": "Assign",
            "team": "A",
        },
        {"ticket": "T1", "seq": 4, "time": "2024-01-01T10:30:00+00:00", "activity": "Solve"},
        {"ticket": "T2", "seq": 1, "time": "2024-01-02T09:00:00+00:00", "activity": "Open"},
        {"ticket": "T2", "seq": 2, "time": "2024-01-02T09:00:00+00:00", "activity": "Dance"},
        {"ticket": "T1", "seq": 5, "time": "2024-01-03T09:00:00+00:00", "activity": "Solve"},
    ]
    data.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n[1]\n")
    result = ingest(MAPPED, data, _mapping(tmp_path, EVENTS))
    account = result.account
    assert account.balanced
    assert (account.records_read, account.accepted, account.rejected) == (9, 5, 4)
    t1, t2 = result.calls
    assert [e.type for e in t1.events] == [
        EventType.OPENED,
        EventType.ASSIGNED,
        EventType.REASSIGNED,
        EventType.RESOLVED,
    ]
    assert t1.reassignment_count == 1
    assert t1.channel is Channel.EMAIL
    # the resolution recorded before the move keeps the move's time, with a warning
    assert t1.events[-1].detail is not None
    assert any(w.location.record == "T1" for w in account.warnings)
    assert len(t2.events) == 1
    reasons = sorted(r.reason for r in account.rejections)
    assert any("values.event" in r for r in reasons)
    assert any("not contiguous" in r for r in reasons)
    assert any("not JSON" in r for r in reasons)
    assert any("JSON object" in r for r in reasons)


def test_feedback_example(tmp_path: Path) -> None:
    data = tmp_path / "csat.csv"
    data.write_text(
        "response_id,ticket,rating,answered,respondent,comment\n"
        "R1,INC1,5,2024-03-01T10:00:00+00:00,P1,great\n"
        "R2,INC2,7,2024-03-01T10:00:00+00:00,P2,\n"
        "R3,INC3,x,2024-03-01T10:00:00+00:00,P2,\n"
        "R1,INC4,4,2024-03-01T10:00:00+00:00,P3,\n"
    )
    result = ingest(MAPPED, data, MappedOptions(str(EXAMPLES / "csat_survey.toml")))
    assert (result.account.accepted, result.account.rejected) == (1, 3)
    (answer,) = result.feedback
    assert (answer.value, answer.scale.high, answer.about.id) == (5, 5, "INC1")
    reasons = [r.reason for r in result.account.rejections]
    assert "outside the scale 1..5" in reasons[0]


# -- BPI Challenge 2014 incidents, read in place ----------------------------------------
@pytest.mark.shared_data
def test_bpi2014_incidents(shared_data: Path) -> None:
    path = shared_data / "bpi-challenge-2014" / "original-csv" / "detail_incident.zip"
    options = MappedOptions(str(EXAMPLES / "bpi2014_incidents.toml"))
    result = ingest(MAPPED, path, options)
    account = result.account
    assert account.balanced
    assert account.accepted == 46_606
    assert account.rejected == 203
    assert {r.reason for r in account.rejections} == {"blank row (every field empty)"}
    calls = result.calls
    assert len({c.id for c in calls}) == 46_606
    # independent: the csv module on the same file
    with zipfile.ZipFile(path) as archive, archive.open("Detail Incident.csv") as raw:
        rows = [
            r
            for r in csv.DictReader(
                io.TextIOWrapper(raw, encoding="latin-1", newline=""), delimiter=";"
            )
            if r["Incident ID"]
        ]
    assert Counter(c.priority for c in calls) == Counter(int(r["Priority"]) for r in rows)
    assert Counter(c.priority for c in calls) == {4: 22_717, 5: 16_486, 3: 6_703, 2: 697, 1: 3}
    assert Counter(c.kind for c in calls) == {
        CallKind.INCIDENT: 37_748,
        CallKind.QUESTION: 8_846,
        CallKind.COMPLAINT: 11,
        CallKind.CHANGE: 1,
    }
    key = "# Reassignments"  # the mapping's `reassignments` column
    ours = [c.reassignment_count for c in calls if c.reassignment_count is not None]
    theirs = [int(r[key]) for r in rows if r[key]]
    assert statistics.fmean(ours) == pytest.approx(statistics.fmean(theirs))
    assert round(statistics.fmean(ours), 2) == 1.13
    assert len({c.service for c in calls}) == len({r["Service Component WBS (aff)"] for r in rows})
    assert sum(c.closed_at is not None for c in calls) == sum(bool(r["Close Time"]) for r in rows)


# -- one row per event: BPI Challenge 2013 incidents (flattened CSV), read in place -------
SETTLED = {"Resolved", "Closed", "In Call", "Cancelled"}


@pytest.mark.shared_data
def test_bpi2013_event_rows_reassignments_and_reopenings(shared_data: Path) -> None:
    pd = pytest.importorskip("pandas")
    path = shared_data / "bpi-challenge-2013" / "derived" / "bpi2013_incidents_flattened.csv.gz"
    options = MappedOptions(str(EXAMPLES / "bpi2013_incidents_events.toml"))
    result = ingest(MAPPED, path, options)
    assert result.account.balanced
    assert result.account.rejected == 0
    calls = {c.id: c for c in result.calls}
    # independent: pandas on the same rows, in file order
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
    case, group = frame["case:concept:name"], frame["org:group"]
    settled = frame["lifecycle:transition"].isin(SETTLED)
    before = group.groupby(case, sort=False).transform(lambda s: s.ffill().shift())
    moved = group.notna() & before.notna() & (group != before)
    # rows up to and including the first settled one (a move on it comes before it)
    earlier = settled.astype(int).groupby(case).cumsum() - settled.astype(int) == 0
    moves = (moved & earlier).groupby(case).sum()
    resolved_now = settled.groupby(case).last()
    seen_settled = settled.astype(int).groupby(case).cumsum() - settled.astype(int) > 0
    reopened = (~settled & seen_settled).groupby(case).any()
    assert len(calls) == case.nunique() == 7_554
    assert {k: c.moves_before_resolution for k, c in calls.items()} == moves.to_dict()
    assert {k: c.is_resolved for k, c in calls.items()} == resolved_now.to_dict()
    assert {k: c.reopen_count > 0 for k, c in calls.items()} == reopened.to_dict()
    far = [c.first_assignment_resolution for c in calls.values() if c.is_resolved]
    expected = ((moves == 0) & resolved_now)[resolved_now].mean()
    assert statistics.fmean(far) == pytest.approx(expected)
    assert round(statistics.fmean(far), 3) == 0.513  # In Call resolves; not 100 %
    # the rule for In Call: the source's own Status is Completed on every such row
    in_call = frame["lifecycle:transition"] == "In Call"
    assert set(frame.loc[in_call, "concept:name"]) == {"Completed"}
    assert in_call.sum() == 2_035
    share = statistics.fmean(c.reopen_count > 0 for c in calls.values())
    assert share == pytest.approx(reopened.mean())
    assert 0.05 < share < 0.09
    # the first row's own event is kept, and call fields come from the opening row
    first = frame.groupby(case, sort=False).first()
    levels = {"Major": 1, "High": 2, "Medium": 3, "Low": 4}
    assert {k: c.impact for k, c in calls.items()} == first["impact"].map(levels).to_dict()


def test_same_group_is_no_reassignment_and_later_moves_keep_far(tmp_path: Path) -> None:
    data = tmp_path / "events.csv"
    data.write_text(
        "id,at,state,team\n"
        "A,2024-01-01T09:00:00+00:00,New,T1\n"
        "A,2024-01-01T10:00:00+00:00,Active,T1\n"
        "A,2024-01-01T11:00:00+00:00,Resolved,T1\n"
        "A,2024-01-02T09:00:00+00:00,Active,T2\n"
        "A,2024-01-02T10:00:00+00:00,Resolved,T2\n"
        "B,2024-01-01T09:00:00+00:00,Resolved,T1\n"
    )
    mapping = (
        '[calls]\nid = "id"\ngrouping = "row_per_event"\n'
        '[calls.events]\nat = "at"\nstatus = "state"\ngroup = "team"\n'
    )
    result = ingest(MAPPED, data, _mapping(tmp_path, mapping))
    a, b = result.calls
    assert a.reassignment_count == 1
    assert a.reopen_count == 1
    assert a.moves_before_resolution == 0
    assert a.first_assignment_resolution
    assert [e.type for e in b.events] == [EventType.OPENED, EventType.RESOLVED]


UCI_SLICE = (
    Path(__file__).resolve().parents[1] / "data" / "uci_slice" / "incident_event_log_slice.csv"
)


def test_uci_event_rows_through_the_mapping_agree_with_the_csv_module() -> None:
    # examples/mappings/uci_incident_events.toml (the ingest benchmark's mapping) on the
    # vendored slice: an independent count with csv.DictReader
    with UCI_SLICE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_call: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_call.setdefault(row["number"], []).append(row)

    def at_opening(call_id: str, column: str) -> str | None:
        # call_fields = "first": the first row (by sys_mod_count) that has a value
        ordered = sorted(by_call[call_id], key=lambda r: int(r["sys_mod_count"]))
        return next((r[column] for r in ordered if r[column] != "?"), None)

    mapping = Path(__file__).resolve().parents[2] / "examples/mappings/uci_incident_events.toml"
    result = ingest(MAPPED, UCI_SLICE, MappedOptions(str(mapping)))
    assert result.account.records_read == len(rows) == result.account.accepted
    assert [c.id for c in result.calls] == list(by_call)
    for call in result.calls:
        assert call.service == at_opening(call.id, "category")
        assert call.caller == at_opening(call.id, "caller_id")
        assert call.priority == int(str(at_opening(call.id, "priority")).split(" ")[0])
        assert call.events[0].type is EventType.OPENED
    reopened = {r["number"] for r in rows if int(r["reopen_count"]) > 0}
    assert {
        c.id for c in result.calls if any(e.type is EventType.REOPENED for e in c.events)
    } >= reopened


# -- facts a source cannot support, and errors found at the header ---------------------------
_EVENTS = (
    "id,at,state,team\n"
    "A,2024-01-01T09:00:00,New,T1\n"
    "A,2024-01-01T10:00:00,Active,T2\n"
    "A,2024-01-01T11:00:00,Resolved,T2\n"
    "B,2024-01-01T09:00:00,Resolved,T1\n"
)


def test_no_group_column_gives_reassignments_as_no_data(tmp_path: Path) -> None:
    from xlacore.scoring.observations import call_observations

    data = tmp_path / "events.csv"
    data.write_text(_EVENTS)
    base = '[calls]\nid = "id"\ngrouping = "row_per_event"\n[calls.events]\nat = "at"\n'
    without = ingest(MAPPED, data, _mapping(tmp_path, base + 'status = "state"\n'))
    assert all(c.is_resolved for c in without.calls)
    assert [c.first_assignment_resolution for c in without.calls] == [None, None]
    assert [c.reassignment_count for c in without.calls] == [None, None]
    columns = call_observations(without.calls)
    for name in ("first_assignment_resolution", "reassigned", "reassignment_count"):
        mask = columns.mask(name)
        assert mask is not None, name
        assert not mask.any(), name  # no value in any row
    grouped = base + 'status = "state"\ngroup = "team"\n'
    (tmp_path / "m2.toml").write_text(grouped)
    with_group = ingest(MAPPED, data, MappedOptions(str(tmp_path / "m2.toml")))
    assert [c.first_assignment_resolution for c in with_group.calls] == [False, True]


def test_misspelt_columns_are_one_error_at_the_header(tmp_path: Path) -> None:
    data = tmp_path / "events.csv"
    data.write_text(_EVENTS)
    text = (
        '[calls]\nid = "id"\ngrouping = "row_per_event"\nattributes = ["tema"]\n'
        '[calls.events]\nat = "at"\nstatus = "stat"\n'
    )
    (tmp_path / "m.toml").write_text(text)
    with pytest.raises(ConnectorError) as caught:
        ingest(MAPPED, data, MappedOptions(str(tmp_path / "m.toml")))
    message = str(caught.value)
    assert "m.toml" in message
    assert str(data) in message
    assert "calls.events.status: column 'stat'" in message
    assert "did you mean 'state'?" in message
    assert "calls.attributes[0]: column 'tema'" in message
    assert "did you mean 'team'?" in message


def test_naive_times_taken_as_utc_are_said_so_once(tmp_path: Path) -> None:
    data = tmp_path / "events.csv"
    data.write_text(_EVENTS)
    text = '[calls]\nid = "id"\ngrouping = "row_per_event"\n[calls.events]\nat = "at"\n'
    result = ingest(MAPPED, data, _mapping(tmp_path, text))
    zoned = [w for w in result.account.warnings if w.location.key == "source.timezone"]
    assert len(zoned) == 1
    assert "taken as UTC" in zoned[0].reason
    assert "at:" in zoned[0].reason


_KNOWN_TYPES = ", ".join(sorted(t.value for t in EventType))
_KNOWN_KINDS = ", ".join(sorted(k.value for k in CallKind))


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            '[values.event]\nNew = "opend"\n',
            f"[values.event] 'New' = 'opend' is no event type (known: {_KNOWN_TYPES})",
        ),
        (
            '[values.status]\nNew = "opend"\n',
            f"[values.status] 'New' = 'opend' is no event type (known: {_KNOWN_TYPES})",
        ),
        (
            '[values.kind]\n"Störung" = "incidnt"\n',
            f"[values.kind] 'Störung' = 'incidnt' is no call kind (known: {_KNOWN_KINDS})",
        ),
        (
            '[values.channel]\nTeams = "chatt"\n',
            "[values.channel] 'Teams' = 'chatt' is no channel (known: "
            + ", ".join(sorted(c.value for c in Channel))
            + ")",
        ),
        (
            "[values.impact]\nMajor = 0\n",
            "[values.impact] 'Major' = 0 is no impact level (a whole number from 1, the highest)",
        ),
    ],
)
def test_a_bad_target_is_one_error_at_load_in_files_and_frames(
    table: str, problem: str, tmp_path: Path
) -> None:
    # never a rejection per row as if the raw value were unmapped: the mapping is wrong
    calls = '[calls]\nid = "id"\nkind = "k"\n[calls.times]\nopened = "at"\n'
    path = tmp_path / "m.toml"
    path.write_text(calls + table)
    with pytest.raises(InvalidInputError) as caught:
        load_mapping(path)
    assert caught.value.problems == (f"$: {problem}",)
    assert caught.value.source == str(path)
    with pytest.raises(InvalidInputError) as framed:
        frame_mapping(path)
    assert framed.value.problems == (f"$: {problem}",)


def test_every_bad_target_is_listed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        '[calls]\nid = "id"\ngrouping = "row_per_event"\n[calls.events]\nat = "at"\n'
        'type = "state"\n[values.event]\nNew = "opend"\n[values.kind]\nx = "incidnt"\n'
    )
    with pytest.raises(InvalidInputError) as caught:
        load_mapping(path)
    (problem,) = caught.value.problems
    assert problem.splitlines() == [
        "$: the mapping does not fit the model:",
        f"    [values.kind] 'x' = 'incidnt' is no call kind (known: {_KNOWN_KINDS})",
        f"    [values.event] 'New' = 'opend' is no event type (known: {_KNOWN_TYPES})",
    ]


def test_a_row_without_its_event_type_says_where_and_what_to_do(tmp_path: Path) -> None:
    data = tmp_path / "events.csv"
    data.write_text(
        "id,at,what,state\n"
        "A,2024-01-01T09:00:00+00:00,Open,New\n"
        "A,2024-01-01T10:00:00+00:00,,Active\n"
        "A,2024-01-01T11:00:00+00:00,Solve,Resolved\n"
        "B,2024-01-01T09:00:00+00:00,Open,New\n"
        "B,2024-01-01T12:00:00+00:00,,Resolved\n"
    )
    rows = pd.read_csv(data)
    empty = rows[rows["what"].isna()]
    base = (
        '[calls]\nid = "id"\ngrouping = "row_per_event"\n[calls.events]\nat = "at"\ntype = "what"\n'
    )
    values = '[values.event]\nOpen = "opened"\nSolve = "resolved"\n'
    typed = ingest(MAPPED, data, _mapping(tmp_path, base + values))
    assert [(r.location.line, r.location.record) for r in typed.account.rejections] == list(
        zip((empty.index + 2).tolist(), empty["id"], strict=True)
    )
    for rejection in typed.account.rejections:
        assert rejection.reason == (
            "what (the event type) is empty; fill it, or map [calls.events] status so that"
            " a row without a type takes its event from its state"
        )
        assert "None" not in str(rejection.location) + rejection.reason
    # with the state mapped too, such a row takes its event from the state
    (tmp_path / "m2.toml").write_text(base + 'status = "state"\n' + values)
    both = ingest(MAPPED, data, MappedOptions(str(tmp_path / "m2.toml")))
    assert both.account.accepted == len(rows)
    a, b = both.calls
    assert [e.type for e in a.events] == [
        EventType.OPENED,
        EventType.STATUS_CHANGED,
        EventType.RESOLVED,
    ]
    assert [e.type for e in b.events] == [EventType.OPENED, EventType.RESOLVED]
    assert b.resolved_at is not None
    assert b.resolved_at.hour == 12


def test_a_misspelt_attribute_is_named_alike_in_files_frames_and_json_lines(
    tmp_path: Path,
) -> None:
    said = "calls.attributes[0]: column 'tema' is not in {}; did you mean 'team'?"
    text = (
        '[calls]\nid = "id"\nattributes = ["tema"]\n[calls.times]\nopened = "at"\n'
        'resolved = "done"\n'
    )
    mapping = tmp_path / "m.toml"
    mapping.write_text(text)
    data = tmp_path / "calls.csv"
    data.write_text("id,at,done,team\nA,2024-01-01T09:00:00+00:00,2024-01-01T10:00:00+00:00,T1\n")
    with pytest.raises(ConnectorError) as caught:
        ingest(MAPPED, data, MappedOptions(str(mapping)))
    assert said.format(f"the header of {data}") in str(caught.value)
    frame = pd.read_csv(data)
    with pytest.raises(InvalidInputError) as framed:
        xlacore.evaluate(EXAMPLES.parent / "tutorial" / "agreement.toml", frame, mapping=mapping)
    assert said.format("the calls frame") in framed.value.problems
    # JSON Lines have no header: a key on no line at all is one warning, at the end
    lines = tmp_path / "calls.jsonl"
    lines.write_text(json.dumps(frame.iloc[0].to_dict()) + "\n")
    (tmp_path / "j.toml").write_text('[source]\nformat = "jsonl"\n' + text)
    result = ingest(MAPPED, lines, MappedOptions(str(tmp_path / "j.toml")))
    assert result.account.accepted == 1
    assert [w.reason for w in result.account.warnings] == [
        said.format(f"any line of {lines}") + " (read as missing on every line)"
    ]
    assert result.calls[0].attributes == {}


def test_assigned_rows_to_another_group_are_reassignments(tmp_path: Path) -> None:
    # a source whose type column says "Assignment" on every group change: the moves away
    # from the current group are reassignments, as pandas counts the group changes
    data = tmp_path / "events.csv"
    data.write_text(
        "id,at,what,team\n"
        "A,2024-01-01T09:00:00+00:00,Open,\n"
        "A,2024-01-01T09:05:00+00:00,Assignment,T1\n"
        "A,2024-01-01T10:00:00+00:00,Assignment,T2\n"
        "A,2024-01-01T10:30:00+00:00,Assignment,T2\n"
        "A,2024-01-01T11:00:00+00:00,Assignment,T3\n"
        "A,2024-01-01T12:00:00+00:00,Solved,T3\n"
        "B,2024-01-01T09:00:00+00:00,Open,T1\n"
        "B,2024-01-01T09:10:00+00:00,Assignment,T1\n"
        "B,2024-01-01T10:00:00+00:00,Solved,T1\n"
        "C,2024-01-01T09:00:00+00:00,Open,\n"
        "C,2024-01-01T09:10:00+00:00,Assignment,T4\n"
        "C,2024-01-01T10:00:00+00:00,Solved,\n"
    )
    mapping = (
        '[calls]\nid = "id"\ngrouping = "row_per_event"\n'
        '[calls.events]\nat = "at"\ntype = "what"\ngroup = "team"\n'
        '[values.event]\nOpen = "opened"\nAssignment = "assigned"\nSolved = "resolved"\n'
    )
    result = ingest(MAPPED, data, _mapping(tmp_path, mapping))
    rows = pd.read_csv(data)
    known = rows.dropna(subset=["team"])
    changes = known.groupby("id")["team"].agg(lambda t: int((t != t.shift()).sum()) - 1)
    expected = changes.reindex(rows["id"].unique(), fill_value=0).to_dict()
    assert (
        {c.id: c.reassignment_count for c in result.calls} == expected == {"A": 2, "B": 0, "C": 0}
    )
    # the other Assignment rows stay assigned: a first group, or the current one repeated
    assigned = {c.id: sum(e.type is EventType.ASSIGNED for e in c.events) for c in result.calls}
    moves = rows[rows["what"] == "Assignment"].groupby("id").size() - changes
    assert assigned == moves.to_dict() == {"A": 2, "B": 1, "C": 1}
    assert [c.first_assignment_resolution for c in result.calls] == [False, True, True]


def test_the_event_log_example_of_the_docs_gives_the_events_it_shows(tmp_path: Path) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "connectors.md").read_text()
    section = docs.split("### One row per event")[1].split("\n### ")[0]
    log, shown = re.findall(r"```text\n(.*?)```", section, flags=re.DOTALL)[:2]
    mapping = re.findall(r"```toml\n(.*?)```", section, flags=re.DOTALL)[0]
    data = tmp_path / "log.csv"
    data.write_text(log)
    result = ingest(MAPPED, data, _mapping(tmp_path, mapping))
    assert result.account.accepted == len(log.splitlines()) - 1
    said = {
        name: events.split(", ")
        for name, events in (line.split(": ") for line in shown.splitlines())
    }
    assert {c.id: [e.type.value for e in c.events] for c in result.calls} == said
    # the prose: T1 moved once before its first resolution and was reopened once
    rows = pd.read_csv(data)
    t1, t2 = result.calls
    before = rows[(rows["ticket"] == "T1")].reset_index()
    first_fix = before.index[before["state"] == "Resolved"][0]
    moves = int((before["team"][:first_fix] != before["team"][:first_fix].shift()).sum()) - 1
    assert t1.moves_before_resolution == moves == 1
    assert not t1.first_assignment_resolution
    assert t1.reopen_count == 1
    assert t2.reassignment_count == 1
    (zoned,) = [w for w in result.account.warnings if w.location.key == "source.timezone"]
    assert zoned.reason.startswith("at: times without an offset")
    assert "taken as UTC" in zoned.reason
