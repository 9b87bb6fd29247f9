"""The XES connector: lifecycle rules, rejections with their places, safety, real BPI 2013 logs."""

from __future__ import annotations

import gzip
import itertools
import tempfile
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.connectors import ingest
from xlacore.connectors.mapping import (
    CallColumns,
    EventColumns,
    FeedbackColumns,
    MappingFile,
    SourceSpec,
    ValueMaps,
)
from xlacore.connectors.states import StateKind, state_kind
from xlacore.connectors.xes import XES, XesOptions
from xlacore.errors import ConnectorError
from xlacore.model.calls import EventType

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "mappings"
GROUP_EVENTS = {EventType.ASSIGNED, EventType.REASSIGNED}
#: The events the connector adds before an event's own one (no state here maps to them).
ADDED = {*GROUP_EVENTS, EventType.REOPENED}
SETTLED = {StateKind.AWAITING, StateKind.RESOLVED, StateKind.CLOSED}
T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)

Attrs = dict[str, str]


def _attributes(attributes: Attrs, indent: str) -> str:
    return "".join(
        f"{indent}<{'date' if k == 'time:timestamp' else 'string'} key={quoteattr(k)}"
        f" value={quoteattr(v)}/>\n"
        for k, v in attributes.items()
    )


def xes(traces: list[tuple[Attrs, list[Attrs]]], stray: Sequence[Attrs] = ()) -> bytes:
    """An XES log (with a namespace, globals and nested log metadata, as OpenXES writes)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8" ?>\n',
        '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n',
        '<global scope="event"><string key="org:group" value="UNKNOWN"/></global>\n',
        '<float key="meta:stats" value="1.0"><float key="Anne" value="0.5"/></float>\n',
    ]
    for case, events in traces:
        parts.append("<trace>\n" + _attributes(case, "  "))
        parts += [f"  <event>\n{_attributes(event, '    ')}  </event>\n" for event in events]
        parts.append("</trace>\n")
    parts += [f"<event>\n{_attributes(event, '  ')}</event>\n" for event in stray]
    parts.append("</log>\n")
    return "".join(parts).encode()


def _event(minutes: int, activity: str, group: str | None = None, **more: str) -> Attrs:
    event = {
        "concept:name": activity,
        "time:timestamp": (T0 + timedelta(minutes=minutes)).isoformat(),
    }
    if group is not None:
        event["org:group"] = group
    return {**event, **more}


def _write(tmp_path: Path, content: bytes, name: str = "log.xes") -> Path:
    path = tmp_path / name
    path.write_bytes(gzip.compress(content) if name.endswith(".gz") else content)
    return path


LOG = xes(
    [
        (
            {"concept:name": "C1", "channel": "phone"},
            [
                _event(0, "In Progress", "G1", **{"org:resource": "Ann"}),
                _event(5, "In Progress", "G1"),
                _event(10, "Awaiting User Info", "G2"),
                _event(20, "In Progress"),
                _event(30, "Resolved"),
                _event(40, "Active"),
                _event(50, "Queued"),
                _event(55, "Queued2"),
                _event(60, "Closed"),
            ],
        ),
        ({"concept:name": "C2"}, [_event(0, "New"), _event(3, "New", "G1")]),
    ]
)


@pytest.mark.parametrize("name", ["log.xes", "log.xes.gz"])
def test_lifecycle_rules(tmp_path: Path, name: str) -> None:
    result = ingest(XES, _write(tmp_path, LOG, name))
    account = result.account
    assert (account.records_read, account.accepted, account.rejected) == (11, 11, 0)
    first, second = result.calls
    assert [e.type.value for e in first.events] == [
        "opened",
        "updated",
        "reassigned",
        "paused",
        "resumed",
        "resolved",
        "reopened",
        "status_changed",
        "status_changed",
        "status_changed",
        "closed",
    ]
    assert first.id == "C1"
    assert first.events[0].actor == "Ann"
    assert [e.group for e in first.events[-3:]] == ["G2"] * 3  # no group: the current one
    assert first.reassignment_count == 1
    assert first.reopen_count == 1
    assert first.is_resolved
    assert first.attributes == {"case:channel": "phone"}
    assert [e.type.value for e in second.events] == ["opened", "assigned", "updated"]
    assert second.reassignment_count == 0
    # the two unknown states are each warned about once, with their line and trace
    assert [w.reason.split("'")[1] for w in account.warnings] == ["Queued", "Queued2"]
    assert all(w.location.record == "C1" and w.location.line for w in account.warnings)


def test_rejections_name_the_place(tmp_path: Path) -> None:
    log = xes(
        [
            ({"concept:name": "A"}, [_event(0, "New"), {"concept:name": "no time"}]),
            ({}, [_event(0, "New")]),
            ({"concept:name": "A"}, [_event(0, "New")]),
            ({"concept:name": "E"}, []),
            ({"concept:name": "B"}, [{"concept:name": "x", "time:timestamp": "yesterday"}]),
            ({"concept:name": "C"}, [_event(10, "New"), _event(5, "Resolved")]),
        ],
        stray=[_event(0, "Lost")],
    )
    result = ingest(XES, _write(tmp_path, log))
    account = result.account
    assert account.balanced
    assert (account.records_read, account.accepted) == (9, 3)
    reasons = {str(i.location).split(" ", 1)[1]: i.reason for i in account.rejections}
    assert reasons == {
        "(record A) at trace[0].event[1]": "time:timestamp (the event time) is missing",
        "at trace[1].event[0]": "case:concept:name (the trace id) is missing",
        "(record A) at trace[2].event[0]": "duplicate trace id (first trace at line 5)",
        "(record E) at trace[3]": "a trace without events gives no call",
        "(record B) at trace[4].event[0]": (
            "time:timestamp: 'yesterday' is not a timestamp in the expected format ('iso')"
        ),
        "at event[0]": "an event outside any trace",
    }
    assert all(i.location.line for i in account.rejections)
    assert [c.id for c in result.calls] == ["A", "C"]
    backwards = result.calls[1].events[1]
    assert backwards.at == result.calls[1].events[0].at
    assert "recorded at" in str(backwards.detail)
    assert any("before the previous event" in w.reason for w in account.warnings)


def test_a_mapping_reads_trace_and_event_attributes(tmp_path: Path) -> None:
    mapping = MappingFile(
        source=SourceSpec(timezone="Europe/Amsterdam", missing=("", "UNKNOWN")),
        calls=CallColumns(
            id="case:concept:name",
            grouping="row_per_event",
            events=EventColumns(at="time:timestamp", type="kind", group="org:group"),
            service="case:service",
            priority="prio",
            attributes=("product",),
        ),
        values=ValueMaps(event={"start": "opened", "hold": "paused", "done": "resolved"}),
    )
    log = xes(
        [
            (
                {"concept:name": "X", "service": "Email"},
                [
                    {
                        "kind": "start",
                        "time:timestamp": "2024-03-04T09:00:00",
                        "prio": "3 - Moderate",
                    },
                    {
                        "kind": "hold",
                        "time:timestamp": "2024-03-04T10:00:00",
                        "org:group": "UNKNOWN",
                    },
                    {"kind": "done", "time:timestamp": "2024-03-04T11:00:00", "product": "P9"},
                ],
            ),
            (
                {"concept:name": "Y"},
                [{"kind": "teleport", "time:timestamp": "2024-03-04T09:00:00"}],
            ),
        ]
    )
    result = ingest(
        XES, _write(tmp_path, log), XesOptions(mapping_object=mapping, case_attributes=False)
    )
    (call,) = result.calls
    assert [e.type.value for e in call.events] == ["opened", "paused", "resolved"]
    assert call.events[0].at.utcoffset() == timedelta(hours=1)
    assert call.events[1].group is None  # "UNKNOWN" is a missing marker
    assert (call.service, call.priority, call.attributes) == ("Email", 3, {"product": "P9"})
    (rejection,) = result.account.rejections
    assert "'teleport' is no event type" in rejection.reason


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            MappingFile(calls=CallColumns(id="id", times={"opened": "t"})),
            "grouping = 'row_per_event'",
        ),
        (
            MappingFile(feedback=FeedbackColumns("i", "a", "v", "t", 1, 5)),
            "grouping = 'row_per_event'",
        ),
        (
            MappingFile(
                source=SourceSpec(delimiter=";"),
                calls=CallColumns(id="id", grouping="row_per_event", events=EventColumns(at="t")),
            ),
            r"\[source\] may only set timezone, date_formats, missing",
        ),
        (
            MappingFile(
                calls=CallColumns(
                    id="id", grouping="row_per_event", events=EventColumns(at="t", order="n")
                )
            ),
            "order is not used for XES",
        ),
    ],
)
def test_mappings_an_event_log_cannot_use(
    tmp_path: Path, mapping: MappingFile, message: str
) -> None:
    with pytest.raises(ConnectorError, match=message):
        ingest(XES, _write(tmp_path, LOG), XesOptions(mapping_object=mapping))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE log [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<log><trace><string key="concept:name" value="&i;"/>
<event><date key="time:timestamp" value="2024-01-01T00:00:00Z"/></event></trace></log>
"""


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match=r"log.xes:2: a DOCTYPE declaration is not allowed"):
        ingest(XES, _write(tmp_path, BILLION_LAUGHS))


