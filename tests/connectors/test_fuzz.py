"""Garbage in, rejections out: every built-in connector under hypothesis.

The laws are those of the contract kit: every record accepted or rejected, every rejection
located (the file and a line or record) and explained, strict mode raising exactly when
something is rejected, and never a traceback (only ``ConnectorError`` for an unreadable
file). When the contract kit is installed its own checks run too.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.connectors import ingest
from xlacore.connectors.account import RejectedRecordError
from xlacore.connectors.builtin import BUILTIN_CONNECTORS
from xlacore.connectors.jira import JIRA
from xlacore.connectors.jsonl import JSONL
from xlacore.connectors.mapped import MAPPED, MappedOptions
from xlacore.connectors.mapping import CallColumns, MappingFile, SourceSpec
from xlacore.connectors.protocol import Connector
from xlacore.connectors.servicenow import SERVICENOW
from xlacore.connectors.xes import XES
from xlacore.errors import ConnectorError
from xlacore.serialization import from_dict, to_dict
from xlacore.testing import contracts
from xlacore.testing import strategies as xst

SN_HEADER = [
    "number",
    "incident_state",
    "sys_mod_count",
    "sys_updated_at",
    "opened_at",
    "priority",
    "assignment_group",
    "contact_type",
    "reassignment_count",
]
PLAUSIBLE = {
    "number": st.sampled_from(["INC1", "INC2", "INC3", "", "?"]),
    "incident_state": st.sampled_from(
        ["New", "Active", "Awaiting User Info", "Resolved", "Closed", "-100", "?"]
    ),
    "sys_mod_count": st.sampled_from(["0", "1", "2", "-1", "x", "?"]),
    "sys_updated_at": st.sampled_from(
        ["1/3/2016 10:00", "1/3/2016 09:00", "31/2/2016 10:00", "?", "soon"]
    ),
    "opened_at": st.sampled_from(["1/3/2016 09:30", "?", "2016-03-01 09:30:00"]),
    "priority": st.sampled_from(["3 - Moderate", "1 - Critical", "7 - Odd", "?", "high"]),
    "assignment_group": st.sampled_from(["G1", "G2", "?"]),
    "contact_type": st.sampled_from(["Phone", "Self service", "Fax", "?"]),
    "reassignment_count": st.sampled_from(["0", "1", "2", "?", "-3"]),
}
FIELD = st.one_of(st.text(max_size=8), st.sampled_from(['"', ",", "\n", "\x00", "\ufffd"]))


@st.composite
def servicenow_csv(draw: st.DrawFn, encodings: tuple[str, ...] = ("utf-8", "latin-1")) -> bytes:
    lines = [",".join(SN_HEADER)]
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.booleans()):
            row = [draw(PLAUSIBLE[name]) for name in SN_HEADER]
        else:
            row = draw(st.lists(FIELD, max_size=11))
        lines.append(",".join(row))
    text = "\n".join(lines) + "\n"
    encoding = draw(st.sampled_from(encodings))
    return text.encode(encoding, errors="replace")


MAPPING = MappingFile(
    source=SourceSpec(date_formats=("%Y-%m-%d",)),
    calls=CallColumns(id="id", times={"opened": "opened", "resolved": "resolved"}, priority="p"),
)


@st.composite
def mapped_csv(draw: st.DrawFn) -> bytes:
    lines = ["id,opened,resolved,p"]
    for _ in range(draw(st.integers(0, 12))):
        row = [
            draw(st.sampled_from(["A", "B", "C", ""])),
            draw(st.sampled_from(["2024-01-02", "2024-02-30", "", "x"])),
            draw(st.sampled_from(["2024-01-01", "2024-01-03", ""])),
            draw(st.one_of(st.sampled_from(["1", "0", "P2", ""]), FIELD)),
        ]
        if draw(st.integers(0, 5)) == 0:
            row = row[: draw(st.integers(0, 3))]
        lines.append(",".join(row))
    return ("\n".join(lines) + "\n").encode()


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 9) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def jira_jsonl(draw: st.DrawFn) -> bytes:
    lines = []
    for index in range(draw(st.integers(0, 8))):
        issue: dict[str, Any] = {
            "key": draw(st.sampled_from([f"SD-{index}", "SD-1", "", None])),
            "fields": {
                "created": draw(
                    st.sampled_from(["2024-03-04T09:00:00.000+0100", "2024-03-04T09:00:00", "x"])
                ),
                "status": draw(st.sampled_from([{"name": "Open"}, None, "Done"])),
                "priority": draw(st.sampled_from([{"name": "High"}, {"name": "Odd"}, 3])),
                "customfield_1": draw(
                    st.one_of(st.just({"rating": draw(st.integers(-1, 7))}), JSON_VALUE)
                ),
            },
            "changelog": draw(
                st.one_of(
                    JSON_VALUE,
                    st.just(
                        {
                            "histories": [
                                {
                                    "created": draw(
                                        st.sampled_from(
                                            [
                                                "2024-03-04T08:00:00+01:00",
                                                "2024-03-05T10:00:00+01:00",
                                            ]
                                        )
                                    ),
                                    "items": [
                                        {
                                            "field": "status",
                                            "fromString": "Open",
                                            "toString": draw(
                                                st.sampled_from(
                                                    ["Done", "Waiting for customer", "Open"]
                                                )
                                            ),
                                        }
                                    ],
                                }
                            ]
                        }
                    ),
                )
            ),
        }
        line = (
            json.dumps(issue)
            if draw(st.integers(0, 6))
            else draw(st.text(max_size=10)).replace("\n", " ")
        )
        lines.append(line)
    return ("\n".join(lines) + "\n").encode()


@st.composite
def own_jsonl(draw: st.DrawFn) -> bytes:
    """Valid envelopes of xlacore's own format mixed with broken and foreign lines."""
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        choice = draw(st.integers(0, 4))
        if choice == 0:
            lines.append(json.dumps({"call": to_dict(draw(xst.calls(max_events=3)))}))
        elif choice == 1:
            lines.append(json.dumps({"feedback": to_dict(draw(xst.feedback()))}))
        elif choice == 2:
            lines.append(
                json.dumps({draw(st.sampled_from(["call", "feedback", "x"])): draw(JSON_VALUE)})
            )
        else:
            lines.append(draw(st.text(max_size=12)).replace("\n", " "))
    return ("\n".join(lines) + "\n").encode()


