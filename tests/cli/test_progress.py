"""The progress line: a watched connector reads exactly what it wraps, and erases its line."""

from __future__ import annotations

import io
from pathlib import Path

from xlacore.cli.progress import Progress, Watched
from xlacore.connectors.jsonl import JSONL
from xlacore.connectors.protocol import ingest
from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions

SLICE = Path(__file__).resolve().parents[1] / "data" / "uci_slice" / "incident_event_log_slice.csv"


def test_a_watched_connector_reads_the_same_and_draws_then_erases_its_line() -> None:
    options = ServiceNowOptions(chunk_size=7)
    plain = ingest(SERVICENOW, SLICE, options)
    stream = io.StringIO()
    watched = Watched(SERVICENOW, Progress("slice", stream))
    assert watched.options_type is SERVICENOW.options_type
    seen = ingest(watched, SLICE, options)
    assert (seen.calls, seen.feedback) == (plain.calls, plain.feedback)
    assert seen.account.records_read == plain.account.records_read
    drawn = stream.getvalue()
    assert drawn.startswith("\rslice: ")
    assert " records read, 0 rejected (" in drawn
    assert drawn.endswith("\r\033[K")


def test_nothing_is_drawn_for_an_empty_source(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    stream = io.StringIO()
    ingest(Watched(JSONL, Progress("empty", stream)), empty)
    assert stream.getvalue() == ""