def test_external_entities_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    log = (
        f'<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'
        '<log><trace><string key="concept:name" value="&s;"/>'
        '<event><date key="time:timestamp" value="2024-01-01T00:00:00Z"/></event></trace></log>'
    ).encode()
    with pytest.raises(ConnectorError, match="DOCTYPE") as caught:
        ingest(XES, _write(tmp_path, log))
    assert "TOP SECRET" not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"<log><trace>\n<event></trace></log>",
            r"log.xes:2: not well-formed XML \(mismatched tag",
        ),
        (b"", "not well-formed XML"),
        (b"<events/>", "the root element is <events>, not an XES <log>"),
    ],
)
def test_unreadable_logs_raise_with_the_line(tmp_path: Path, content: bytes, message: str) -> None:
    with pytest.raises(ConnectorError, match=message):
        ingest(XES, _write(tmp_path, content))


def test_a_truncated_gzip_raises(tmp_path: Path) -> None:
    path = tmp_path / "log.xes.gz"
    path.write_bytes(gzip.compress(LOG)[:-20])
    with pytest.raises(ConnectorError, match=r"log\.xes\.gz"):
        ingest(XES, path)


# -- the law: every event is a record, every group change a reassignment -----------------------
STATES = ["In Progress", "Awaiting User Info", "Resolved", "Closed", "Queued"]
TRACES = st.lists(
    st.lists(
        st.tuples(st.integers(0, 100), st.sampled_from(STATES), st.sampled_from([None, "A", "B"])),
        max_size=6,
    ),
    max_size=6,
)