XES_VALUE = st.sampled_from(["T1", "T2", "", "x&amp;y", "\u00e9"])
XES_TIME = st.sampled_from(["2024-01-02T10:00:00+01:00", "2024-01-01T09:00:00Z", "2024-02-30", "?"])


@st.composite
def xes_log(draw: st.DrawFn) -> bytes:
    """XES logs with plausible and broken traces: no id, repeated ids, bad times, no events."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<log xmlns="http://www.xes-standard.org/">']
    for _ in range(draw(st.integers(0, 5))):
        element = draw(st.sampled_from(["trace", "trace", "trace", "event"]))
        parts.append(f"<{element}>")
        if element == "trace" and draw(st.booleans()):
            parts.append(f'<string key="concept:name" value="{draw(XES_VALUE)}"/>')
        for _ in range(draw(st.integers(0, 4)) if element == "trace" else 0):
            parts.append("<event>")
            if draw(st.integers(0, 4)):
                parts.append(f'<date key="time:timestamp" value="{draw(XES_TIME)}"/>')
            state = draw(st.sampled_from(["New", "Resolved", "Awaiting User Info", "Odd"]))
            parts.append(f'<string key="concept:name" value="{state}"/>')
            group = draw(st.sampled_from(["", "G1", "G2"]))
            if group:
                parts.append(f'<string key="org:group" value="{group}"/>')
            parts.append("</event>")
        parts.append(f"</{element}>")
    parts.append("</log>")
    return "\n".join(parts).encode()


# How many records a generated file holds, counted here rather than by the connector.
def csv_rows(content: bytes) -> int:
    """CSV records after the header (the csv module's rows; an unparseable one counts once)."""
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig", errors="replace"), newline=""))
    count = -1  # the header
    while True:
        try:
            next(reader)
        except StopIteration:
            return max(count, 0)
        except csv.Error:
            pass
        count += 1


def binary_lines(content: bytes) -> int:
    """Non-blank lines, split at LF as a binary file iterates."""
    return sum(1 for line in content.split(b"\n") if line.strip())


def text_lines(content: bytes) -> int:
    """Non-blank lines of the text (universal newlines, undecodable bytes replaced)."""
    text = io.StringIO(content.decode("utf-8-sig", errors="replace"), newline="")
    return sum(1 for line in text if line.strip())


def xes_events(content: bytes) -> int:
    """Event elements, in traces or not, and traces without events (each is one record)."""
    traces = re.findall(rb"<trace>(.*?)</trace>", content, flags=re.DOTALL)
    return content.count(b"<event>") + sum(b"<event>" not in body for body in traces)


#: Readable sources (the contract kit's laws expect a file that opens), with their record count.
KIT_CASES = [
    pytest.param(SERVICENOW, servicenow_csv(), csv_rows, ".csv", None, id="servicenow"),
    pytest.param(JSONL, own_jsonl(), binary_lines, ".jsonl", None, id="jsonl"),
    pytest.param(
        MAPPED,
        mapped_csv(),
        csv_rows,
        ".csv",
        MappedOptions(mapping_object=MAPPING),
        id="mapped",
    ),
    pytest.param(JIRA, jira_jsonl(), text_lines, ".jsonl", None, id="jira"),
    pytest.param(XES, xes_log(), xes_events, ".xes", None, id="xes"),
]
CASES = [pytest.param(*p.values[:2], *p.values[3:], id=p.id) for p in KIT_CASES]


def _check(connector: Connector, content: bytes, suffix: str, options: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"source{suffix}"
        path.write_bytes(content)
        try:
            result = ingest(connector, path, options)
        except ConnectorError:
            return
        account = result.account
        assert account.balanced
        for issue in account.rejections:
            assert issue.location.source == str(path)
            assert issue.location.line is not None or issue.location.record is not None
            assert issue.reason.strip()
        for kind, objects in ((type(c), [c]) for c in (*result.calls, *result.feedback)):
            for obj in objects:
                assert from_dict(kind, to_dict(obj)) == obj
        ids = [c.id for c in result.calls]
        assert len(ids) == len(set(ids))
        if account.rejected:
            with pytest.raises(RejectedRecordError):
                ingest(connector, path, options, strict=True)


GARBAGE = [
    pytest.param(
        SERVICENOW, servicenow_csv(("utf-8", "latin-1", "utf-16")), ".csv", None, id="servicenow"
    ),
    *CASES[1:],
]


@pytest.mark.parametrize(("connector", "sources", "suffix", "options"), GARBAGE)
def test_garbage_rows_are_rejected_with_locations(
    connector: Connector, sources: st.SearchStrategy[bytes], suffix: str, options: Any
) -> None:
    @given(sources)
    def law(content: bytes) -> None:
        _check(connector, content, suffix, options)

    law()


@pytest.mark.parametrize(
    ("connector", "suffix", "options"), [(c[0], c[2], c[3]) for c in (p.values for p in CASES)]
)
def test_arbitrary_bytes_never_raise(connector: Connector, suffix: str, options: Any) -> None:
    @given(st.binary(max_size=400))
    def law(content: bytes) -> None:
        _check(connector, content, suffix, options)

    law()


@pytest.mark.parametrize(("connector", "sources", "records", "suffix", "options"), KIT_CASES)
def test_contract_kit(
    connector: Connector,
    sources: st.SearchStrategy[bytes],
    records: Callable[[bytes], int],
    suffix: str,
    options: Any,
) -> None:
    contracts.check_connector(
        connector, sources=sources, records=records, suffix=suffix, options=options
    )


def test_every_builtin_is_fuzzed() -> None:
    assert {c.name for c in BUILTIN_CONNECTORS} == {p.id for p in CASES}
