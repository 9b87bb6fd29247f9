"""The progress line: a watched connector reads exactly what it wraps, and erases its line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.cli import main
from xlacore.cli.progress import Progress, Watched, estimate_records
from xlacore.connectors.account import IngestAccount, Location
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
    assert " records read, 0 rejected (" in drawn  # no total given: counts and rate
    assert drawn.endswith("\r\033[K")


def test_nothing_is_drawn_for_an_empty_source(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    stream = io.StringIO()
    ingest(Watched(JSONL, Progress("empty", stream)), empty)
    assert stream.getvalue() == ""


class _Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _account(read: int, rejected: int = 0) -> IngestAccount:
    account = IngestAccount()
    account.records_read = read - rejected  # each rejection reads its record too
    account.accepted = read - rejected
    for _ in range(rejected):
        account.reject(Location("x.csv"), "bad")
    return account


def test_the_line_gives_share_done_rate_and_time_left_from_the_clock() -> None:
    clock = _Clock()
    progress = Progress("x.csv", io.StringIO(), total=10_000, clock=clock)
    clock.now += 4.0
    line = progress.line(_account(2_000, 3), clock.now)
    # 2,000 in 4 s is 500/s; 8,000 left take 16 s
    assert line == "x.csv: 2,000 of ~10,000 records (20%, ETA 0:16), 3 rejected (500/s)"
    clock.now += 3_600
    assert "ETA" not in progress.line(_account(12_000), clock.now)  # past the estimate: counts


@given(st.integers(1, 10**6), st.integers(0, 10**6), st.floats(0.5, 10**5))
def test_time_left_is_what_remains_at_the_rate_so_far(
    total: int, read: int, seconds: float
) -> None:
    clock = _Clock()
    progress = Progress("x", io.StringIO(), total=total, clock=clock)
    line = progress.line(_account(read), clock.now + seconds)
    if read > total or read == 0:
        assert "ETA" not in line
    else:
        left = (total - read) / (read / seconds)
        minutes, second = divmod(round(left), 60)
        hours, minute = divmod(minutes, 60)
        want = f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"
        assert f"ETA {want})" in line


def test_the_total_of_a_plain_file_is_counted_or_estimated(tmp_path: Path) -> None:
    small = tmp_path / "small.csv"
    small.write_text("id,x\n" + "".join(f"r{i},1\n" for i in range(99)))
    assert estimate_records(small) == 100  # the header counts: a slight overestimate
    large = tmp_path / "large.jsonl"
    large.write_text('{"call": 1}\n' * 300_000)  # 12 bytes a line, 3.6 MB
    assert estimate_records(large) == 300_000
    assert estimate_records(tmp_path / "missing.csv") is None
    packed = tmp_path / "data.csv.gz"
    packed.write_bytes(b"\x1f\x8b")
    assert estimate_records(packed) is None  # compressed: the rate only


def test_no_progress_hides_the_line_even_when_asked_before(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ingest", f"servicenow:{SLICE}", "--progress", "--no-progress"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["ingest", f"servicenow:{SLICE}", "--progress"]) == 0
    err = capsys.readouterr().err
    assert f" of ~{estimate_records(SLICE):,} records (" in err
    assert "ETA" in err