@given(TRACES)
def test_every_event_is_accounted_for_and_group_changes_are_reassignments(
    traces: list[list[tuple[int, str, str | None]]],
) -> None:
    logs = []
    for number, events in enumerate(traces):
        minutes = list(itertools.accumulate(step for step, _, _ in events))
        logs.append(
            (
                {"concept:name": f"T{number}"},
                [_event(m, s, g) for m, (_, s, g) in zip(minutes, events, strict=True)],
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        result = ingest(XES, _write(Path(folder), xes(logs)))
    account = result.account
    assert account.records_read == sum(max(len(events), 1) for events in traces)
    assert account.accepted == sum(len(events) for events in traces)
    calls = {c.id: c for c in result.calls}
    assert sorted(calls) == sorted(f"T{n}" for n, events in enumerate(traces) if events)
    for number, events in enumerate(traces):
        if not events:
            continue
        call = calls[f"T{number}"]
        own = [e for e in call.events if e.type not in ADDED]
        states = [state for _, state, _ in events]
        if state_kind(states[0]) in SETTLED:  # opened, then the event of its state
            states.insert(0, states[0])
        assert [e.state for e in own] == states
        groups = [g for _, _, g in events]
        known = [g for g in groups if g is not None]
        moves = sum(1 for a, b in itertools.pairwise(known) if a != b)
        assert call.reassignment_count == moves
        assigned = int(groups[0] is None and bool(known))
        assert sum(e.type is EventType.ASSIGNED for e in call.events) == assigned
        meanings = [state_kind(s) for _, s, _ in events if state_kind(s) is not StateKind.UNKNOWN]
        assert call.is_resolved == (bool(meanings) and meanings[-1].closing)


# -- real data ----------------------------------------------------------------------------
def _flattened(shared_data: Path, name: str) -> object:
    pd = pytest.importorskip("pandas")
    path = shared_data / "bpi-challenge-2013" / "derived" / f"bpi2013_{name}_flattened.csv.gz"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


LOGS = {
    "incidents": "BPI_Challenge_2013_incidents.xes.gz",
    "closed_problems": "BPI_Challenge_2013_closed_problems.xes.gz",
}


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(LOGS))
def test_bpi2013_counts_match_an_independent_reading(shared_data: Path, name: str) -> None:
    path = shared_data / "bpi-challenge-2013" / "original-4tu-xes" / LOGS[name]
    result = ingest(XES, path)
    frame = _flattened(shared_data, name)
    account = result.account
    assert (account.records_read, account.accepted, account.rejected) == (len(frame), len(frame), 0)
    case = frame["case:concept:name"]
    assert len(result.calls) == case.nunique()
    events = [e for c in result.calls for e in c.events if e.type not in GROUP_EVENTS]
    assert len(events) == len(frame)
    assert Counter(e.state for e in events) == Counter(
        frame["concept:name"].value_counts().to_dict()
    )
    # group changes, per case, in pandas: a known group differing from the previous known one
    group = frame["org:group"].where(frame["org:group"] != "")
    previous = group.groupby(case, sort=False).transform(lambda g: g.ffill().shift())
    moves = (group.notna() & previous.notna() & (group != previous)).groupby(case).sum()
    derived = {c.id: c.reassignment_count for c in result.calls}
    assert derived == moves.to_dict()
    first = frame.groupby(case, sort=False)["time:timestamp"].first()
    opened = {c.id: c.opened_at.isoformat() for c in result.calls}
    assert opened == first.to_dict()


@pytest.mark.shared_data
def test_bpi2013_incidents_with_the_example_mapping(shared_data: Path) -> None:
    path = shared_data / "bpi-challenge-2013" / "original-4tu-xes" / LOGS["incidents"]
    options = XesOptions(mapping=str(EXAMPLES / "bpi2013_incidents_xes.toml"))
    result = ingest(XES, path, options)
    assert result.account.rejected == 0
    assert result.account.warnings == []
    frame = _flattened(shared_data, "incidents")
    case = frame["case:concept:name"]
    last = frame.groupby(case, sort=False).last()
    levels = {"Major": 1, "High": 2, "Medium": 3, "Low": 4}
    # the README's check figures: impact on the last event of each case
    assert Counter(c.impact for c in result.calls) == {3: 4045, 4: 3245, 2: 261, 1: 3}
    assert {c.id: c.impact for c in result.calls} == last["impact"].map(levels).to_dict()
    assert {c.id: c.service for c in result.calls} == last["product"].to_dict()
    # resolved now: the last sub-status with a lifecycle meaning is a resolution or closure
    kinds = {
        "Resolved": "closing",
        "Closed": "closing",
        "Cancelled": "closing",
        "In Call": "closing",
        "In Progress": "active",
        "Assigned": "active",
        "Awaiting Assignment": "active",
        "Wait": "active",
        "Wait - User": "active",
        "Wait - Customer": "active",
        "Wait - Vendor": "active",
        "Wait - Implementation": "active",
        "Unmatched": "active",
    }
    kind = frame["lifecycle:transition"].map(kinds)
    assert kind.notna().all()
    resolved = kind.groupby(case, sort=False).last() == "closing"
    assert {c.id: c.is_resolved for c in result.calls} == resolved.to_dict()
    reopened = (
        ((kind == "active") & (kind.groupby(case, sort=False).shift() == "closing"))
        .groupby(case)
        .sum()
    )
    assert {c.id: c.reopen_count for c in result.calls} == reopened.to_dict()
